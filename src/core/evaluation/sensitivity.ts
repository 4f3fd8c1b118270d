/**
 * Sensitivity of ranks to weights (uncertainty analysis, JRC/OECD Handbook on Constructing
 * Composite Indicators, step 7): Monte Carlo over random perturbations of the top-index weights,
 * reporting for each unit the interval its rank moves in. A rank that stays put under ±20 % weight
 * changes is robust; one that swings from 10 to 25 should be published with that caveat.
 */
import { z } from "zod";
import { rankWithTies } from "../ranking.ts";
import type { TUnitIndexValues } from "./normalise.ts";
import { Dec, stored } from "./numeric.ts";

/**
 * mulberry32: a tiny, fast 32-bit seeded PRNG (Tommy Ettinger's public-domain generator), good
 * enough for Monte Carlo on a few thousand runs and, unlike Math.random, reproducible: the same
 * seed gives the same sequence on every machine. Returns a function giving floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of a rank sensitivity analysis, as data (so a run can be stored next to its result). */
export const ZSensitivityOptions = z.object({
  /** Relative half-width of the uniform perturbation of each weight (default 0.2: ±20 %). */
  perturbation: z.number().min(0).lt(1).optional(),
  /** Monte Carlo runs (default 1000). */
  runs: z.number().int().min(1).max(1_000_000).optional(),
  /** PRNG seed (default 1). */
  seed: z.number().int().optional(),
  /** Decimals at which composite ties are decided (default 4, the published precision). */
  decimals: z.number().int().min(0).max(12).optional(),
});
/** Options of a rank sensitivity analysis. */
export type TSensitivityOptions = z.infer<typeof ZSensitivityOptions>;

/** How one unit's rank moves under weight perturbation. */
export const ZRankInterval = z.object({
  unitId: z.string(),
  /** Composite with the base weights. */
  baseValue: z.number().nullable(),
  baseRank: z.number().int().nullable(),
  minRank: z.number().int().nullable(),
  maxRank: z.number().int().nullable(),
  /** 5th percentile of the rank over the runs (nearest-rank method: an actual rank seen). */
  p05: z.number().int().nullable(),
  /** 95th percentile (nearest rank). */
  p95: z.number().int().nullable(),
  /** Median rank (mean of the two middle runs when the number of runs is even). */
  medianRank: z.number().nullable(),
  /** Share of runs in which the unit kept its base rank. */
  shareAtBaseRank: z.number(),
});
/** How one unit's rank moves. */
export type TRankInterval = z.infer<typeof ZRankInterval>;

/** Result of {@link rankSensitivity}. */
export const ZSensitivityResult = z.object({
  runs: z.number().int(),
  seed: z.number().int(),
  perturbation: z.number(),
  /** Base weights rescaled to sum to 1. */
  baseWeights: z.record(z.string(), z.number()),
  units: z.array(ZRankInterval),
});
/** Result of {@link rankSensitivity}. */
export type TSensitivityResult = z.infer<typeof ZSensitivityResult>;

/**
 * Nearest-rank percentile of sorted values: the smallest value with at least a share p of the
 * values at or below it, so the result is always a rank actually observed (5 of 1000 runs → the 50th).
 */
