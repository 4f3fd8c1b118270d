/**
 * Zod schemas of the progress API: the dashboard overview, a target's series, rankings and explain
 * trails. Declared once here; the server validates responses with them and the web client types
 * its calls with the inferred `TXxx` types.
 *
 * Numbers are plain JSON numbers (exact decimals converted once, after aggregation in decimal
 * arithmetic); every figure also comes with its Vietnamese display string (`display`), rounded once
 * with the plan's rounding mode — clients show `display` and never round themselves.
 */
import { z } from "zod";
import { ZExplanation } from "../../core/explain.ts";

const ZPeriodCode = z
  .string()
  .regex(/^\d{4}(Q[1-4]|S[12]|N9|\d{2})?$/, "2024, 2024Q3, 2024S1, 2024N9 or 202409");

/** Target statuses (see src/core/status.ts). */
export const ZTargetStatus = z.enum(["exceeded", "achieved", "near", "behind", "no_data"]);

/** Forecast categories (Open SDG, see src/core/forecast.ts). */
export const ZForecastCategory = z.enum([
  "target_achieved",
  "substantial_progress",
  "moderate_progress",
  "negligible_progress",
  "deterioration",
  "not_available",
]);

/** A bilingual label. */
export const ZLabel = z.object({ vi: z.string(), en: z.string() });

/** "X/Y targets achieved (Z%)" counts. */
export const ZStatusSummary = z.object({
  total: z.number().int(),
  /** Achieved or exceeded. */
  achieved: z.number().int(),
  exceeded: z.number().int(),
  near: z.number().int(),
  behind: z.number().int(),
  noData: z.number().int(),
  withData: z.number().int(),
  /** achieved / total; null when total is 0. */
  achievedShare: z.number().nullable(),
  /** "36,8%" (plan rounding). */
  achievedShareDisplay: z.string(),
  /** "14/38 mục tiêu, đạt 36,8%". */
  text: z.string(),
  /** "14/38 targets, 36.8% achieved". */
  textEn: z.string(),
});
/** Summary type. */
export type TStatusSummaryOut = z.infer<typeof ZStatusSummary>;

/** A figure of one indicator for one unit and period. */
export const ZFigure = z.object({
  period: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** "89,6%", "10.851", "—". */
  display: z.string(),
  /**
   * Where the figure comes from: the unit's own stored value, an aggregate of units below it, an
   * aggregate of shorter periods, a formula over other indicators, or nothing.
   */
  source: z.enum(["stored", "units", "time", "formula", "none"]),
  /** Units that reported / were expected (for aggregates of units). */
  reported: z.number().int().nullable(),
  expected: z.number().int().nullable(),
  /** For a stock aggregated over time: the part whose value was taken. */
  asOf: z.string().nullable(),
});
/** Figure type. */
export type TFigure = z.infer<typeof ZFigure>;

/** A comparison with an earlier figure. */
export const ZTrend = z.object({
  period: z.string(),
  value: z.number().nullable(),
  display: z.string(),
  /** actual − earlier value; null when either is missing. */
  change: z.number().nullable(),
  changeDisplay: z.string(),
  /** "up", "down", "flat" in value; `better` honours the target direction. */
  direction: z.enum(["up", "down", "flat"]).nullable(),
  better: z.boolean().nullable(),
});

/** Forecast to the target year (Open SDG CAGR method). */
export const ZForecast = z.object({
  category: ZForecastCategory,
  label: ZLabel,
  method: z.enum(["cagr", "linear"]).nullable(),
  targetYear: z.number().int().nullable(),
  projectedValue: z.number().nullable(),
  projectedDisplay: z.string(),
  projectedAchieved: z.boolean().nullable(),
  /** Yearly increment still needed from the latest value to reach the target. */
  requiredYearlyIncrement: z.number().nullable(),
  requiredYearlyIncrementDisplay: z.string(),
  observedYearlyIncrement: z.number().nullable(),
  observedRate: z.number().nullable(),
  requiredRate: z.number().nullable(),
  ratio: z.number().nullable(),
});

/** National benchmark comparison. */
export const ZBenchmark = z.object({
  value: z.number(),
  display: z.string(),
  note: z.string().nullable(),
  /** Whether the actual is at least as good as the benchmark (direction-aware); null without actual. */
  meets: z.boolean().nullable(),
  gap: z.number().nullable(),
});

