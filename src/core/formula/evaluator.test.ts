import { describe, expect, it } from "vitest";
import type { TFormulaNode } from "./ast.ts";
import { FormulaError } from "./errors.ts";
import {
  evaluateFormula,
  evaluateFormulaDecimal,
  evaluateFormulaExplained,
  periodForFn,
  type TResolver,
} from "./evaluator.ts";
import { parseFormula, parseFormulaDetailed } from "./parser.ts";

function catchError(fn: () => unknown): FormulaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error("expected a FormulaError");
}

const data: Record<string, number | null> = {
  DVC_TT: 1761,
  DVC_TONG: 1966,
  ZERO: 0,
  MISSING: null,
  A: 10,
  B: 4,
};
const resolve: TResolver = (code, period) => {
  if (period === "current") return data[code] ?? null;
  if (code === "A" && period === "prev") return 8;
  if (code === "A" && period === "ytd") return 30;
  if (code === "A" && period === "prev_year") return 5;
  if (code === "A" && period === "prev_year_ytd") return 20;
  if (code === "A" && period === "prev_ytd") return 22;
  return null;
};

const ev = (src: string) => evaluateFormula(parseFormula(src), { resolve });

describe("parse and evaluate", () => {
  it("arithmetic with precedence and parentheses", () => {
    expect(ev("1 + 2 * 3")).toBe(7);
    expect(ev("(1 + 2) * 3")).toBe(9);
    expect(ev("10 - 4 - 3")).toBe(3);
    expect(ev("100 / 10 / 5")).toBe(2);
    expect(ev("-A + 2")).toBe(-8);
    expect(ev("- -A")).toBe(10);
    expect(ev("+A")).toBe(10);
    expect(ev("2 * -B")).toBe(-8);
  });
  it("decimal constants and exact decimal arithmetic", () => {
    expect(ev("0.5 * A")).toBe(5);
    expect(ev("0.1 + 0.2")).toBe(0.3);
    expect(ev("0.1 + 0.2 = 0.3")).toBe(true);
    expect(ev("1e3 + .5")).toBe(1000.5);
  });
  it("the seed ratio 1761/1966 as a percentage", () => {
    const v = evaluateFormulaDecimal(parseFormula("DVC_TT / DVC_TONG * 100"), { resolve });
    expect(typeof v === "object" && v !== null && v.toDecimalPlaces(1).toString()).toBe("89.6");
    expect(ev("round(DVC_TT / DVC_TONG * 100, 1)")).toBe(89.6);
  });
  it("division by zero is no value", () => {
    expect(ev("A / ZERO")).toBeNull();
    expect(ev("A / (B - 4)")).toBeNull();
  });
  it("null propagates through arithmetic, comparisons and functions", () => {
    expect(ev("MISSING + 1")).toBeNull();
    expect(ev("UNKNOWN_CODE * 0")).toBeNull();
    expect(ev("MISSING <= 1")).toBeNull();
    expect(ev("min(A, MISSING)")).toBeNull();
    expect(ev("abs(MISSING)")).toBeNull();
    expect(ev("-MISSING")).toBeNull();
    expect(ev("not (MISSING > 1)")).toBeNull();
  });
  it("coalesce takes the first value", () => {
    expect(ev("coalesce(MISSING, A)")).toBe(10);
    expect(ev("coalesce(MISSING, MISSING, 0)")).toBe(0);
    expect(ev("coalesce(MISSING, MISSING)")).toBeNull();
    expect(ev("coalesce(A / ZERO, -1)")).toBe(-1);
  });
  it("three-valued and/or", () => {
    expect(ev("false and MISSING > 1")).toBe(false);
    expect(ev("MISSING > 1 and false")).toBe(false);
    expect(ev("true and MISSING > 1")).toBeNull();
    expect(ev("true or MISSING > 1")).toBe(true);
    expect(ev("MISSING > 1 or true")).toBe(true);
    expect(ev("false or MISSING > 1")).toBeNull();
  });
  it("comparisons and logic for validation rules", () => {
    expect(ev("DVC_TT <= DVC_TONG")).toBe(true);
    expect(ev("DVC_TONG <= DVC_TT")).toBe(false);
    expect(ev("A > B and B > 0")).toBe(true);
    expect(ev("A < B or not (B = 4)")).toBe(false);
    expect(ev("A != B")).toBe(true);
    expect(ev("A == 10")).toBe(true);
    expect(ev("A <> 10")).toBe(false);
    expect(ev("!(A > B) || B >= 4")).toBe(true);
    expect(ev("AND_CODE = 1")).toBeNull(); // a code may start with a keyword
    expect(ev("(A > B) = true")).toBe(true);
  });
  it("functions", () => {
    expect(ev("min(A, B, 7)")).toBe(4);
    expect(ev("max(A, B, 7)")).toBe(10);
    expect(ev("min(3)")).toBe(3);
    expect(ev("abs(B - A)")).toBe(6);
    expect(ev("round(2.5)")).toBe(3);
    expect(ev("round(-2.5)")).toBe(-3);
    expect(ev("round(36.85, 1)")).toBe(36.9);
    expect(ev("round(1234, -2)")).toBe(1200);
    expect(ev("if(A > B, 1, 2)")).toBe(1);
    expect(ev("if(A < B, 1, 2)")).toBe(2);
    expect(ev("if(ZERO = 0, 0, A / ZERO)")).toBe(0);
    expect(ev("if(MISSING > 0, 1, 2)")).toBeNull();
    expect(ev("IF(A > B, ROUND(1.26, 1), 0)")).toBe(1.3); // function names are case-insensitive
  });
  it("round() refuses non-integer decimals at run time, with position", () => {
    const e = catchError(() => ev("round(A, 0.5)"));
    expect(e.kind).toBe("argument");
    expect(e.position).toBe(9);
  });
  it("period functions", () => {
    expect(ev("A - prev(A)")).toBe(2);
    expect(ev("ytd(A)")).toBe(30);
    expect(ev("A / prevYear(A) - 1")).toBe(1);
    expect(ev("ytd(A) - prevYear(ytd(A))")).toBe(10);
    expect(ev("ytd(prevYear(A))")).toBe(20);
    expect(ev("prev(ytd(A))")).toBe(22);
    expect(ev("ytd(prev(A))")).toBe(22);
    expect(ev("prev_year(A)")).toBe(5);
  });
  it("the whole formula's type can be required", () => {
    expect(parseFormulaDetailed("NUM <= DEN").valueType).toBe("boolean");
    expect(parseFormulaDetailed("NUM / DEN").valueType).toBe("number");
    expect(parseFormula("NUM <= DEN", { expect: "boolean" }).type).toBe("binary");
    const e = catchError(() => parseFormula("NUM / DEN", { expect: "boolean" }));
    expect(e.kind).toBe("type");
    expect(e.messageVi).toContain("đúng/sai");
  });
  it("the tree is plain JSON", () => {
    const ast = parseFormula("if(ytd(A) > 0, round(A / B, 2), coalesce(B, 0))");
    const copy = JSON.parse(JSON.stringify(ast)) as TFormulaNode;
    expect(copy).toEqual(ast);
    expect(evaluateFormula(copy, { resolve })).toBe(2.5);
  });
});

