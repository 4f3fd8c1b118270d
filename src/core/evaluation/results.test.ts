import { describe, expect, it } from "vitest";
import type { TCriterion, TFramework } from "./framework.ts";
import type { TUnitIndexValues } from "./normalise.ts";
import {
  compareYears,
  describeDistribution,
  percentile,
  rankUnits,
  strengthsAndWeaknesses,
  unitIndexValuesFromScore,
} from "./results.ts";
import { scoreUnit } from "./scoring.ts";

const unit = (
  unitId: string,
  total: number | null,
  indices: Record<string, number | null> = {},
): TUnitIndexValues => ({
  unitId,
  total,
  indices,
});

describe("rankUnits", () => {
  it("uses competition ranking: 2 and 2 and 2, then 5; missing values unranked", () => {
    const rows = rankUnits({
      units: [
        unit("D", 0.65),
        unit("A", 0.8002),
        unit("B", 0.7163),
        unit("X", null),
        unit("C", 0.7163),
        unit("E", 0.7163),
      ],
    });
    expect(rows.map((r) => [r.unitId, r.total.rank, r.total.tied])).toEqual([
      ["A", 1, false],
      ["B", 2, true],
      ["C", 2, true],
      ["E", 2, true],
      ["D", 5, false],
      ["X", null, false],
    ]);
    expect(rows[0].total.of).toBe(5);
  });
  it("decides ties at the published precision (4 decimals) by default", () => {
    const units = [unit("TH", 0.65301), unit("YB", 0.65298), unit("HG", 0.6412)];
    const at4 = rankUnits({ units });
    expect(at4.map((r) => [r.unitId, r.total.rank])).toEqual([
      ["TH", 1],
      ["YB", 1],
      ["HG", 3],
    ]);
    const at6 = rankUnits({ units, decimals: 6 });
    expect(at6.map((r) => [r.unitId, r.total.rank])).toEqual([
      ["TH", 1],
      ["YB", 2],
      ["HG", 3],
    ]);
  });
  it("ranks every top index (pillar) separately", () => {
    const rows = rankUnits({
      units: [
        unit("A", 0.7, { gov: 0.9, eco: 0.2 }),
        unit("B", 0.6, { gov: 0.5, eco: 0.8 }),
        unit("C", 0.5, { gov: 0.9, eco: null }),
      ],
    });
    const byId = Object.fromEntries(rows.map((r) => [r.unitId, r]));
    expect([byId.A.indices.gov.rank, byId.B.indices.gov.rank, byId.C.indices.gov.rank]).toEqual([1, 3, 1]);
    expect([byId.A.indices.eco.rank, byId.B.indices.eco.rank, byId.C.indices.eco.rank]).toEqual([2, 1, null]);
    expect(byId.C.indices.gov.tied).toBe(true);
  });
});

describe("compareYears", () => {
  it("computes exact value change and rank change (positive = moved up)", () => {
    const previous = [
      unit("HN", 0.5, { gov: 0.4 }),
      unit("LC", 0.3133, { gov: 0.3 }),
      unit("QNg", 0.28, { gov: 0.5 }),
    ];
    const current = [
      unit("HN", 0.52, { gov: 0.41 }),
      unit("LC", 0.3081, { gov: 0.35 }),
      unit("QNg", 0.6, { gov: 0.2 }),
      unit("NEW", 0.1),
    ];
    const rows = compareYears({ current, previous });
    const byId = Object.fromEntries(rows.map((r) => [r.unitId, r]));
    // Lào Cai: 0,3081 − 0,3133 = −0,0052 (binary floats would give −0.005199999…)
    expect(byId.LC.total.change).toBe(-0.0052);
    expect(byId.LC.total.rank).toBe(3);
    expect(byId.LC.total.previousRank).toBe(2);
    expect(byId.LC.total.rankChange).toBe(-1);
    expect(byId.QNg.total.rankChange).toBe(2);
    expect(byId.QNg.total.change).toBe(0.32);
    expect(byId.QNg.indices.gov).toMatchObject({
      value: 0.2,
      previousValue: 0.5,
      change: -0.3,
      rank: 3,
      previousRank: 1,
    });
    expect(byId.NEW.total).toMatchObject({
      previousValue: null,
      change: null,
      previousRank: null,
      rankChange: null,
    });
    expect(rows.map((r) => r.unitId)).toEqual(["QNg", "HN", "LC", "NEW"]);
  });
});

