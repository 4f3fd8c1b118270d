/**
 * The dashboard of a plan × unit × period in one call: summary "X/Y targets achieved (Z%)", per
 * pillar counts, every target's row (actual, target, status, trend, forecast, benchmark) and
 * reporting completeness. Three to four queries for the data whatever the number of targets.
 */
import { dependencyCodes } from "../../core/formula/index.ts";
import { parsePeriod, periodLabel } from "../../core/period.ts";
import { formatAchievedSummary, summarizeStatuses, type TTargetStatus } from "../../core/status.ts";
import { formatPercent } from "../../core/vn-number.ts";
import type { TProgressOverview, TStatusSummaryOut, TTargetProgress } from "../../server/progress/schemas.ts";
import type { Db } from "../client.ts";
import { dependencyIds, keptItems, readDataVersions, signatureOf, type TDataVersions } from "./cache.ts";
import {
  catalogVersionOf,
  loadPlanContext,
  loadUnit,
  type TIndicatorCatalog,
  type TIndicatorDef,
  type TPlanContext,
  type TPlanDef,
  type TUnitDef,
} from "./context.ts";
import { ProgressError } from "./errors.ts";
import { canFold, FigureEngine } from "./figures.ts";
import { loadStore, type TDataStore } from "./store.ts";
import { dashboardPeriods, targetProgress } from "./targets.ts";

/** The years of data a dashboard reads: trends, the same period last year and forecast bases. */
export function yearsFor(plan: TPlanDef, year: number): { fromYear: number; toYear: number } {
  return { fromYear: Math.min(Math.max(plan.startYear ?? year - 4, year - 6), year - 1), toYear: year };
}

/**
 * The indicators of a catalogue whose longer-period figures may be folded in SQL ({@link canFold}),
 * minus those a formula references (a formula may shift the period: prev, prev_year, ytd).
 */
export function foldableIndicators(catalog: TIndicatorCatalog): number[] {
  const referenced = new Set<string>();
  for (const d of catalog.byId.values()) if (d.ast) for (const c of dependencyCodes(d.ast)) referenced.add(c);
  return [...catalog.byId.values()].filter((d) => canFold(d) && !referenced.has(d.code)).map((d) => d.id);
}

/**
 * The indicators a store loads from a catalogue (or only those of `only`): all of them, those whose
 * aggregation must read raw values (min, max, last), and those that may be folded.
 */
export function storeIndicators(
  catalog: TIndicatorCatalog,
  only?: ReadonlySet<number>,
): { indicatorIds: number[]; rawIndicatorIds: number[]; foldable: number[] } {
  const picked = [...catalog.byId.values()].filter((i) => !only || only.has(i.id));
  return {
    indicatorIds: picked.map((i) => i.id),
    rawIndicatorIds: picked
      .filter((i) => i.aggregation === "min" || i.aggregation === "max" || i.aggregation === "last")
      .map((i) => i.id),
    foldable: foldableIndicators(catalog).filter((id) => !only || only.has(id)),
  };
}

/**
 * Loads the data of a plan for some units and returns an engine over it. With `periods`, the engine
 * answers only for those periods, and longer periods are folded in SQL where exact.
 */
export async function engineFor(
  db: Db,
  q: {
    ctx: TPlanContext;
    units: TUnitDef[];
    period: string;
    full: boolean;
    periods?: string[];
    /** Load only these indicators (with every indicator their formulas read); default all. */
    only?: ReadonlySet<number>;
  },
): Promise<{ engine: FigureEngine; store: TDataStore }> {
  const p = parsePeriod(q.period);
  const years = q.full ? yearsFor(q.ctx.plan, p.year) : { fromYear: p.year, toYear: p.year };
  const { indicatorIds, rawIndicatorIds, foldable } = storeIndicators(q.ctx.indicators, q.only);
  const store = await loadStore(db, {
    units: q.units,
    indicatorIds,
    rawIndicatorIds,
    ...years,
    periodStart: p.startDate,
    periodEnd: p.endDate,
    fold: q.periods ? { periods: q.periods, indicatorIds: foldable } : undefined,
  });
  return { engine: new FigureEngine(store, q.ctx.indicators), store };
}

/** Summary counts with Vietnamese/English text, rounded with the plan's mode. */
export function summaryOut(
  items: ReadonlyArray<{ status: TTargetStatus }>,
  plan: TPlanDef,
): TStatusSummaryOut {
  const s = summarizeStatuses(items);
  return {
    total: s.total,
    achieved: s.achieved,
    exceeded: s.exceeded,
    near: s.near,
    behind: s.behind,
    noData: s.noData,
    withData: s.withData,
    achievedShare: s.total === 0 ? null : s.achievedShare,
    achievedShareDisplay: formatPercent({ numerator: s.achieved, denominator: s.total }, { mode: plan.mode }),
    text: formatAchievedSummary({ achieved: s.achieved, total: s.total, mode: plan.mode }),
    textEn: formatAchievedSummary({ achieved: s.achieved, total: s.total, mode: plan.mode, lang: "en" }),
  };
}

