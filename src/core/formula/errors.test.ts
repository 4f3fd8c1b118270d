import { describe, expect, it } from "vitest";
import { errorPointer, FormulaError } from "./errors.ts";

describe("FormulaError", () => {
  const e = new FormulaError({
    kind: "arity",
    position: 4,
    length: 3,
    messageVi: "Sai số tham số",
    messageEn: "Wrong arity",
  });
  it("carries kind, position, length and both messages; message is English with the position", () => {
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("FormulaError");
    expect(e.message).toBe("Wrong arity (at position 4)");
    expect(e.toJSON()).toEqual({
      kind: "arity",
      position: 4,
      length: 3,
      messageVi: "Sai số tham số",
      messageEn: "Wrong arity",
    });
  });
  it("length is at least 1", () => {
    expect(
      new FormulaError({ kind: "syntax", position: 0, length: 0, messageVi: "a", messageEn: "b" }).length,
    ).toBe(1);
  });
  it("errorPointer underlines the span, clamped to the source", () => {
    expect(errorPointer("1 + abs(A, B)", e)).toBe("1 + abs(A, B)\n    ^^^");
    expect(errorPointer("A +", { position: 99 })).toBe("A +\n   ^");
  });
});
