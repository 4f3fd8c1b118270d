/**
 * Recursive-descent parser: formula source → typed syntax tree. The tree is checked once, at
 * parse time, for syntax, function names and arity, value types (number vs. boolean) and,
 * when the caller supplies them, unknown indicator codes. Nothing is ever evaluated as JavaScript.
 *
 * Precedence, lowest first: `or`, `and`, `not`, comparisons (not chainable), `+ -`, `* /`,
 * unary `-`/`+`, then literals, references, calls and parentheses.
 */
import type { TFormulaNode, TFunctionName, TPeriodFn, TRefNode, TValueType } from "./ast.ts";
import { FormulaError } from "./errors.ts";
import { type TToken, tokenize } from "./lexer.ts";

/** Options of {@link parseFormula}. */
export interface TParseOptions {
  /**
   * Indicator codes that may be referenced; any other code is an "unknown_code" error at its
   * position. Omit to accept any code (e.g. when codes are checked later).
   */
  knownCodes?: Iterable<string> | ((code: string) => boolean);
  /** Required type of the whole formula: "number" for indicator formulas, "boolean" for validation rules. */
  expect?: TValueType;
}

/** Longest formula accepted, and deepest nesting: guards against pathological input. */
export const MAX_FORMULA_LENGTH = 10_000;
const MAX_DEPTH = 100;

const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);
const PERIOD_FUNCTIONS: Record<string, "ytd" | "prev" | "prev_year"> = {
  ytd: "ytd",
  prev: "prev",
  prevyear: "prev_year",
  prev_year: "prev_year",
};
const ARITY: Record<TFunctionName, { min: number; max: number }> = {
  min: { min: 1, max: Number.POSITIVE_INFINITY },
  max: { min: 1, max: Number.POSITIVE_INFINITY },
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  if: { min: 3, max: 3 },
  coalesce: { min: 2, max: Number.POSITIVE_INFINITY },
};

const TYPE_VI: Record<TValueType, string> = { number: "số", boolean: "đúng/sai" };
const TYPE_EN: Record<TValueType, string> = { number: "a number", boolean: "true/false" };

interface TTyped {
  node: TFormulaNode;
  t: TValueType;
  /** Source span, for error positions. */
  pos: number;
  end: number;
}

function describe(tok: TToken): { vi: string; en: string } {
  if (tok.kind === "eof") return { vi: "hết công thức", en: "end of formula" };
  return { vi: `"${tok.text}"`, en: `"${tok.text}"` };
}

