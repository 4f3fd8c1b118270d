/**
 * Explanation trails: how a figure was computed, as a plain JSON tree that the API returns and the
 * web client expands ("89,6% = 1.761/1.966 = Σ online procedures / Σ procedures over 12 agencies").
 *
 * Every node says what it is (label), by which rule or formula, from which inputs (by unit and
 * period, with values), what came out, how it was rounded and how it is displayed. Children hold
 * the explanations of inputs that were themselves computed.
 */
import { z } from "zod";
import { formatNumber, roundNumber, type TRoundingMode, toDecimal } from "./vn-number.ts";

/** A scalar that can appear in a trail. */
export type TExplainValue = number | string | boolean | null;

/** One input of a computation. */
export interface TExplanationInput {
  /** Indicator code, if the input is an indicator value. */
  code?: string;
  /** Unit the value belongs to. */
  unitId?: string;
  /** Period code ("2024Q3"). */
  period?: string;
  /** Human label (unit name, "numerator"...). */
  label?: string;
  value: TExplainValue;
  /** Numerator/denominator when the input is a ratio. */
  numerator?: number | null;
  denominator?: number | null;
  /** Why the input was left out or what is special about it ("missing", "excluded: not expected"). */
  note?: string;
}

/** Rounding applied for display. */
export interface TExplanationRounding {
  decimals: number;
  mode: TRoundingMode;
  /** The value after rounding. */
  rounded: number;
}

/** A node of an explanation tree. JSON-serialisable: no functions, dates or class instances. */
export interface TExplanation {
  /** What the figure is ("Tỷ lệ TTHC trực tuyến — Tỉnh X — 2024Q3"). */
  label: string;
  /** Kind of step, for icons and grouping in the user interface. */
  kind: "input" | "aggregate" | "formula" | "status" | "forecast" | "rank" | "value";
  /** Rule name ("ratio_of_sums", "sum", "target_status", "cagr"...). */
  rule?: string;
  /** Formula or arithmetic shown to the user ("Σ tử số / Σ mẫu số", "DVC_TT / DVC_TONG * 100"). */
  formula?: string;
  code?: string;
  unitId?: string;
  period?: string;
  inputs?: TExplanationInput[];
  /** The unrounded result. */
  result: TExplainValue;
  rounding?: TExplanationRounding;
  /** The figure as displayed ("89,6%"). */
  display?: string;
  /** Further facts: reported/expected counts, thresholds, warnings. */
  details?: Record<string, TExplainValue>;
  /** Short remarks in Vietnamese/English (e.g. "3 đơn vị chưa báo cáo"). */
  notes?: string[];
  children?: TExplanation[];
}

const ZExplainValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** Zod schema of {@link TExplanationInput}. */
export const ZExplanationInput = z.object({
  code: z.string().optional(),
  unitId: z.string().optional(),
  period: z.string().optional(),
  label: z.string().optional(),
  value: ZExplainValue,
  numerator: z.number().nullable().optional(),
  denominator: z.number().nullable().optional(),
  note: z.string().optional(),
});

/** Zod schema of {@link TExplanation} (recursive through `children`). */
export const ZExplanation: z.ZodType<TExplanation> = z.lazy(() =>
  z.object({
    label: z.string(),
    kind: z.enum(["input", "aggregate", "formula", "status", "forecast", "rank", "value"]),
    rule: z.string().optional(),
    formula: z.string().optional(),
    code: z.string().optional(),
    unitId: z.string().optional(),
    period: z.string().optional(),
    inputs: z.array(ZExplanationInput).optional(),
    result: ZExplainValue,
    rounding: z
      .object({ decimals: z.number().int(), mode: z.enum(["half-up", "truncate"]), rounded: z.number() })
      .optional(),
    display: z.string().optional(),
    details: z.record(z.string(), ZExplainValue).optional(),
    notes: z.array(z.string()).optional(),
    children: z.array(ZExplanation).optional(),
  }),
);

