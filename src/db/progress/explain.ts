/**
 * Explanation trails of a target's figure for a unit and period: status (actual vs target, ratio,
 * thresholds), the figure (stored input, aggregate of units with every unit's value and why a unit
 * was left out, aggregate of periods, or formula with its inputs), display rounding, and forecast.
 *
 * Aggregates of units are recomputed here from the raw values with the pure logic of src/core/
 * (aggregateUnits), not read from the rollup: the trail names every input, and it doubles as an
 * independent check of the rollup (tests compare both).
 */
import { sql } from "drizzle-orm";
import {
  aggregateOverTime,
  aggregateUnits,
  explainAggregate,
  type TAggregationRule,
  type TComparator,
  type TUnitValue,
} from "../../core/aggregate.ts";
import {
  explainInput,
  explanation,
  renderExplanation,
  type TExplanation,
  withDisplay,
} from "../../core/explain.ts";
import { evaluateFormulaExplained, periodForFn } from "../../core/formula/index.ts";
import { parsePeriod, periodsWithin, yearToDateCode } from "../../core/period.ts";
import { explainStatus } from "../../core/status.ts";
import type { TProgressExplain } from "../../server/progress/schemas.ts";
import { type Db, rows } from "../client.ts";
import { loadPlanContext, loadUnit, type TIndicatorDef, type TPlanDef, type TUnitDef } from "./context.ts";
import { ProgressError } from "./errors.ts";
import {
  FINER,
  type FigureEngine,
  multiplierOf,
  overTimeOf,
  partsAreRatios,
  reportingKinds,
} from "./figures.ts";
import { engineFor, parsePeriodOrThrow } from "./overview.ts";
import { stageTarget, statusOf } from "./targets.ts";

interface TCtx {
  db: Db;
  engine: FigureEngine;
  plan: TPlanDef;
  unit: TUnitDef;
  appliesTo: string;
  byCode: Map<string, TIndicatorDef>;
}

function display(node: TExplanation, ind: TIndicatorDef, plan: TPlanDef): TExplanation {
  const percent = ind.kind === "ratio" || ind.kind === "percent" || ind.aggregation === "share_meeting";
  return withDisplay(node, {
    decimals: ind.decimals,
    mode: plan.mode,
    percent: percent ? "percent" : undefined,
  });
}

async function explainUnits(c: TCtx, ind: TIndicatorDef, period: string): Promise<TExplanation> {
  const kinds = reportingKinds(c.appliesTo).filter((k) => k !== c.unit.kind);
  const p = parsePeriod(period);
  const kindList = `{${kinds.join(",")}}`;
  const [values, expected] = await Promise.all([
    rows<{ u: number; name: string; n: string | null; d: string | null; v: string | null }>(
      c.db,
      sql`select v.org_unit_id as u, u.name, v.numerator::text as n, v.denominator::text as d, v.value::text as v
        from data_value v join org_unit u on u.id = v.org_unit_id
        where u.path like ${`${c.unit.path}%`} and u.id <> ${c.unit.id} and u.kind = any(${kindList}::text[])
          and v.indicator_id = ${ind.id} and v.period = ${period} and v.deleted_at is null and v.status <> 'draft'
        order by u.code, u.id`,
    ),
    rows<{ id: number }>(
      c.db,
      sql`select u.id from org_unit u where u.path like ${`${c.unit.path}%`} and u.id <> ${c.unit.id}
        and u.kind = any(${kindList}::text[]) and u.valid_from <= ${p.endDate}::date
        and (u.valid_to is null or u.valid_to > ${p.startDate}::date)`,
    ),
  ]);
  const n = (s: string | null) => (s === null ? null : Number(s));
  const inputs: TUnitValue[] = values.map((r) => ({
    unitId: String(r.u),
    value: n(r.v),
    numerator: n(r.n),
    denominator: n(r.d),
    period,
  }));
  // Units that reported count as expected even when their validity interval does not cover the period.
  const expectedIds = [...new Set([...expected.map((e) => String(e.id)), ...inputs.map((i) => i.unitId)])];
  const rule = ind.aggregation === "none" ? "sum" : (ind.aggregation as TAggregationRule);
  const threshold =
    ind.threshold !== null && ind.thresholdOp
      ? { comparator: ind.thresholdOp as TComparator, value: ind.threshold }
      : rule === "count_meeting" || rule === "share_meeting"
        ? { comparator: ">=" as TComparator, value: Number.POSITIVE_INFINITY }
        : undefined;
  const result = aggregateUnits({
    rule,
    values: inputs,
    expectedUnits: expectedIds,
    threshold,
    multiplier: multiplierOf(ind),
  });
  const names = new Map(values.map((v) => [String(v.u), v.name]));
  const node = explainAggregate(result, {
    label: `${ind.code} — ${c.unit.name} — ${period}`,
    code: ind.code,
    unitId: String(c.unit.id),
    period,
  });
  for (const i of node.inputs ?? []) if (i.unitId && names.has(i.unitId)) i.label = names.get(i.unitId);
  return display(node, ind, c.plan);
}

