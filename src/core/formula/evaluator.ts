/**
 * Evaluates a parsed formula with a resolver for indicator values. Arithmetic is decimal (no binary
 * rounding drift: 0.1 + 0.2 is 0.3), so results round correctly at display.
 *
 * "No value" is null and propagates: any operator or function with a null operand gives null,
 * except `coalesce` (first non-null) and the logical operators, which use three-valued logic
 * (false and null = false; true or null = true) because the answer is then known anyway.
 * Division by zero gives null, never Infinity.
 */
import { explanation, type TExplanation, type TExplanationInput } from "../explain.ts";
import { previousPeriod, samePeriodPreviousYear } from "../period.ts";
import { Dec, roundDecimal, type TDecimal } from "../vn-number.ts";
import { formatFormula, type TFormulaNode, type TPeriodFn } from "./ast.ts";
import { FormulaError } from "./errors.ts";

/** A formula result: a number, a boolean (validation rules) or null (no value). */
export type TFormulaValue = number | boolean | null;

/**
 * Supplies the value of an indicator for the period the formula is evaluated for, shifted by
 * `period` (see {@link TPeriodFn}). Return null or undefined when there is no value.
 */
export type TResolver = (code: string, period: TPeriodFn) => number | null | undefined;

type TInner = TDecimal | boolean | null;

function evalNode(node: TFormulaNode, resolve: TResolver): TInner {
  switch (node.type) {
    case "number":
      return new Dec(node.value);
    case "boolean":
      return node.value;
    case "ref": {
      const v = resolve(node.code, node.period);
      return typeof v === "number" && Number.isFinite(v) ? new Dec(v) : null;
    }
    case "unary": {
      const v = evalNode(node.operand, resolve);
      if (v === null) return null;
      return node.op === "not" ? !(v as boolean) : (v as TDecimal).neg();
    }
    case "logical": {
      const l = evalNode(node.left, resolve) as boolean | null;
      if (node.op === "and" && l === false) return false;
      if (node.op === "or" && l === true) return true;
      const r = evalNode(node.right, resolve) as boolean | null;
      if (node.op === "and") {
        if (r === false) return false;
        return l === null || r === null ? null : true;
      }
      if (r === true) return true;
      return l === null || r === null ? null : false;
    }
    case "binary": {
      const l = evalNode(node.left, resolve);
      const r = evalNode(node.right, resolve);
      if (l === null || r === null) return null;
      if (typeof l === "boolean" || typeof r === "boolean") {
        // The parser only lets = and != compare booleans.
        return node.op === "=" ? l === r : node.op === "!=" ? l !== r : null;
      }
      switch (node.op) {
        case "+":
          return l.plus(r);
        case "-":
          return l.minus(r);
        case "*":
          return l.times(r);
        case "/":
          return r.isZero() ? null : l.div(r);
        case "<":
          return l.lt(r);
        case "<=":
          return l.lte(r);
        case ">":
          return l.gt(r);
        case ">=":
          return l.gte(r);
        case "=":
          return l.eq(r);
        case "!=":
          return !l.eq(r);
      }
      return null;
    }
    case "call":
      return evalCall(node, resolve);
  }
}

