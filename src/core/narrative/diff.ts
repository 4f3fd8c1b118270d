/**
 * What changed between the figures frozen at a review session and today's: the overall and per-pillar
 * counts and every target whose displayed figure or status moved (late data, corrections).
 */
import type { TReportModel } from "./model.ts";

/** A changed target. */
export interface TTargetChange {
  code: string;
  name: string;
  pillarCode: string | null;
  before: { actual: string; status: string };
  after: { actual: string; status: string };
}

/** The difference of two report models of the same plan × unit × period. */
export interface TModelDiff {
  summary: {
    before: { achieved: number; total: number; percent: string };
    after: { achieved: number; total: number; percent: string };
  };
  pillars: Array<{
    code: string;
    name: string;
    before: { achieved: number; total: number };
    after: { achieved: number; total: number };
  }>;
  targets: TTargetChange[];
  unchanged: boolean;
}

/** Compares a frozen model with a fresh one. Targets are matched by code; added/removed ones show "—". */
export function diffModels(before: TReportModel, after: TReportModel): TModelDiff {
  const pick = (m: TReportModel) => ({
    achieved: m.counts.achieved,
    total: m.counts.total,
    percent: m.counts.percent,
  });
  const codes = [...new Set([...before.pillars, ...after.pillars].map((p) => p.code))];
  const pillars = codes
    .map((code) => {
      const b = before.pillars.find((p) => p.code === code);
      const a = after.pillars.find((p) => p.code === code);
      return {
        code,
        name: (a ?? b)!.name,
        before: { achieved: b?.counts.achieved ?? 0, total: b?.counts.total ?? 0 },
        after: { achieved: a?.counts.achieved ?? 0, total: a?.counts.total ?? 0 },
      };
    })
    .filter((p) => p.before.achieved !== p.after.achieved || p.before.total !== p.after.total);
  const none = { actual: "—", status: "no_data" };
  const targetCodes = [...new Set([...before.targets, ...after.targets].map((t) => t.code))];
  const targets: TTargetChange[] = [];
  for (const code of targetCodes) {
    const b = before.targets.find((t) => t.code === code);
    const a = after.targets.find((t) => t.code === code);
    const bv = b ? { actual: b.actualDisplay, status: b.status } : none;
    const av = a ? { actual: a.actualDisplay, status: a.status } : none;
    if (bv.actual !== av.actual || bv.status !== av.status) {
      targets.push({ code, name: (a ?? b)!.name, pillarCode: (a ?? b)!.pillarCode, before: bv, after: av });
    }
  }
  const summary = { before: pick(before), after: pick(after) };
  const unchanged =
    targets.length === 0 &&
    pillars.length === 0 &&
    summary.before.achieved === summary.after.achieved &&
    summary.before.total === summary.after.total;
  return { summary, pillars, targets, unchanged };
}