/** One target's row of the dashboard. */
export const ZTargetProgress = z.object({
  targetId: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  pillarId: z.number().int().nullable(),
  pillarCode: z.string().nullable(),
  indicatorId: z.number().int().nullable(),
  indicatorCode: z.string().nullable(),
  indicatorKind: z.string().nullable(),
  /** Unit of measure ("%", "tổ"). */
  measure: z.string().nullable(),
  direction: z.enum(["higher", "lower"]),
  appliesTo: z.string(),
  aggregation: z.string().nullable(),
  actual: ZFigure,
  /** Year-to-date figure (lũy kế) when the period is shorter than a year and a YTD code exists. */
  ytd: ZFigure.nullable(),
  targetYear: z.number().int().nullable(),
  targetValue: z.number().nullable(),
  targetDisplay: z.string(),
  status: ZTargetStatus,
  statusLabel: ZLabel,
  /** Progress ratio (actual/target, or target/actual when lower is better); null when meaningless. */
  ratio: z.number().nullable(),
  /** Ratio clamped to [0, 1] for progress bars. */
  progress: z.number().nullable(),
  gap: z.number().nullable(),
  previous: ZTrend.nullable(),
  previousYear: ZTrend.nullable(),
  forecast: ZForecast.nullable(),
  benchmark: ZBenchmark.nullable(),
  responsibleUnitId: z.number().int().nullable(),
  responsibleUnitName: z.string().nullable(),
});
/** Target row type. */
export type TTargetProgress = z.infer<typeof ZTargetProgress>;

/** Per pillar (or foundation) counts. */
export const ZPillarProgress = z.object({
  pillarId: z.number().int().nullable(),
  code: z.string().nullable(),
  name: z.string(),
  nameEn: z.string(),
  kind: z.string().nullable(),
  summary: ZStatusSummary,
});

/** The whole dashboard for a plan × unit × period: GET /api/progress/overview. */
export const ZProgressOverview = z.object({
  plan: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    nearThreshold: z.number(),
    rounding: z.enum(["half_up", "truncate"]),
  }),
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
  period: z.string(),
  periodLabel: ZLabel,
  summary: ZStatusSummary,
  pillars: z.array(ZPillarProgress),
  targets: z.array(ZTargetProgress),
  /** Reporting completeness of the units below over the targets aggregated from them. */
  completeness: z.object({
    reported: z.number().int(),
    expected: z.number().int(),
    share: z.number().nullable(),
    display: z.string(),
  }),
  computedAt: z.string(),
});
/** Overview type. */
export type TProgressOverview = z.infer<typeof ZProgressOverview>;

/** Query of the overview. */
export const ZOverviewQuery = z.object({
  planId: z.coerce.number().int().positive().max(2_147_483_647),
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  period: ZPeriodCode,
});

/** One point of a target's series. */
export const ZSeriesPoint = ZFigure.extend({
  targetValue: z.number().nullable(),
  status: ZTargetStatus,
});

/** A target over periods with the target line, benchmark, forecast and breakdown by child units. */
export const ZTargetDetail = z.object({
  target: ZTargetProgress,
  unit: z.object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string() }),
  series: z.array(ZSeriesPoint),
  targetLine: z.array(z.object({ year: z.number().int(), value: z.number(), display: z.string() })),
  breakdown: z.array(
    z.object({
      unitId: z.number().int(),
      code: z.string(),
      name: z.string(),
      figure: ZFigure,
      status: ZTargetStatus,
    }),
  ),
});
/** Target detail type. */
export type TTargetDetail = z.infer<typeof ZTargetDetail>;

/** Query of a target's detail. */
export const ZTargetDetailQuery = z.object({
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  period: ZPeriodCode,
});

/** Query of a ranking: by an indicator or by the status counts of a plan. */
export const ZRankingQuery = z
  .object({
    indicatorId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    statusOf: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    parentUnitId: z.coerce.number().int().positive().max(2_147_483_647),
    period: ZPeriodCode,
  })
  .refine((q) => (q.indicatorId === undefined) !== (q.statusOf === undefined), {
    message: "indicatorId or statusOf (a plan id), exactly one",
    path: ["indicatorId"],
  });

/** A ranking of the children of a unit. */
export const ZRanking = z.object({
  parentUnitId: z.number().int(),
  period: z.string(),
  by: z.object({ kind: z.enum(["indicator", "status"]), id: z.number().int(), label: z.string() }),
  direction: z.enum(["higher", "lower"]),
  items: z.array(
    z.object({
      unitId: z.number().int(),
      code: z.string(),
      name: z.string(),
      rank: z.number().int().nullable(),
      tied: z.boolean(),
      value: z.number().nullable(),
      display: z.string(),
      /** "15" or "15 (đồng hạng)". */
      rankDisplay: z.string(),
    }),
  ),
});
/** Ranking type. */
export type TRanking = z.infer<typeof ZRanking>;

/** Query of an explanation. */
export const ZExplainQuery = z.object({
  targetId: z.coerce.number().int().positive().max(2_147_483_647),
  unitId: z.coerce.number().int().positive().max(2_147_483_647),
  period: ZPeriodCode,
});

/** An explanation trail of a target's figure, status and forecast. */
export const ZProgressExplain = z.object({
  targetId: z.number().int(),
  unitId: z.number().int(),
  period: z.string(),
  explanation: ZExplanation,
  text: z.string(),
});
/** Explain type. */
export type TProgressExplain = z.infer<typeof ZProgressExplain>;
