import { describe, expect, it } from "vitest";
import {
  checkFramework,
  findNode,
  listCriteria,
  type TCriterion,
  type TFramework,
  validateFramework,
  walkFramework,
  ZFramework,
  ZFrameworkShape,
  ZScoring,
  ZScoringType,
} from "./framework.ts";

const direct = (code: string, maxPoints: number, extra: Partial<TCriterion> = {}): TCriterion => ({
  kind: "criterion",
  code,
  nameVi: code,
  nameEn: code,
  maxPoints,
  scoring: { type: "direct" },
  ...extra,
});

const base = (children: TFramework["children"], maxPoints = 100): TFramework => ({
  code: "F",
  version: "1",
  nameVi: "Khung",
  nameEn: "Framework",
  scope: "commune",
  legalBasis: { number: "5/QĐ-UBND", issuer: "UBND tỉnh", date: "2024-05-01" },
  maxPoints,
  source: "test",
  children,
});

const codesOf = (fw: TFramework) => checkFramework(fw).map((i) => [i.severity, i.code, i.nodeCode]);

describe("checkFramework", () => {
  it("accepts children whose max points add up exactly", () => {
    const fw = base([
      {
        kind: "index",
        code: "A",
        nameVi: "A",
        nameEn: "A",
        maxPoints: 60,
        children: [direct("A1", 25), direct("A2", 35)],
      },
      direct("B", 40),
    ]);
    expect(checkFramework(fw)).toEqual([]);
    expect(ZFramework.safeParse(fw).success).toBe(true);
  });
  it("rejects children summing above or below the parent's maximum (equality is required)", () => {
    const over = base([
      {
        kind: "index",
        code: "A",
        nameVi: "A",
        nameEn: "A",
        maxPoints: 60,
        children: [direct("A1", 30), direct("A2", 35)],
      },
      direct("B", 40),
    ]);
    expect(codesOf(over)).toEqual([["error", "points_mismatch", "A"]]);
    const under = base([direct("A", 50), direct("B", 40)]);
    expect(codesOf(under)).toEqual([["error", "points_mismatch", "F"]]);
    expect(ZFramework.safeParse(under).success).toBe(false);
    // The draft schema accepts what the full schema rejects.
    expect(ZFrameworkShape.safeParse(under).success).toBe(true);
  });
  it("adds decimals exactly (0.1 + 0.2 = 0.3)", () => {
    expect(checkFramework(base([direct("A", 0.1), direct("B", 0.2)], 0.3))).toEqual([]);
  });
  it("rejects duplicate codes anywhere in the tree", () => {
    const fw = base([
      {
        kind: "index",
        code: "A",
        nameVi: "A",
        nameEn: "A",
        maxPoints: 60,
        children: [direct("X", 30), direct("A", 30)],
      },
      direct("X", 40),
    ]);
    expect(codesOf(fw)).toEqual([
      ["error", "duplicate_code", "A"],
      ["error", "duplicate_code", "X"],
    ]);
  });
  it("exempts weighted nodes from the sum rule and warns about partial weights", () => {
    const weighted = base([direct("A", 10, { weight: 2 }), direct("B", 10, { weight: 1 })]);
    expect(checkFramework(weighted)).toEqual([]);
    const partial = base([direct("A", 10, { weight: 2 }), direct("B", 10)]);
    expect(codesOf(partial)).toEqual([["warning", "partial_weights", "F"]]);
  });
  it("checks scoring rules: step points, duplicate thresholds and options, bounds, reachability", () => {
    const fw = base([
      {
        kind: "criterion",
        code: "S",
        nameVi: "S",
        nameEn: "S",
        maxPoints: 20,
        scoring: {
          type: "steps",
          steps: [
            { threshold: 1, points: 25 },
            { threshold: 1, points: 5 },
          ],
        },
      },
      {
        kind: "criterion",
        code: "C",
        nameVi: "C",
        nameEn: "C",
        maxPoints: 40,
        scoring: {
          type: "categorical",
          options: [
            { code: "a", labelVi: "a", share: 0.5 },
            { code: "a", labelVi: "b", share: 0.2 },
          ],
        },
      },
      {
        kind: "criterion",
        code: "L",
        nameVi: "L",
        nameEn: "L",
        maxPoints: 40,
        scoring: { type: "indicator", indicatorCode: "X", scale: { kind: "linear", worst: 5, best: 5 } },
      },
    ]);
    expect(codesOf(fw)).toEqual([
      ["error", "step_exceeds_max", "S"],
      ["error", "duplicate_threshold", "S"],
      ["warning", "max_unreachable", "S"],
      ["error", "duplicate_option", "C"],
      ["warning", "max_unreachable", "C"],
      ["error", "degenerate_bounds", "L"],
    ]);
  });
  it("warns about empty index nodes without applying the sum rule", () => {
    const fw = base([{ kind: "index", code: "A", nameVi: "A", nameEn: "A", maxPoints: 100, children: [] }]);
    expect(codesOf(fw)).toEqual([["warning", "empty_node", "A"]]);
  });
});

describe("validateFramework", () => {
  it("reports shape errors for malformed JSON", () => {
    const v = validateFramework({
      code: "F",
      children: [{ kind: "criterion", code: "A", scoring: { type: "magic" } }],
    });
    expect(v.ok).toBe(false);
    expect(v.framework).toBeNull();
    expect(v.shapeErrors.length).toBeGreaterThan(0);
  });
  it("rejects a bad legal-basis date and a negative maximum", () => {
    const fw = base([direct("A", 100)]);
    expect(
      ZFrameworkShape.safeParse({ ...fw, legalBasis: { ...fw.legalBasis, date: "20/5/2022" } }).success,
    ).toBe(false);
    expect(ZFrameworkShape.safeParse(base([direct("A", -1)])).success).toBe(false);
  });
  it("returns the parsed framework with its issues", () => {
    const v = validateFramework(base([direct("A", 90)]));
    expect(v.ok).toBe(false);
    expect(v.framework?.code).toBe("F");
    expect(v.issues[0].code).toBe("points_mismatch");
  });
});

describe("walking the tree", () => {
  const fw = base([
    {
      kind: "index",
      code: "M",
      nameVi: "M",
      nameEn: "M",
      maxPoints: 60,
      requirement: "mandatory",
      children: [direct("M1", 30), direct("M2", 30, { requirement: "extended" })],
    },
    direct("E", 40, { requirement: "extended" }),
  ]);
  it("inherits the recognition flag from the nearest flagged ancestor", () => {
    const req = Object.fromEntries(walkFramework(fw).map((v) => [v.node.code, v.requirement]));
    expect(req).toEqual({ M: "mandatory", M1: "mandatory", M2: "extended", E: "extended" });
  });
  it("lists criteria in order and finds nodes", () => {
    expect(listCriteria(fw).map((c) => c.code)).toEqual(["M1", "M2", "E"]);
    expect(findNode(fw, "M2")?.maxPoints).toBe(30);
    expect(findNode(fw, "nope")).toBeNull();
  });
});

describe("ZScoringType", () => {
  it("lists exactly the scoring rule types", () => {
    expect(ZScoring.options.map((o) => o.shape.type.value).sort()).toEqual([...ZScoringType.options].sort());
  });
});
