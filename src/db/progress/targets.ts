/**
 * A target's row of the dashboard from computed figures: actual, year to date, target of the
 * stage, status, trend against the previous period and the same period last year, forecast to the
 * target year (Open SDG method, src/core/forecast.ts) and the national benchmark. No I/O.
 */
import { FORECAST_LABELS, forecastProgress, pickBaseAndLatest } from "../../core/forecast.ts";
import { parsePeriod, previousPeriod, samePeriodPreviousYear, yearToDateCode } from "../../core/period.ts";
import { STATUS_LABELS, type TStatusResult, targetStatus } from "../../core/status.ts";
import { Dec, formatNumber, roundNumber, type TDecimal } from "../../core/vn-number.ts";
import type { TTargetProgress } from "../../server/progress/schemas.ts";
import type { TIndicatorDef, TPlanDef, TTargetDef } from "./context.ts";
import { displayValue, type FigureEngine, figureOut, overTimeOf, periodOf, type TFig } from "./figures.ts";

/** The target value of the stage a period falls in: the first target year at or after it, else the last. */
export function stageTarget(t: TTargetDef, year: number): { year: number; value: number } | null {
  const later = t.values.filter((v) => v.year >= year).sort((a, b) => a.year - b.year);
  if (later.length > 0) return later[0];
  const all = [...t.values].sort((a, b) => b.year - a.year);
  return all[0] ?? null;
}

/** Position in time of a figure for the forecast: the period's end as a fractional year (2025N9 → 2024.75 + 1 = 2025 − 0.25). */
export function timeOf(period: string): number {
  const p = parsePeriod(period);
  return p.year - 1 + p.endMonth / 12;
}

/** The periods a dashboard row compares with, worked out once per period (every target asks). */
const FACTS = new Map<string, { previous: string; previousYear: string; ytd: string | null; time: number }>();
function periodFacts(period: string) {
  let f = FACTS.get(period);
  if (!f) {
    const p = parsePeriod(period);
    f = {
      previous: previousPeriod(period),
      previousYear: samePeriodPreviousYear(period),
      ytd: p.type === "year" ? null : yearToDateCode(period),
      time: timeOf(period),
    };
    if (FACTS.size < 1000) FACTS.set(period, f);
  }
  return f;
}

/** Inputs of {@link targetProgress}. */
export interface TTargetProgressInput {
  engine: FigureEngine;
  plan: TPlanDef;
  target: TTargetDef;
  ind: TIndicatorDef | undefined;
  unit: { id: number; kind: string };
  period: string;
  /** Include trends and forecast (the dashboard); rankings skip them. */
  full?: boolean;
}

/** The status of an actual against a target, comparing the actual as displayed (plan rounding). */
export function statusOf(options: {
  plan: TPlanDef;
  ind: TIndicatorDef | undefined;
  actual: TDecimal | null;
  target: number | null;
  direction: "higher" | "lower";
}): TStatusResult {
  const { plan, ind, actual } = options;
  const shown =
    actual === null ? null : roundNumber(actual, { decimals: ind?.decimals ?? 1, mode: plan.mode });
  return targetStatus({
    actual: shown,
    target: options.target,
    direction: options.direction,
    nearThreshold: plan.nearThreshold,
  });
}

/**
 * Every period {@link targetProgress} asks a figure for (full rows): the period, its year to date,
 * the previous period, the same period last year and the whole years of the forecast series.
 */
export function dashboardPeriods(plan: TPlanDef, period: string): string[] {
  const p = parsePeriod(period);
  const facts = periodFacts(period);
  const out = new Set([period, facts.previous, facts.previousYear]);
  if (facts.ytd) out.add(facts.ytd);
  for (let y = Math.max(plan.startYear ?? p.year - 4, p.year - 6); y < p.year; y++) out.add(String(y));
  return [...out];
}