class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: TToken[];
  private readonly isKnown: ((code: string) => boolean) | null;
  private readonly knownList: string[];

  constructor(source: string, options: TParseOptions) {
    this.tokens = tokenize(source);
    const k = options.knownCodes;
    if (k === undefined) {
      this.isKnown = null;
      this.knownList = [];
    } else if (typeof k === "function") {
      this.isKnown = k;
      this.knownList = [];
    } else {
      const set = new Set(k);
      this.isKnown = (c) => set.has(c);
      this.knownList = [...set];
    }
  }

  private peek(): TToken {
    return this.tokens[this.i];
  }

  private next(): TToken {
    return this.tokens[this.i++];
  }

  private isKeyword(tok: TToken, word: string): boolean {
    return (
      (tok.kind === "ident" && tok.text.toLowerCase() === word) || (tok.kind === "op" && tok.text === word)
    );
  }

  private unexpected(tok: TToken, expectedVi?: string, expectedEn?: string): FormulaError {
    const d = describe(tok);
    return new FormulaError({
      kind: "syntax",
      position: tok.pos,
      length: tok.length,
      messageVi: expectedVi ? `Cần ${expectedVi} nhưng gặp ${d.vi}` : `Không mong đợi ${d.vi}`,
      messageEn: expectedEn ? `Expected ${expectedEn} but found ${d.en}` : `Unexpected ${d.en}`,
    });
  }

  private typeError(x: TTyped, want: TValueType, context: { vi: string; en: string }): FormulaError {
    return new FormulaError({
      kind: "type",
      position: x.pos,
      length: x.end - x.pos,
      messageVi: `${context.vi} cần giá trị ${TYPE_VI[want]}, không phải ${TYPE_VI[x.t]}`,
      messageEn: `${context.en} needs ${TYPE_EN[want]}, not ${TYPE_EN[x.t]}`,
    });
  }

  private want(x: TTyped, t: TValueType, context: { vi: string; en: string }): void {
    if (x.t !== t) throw this.typeError(x, t, context);
  }

  parse(): TTyped {
    if (this.peek().kind === "eof") {
      throw new FormulaError({
        kind: "syntax",
        position: 0,
        messageVi: "Công thức trống",
        messageEn: "Empty formula",
      });
    }
    const e = this.expr();
    const tok = this.peek();
    if (tok.kind !== "eof") {
      if (tok.kind === "rparen") {
        throw new FormulaError({
          kind: "syntax",
          position: tok.pos,
          messageVi: 'Thừa dấu ")"',
          messageEn: 'Unmatched ")"',
        });
      }
      if (tok.kind === "comma") {
        throw new FormulaError({
          kind: "syntax",
          position: tok.pos,
          messageVi: 'Dấu "," chỉ ngăn cách tham số của hàm; số thập phân viết bằng dấu chấm (0.5)',
          messageEn: 'A "," only separates function arguments; write decimals with a dot (0.5)',
        });
      }
      throw this.unexpected(tok, "toán tử hoặc hết công thức", "an operator or the end of the formula");
    }
    return e;
  }

  private expr(): TTyped {
    if (++this.depth > MAX_DEPTH) {
      throw new FormulaError({
        kind: "syntax",
        position: this.peek().pos,
        messageVi: `Công thức lồng quá sâu (tối đa ${MAX_DEPTH} mức)`,
        messageEn: `Formula nested too deeply (at most ${MAX_DEPTH} levels)`,
      });
    }
    const e = this.or();
    this.depth--;
    return e;
  }

  private or(): TTyped {
    let left = this.and();
    while (this.isKeyword(this.peek(), "or")) {
      const op = this.next();
      const right = this.and();
      const ctx = { vi: 'Toán tử "or"', en: 'Operator "or"' };
      this.want(left, "boolean", ctx);
      this.want(right, "boolean", ctx);
      left = {
        node: { type: "logical", op: "or", left: left.node, right: right.node, pos: op.pos },
        t: "boolean",
        pos: left.pos,
        end: right.end,
      };
    }
    return left;
  }

  private and(): TTyped {
    let left = this.not();
    while (this.isKeyword(this.peek(), "and")) {
      const op = this.next();
      const right = this.not();
      const ctx = { vi: 'Toán tử "and"', en: 'Operator "and"' };
      this.want(left, "boolean", ctx);
      this.want(right, "boolean", ctx);
      left = {
        node: { type: "logical", op: "and", left: left.node, right: right.node, pos: op.pos },
        t: "boolean",
        pos: left.pos,
        end: right.end,
      };
    }
    return left;
  }

  private not(): TTyped {
    const tok = this.peek();
    if (this.isKeyword(tok, "not")) {
      this.next();
      const operand = this.not();
      this.want(operand, "boolean", { vi: 'Toán tử "not"', en: 'Operator "not"' });
      return {
        node: { type: "unary", op: "not", operand: operand.node, pos: tok.pos },
        t: "boolean",
        pos: tok.pos,
        end: operand.end,
      };
    }
    return this.comparison();
  }

  private isCompare(tok: TToken): boolean {
    return tok.kind === "op" && ["<", "<=", ">", ">=", "=", "!="].includes(tok.text);
  }

  private comparison(): TTyped {
    const left = this.additive();
    if (!this.isCompare(this.peek())) return left;
    const op = this.next();
    const right = this.additive();
    if (this.isCompare(this.peek())) {
      const t = this.peek();
      throw new FormulaError({
        kind: "syntax",
        position: t.pos,
        length: t.length,
        messageVi: 'Không được so sánh liên tiếp (viết "A <= B and B <= C")',
        messageEn: 'Comparisons cannot be chained (write "A <= B and B <= C")',
      });
    }
    const ctx = { vi: `So sánh "${op.text}"`, en: `Comparison "${op.text}"` };
    if (op.text === "=" || op.text === "!=") {
      if (left.t !== right.t) throw this.typeError(right, left.t, ctx);
    } else {
      this.want(left, "number", ctx);
      this.want(right, "number", ctx);
    }
    return {
      node: {
        type: "binary",
        op: op.text as "<" | "<=" | ">" | ">=" | "=" | "!=",
        left: left.node,
        right: right.node,
        pos: op.pos,
      },
      t: "boolean",
      pos: left.pos,
      end: right.end,
    };
  }

  private additive(): TTyped {
    let left = this.multiplicative();
    while (this.peek().kind === "op" && (this.peek().text === "+" || this.peek().text === "-")) {
      const op = this.next();
      const right = this.multiplicative();
      const ctx = { vi: `Phép "${op.text}"`, en: `Operator "${op.text}"` };
      this.want(left, "number", ctx);
      this.want(right, "number", ctx);
      left = {
        node: { type: "binary", op: op.text as "+" | "-", left: left.node, right: right.node, pos: op.pos },
        t: "number",
        pos: left.pos,
        end: right.end,
      };
    }
    return left;
  }

  private multiplicative(): TTyped {
    let left = this.unary();
    while (this.peek().kind === "op" && (this.peek().text === "*" || this.peek().text === "/")) {
      const op = this.next();
      const right = this.unary();
      const ctx = { vi: `Phép "${op.text}"`, en: `Operator "${op.text}"` };
      this.want(left, "number", ctx);
      this.want(right, "number", ctx);
      left = {
        node: { type: "binary", op: op.text as "*" | "/", left: left.node, right: right.node, pos: op.pos },
        t: "number",
        pos: left.pos,
        end: right.end,
      };
    }
    return left;
  }

  private unary(): TTyped {
    const tok = this.peek();
    if (tok.kind === "op" && (tok.text === "-" || tok.text === "+")) {
      this.next();
      if (++this.depth > MAX_DEPTH) {
        throw new FormulaError({
          kind: "syntax",
          position: tok.pos,
          messageVi: `Công thức lồng quá sâu (tối đa ${MAX_DEPTH} mức)`,
          messageEn: `Formula nested too deeply (at most ${MAX_DEPTH} levels)`,
        });
      }
      const operand = this.unary();
      this.depth--;
      this.want(operand, "number", { vi: `Dấu "${tok.text}"`, en: `Sign "${tok.text}"` });
      if (tok.text === "+") return { ...operand, pos: tok.pos };
      return {
        node: { type: "unary", op: "-", operand: operand.node, pos: tok.pos },
        t: "number",
        pos: tok.pos,
        end: operand.end,
      };
    }
    return this.primary();
  }

  private primary(): TTyped {
    const tok = this.next();
    switch (tok.kind) {
      case "number":
        return {
          node: { type: "number", value: tok.text, pos: tok.pos },
          t: "number",
          pos: tok.pos,
          end: tok.pos + tok.length,
        };
      case "lparen": {
        const inner = this.expr();
        const close = this.next();
        if (close.kind !== "rparen") {
          if (close.kind === "eof") {
            throw new FormulaError({
              kind: "syntax",
              position: tok.pos,
              messageVi: 'Thiếu dấu ")" đóng cho dấu "(" này',
              messageEn: 'Missing ")" for this "("',
            });
          }
          throw this.unexpected(close, '")"', '")"');
        }
        return { ...inner, pos: tok.pos, end: close.pos + 1 };
      }
      case "ident":
        return this.identifier(tok);
      default:
        throw this.unexpected(tok, "số, mã chỉ số hoặc dấu (", "a number, an indicator code or (");
    }
  }

  private identifier(tok: TToken): TTyped {
    const lower = tok.text.toLowerCase();
    const end = tok.pos + tok.length;
    if (lower === "true" || lower === "false") {
      return {
        node: { type: "boolean", value: lower === "true", pos: tok.pos },
        t: "boolean",
        pos: tok.pos,
        end,
      };
    }
    if (KEYWORDS.has(lower))
      throw this.unexpected(tok, "số, mã chỉ số hoặc dấu (", "a number, an indicator code or (");
    if (this.peek().kind === "lparen") return this.call(tok);
    return { node: this.ref(tok, "current"), t: "number", pos: tok.pos, end };
  }

  private ref(tok: TToken, period: TPeriodFn): TRefNode {
    if (this.isKnown && !this.isKnown(tok.text)) {
      const hint = this.knownList.find((c) => c.toLowerCase() === tok.text.toLowerCase());
      throw new FormulaError({
        kind: "unknown_code",
        position: tok.pos,
        length: tok.length,
        messageVi: `Không có chỉ số mã "${tok.text}"${hint ? ` (có phải "${hint}"?)` : ""}`,
        messageEn: `Unknown indicator code "${tok.text}"${hint ? ` (did you mean "${hint}"?)` : ""}`,
      });
    }
    return { type: "ref", code: tok.text, period, pos: tok.pos };
  }

  /** Parses the argument list after the name; returns arguments and the closing position. */
  private args(nameTok: TToken): { args: TTyped[]; end: number } {
    this.next(); // "("
    const args: TTyped[] = [];
    if (this.peek().kind === "rparen") {
      const close = this.next();
      return { args, end: close.pos + 1 };
    }
    for (;;) {
      args.push(this.expr());
      const t = this.next();
      if (t.kind === "comma") continue;
      if (t.kind === "rparen") return { args, end: t.pos + 1 };
      if (t.kind === "eof") {
        throw new FormulaError({
          kind: "syntax",
          position: nameTok.pos,
          length: nameTok.length,
          messageVi: `Thiếu dấu ")" đóng cho hàm ${nameTok.text}(`,
          messageEn: `Missing ")" closing ${nameTok.text}(`,
        });
      }
      throw this.unexpected(t, '"," hoặc ")"', '"," or ")"');
    }
  }

  private call(nameTok: TToken): TTyped {
    const lower = nameTok.text.toLowerCase();
    const periodFn = PERIOD_FUNCTIONS[lower];
    if (periodFn) return this.periodCall(nameTok, periodFn);
    if (!(lower in ARITY)) {
      throw new FormulaError({
        kind: "unknown_function",
        position: nameTok.pos,
        length: nameTok.length,
        messageVi: `Không có hàm "${nameTok.text}" (các hàm: ytd, prev, prevYear, min, max, abs, round, if, coalesce)`,
        messageEn: `Unknown function "${nameTok.text}" (functions: ytd, prev, prevYear, min, max, abs, round, if, coalesce)`,
      });
    }
    const name = lower as TFunctionName;
    const { args, end } = this.args(nameTok);
    this.checkArity(nameTok, name, args.length, ARITY[name]);
    const ctx = (i: number) => ({
      vi: `Tham số ${i + 1} của ${name}()`,
      en: `Argument ${i + 1} of ${name}()`,
    });
    let t: TValueType = "number";
    switch (name) {
      case "min":
      case "max":
      case "abs":
      case "round":
        for (const [i, a] of args.entries()) this.want(a, "number", ctx(i));
        break;
      case "if":
        this.want(args[0], "boolean", ctx(0));
        if (args[2].t !== args[1].t) throw this.typeError(args[2], args[1].t, ctx(2));
        t = args[1].t;
        break;
      case "coalesce":
        t = args[0].t;
        for (const [i, a] of args.entries()) this.want(a, t, ctx(i));
        break;
    }
    return {
      node: { type: "call", name, args: args.map((a) => a.node), pos: nameTok.pos },
      t,
      pos: nameTok.pos,
      end,
    };
  }

  private checkArity(
    nameTok: TToken,
    name: string,
    count: number,
    arity: { min: number; max: number },
  ): void {
    if (count >= arity.min && count <= arity.max) return;
    const expected =
      arity.min === arity.max
        ? { vi: `đúng ${arity.min}`, en: `exactly ${arity.min}` }
        : arity.max === Number.POSITIVE_INFINITY
          ? { vi: `ít nhất ${arity.min}`, en: `at least ${arity.min}` }
          : { vi: `${arity.min} đến ${arity.max}`, en: `${arity.min} to ${arity.max}` };
    throw new FormulaError({
      kind: "arity",
      position: nameTok.pos,
      length: nameTok.length,
      messageVi: `Hàm ${name}() cần ${expected.vi} tham số, nhận ${count}`,
      messageEn: `Function ${name}() takes ${expected.en} argument${arity.max === 1 ? "" : "s"}, got ${count}`,
    });
  }

  /** ytd(X), prev(X), prevYear(X) and the nestings prev(ytd(X)), prevYear(ytd(X)) (either order). */
  private periodCall(nameTok: TToken, fn: "ytd" | "prev" | "prev_year"): TTyped {
    const { args, end } = this.args(nameTok);
    this.checkArity(nameTok, nameTok.text, args.length, { min: 1, max: 1 });
    const arg = args[0].node;
    if (arg.type !== "ref") {
      throw new FormulaError({
        kind: "argument",
        position: args[0].pos,
        length: args[0].end - args[0].pos,
        messageVi: `Hàm ${nameTok.text}() chỉ nhận một mã chỉ số, ví dụ ${nameTok.text}(DVC_TT)`,
        messageEn: `Function ${nameTok.text}() takes an indicator code, e.g. ${nameTok.text}(DVC_TT)`,
      });
    }
    const combined = combinePeriod(fn, arg.period);
    if (combined === null) {
      throw new FormulaError({
        kind: "argument",
        position: nameTok.pos,
        length: end - nameTok.pos,
        messageVi: `Không thể lồng ${nameTok.text}() như vậy (chỉ cho phép prev(ytd(X)) và prevYear(ytd(X)))`,
        messageEn: `${nameTok.text}() cannot be nested like this (only prev(ytd(X)) and prevYear(ytd(X)) are allowed)`,
      });
    }
    return { node: { ...arg, period: combined, pos: arg.pos }, t: "number", pos: nameTok.pos, end };
  }
}

