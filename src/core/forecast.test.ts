import { describe, expect, it } from "vitest";
import { ZExplanation } from "./explain.ts";
import {
  explainForecast,
  forecastProgress,
  NO_TARGET_THRESHOLDS,
  pickBaseAndLatest,
  TARGET_THRESHOLDS,
} from "./forecast.ts";

const base = { year: 2020, value: 100 };
const latest = { year: 2022, value: 121 }; // observed CAGR exactly 10%/year

describe("with a target (ratio R = observed CAGR / required CAGR)", () => {
  it("defaults follow sdg-build: 0.95 / 0.6 / 0", () => {
    expect(TARGET_THRESHOLDS).toEqual({ high: 0.95, med: 0.6, low: 0 });
    expect(NO_TARGET_THRESHOLDS).toEqual({ high: 0.015, med: 0.005, low: 0 });
  });
  it("substantial_progress: required 10%/year, observed 10%/year (R = 1)", () => {
    const r = forecastProgress({ base, latest, target: { year: 2025, value: 161.051 }, direction: "higher" });
    expect(r.method).toBe("cagr");
    expect(r.observedRate).toBeCloseTo(0.1, 12);
    expect(r.requiredRate).toBeCloseTo(0.1, 12);
    expect(r.ratio).toBeCloseTo(1, 9);
    expect(r.category).toBe("substantial_progress");
    expect(r.projectedValue).toBeCloseTo(161.051, 6);
  });
  it("moderate_progress: required 15%/year (R = 0.667)", () => {
    const r = forecastProgress({
      base,
      latest,
      target: { year: 2025, value: 201.1357187 },
      direction: "higher",
    });
    expect(r.ratio).toBeCloseTo(2 / 3, 6);
    expect(r.category).toBe("moderate_progress");
    expect(r.projectedValue).toBeCloseTo(161.051, 6);
    expect(r.projectedAchieved).toBe(false);
    expect(r.yearsRemaining).toBe(3);
    // (201.1357187 − 121) / 3
    expect(r.requiredYearlyIncrement).toBeCloseTo(26.7119062, 6);
    expect(r.observedYearlyIncrement).toBe(10.5);
  });
  it("negligible_progress: required 25%/year (R = 0.4)", () => {
    const r = forecastProgress({
      base,
      latest,
      target: { year: 2025, value: 305.17578125 },
      direction: "higher",
    });
    expect(r.ratio).toBeCloseTo(0.4, 9);
    expect(r.category).toBe("negligible_progress");
  });
  it("deterioration: moving away from the target (R = −1)", () => {
    const r = forecastProgress({
      base,
      latest: { year: 2022, value: 81 },
      target: { year: 2025, value: 161.051 },
      direction: "higher",
    });
    expect(r.ratio).toBeCloseTo(-1, 9);
    expect(r.category).toBe("deterioration");
  });
  it("target_achieved when the latest value meets the target", () => {
    const r = forecastProgress({
      base,
      latest: { year: 2022, value: 170 },
      target: { year: 2025, value: 161.051 },
      direction: "higher",
    });
    expect(r.category).toBe("target_achieved");
    expect(r.targetAchieved).toBe(true);
  });
  it("thresholds are configurable", () => {
    const target = { year: 2025, value: 201.1357187 };
    expect(
      forecastProgress({ base, latest, target, direction: "higher", thresholds: { med: 0.7 } }).category,
    ).toBe("negligible_progress");
  });
  it("lower is better: DTI rank 52 (2020) → 40 (2022), target 30 by 2025", () => {
    const r = forecastProgress({
      base: { year: 2020, value: 52 },
      latest: { year: 2022, value: 40 },
      target: { year: 2025, value: 30 },
      direction: "lower",
    });
    // observed √(40/52) − 1 = −12,29%/year; required (30/52)^(1/5) − 1 = −10,42%/year; R = 1,18
    expect(r.observedRate).toBeCloseTo(-0.122942, 6);
    expect(r.requiredRate).toBeCloseTo(-0.104174, 6);
    expect(r.ratio).toBeCloseTo(1.180158, 6);
    expect(r.category).toBe("substantial_progress");
    expect(r.projectedAchieved).toBe(true);
    const worse = forecastProgress({
      base: { year: 2020, value: 52 },
      latest: { year: 2022, value: 55 },
      target: { year: 2025, value: 30 },
      direction: "lower",
    });
    expect(worse.category).toBe("deterioration");
    const met = forecastProgress({
      base: { year: 2020, value: 52 },
      latest: { year: 2022, value: 30 },
      target: { year: 2025, value: 30 },
      direction: "lower",
    });
    expect(met.category).toBe("target_achieved");
  });
  it("target equal to the base: required growth 0", () => {
    const t = { year: 2025, value: 100 };
    expect(
      forecastProgress({ base, latest: { year: 2022, value: 90 }, target: t, direction: "higher" }).category,
    ).toBe("deterioration");
    expect(
      forecastProgress({ base, latest: { year: 2022, value: 90 }, target: t, direction: "higher" }).ratio,
    ).toBeNull();
  });
});

