import { describe, expect, it } from "vitest";
import { ZExplanation } from "../explain.ts";
import { type TCriterion, type TFramework, ZFramework } from "./framework.ts";
import {
  compositeFromIndexValues,
  explainUnitScore,
  scoreCriterion,
  scoreUnit,
  ZUnitScore,
} from "./scoring.ts";

const criterion = (scoring: TCriterion["scoring"], maxPoints = 20): TCriterion => ({
  kind: "criterion",
  code: "C",
  nameVi: "Tiêu chí",
  nameEn: "Criterion",
  maxPoints,
  scoring,
});

describe("ratio", () => {
  const c = criterion({ type: "ratio" });
  it("scores a/b × max: 1761/1966 × 20 = 17.9145473042", () => {
    const s = scoreCriterion({ criterion: c, answer: { numerator: 1761, denominator: 1966 } });
    expect(s.points).toBe(17.9145473042);
    expect(s.share).toBe(0.8957273652);
    expect(s.flags).toEqual([]);
    expect(s.explanation.formula).toBe("min(1761 / 1966, 1) × 20 = 17.914547");
    expect(s.explanation.inputs).toEqual([
      { label: "numerator", value: 1761 },
      { label: "denominator", value: 1966 },
    ]);
    expect(s.explanation).toMatchObject({
      kind: "formula",
      rule: "ratio",
      code: "C",
      result: 17.9145473042,
      display: "17,91",
    });
  });
  it("caps a > b at the maximum and flags it", () => {
    const s = scoreCriterion({ criterion: c, answer: { numerator: 12, denominator: 10 } });
    expect(s.points).toBe(20);
    expect(s.flags).toEqual(["numerator_exceeds_denominator"]);
  });
  it("scores b = 0 as 0 by default, or full when configured", () => {
    expect(scoreCriterion({ criterion: c, answer: { numerator: 0, denominator: 0 } }).points).toBe(0);
    const full = criterion({ type: "ratio", whenDenominatorZero: "full" });
    const s = scoreCriterion({ criterion: full, answer: { numerator: 0, denominator: 0 } });
    expect(s.points).toBe(20);
    expect(s.flags).toEqual(["denominator_zero"]);
  });
  it("scores a missing part or no answer as 0 with a flag", () => {
    expect(scoreCriterion({ criterion: c, answer: { numerator: 3 } }).flags).toEqual(["missing_input"]);
    const none = scoreCriterion({ criterion: c });
    expect(none.points).toBe(0);
    expect(none.flags).toEqual(["no_answer"]);
    expect(scoreCriterion({ criterion: c, answer: { numerator: -1, denominator: 4 } }).flags).toEqual([
      "invalid_input",
    ]);
  });
});

describe("steps", () => {
  const c = criterion({
    type: "steps",
    // Written out of order on purpose: the best reached step must win regardless of order.
    steps: [
      { threshold: 1, points: 5 },
      { threshold: 4, points: 20 },
      { threshold: 2, points: 10 },
      { threshold: 3, points: 15 },
    ],
  });
  it.each([
    [0, 0],
    [1, 5],
    [2, 10],
    [3, 15],
    [4, 20],
    [7, 20],
    [2.5, 10],
  ])("%d meetings → %d points", (value, points) => {
    expect(scoreCriterion({ criterion: c, answer: { value } }).points).toBe(points);
  });
  it("supports lower-is-better steps", () => {
    const lower = criterion({
      type: "steps",
      direction: "lower",
      steps: [
        { threshold: 0, points: 20 },
        { threshold: 2, points: 10 },
      ],
    });
    expect(scoreCriterion({ criterion: lower, answer: { value: 0 } }).points).toBe(20);
    expect(scoreCriterion({ criterion: lower, answer: { value: 1 } }).points).toBe(10);
    expect(scoreCriterion({ criterion: lower, answer: { value: 3 } }).points).toBe(0);
  });
  it("explains the step reached", () => {
    expect(scoreCriterion({ criterion: c, answer: { value: 3 } }).explanation.formula).toBe("3 ≥ 3 → 15");
  });
});

