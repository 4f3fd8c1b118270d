/**
 * Validation of one filled-in form, without I/O: value types and ranges per indicator kind,
 * numerator ≤ denominator, required fields, cross-field rules in the formula language, and outliers
 * against the unit's own history. Errors block a save or a submission; warnings (outliers, rules of
 * severity "warning") are shown and recorded but never block. Every issue names the field in
 * Vietnamese and English.
 */
import { evaluateFormula, FormulaError, parseFormulaDetailed, type TFormulaNode } from "./formula/index.ts";
import { formatNumber } from "./vn-number.ts";

/** Indicator kinds (indicator.kind). */
export type TIndicatorKind = "ratio" | "percent" | "count" | "number" | "boolean" | "rank";

/** One field of a form: an indicator as the form asks for it. */
export interface TFieldSpec {
  indicatorId: number;
  code: string;
  name: string;
  nameEn?: string | null;
  kind: TIndicatorKind;
  required: boolean;
  minValue?: number | null;
  maxValue?: number | null;
}

/** What a unit entered for one field. Ratios use numerator/denominator, every other kind value. */
export interface TFieldInput {
  indicatorId: number;
  numerator?: number | null;
  denominator?: number | null;
  value?: number | null;
}

/** A cross-field rule: a boolean formula over indicator codes (`CODE`, `CODE.num`, `CODE.den`). */
export interface TRuleSpec {
  id?: number;
  expression: string;
  message: string;
  messageEn: string;
  severity: "error" | "warning";
}

/** Issue codes. */
export type TIssueCode = "type" | "range" | "ratio" | "required" | "incomplete" | "rule" | "outlier";

/** One problem found, named for people in both languages. */
export interface TIssue {
  /** Indicator code, or "rule:<id|index>" for a cross-field rule. */
  field: string;
  indicatorId?: number;
  severity: "error" | "warning";
  code: TIssueCode;
  message: string;
  messageEn: string;
}

/** Result of {@link validateForm}. */
export interface TValidationResult {
  ok: boolean;
  errors: TIssue[];
  warnings: TIssue[];
}

/** Options of {@link validateForm}. */
export interface TValidateFormOptions {
  fields: TFieldSpec[];
  values: TFieldInput[];
  rules?: TRuleSpec[];
  /** Earlier values of this unit per indicator id, oldest first (percentages for ratios). */
  history?: Map<number, number[]>;
  /** Submitting checks required fields; a draft save does not. */
  submitting?: boolean;
}

const fmt = (n: number, locale: "vi" | "en" = "vi") =>
  formatNumber(Math.round(n * 1e6) / 1e6, { locale, trimZeros: true });

function label(f: TFieldSpec, lang: "vi" | "en"): string {
  return lang === "vi" ? `${f.name} (${f.code})` : `${f.nameEn || f.name} (${f.code})`;
}

function issue(
  f: TFieldSpec,
  code: TIssueCode,
  text: { vi: string; en: string },
  severity: "error" | "warning" = "error",
): TIssue {
  return {
    field: f.code,
    indicatorId: f.indicatorId,
    severity,
    code,
    message: `${label(f, "vi")}: ${text.vi}`,
    messageEn: `${label(f, "en")}: ${text.en}`,
  };
}

const present = (x: number | null | undefined): x is number => x !== null && x !== undefined;

/** The single number a field stands for: the value, or numerator/denominator × 100 for ratios. */
export function fieldNumber(kind: TIndicatorKind, v: TFieldInput | undefined): number | null {
  if (!v) return null;
  if (kind === "ratio") {
    if (!present(v.numerator) || !present(v.denominator) || v.denominator === 0) return null;
    return (v.numerator / v.denominator) * 100;
  }
  return present(v.value) ? v.value : null;
}

/** True when the field has anything entered. */
export function isFilled(kind: TIndicatorKind, v: TFieldInput | undefined): boolean {
  if (!v) return false;
  return kind === "ratio" ? present(v.numerator) && present(v.denominator) : present(v.value);
}

