import { describe, expect, it } from "vitest";
import * as core from "./index.ts";

describe("src/core re-exports", () => {
  it("exposes the engine's entry points", () => {
    for (const name of [
      "parsePeriod",
      "periodLabel",
      "yearToDate",
      "formatNumber",
      "formatPercent",
      "formatRatio",
      "parseVnNumber",
      "parseFormula",
      "evaluateFormula",
      "dependencies",
      "findCycles",
      "aggregateUnits",
      "aggregateOverTime",
      "targetStatus",
      "summarizeStatuses",
      "formatAchievedSummary",
      "forecastProgress",
      "rankWithTies",
      "rankComposite",
      "explanation",
      "ZExplanation",
    ]) {
      expect(core, name).toHaveProperty(name);
    }
  });
  it("works end to end: province share of online procedures, status and sentence", () => {
    const agg = core.aggregateUnits({
      rule: "ratio_of_sums",
      values: [
        { unitId: "SoA", numerator: 1700, denominator: 1800 },
        { unitId: "SoB", numerator: 61, denominator: 166 },
      ],
      multiplier: 100,
    });
    const st = core.targetStatus({ actual: agg.value, target: 100, direction: "higher" });
    expect(st.status).toBe("near");
    expect(core.formatPercent({ numerator: agg.numerator, denominator: agg.denominator })).toBe("89,6%");
    const trail = core.withDisplay(core.explainAggregate(agg, { label: "DVC" }), {
      decimals: 1,
      percent: "percent",
    });
    expect(trail.display).toBe("89,6%");
    expect(
      core.ZExplanation.safeParse(core.explainStatus(st, { label: "x", children: [trail] })).success,
    ).toBe(true);
  });
});
