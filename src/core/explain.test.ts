import { describe, expect, it } from "vitest";
import {
  explainInput,
  explanation,
  jsonSafe,
  renderExplanation,
  type TExplanation,
  withDisplay,
  ZExplanation,
} from "./explain.ts";

describe("explanation trails", () => {
  it("drops undefined fields and non-finite numbers so JSON round-trips", () => {
    const e = explanation({
      label: "x",
      kind: "value",
      result: Number.POSITIVE_INFINITY,
      rule: undefined,
      details: { a: Number.NaN, b: 1 },
      notes: [],
      children: [],
    });
    expect(e).toEqual({ label: "x", kind: "value", result: null, details: { a: null, b: 1 } });
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(jsonSafe(undefined)).toBeNull();
  });

  it("withDisplay records exact rounding: 1761/1966 → 89,6% half-up, 89,5% truncated", () => {
    const node = explanation({ label: "TTHC trực tuyến", kind: "aggregate", result: 1761 / 1966 });
    const up = withDisplay(node, { decimals: 1, percent: "fraction" });
    expect(up.display).toBe("89,6%");
    expect(up.rounding).toEqual({ decimals: 1, mode: "half-up", rounded: 89.6 });
    const down = withDisplay(node, { decimals: 1, mode: "truncate", percent: "fraction" });
    expect(down.display).toBe("89,5%");
    expect(down.rounding?.rounded).toBe(89.5);
    const plain = withDisplay(explanation({ label: "DTI", kind: "value", result: 0.30812 }), { decimals: 4 });
    expect(plain.display).toBe("0,3081");
    const pct = withDisplay(explanation({ label: "p", kind: "value", result: 36.85 }), {
      decimals: 1,
      percent: "percent",
    });
    expect(pct.display).toBe("36,9%");
    const none = withDisplay(explanation({ label: "n", kind: "value", result: null }), { decimals: 1 });
    expect(none.display).toBe("—");
    expect(none.rounding).toBeUndefined();
  });

  it("validates with the Zod schema, recursively, and rejects malformed trees", () => {
    const tree: TExplanation = explanation({
      label: "Tỉnh",
      kind: "aggregate",
      rule: "sum",
      result: 10851,
      inputs: [{ unitId: "xa1", period: "2024Q3", value: 10851 }],
      children: [
        explainInput({ label: "Xã 1", value: 10851, unitId: "xa1", code: "TEAM_MEMBERS", period: "2024Q3" }),
      ],
    });
    expect(ZExplanation.parse(tree)).toEqual(tree);
    expect(ZExplanation.safeParse({ label: "x", kind: "nope", result: 1 }).success).toBe(false);
    expect(
      ZExplanation.safeParse({
        label: "x",
        kind: "value",
        result: 1,
        children: [{ label: 2, kind: "value", result: 1 }],
      }).success,
    ).toBe(false);
  });

  it("explainInput keeps numerator and denominator", () => {
    const e = explainInput({ label: "Sở A", value: 0.5, numerator: 1, denominator: 2 });
    expect(e.inputs).toEqual([
      { label: "numerator", value: 1 },
      { label: "denominator", value: 2 },
    ]);
    expect(e.display).toBe("0,5");
  });

  it("renders as indented text", () => {
    const tree = explanation({
      label: "Tổng",
      kind: "aggregate",
      rule: "sum",
      result: 1871,
      inputs: [
        { unitId: "a", value: 1000 },
        { unitId: "b", value: null, note: "chưa báo cáo" },
      ],
      notes: ["1/2 chưa báo cáo"],
      children: [explanation({ label: "Con", kind: "input", result: 1000 })],
    });
    expect(renderExplanation(tree)).toBe(
      [
        "Tổng = 1.871 [sum]",
        "  - a: 1.000",
        "  - b: — (chưa báo cáo)",
        "  ! 1/2 chưa báo cáo",
        "  Con = 1.000",
      ].join("\n"),
    );
  });
});
