/**
 * One target for one unit over periods: the series with the target line, the benchmark and the
 * forecast (from the dashboard row), and the breakdown by child units for the chosen period.
 */

import { sql } from "drizzle-orm";
import { comparePeriods, parsePeriod, periodsOfType } from "../../core/period.ts";
import { formatNumber } from "../../core/vn-number.ts";
import type { TTargetDetail } from "../../server/progress/schemas.ts";
import { type Db, one } from "../client.ts";
import { loadChildren, loadPlanContext, loadUnit } from "./context.ts";
import { ProgressError } from "./errors.ts";
import { displayValue, figureOut } from "./figures.ts";
import { engineFor, parsePeriodOrThrow, targetRows } from "./overview.ts";
import { stageTarget, statusOf } from "./targets.ts";

/** Options of {@link getTargetDetail}. */
export interface TTargetDetailOptions {
  db: Db;
  targetId: number;
  unitId: number;
  period: string;
}

/**
 * A target's series (periods of the same type from the plan's start, at most three years back, up to
 * `period`), target line, dashboard row and breakdown by the unit's children.
 * @throws ProgressError 404 / 400
 */
export async function getTargetDetail(options: TTargetDetailOptions): Promise<TTargetDetail> {
  const { db } = options;
  const p = parsePeriodOrThrow(options.period);
  const planRow = await loadPlanIdOfTarget(db, options.targetId);
  if (planRow === undefined) throw ProgressError.notFound("target", options.targetId);
  const [full, unit] = await Promise.all([loadPlanContext(db, planRow), loadUnit(db, options.unitId)]);
  if (!unit) throw ProgressError.notFound("unit", options.unitId);
  if (!full) throw ProgressError.notFound("plan", planRow);
  const target = full.targets.find((t) => t.id === options.targetId);
  if (!target) throw ProgressError.notFound("target", options.targetId);
  const ctx = { ...full, targets: [target] };
  const ind = target.indicatorId === null ? undefined : ctx.indicators.byId.get(target.indicatorId);
  const { engine } = await engineFor(db, { ctx, units: [unit], period: p.code, full: true });
  const row = targetRows({ ctx, engine, unit, period: p.code, full: true })[0];
  const mode = ctx.plan.mode;
  const firstYear = Math.max(ctx.plan.startYear ?? p.year - 2, p.year - 2);
  const periods: string[] = [];
  for (let y = firstYear; y <= p.year; y++)
    for (const c of periodsOfType(y, p.type))
      if (comparePeriods(c, p.code) <= 0 || c === p.code) periods.push(c);
  const series = ind
    ? periods
        .filter((c) => parsePeriod(c).endDate <= p.endDate)
        .map((c) => {
          const f = engine.figure({
            unitId: unit.id,
            unitKind: unit.kind,
            ind,
            period: c,
            appliesTo: target.appliesTo,
          });
          const stage = stageTarget(target, parsePeriod(c).year);
          const st = statusOf({
            plan: ctx.plan,
            ind,
            actual: f.value,
            target: stage?.value ?? null,
            direction: target.direction,
          });
          return { ...figureOut(ind, f, mode), targetValue: stage?.value ?? null, status: st.status };
        })
    : [];
  const children = await loadChildren(db, { parentId: unit.id, start: p.startDate, end: p.endDate });
  const breakdown: TTargetDetail["breakdown"] = [];
  if (ind && children.length > 0) {
    const { engine: ce } = await engineFor(db, { ctx, units: children, period: p.code, full: false });
    const stage = stageTarget(target, p.year);
    for (const c of children) {
      const f = ce.figure({
        unitId: c.id,
        unitKind: c.kind,
        ind,
        period: p.code,
        appliesTo: target.appliesTo,
      });
      const st = statusOf({
        plan: ctx.plan,
        ind,
        actual: f.value,
        target: stage?.value ?? null,
        direction: target.direction,
      });
      breakdown.push({
        unitId: c.id,
        code: c.code,
        name: c.name,
        figure: figureOut(ind, f, mode),
        status: st.status,
      });
    }
  }
  return {
    target: row,
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
    series,
    targetLine: target.values.map((v) => ({
      year: v.year,
      value: v.value,
      display: ind ? displayValue(ind, { value: v.value }, mode) : formatNumber(v.value),
    })),
    breakdown,
  };
}

async function loadPlanIdOfTarget(db: Db, targetId: number): Promise<number | undefined> {
  const r = await one<{ planId: number }>(
    db,
    sql`select plan_id as "planId" from target where id = ${targetId}`,
  );
  return r?.planId;
}