/** Every target's row for one unit (or the targets at the indices `which`), from an engine. */
export function targetRows(q: {
  ctx: TPlanContext;
  engine: FigureEngine;
  unit: TUnitDef;
  period: string;
  full: boolean;
  which?: readonly number[];
}): TTargetProgress[] {
  const pillarCode = new Map(q.ctx.pillars.map((p) => [p.id, p.code]));
  const targets = q.which ? q.which.map((i) => q.ctx.targets[i]) : q.ctx.targets;
  return targets.map((t) => {
    const ind: TIndicatorDef | undefined =
      t.indicatorId === null ? undefined : q.ctx.indicators.byId.get(t.indicatorId);
    const row = targetProgress({
      engine: q.engine,
      plan: q.ctx.plan,
      target: t,
      ind,
      unit: q.unit,
      period: q.period,
      full: q.full,
    });
    row.pillarCode = t.pillarId === null ? null : (pillarCode.get(t.pillarId) ?? null);
    return row;
  });
}

/** Options of {@link getProgressOverview}. */
export interface TOverviewOptions {
  db: Db;
  planId: number;
  unitId: number;
  /** Period code: "2025", "2025S1", "2025N9", "2025Q3", "202509". */
  period: string;
  /** Fold longer periods in SQL (default); false reads every row of the years (tests compare both). */
  fold?: boolean;
}

/**
 * The whole dashboard for a plan × unit × period.
 * @throws ProgressError (404) when the plan or unit does not exist, (400) for an invalid period
 */
export async function getProgressOverview(options: TOverviewOptions): Promise<TProgressOverview> {
  const { db, period } = options;
  const p = parsePeriodOrThrow(period);
  // The data versions are read beside the plan and the unit, and before any data (cache.ts).
  const [ctx, unit, versions] = await Promise.all([
    loadPlanContext(db, options.planId),
    loadUnit(db, options.unitId),
    readDataVersions(db, options.unitId),
  ]);
  if (!ctx) throw ProgressError.notFound("plan", options.planId);
  if (!unit) throw ProgressError.notFound("unit", options.unitId);
  const targets = await keptTargetRows({
    db,
    ctx,
    unit,
    versions,
    period: p.code,
    fold: options.fold !== false,
  });
  const plan = ctx.plan;
  const pillars: TProgressOverview["pillars"] = ctx.pillars
    .map((pl) => ({
      pillarId: pl.id,
      code: pl.code,
      name: pl.name,
      nameEn: pl.nameEn,
      kind: pl.kind,
      summary: summaryOut(
        targets.filter((t) => t.pillarId === pl.id),
        plan,
      ),
    }))
    .filter((x) => x.summary.total > 0);
  const orphans = targets.filter((t) => t.pillarId === null);
  if (orphans.length > 0)
    pillars.push({
      pillarId: null,
      code: null,
      name: "Khác",
      nameEn: "Other",
      kind: null,
      summary: summaryOut(orphans, plan),
    });
  let reported = 0;
  let expected = 0;
  for (const t of targets) {
    if (t.actual.source === "units" || t.actual.source === "time") {
      reported += t.actual.reported ?? 0;
      expected += t.actual.expected ?? 0;
    }
  }
  return {
    plan: {
      id: plan.id,
      code: plan.code,
      name: plan.name,
      nameEn: plan.nameEn,
      nearThreshold: plan.nearThreshold,
      rounding: plan.rounding,
    },
    unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
    period: p.code,
    periodLabel: { vi: periodLabel(p.code, "vi"), en: periodLabel(p.code, "en") },
    summary: summaryOut(targets, plan),
    pillars,
    targets: targets.slice(),
    completeness: {
      reported,
      expected,
      share: expected === 0 ? null : reported / expected,
      display: formatPercent({ numerator: reported, denominator: expected }, { mode: plan.mode }),
    },
    computedAt: new Date().toISOString(),
  };
}

/**
 * Every target's row of a dashboard, kept between requests (cache.ts): the rows whose indicators'
 * data versions moved since they were computed are recomputed from a store of those indicators only.
 */
async function keptTargetRows(q: {
  db: Db;
  ctx: TPlanContext;
  unit: TUnitDef;
  versions: TDataVersions;
  period: string;
  fold: boolean;
}): Promise<readonly TTargetProgress[]> {
  const { ctx, unit, versions } = q;
  const deps = ctx.targets.map((t) => {
    const ind = t.indicatorId === null ? undefined : ctx.indicators.byId.get(t.indicatorId);
    return ind ? dependencyIds(ctx.indicators, ind) : [];
  });
  return keptItems({
    db: q.db,
    key: `overview|${ctx.plan.id}|${unit.id}|${q.period}|${q.fold}`,
    catalog: catalogVersionOf(ctx),
    signatures: deps.map((ids) => signatureOf(ids, versions)),
    compute: async (which) => {
      const only = which ? new Set(which.flatMap((i) => deps[i])) : undefined;
      const { engine } = await engineFor(q.db, {
        ctx,
        units: [unit],
        period: q.period,
        full: true,
        periods: q.fold ? dashboardPeriods(ctx.plan, q.period) : undefined,
        only,
      });
      return targetRows({ ctx, engine, unit, period: q.period, full: true, which: which ?? undefined });
    },
  });
}

/** Parses a period code, turning the core's error into a 400. */
export function parsePeriodOrThrow(code: string) {
  try {
    return parsePeriod(code);
  } catch {
    throw ProgressError.badPeriod(code);
  }
}
