/**
 * Vietnamese number formats: "." groups thousands, "," marks decimals ("10.851", "36,8%",
 * "0,3081", "1.761/1.966").
 *
 * Rounding happens only here, at display, and exactly: values go through decimal.js from their
 * shortest decimal form, so 36.85 rounds half-up to 36.9 (binary floating point would see
 * 36.849999…) and 1761/1966 is divided in decimal arithmetic before rounding.
 */
import Decimal from "decimal.js";

/**
 * Decimal arithmetic for this module and the engine: 40 significant digits is far beyond any
 * figure a province reports, so division error never reaches a displayed digit.
 */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
/** A decimal number (instance of {@link Dec}). */
export type TDecimal = InstanceType<typeof Dec>;

/** Anything numeric this module accepts. Strings use the plain JS form ("36.85"). */
export type TNumeric = number | string | Decimal;

/** Display rounding: "half-up" (0,5 away from zero; the default) or "truncate" (toward zero). */
export type TRoundingMode = "half-up" | "truncate";

/** Output locale: "vi" ("1.234,5") or "en" ("1,234.5"). */
export type TNumberLocale = "vi" | "en";

/** Placeholder shown when there is no value. */
export const NO_VALUE = "—";

/** Options shared by the formatters. */
export interface TFormatOptions {
  /** Digits after the decimal separator; omitted = show the value's own digits, unrounded. */
  decimals?: number;
  /** Rounding mode at `decimals` (default "half-up"). */
  mode?: TRoundingMode;
  /** Shown for null, undefined, NaN and infinities (default "—"). */
  placeholder?: string;
  /** Default "vi". */
  locale?: TNumberLocale;
  /** Drop trailing zeros after rounding ("50,0%" → "50%"). Default false: tables stay aligned. */
  trimZeros?: boolean;
  /** Group thousands (default true). */
  grouping?: boolean;
}

/** Error for text that is not a number; bilingual. */
export class VnNumberError extends Error {
  readonly messageVi: string;
  readonly messageEn: string;
  readonly input: string;

  constructor(options: { input: string; messageVi: string; messageEn: string }) {
    super(options.messageEn);
    this.name = "VnNumberError";
    this.input = options.input;
    this.messageVi = options.messageVi;
    this.messageEn = options.messageEn;
  }
}

/**
 * Converts to a decimal, or null for null/undefined/NaN/±Infinity. A JS number converts through
 * its shortest round-trip string, so 0.3081 becomes exactly 0.3081.
 */
