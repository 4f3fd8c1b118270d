/**
 * Results across units: ranks overall and per top index (with ties), year-on-year change,
 * distribution statistics, and a unit's strengths and weaknesses.
 */
import { z } from "zod";
import { rankWithTies } from "../ranking.ts";
import type { TUnitIndexValues } from "./normalise.ts";
import { Dec, roundHalfUp, stored } from "./numeric.ts";
import { DEFAULT_PUBLISHED_DECIMALS, type TUnitScore } from "./scoring.ts";

/** Turns a unit's score into the index values used for ranking and comparison. */
export function unitIndexValuesFromScore(options: {
  unitId: string;
  unitName?: string;
  score: TUnitScore;
}): TUnitIndexValues {
  const indices: Record<string, number | null> = {};
  for (const n of options.score.indices) indices[n.code] = n.value;
  return {
    unitId: options.unitId,
    unitName: options.unitName,
    total: options.score.total.value,
    indices,
  };
}

/** A value with its rank among the units. */
export const ZRankedValue = z.object({
  value: z.number().nullable(),
  /** Competition rank ("15 and 15, then 17"); null when the value is missing. */
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  /** Number of ranked units (the "63" of "ranked 52/63"). */
  of: z.number().int(),
});
/** A value with its rank. */
export type TRankedValue = z.infer<typeof ZRankedValue>;

/** One unit's ranks, overall and per top index. */
export const ZUnitRanking = z.object({
  unitId: z.string(),
  unitName: z.string().optional(),
  total: ZRankedValue,
  indices: z.record(z.string(), ZRankedValue),
});
/** One unit's ranks. */
export type TUnitRanking = z.infer<typeof ZUnitRanking>;

function rankBy(options: {
  units: readonly TUnitIndexValues[];
  value: (u: TUnitIndexValues) => number | null;
  decimals: number;
}): Map<string, TRankedValue> {
  const ranked = rankWithTies(options.units, {
    value: options.value,
    direction: "higher",
    decimals: options.decimals,
  });
  const of = ranked.filter((r) => r.rank !== null).length;
  return new Map(
    ranked.map((r) => [r.item.unitId, { value: options.value(r.item), rank: r.rank, tied: r.tied, of }]),
  );
}

function indexCodes(units: readonly TUnitIndexValues[]): string[] {
  const codes = new Set<string>();
  for (const u of units) for (const c of Object.keys(u.indices)) codes.add(c);
  return [...codes];
}

/**
 * Ranks units overall and on every top index (pillar), higher value first, with competition
 * ties. Ties are decided on values rounded to `decimals` (default 4, the published precision),
 * so two provinces both published at 0,6530 share a rank, as in the official table (Thanh Hóa
 * and Yên Bái both 15th in DTI 2022). Rows come in overall rank order.
 */
export function rankUnits(options: {
  units: readonly TUnitIndexValues[];
  /** Decimals at which ties are decided (default 4). */
  decimals?: number;
}): TUnitRanking[] {
  const { units } = options;
  const decimals = options.decimals ?? DEFAULT_PUBLISHED_DECIMALS;
  const overall = rankBy({ units, value: (u) => u.total ?? null, decimals });
  const perIndex = new Map(
    indexCodes(units).map((code) => [
      code,
      rankBy({ units, value: (u) => u.indices[code] ?? null, decimals }),
    ]),
  );
  const rows = units.map((u) => {
    const indices: Record<string, TRankedValue> = {};
    for (const [code, ranks] of perIndex) indices[code] = ranks.get(u.unitId)!;
    return { unitId: u.unitId, unitName: u.unitName, total: overall.get(u.unitId)!, indices };
  });
  const order = rankWithTies(rows, { value: (r) => r.total.value, direction: "higher", decimals });
  return order.map((o) => o.item);
}

