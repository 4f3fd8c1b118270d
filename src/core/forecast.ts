/**
 * Forecast of a target: will the observed trend reach it on time?
 *
 * Method: Open SDG's progress status (sdg-build `ProgressMeasure`, after Statistics Canada and
 * Eurostat). With y₀ the base value at year t₀, yᵢ the latest at tᵢ and y_T the target at t_T:
 *
 *   observed  CAGR_o = (yᵢ / y₀)^(1 / (tᵢ − t₀)) − 1
 *   required  CAGR_r = (y_T / y₀)^(1 / (t_T − t₀)) − 1
 *   ratio     R = d · CAGR_o / |CAGR_r|      (d = +1 when higher is better, −1 when lower is better)
 *
 * Categories (defaults of sdg-build for a quantitative target; configurable):
 *   target already met at tᵢ → `target_achieved`; R ≥ 0.95 → `substantial_progress` (on track);
 *   0.6 ≤ R < 0.95 → `moderate_progress`; 0 ≤ R < 0.6 → `negligible_progress` (sdg-build now calls
 *   it "limited progress"); R < 0 → `deterioration`.
 * Without a target, R = d · CAGR_o against 1.5% / 0.5% / 0 per year.
 *
 * CAGR needs positive values. When the base, latest or target value is zero or negative, we fall
 * back to the linear analogue (yearly increments instead of growth rates): R = d · Δ_o / |Δ_r| with
 * Δ_o = (yᵢ − y₀)/(tᵢ − t₀) and Δ_r = (y_T − y₀)/(t_T − t₀); without a target, d · Δ_o / |y₀|.
 * (sdg-build instead replaces a zero base by 0.001, which makes the ratio meaningless.)
 *
 * Also reported: the value projected at the target year by continuing the observed trend from the
 * latest value, and the linear yearly increment still required from the latest value.
 * Years may be fractional (2024.75 for the end of September) when the latest figure is a 9-month one.
 */
import type { TExplanation } from "./explain.ts";
import { explanation } from "./explain.ts";
import type { TDirection } from "./status.ts";

/** Forecast category (Open SDG progress status). */
export type TForecastCategory =
  | "target_achieved"
  | "substantial_progress"
  | "moderate_progress"
  | "negligible_progress"
  | "deterioration"
  | "not_available";

/** Labels for the user interface. */
export const FORECAST_LABELS: Record<TForecastCategory, { vi: string; en: string }> = {
  target_achieved: { vi: "Đã đạt mục tiêu", en: "Target achieved" },
  substantial_progress: { vi: "Đúng tiến độ", en: "On track (substantial progress)" },
  moderate_progress: { vi: "Có tiến bộ, cần tăng tốc", en: "Moderate progress, acceleration needed" },
  negligible_progress: { vi: "Tiến bộ không đáng kể", en: "Negligible (limited) progress" },
  deterioration: { vi: "Đi xuống", en: "Deterioration" },
  not_available: { vi: "Không đủ số liệu để dự báo", en: "Not enough data to forecast" },
};

/** Thresholds on R. */
export interface TForecastThresholds {
  high: number;
  med: number;
  low: number;
}

/** Default thresholds with a target (sdg-build). */
export const TARGET_THRESHOLDS: TForecastThresholds = { high: 0.95, med: 0.6, low: 0 };
/** Default thresholds without a target: growth per year (sdg-build). */
export const NO_TARGET_THRESHOLDS: TForecastThresholds = { high: 0.015, med: 0.005, low: 0 };

/** A value in a year (fractional years allowed). */
export interface TObservation {
  year: number;
  value: number;
}

/** Options of {@link forecastProgress}. */
export interface TForecastOptions {
  base: TObservation;
  latest: TObservation;
  /** The target value and its year; omit for a trend-only assessment. */
  target?: TObservation | null;
  direction: TDirection;
  /** Override thresholds (partial). */
  thresholds?: Partial<TForecastThresholds>;
  /** "auto" (default): CAGR when all values are positive, else linear. */
  method?: "auto" | "cagr" | "linear";
}

