/**
 * Creating a whole plan at once — from an annex or from a shipped template — in one transaction: the
 * plan, its groups, an indicator for every target that does not name one, the targets and their yearly
 * values. Any failure writes nothing.
 */
import { sql } from "drizzle-orm";
import type { TAnnexKind } from "../../core/annex/parse.ts";
import type { TPlanInput, TUnitGroup } from "../../server/plans/schemas.ts";
import { type Db, rows, type TActor, withActor } from "../client.ts";
import { ensurePillars } from "../demo/seed.ts";
import { DesignerError } from "./errors.ts";
import { insertIndicator } from "./indicators.ts";
import { insertGroup, insertPlan } from "./plans.ts";
import { insertTarget } from "./targets.ts";

/** A target of a plan being built, before it has ids. */
export interface TNewTarget {
  code: string;
  name: string;
  nameEn?: string | null;
  pillarCode: string;
  group?: string | null;
  unit?: string | null;
  kind: TAnnexKind | "ratio";
  direction: "higher" | "lower";
  values: Array<{ year: number; value: string }>;
  benchmark?: string | null;
  benchmarkNote?: string | null;
  responsibleUnitId?: number | null;
  responsibleText?: string | null;
  appliesTo: TUnitGroup[];
  source?: string | null;
  /** An existing indicator to measure the target by; otherwise one is created. */
  indicatorId?: number | null;
  numeratorLabel?: string | null;
  denominatorLabel?: string | null;
  definition?: string | null;
}

function indicatorDefaults(kind: TNewTarget["kind"]) {
  switch (kind) {
    case "ratio":
      return { aggregation: "ratio_of_sums", overTime: "last", decimals: 1 } as const;
    case "count":
      return { aggregation: "sum", overTime: "last", decimals: 0 } as const;
    case "rank":
      return { aggregation: "none", overTime: "last", decimals: 0 } as const;
    case "boolean":
      return { aggregation: "share_meeting", overTime: "last", decimals: 0 } as const;
    case "percent":
      return { aggregation: "average", overTime: "last", decimals: 1 } as const;
    default:
      return { aggregation: "sum", overTime: "last", decimals: 1 } as const;
  }
}

/** Turns a plan code into the prefix of its indicators' codes ("586/KH-UBND" → "KH586_UBND"). */
export function indicatorPrefix(planCode: string): string {
  const folded = planCode
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "D")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[A-Z]/.test(folded) ? folded.slice(0, 24) : `P${folded}`.slice(0, 24);
}

/** Creates a plan with groups, indicators, targets and values; returns the plan id. */
export function buildPlan(options: {
  db: Db;
  who: TActor;
  plan: TPlanInput;
  targets: TNewTarget[];
}): Promise<{ planId: number; indicatorsCreated: number }> {
  return withActor(options.db, options.who, async (tx) => {
    const pillarIds = await ensurePillars(tx);
    const planId = await insertPlan(tx, options.plan);
    const groupIds = new Map<string, number>();
    let groupNo = 0;
    for (const t of options.targets) {
      const key = t.group ? `${t.pillarCode}|${t.group}` : null;
      if (key && !groupIds.has(key)) {
        groupNo++;
        groupIds.set(
          key,
          await insertGroup(tx, {
            planId,
            input: {
              code: `N${groupNo}`,
              name: t.group as string,
              pillarId: pillarIds.get(t.pillarCode) ?? null,
              sort: groupNo,
            },
          }),
        );
      }
    }
    const prefix = indicatorPrefix(options.plan.code);
    const taken = new Set(
      (
        await rows<{ code: string }>(
          tx,
          sql`select lower(code) as code from indicator where lower(code) like ${`${prefix.toLowerCase()}%`}`,
        )
      ).map((r) => r.code),
    );
    let created = 0;
    for (const [i, t] of options.targets.entries()) {
      const pillarId = pillarIds.get(t.pillarCode);
      if (!pillarId)
        throw new DesignerError({
          kind: "invalid",
          field: "pillar",
          message: `Mục tiêu ${t.code}: trụ cột ${t.pillarCode} không tồn tại`,
          messageEn: `Target ${t.code}: pillar ${t.pillarCode} does not exist`,
        });
      let indicatorId = t.indicatorId ?? null;
      if (!indicatorId) {
        let code = `${prefix}_${t.code.replace(/[^A-Za-z0-9_]/g, "_")}`.toUpperCase();
        for (let n = 2; taken.has(code.toLowerCase()); n++) code = `${prefix}_${t.code}_${n}`.toUpperCase();
        taken.add(code.toLowerCase());
        const d = indicatorDefaults(t.kind);
        indicatorId = await insertIndicator(tx, {
          code,
          name: t.name.slice(0, 500),
          nameEn: t.nameEn ?? null,
          definition: t.definition ?? null,
          kind: t.kind,
          unit: t.unit ?? (t.kind === "percent" || t.kind === "ratio" ? "%" : null),
          numeratorLabel: t.kind === "ratio" ? (t.numeratorLabel ?? "Tử số") : null,
          denominatorLabel: t.kind === "ratio" ? (t.denominatorLabel ?? "Mẫu số") : null,
          aggregation: d.aggregation,
          overTime: d.overTime,
          threshold: t.kind === "boolean" ? "1" : null,
          thresholdOp: t.kind === "boolean" ? ">=" : null,
          formula: null,
          decimals: d.decimals,
          source: t.source ?? options.plan.legalNumber ?? null,
          ownerUnitId: options.plan.ownerUnitId,
        });
        created++;
      }
      await insertTarget(tx, {
        planId,
        input: {
          code: t.code,
          name: t.name,
          nameEn: t.nameEn ?? null,
          pillarId,
          groupId: t.group ? (groupIds.get(`${t.pillarCode}|${t.group}`) ?? null) : null,
          indicatorId,
          direction: t.direction,
          nationalBenchmark: t.benchmark ?? null,
          benchmarkNote: t.benchmarkNote ?? (t.benchmark ? "Mục tiêu quốc gia" : null),
          responsibleUnitId: t.responsibleUnitId ?? null,
          responsibleText: t.responsibleText ?? null,
          appliesTo: t.appliesTo,
          unitLabel: t.unit ?? null,
          sort: i + 1,
          source: t.source ?? null,
          values: t.values,
        },
      });
    }
    return { planId, indicatorsCreated: created };
  });
}
