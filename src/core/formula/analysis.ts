/**
 * Static analysis of formulas: which indicator values a formula reads, and cycles among formula
 * indicators (A uses B, B uses A) which would make evaluation impossible.
 */
import type { TFormulaNode, TPeriodFn } from "./ast.ts";

/** One indicator value a formula reads. */
export interface TDependency {
  code: string;
  period: TPeriodFn;
}

function walk(node: TFormulaNode, visit: (ref: Extract<TFormulaNode, { type: "ref" }>) => void): void {
  switch (node.type) {
    case "ref":
      visit(node);
      return;
    case "unary":
      walk(node.operand, visit);
      return;
    case "binary":
    case "logical":
      walk(node.left, visit);
      walk(node.right, visit);
      return;
    case "call":
      for (const a of node.args) walk(a, visit);
      return;
    default:
      return;
  }
}

/**
 * The distinct (code, period function) pairs a formula reads, in order of first appearance:
 * `dependencies(parseFormula("DVC_TT / DVC_TONG - prev(DVC_TT)"))` →
 * [{code:"DVC_TT",period:"current"}, {code:"DVC_TONG",period:"current"}, {code:"DVC_TT",period:"prev"}].
 */
export function dependencies(ast: TFormulaNode): TDependency[] {
  const out: TDependency[] = [];
  const seen = new Set<string>();
  walk(ast, (ref) => {
    const key = `${ref.code}|${ref.period}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ code: ref.code, period: ref.period });
    }
  });
  return out;
}

/** The distinct indicator codes a formula reads, in order of first appearance. */
export function dependencyCodes(ast: TFormulaNode): string[] {
  return [...new Set(dependencies(ast).map((d) => d.code))];
}

type TFormulaMap = ReadonlyMap<string, TFormulaNode> | Readonly<Record<string, TFormulaNode>>;

function entriesOf(formulas: TFormulaMap): Array<[string, TFormulaNode]> {
  return formulas instanceof Map ? [...formulas.entries()] : Object.entries(formulas);
}

/**
 * Edges between formula indicators that must be computed in the same period first. References to
 * a previous period (`prev`, `prevYear`, and their ytd forms) are not edges: a running total
 * `STOCK = prev(STOCK) + NEW` is legitimate, it reads an earlier period.
 */
function edges(formulas: TFormulaMap): Map<string, string[]> {
  const entries = entriesOf(formulas);
  const keys = new Set(entries.map(([k]) => k));
  const out = new Map<string, string[]>();
  for (const [code, ast] of entries) {
    const deps = dependencies(ast)
      .filter((d) => (d.period === "current" || d.period === "ytd") && keys.has(d.code))
      .map((d) => d.code);
    out.set(code, [...new Set(deps)]);
  }
  return out;
}

/**
 * Cycles among formula indicators, given each formula indicator's parsed formula. Each cycle is
 * returned as the codes of one strongly connected group, starting with its smallest code and
 * closed by repeating it (["A","B","A"]; a self-reference is ["A","A"]). Empty when there is none.
 * Codes that are not keys (raw data indicators) cannot be part of a cycle.
 */
export function findCycles(formulas: TFormulaMap): string[][] {
  const graph = edges(formulas);
  // Tarjan's strongly connected components; recursion depth is bounded by the number of formula
  // indicators, a few hundred at most.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      const selfLoop = comp.length === 1 && (graph.get(v) ?? []).includes(v);
      if (comp.length > 1 || selfLoop) cycles.push(orderCycle(comp, graph));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/**
 * A readable cycle inside a strongly connected group: the shortest path from its smallest code
 * back to itself (breadth-first, neighbours in code order, so the answer is deterministic).
 */
function orderCycle(comp: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(comp);
  const start = [...comp].sort()[0];
  const parent = new Map<string, string>();
  const queue = [start];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const n of [...(graph.get(cur) ?? [])].sort()) {
      if (!members.has(n)) continue;
      if (n === start) {
        const path = [start];
        for (let c = cur; c !== start; c = parent.get(c)!) path.splice(1, 0, c);
        path.push(start);
        return path;
      }
      if (!seen.has(n)) {
        seen.add(n);
        parent.set(n, cur);
        queue.push(n);
      }
    }
  }
  return [start, start];
}

/**
 * An order in which formula indicators can be computed for one period (dependencies first), or
 * the cycles that prevent it.
 */
export function evaluationOrder(
  formulas: TFormulaMap,
): { ok: true; order: string[] } | { ok: false; cycles: string[][] } {
  const cycles = findCycles(formulas);
  if (cycles.length > 0) return { ok: false, cycles };
  const graph = edges(formulas);
  const order: string[] = [];
  const done = new Set<string>();
  const visit = (v: string): void => {
    if (done.has(v)) return;
    done.add(v);
    for (const w of graph.get(v) ?? []) visit(w);
    order.push(v);
  };
  for (const v of [...graph.keys()].sort()) visit(v);
  return { ok: true, order };
}