describe("linear fallback for zero or negative values", () => {
  it("base 0: increments 10/year observed vs 20/year required → R = 0.5", () => {
    const r = forecastProgress({
      base: { year: 2020, value: 0 },
      latest: { year: 2022, value: 20 },
      target: { year: 2025, value: 100 },
      direction: "higher",
    });
    expect(r.method).toBe("linear");
    expect(r.observedRate).toBe(10);
    expect(r.requiredRate).toBe(20);
    expect(r.ratio).toBe(0.5);
    expect(r.category).toBe("negligible_progress");
    expect(r.projectedValue).toBe(50);
    expect(r.requiredYearlyIncrement).toBeCloseTo(26.666667, 6);
    expect(r.reason).toContain("linear");
  });
  it("negative base: −5 → −2, target 5 → R = 1.5/2 = 0.75", () => {
    const r = forecastProgress({
      base: { year: 2020, value: -5 },
      latest: { year: 2022, value: -2 },
      target: { year: 2025, value: 5 },
      direction: "higher",
    });
    expect(r.method).toBe("linear");
    expect(r.ratio).toBe(0.75);
    expect(r.category).toBe("moderate_progress");
  });
  it("forced cagr on zero values is not available", () => {
    const r = forecastProgress({
      base: { year: 2020, value: 0 },
      latest: { year: 2022, value: 20 },
      target: { year: 2025, value: 100 },
      direction: "higher",
      method: "cagr",
    });
    expect(r.category).toBe("not_available");
  });
  it("forced linear on positive values", () => {
    const r = forecastProgress({
      base,
      latest,
      target: { year: 2025, value: 200 },
      direction: "higher",
      method: "linear",
    });
    // observed 10,5/year, required 20/year
    expect(r.ratio).toBe(0.525);
  });
});

describe("without a target: observed CAGR against 1,5% / 0,5% / 0", () => {
  it.each<[number, "higher" | "lower", string]>([
    [104.04, "higher", "substantial_progress"], // +2%/year
    [102.01, "higher", "moderate_progress"], // +1%/year
    [100.4004, "higher", "negligible_progress"], // +0,2%/year
    [98.01, "higher", "deterioration"], // −1%/year
    [98.01, "lower", "moderate_progress"],
    [104.04, "lower", "deterioration"],
  ])("100 → %d over two years, %s is better → %s", (value, direction, category) => {
    const r = forecastProgress({ base, latest: { year: 2022, value }, direction });
    expect(r.category).toBe(category);
    expect(r.requiredRate).toBeNull();
    expect(r.projectedValue).toBeNull();
  });
});

describe("not available", () => {
  it("needs two different years, target after base, finite inputs", () => {
    expect(forecastProgress({ base, latest: { year: 2020, value: 120 }, direction: "higher" }).category).toBe(
      "not_available",
    );
    expect(
      forecastProgress({ base, latest, target: { year: 2019, value: 200 }, direction: "higher" }).category,
    ).toBe("not_available");
    expect(
      forecastProgress({ base, latest: { year: 2022, value: Number.NaN }, direction: "higher" }).category,
    ).toBe("not_available");
  });
});

describe("pickBaseAndLatest", () => {
  it("takes the base year or the next year with data, and the latest year", () => {
    const series = [
      { year: 2019, value: null },
      { year: 2022, value: 7 },
      { year: 2020, value: 5 },
      { year: 2021, value: 6 },
    ];
    expect(pickBaseAndLatest(series, 2019)).toEqual({
      base: { year: 2020, value: 5 },
      latest: { year: 2022, value: 7 },
    });
    expect(pickBaseAndLatest(series, 2021)).toEqual({
      base: { year: 2021, value: 6 },
      latest: { year: 2022, value: 7 },
    });
    expect(pickBaseAndLatest(series, 2022)).toBeNull();
    expect(pickBaseAndLatest([{ year: 2020, value: 1 }])).toBeNull();
  });
});

describe("explainForecast", () => {
  it("is a valid JSON trail", () => {
    const r = forecastProgress({
      base,
      latest,
      target: { year: 2025, value: 201.1357187 },
      direction: "higher",
    });
    const e = explainForecast(r, { label: "Dự báo" });
    expect(ZExplanation.parse(e)).toEqual(e);
    expect(e.result).toBe("moderate_progress");
    expect(e.display).toBe("Có tiến bộ, cần tăng tốc");
    expect(e.inputs).toHaveLength(3);
  });
});
