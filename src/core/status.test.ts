import { describe, expect, it } from "vitest";
import { ZExplanation } from "./explain.ts";
import { explainStatus, formatAchievedSummary, summarizeStatuses, targetStatus } from "./status.ts";

describe("targetStatus, higher is better", () => {
  const s = (actual: number | null, target: number | null, extra = {}) =>
    targetStatus({ actual, target, direction: "higher", ...extra });
  it("exceeded, achieved, near, behind, no_data", () => {
    expect(s(101, 100).status).toBe("exceeded");
    expect(s(100, 100).status).toBe("achieved");
    expect(s(70, 100).status).toBe("near");
    expect(s(69.9, 100).status).toBe("behind");
    expect(s(null, 100).status).toBe("no_data");
    expect(s(50, null).status).toBe("no_data");
  });
  it("ratio = actual/target, progress capped at 1, gap", () => {
    const r = s(89.5, 100);
    expect(r.ratio).toBe(0.895);
    expect(r.progress).toBe(0.895);
    expect(r.gap).toBe(10.5);
    const over = s(150, 100);
    expect(over.ratio).toBe(1.5);
    expect(over.progress).toBe(1);
    expect(over.gap).toBe(-50);
    expect(s(5000, 1).ratio).toBe(10); // capped at maxRatio
    expect(s(-5, 10).ratio).toBe(0); // floored at 0
  });
  it("near threshold is configurable per plan", () => {
    expect(s(75, 100, { nearThreshold: 0.8 }).status).toBe("behind");
    expect(s(80, 100, { nearThreshold: 0.8 }).status).toBe("near");
    expect(s(2.1, 3).status).toBe("near"); // exactly 70% in decimal arithmetic
  });
  it("target ≤ 0 has no ratio; a miss is behind", () => {
    const r = s(-2, 0);
    expect(r.ratio).toBeNull();
    expect(r.status).toBe("behind");
    expect(s(1, 0).status).toBe("exceeded");
    expect(s(1, 0).progress).toBe(1);
  });
  it("compares at display precision when asked", () => {
    expect(s(89.96, 90).status).toBe("near");
    expect(s(89.96, 90, { decimals: 1 }).status).toBe("achieved");
  });
});

describe("targetStatus, lower is better (a rank of 30 beats 52)", () => {
  const s = (actual: number | null, target: number | null) =>
    targetStatus({ actual, target, direction: "lower" });
  it("rank 52 against target 30 is behind (30/52 = 57,7%)", () => {
    const r = s(52, 30);
    expect(r.status).toBe("behind");
    expect(r.ratio).toBeCloseTo(0.576923, 6);
    expect(r.gap).toBe(22);
  });
  it("rank 40 against 30 is near (75%), 30 achieved, 10 exceeded", () => {
    expect(s(40, 30).status).toBe("near");
    expect(s(40, 30).ratio).toBe(0.75);
    expect(s(30, 30).status).toBe("achieved");
    expect(s(10, 30).status).toBe("exceeded");
    expect(s(10, 30).ratio).toBe(3);
    expect(s(10, 30).progress).toBe(1);
  });
  it("actual 0 caps the ratio; 0 against 0 is achieved", () => {
    expect(s(0, 5)).toMatchObject({ status: "exceeded", ratio: 10 });
    expect(s(0, 0)).toMatchObject({ status: "achieved", ratio: 1 });
    expect(s(3, 0)).toMatchObject({ status: "behind", ratio: 0 });
  });
  it("no data", () => {
    expect(s(null, 30).status).toBe("no_data");
  });
});

describe("summaries", () => {
  it("X/Y achieved includes exceeded; no data counts in the total; per group", () => {
    const items = [
      { status: "exceeded" as const, group: "CQS" },
      { status: "achieved" as const, group: "CQS" },
      { status: "near" as const, group: "KTS" },
      { status: "behind" as const, group: "KTS" },
      { status: "no_data" as const, group: "XHS" },
      { status: "achieved" as const },
    ];
    const s = summarizeStatuses(items);
    expect(s).toMatchObject({
      total: 6,
      achieved: 3,
      exceeded: 1,
      near: 1,
      behind: 1,
      noData: 1,
      withData: 5,
    });
    expect(s.achievedShare).toBe(0.5);
    expect(s.byGroup.CQS).toMatchObject({ total: 2, achieved: 2, achievedShare: 1 });
    expect(s.byGroup.KTS).toMatchObject({ total: 2, achieved: 0, near: 1, behind: 1, achievedShare: 0 });
    expect(s.byGroup.XHS).toMatchObject({ total: 1, noData: 1, withData: 0 });
    expect(Object.keys(s.byGroup)).toEqual(["CQS", "KTS", "XHS"]);
  });
  it("empty", () => {
    expect(summarizeStatuses([])).toMatchObject({ total: 0, achieved: 0, achievedShare: null });
  });
  it('"14/38 mục tiêu, đạt 36,8%" from the seeds', () => {
    const items = Array.from({ length: 38 }, (_, i) => ({
      status: i < 14 ? ("achieved" as const) : ("behind" as const),
    }));
    const s = summarizeStatuses(items);
    expect(formatAchievedSummary({ achieved: s.achieved, total: s.total })).toBe("14/38 mục tiêu, đạt 36,8%");
    expect(formatAchievedSummary({ achieved: 14, total: 38, lang: "en" })).toBe(
      "14/38 targets, 36.8% achieved",
    );
    expect(formatAchievedSummary({ achieved: 1761, total: 1966, mode: "truncate" })).toBe(
      "1.761/1.966 mục tiêu, đạt 89,5%",
    );
    expect(formatAchievedSummary({ achieved: 0, total: 0 })).toBe("0/0 mục tiêu, đạt —");
  });
});

describe("explainStatus", () => {
  it("is a valid trail", () => {
    const e = explainStatus(targetStatus({ actual: 52, target: 30, direction: "lower" }), {
      label: "Xếp hạng DTI",
    });
    expect(ZExplanation.parse(e)).toEqual(e);
    expect(e.result).toBe("behind");
    expect(e.display).toBe("Chưa đạt (57,7%)");
    expect(e.formula).toContain("target / actual");
  });
});
