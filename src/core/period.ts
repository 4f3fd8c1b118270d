/**
 * Reporting periods (kỳ báo cáo): month, quarter, half-year, nine months, year.
 *
 * Codes follow DHIS2 where DHIS2 has the period type, so dataValueSets exchange without mapping:
 *
 * | type          | code      | DHIS2 | Vietnamese label         |
 * |---------------|-----------|-------|--------------------------|
 * | `month`       | `202409`  | yes   | Tháng 9/2024             |
 * | `quarter`     | `2024Q3`  | yes   | Quý III/2024             |
 * | `half_year`   | `2024S1`  | yes   | 6 tháng đầu năm 2024     |
 * | `nine_months` | `2024N9`  | no    | 9 tháng năm 2024         |
 * | `year`        | `2024`    | yes   | Năm 2024                 |
 *
 * `N9` is ours: DHIS2 has no January–September period, but Vietnamese steering committees review
 * "9 tháng" every year. All functions are pure and use calendar dates only (no time zones).
 */

/** The period types, finest first. */
export const PERIOD_TYPES = ["month", "quarter", "half_year", "nine_months", "year"] as const;

/** A period type. */
export type TPeriodType = (typeof PERIOD_TYPES)[number];

/** A parsed period. */
export interface TPeriod {
  /** Canonical code, e.g. "2024Q3". */
  code: string;
  type: TPeriodType;
  year: number;
  /** Month 1–12, quarter 1–4, half 1–2; 1 for nine_months and year. */
  index: number;
  /** First month (1–12) covered. */
  startMonth: number;
  /** Last month (1–12) covered. */
  endMonth: number;
  /** First day, ISO date "YYYY-MM-DD". */
  startDate: string;
  /** Last day (inclusive), ISO date "YYYY-MM-DD". */
  endDate: string;
}

/** Error for an invalid period code or an impossible period operation; bilingual. */
export class PeriodError extends Error {
  /** Vietnamese message for the user interface. */
  readonly messageVi: string;
  /** English message (also `message`). */
  readonly messageEn: string;
  /** The offending input. */
  readonly input: string;

  constructor(options: { input: string; messageVi: string; messageEn: string }) {
    super(options.messageEn);
    this.name = "PeriodError";
    this.input = options.input;
    this.messageVi = options.messageVi;
    this.messageEn = options.messageEn;
  }
}

const ROMAN = ["I", "II", "III", "IV"];
const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function lastDayOfMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this month; UTC avoids DST surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(type: TPeriodType, year: number, index: number): TPeriod {
  let startMonth: number;
  let endMonth: number;
  let code: string;
  switch (type) {
    case "month":
      startMonth = index;
      endMonth = index;
      code = `${year}${pad2(index)}`;
      break;
    case "quarter":
      startMonth = (index - 1) * 3 + 1;
      endMonth = index * 3;
      code = `${year}Q${index}`;
      break;
    case "half_year":
      startMonth = index === 1 ? 1 : 7;
      endMonth = index === 1 ? 6 : 12;
      code = `${year}S${index}`;
      break;
    case "nine_months":
      startMonth = 1;
      endMonth = 9;
      code = `${year}N9`;
      break;
    case "year":
      startMonth = 1;
      endMonth = 12;
      code = String(year);
      break;
  }
  return {
    code,
    type,
    year,
    index,
    startMonth,
    endMonth,
    startDate: `${year}-${pad2(startMonth)}-01`,
    endDate: `${year}-${pad2(endMonth)}-${pad2(lastDayOfMonth(year, endMonth))}`,
  };
}

const CODE_RE = /^(\d{4})(?:(\d{2})|Q(\d)|S(\d)|N(\d))?$/;

function bad(input: string, vi: string, en: string): PeriodError {
  return new PeriodError({
    input,
    messageVi: `Mã kỳ báo cáo không hợp lệ "${input}": ${vi}`,
    messageEn: `Invalid period code "${input}": ${en}`,
  });
}

