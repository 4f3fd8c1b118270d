/**
 * Tokeniser for the formula language. Identifiers are indicator codes or function names:
 * a letter or "_" followed by letters, digits, "_" or "." (not ending in "."), e.g. `DVC_TT`,
 * `DTI.CQS.1`. Numbers use "." for decimals (`0.5`, `.5`, `1e3`) because "," separates arguments.
 */
import { FormulaError } from "./errors.ts";

/** Token kinds. */
export type TTokenKind = "number" | "ident" | "op" | "lparen" | "rparen" | "comma" | "eof";

/** One token with its 0-based start offset and source text. */
export interface TToken {
  kind: TTokenKind;
  /** Canonical text: operators are normalised ("==" → "=", "<>" → "!=", "&&" → "and"). */
  text: string;
  pos: number;
  /** Length in the source. */
  length: number;
}

const OPERATORS: Array<[string, string]> = [
  ["<=", "<="],
  [">=", ">="],
  ["==", "="],
  ["!=", "!="],
  ["<>", "!="],
  ["&&", "and"],
  ["||", "or"],
  ["<", "<"],
  [">", ">"],
  ["=", "="],
  ["+", "+"],
  ["-", "-"],
  ["*", "*"],
  ["/", "/"],
  ["!", "not"],
];

/** Splits formula source into tokens, ending with an "eof" token. @throws FormulaError (syntax) */
export function tokenize(source: string): TToken[] {
  const tokens: TToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(source[i + 1] ?? ""))) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i))!;
      i += m[0].length;
      if (/[A-Za-z_.]/.test(source[i] ?? "")) {
        // "2A", "1.2.3" or "1." are typos, not a number followed by a name.
        while (i < source.length && /[A-Za-z0-9_.]/.test(source[i])) i++;
        throw new FormulaError({
          kind: "syntax",
          position: start,
          length: i - start,
          messageVi: `Số không hợp lệ "${source.slice(start, i)}" (dùng dấu chấm cho phần thập phân, ví dụ 0.5)`,
          messageEn: `Invalid number "${source.slice(start, i)}" (use a dot for decimals, e.g. 0.5)`,
        });
      }
      tokens.push({ kind: "number", text: m[0], pos: start, length: m[0].length });
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < source.length && /[A-Za-z0-9_.]/.test(source[i])) i++;
      const text = source.slice(start, i);
      if (text.endsWith(".")) {
        throw new FormulaError({
          kind: "syntax",
          position: i - 1,
          messageVi: `Mã "${text}" không được kết thúc bằng dấu chấm`,
          messageEn: `Code "${text}" must not end with a dot`,
        });
      }
      tokens.push({ kind: "ident", text, pos: start, length: text.length });
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({
        kind: ch === "(" ? "lparen" : ch === ")" ? "rparen" : "comma",
        text: ch,
        pos: start,
        length: 1,
      });
      i++;
      continue;
    }
    const op = OPERATORS.find(([src]) => source.startsWith(src, i));
    if (op) {
      tokens.push({ kind: "op", text: op[1], pos: start, length: op[0].length });
      i += op[0].length;
      continue;
    }
    throw new FormulaError({
      kind: "syntax",
      position: start,
      messageVi: `Ký tự không hợp lệ "${ch}"`,
      messageEn: `Unexpected character "${ch}"`,
    });
  }
  tokens.push({ kind: "eof", text: "", pos: source.length, length: 0 });
  return tokens;
}
