import { describe, expect, it } from "vitest";
import { errorPointer, FormulaError } from "./errors.ts";
import { checkFormula, parseFormula } from "./parser.ts";

function catchError(fn: () => unknown): FormulaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FormulaError) return e;
    throw e;
  }
  throw new Error("expected a FormulaError");
}

describe("errors carry kind, position and bilingual messages", () => {
  it.each<[string, string, number]>([
    ["", "syntax", 0],
    ["   ", "syntax", 0],
    ["A +", "syntax", 3],
    ["A + * B", "syntax", 4],
    ["(A + B", "syntax", 0],
    ["A + B)", "syntax", 5],
    ["A B", "syntax", 2],
    ["A $ B", "syntax", 2],
    ["2A + 1", "syntax", 0],
    ["1.2.3", "syntax", 0],
    ["A. + 1", "syntax", 1],
    ["0,5 * A", "syntax", 1],
    ["A < B < C", "syntax", 6],
    ["min(A,, B)", "syntax", 6],
    ["max(A B)", "syntax", 6],
    ["min(A, B", "syntax", 0],
    ["A and", "syntax", 5],
    ["and A", "syntax", 0],
    ["sqrt(A)", "unknown_function", 0],
    ["A + foo(1)", "unknown_function", 4],
    ["abs(A, B)", "arity", 0],
    ["1 + round()", "arity", 4],
    ["round(A, 1, 2)", "arity", 0],
    ["if(A > 1, 2)", "arity", 0],
    ["coalesce(A)", "arity", 0],
    ["min()", "arity", 0],
    ["ytd(A, B)", "arity", 0],
    ["ytd(A + B)", "argument", 4],
    ["prev(1)", "argument", 5],
    ["prev(prev(A))", "argument", 0],
    ["A + (B > 1)", "type", 4],
    ["A and B", "type", 0],
    ["A > 1 and B", "type", 10],
    ["not A", "type", 4],
    ["-(A > 1)", "type", 1],
    ["if(A, 1, 2)", "type", 3],
    ["if(A > 1, 1, B > 2)", "type", 13],
    ["coalesce(A, B > 1)", "type", 12],
    ["(A > 1) = 2", "type", 10],
    ["min(A, B > 1)", "type", 7],
  ])("%j → %s at %d", (src, kind, position) => {
    const e = catchError(() => parseFormula(src));
    expect(e.kind).toBe(kind);
    expect(e.position).toBe(position);
    expect(e.messageVi.length).toBeGreaterThan(0);
    expect(e.messageEn.length).toBeGreaterThan(0);
    expect(e.messageVi).not.toBe(e.messageEn);
    expect(e.message).toContain(`position ${position}`);
  });

  it("unknown codes when known codes are supplied, with a case hint", () => {
    const known = ["DVC_TT", "DVC_TONG"];
    expect(parseFormula("DVC_TT / DVC_TONG", { knownCodes: known }).type).toBe("binary");
    const e = catchError(() => parseFormula("DVC_TT / DVC_TONGG", { knownCodes: known }));
    expect(e.kind).toBe("unknown_code");
    expect(e.position).toBe(9);
    expect(e.length).toBe(9);
    expect(e.messageVi).toBe('Không có chỉ số mã "DVC_TONGG"');
    expect(e.messageEn).toBe('Unknown indicator code "DVC_TONGG"');
    const e2 = catchError(() => parseFormula("ytd(dvc_tt)", { knownCodes: known }));
    expect(e2.position).toBe(4);
    expect(e2.messageEn).toContain('did you mean "DVC_TT"');
    const e3 = catchError(() => parseFormula("X + 1", { knownCodes: (c) => c.startsWith("DVC") }));
    expect(e3.kind).toBe("unknown_code");
    expect(e3.position).toBe(0);
  });

  it("unknown function message lists the functions", () => {
    const e = catchError(() => parseFormula("sqrt(A)"));
    expect(e.messageEn).toContain("ytd, prev, prevYear, min, max, abs, round, if, coalesce");
    expect(e.messageVi).toContain('Không có hàm "sqrt"');
  });

  it("arity message in both languages", () => {
    const e = catchError(() => parseFormula("abs(A, B)"));
    expect(e.messageVi).toBe("Hàm abs() cần đúng 1 tham số, nhận 2");
    expect(e.messageEn).toBe("Function abs() takes exactly 1 argument, got 2");
  });

  it("guards against pathological input", () => {
    expect(catchError(() => parseFormula(`${"(".repeat(500)}1${")".repeat(500)}`)).kind).toBe("syntax");
    expect(catchError(() => parseFormula(`${"-".repeat(500)}1`)).kind).toBe("syntax");
    expect(catchError(() => parseFormula(`${"1+".repeat(6000)}1`)).kind).toBe("syntax");
  });

  it("checkFormula returns the error as JSON", () => {
    const r = checkFormula("A +");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: "syntax", position: 3 });
    const ok = checkFormula("A + 1");
    expect(ok.ok).toBe(true);
  });

  it("errorPointer draws a caret", () => {
    const e = catchError(() => parseFormula("A + * B"));
    expect(errorPointer("A + * B", e)).toBe("A + * B\n    ^");
  });
});

describe("decimal comma hint", () => {
  it("explains that formulas use a dot for decimals", () => {
    const e = catchError(() => parseFormula("0,5 * A"));
    expect(e.messageEn).toContain("write decimals with a dot");
    expect(e.messageVi).toContain("dấu chấm");
  });
});
