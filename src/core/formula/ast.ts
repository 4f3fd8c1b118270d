/**
 * The formula syntax tree. Plain JSON objects (no classes) so a parsed formula can be stored with
 * the indicator and sent to the browser; `pos` is the 0-based offset of the node's first character.
 */

/**
 * Which period a reference reads, relative to the period being computed:
 * "current"; "ytd" (January to the end of the current period, lũy kế); "prev" (the previous
 * period of the same type); "prev_year" (same period last year, cùng kỳ); "prev_ytd" and
 * "prev_year_ytd" (the year-to-date value at the previous period / same period last year).
 */
export type TPeriodFn = "current" | "ytd" | "prev" | "prev_year" | "prev_ytd" | "prev_year_ytd";

/** Arithmetic operators. */
export type TArithOp = "+" | "-" | "*" | "/";
/** Comparison operators ("=" and "!=" compare numbers or booleans). */
export type TCompareOp = "<" | "<=" | ">" | ">=" | "=" | "!=";
/** Built-in functions other than the period functions. */
export type TFunctionName = "min" | "max" | "abs" | "round" | "if" | "coalesce";

/** A number literal; `value` keeps the source text so 0.1 stays exactly 0.1. */
export interface TNumberNode {
  type: "number";
  value: string;
  pos: number;
}
/** true / false. */
export interface TBooleanNode {
  type: "boolean";
  value: boolean;
  pos: number;
}
/** A reference to an indicator's value in some period. */
export interface TRefNode {
  type: "ref";
  code: string;
  period: TPeriodFn;
  pos: number;
}
/** Unary minus or logical not. */
export interface TUnaryNode {
  type: "unary";
  op: "-" | "not";
  operand: TFormulaNode;
  pos: number;
}
/** Binary arithmetic or comparison. */
export interface TBinaryNode {
  type: "binary";
  op: TArithOp | TCompareOp;
  left: TFormulaNode;
  right: TFormulaNode;
  pos: number;
}
/** and / or (three-valued, see the evaluator). */
export interface TLogicalNode {
  type: "logical";
  op: "and" | "or";
  left: TFormulaNode;
  right: TFormulaNode;
  pos: number;
}
/** A call of a built-in function. */
export interface TCallNode {
  type: "call";
  name: TFunctionName;
  args: TFormulaNode[];
  pos: number;
}

/** Any formula node. */
export type TFormulaNode =
  | TNumberNode
  | TBooleanNode
  | TRefNode
  | TUnaryNode
  | TBinaryNode
  | TLogicalNode
  | TCallNode;

/** Static type of an expression. */
export type TValueType = "number" | "boolean";

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  not: 3,
  "<": 4,
  "<=": 4,
  ">": 4,
  ">=": 4,
  "=": 4,
  "!=": 4,
  "+": 5,
  "-": 5,
  "*": 6,
  "/": 6,
};

function precedenceOf(node: TFormulaNode): number {
  switch (node.type) {
    case "binary":
    case "logical":
      return PRECEDENCE[node.op];
    case "unary":
      return node.op === "not" ? 3 : 7;
    default:
      return 8;
  }
}

const PERIOD_WRAP: Record<TPeriodFn, (code: string) => string> = {
  current: (c) => c,
  ytd: (c) => `ytd(${c})`,
  prev: (c) => `prev(${c})`,
  prev_year: (c) => `prevYear(${c})`,
  prev_ytd: (c) => `prev(ytd(${c}))`,
  prev_year_ytd: (c) => `prevYear(ytd(${c}))`,
};

/**
 * Prints a tree back as canonical source with only the parentheses precedence needs:
 * `formatFormula(parseFormula("((A)+B)*2"))` → "(A + B) * 2". Parsing the output yields the same tree
 * (apart from positions).
 */
export function formatFormula(node: TFormulaNode): string {
  switch (node.type) {
    case "number":
      return node.value;
    case "boolean":
      return node.value ? "true" : "false";
    case "ref":
      return PERIOD_WRAP[node.period](node.code);
    case "unary": {
      const inner = formatFormula(node.operand);
      const wrap = precedenceOf(node.operand) < precedenceOf(node);
      const text = wrap ? `(${inner})` : inner;
      return node.op === "not" ? `not ${text}` : `-${text}`;
    }
    case "binary":
    case "logical": {
      const p = precedenceOf(node);
      const l = formatFormula(node.left);
      const r = formatFormula(node.right);
      // Left-associative: the right operand needs parentheses at equal precedence ("A - (B - C)"),
      // and comparisons do not chain, so they need them on both sides.
      const comparison = p === 4;
      const lw = precedenceOf(node.left) < p || (comparison && precedenceOf(node.left) === p);
      const rw = precedenceOf(node.right) <= p;
      return `${lw ? `(${l})` : l} ${node.op} ${rw ? `(${r})` : r}`;
    }
    case "call":
      return `${node.name}(${node.args.map(formatFormula).join(", ")})`;
  }
}
