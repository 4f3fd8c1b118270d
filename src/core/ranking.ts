/**
 * Ranking of units: competition ranking with ties ("1224"), dense ranking ("1223"),
 * and ranking on a weighted composite of several indicators normalised by min–max.
 *
 * Pure functions, no I/O.
 */

/** Which end of the scale is better. */
export type TRankDirection = "higher" | "lower";

/** One ranked row. `rank` is null for units without a value. */
export interface TRanked<T> {
  item: T;
  rank: number | null;
  /** True when at least one other unit shares the same rank. */
  tied: boolean;
}

/** Options for {@link rankWithTies}. */
export interface TRankOptions<T> {
  /** The value ranked; null (or a non-finite number) leaves the unit unranked. */
  value: (item: T) => number | null;
  /** "higher": the largest value gets rank 1; "lower": the smallest does (a rank of 30 beats 52). */
  direction: TRankDirection;
  /**
   * "competition" (default, "1224": ties share the best rank and the next rank skips) or
   * "dense" ("1223": the next rank follows on).
   */
  method?: "competition" | "dense";
  /**
   * Compare values after rounding to this many decimals, so that units whose published figures are
   * equal (e.g. DTI 0.3081 and 0.30812 both shown as 0,3081) tie. Omit to compare exact values.
   */
  decimals?: number;
}

function usable(v: number | null | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Rounds half away from zero at `decimals` using the decimal string form, not binary arithmetic. */
function roundForCompare(v: number, decimals: number): number {
  // toFixed on the shortest decimal representation would suffer binary error (1.005 → "1.00");
  // scientific shift by string keeps the decimal digits the user sees.
  const shifted = Number(`${Math.abs(v)}e${decimals}`);
  const r = Number(`${Math.round(shifted)}e-${decimals}`);
  return v < 0 ? -r : r;
}

/** Competition ranking ("1224"): ties share the best rank, the next rank skips ("15 and 15, then 17"). Units with null value are unranked (rank null) and listed last. */
export function rankWithTies<T>(
  items: readonly T[],
  options: {
    value: (item: T) => number | null;
    direction: "higher" | "lower";
    method?: "competition" | "dense";
    decimals?: number;
  },
): Array<{ item: T; rank: number | null; tied: boolean }> {
  const { direction, method = "competition", decimals } = options;
  const rows = items.map((item, index) => {
    const raw = options.value(item);
    const v = usable(raw) ? (decimals === undefined ? raw : roundForCompare(raw, decimals)) : null;
    return { item, index, v };
  });
  const valued = rows.filter((r): r is { item: T; index: number; v: number } => r.v !== null);
  const unvalued = rows.filter((r) => r.v === null);
  // Stable sort: equal values keep input order, so output is deterministic.
  valued.sort((a, b) => {
    const d = direction === "higher" ? b.v - a.v : a.v - b.v;
    return d !== 0 ? d : a.index - b.index;
  });
  const out: Array<{ item: T; rank: number | null; tied: boolean }> = [];
  let i = 0;
  let denseRank = 0;
  while (i < valued.length) {
    let j = i;
    while (j + 1 < valued.length && valued[j + 1].v === valued[i].v) j++;
    denseRank++;
    const rank = method === "dense" ? denseRank : i + 1;
    const tied = j > i;
    for (let k = i; k <= j; k++) out.push({ item: valued[k].item, rank, tied });
    i = j + 1;
  }
  for (const r of unvalued) out.push({ item: r.item, rank: null, tied: false });
  return out;
}

/** One component of a composite ranking. */
export interface TCompositeComponent<T> {
  /** Indicator code, for explanation. */
  code: string;
  /** The unit's value of this indicator; null when missing. */
  value: (item: T) => number | null;
  /** Relative weight (need not sum to 1; weights are normalised over the components present). */
  weight: number;
  direction: TRankDirection;
}

/** How a composite treats a unit missing one component's value. */
export type TCompositeMissing = "skip" | "zero" | "exclude_unit";

/** Options for {@link compositeScores} and {@link rankComposite}. */
export interface TCompositeOptions<T> {
  components: readonly TCompositeComponent<T>[];
  /**
   * "skip" (default): the unit's score is the weighted mean of the components it has (weights
   * re-normalised); "zero": a missing component counts as the worst (0); "exclude_unit": a unit
   * missing any component gets no score.
   */
  missing?: TCompositeMissing;
  /** Ranking method, as in {@link rankWithTies}. */
  method?: "competition" | "dense";
  /** Decimals of the composite score at which ties are decided (default 6). */
  decimals?: number;
}

/** A unit's composite score with its normalised parts, so the ranking can be explained. */
export interface TCompositeScore<T> {
  item: T;
  /** Weighted mean of normalised components in [0, 1]; null when no usable component. */
  score: number | null;
  parts: Array<{
    code: string;
    raw: number | null;
    /** Min–max normalised, oriented so 1 is best; null when raw is missing. */
    normalised: number | null;
    weight: number;
  }>;
}

/**
 * Normalises each component 0–1 by min–max across the units (1 = best, honouring direction) and
 * combines them with weights. When all units share one value for a component, every unit gets 1
 * for it (nobody is behind on that component), rather than dividing by zero.
 */
export function compositeScores<T>(items: readonly T[], options: TCompositeOptions<T>): TCompositeScore<T>[] {
  const missing = options.missing ?? "skip";
  const ranges = options.components.map((c) => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const it of items) {
      const v = c.value(it);
      if (usable(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    return { min, max };
  });
  return items.map((item) => {
    const parts = options.components.map((c, idx) => {
      const raw = c.value(item);
      if (!usable(raw)) return { code: c.code, raw: null, normalised: null, weight: c.weight };
      const { min, max } = ranges[idx];
      let n = max === min ? 1 : (raw - min) / (max - min);
      if (c.direction === "lower" && max !== min) n = 1 - n;
      return { code: c.code, raw, normalised: n, weight: c.weight };
    });
    let wsum = 0;
    let acc = 0;
    let anyMissing = false;
    for (const p of parts) {
      if (p.normalised === null) {
        anyMissing = true;
        if (missing === "zero") wsum += p.weight;
        continue;
      }
      wsum += p.weight;
      acc += p.weight * p.normalised;
    }
    let score: number | null = wsum > 0 ? acc / wsum : null;
    if (missing === "exclude_unit" && anyMissing) score = null;
    if (missing !== "zero" && parts.every((p) => p.normalised === null)) score = null;
    return { item, score, parts };
  });
}

/** Ranks units on a weighted composite (see {@link compositeScores}); higher composite is better. */
export function rankComposite<T>(
  items: readonly T[],
  options: TCompositeOptions<T>,
): Array<{
  item: T;
  rank: number | null;
  tied: boolean;
  score: number | null;
  parts: TCompositeScore<T>["parts"];
}> {
  const scored = compositeScores(items, options);
  const ranked = rankWithTies(scored, {
    value: (s) => s.score,
    direction: "higher",
    method: options.method,
    decimals: options.decimals ?? 6,
  });
  return ranked.map((r) => ({
    item: r.item.item,
    rank: r.rank,
    tied: r.tied,
    score: r.item.score,
    parts: r.item.parts,
  }));
}
