import { describe, expect, it } from "vitest";
import {
  AggregationError,
  aggregateOverTime,
  aggregateUnits,
  explainAggregate,
  meetsThreshold,
  resultFraction,
} from "./aggregate.ts";
import { ZExplanation } from "./explain.ts";
import { formatPercent } from "./vn-number.ts";

describe("sum", () => {
  it("sums reported units and counts the missing ones", () => {
    const r = aggregateUnits({
      rule: "sum",
      values: [
        { unitId: "x1", value: 1000 },
        { unitId: "x2", value: 871 },
        { unitId: "x3", value: null },
      ],
      expectedUnits: ["x1", "x2", "x3", "x4"],
    });
    expect(r.value).toBe(1871);
    expect(r.reported).toBe(2);
    expect(r.expected).toBe(4);
    expect(r.missing).toBe(2);
    expect(r.complete).toBe(false);
    expect(r.missingIds).toEqual(["x3", "x4"]);
    expect(r.contributions.find((c) => c.unitId === "x4")).toEqual({
      unitId: "x4",
      value: null,
      used: false,
      note: "missing",
    });
  });
  it("all missing → null, never 0", () => {
    const r = aggregateUnits({ rule: "sum", values: [{ unitId: "a" }, { unitId: "b", value: null }] });
    expect(r.value).toBeNull();
    expect(r.reported).toBe(0);
    expect(r.expected).toBe(2);
  });
  it("no input at all with an expected count → null with 0/173", () => {
    const r = aggregateUnits({ rule: "sum", values: [], expectedUnits: 173 });
    expect(r).toMatchObject({ value: null, reported: 0, expected: 173, missing: 173, complete: false });
  });
  it("a real zero is a value", () => {
    expect(aggregateUnits({ rule: "sum", values: [{ unitId: "a", value: 0 }] }).value).toBe(0);
  });
  it("decimal sums (0.1 + 0.2 = 0.3)", () => {
    const r = aggregateUnits({
      rule: "sum",
      values: [
        { unitId: "a", value: 0.1 },
        { unitId: "b", value: 0.2 },
      ],
    });
    expect(r.value).toBe(0.3);
  });
  it("ignores units outside the expected list and says so", () => {
    const r = aggregateUnits({
      rule: "sum",
      values: [
        { unitId: "a", value: 5 },
        { unitId: "stranger", value: 100 },
      ],
      expectedUnits: ["a"],
    });
    expect(r.value).toBe(5);
    expect(r.ignoredIds).toEqual(["stranger"]);
    expect(r.complete).toBe(true);
  });
  it("rejects a unit reported twice", () => {
    expect(() =>
      aggregateUnits({
        rule: "sum",
        values: [
          { unitId: "a", value: 1 },
          { unitId: "a", value: 2 },
        ],
      }),
    ).toThrow(AggregationError);
  });
});

describe("ratio_of_sums vs mean of ratios", () => {
  // Agency A: 1.700/1.800 online; agency B: 61/166. Σ = 1.761/1.966.
  const values = [
    { unitId: "A", numerator: 1700, denominator: 1800 },
    { unitId: "B", numerator: 61, denominator: 166 },
  ];
  it("ratio of sums = 1.761/1.966 = 89,6%", () => {
    const r = aggregateUnits({ rule: "ratio_of_sums", values, multiplier: 100 });
    expect(r.numerator).toBe(1761);
    expect(r.denominator).toBe(1966);
    expect(formatPercent(resultFraction(r))).toBe("89,6%");
    expect(formatPercent(r.value, { from: "percent" })).toBe("89,6%");
    expect(r.value).toBeCloseTo(89.5727365, 6);
  });
  it("the mean of ratios is different (65,6%) and is what `average` gives", () => {
    const r = aggregateUnits({ rule: "average", values, multiplier: 100 });
    // (1700/1800 + 61/166)/2 = (0.944444… + 0.367469…)/2 = 0.655957…
    expect(formatPercent(r.value, { from: "percent" })).toBe("65,6%");
  });
  it("a unit without denominator does not report", () => {
    const r = aggregateUnits({
      rule: "ratio_of_sums",
      values: [...values, { unitId: "C", numerator: 5 }],
      expectedUnits: 3,
    });
    expect(r.reported).toBe(2);
    expect(r.missing).toBe(1);
    expect(r.numerator).toBe(1761);
  });
  it("Σ denominators = 0 → null", () => {
    const r = aggregateUnits({
      rule: "ratio_of_sums",
      values: [{ unitId: "a", numerator: 0, denominator: 0 }],
    });
    expect(r.value).toBeNull();
    expect(r.reported).toBe(1);
    expect(r.denominator).toBe(0);
  });
  it("all missing → null numerator and denominator", () => {
    const r = aggregateUnits({ rule: "ratio_of_sums", values: [{ unitId: "a" }] });
    expect(r).toMatchObject({ value: null, numerator: null, denominator: null });
  });
});