describe("categorical", () => {
  const c = criterion({
    type: "categorical",
    options: [
      { code: "head", labelVi: "Chủ tịch", share: 1 },
      { code: "deputy", labelVi: "Phó Chủ tịch", share: 0.5 },
      { code: "none", labelVi: "Không", share: 0 },
    ],
  });
  it("chaired by the head = full, by a deputy = half, otherwise 0", () => {
    expect(scoreCriterion({ criterion: c, answer: { option: "head" } }).points).toBe(20);
    expect(scoreCriterion({ criterion: c, answer: { option: "deputy" } }).points).toBe(10);
    expect(scoreCriterion({ criterion: c, answer: { option: "none" } }).points).toBe(0);
  });
  it("flags an unknown option", () => {
    const s = scoreCriterion({ criterion: c, answer: { option: "mayor" } });
    expect(s.points).toBe(0);
    expect(s.flags).toEqual(["unknown_option"]);
  });
});

describe("boolean_evidence", () => {
  const c = criterion({ type: "boolean_evidence" }, 10);
  it("yes with evidence scores the maximum", () => {
    const s = scoreCriterion({ criterion: c, answer: { met: true, evidence: ["file-1"] } });
    expect(s.points).toBe(10);
    expect(s.flags).toEqual([]);
  });
  it("yes without evidence scores 0 and is flagged", () => {
    const s = scoreCriterion({ criterion: c, answer: { met: true } });
    expect(s.points).toBe(0);
    expect(s.flags).toEqual(["missing_evidence"]);
    expect(scoreCriterion({ criterion: c, answer: { met: true, evidence: [] } }).flags).toEqual([
      "missing_evidence",
    ]);
  });
  it("no scores 0 without a flag", () => {
    const s = scoreCriterion({ criterion: c, answer: { met: false } });
    expect(s.points).toBe(0);
    expect(s.flags).toEqual([]);
  });
  it("honours a higher evidence minimum", () => {
    const two = criterion({ type: "boolean_evidence", minEvidence: 2 }, 10);
    expect(scoreCriterion({ criterion: two, answer: { met: true, evidence: ["a"] } }).points).toBe(0);
    expect(scoreCriterion({ criterion: two, answer: { met: true, evidence: ["a", "b"] } }).points).toBe(10);
  });
});

describe("indicator", () => {
  const ratio = criterion(
    { type: "indicator", indicatorCode: "DVC", scale: { kind: "ratio", target: 100 } },
    10,
  );
  const linear = criterion(
    { type: "indicator", indicatorCode: "4G", scale: { kind: "linear", worst: 80, best: 100 } },
    10,
  );
  const steps = criterion(
    {
      type: "indicator",
      indicatorCode: "TEAMS",
      scale: {
        kind: "steps",
        steps: [
          { threshold: 50, points: 5 },
          { threshold: 100, points: 10 },
        ],
      },
    },
    10,
  );
  it("ratio to target: 89.5 of 100 → 8.95 of 10; above target capped", () => {
    expect(scoreCriterion({ criterion: ratio, indicatorValues: { DVC: 89.5 } }).points).toBe(8.95);
    expect(scoreCriterion({ criterion: ratio, indicatorValues: { DVC: 120 } }).points).toBe(10);
  });
  it("linear between bounds: 95 on [80, 100] → 7.5 of 10; clamped outside", () => {
    expect(scoreCriterion({ criterion: linear, indicatorValues: { "4G": 95 } }).points).toBe(7.5);
    expect(scoreCriterion({ criterion: linear, indicatorValues: { "4G": 70 } }).points).toBe(0);
    expect(scoreCriterion({ criterion: linear, indicatorValues: { "4G": 101 } }).points).toBe(10);
  });
  it("linear with best < worst (lower is better)", () => {
    const lower = criterion(
      { type: "indicator", indicatorCode: "DAYS", scale: { kind: "linear", worst: 10, best: 2 } },
      8,
    );
    // (4 − 10) / (2 − 10) = 0.75 → 6 of 8
    expect(scoreCriterion({ criterion: lower, indicatorValues: { DAYS: 4 } }).points).toBe(6);
  });
  it("steps on the indicator value", () => {
    expect(scoreCriterion({ criterion: steps, indicatorValues: { TEAMS: 60 } }).points).toBe(5);
    expect(scoreCriterion({ criterion: steps, indicatorValues: { TEAMS: 100 } }).points).toBe(10);
  });
  it("prefers the indicator value over an entered value, falls back to it, flags neither", () => {
    const s = scoreCriterion({ criterion: ratio, indicatorValues: { DVC: 50 }, answer: { value: 90 } });
    expect(s.points).toBe(5);
    expect(s.explanation.inputs?.[0]).toEqual({ code: "DVC", label: "indicator", value: 50 });
    const entered = scoreCriterion({
      criterion: ratio,
      indicatorValues: { DVC: null },
      answer: { value: 90 },
    });
    expect(entered.points).toBe(9);
    expect(entered.explanation.inputs?.[0]).toEqual({ code: "DVC", label: "entered", value: 90 });
    const none = scoreCriterion({ criterion: ratio });
    expect(none.points).toBe(0);
    expect(none.flags).toEqual(["indicator_missing"]);
  });
});