describe("describeDistribution", () => {
  it("computes count, mean, median and interpolated quartiles by hand", () => {
    const d = describeDistribution({ values: [0.7, 0.1, null, 0.4, 0.2], bins: 10 });
    expect(d.count).toBe(4);
    expect(d.missing).toBe(1);
    expect(d.min).toBe(0.1);
    expect(d.max).toBe(0.7);
    expect(d.mean).toBe(0.35);
    // sorted 0.1 0.2 0.4 0.7: q1 h = 0.75 → 0.175; median h = 1.5 → 0.3; q3 h = 2.25 → 0.475
    expect(d.q1).toBe(0.175);
    expect(d.median).toBe(0.3);
    expect(d.q3).toBe(0.475);
  });
  it("bins values with exact edges: 0.7 falls in [0.7, 0.8), 1 in the last bin", () => {
    const d = describeDistribution({ values: [0.7, 0.1, 0.4, 0.2, 1, 1.5], bins: 10 });
    expect(d.histogram.map((b) => b.count)).toEqual([0, 1, 1, 0, 1, 0, 0, 1, 0, 1]);
    expect(d.histogram[7]).toEqual({ from: 0.7, to: 0.8, count: 1 });
    expect(d.outOfRange).toBe(1);
  });
  it("handles no values", () => {
    const d = describeDistribution({ values: [null], bins: 4 });
    expect(d).toMatchObject({ count: 0, missing: 1, min: null, median: null, mean: null });
    expect(d.histogram).toHaveLength(4);
  });
  it("percentile of one value is that value", () => {
    expect(percentile({ sorted: [0.42], p: 0.9 })).toBe(0.42);
  });
});

describe("strengthsAndWeaknesses", () => {
  const c = (code: string, maxPoints: number): TCriterion => ({
    kind: "criterion",
    code,
    nameVi: code,
    nameEn: code,
    maxPoints,
    scoring: { type: "direct" },
  });
  const fw: TFramework = {
    code: "SW",
    version: "1",
    nameVi: "SW",
    nameEn: "SW",
    scope: "department",
    legalBasis: { number: "1", issuer: "x", date: "2024-01-01" },
    maxPoints: 100,
    source: "test",
    children: [
      {
        kind: "index",
        code: "I1",
        nameVi: "I1",
        nameEn: "I1",
        maxPoints: 60,
        children: [c("a", 10), c("b", 50)],
      },
      {
        kind: "index",
        code: "I2",
        nameVi: "I2",
        nameEn: "I2",
        maxPoints: 40,
        children: [c("x", 20), c("y", 20)],
      },
    ],
  };
  const score = scoreUnit({
    framework: fw,
    answers: { a: { points: 2 }, b: { points: 10 }, x: { points: 20 }, y: { points: 15 } },
  });

  it("orders weaknesses by share below max, then by points lost", () => {
    const { weaknesses } = strengthsAndWeaknesses({ score });
    // b: 10/50 (gap 0.8, 40 points) before a: 2/10 (gap 0.8, 8 points); y: 0.75; x is at max
    expect(weaknesses.map((w) => [w.code, w.gap, w.gapPoints])).toEqual([
      ["b", 0.8, 40],
      ["a", 0.8, 8],
      ["y", 0.25, 5],
    ]);
  });
  it("orders strengths by share", () => {
    const { strengths } = strengthsAndWeaknesses({ score, limit: 2 });
    expect(strengths.map((s) => [s.code, s.share])).toEqual([
      ["x", 1],
      ["y", 0.75],
    ]);
  });
  it("works on top indices", () => {
    const { weaknesses, strengths } = strengthsAndWeaknesses({ score, level: "top" });
    // I1 = 12/60 = 0.2, I2 = 35/40 = 0.875
    expect(weaknesses.map((w) => [w.code, w.share])).toEqual([
      ["I1", 0.2],
      ["I2", 0.875],
    ]);
    expect(strengths[0].code).toBe("I2");
  });
  it("turns a unit score into index values for ranking", () => {
    const v = unitIndexValuesFromScore({ unitId: "S1", score });
    expect(v).toEqual({ unitId: "S1", unitName: undefined, total: 0.47, indices: { I1: 0.2, I2: 0.875 } });
  });
});
