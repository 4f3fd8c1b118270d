/**
 * Target status: how an actual value stands against its target.
 *
 * - `exceeded`: strictly better than the target; `achieved`: exactly at the target (both count as
 *   achieved in summaries);
 * - `near`: not there yet but the progress ratio is at least the plan's threshold (default 70%);
 * - `behind`: below that; `no_data`: actual or target missing.
 *
 * Progress ratio: actual/target when higher is better; target/actual when lower is better (a rank
 * of 30 targeted, 52 reached: 30/52 = 57,7%). It is computed exactly and capped to [0, maxRatio]
 * (default 10, i.e. 1000%) because target/actual explodes as actual nears 0; it is null where a
 * ratio means nothing (target ≤ 0 when higher is better; negative target or actual when lower is
 * better) — the status then comes from comparing actual and target only, and a miss is `behind`.
 */
import { explanation, type TExplanation } from "./explain.ts";
import {
  Dec,
  formatNumber,
  formatPercent,
  roundDecimal,
  type TDecimal,
  type TRoundingMode,
} from "./vn-number.ts";

/** Target status. */
export type TTargetStatus = "exceeded" | "achieved" | "near" | "behind" | "no_data";

/** All statuses, best first. */
export const TARGET_STATUSES: readonly TTargetStatus[] = [
  "exceeded",
  "achieved",
  "near",
  "behind",
  "no_data",
];

/** Which direction is better. */
export type TDirection = "higher" | "lower";

/** Labels for the user interface. */
export const STATUS_LABELS: Record<TTargetStatus, { vi: string; en: string }> = {
  exceeded: { vi: "Vượt mục tiêu", en: "Exceeded" },
  achieved: { vi: "Đạt mục tiêu", en: "Achieved" },
  near: { vi: "Gần đạt", en: "Near" },
  behind: { vi: "Chưa đạt", en: "Behind" },
  no_data: { vi: "Chưa có số liệu", en: "No data" },
};

/** Default "near" threshold: at least 70% of the target. */
export const DEFAULT_NEAR_THRESHOLD = 0.7;
/** Default cap of the progress ratio. */
export const DEFAULT_MAX_RATIO = 10;

/** Options of {@link targetStatus}. */
export interface TStatusOptions {
  actual: number | null | undefined;
  target: number | null | undefined;
  direction: TDirection;
  /** Ratio from which a miss is `near` (default 0.7; configurable per plan). */
  nearThreshold?: number;
  /** Upper cap of the ratio (default 10). */
  maxRatio?: number;
  /**
   * Compare actual and target after rounding both half-up to this many decimals, so a figure that
   * displays as the target ("90,0%") is `achieved`. Omit to compare exact values.
   */
  decimals?: number;
}

/** Result of {@link targetStatus}. */
export interface TStatusResult {
  status: TTargetStatus;
  /** Progress ratio in [0, maxRatio], or null (see the module note). */
  ratio: number | null;
  /** Ratio clamped to [0, 1] for progress bars; 1 when achieved; null when unknown. */
  progress: number | null;
  /** Distance still to go in the good direction (target − actual, or actual − target when lower is better); ≤ 0 when met. */
  gap: number | null;
  actual: number | null;
  target: number | null;
  direction: TDirection;
  nearThreshold: number;
}

function dec(v: number | null | undefined): TDecimal | null {
  return typeof v === "number" && Number.isFinite(v) ? new Dec(v) : null;
}

/** Status of one target. See the module note for the rules. */
export function targetStatus(options: TStatusOptions): TStatusResult {
  const nearThreshold = options.nearThreshold ?? DEFAULT_NEAR_THRESHOLD;
  const maxRatio = new Dec(options.maxRatio ?? DEFAULT_MAX_RATIO);
  const { direction } = options;
  let a = dec(options.actual);
  let t = dec(options.target);
  const base: TStatusResult = {
    status: "no_data",
    ratio: null,
    progress: null,
    gap: null,
    actual: a === null ? null : a.toNumber(),
    target: t === null ? null : t.toNumber(),
    direction,
    nearThreshold,
  };
  if (a === null || t === null) return base;
  if (options.decimals !== undefined) {
    a = roundDecimal(a, { decimals: options.decimals });
    t = roundDecimal(t, { decimals: options.decimals });
  }
  const better = direction === "higher" ? a.gt(t) : a.lt(t);
  const equal = a.eq(t);
  let ratio: TDecimal | null = null;
  if (direction === "higher") {
    if (t.gt(0)) ratio = a.div(t);
  } else if (t.gte(0) && a.gte(0)) {
    ratio = a.isZero() ? (t.isZero() ? new Dec(1) : maxRatio) : t.div(a);
  }
  if (ratio !== null) ratio = Dec.min(Dec.max(ratio, 0), maxRatio);
  const met = better || equal;
  let status: TTargetStatus;
  if (better) status = "exceeded";
  else if (equal) status = "achieved";
  else if (ratio?.gte(nearThreshold)) status = "near";
  else status = "behind";
  const gap = direction === "higher" ? t.minus(a) : a.minus(t);
  return {
    ...base,
    status,
    ratio: ratio === null ? null : ratio.toNumber(),
    progress: met ? 1 : ratio === null ? null : Dec.min(ratio, 1).toNumber(),
    gap: gap.toNumber(),
  };
}