export function nearestRankPercentile(options: { sorted: readonly number[]; p: number }): number {
  const { sorted, p } = options;
  if (sorted.length === 0) throw new Error("nearestRankPercentile needs at least one value");
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Monte Carlo rank sensitivity. Each run multiplies every top-index weight by an independent
 * factor drawn uniformly from [1 − p, 1 + p], rescales the weights to sum to 1, recomputes every
 * unit's composite Σ wᵢ·valueᵢ (a missing index value counts as 0) and ranks the units with
 * competition ties. Reports per unit the rank with base weights, min/max, 5th/95th percentile
 * and median rank over the runs. Deterministic for a given seed.
 *
 * For the DTI the base weights are the indices' max points (100 … 200), since
 * DTI = Σ(value × max points)/1000.
 */
export function rankSensitivity(
  options: {
    units: readonly TUnitIndexValues[];
    /** Base weight per top-index code; only these indices enter the composite. */
    weights: Record<string, number>;
  } & TSensitivityOptions,
): TSensitivityResult {
  const { units, weights } = options;
  const perturbation = options.perturbation ?? 0.2;
  const runs = options.runs ?? 1000;
  const seed = options.seed ?? 1;
  const decimals = options.decimals ?? 4;
  const codes = Object.keys(weights);
  if (codes.length === 0) throw new Error("rankSensitivity needs at least one weight");
  for (const c of codes) {
    if (!(Number.isFinite(weights[c]) && weights[c] > 0)) throw new Error(`weight of ${c} must be > 0`);
  }
  const baseSum = codes.reduce((a, c) => a.plus(String(weights[c])), new Dec(0));
  const baseWeights: Record<string, number> = {};
  for (const c of codes) baseWeights[c] = stored(new Dec(String(weights[c])).div(baseSum));

  // A unit with no value on any index is unranked in every run, as in the published tables.
  const matrix = units.map((u) => codes.map((c) => u.indices[c] ?? null));
  const hasAny = matrix.map((row) => row.some((v) => v !== null));

  const composite = (w: readonly number[]): (number | null)[] =>
    matrix.map((row, i) => {
      if (!hasAny[i]) return null;
      let acc = 0;
      for (let k = 0; k < row.length; k++) acc += w[k] * (row[k] ?? 0);
      return acc;
    });
  const rankOnce = (values: readonly (number | null)[]): (number | null)[] => {
    const idx = values.map((v, i) => ({ i, v }));
    const ranked = rankWithTies(idx, { value: (x) => x.v, direction: "higher", decimals });
    const out: (number | null)[] = new Array(values.length).fill(null);
    for (const r of ranked) out[r.item.i] = r.rank;
    return out;
  };

  const base = codes.map((c) => baseWeights[c]);
  // The base composite in exact decimals (Σ wᵢ·vᵢ / Σ wᵢ with the raw weights), so that the base
  // rank matches the published table; the runs use floats for speed.
  const baseValues = matrix.map((row, i) => {
    if (!hasAny[i]) return null;
    const acc = row.reduce(
      (a, v, k) => a.plus(new Dec(String(weights[codes[k]])).times(String(v ?? 0))),
      new Dec(0),
    );
    return stored(acc.div(baseSum));
  });
  const baseRanks = rankOnce(baseValues);

  const random = mulberry32(seed);
  const ranksPerUnit: number[][] = units.map(() => []);
  const w = new Array<number>(codes.length);
  for (let run = 0; run < runs; run++) {
    let sum = 0;
    for (let k = 0; k < codes.length; k++) {
      w[k] = base[k] * (1 + perturbation * (2 * random() - 1));
      sum += w[k];
    }
    for (let k = 0; k < codes.length; k++) w[k] /= sum;
    const ranks = rankOnce(composite(w));
    for (let i = 0; i < units.length; i++) {
      const r = ranks[i];
      if (r !== null) ranksPerUnit[i].push(r);
    }
  }

  return {
    runs,
    seed,
    perturbation,
    baseWeights,
    units: units.map((u, i) => {
      const rs = ranksPerUnit[i].sort((a, b) => a - b);
      const n = rs.length;
      const baseRank = baseRanks[i];
      const baseValue = baseValues[i];
      if (n === 0) {
        return {
          unitId: u.unitId,
          baseValue: null,
          baseRank: null,
          minRank: null,
          maxRank: null,
          p05: null,
          p95: null,
          medianRank: null,
          shareAtBaseRank: 0,
        };
      }
      const median = n % 2 === 1 ? rs[(n - 1) / 2] : (rs[n / 2 - 1] + rs[n / 2]) / 2;
      return {
        unitId: u.unitId,
        baseValue,
        baseRank,
        minRank: rs[0],
        maxRank: rs[n - 1],
        p05: nearestRankPercentile({ sorted: rs, p: 0.05 }),
        p95: nearestRankPercentile({ sorted: rs, p: 0.95 }),
        medianRank: median,
        shareAtBaseRank: rs.filter((r) => r === baseRank).length / n,
      };
    }),
  };
}