export function toDecimal(value: TNumeric | null | undefined): TDecimal | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? new Dec(value) : null;
  try {
    const d = new Dec(value);
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/**
 * Rounds exactly at `decimals` places (integer ≥ 0; negative rounds to tens, hundreds…).
 * "half-up" rounds 5 away from zero (−0,05 → −0,1); "truncate" cuts toward zero.
 */
export function roundDecimal(value: TNumeric, options: { decimals: number; mode?: TRoundingMode }): TDecimal {
  const d = toDecimal(value);
  if (d === null) throw new RangeError(`Not a finite number: ${String(value)}`);
  const rm = options.mode === "truncate" ? Decimal.ROUND_DOWN : Decimal.ROUND_HALF_UP;
  if (options.decimals >= 0) return d.toDecimalPlaces(options.decimals, rm);
  const factor = new Dec(10).pow(-options.decimals);
  return d.div(factor).toDecimalPlaces(0, rm).times(factor);
}

/** Rounds and returns a JS number (for storage of display-rounded values in explanations). */
export function roundNumber(value: TNumeric, options: { decimals: number; mode?: TRoundingMode }): number {
  return roundDecimal(value, options).toNumber();
}

function groupDigits(intDigits: string, sep: string): string {
  let out = "";
  for (let i = 0; i < intDigits.length; i++) {
    if (i > 0 && (intDigits.length - i) % 3 === 0) out += sep;
    out += intDigits[i];
  }
  return out;
}

/** Formats a decimal that is already rounded. */
function render(d: TDecimal, options: TFormatOptions): string {
  const locale = options.locale ?? "vi";
  const groupSep = locale === "vi" ? "." : ",";
  const decSep = locale === "vi" ? "," : ".";
  // toFixed without argument never uses exponent notation, unlike toString for tiny/huge values.
  let plain =
    options.decimals !== undefined && options.decimals >= 0 ? d.toFixed(options.decimals) : d.toFixed();
  let negative = false;
  if (plain.startsWith("-")) {
    negative = true;
    plain = plain.slice(1);
  }
  let [intPart, fracPart = ""] = plain.split(".");
  if (options.trimZeros) fracPart = fracPart.replace(/0+$/, "");
  // "-0" and "-0,0" after rounding a tiny negative would read as a real negative value.
  if (/^0*$/.test(intPart + fracPart)) negative = false;
  const grouped = options.grouping === false ? intPart : groupDigits(intPart, groupSep);
  return `${negative ? "-" : ""}${grouped}${fracPart ? decSep + fracPart : ""}`;
}

/**
 * Formats a number the Vietnamese way: 10851 → "10.851", 0.3081 → "0,3081", -1234.5 → "-1.234,5".
 * With `decimals` the value is rounded exactly ("half-up" default, or "truncate"); without, the
 * value's own digits are shown. null/undefined/non-finite → placeholder ("—").
 */
export function formatNumber(value: TNumeric | null | undefined, options: TFormatOptions = {}): string {
  const d = toDecimal(value);
  if (d === null) return options.placeholder ?? NO_VALUE;
  const rounded =
    options.decimals === undefined ? d : roundDecimal(d, { decimals: options.decimals, mode: options.mode });
  return render(rounded, options);
}

/** A numerator/denominator pair. */
export interface TFraction {
  numerator: TNumeric | null | undefined;
  denominator: TNumeric | null | undefined;
}

/**
 * Exact quotient numerator/denominator as a decimal; null when either is missing or the
 * denominator is zero (no value, never Infinity).
 */
export function divideExact(
  numerator: TNumeric | null | undefined,
  denominator: TNumeric | null | undefined,
): TDecimal | null {
  const n = toDecimal(numerator);
  const d = toDecimal(denominator);
  if (n === null || d === null || d.isZero()) return null;
  return n.div(d);
}

/** Options of {@link formatPercent}. */
export interface TPercentOptions extends TFormatOptions {
  /**
   * What a plain number means: "fraction" (default; 0.368 → "36,8%") or "percent" (36.8 → "36,8%").
   * Ignored for a {numerator, denominator} pair.
   */
  from?: "fraction" | "percent";
}

/**
 * Formats a percentage with 1 decimal by default: 0.368 → "36,8%";
 * {numerator: 1761, denominator: 1966} → "89,6%" (or "89,5%" with mode "truncate"), computed in
 * decimal arithmetic. Zero denominator or missing value → placeholder.
 */
export function formatPercent(
  value: TNumeric | TFraction | null | undefined,
  options: TPercentOptions = {},
): string {
  let pct: TDecimal | null;
  if (value !== null && typeof value === "object" && !(value instanceof Decimal)) {
    const q = divideExact(value.numerator, value.denominator);
    pct = q === null ? null : q.times(100);
  } else {
    const d = toDecimal(value);
    pct = d === null ? null : options.from === "percent" ? d : d.times(100);
  }
  if (pct === null) return options.placeholder ?? NO_VALUE;
  return `${formatNumber(pct, { ...options, decimals: options.decimals ?? 1 })}%`;
}

/**
 * "1.761/1.966": both parts as Vietnamese numbers, unrounded. A missing part shows the
 * placeholder ("—/1.966").
 */
export function formatRatio(
  numerator: TNumeric | null | undefined,
  denominator: TNumeric | null | undefined,
): string {
  return `${formatNumber(numerator)}/${formatNumber(denominator)}`;
}

/**
 * "1.761/1.966 (89,6%)": a ratio followed by its percentage. Options as {@link formatPercent};
 * `locale` applies to both parts.
 */
export function formatRatioWithPercent(options: TFraction & TFormatOptions): string {
  const { numerator, denominator, ...fmt } = options;
  const ratio = `${formatNumber(numerator, { locale: fmt.locale, placeholder: fmt.placeholder })}/${formatNumber(
    denominator,
    { locale: fmt.locale, placeholder: fmt.placeholder },
  )}`;
  return `${ratio} (${formatPercent({ numerator, denominator }, fmt)})`;
}

/** Result of {@link parseVnNumberDetailed}. */
export interface TParsedNumber {
  value: number;
  /** Canonical plain form ("10851", "36.8", "-0.3081") for exact storage in NUMERIC columns. */
  canonical: string;
  /** True when the text ended with "%"; `value` is then the number as written (36.8, not 0.368). */
  isPercent: boolean;
  /** Digits written after the decimal separator (for re-display with the same precision). */
  decimals: number;
}

const SPACE_RE = /[\s\u00a0\u202f]/;

function invalid(input: string, vi: string, en: string): VnNumberError {
  return new VnNumberError({
    input,
    messageVi: `Không đọc được số "${input}": ${vi}`,
    messageEn: `Cannot read number "${input}": ${en}`,
  });
}

function checkGroups(input: string, groups: string[]): void {
  const [first, ...rest] = groups;
  if (
    !/^\d{1,3}$/.test(first) ||
    (first.length > 1 && first.startsWith("0")) ||
    rest.some((g) => !/^\d{3}$/.test(g))
  ) {
    throw invalid(
      input,
      "dấu phân cách hàng nghìn phải tách từng nhóm 3 chữ số",
      "thousands separators must separate groups of 3 digits",
    );
  }
}

/**
 * Parses a number written the Vietnamese way, and plain numbers when unambiguous. Rules:
 * - Optional sign (+, -, −) and optional trailing "%".
 * - Both "." and ",": the one that comes last is the decimal separator, the other groups thousands
 *   ("1.234,5" → 1234.5; "1,234.5" → 1234.5).
 * - Only ",": one comma is the decimal separator ("0,3081", "36,8", and "1,500" is 1.5); several
 *   commas group thousands ("1,234,567").
 * - Only ".": several dots group thousands ("1.234.567"). A single "." followed by exactly three
 *   digits groups thousands ("10.851" → 10851, as in Vietnamese text) unless the integer part is 0
 *   ("0.308" → 0.308) or longer than 3 digits ("1234.567"); otherwise it is a decimal point
 *   ("36.8", "0.3081").
 * - Spaces (also no-break spaces) may group thousands ("10 851").
 * @throws VnNumberError for anything else (empty text included).
 */
export function parseVnNumberDetailed(text: string): TParsedNumber {
  const input = String(text);
  let s = input.trim();
  let isPercent = false;
  if (s.endsWith("%")) {
    isPercent = true;
    s = s.slice(0, -1).trim();
  }
  let sign = "";
  if (/^[+\-\u2212]/.test(s)) {
    sign = s[0] === "+" ? "" : "-";
    s = s.slice(1).trim();
  }
  if (s === "") throw invalid(input, "không có chữ số", "no digits");
  if (!/^\d[\d.,\s\u00a0\u202f]*$/.test(s) || !/\d$/.test(s)) {
    throw invalid(
      input,
      "chỉ được dùng chữ số, dấu chấm và dấu phẩy",
      "only digits, dots and commas allowed",
    );
  }
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  let decimalSep: "." | "," | null = null;
  if (dots > 0 && commas > 0) {
    decimalSep = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",";
    if ((decimalSep === "." ? dots : commas) > 1) {
      throw invalid(input, "có nhiều hơn một dấu thập phân", "more than one decimal separator");
    }
  } else if (commas === 1) {
    decimalSep = ",";
  } else if (dots === 1) {
    const [intPart, frac] = s.split(".");
    const intDigits = intPart.replace(new RegExp(SPACE_RE.source, "g"), "");
    const thousands =
      frac.length === 3 && intDigits !== "0" && intDigits.length <= 3 && !SPACE_RE.test(intPart);
    decimalSep = thousands ? null : ".";
  }
  let intText = s;
  let fracText = "";
  if (decimalSep !== null) {
    const at = s.lastIndexOf(decimalSep);
    intText = s.slice(0, at);
    fracText = s.slice(at + 1);
    if (!/^\d+$/.test(fracText)) throw invalid(input, "phần thập phân không hợp lệ", "invalid decimal part");
  }
  const groups = intText.split(/[.,\s\u00a0\u202f]/);
  if (groups.length > 1) {
    checkGroups(input, groups);
    // One text must not mix "1.234 567": a single grouping character throughout.
    const seps = new Set(intText.replace(/\d/g, ""));
    if (seps.size > 1)
      throw invalid(input, "trộn nhiều kiểu phân cách hàng nghìn", "mixed thousands separators");
  } else if (intText === "" || !/^\d+$/.test(intText)) {
    throw invalid(input, "phần nguyên không hợp lệ", "invalid integer part");
  }
  const intDigits = groups.join("").replace(/^0+(?=\d)/, "");
  const canonicalAbs = fracText ? `${intDigits}.${fracText}` : intDigits;
  const isZero = /^[0.]*$/.test(canonicalAbs);
  const canonical = `${sign && !isZero ? "-" : ""}${canonicalAbs}`;
  return { value: Number(canonical), canonical, isPercent, decimals: fracText.length };
}

/**
 * Parses a Vietnamese number ("10.851" → 10851, "36,8%" → 36.8, "0,3081" → 0.3081); see
 * {@link parseVnNumberDetailed} for the rules. A trailing "%" is accepted and ignored.
 * @throws VnNumberError
 */
export function parseVnNumber(text: string): number {
  return parseVnNumberDetailed(text).value;
}

/**
 * Like {@link parseVnNumber} but returns null for invalid text, empty text and the placeholders
 * "—", "-", "–" (no value) instead of throwing.
 */
export function tryParseVnNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const t = text.trim();
  if (t === "" || t === NO_VALUE || t === "-" || t === "–") return null;
  try {
    return parseVnNumberDetailed(t).value;
  } catch {
    return null;
  }
}