describe("average, min, max, last", () => {
  const values = [
    { unitId: "a", value: 2, period: "2024Q1" },
    { unitId: "b", value: 9, period: "2024Q3" },
    { unitId: "c", value: 4, period: "2024Q2" },
    { unitId: "d", value: null, period: "2024Q4" },
  ];
  it("average of reported values", () => {
    expect(aggregateUnits({ rule: "average", values }).value).toBe(5);
  });
  it("min and max", () => {
    expect(aggregateUnits({ rule: "min", values }).value).toBe(2);
    expect(aggregateUnits({ rule: "max", values }).value).toBe(9);
  });
  it("last = the latest period with a value", () => {
    expect(aggregateUnits({ rule: "last", values }).value).toBe(9);
  });
  it("last without periods = the last input with a value", () => {
    expect(
      aggregateUnits({
        rule: "last",
        values: [{ unitId: "a", value: 1 }, { unitId: "b", value: 7 }, { unitId: "c" }],
      }).value,
    ).toBe(7);
  });
  it("a unit with numerator/denominator contributes its ratio to average", () => {
    const r = aggregateUnits({
      rule: "average",
      values: [
        { unitId: "a", numerator: 1, denominator: 4 },
        { unitId: "b", value: 0.75 },
        { unitId: "c", numerator: 3, denominator: 0 },
      ],
    });
    expect(r.value).toBe(0.5);
    expect(r.reported).toBe(2);
    expect(r.contributions[2].note).toBe("zero_denominator");
  });
});

describe("count_meeting and share_meeting", () => {
  it('"72/173 communes registered" = 41,6%', () => {
    const values = Array.from({ length: 173 }, (_, i) => ({ unitId: `xa${i}`, value: i < 72 ? 1 : 0 }));
    const share = aggregateUnits({
      rule: "share_meeting",
      values,
      threshold: { comparator: ">=", value: 1 },
      multiplier: 100,
    });
    expect(share.numerator).toBe(72);
    expect(share.denominator).toBe(173);
    expect(formatPercent(resultFraction(share))).toBe("41,6%");
    const count = aggregateUnits({
      rule: "count_meeting",
      values,
      threshold: { comparator: ">=", value: 1 },
    });
    expect(count.value).toBe(72);
  });
  it('"100% of communes have fibre" over reported, or over expected', () => {
    const values = [
      { unitId: "a", value: 1 },
      { unitId: "b", value: 1 },
      { unitId: "c", value: null },
    ];
    const t = { comparator: "=" as const, value: 1 };
    const r = aggregateUnits({ rule: "share_meeting", values, threshold: t, expectedUnits: 4 });
    expect(r.value).toBe(1);
    expect(r.reported).toBe(2);
    expect(r.expected).toBe(4);
    expect(r.complete).toBe(false);
    const e = aggregateUnits({
      rule: "share_meeting",
      values,
      threshold: t,
      expectedUnits: 4,
      shareOf: "expected",
    });
    expect(e.value).toBe(0.5);
    expect(e.denominator).toBe(4);
  });
  it("each comparator", () => {
    const values = [1, 2, 3, 4, 5].map((v, i) => ({ unitId: String(i), value: v }));
    const count = (comparator: ">=" | ">" | "<=" | "<" | "=") =>
      aggregateUnits({ rule: "count_meeting", values, threshold: { comparator, value: 3 } }).value;
    expect(count(">=")).toBe(3);
    expect(count(">")).toBe(2);
    expect(count("<=")).toBe(3);
    expect(count("<")).toBe(2);
    expect(count("=")).toBe(1);
  });
  it("marks which units meet", () => {
    const r = aggregateUnits({
      rule: "count_meeting",
      values: [
        { unitId: "a", value: 0.95 },
        { unitId: "b", value: 0.5 },
      ],
      threshold: { comparator: ">=", value: 0.9 },
    });
    expect(r.contributions.map((c) => c.meets)).toEqual([true, false]);
  });
  it("no reports → null count, not 0", () => {
    const r = aggregateUnits({
      rule: "count_meeting",
      values: [],
      expectedUnits: 10,
      threshold: { comparator: ">=", value: 1 },
    });
    expect(r.value).toBeNull();
  });
  it("needs a threshold", () => {
    expect(() => aggregateUnits({ rule: "share_meeting", values: [] })).toThrow(AggregationError);
  });
  it("threshold compare is decimal", () => {
    expect(meetsThreshold(0.1 + 0.2, { comparator: "<=", value: 0.3 })).toBe(false); // 0.30000000000000004
    expect(meetsThreshold(0.3, { comparator: "=", value: 0.3 })).toBe(true);
  });
});