async function explainFigure(c: TCtx, ind: TIndicatorDef, period: string, depth = 0): Promise<TExplanation> {
  const label = `${ind.code} — ${c.unit.name} — ${period}`;
  if (ind.formula && ind.ast && depth < 6) {
    const deps: Array<{ ind: TIndicatorDef; period: string }> = [];
    const { explanation: node } = evaluateFormulaExplained(ind.ast, {
      label,
      code: ind.code,
      unitId: String(c.unit.id),
      period,
      resolve: (code, fn) => {
        const dep = c.byCode.get(code);
        if (!dep) return null;
        const t = periodForFn(period, fn);
        const per = t.ytd ? (yearToDateCode(t.period) ?? t.period) : t.period;
        deps.push({ ind: dep, period: per });
        const f = c.engine.figure({
          unitId: c.unit.id,
          unitKind: c.unit.kind,
          ind: dep,
          period: per,
          appliesTo: c.appliesTo,
        });
        return f.value === null ? null : f.value.toNumber();
      },
    });
    const children: TExplanation[] = [];
    for (const d of deps) children.push(await explainFigure(c, d.ind, d.period, depth + 1));
    return display({ ...node, children }, ind, c.plan);
  }
  const direct = c.engine.direct(
    { unitId: c.unit.id, unitKind: c.unit.kind, ind, appliesTo: c.appliesTo },
    period,
  );
  if (direct.source === "stored") {
    return display(
      explainInput({
        label,
        code: ind.code,
        unitId: String(c.unit.id),
        period,
        value: direct.value === null ? null : direct.value.toNumber(),
        numerator: direct.numerator?.toNumber(),
        denominator: direct.denominator?.toNumber(),
      }),
      ind,
      c.plan,
    );
  }
  if (direct.source === "units") return explainUnits(c, ind, period);
  const p = parsePeriod(period);
  for (const granularity of FINER[p.type]) {
    const parts = periodsWithin(p.code, granularity);
    const figs = parts.map((part) =>
      c.engine.direct({ unitId: c.unit.id, unitKind: c.unit.kind, ind, appliesTo: c.appliesTo }, part),
    );
    if (figs.every((f) => f.source === "none")) continue;
    const used = figs.filter((f) => f.source !== "none");
    const result = aggregateOverTime({
      period: p.code,
      granularity,
      overTime: overTimeOf(ind),
      ratio: partsAreRatios(ind, figs),
      multiplier: multiplierOf(ind),
      values: used.map((f) => ({
        period: f.period,
        value: f.value?.toNumber() ?? null,
        numerator: f.numerator?.toNumber() ?? null,
        denominator: f.denominator?.toNumber() ?? null,
      })),
    });
    const children: TExplanation[] = [];
    for (const f of used) children.push(await explainFigure(c, ind, f.period, depth + 1));
    return display(
      explainAggregate(result, { label, code: ind.code, unitId: String(c.unit.id), children }),
      ind,
      c.plan,
    );
  }
  return explanation({
    label,
    kind: "value",
    code: ind.code,
    unitId: String(c.unit.id),
    period,
    result: null,
    display: "—",
    notes: ["Không có số liệu / No data"],
  });
}

/** Options of {@link explainTarget}. */
export interface TExplainOptions {
  db: Db;
  targetId: number;
  unitId: number;
  period: string;
}

/**
 * The trail of a target's status for a unit and period: status ← figure ← inputs, with rounding,
 * plus the dashboard's forecast inputs.
 * @throws ProgressError 404 / 400
 */
export async function explainTarget(options: TExplainOptions): Promise<TProgressExplain> {
  const { db } = options;
  const p = parsePeriodOrThrow(options.period);
  const planRow = await rows<{ planId: number }>(
    db,
    sql`select plan_id as "planId" from target where id = ${options.targetId}`,
  );
  if (planRow.length === 0) throw ProgressError.notFound("target", options.targetId);
  const [full, unit] = await Promise.all([
    loadPlanContext(db, planRow[0].planId),
    loadUnit(db, options.unitId),
  ]);
  if (!unit) throw ProgressError.notFound("unit", options.unitId);
  const target = full?.targets.find((t) => t.id === options.targetId);
  if (!full || !target) throw ProgressError.notFound("target", options.targetId);
  const ctx = { ...full, targets: [target] };
  const ind = target.indicatorId === null ? undefined : ctx.indicators.byId.get(target.indicatorId);
  const { engine } = await engineFor(db, { ctx, units: [unit], period: p.code, full: false });
  const c: TCtx = {
    db,
    engine,
    plan: ctx.plan,
    unit,
    appliesTo: target.appliesTo,
    byCode: ctx.indicators.byCode,
  };
  const figureNode = ind
    ? await explainFigure(c, ind, p.code)
    : explanation({
        label: target.code,
        kind: "value",
        result: null,
        notes: ["Mục tiêu chưa gắn chỉ số / no indicator"],
      });
  const actual = ind
    ? engine.figure({
        unitId: unit.id,
        unitKind: unit.kind,
        ind,
        period: p.code,
        appliesTo: target.appliesTo,
      })
    : null;
  const stage = stageTarget(target, p.year);
  const st = statusOf({
    plan: ctx.plan,
    ind,
    actual: actual?.value ?? null,
    target: stage?.value ?? null,
    direction: target.direction,
  });
  const root = explainStatus(st, {
    label: `${target.code} ${target.name} — ${unit.name} — ${p.code}`,
    code: target.code,
    unitId: String(unit.id),
    period: p.code,
    children: [figureNode],
  });
  root.details = {
    ...(root.details ?? {}),
    targetYear: stage?.year ?? null,
    rounding: ctx.plan.rounding,
    decimals: ind?.decimals ?? null,
  };
  return {
    targetId: target.id,
    unitId: unit.id,
    period: p.code,
    explanation: root,
    text: renderExplanation(root),
  };
}