/** Checks one field's type and range; returns the errors. */
export function validateField(f: TFieldSpec, v: TFieldInput | undefined): TIssue[] {
  const out: TIssue[] = [];
  if (!v) return out;
  const nums = [v.numerator, v.denominator, v.value].filter(present);
  if (nums.some((n) => !Number.isFinite(n)))
    return [issue(f, "type", { vi: "phải là một số", en: "must be a number" })];
  if (f.kind === "ratio") {
    const { numerator: n, denominator: d } = v;
    if (present(n) !== present(d))
      out.push(
        issue(f, "incomplete", {
          vi: "cần nhập đủ cả tử số và mẫu số",
          en: "enter both the numerator and the denominator",
        }),
      );
    if (present(n) && n < 0)
      out.push(issue(f, "range", { vi: "tử số không được âm", en: "numerator cannot be negative" }));
    if (present(d) && d < 0)
      out.push(issue(f, "range", { vi: "mẫu số không được âm", en: "denominator cannot be negative" }));
    if (present(n) && present(d) && n > d)
      out.push(
        issue(f, "ratio", {
          vi: `tử số (${fmt(n)}) lớn hơn mẫu số (${fmt(d)})`,
          en: `numerator (${fmt(n, "en")}) is greater than the denominator (${fmt(d, "en")})`,
        }),
      );
    return out;
  }
  const x = v.value;
  if (!present(x)) return out;
  const integer = { vi: "phải là số nguyên", en: "must be a whole number" };
  switch (f.kind) {
    case "boolean":
      if (x !== 0 && x !== 1)
        out.push(issue(f, "type", { vi: "chỉ nhận 1 (có) hoặc 0 (không)", en: "must be 1 (yes) or 0 (no)" }));
      break;
    case "count":
      if (!Number.isInteger(x)) out.push(issue(f, "type", integer));
      else if (x < 0) out.push(issue(f, "range", { vi: "không được âm", en: "cannot be negative" }));
      break;
    case "rank":
      if (!Number.isInteger(x)) out.push(issue(f, "type", integer));
      else if (x < 1)
        out.push(issue(f, "range", { vi: "thứ hạng phải từ 1 trở lên", en: "a rank is 1 or more" }));
      break;
    case "percent":
      if (x < 0 || x > 100)
        out.push(
          issue(f, "range", { vi: "tỷ lệ phải từ 0 đến 100", en: "a percentage is between 0 and 100" }),
        );
      break;
    default:
      break;
  }
  if (out.length === 0 && present(f.minValue) && x < f.minValue)
    out.push(
      issue(f, "range", {
        vi: `không được nhỏ hơn ${fmt(f.minValue)}`,
        en: `cannot be less than ${fmt(f.minValue, "en")}`,
      }),
    );
  if (out.length === 0 && present(f.maxValue) && x > f.maxValue)
    out.push(
      issue(f, "range", {
        vi: `không được lớn hơn ${fmt(f.maxValue)}`,
        en: `cannot be greater than ${fmt(f.maxValue, "en")}`,
      }),
    );
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Result of {@link detectOutlier}. */
export interface TOutlier {
  outlier: boolean;
  median?: number;
  score?: number;
}

/**
 * Is `value` far from the unit's own history? Robust z-score against the median and the median
 * absolute deviation, with a floor of 10% of the median so a flat history does not flag every small
 * change. Needs at least 2 earlier values; flags |z| > 3.5.
 */
export function detectOutlier(options: { value: number; history: number[] }): TOutlier {
  const h = options.history.filter((x) => Number.isFinite(x));
  if (h.length < 2) return { outlier: false };
  const m = median(h);
  const mad = median(h.map((x) => Math.abs(x - m)));
  const scale = Math.max(1.4826 * mad, 0.1 * Math.abs(m), 1e-9);
  const score = Math.abs(options.value - m) / scale;
  return { outlier: score > 3.5, median: m, score };
}

/** A parsed rule, or the error that keeps it from being used. */
export function parseRule(
  expression: string,
): { ok: true; ast: TFormulaNode } | { ok: false; error: FormulaError } {
  try {
    return { ok: true, ast: parseFormulaDetailed(expression, { expect: "boolean" }).ast };
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * Validates a whole form: every field, then required fields (when submitting), then cross-field rules
 * (a rule that cannot be evaluated because an input is missing is skipped), then outliers (warnings).
 */
export function validateForm(options: TValidateFormOptions): TValidationResult {
  const { fields, values, rules = [], history, submitting = false } = options;
  const byId = new Map(values.map((v) => [v.indicatorId, v]));
  const errors: TIssue[] = [];
  const warnings: TIssue[] = [];
  const known = new Set(fields.map((f) => f.indicatorId));
  for (const v of values)
    if (!known.has(v.indicatorId))
      errors.push({
        field: `indicator:${v.indicatorId}`,
        indicatorId: v.indicatorId,
        severity: "error",
        code: "type",
        message: `Chỉ tiêu ${v.indicatorId} không thuộc biểu mẫu này`,
        messageEn: `Indicator ${v.indicatorId} is not part of this form`,
      });
  for (const f of fields) {
    const v = byId.get(f.indicatorId);
    errors.push(...validateField(f, v));
    if (submitting && f.required && !isFilled(f.kind, v))
      errors.push(issue(f, "required", { vi: "bắt buộc nhập", en: "is required" }));
  }
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const resolve = (ref: string): number | null => {
    const [code, part] =
      ref.endsWith(".num") || ref.endsWith(".den") ? [ref.slice(0, -4), ref.slice(-3)] : [ref, ""];
    const f = byCode.get(code);
    if (!f) return null;
    const v = byId.get(f.indicatorId);
    if (!v) return null;
    if (part === "num") return v.numerator ?? null;
    if (part === "den") return v.denominator ?? null;
    return fieldNumber(f.kind, v);
  };
  rules.forEach((r, i) => {
    const field = `rule:${r.id ?? i + 1}`;
    const parsed = parseRule(r.expression);
    if (!parsed.ok) {
      errors.push({
        field,
        severity: "error",
        code: "rule",
        message: `Quy tắc kiểm tra "${r.expression}" không hợp lệ: ${parsed.error.messageVi}`,
        messageEn: `Validation rule "${r.expression}" is invalid: ${parsed.error.messageEn}`,
      });
      return;
    }
    const result = evaluateFormula(parsed.ast, {
      resolve: (code, period) => (period === "current" ? resolve(code) : null),
    });
    if (result === false)
      (r.severity === "warning" ? warnings : errors).push({
        field,
        severity: r.severity,
        code: "rule",
        message: r.message,
        messageEn: r.messageEn,
      });
  });
  if (history)
    for (const f of fields) {
      const x = fieldNumber(f.kind, byId.get(f.indicatorId));
      const h = history.get(f.indicatorId);
      if (x === null || !h || f.kind === "boolean") continue;
      const o = detectOutlier({ value: x, history: h });
      if (o.outlier)
        warnings.push(
          issue(
            f,
            "outlier",
            {
              vi: `giá trị ${fmt(x)} khác thường so với các kỳ trước của đơn vị (trung vị ${fmt(o.median!)}); hãy kiểm tra lại`,
              en: `value ${fmt(x, "en")} is unusual against this unit's earlier periods (median ${fmt(o.median!, "en")}); please check`,
            },
            "warning",
          ),
        );
    }
  return { ok: errors.length === 0, errors, warnings };
}