describe("over time", () => {
  it("flow: nine months are the sum of their months; missing months counted", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8].map((v, i) => ({ period: `20240${i + 1}`, value: v * 10 }));
    const r = aggregateOverTime({ period: "2024N9", values, overTime: "flow" });
    expect(r.value).toBe(360);
    expect(r.reported).toBe(8);
    expect(r.expected).toBe(9);
    expect(r.missingIds).toEqual(["202409"]);
    expect(r.complete).toBe(false);
    expect(r.contributions.at(-1)).toEqual({ period: "202409", value: null, used: false, note: "missing" });
  });
  it("flow ratio: Σnum/Σden across months", () => {
    const r = aggregateOverTime({
      period: "2024Q1",
      values: [
        { period: "202401", numerator: 1, denominator: 2 },
        { period: "202402", numerator: 1, denominator: 8 },
        { period: "202403", numerator: 8, denominator: 10 },
      ],
      overTime: "flow",
    });
    expect(r.numerator).toBe(10);
    expect(r.denominator).toBe(20);
    expect(r.value).toBe(0.5);
  });
  it("stock: the latest part, with as-of when the last part is missing", () => {
    const r = aggregateOverTime({
      period: "2024",
      values: [
        { period: "2024Q1", value: 1800 },
        { period: "2024Q3", value: 1871 },
        { period: "2024Q2", value: 1850 },
        { period: "2024Q4", value: null },
      ],
      overTime: "stock",
    });
    expect(r.value).toBe(1871);
    expect(r.asOf).toBe("2024Q3");
    expect(r.missingIds).toEqual(["2024Q4"]);
  });
  it("stock ratio keeps the latest numerator and denominator", () => {
    const r = aggregateOverTime({
      period: "2024S1",
      values: [
        { period: "2024Q1", numerator: 60, denominator: 173 },
        { period: "2024Q2", numerator: 72, denominator: 173 },
      ],
      overTime: "stock",
    });
    expect([r.numerator, r.denominator]).toEqual([72, 173]);
    expect(formatPercent(r.value)).toBe("41,6%");
  });
  it("average of parts", () => {
    const r = aggregateOverTime({
      period: "2024Q1",
      values: [
        { period: "202401", value: 99 },
        { period: "202402", value: 97 },
        { period: "202403", value: 98 },
      ],
      overTime: "average",
    });
    expect(r.value).toBe(98);
  });
  it("ignores parts outside the period and rejects mixed types and duplicates", () => {
    const r = aggregateOverTime({
      period: "2024Q1",
      values: [
        { period: "202403", value: 1 },
        { period: "202404", value: 100 },
      ],
      overTime: "flow",
    });
    expect(r.value).toBe(1);
    expect(r.ignoredIds).toEqual(["202404"]);
    expect(() =>
      aggregateOverTime({
        period: "2024",
        values: [
          { period: "2024Q1", value: 1 },
          { period: "202404", value: 1 },
        ],
        overTime: "flow",
      }),
    ).toThrow(AggregationError);
    expect(() =>
      aggregateOverTime({
        period: "2024",
        values: [
          { period: "2024Q1", value: 1 },
          { period: "2024q1", value: 1 },
        ],
        overTime: "flow",
      }),
    ).toThrow(AggregationError);
  });
  it("nothing reported → null", () => {
    const r = aggregateOverTime({ period: "2024", values: [], overTime: "flow", granularity: "quarter" });
    expect(r.value).toBeNull();
    expect(r.expected).toBe(4);
  });
});

describe("explainAggregate", () => {
  it("builds a valid, JSON-able trail with inputs and notes", () => {
    const r = aggregateUnits({
      rule: "ratio_of_sums",
      values: [
        { unitId: "A", numerator: 1700, denominator: 1800 },
        { unitId: "B", numerator: 61, denominator: 166 },
      ],
      expectedUnits: ["A", "B", "C"],
    });
    const e = explainAggregate(r, { label: "TTHC trực tuyến", code: "DVC_TT_RATE", period: "2024Q3" });
    expect(ZExplanation.parse(e)).toEqual(e);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(e.rule).toBe("ratio_of_sums");
    expect(e.formula).toContain("Σ tử số / Σ mẫu số");
    expect(e.inputs).toHaveLength(3);
    expect(e.inputs?.[2]).toMatchObject({ unitId: "C", value: null, note: "chưa báo cáo / not reported" });
    expect(e.details).toMatchObject({ reported: 2, expected: 3, numerator: 1761, denominator: 1966 });
    expect(e.notes?.[0]).toContain("1/3");
  });
});
