import { describe, expect, it } from "vitest";
import type { TUnitIndexValues } from "./normalise.ts";
import { mulberry32, nearestRankPercentile, rankSensitivity, ZSensitivityResult } from "./sensitivity.ts";

const u = (unitId: string, indices: Record<string, number | null>): TUnitIndexValues => ({ unitId, indices });

describe("mulberry32", () => {
  it("matches the reference sequence for seed 1", () => {
    const r = mulberry32(1);
    expect([r(), r(), r()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });
  it("is uniform enough on [0, 1)", () => {
    const r = mulberry32(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 20000; i++) {
      const x = r();
      sum += x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(sum / 20000).toBeGreaterThan(0.49);
    expect(sum / 20000).toBeLessThan(0.51);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
  });
});

/** DTI 2022 top five (dti.gov.vn), index values 1–5, 7–9; weights = max points. */
const DTI_WEIGHTS = { "1": 100, "2": 100, "3": 100, "4": 100, "5": 100, "7": 200, "8": 150, "9": 150 };
const dti = (unitId: string, v: number[]) =>
  u(unitId, Object.fromEntries(Object.keys(DTI_WEIGHTS).map((c, i) => [c, v[i]])));
const TOP5 = [
  dti("Đà Nẵng", [1.0, 0.9, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197]),
  dti("TP. Hồ Chí Minh", [0.8917, 0.9, 0.8258, 0.6267, 0.558, 0.8406, 0.7611, 0.359]),
  dti("Quảng Ninh", [0.9581, 0.9, 0.7648, 0.625, 0.5382, 0.8385, 0.5904, 0.4505]),
  dti("Thừa Thiên - Huế", [0.95, 0.9, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001]),
  dti("Cần Thơ", [0.9, 0.8, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947]),
];

describe("nearestRankPercentile", () => {
  it("returns an observed value: the smallest with at least p of the values at or below it", () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(nearestRankPercentile({ sorted, p: 0.05 })).toBe(1);
    expect(nearestRankPercentile({ sorted, p: 0.5 })).toBe(5);
    expect(nearestRankPercentile({ sorted, p: 0.95 })).toBe(10);
    expect(nearestRankPercentile({ sorted, p: 0.9 })).toBe(9);
  });
});

describe("rankSensitivity", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, seed: 2024 });
    const b = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, seed: 2024 });
    const c = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, seed: 99 });
    expect(b).toEqual(a);
    expect(c.units.map((x) => x.shareAtBaseRank)).not.toEqual(a.units.map((x) => x.shareAtBaseRank));
    expect(ZSensitivityResult.safeParse(a).success).toBe(true);
    expect(a.runs).toBe(1000);
  });
  it("reproduces the published ranks with the base weights", () => {
    const r = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, runs: 10 });
    expect(r.units.map((x) => x.baseRank)).toEqual([1, 2, 3, 4, 5]);
    expect(r.units[0].baseValue).toBe(0.800175);
    expect(r.baseWeights).toMatchObject({ "1": 0.1, "7": 0.2, "8": 0.15 });
  });
  it("gives sensible intervals on the DTI 2022 top five", () => {
    const r = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, seed: 1 });
    for (const x of r.units) {
      expect(x.minRank!).toBeLessThanOrEqual(x.p05!);
      expect(x.p05!).toBeLessThanOrEqual(x.medianRank!);
      expect(x.medianRank!).toBeLessThanOrEqual(x.p95!);
      expect(x.p95!).toBeLessThanOrEqual(x.maxRank!);
      expect(x.baseRank!).toBeGreaterThanOrEqual(x.minRank!);
      expect(x.baseRank!).toBeLessThanOrEqual(x.maxRank!);
    }
    // Đà Nẵng leads every index but two by a wide margin: first under any ±20 % weights.
    expect(r.units[0]).toMatchObject({ minRank: 1, maxRank: 1, shareAtBaseRank: 1 });
    // Quảng Ninh, Huế and Cần Thơ are within 0.01 of each other: their ranks move.
    const hue = r.units[3];
    expect(hue.maxRank! - hue.minRank!).toBeGreaterThan(0);
  });
  it("collapses every interval to the base rank with no perturbation", () => {
    const r = rankSensitivity({ units: TOP5, weights: DTI_WEIGHTS, perturbation: 0, runs: 50 });
    for (const x of r.units) {
      expect([x.minRank, x.p05, x.medianRank, x.p95, x.maxRank]).toEqual(Array(5).fill(x.baseRank));
    }
  });
  it("splits a perfect trade-off evenly: A wins whenever its weight is the larger", () => {
    // A = w_a, B = w_b: base tie; with i.i.d. perturbations each wins half of the runs.
    const r = rankSensitivity({
      units: [u("A", { a: 1, b: 0 }), u("B", { a: 0, b: 1 })],
      weights: { a: 1, b: 1 },
    });
    const [a, b] = r.units;
    expect(a.baseRank).toBe(1);
    expect(b.baseRank).toBe(1);
    expect([a.minRank, a.maxRank, b.minRank, b.maxRank]).toEqual([1, 2, 1, 2]);
    // Exactly one of them is first in every run.
    expect(a.shareAtBaseRank + b.shareAtBaseRank).toBeCloseTo(1, 10);
    expect(a.shareAtBaseRank).toBeGreaterThan(0.45);
    expect(a.shareAtBaseRank).toBeLessThan(0.55);
  });
  it("separates the 5th–95th percentile from the extremes for a rare swap", () => {
    // A = 0.5, B = 0.35 with equal weights. B overtakes only when w_b / w_a > 1/0.7; with
    // factors uniform on [0.8, 1.2] that has probability 1/140 ≈ 0.7 % — below 5 %, so the swap
    // shows in min/max but not in p05/p95.
    const r = rankSensitivity({
      units: [u("A", { a: 1, b: 0 }), u("B", { a: 0, b: 0.7 })],
      weights: { a: 1, b: 1 },
      seed: 3,
    });
    const [a, b] = r.units;
    expect([a.baseRank, a.p05, a.p95, a.medianRank]).toEqual([1, 1, 1, 1]);
    expect(a.maxRank).toBe(2);
    expect([b.p05, b.p95, b.minRank]).toEqual([2, 2, 1]);
    expect(1 - a.shareAtBaseRank).toBeGreaterThan(0.001);
    expect(1 - a.shareAtBaseRank).toBeLessThan(0.02);
  });
  it("converges to the swap probability 1/140 over many runs (the perturbation is uniform ±20 %)", () => {
    const r = rankSensitivity({
      units: [u("A", { a: 1, b: 0 }), u("B", { a: 0, b: 0.7 })],
      weights: { a: 1, b: 1 },
      seed: 3,
      runs: 100_000,
    });
    expect(1 - r.units[0].shareAtBaseRank).toBeCloseTo(1 / 140, 3);
  });
  it("never moves a unit that dominates or is dominated on every index", () => {
    const r = rankSensitivity({
      units: [
        u("top", { a: 0.9, b: 0.9 }),
        u("mid1", { a: 0.5, b: 0.6 }),
        u("mid2", { a: 0.6, b: 0.5 }),
        u("low", { a: 0.1, b: 0.2 }),
      ],
      weights: { a: 1, b: 1 },
    });
    expect(r.units[0]).toMatchObject({ minRank: 1, maxRank: 1 });
    expect(r.units[3]).toMatchObject({ minRank: 4, maxRank: 4 });
    expect(r.units[1].minRank).toBe(2);
    expect(r.units[1].maxRank).toBe(3);
  });
  it("leaves units without any value unranked", () => {
    const r = rankSensitivity({
      units: [u("A", { a: 0.5 }), u("none", { a: null })],
      weights: { a: 1 },
      runs: 5,
    });
    expect(r.units[1]).toMatchObject({ baseRank: null, minRank: null, medianRank: null });
  });
});
