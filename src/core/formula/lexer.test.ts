import { describe, expect, it } from "vitest";
import { tokenize } from "./lexer.ts";

describe("lexer", () => {
  it("tokenises codes with dots and underscores, numbers, operators", () => {
    const t = tokenize("DTI.CQS.1 >= 0.5 && x_1 <> .25");
    expect(t.map((x) => [x.kind, x.text, x.pos])).toEqual([
      ["ident", "DTI.CQS.1", 0],
      ["op", ">=", 10],
      ["number", "0.5", 13],
      ["op", "and", 17],
      ["ident", "x_1", 20],
      ["op", "!=", 24],
      ["number", ".25", 27],
      ["eof", "", 30],
    ]);
  });
});