function combinePeriod(outer: "ytd" | "prev" | "prev_year", inner: TPeriodFn): TPeriodFn | null {
  if (inner === "current") return outer;
  if (outer === "ytd" && inner === "prev") return "prev_ytd";
  if (outer === "ytd" && inner === "prev_year") return "prev_year_ytd";
  if (outer === "prev" && inner === "ytd") return "prev_ytd";
  if (outer === "prev_year" && inner === "ytd") return "prev_year_ytd";
  return null;
}

/** A parsed formula: the tree plus what the parser learnt about it. */
export interface TParsedFormula {
  source: string;
  ast: TFormulaNode;
  /** "number" or "boolean". */
  valueType: TValueType;
}

/**
 * Parses formula source once into a typed tree (see docs/periods-and-formulas.md for the syntax).
 * @throws FormulaError with kind, position and Vietnamese/English messages.
 */
export function parseFormulaDetailed(source: string, options: TParseOptions = {}): TParsedFormula {
  if (source.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError({
      kind: "syntax",
      position: MAX_FORMULA_LENGTH,
      messageVi: `Công thức quá dài (tối đa ${MAX_FORMULA_LENGTH} ký tự)`,
      messageEn: `Formula too long (at most ${MAX_FORMULA_LENGTH} characters)`,
    });
  }
  const typed = new Parser(source, options).parse();
  if (options.expect && typed.t !== options.expect) {
    throw new FormulaError({
      kind: "type",
      position: typed.pos,
      length: typed.end - typed.pos,
      messageVi:
        options.expect === "boolean"
          ? "Quy tắc kiểm tra phải cho kết quả đúng/sai (ví dụ TU_SO <= MAU_SO)"
          : "Công thức chỉ số phải cho kết quả là số",
      messageEn:
        options.expect === "boolean"
          ? "A validation rule must give true/false (e.g. NUM <= DEN)"
          : "An indicator formula must give a number",
    });
  }
  return { source, ast: typed.node, valueType: typed.t };
}

/**
 * Parses formula source once into a tree; evaluate it with `evaluateFormula` as often as needed.
 * @throws FormulaError
 */
export function parseFormula(source: string, options: TParseOptions = {}): TFormulaNode {
  return parseFormulaDetailed(source, options).ast;
}

/**
 * Checks a formula without throwing: `{ ok: true, formula }` or `{ ok: false, error }` with the
 * error's JSON form, for form validation in the API.
 */
export function checkFormula(
  source: string,
  options: TParseOptions = {},
): { ok: true; formula: TParsedFormula } | { ok: false; error: ReturnType<FormulaError["toJSON"]> } {
  try {
    return { ok: true, formula: parseFormulaDetailed(source, options) };
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, error: e.toJSON() };
    throw e;
  }
}