/** Result of {@link forecastProgress}. */
export interface TForecastResult {
  category: TForecastCategory;
  method: "cagr" | "linear" | null;
  /** CAGR_o (fraction per year) or Δ_o (units per year). */
  observedRate: number | null;
  /** CAGR_r or Δ_r from the base to the target; null without target. */
  requiredRate: number | null;
  /** R, compared against the thresholds. */
  ratio: number | null;
  thresholds: TForecastThresholds;
  targetAchieved: boolean;
  /** Value at the target year if the observed trend continues from the latest value. */
  projectedValue: number | null;
  /** Whether that projected value meets the target. */
  projectedAchieved: boolean | null;
  /** (yᵢ − y₀)/(tᵢ − t₀): the observed yearly increment. */
  observedYearlyIncrement: number | null;
  /** (y_T − yᵢ)/(t_T − tᵢ): the increment per remaining year needed from now (linear); null when no year remains. */
  requiredYearlyIncrement: number | null;
  /** t_T − tᵢ. */
  yearsRemaining: number | null;
  /** Why the result is not_available, or why linear was used. */
  reason?: string;
  base: TObservation;
  latest: TObservation;
  target: TObservation | null;
  direction: TDirection;
}

function categoryOf(r: number, th: TForecastThresholds): TForecastCategory {
  if (r >= th.high) return "substantial_progress";
  if (r >= th.med) return "moderate_progress";
  if (r >= th.low) return "negligible_progress";
  return "deterioration";
}

function cagr(from: number, to: number, years: number): number {
  return (to / from) ** (1 / years) - 1;
}

/** Forecast category and figures; see the module note for the method. */
export function forecastProgress(options: TForecastOptions): TForecastResult {
  const { base, latest, direction } = options;
  const target = options.target ?? null;
  const d = direction === "higher" ? 1 : -1;
  const thresholds: TForecastThresholds = {
    ...(target ? TARGET_THRESHOLDS : NO_TARGET_THRESHOLDS),
    ...options.thresholds,
  };
  const result: TForecastResult = {
    category: "not_available",
    method: null,
    observedRate: null,
    requiredRate: null,
    ratio: null,
    thresholds,
    targetAchieved: false,
    projectedValue: null,
    projectedAchieved: null,
    observedYearlyIncrement: null,
    requiredYearlyIncrement: null,
    yearsRemaining: null,
    base,
    latest,
    target,
    direction,
  };
  const values = [base.value, latest.value, ...(target ? [target.value] : [])];
  const years = [base.year, latest.year, ...(target ? [target.year] : [])];
  if (![...values, ...years].every(Number.isFinite)) {
    result.reason = "non-finite input / số liệu không hợp lệ";
    return result;
  }
  const span = latest.year - base.year;
  if (span <= 0) {
    result.reason = "need a base year before the latest year / cần số liệu ít nhất hai năm";
    return result;
  }
  if (target && target.year <= base.year) {
    result.reason = "target year must be after the base year / năm mục tiêu phải sau năm gốc";
    return result;
  }
  result.observedYearlyIncrement = (latest.value - base.value) / span;
  if (target) {
    result.targetAchieved =
      direction === "higher" ? latest.value >= target.value : latest.value <= target.value;
    result.yearsRemaining = target.year - latest.year;
    if (result.yearsRemaining > 0) {
      result.requiredYearlyIncrement = (target.value - latest.value) / result.yearsRemaining;
    }
  }
  const positive = values.every((v) => v > 0);
  let method: "cagr" | "linear";
  if (options.method === "cagr") {
    if (!positive) {
      result.reason = "CAGR needs positive values / CAGR cần giá trị dương";
      return result;
    }
    method = "cagr";
  } else if (options.method === "linear") {
    method = "linear";
  } else {
    method = positive ? "cagr" : "linear";
    if (!positive)
      result.reason =
        "zero or negative value: linear method / giá trị 0 hoặc âm: dùng phương pháp tuyến tính";
  }
  result.method = method;

  let ratio: number | null = null;
  let categoryFromSign: TForecastCategory | null = null;
  if (method === "cagr") {
    const obs = cagr(base.value, latest.value, span);
    result.observedRate = obs;
    if (target) {
      const req = cagr(base.value, target.value, target.year - base.year);
      result.requiredRate = req;
      if (req === 0) categoryFromSign = d * obs >= 0 ? "substantial_progress" : "deterioration";
      else ratio = (d * obs) / Math.abs(req);
      result.projectedValue = latest.value * (1 + obs) ** (target.year - latest.year);
    } else {
      ratio = d * obs;
    }
  } else {
    const obs = result.observedYearlyIncrement;
    result.observedRate = obs;
    if (target) {
      const req = (target.value - base.value) / (target.year - base.year);
      result.requiredRate = req;
      if (req === 0) categoryFromSign = d * obs >= 0 ? "substantial_progress" : "deterioration";
      else ratio = (d * obs) / Math.abs(req);
      result.projectedValue = latest.value + obs * (target.year - latest.year);
    } else if (base.value !== 0) {
      ratio = (d * obs) / Math.abs(base.value);
    } else {
      result.reason =
        "no target and base value 0: no relative trend / không có mục tiêu và giá trị gốc bằng 0";
      return result;
    }
  }
  result.ratio = ratio;
  if (target && result.projectedValue !== null) {
    result.projectedAchieved =
      direction === "higher" ? result.projectedValue >= target.value : result.projectedValue <= target.value;
  }
  if (result.targetAchieved) result.category = "target_achieved";
  else if (categoryFromSign) result.category = categoryFromSign;
  else if (ratio !== null) result.category = categoryOf(ratio, thresholds);
  return result;
}

