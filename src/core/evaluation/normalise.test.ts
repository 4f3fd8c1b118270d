import { describe, expect, it } from "vitest";
import { normaliseValues, type TUnitIndexValues, weightedComposite, ZNormalisation } from "./normalise.ts";

const values = [0.8, 0.4, 0.6, null];

describe("normaliseValues", () => {
  it("none keeps values", () => {
    expect(normaliseValues({ values, normalisation: { method: "none" } })).toEqual(values);
  });
  it("ratio to maximum: the leader gets 1", () => {
    expect(normaliseValues({ values, normalisation: { method: "ratio_to_max" } })).toEqual([
      1,
      0.5,
      0.75,
      null,
    ]);
  });
  it("ratio to maximum with nothing positive gives nulls", () => {
    expect(normaliseValues({ values: [0, 0, null], normalisation: { method: "ratio_to_max" } })).toEqual([
      null,
      null,
      null,
    ]);
  });
  it("min–max with fixed bounds, clamped by default", () => {
    const n = { method: "min_max", min: 0.2, max: 0.7 } as const;
    // (0.8 − 0.2) / 0.5 = 1.2 → 1; (0.4 − 0.2) / 0.5 = 0.4; (0.6 − 0.2) / 0.5 = 0.8
    expect(normaliseValues({ values, normalisation: n })).toEqual([1, 0.4, 0.8, null]);
    expect(normaliseValues({ values, normalisation: { ...n, clamp: false } })).toEqual([1.2, 0.4, 0.8, null]);
  });
  it("min–max bounds are fixed: the same value normalises the same in any year's set", () => {
    const n = { method: "min_max", min: 0, max: 0.5 } as const;
    const y1 = normaliseValues({ values: [0.3, 0.1], normalisation: n });
    const y2 = normaliseValues({ values: [0.3, 0.45, 0.2], normalisation: n });
    expect(y1[0]).toBe(0.6);
    expect(y2[0]).toBe(0.6);
  });
  it("min–max with reversed bounds turns the scale round", () => {
    expect(
      normaliseValues({ values: [2, 10], normalisation: { method: "min_max", min: 10, max: 2 } }),
    ).toEqual([1, 0]);
  });
  it("min–max with equal bounds is a configuration error", () => {
    expect(() => normaliseValues({ values, normalisation: { method: "min_max", min: 1, max: 1 } })).toThrow();
  });
  it("z-score with the population standard deviation", () => {
    // mean 0.6, σ = √(0.08 / 3) = 0.163299…; z = ±0.2 / σ = ±√1.5 = ±1.2247448714
    expect(normaliseValues({ values, normalisation: { method: "z_score" } })).toEqual([
      1.2247448714,
      -1.2247448714,
      0,
      null,
    ]);
  });
  it("z-score with no spread gives 0", () => {
    expect(normaliseValues({ values: [0.5, 0.5], normalisation: { method: "z_score" } })).toEqual([0, 0]);
  });
  it("the schema validates a normalisation as data", () => {
    expect(ZNormalisation.safeParse({ method: "min_max", min: 0, max: 1 }).success).toBe(true);
    expect(ZNormalisation.safeParse({ method: "min_max" }).success).toBe(false);
    expect(ZNormalisation.safeParse({ method: "rank" }).success).toBe(false);
  });
});

describe("weightedComposite", () => {
  const units: TUnitIndexValues[] = [
    { unitId: "U1", indices: { a: 0.8, b: 0.5 } },
    { unitId: "U2", indices: { a: 0.4, b: 1 } },
    { unitId: "U3", indices: { a: 0.6, b: null } },
  ];
  const weights = { a: 3, b: 1 };
  it("combines raw values with weights rescaled to 1, missing counting 0", () => {
    const r = weightedComposite({ units, weights });
    // U1 (3·0.8 + 0.5)/4 = 0.725; U2 (1.2 + 1)/4 = 0.55; U3 (1.8 + 0)/4 = 0.45
    expect(r.map((x) => x.value)).toEqual([0.725, 0.55, 0.45]);
    expect(r[0].parts.map((p) => p.weight)).toEqual([0.75, 0.25]);
  });
  it("skips missing values when asked", () => {
    expect(weightedComposite({ units, weights, missing: "skip" })[2].value).toBe(0.6);
  });
  it("normalises each index before weighting", () => {
    const r = weightedComposite({ units, weights, normalisation: { method: "ratio_to_max" } });
    // a → 1, 0.5, 0.75; b → 0.5, 1, –; U1 (3 + 0.5)/4; U2 (1.5 + 1)/4; U3 2.25/4
    expect(r.map((x) => x.value)).toEqual([0.875, 0.625, 0.5625]);
  });
  it("accepts one normalisation per index", () => {
    const r = weightedComposite({
      units,
      weights,
      normalisation: { a: { method: "min_max", min: 0.4, max: 0.8 }, b: { method: "none" } },
    });
    // a → 1, 0, 0.5; U1 (3 + 0.5)/4 = 0.875; U2 (0 + 1)/4 = 0.25; U3 1.5/4 = 0.375
    expect(r.map((x) => x.value)).toEqual([0.875, 0.25, 0.375]);
  });
  it("rejects negative weights", () => {
    expect(() => weightedComposite({ units, weights: { a: -1 } })).toThrow();
  });
});