/** Change of one value and its rank between two years. */
export const ZChange = z.object({
  value: z.number().nullable(),
  previousValue: z.number().nullable(),
  /** value − previousValue, rounded to the decimals; null when either is missing. */
  change: z.number().nullable(),
  rank: z.number().int().nullable(),
  previousRank: z.number().int().nullable(),
  /** previousRank − rank: positive = moved up ("tăng 5 bậc"), negative = moved down. */
  rankChange: z.number().int().nullable(),
});
/** Change of one value and its rank. */
export type TChange = z.infer<typeof ZChange>;

/** One unit's year-on-year change, overall and per top index. */
export const ZUnitChange = z.object({
  unitId: z.string(),
  unitName: z.string().optional(),
  total: ZChange,
  indices: z.record(z.string(), ZChange),
});
/** One unit's year-on-year change. */
export type TUnitChange = z.infer<typeof ZUnitChange>;

function change(options: {
  current: TRankedValue;
  previous: TRankedValue | undefined;
  decimals: number;
}): TChange {
  const { current, previous, decimals } = options;
  const pv = previous?.value ?? null;
  const pr = previous?.rank ?? null;
  return {
    value: current.value,
    previousValue: pv,
    change:
      current.value === null || pv === null
        ? null
        : roundHalfUp(new Dec(String(current.value)).minus(String(pv)), decimals),
    rank: current.rank,
    previousRank: pr,
    rankChange: current.rank === null || pr === null ? null : pr - current.rank,
  };
}

/**
 * Year-on-year change of every unit of the current year: value change (exact decimal subtraction,
 * rounded to `decimals`, default 4: 0,3081 − 0,3133 = −0,0052) and rank change, each year ranked
 * among its own units. Units new this year get null changes. Rows follow the current ranking.
 */
export function compareYears(options: {
  current: readonly TUnitIndexValues[];
  previous: readonly TUnitIndexValues[];
  decimals?: number;
}): TUnitChange[] {
  const decimals = options.decimals ?? DEFAULT_PUBLISHED_DECIMALS;
  const now = rankUnits({ units: options.current, decimals });
  const before = new Map(rankUnits({ units: options.previous, decimals }).map((r) => [r.unitId, r]));
  return now.map((row) => {
    const prev = before.get(row.unitId);
    const indices: Record<string, TChange> = {};
    for (const [code, rv] of Object.entries(row.indices)) {
      indices[code] = change({ current: rv, previous: prev?.indices[code], decimals });
    }
    return {
      unitId: row.unitId,
      unitName: row.unitName,
      total: change({ current: row.total, previous: prev?.total, decimals }),
      indices,
    };
  });
}

/** Summary statistics of values across units. */
export const ZDistribution = z.object({
  count: z.number().int(),
  /** Values that were null or not finite, left out. */
  missing: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  /** First quartile (25th percentile, linear interpolation). */
  q1: z.number().nullable(),
  /** Third quartile (75th percentile, linear interpolation). */
  q3: z.number().nullable(),
  /** Equal-width bins; each covers [from, to) except the last, which includes `to`. */
  histogram: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
  /** Values outside the histogram range (counted in no bin). */
  outOfRange: z.number().int(),
});
/** Summary statistics. */
export type TDistribution = z.infer<typeof ZDistribution>;

/**
 * Percentile by linear interpolation between closest ranks (Hyndman–Fan type 7, as Excel
 * QUARTILE.INC and R's default): h = (n − 1)·p, q = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
 */
export function percentile(options: { sorted: readonly number[]; p: number }): number | null {
  const { sorted, p } = options;
  if (sorted.length === 0) return null;
  const h = new Dec(sorted.length - 1).times(String(p));
  const lo = h.floor().toNumber();
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = h.minus(lo);
  const a = new Dec(String(sorted[lo]));
  return stored(a.plus(frac.times(new Dec(String(sorted[hi])).minus(a))));
}

/**
 * Distribution of values across units: count, min, max, mean, median, quartiles and a histogram
 * of `bins` equal-width bins over `range` (default 10 bins over [0, 1], the index value scale).
 */