/**
 * Parses a period code. Input is trimmed and case-insensitive ("2024q3" → "2024Q3"); the returned
 * `code` is canonical. Years 1900–2999 are accepted (a guard against typos such as "0224").
 * @throws PeriodError with Vietnamese and English messages for anything else.
 */
export function parsePeriod(code: string): TPeriod {
  const input = String(code);
  const s = input.trim().toUpperCase();
  const m = CODE_RE.exec(s);
  if (!m) {
    throw bad(
      input,
      "dùng dạng 2024 (năm), 2024S1/2024S2 (6 tháng), 2024N9 (9 tháng), 2024Q3 (quý) hoặc 202409 (tháng)",
      "expected 2024 (year), 2024S1/2024S2 (half-year), 2024N9 (nine months), 2024Q3 (quarter) or 202409 (month)",
    );
  }
  const year = Number(m[1]);
  if (year < 1900 || year > 2999) throw bad(input, "năm phải từ 1900 đến 2999", "year must be 1900–2999");
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw bad(input, "tháng phải từ 01 đến 12", "month must be 01–12");
    return build("month", year, month);
  }
  if (m[3] !== undefined) {
    const q = Number(m[3]);
    if (q < 1 || q > 4) throw bad(input, "quý phải từ 1 đến 4", "quarter must be 1–4");
    return build("quarter", year, q);
  }
  if (m[4] !== undefined) {
    const h = Number(m[4]);
    if (h < 1 || h > 2) throw bad(input, "6 tháng chỉ có S1 hoặc S2", "half-year must be S1 or S2");
    return build("half_year", year, h);
  }
  if (m[5] !== undefined) {
    if (m[5] !== "9") throw bad(input, "chỉ hỗ trợ N9 (9 tháng)", "only N9 (nine months) is supported");
    return build("nine_months", year, 1);
  }
  return build("year", year, 1);
}

/** Returns the parsed period, or null when the code is invalid (no exception). */
export function tryParsePeriod(code: string): TPeriod | null {
  try {
    return parsePeriod(code);
  } catch {
    return null;
  }
}

/** True when `code` is a valid period code. */
export function isPeriodCode(code: string): boolean {
  return tryParsePeriod(code) !== null;
}

/** Canonical form of a code ("2024q3" → "2024Q3"). @throws PeriodError */
export function normalizePeriodCode(code: string): string {
  return parsePeriod(code).code;
}

/** The type of a period code. @throws PeriodError */
export function periodType(code: string): TPeriodType {
  return parsePeriod(code).type;
}

/** First day of the period as ISO date. @throws PeriodError */
export function periodStart(code: string): string {
  return parsePeriod(code).startDate;
}

/** Last day (inclusive) of the period as ISO date. @throws PeriodError */
export function periodEnd(code: string): string {
  return parsePeriod(code).endDate;
}

/** Builds a period from its parts. @throws PeriodError when the index is out of range. */
export function makePeriod(options: { type: TPeriodType; year: number; index?: number }): TPeriod {
  const { type, year } = options;
  const index = options.index ?? 1;
  const max = { month: 12, quarter: 4, half_year: 2, nine_months: 1, year: 1 }[type];
  if (
    !Number.isInteger(year) ||
    year < 1900 ||
    year > 2999 ||
    !Number.isInteger(index) ||
    index < 1 ||
    index > max
  ) {
    throw new PeriodError({
      input: `${type}:${year}:${index}`,
      messageVi: `Kỳ không hợp lệ: loại ${type}, năm ${year}, số thứ tự ${index}`,
      messageEn: `Invalid period: type ${type}, year ${year}, index ${index}`,
    });
  }
  return build(type, year, index);
}

/** Label language. */
export type TLang = "vi" | "en";

/**
 * Human label: "Tháng 9/2024", "Quý III/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024",
 * "9 tháng năm 2024", "Năm 2024"; in English "September 2024", "Q3 2024", "First half of 2024",
 * "Second half of 2024", "Nine months of 2024", "Year 2024".
 * @throws PeriodError
 */