/** Explanation node for a status: actual, target, direction, ratio formula, thresholds. */
export function explainStatus(
  result: TStatusResult,
  context: { label: string; code?: string; unitId?: string; period?: string; children?: TExplanation[] },
): TExplanation {
  const formula =
    result.direction === "higher"
      ? "tỷ lệ = thực hiện / mục tiêu (ratio = actual / target)"
      : "tỷ lệ = mục tiêu / thực hiện (ratio = target / actual; thấp hơn là tốt hơn, lower is better)";
  return explanation({
    label: context.label,
    kind: "status",
    rule: "target_status",
    formula,
    code: context.code,
    unitId: context.unitId,
    period: context.period,
    inputs: [
      { label: "actual / thực hiện", value: result.actual },
      { label: "target / mục tiêu", value: result.target },
    ],
    result: result.status,
    display: `${STATUS_LABELS[result.status].vi}${result.ratio === null ? "" : ` (${formatPercent(result.ratio)})`}`,
    details: {
      direction: result.direction,
      ratio: result.ratio,
      progress: result.progress,
      gap: result.gap,
      nearThreshold: result.nearThreshold,
    },
    children: context.children,
  });
}

/** Counts of statuses. `achieved` includes `exceeded`. */
export interface TStatusSummary {
  total: number;
  /** Achieved or exceeded. */
  achieved: number;
  exceeded: number;
  near: number;
  behind: number;
  noData: number;
  /** total − noData. */
  withData: number;
  /** achieved / total (targets without data count in the total: they are not achieved); null when total is 0. */
  achievedShare: number | null;
}

function emptySummary(): TStatusSummary {
  return {
    total: 0,
    achieved: 0,
    exceeded: 0,
    near: 0,
    behind: 0,
    noData: 0,
    withData: 0,
    achievedShare: null,
  };
}

function add(s: TStatusSummary, status: TTargetStatus): void {
  s.total++;
  if (status === "exceeded") {
    s.exceeded++;
    s.achieved++;
  } else if (status === "achieved") s.achieved++;
  else if (status === "near") s.near++;
  else if (status === "behind") s.behind++;
  else s.noData++;
  s.withData = s.total - s.noData;
  s.achievedShare = new Dec(s.achieved).div(s.total).toNumber();
}

/**
 * "X/Y targets achieved (Z%)": counts overall and per group (pillar, plan or unit — whatever the
 * caller puts in `group`). Items without a group count only in the overall summary.
 */
export function summarizeStatuses(
  items: ReadonlyArray<{ status: TTargetStatus; group?: string | null }>,
): TStatusSummary & { byGroup: Record<string, TStatusSummary> } {
  const overall = emptySummary();
  const byGroup: Record<string, TStatusSummary> = {};
  for (const it of items) {
    add(overall, it.status);
    if (it.group !== undefined && it.group !== null) {
      if (!byGroup[it.group]) byGroup[it.group] = emptySummary();
      add(byGroup[it.group], it.status);
    }
  }
  return { ...overall, byGroup };
}

/**
 * The sentence fragment of review reports: {achieved: 14, total: 38} → "14/38 mục tiêu, đạt 36,8%"
 * (English: "14/38 targets, 36.8% achieved"). The share is computed exactly and rounded once.
 */
export function formatAchievedSummary(options: {
  achieved: number;
  total: number;
  decimals?: number;
  mode?: TRoundingMode;
  lang?: "vi" | "en";
}): string {
  const { achieved, total } = options;
  const lang = options.lang ?? "vi";
  const pct = formatPercent(
    { numerator: achieved, denominator: total },
    { decimals: options.decimals ?? 1, mode: options.mode, locale: lang },
  );
  const a = formatNumber(achieved, { locale: lang });
  const t = formatNumber(total, { locale: lang });
  return lang === "vi" ? `${a}/${t} mục tiêu, đạt ${pct}` : `${a}/${t} targets, ${pct} achieved`;
}