export function describeDistribution(options: {
  values: readonly (number | null)[];
  bins?: number;
  range?: readonly [number, number];
}): TDistribution {
  const bins = options.bins ?? 10;
  const [lo, hi] = options.range ?? [0, 1];
  if (!(Number.isInteger(bins) && bins > 0)) throw new Error(`bins must be a positive integer, got ${bins}`);
  if (!(hi > lo)) throw new Error(`range must have to > from, got [${lo}, ${hi}]`);
  const xs = options.values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => a - b);
  const width = new Dec(String(hi)).minus(String(lo)).div(bins);
  const histogram = Array.from({ length: bins }, (_, i) => ({
    from: stored(new Dec(String(lo)).plus(width.times(i))),
    to: stored(new Dec(String(lo)).plus(width.times(i + 1))),
    count: 0,
  }));
  let outOfRange = 0;
  for (const x of xs) {
    if (x < lo || x > hi) {
      outOfRange++;
      continue;
    }
    // Decimal arithmetic: 0.7 must land in [0.7, 0.8), not in [0.6, 0.7) through 6.9999….
    const i = Math.min(bins - 1, new Dec(String(x)).minus(String(lo)).div(width).floor().toNumber());
    histogram[i].count++;
  }
  const sum = xs.reduce((a, b) => a.plus(String(b)), new Dec(0));
  return {
    count: xs.length,
    missing: options.values.length - xs.length,
    min: xs.length ? xs[0] : null,
    max: xs.length ? xs[xs.length - 1] : null,
    mean: xs.length ? stored(sum.div(xs.length)) : null,
    median: percentile({ sorted: xs, p: 0.5 }),
    q1: percentile({ sorted: xs, p: 0.25 }),
    q3: percentile({ sorted: xs, p: 0.75 }),
    histogram,
    outOfRange,
  };
}

/** A criterion or index in a strengths/weaknesses list. */
export const ZGapItem = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  points: z.number(),
  maxPoints: z.number(),
  /** points / maxPoints. */
  share: z.number(),
  /** 1 − share: how far below the maximum, as a share. */
  gap: z.number(),
  /** maxPoints − points. */
  gapPoints: z.number(),
});
/** A strength or weakness. */
export type TGapItem = z.infer<typeof ZGapItem>;

/**
 * A unit's strengths (highest shares of the maximum) and weaknesses (furthest below the maximum,
 * as a share — so a 5-point criterion at 0 weighs as much as a 50-point one at 0; ties are broken
 * by the points lost). `level`: "criteria" (default), "indices" (every index node) or "top"
 * (top indices only). Items at their maximum are never weaknesses; items at 0 never strengths.
 */
export function strengthsAndWeaknesses(options: {
  score: TUnitScore;
  level?: "criteria" | "indices" | "top";
  /** Items per list (default 5). */
  limit?: number;
}): { strengths: TGapItem[]; weaknesses: TGapItem[] } {
  const level = options.level ?? "criteria";
  const limit = options.limit ?? 5;
  const source =
    level === "criteria"
      ? options.score.criteria.map((c) => ({ ...c, share: c.share }))
      : options.score.nodes
          .filter((n) => n.kind === "index" && (level === "indices" || n.depth === 1))
          .map((n) => ({ ...n, share: n.value }));
  const items: TGapItem[] = source.map((n) => ({
    code: n.code,
    nameVi: n.nameVi,
    nameEn: n.nameEn,
    points: n.points,
    maxPoints: n.maxPoints,
    share: n.share,
    gap: stored(new Dec(1).minus(String(n.share))),
    gapPoints: stored(new Dec(String(n.maxPoints)).minus(String(n.points))),
  }));
  const weaknesses = items
    .filter((i) => i.gap > 0)
    .sort((a, b) => b.gap - a.gap || b.gapPoints - a.gapPoints || a.code.localeCompare(b.code))
    .slice(0, limit);
  const strengths = items
    .filter((i) => i.share > 0)
    .sort((a, b) => b.share - a.share || b.maxPoints - a.maxPoints || a.code.localeCompare(b.code))
    .slice(0, limit);
  return { strengths, weaknesses };
}