function evalCall(node: Extract<TFormulaNode, { type: "call" }>, resolve: TResolver): TInner {
  switch (node.name) {
    case "coalesce": {
      for (const a of node.args) {
        const v = evalNode(a, resolve);
        if (v !== null) return v;
      }
      return null;
    }
    case "if": {
      const c = evalNode(node.args[0], resolve);
      if (c === null) return null;
      // Only the chosen branch is evaluated, so if(DEN = 0, 0, NUM / DEN) reads naturally.
      return evalNode(c ? node.args[1] : node.args[2], resolve);
    }
    default:
      break;
  }
  const values = node.args.map((a) => evalNode(a, resolve) as TDecimal | null);
  if (values.some((v) => v === null)) return null;
  const nums = values as TDecimal[];
  switch (node.name) {
    case "min":
      return Dec.min(...nums);
    case "max":
      return Dec.max(...nums);
    case "abs":
      return nums[0].abs();
    case "round": {
      const d = nums[1] ?? new Dec(0);
      if (!d.isInteger() || d.lt(-15) || d.gt(15)) {
        throw new FormulaError({
          kind: "argument",
          position: node.args[1].pos,
          messageVi: `round(): số chữ số thập phân phải là số nguyên từ -15 đến 15, nhận ${d.toString()}`,
          messageEn: `round(): decimals must be an integer from -15 to 15, got ${d.toString()}`,
        });
      }
      return roundDecimal(nums[0], { decimals: d.toNumber(), mode: "half-up" });
    }
  }
  return null;
}

function toOuter(v: TInner): TFormulaValue {
  if (v === null || typeof v === "boolean") return v;
  return v.toNumber();
}

/** Options of {@link evaluateFormula}. */
export interface TEvaluateOptions {
  resolve: TResolver;
}

/**
 * Evaluates a formula tree. Numbers come back as JS numbers converted from the exact decimal
 * result (so 1761/1966*100 displays correctly after rounding).
 * @throws FormulaError only for a run-time argument error (round() with non-integer decimals).
 */
export function evaluateFormula(ast: TFormulaNode, options: TEvaluateOptions): TFormulaValue {
  return toOuter(evalNode(ast, options.resolve));
}

/** Like {@link evaluateFormula} but returns the exact decimal for numeric results. */
export function evaluateFormulaDecimal(
  ast: TFormulaNode,
  options: TEvaluateOptions,
): TDecimal | boolean | null {
  return evalNode(ast, options.resolve);
}

/**
 * Evaluates and records every value the formula read, as an explanation node: the formula text,
 * inputs (code, period function, concrete period when `period` is given, value) and result.
 */
export function evaluateFormulaExplained(
  ast: TFormulaNode,
  options: TEvaluateOptions & { label: string; code?: string; unitId?: string; period?: string },
): { value: TFormulaValue; explanation: TExplanation } {
  const seen = new Map<string, TExplanationInput>();
  const resolve: TResolver = (code, fn) => {
    const v = options.resolve(code, fn);
    const value = typeof v === "number" && Number.isFinite(v) ? v : null;
    const key = `${code}|${fn}`;
    if (!seen.has(key)) {
      const input: TExplanationInput = { code, value };
      if (options.period) input.period = periodForFn(options.period, fn).period;
      if (fn !== "current") input.label = fn;
      if (value === null) input.note = "no value / không có số liệu";
      seen.set(key, input);
    }
    return value;
  };
  const value = toOuter(evalNode(ast, resolve));
  return {
    value,
    explanation: explanation({
      label: options.label,
      kind: "formula",
      rule: "formula",
      formula: formatFormula(ast),
      code: options.code,
      unitId: options.unitId,
      period: options.period,
      inputs: [...seen.values()],
      result: value,
    }),
  };
}

/**
 * The concrete period a reference reads, for the database layer: evaluating for "2024Q3",
 * "prev" reads 2024Q2, "prev_year" 2023Q3, "ytd" the year to date ending 2024Q3
 * (`ytd: true`), "prev_year_ytd" the year to date ending 2023Q3.
 * @throws PeriodError for an invalid period code
 */
export function periodForFn(period: string, fn: TPeriodFn): { period: string; ytd: boolean } {
  switch (fn) {
    case "current":
      return { period, ytd: false };
    case "ytd":
      return { period, ytd: true };
    case "prev":
      return { period: previousPeriod(period), ytd: false };
    case "prev_year":
      return { period: samePeriodPreviousYear(period), ytd: false };
    case "prev_ytd":
      return { period: previousPeriod(period), ytd: true };
    case "prev_year_ytd":
      return { period: samePeriodPreviousYear(period), ytd: true };
  }
}