describe("direct", () => {
  const c = criterion({ type: "direct" }, 10);
  it("takes the points as entered within [0, max]", () => {
    expect(scoreCriterion({ criterion: c, answer: { points: 7.25 } }).points).toBe(7.25);
  });
  it("clamps above max and below 0, with a flag", () => {
    const high = scoreCriterion({ criterion: c, answer: { points: 12 } });
    expect(high.points).toBe(10);
    expect(high.flags).toEqual(["clamped"]);
    expect(scoreCriterion({ criterion: c, answer: { points: -3 } }).points).toBe(0);
  });
});

/** A small two-index framework using every scoring type. */
const FW: TFramework = {
  code: "TEST",
  version: "1",
  nameVi: "Thử",
  nameEn: "Test",
  scope: "province",
  legalBasis: { number: "1/QĐ-UBND", issuer: "UBND tỉnh", date: "2024-01-01" },
  maxPoints: 100,
  source: "test",
  children: [
    {
      kind: "index",
      code: "A",
      nameVi: "Chỉ số A",
      nameEn: "Index A",
      maxPoints: 60,
      children: [
        { ...criterion({ type: "ratio" }), code: "A1" },
        {
          ...criterion({
            type: "steps",
            steps: [
              { threshold: 4, points: 20 },
              { threshold: 3, points: 15 },
              { threshold: 2, points: 10 },
              { threshold: 1, points: 5 },
            ],
          }),
          code: "A2",
        },
        {
          ...criterion({
            type: "categorical",
            options: [
              { code: "head", labelVi: "Chủ tịch", share: 1 },
              { code: "deputy", labelVi: "Phó", share: 0.5 },
            ],
          }),
          code: "A3",
        },
      ],
    },
    {
      kind: "index",
      code: "B",
      nameVi: "Chỉ số B",
      nameEn: "Index B",
      maxPoints: 40,
      children: [
        { ...criterion({ type: "boolean_evidence" }, 10), code: "B1" },
        {
          ...criterion(
            { type: "indicator", indicatorCode: "DVC", scale: { kind: "ratio", target: 100 } },
            10,
          ),
          code: "B2",
        },
        {
          kind: "index",
          code: "B3",
          nameVi: "Chỉ số thành phần B3",
          nameEn: "Sub-index B3",
          maxPoints: 20,
          children: [
            {
              ...criterion(
                { type: "indicator", indicatorCode: "4G", scale: { kind: "linear", worst: 80, best: 100 } },
                10,
              ),
              code: "B3a",
            },
            { ...criterion({ type: "direct" }, 10), code: "B3b" },
          ],
        },
      ],
    },
  ],
};

