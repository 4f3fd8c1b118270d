import { describe, expect, it } from "vitest";
import { formatFormula } from "./ast.ts";
import { parseFormula } from "./parser.ts";

describe("formatFormula prints canonical source", () => {
  it.each([
    ["((A)+B)*2", "(A + B) * 2"],
    ["A-(B-C)", "A - (B - C)"],
    ["(A-B)-C", "A - B - C"],
    ["A/(B*C)", "A / (B * C)"],
    ["-(A+B)", "-(A + B)"],
    ["not(A>1 and B<2)", "not (A > 1 and B < 2)"],
    ["A>1 and (B<2 or C=3)", "A > 1 and (B < 2 or C = 3)"],
    ["ytd(prev(X)) + prevYear(ytd(Y))", "prev(ytd(X)) + prevYear(ytd(Y))"],
    ["IF(A>=0,ROUND(A,1),0)", "if(A >= 0, round(A, 1), 0)"],
    ["A <> B", "A != B"],
  ])("%s → %s", (src, out) => {
    const ast = parseFormula(src);
    expect(formatFormula(ast)).toBe(out);
    // Re-parsing the printed text gives the same meaning.
    expect(formatFormula(parseFormula(out))).toBe(out);
  });
});