/**
 * Picks base and latest observations from a yearly series the way sdg-build does: the latest is the
 * most recent year with a value; the base is `baseYear` if it has a value, else the first later
 * year that has one. Null when fewer than two usable years.
 */
export function pickBaseAndLatest(
  series: ReadonlyArray<{ year: number; value: number | null | undefined }>,
  baseYear?: number,
): { base: TObservation; latest: TObservation } | null {
  const usable = series
    .filter((o): o is TObservation => typeof o.value === "number" && Number.isFinite(o.value))
    .sort((a, b) => a.year - b.year);
  if (usable.length < 2) return null;
  const latest = usable[usable.length - 1];
  const base = usable.find((o) => baseYear === undefined || o.year >= baseYear);
  if (!base || base.year >= latest.year) return null;
  return { base, latest };
}

/** Explanation node for a forecast: the inputs, the formulas used and the figures. */
export function explainForecast(
  result: TForecastResult,
  context: { label: string; code?: string; unitId?: string },
): TExplanation {
  const formula =
    result.method === "linear"
      ? "R = d·Δ_o/|Δ_r|; Δ = (y₁ − y₀)/(t₁ − t₀)"
      : "R = d·CAGR_o/|CAGR_r|; CAGR = (y₁/y₀)^(1/(t₁ − t₀)) − 1";
  return explanation({
    label: context.label,
    kind: "forecast",
    rule: result.method ?? "none",
    formula,
    code: context.code,
    unitId: context.unitId,
    inputs: [
      { label: `base / gốc ${result.base.year}`, value: result.base.value },
      { label: `latest / mới nhất ${result.latest.year}`, value: result.latest.value },
      ...(result.target
        ? [{ label: `target / mục tiêu ${result.target.year}`, value: result.target.value }]
        : []),
    ],
    result: result.category,
    display: FORECAST_LABELS[result.category].vi,
    details: {
      direction: result.direction,
      observedRate: result.observedRate,
      requiredRate: result.requiredRate,
      ratio: result.ratio,
      high: result.thresholds.high,
      med: result.thresholds.med,
      low: result.thresholds.low,
      projectedValue: result.projectedValue,
      projectedAchieved: result.projectedAchieved,
      observedYearlyIncrement: result.observedYearlyIncrement,
      requiredYearlyIncrement: result.requiredYearlyIncrement,
      yearsRemaining: result.yearsRemaining,
    },
    notes: result.reason ? [result.reason] : undefined,
  });
}
