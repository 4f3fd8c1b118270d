import { describe, expect, it } from "vitest";
import { dependencies, dependencyCodes, evaluationOrder, findCycles } from "./analysis.ts";
import type { TPeriodFn } from "./ast.ts";
import { parseFormula } from "./parser.ts";

describe("dependencies", () => {
  it("lists codes with their period function, in order, without duplicates", () => {
    const ast = parseFormula("(DVC_TT - prev(DVC_TT)) / DVC_TONG + ytd(DVC_TT) * 0 + DVC_TT");
    expect(dependencies(ast)).toEqual<Array<{ code: string; period: TPeriodFn }>>([
      { code: "DVC_TT", period: "current" },
      { code: "DVC_TT", period: "prev" },
      { code: "DVC_TONG", period: "current" },
      { code: "DVC_TT", period: "ytd" },
    ]);
    expect(dependencyCodes(ast)).toEqual(["DVC_TT", "DVC_TONG"]);
    expect(dependencies(parseFormula("1 + 2"))).toEqual([]);
  });
});

describe("cycles among formula indicators", () => {
  const f = (src: string) => parseFormula(src);
  it("none when acyclic, with an evaluation order", () => {
    const formulas = { RATE: f("NUM / DEN"), PCT: f("RATE * 100"), GAP: f("100 - PCT") };
    expect(findCycles(formulas)).toEqual([]);
    const order = evaluationOrder(formulas);
    expect(order).toEqual({ ok: true, order: ["RATE", "PCT", "GAP"] });
  });
  it("finds a two-cycle, a three-cycle and a self-reference", () => {
    const formulas = new Map([
      ["A", f("B + 1")],
      ["B", f("A * 2")],
      ["X", f("Y")],
      ["Y", f("Z + RAW")],
      ["Z", f("ytd(X)")],
      ["S", f("S + 1")],
      ["OK", f("RAW * 2")],
    ]);
    expect(findCycles(formulas)).toEqual([
      ["A", "B", "A"],
      ["S", "S"],
      ["X", "Y", "Z", "X"],
    ]);
    const order = evaluationOrder(formulas);
    expect(order.ok).toBe(false);
  });
  it("a reference to an earlier period is not a cycle (running total)", () => {
    expect(findCycles({ STOCK: f("prev(STOCK) + NEW"), YOY: f("STOCK - prevYear(ytd(STOCK))") })).toEqual([]);
  });
});