export function periodLabel(code: string, lang: TLang = "vi"): string {
  const p = parsePeriod(code);
  if (lang === "en") {
    switch (p.type) {
      case "month":
        return `${MONTHS_EN[p.index - 1]} ${p.year}`;
      case "quarter":
        return `Q${p.index} ${p.year}`;
      case "half_year":
        return `${p.index === 1 ? "First" : "Second"} half of ${p.year}`;
      case "nine_months":
        return `Nine months of ${p.year}`;
      case "year":
        return `Year ${p.year}`;
    }
  }
  switch (p.type) {
    case "month":
      return `Tháng ${p.index}/${p.year}`;
    case "quarter":
      return `Quý ${ROMAN[p.index - 1]}/${p.year}`;
    case "half_year":
      return `6 tháng ${p.index === 1 ? "đầu" : "cuối"} năm ${p.year}`;
    case "nine_months":
      return `9 tháng năm ${p.year}`;
    case "year":
      return `Năm ${p.year}`;
  }
}

/** Name of a period type ("Tháng", "Quý", "6 tháng", "9 tháng", "Năm" / English). */
export function periodTypeLabel(type: TPeriodType, lang: TLang = "vi"): string {
  const vi = { month: "Tháng", quarter: "Quý", half_year: "6 tháng", nine_months: "9 tháng", year: "Năm" };
  const en = {
    month: "Month",
    quarter: "Quarter",
    half_year: "Half-year",
    nine_months: "Nine months",
    year: "Year",
  };
  return (lang === "en" ? en : vi)[type];
}

/** All periods of a type in a year, in order ("2024Q1".."2024Q4"). */
export function periodsOfType(year: number, type: TPeriodType): string[] {
  const count = { month: 12, quarter: 4, half_year: 2, nine_months: 1, year: 1 }[type];
  const out: string[] = [];
  for (let i = 1; i <= count; i++) out.push(makePeriod({ type, year, index: i }).code);
  return out;
}

/** True when period `outer` contains period `inner` entirely (a period contains itself). @throws PeriodError */
export function periodContains(outer: string, inner: string): boolean {
  const a = parsePeriod(outer);
  const b = parsePeriod(inner);
  return a.year === b.year && a.startMonth <= b.startMonth && b.endMonth <= a.endMonth;
}

/**
 * The periods of the finer `type` that `code` contains, in order: months of 2024N9 are
 * 202401..202409; quarters of 2024S1 are 2024Q1, 2024Q2. Types that do not tile the period
 * (half-years of 2024N9) give only the ones wholly inside (2024S1).
 * @throws PeriodError
 */
export function periodsWithin(code: string, type: TPeriodType): string[] {
  const p = parsePeriod(code);
  return periodsOfType(p.year, type).filter((c) => periodContains(p.code, c));
}

/**
 * Year to date (lũy kế): the periods from January to the end of `code`. By default months for a
 * month and quarters for anything else ("2024Q3" → Q1..Q3; "2024N9" → Q1..Q3; "202405" → 01..05);
 * pass `type` "month" or "quarter" to choose. Quarters are refused when the period does not end at
 * a quarter's end (a month like 202405).
 * @throws PeriodError
 */
export function yearToDate(code: string, type?: "month" | "quarter"): string[] {
  const p = parsePeriod(code);
  const t = type ?? (p.type === "month" ? "month" : "quarter");
  if (t === "quarter" && p.endMonth % 3 !== 0) {
    throw new PeriodError({
      input: code,
      messageVi: `Không thể tính lũy kế theo quý đến ${periodLabel(p.code)}: kỳ không kết thúc vào cuối quý`,
      messageEn: `Cannot accumulate quarters up to ${p.code}: the period does not end at a quarter's end`,
    });
  }
  return periodsOfType(p.year, t).filter((c) => parsePeriod(c).endMonth <= p.endMonth);
}