/** Computes one target's dashboard row. */
export function targetProgress(input: TTargetProgressInput): TTargetProgress {
  const { engine, plan, target: t, ind, unit, period } = input;
  const mode = plan.mode;
  const p = periodOf(period);
  const facts = periodFacts(period);
  const fig = (per: string): TFig | null =>
    ind
      ? engine.figure({ unitId: unit.id, unitKind: unit.kind, ind, period: per, appliesTo: t.appliesTo })
      : null;
  const empty: TFig = {
    period,
    value: null,
    numerator: null,
    denominator: null,
    source: "none",
    reported: null,
    expected: null,
    asOf: null,
  };
  const actual = fig(period) ?? empty;
  const stage = stageTarget(t, p.year);
  const status = statusOf({
    plan,
    ind,
    actual: actual.value,
    target: stage?.value ?? null,
    direction: t.direction,
  });
  const dummyInd: TIndicatorDef = ind ?? {
    id: 0,
    code: "",
    name: "",
    nameEn: null,
    kind: "number",
    measure: null,
    aggregation: "none",
    overTime: "last",
    threshold: null,
    thresholdOp: null,
    formula: null,
    ast: null,
    decimals: 1,
  };
  const show = (v: TDecimal | number | null) => displayValue(dummyInd, { value: v }, mode);
  const row: TTargetProgress = {
    targetId: t.id,
    code: t.code,
    name: t.name,
    nameEn: t.nameEn,
    pillarId: t.pillarId,
    pillarCode: null,
    indicatorId: t.indicatorId,
    indicatorCode: ind?.code ?? null,
    indicatorKind: ind?.kind ?? null,
    measure: ind?.measure ?? null,
    direction: t.direction,
    appliesTo: t.appliesTo,
    aggregation: ind?.aggregation ?? null,
    actual: figureOut(dummyInd, actual, mode),
    ytd: null,
    targetYear: stage?.year ?? null,
    targetValue: stage?.value ?? null,
    targetDisplay: stage ? show(stage.value) : formatNumber(null),
    status: status.status,
    statusLabel: STATUS_LABELS[status.status],
    ratio: status.ratio,
    progress: status.progress,
    gap: status.gap,
    previous: null,
    previousYear: null,
    forecast: null,
    benchmark: null,
    responsibleUnitId: t.responsibleUnitId,
    responsibleUnitName: t.responsibleUnitName,
  };
  if (t.nationalBenchmark !== null) {
    const b = t.nationalBenchmark;
    const a = actual.value;
    row.benchmark = {
      value: b,
      display: show(b),
      note: t.benchmarkNote,
      meets: a === null ? null : t.direction === "higher" ? a.gte(b) : a.lte(b),
      gap: a === null ? null : (t.direction === "higher" ? new Dec(b).minus(a) : a.minus(b)).toNumber(),
    };
  }
  if (!input.full || !ind) return row;

  const ytdCode = facts.ytd;
  if (ytdCode && ytdCode !== period) row.ytd = figureOut(ind, fig(ytdCode) ?? empty, mode);
  const trend = (per: string) => {
    const f = fig(per) ?? empty;
    const change = actual.value !== null && f.value !== null ? actual.value.minus(f.value) : null;
    const dir = change === null ? null : change.isZero() ? "flat" : change.gt(0) ? "up" : "down";
    return {
      period: per,
      value: f.value === null ? null : f.value.toNumber(),
      display: displayValue(ind, f, mode),
      change: change === null ? null : change.toNumber(),
      changeDisplay:
        change === null
          ? formatNumber(null)
          : `${change.gt(0) ? "+" : ""}${formatNumber(change, { decimals: ind.decimals, mode })}`,
      direction: dir as "up" | "down" | "flat" | null,
      better:
        change === null || change.isZero() ? null : t.direction === "higher" ? change.gt(0) : change.lt(0),
    };
  };
  row.previous = trend(facts.previous);
  row.previousYear = trend(facts.previousYear);

  // Forecast: yearly figures from the plan's start, then the latest figure (a stock or a ratio can be
  // read mid-year; a flow only for whole years).
  const finalTarget = [...t.values].sort((a, b) => b.year - a.year)[0] ?? null;
  const forecastTarget = stage && stage.year >= p.year ? stage : finalTarget;
  const firstYear = Math.max(plan.startYear ?? p.year - 4, p.year - 6);
  const series: Array<{ year: number; value: number | null }> = [];
  for (let y = firstYear; y < p.year; y++)
    series.push({ year: y, value: fig(String(y))?.value?.toNumber() ?? null });
  const isFlow = overTimeOf(ind) === "flow" && ind.kind !== "ratio";
  if (p.type === "year") series.push({ year: p.year, value: actual.value?.toNumber() ?? null });
  else if (!isFlow && actual.value !== null)
    series.push({ year: facts.time, value: actual.value.toNumber() });
  const picked = pickBaseAndLatest(series, plan.startYear ?? undefined);
  const notAvailable = {
    category: "not_available" as const,
    label: FORECAST_LABELS.not_available,
    method: null,
    targetYear: forecastTarget?.year ?? null,
    projectedValue: null,
    projectedDisplay: formatNumber(null),
    projectedAchieved: null,
    requiredYearlyIncrement: null,
    requiredYearlyIncrementDisplay: formatNumber(null),
    observedYearlyIncrement: null,
    observedRate: null,
    requiredRate: null,
    ratio: null,
  };
  if (!picked || !forecastTarget || forecastTarget.year <= picked.base.year) {
    row.forecast = notAvailable;
    return row;
  }
  const fc = forecastProgress({
    base: picked.base,
    latest: picked.latest,
    target: forecastTarget,
    direction: t.direction,
  });
  const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
  row.forecast = {
    category: fc.category,
    label: FORECAST_LABELS[fc.category],
    method: fc.method,
    targetYear: forecastTarget.year,
    projectedValue: finite(fc.projectedValue),
    projectedDisplay: show(finite(fc.projectedValue)),
    projectedAchieved: fc.projectedAchieved,
    requiredYearlyIncrement: finite(fc.requiredYearlyIncrement),
    requiredYearlyIncrementDisplay: show(finite(fc.requiredYearlyIncrement)),
    observedYearlyIncrement: finite(fc.observedYearlyIncrement),
    observedRate: finite(fc.observedRate),
    requiredRate: finite(fc.requiredRate),
    ratio: finite(fc.ratio),
  };
  return row;
}