/** Replaces non-finite numbers by null: JSON has no NaN or Infinity. */
export function jsonSafe(value: TExplainValue | undefined): TExplainValue {
  if (value === undefined) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** Builds an explanation node, dropping undefined fields so the JSON stays small and stable. */
export function explanation(node: TExplanation): TExplanation {
  const out: TExplanation = { label: node.label, kind: node.kind, result: jsonSafe(node.result) };
  if (node.rule !== undefined) out.rule = node.rule;
  if (node.formula !== undefined) out.formula = node.formula;
  if (node.code !== undefined) out.code = node.code;
  if (node.unitId !== undefined) out.unitId = node.unitId;
  if (node.period !== undefined) out.period = node.period;
  if (node.inputs !== undefined) out.inputs = node.inputs.map((i) => ({ ...i, value: jsonSafe(i.value) }));
  if (node.rounding !== undefined) out.rounding = node.rounding;
  if (node.display !== undefined) out.display = node.display;
  if (node.details !== undefined) {
    const d: Record<string, TExplainValue> = {};
    for (const [k, v] of Object.entries(node.details)) d[k] = jsonSafe(v);
    out.details = d;
  }
  if (node.notes !== undefined && node.notes.length > 0) out.notes = node.notes;
  if (node.children !== undefined && node.children.length > 0) out.children = node.children;
  return out;
}

/** A leaf for a stored data value (no computation below it). */
export function explainInput(options: {
  label: string;
  value: number | null;
  code?: string;
  unitId?: string;
  period?: string;
  numerator?: number | null;
  denominator?: number | null;
}): TExplanation {
  const { label, value, ...rest } = options;
  const inputs: TExplanationInput[] | undefined =
    rest.numerator !== undefined || rest.denominator !== undefined
      ? [
          { label: "numerator", value: rest.numerator ?? null },
          { label: "denominator", value: rest.denominator ?? null },
        ]
      : undefined;
  return explanation({
    label,
    kind: "input",
    code: rest.code,
    unitId: rest.unitId,
    period: rest.period,
    inputs,
    result: value,
    display: formatNumber(value),
  });
}

/**
 * Adds display rounding to a node: records decimals, mode and the rounded value, and the display
 * text (as a percentage when `percent` is "fraction" — result 0.896 shows "89,6%" — or "percent" —
 * result 89.57 shows "89,6%").
 */
export function withDisplay(
  node: TExplanation,
  options: { decimals: number; mode?: TRoundingMode; percent?: "fraction" | "percent" },
): TExplanation {
  const mode = options.mode ?? "half-up";
  const r = node.result;
  if (typeof r !== "number" || !Number.isFinite(r)) {
    return { ...node, display: formatNumber(null) };
  }
  // Scale in decimal arithmetic so 0.3685 becomes exactly 36.85 before rounding.
  const d = toDecimal(r)!;
  const shown = options.percent === "fraction" ? d.times(100) : d;
  const rounded = roundNumber(shown, { decimals: options.decimals, mode });
  const text = formatNumber(shown, { decimals: options.decimals, mode });
  const display = options.percent ? `${text}%` : text;
  return { ...node, rounding: { decimals: options.decimals, mode, rounded }, display };
}

/**
 * Renders a trail as indented text lines for logs, the CLI and report annexes:
 * "Tỷ lệ… = 0,8957 → 89,6% [ratio_of_sums: Σ tử số / Σ mẫu số]".
 */
export function renderExplanation(node: TExplanation, indent = ""): string {
  const value =
    node.display ?? (typeof node.result === "number" ? formatNumber(node.result) : String(node.result));
  const how = [node.rule, node.formula].filter(Boolean).join(": ");
  const lines = [`${indent}${node.label} = ${value}${how ? ` [${how}]` : ""}`];
  for (const input of node.inputs ?? []) {
    const who = [input.code, input.unitId, input.period, input.label].filter(Boolean).join(" · ");
    const v =
      typeof input.value === "number"
        ? formatNumber(input.value)
        : input.value === null
          ? "—"
          : String(input.value);
    lines.push(`${indent}  - ${who}: ${v}${input.note ? ` (${input.note})` : ""}`);
  }
  for (const note of node.notes ?? []) lines.push(`${indent}  ! ${note}`);
  for (const child of node.children ?? []) lines.push(renderExplanation(child, `${indent}  `));
  return lines.join("\n");
}