describe("explained evaluation and period resolution", () => {
  it("records each input with its concrete period", () => {
    const { value, explanation } = evaluateFormulaExplained(parseFormula("A - prev(A) + MISSING * 0"), {
      resolve,
      label: "Tăng so với kỳ trước",
      period: "2024Q1",
    });
    expect(value).toBeNull();
    expect(explanation.formula).toBe("A - prev(A) + MISSING * 0");
    expect(explanation.inputs).toEqual([
      { code: "A", value: 10, period: "2024Q1" },
      { code: "A", value: 8, period: "2023Q4", label: "prev" },
      { code: "MISSING", value: null, period: "2024Q1", note: "no value / không có số liệu" },
    ]);
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });
  it("periodForFn", () => {
    expect(periodForFn("2024Q3", "current")).toEqual({ period: "2024Q3", ytd: false });
    expect(periodForFn("2024Q3", "ytd")).toEqual({ period: "2024Q3", ytd: true });
    expect(periodForFn("2024Q3", "prev")).toEqual({ period: "2024Q2", ytd: false });
    expect(periodForFn("2024Q1", "prev")).toEqual({ period: "2023Q4", ytd: false });
    expect(periodForFn("2024N9", "prev_year")).toEqual({ period: "2023N9", ytd: false });
    expect(periodForFn("2024Q3", "prev_ytd")).toEqual({ period: "2024Q2", ytd: true });
    expect(periodForFn("202409", "prev_year_ytd")).toEqual({ period: "202309", ytd: true });
  });
});
