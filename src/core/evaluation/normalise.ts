/**
 * Normalisation of index values across units, and weighted composites of normalised values.
 *
 * Index values are already on 0..1 (points / max points); normalisation is for comparing units
 * relative to each other (ratio to the leader, z-scores) or on a scale fixed across years
 * (min–max with given bounds, so that 2023 and 2024 are on the same ruler).
 */
import { z } from "zod";
import { Dec, stored, type TDec } from "./numeric.ts";

/** A normalisation method. */
export const ZNormalisation = z.discriminatedUnion("method", [
  /** Values as they are. */
  z.object({ method: z.literal("none") }),
  /** value / max(values): the leader gets 1. */
  z.object({ method: z.literal("ratio_to_max") }),
  /**
   * (value − min) / (max − min) with bounds given, not observed, so that the scale stays fixed
   * across years. Clamped to [0, 1] unless `clamp` is false. min > max turns the scale round
   * (for lower-is-better values).
   */
  z.object({
    method: z.literal("min_max"),
    min: z.number().finite(),
    max: z.number().finite(),
    clamp: z.boolean().optional(),
  }),
  /** (value − mean) / standard deviation (population), across the units given. */
  z.object({ method: z.literal("z_score") }),
]);
/** A normalisation method. */
export type TNormalisation = z.infer<typeof ZNormalisation>;

/** Index values of one unit: overall value and top-index values, each 0..1 or null (no data). */
export const ZUnitIndexValues = z.object({
  unitId: z.string(),
  unitName: z.string().optional(),
  /** The composite (e.g. the DTI); null when not computed. */
  total: z.number().finite().nullable().optional(),
  /** Value per top-index code. */
  indices: z.record(z.string(), z.number().finite().nullable()),
});
/** Index values of one unit. */
export type TUnitIndexValues = z.infer<typeof ZUnitIndexValues>;

/**
 * Normalises a list of values (nulls stay null and are left out of the statistics).
 * Degenerate cases give defined answers instead of NaN: ratio_to_max with a maximum ≤ 0 gives
 * null, z-score with zero spread gives 0 for everyone (nobody is above or below), min_max with
 * equal bounds throws because the bounds are configuration and must be fixed.
 */
export function normaliseValues(options: {
  values: readonly (number | null)[];
  normalisation: TNormalisation;
}): (number | null)[] {
  const { values, normalisation } = options;
  const present = values
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .map((v) => new Dec(String(v)));
  switch (normalisation.method) {
    case "none":
      return values.map((v) => v);
    case "ratio_to_max": {
      if (present.length === 0) return values.map(() => null);
      const max = Dec.max(...present);
      if (max.lte(0)) return values.map(() => null);
      return values.map((v) => (v === null ? null : stored(new Dec(String(v)).div(max))));
    }
    case "min_max": {
      const { min, max } = normalisation;
      if (min === max)
        throw new Error(`min_max normalisation needs two different bounds, got ${min} and ${max}`);
      const clamp = normalisation.clamp ?? true;
      const width = new Dec(String(max)).minus(String(min));
      return values.map((v) => {
        if (v === null) return null;
        let n: TDec = new Dec(String(v)).minus(String(min)).div(width);
        if (clamp) n = Dec.max(0, Dec.min(1, n));
        return stored(n);
      });
    }
    case "z_score": {
      if (present.length === 0) return values.map(() => null);
      const mean = present.reduce((a, b) => a.plus(b), new Dec(0)).div(present.length);
      const variance = present.reduce((a, b) => a.plus(b.minus(mean).pow(2)), new Dec(0)).div(present.length);
      const sd = variance.sqrt();
      return values.map((v) => {
        if (v === null) return null;
        if (sd.isZero()) return 0;
        return stored(new Dec(String(v)).minus(mean).div(sd));
      });
    }
  }
}

/** One part of a unit's composite. */
export interface TCompositePart {
  code: string;
  raw: number | null;
  normalised: number | null;
  /** Weight after rescaling the weights to sum to 1. */
  weight: number;
}

/** A unit's weighted composite. */
export interface TComposite {
  unitId: string;
  /** Σ wᵢ · normalisedᵢ with Σ wᵢ = 1; null when the unit has no usable value. */
  value: number | null;
  parts: TCompositePart[];
}

/**
 * Weighted composite of normalised index values across units: each index is normalised across
 * the units (one method for all, or one per index code), then combined with weights rescaled to
 * sum to 1. A missing value counts as 0 by default (the DTI rule: what is not reported earns
 * nothing); `missing: "skip"` instead averages over the indices present, weights rescaled.
 */
export function weightedComposite(options: {
  units: readonly TUnitIndexValues[];
  /** Weight per index code; only these indices enter the composite. */
  weights: Record<string, number>;
  normalisation?: TNormalisation | Record<string, TNormalisation>;
  missing?: "zero" | "skip";
}): TComposite[] {
  const { units, weights } = options;
  const codes = Object.keys(weights);
  for (const code of codes) {
    const w = weights[code];
    if (!(Number.isFinite(w) && w >= 0))
      throw new Error(`weight of ${code} must be a finite number ≥ 0, got ${w}`);
  }
  const methodFor = (code: string): TNormalisation => {
    const n = options.normalisation;
    if (n === undefined) return { method: "none" };
    if ("method" in n && typeof n.method === "string") return n as TNormalisation;
    return (n as Record<string, TNormalisation>)[code] ?? { method: "none" };
  };
  const normalised = new Map<string, (number | null)[]>();
  for (const code of codes) {
    normalised.set(
      code,
      normaliseValues({ values: units.map((u) => u.indices[code] ?? null), normalisation: methodFor(code) }),
    );
  }
  const missing = options.missing ?? "zero";
  return units.map((unit, i) => {
    let wsum = new Dec(0);
    let acc = new Dec(0);
    const parts: TCompositePart[] = codes.map((code) => {
      const n = normalised.get(code)![i];
      const w = new Dec(String(weights[code]));
      if (n !== null || missing === "zero") {
        wsum = wsum.plus(w);
        acc = acc.plus(w.times(String(n ?? 0)));
      }
      return { code, raw: unit.indices[code] ?? null, normalised: n, weight: weights[code] };
    });
    const total = codes.reduce((a, c) => a.plus(String(weights[c])), new Dec(0));
    for (const p of parts) p.weight = total.isZero() ? 0 : stored(new Dec(String(p.weight)).div(total));
    const anyValue = parts.some((p) => p.normalised !== null);
    return { unitId: unit.unitId, value: anyValue && !wsum.isZero() ? stored(acc.div(wsum)) : null, parts };
  });
}