/**
 * The single period code that spans January to the end of `code`, when one exists:
 * 2024Q1 → 2024Q1, 2024Q2 → 2024S1, 2024Q3/202409 → 2024N9, 2024Q4/2024S2 → 2024, 202401 → 202401.
 * Null for other months (there is no code for January–May).
 * @throws PeriodError
 */
export function yearToDateCode(code: string): string | null {
  const p = parsePeriod(code);
  switch (p.endMonth) {
    case 1:
      return `${p.year}01`;
    case 3:
      return `${p.year}Q1`;
    case 6:
      return `${p.year}S1`;
    case 9:
      return `${p.year}N9`;
    case 12:
      return String(p.year);
    default:
      return null;
  }
}

/**
 * The period just before, of the same type: 202401 → 202312, 2024Q1 → 2023Q4, 2024S1 → 2023S2.
 * Nine-months and year periods occur once a year, so their previous is the year before.
 * @throws PeriodError
 */
export function previousPeriod(code: string): string {
  return shiftPeriod(code, -1);
}

/** The period just after, of the same type (see {@link previousPeriod}). @throws PeriodError */
export function nextPeriod(code: string): string {
  return shiftPeriod(code, 1);
}

/** Moves `steps` periods of the same type forward (positive) or back (negative). @throws PeriodError */
export function shiftPeriod(code: string, steps: number): string {
  const p = parsePeriod(code);
  const perYear = { month: 12, quarter: 4, half_year: 2, nine_months: 1, year: 1 }[p.type];
  const ordinal = p.year * perYear + (p.index - 1) + steps;
  const year = Math.floor(ordinal / perYear);
  const index = (ordinal % perYear) + 1;
  return makePeriod({ type: p.type, year, index }).code;
}

/** The same period one year earlier (cùng kỳ năm trước): 2024Q3 → 2023Q3, 2024N9 → 2023N9. @throws PeriodError */
export function samePeriodPreviousYear(code: string): string {
  const p = parsePeriod(code);
  return makePeriod({ type: p.type, year: p.year - 1, index: p.index }).code;
}

/**
 * Sort order: by start date, then longer period first (so 2024 sorts before 2024S1 before 2024Q1
 * before 202401, and a year's summary heads its parts). Returns negative, zero or positive.
 * @throws PeriodError
 */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  if (pa.year !== pb.year) return pa.year - pb.year;
  if (pa.startMonth !== pb.startMonth) return pa.startMonth - pb.startMonth;
  return pb.endMonth - pa.endMonth;
}

/** Number of calendar months the period covers (1, 3, 6, 9 or 12). @throws PeriodError */
export function periodMonths(code: string): number {
  const p = parsePeriod(code);
  return p.endMonth - p.startMonth + 1;
}

/** The period of `type` that contains the given ISO date ("2024-08-15", "quarter" → "2024Q3"). @throws PeriodError */
export function periodOfDate(isoDate: string, type: TPeriodType): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  const month = m ? Number(m[2]) : 0;
  if (!m || month < 1 || month > 12) {
    throw new PeriodError({
      input: isoDate,
      messageVi: `Ngày không hợp lệ "${isoDate}" (cần dạng YYYY-MM-DD)`,
      messageEn: `Invalid date "${isoDate}" (expected YYYY-MM-DD)`,
    });
  }
  const year = Number(m[1]);
  if (type === "nine_months" && month > 9) {
    throw new PeriodError({
      input: isoDate,
      messageVi: `Ngày ${isoDate} không thuộc kỳ 9 tháng nào`,
      messageEn: `Date ${isoDate} is in no nine-months period`,
    });
  }
  const index = {
    month,
    quarter: Math.ceil(month / 3),
    half_year: month <= 6 ? 1 : 2,
    nine_months: 1,
    year: 1,
  }[type];
  return makePeriod({ type, year, index }).code;
}