describe("scoreUnit", () => {
  const score = scoreUnit({
    framework: FW,
    answers: {
      A1: { numerator: 1761, denominator: 1966 },
      A2: { value: 3 },
      A3: { option: "deputy" },
      B1: { met: true, evidence: ["bien-ban.pdf"] },
      B3b: { points: 12 },
      ZZ: { points: 1 },
    },
    indicatorValues: { DVC: 89.5, "4G": 95 },
  });

  it("is a valid framework and a valid unit score", () => {
    expect(ZFramework.safeParse(FW).success).toBe(true);
    expect(ZUnitScore.safeParse(score).success).toBe(true);
  });
  it("scores every criterion by hand", () => {
    const points = Object.fromEntries(score.criteria.map((c) => [c.code, c.points]));
    expect(points).toEqual({ A1: 17.9145473042, A2: 15, A3: 10, B1: 10, B2: 8.95, B3a: 7.5, B3b: 10 });
  });
  it("sums nodes: A = 42.9145…/60, B3 = 17.5/20, B = 36.45/40", () => {
    const node = Object.fromEntries(score.nodes.map((n) => [n.code, n]));
    expect(node.A.points).toBe(42.9145473042);
    expect(node.A.value).toBe(0.7152424551);
    expect(node.B3.points).toBe(17.5);
    expect(node.B3.value).toBe(0.875);
    expect(node.B.points).toBe(36.45);
    expect(node.B.value).toBe(0.91125);
    expect(node.B.explanation.formula).toBe("10 + 8.95 + 17.5 = 36.45; 36.45 / 40 = 0.91125");
  });
  it("totals 79.3645…/100 and publishes 0,7936", () => {
    expect(score.total.points).toBe(79.3645473042);
    expect(score.total.value).toBe(0.793645473);
    expect(score.total.published).toBe(0.7936);
    expect(score.total.publishedText).toBe("0,7936");
  });
  it("lists top indices and nodes in framework order, parents first", () => {
    expect(score.indices.map((n) => n.code)).toEqual(["A", "B"]);
    expect(score.nodes.map((n) => n.code)).toEqual([
      "A",
      "A1",
      "A2",
      "A3",
      "B",
      "B1",
      "B2",
      "B3",
      "B3a",
      "B3b",
    ]);
    const b3a = score.criteria.find((c) => c.code === "B3a")!;
    expect(b3a.parentCode).toBe("B3");
    expect(b3a.topCode).toBe("B");
  });
  it("explains the total with its published rounding, and joins the whole trail on demand", () => {
    expect(score.total.explanation).toMatchObject({
      kind: "aggregate",
      rule: "sum",
      result: 0.793645473,
      rounding: { decimals: 4, mode: "half-up", rounded: 0.7936 },
      display: "0,7936",
    });
    const trail = explainUnitScore(score);
    expect(ZExplanation.safeParse(trail).success).toBe(true);
    expect(trail.children?.map((c) => c.code)).toEqual(["A", "B"]);
    const b3 = trail.children?.[1].children?.[2];
    expect(b3?.code).toBe("B3");
    expect(b3?.children?.map((c) => [c.code, c.result])).toEqual([
      ["B3a", 7.5],
      ["B3b", 10],
    ]);
    expect(b3?.children?.[1].notes).toEqual(["Điểm nhập ngoài khoảng [0, điểm tối đa] đã được giới hạn."]);
  });
  it("reports answers for unknown codes and flags", () => {
    expect(score.unknownAnswerCodes).toEqual(["ZZ"]);
    expect(score.criteria.find((c) => c.code === "B3b")!.flags).toEqual(["clamped"]);
  });
  it("counts unanswered criteria as 0", () => {
    const empty = scoreUnit({ framework: FW, answers: {} });
    expect(empty.total.points).toBe(0);
    expect(empty.criteria.every((c) => c.flags.length === 1)).toBe(true);
  });
});

describe("weighted nodes", () => {
  it("takes the weighted mean of children's values when weights are given", () => {
    const fw: TFramework = {
      ...FW,
      maxPoints: 10,
      children: [
        { ...criterion({ type: "direct" }, 100), code: "X", weight: 3 },
        { ...criterion({ type: "direct" }, 5), code: "Y", weight: 1 },
      ],
    };
    const s = scoreUnit({ framework: fw, answers: { X: { points: 50 }, Y: { points: 5 } } });
    // (3 × 0.5 + 1 × 1) / 4 = 0.625 → 6.25 of 10
    expect(s.total.value).toBe(0.625);
    expect(s.total.points).toBe(6.25);
    expect(s.indices.map((n) => n.weight)).toEqual([3, 1]);
  });
});

describe("compositeFromIndexValues", () => {
  it("weights by max points: Σ(value × max)/total", () => {
    const r = compositeFromIndexValues({ framework: FW, values: { A: 0.5, B: 1 } });
    // (0.5 × 60 + 1 × 40) / 100 = 0.7
    expect(r.value).toBe(0.7);
    expect(r.publishedText).toBe("0,7000");
  });
});
