/**
 * Turning an annex table into targets: section rows ("I. CHÍNH QUYỀN SỐ") set the pillar, group rows
 * ("1. Nhóm chỉ tiêu về dịch vụ công") set the group, every other row with a name is a target with its
 * yearly values read the Vietnamese way ("80%", "1.500", "≥ 90%"). Every problem names its row; the
 * caller writes nothing while there is one.
 */
import { parseVnNumberDetailed, VnNumberError } from "../vn-number.ts";
import { fieldLabel, fieldYear, type TAnnexMapping } from "./mapping.ts";
import { guessPillar, isSectionNumber, type TPillarCode } from "./pillar.ts";
import { cleanCell } from "./table.ts";

/** Kind of indicator a target's values suggest. */
export type TAnnexKind = "percent" | "count" | "number" | "boolean" | "rank";

/** A target read from the annex. */
export interface TAnnexTarget {
  /** Row in the file (1-based, as the user sees it in Excel or Word). */
  row: number;
  stt: string;
  code: string | null;
  name: string;
  unit: string | null;
  kind: TAnnexKind;
  direction: "higher" | "lower";
  /** Yearly target values as canonical decimal strings ("80", "1500", "0.5"). */
  values: Array<{ year: number; value: string }>;
  benchmark: string | null;
  responsible: string | null;
  pillarCode: TPillarCode | null;
  group: string | null;
  note: string | null;
}

/** A section or group heading. */
export interface TAnnexSection {
  row: number;
  title: string;
  kind: "section" | "group";
  pillarCode: TPillarCode | null;
}

/** A problem in one row (or the whole table when row is 0). */
export interface TAnnexIssue {
  row: number;
  field?: string;
  message: string;
  messageEn: string;
}

/** The outcome of {@link parseAnnex}: nothing may be written while `errors` is non-empty. */
export interface TAnnexParse {
  targets: TAnnexTarget[];
  sections: TAnnexSection[];
  errors: TAnnexIssue[];
  warnings: TAnnexIssue[];
}

/** Options for {@link parseAnnex}. */
export interface TParseAnnexOptions {
  rows: string[][];
  /** Row numbers as the user sees them; default index + 1. */
  rowNumbers?: number[];
  /** Index of the first body row (after the header). */
  bodyStart: number;
  mapping: TAnnexMapping;
  /** Pillar for targets before any section row (or when the annex has none). */
  defaultPillar?: TPillarCode | null;
}

/** A target value cell read: its number and what the words around it say. */
export interface TTargetValue {
  value: string;
  percent: boolean;
  direction?: "higher" | "lower";
  rank?: boolean;
  boolean?: boolean;
}

const LOWER_PREFIX = /^(≤|<=|<|duoi|toi da|khong qua|giam con|giam xuong)\s*/;
const HIGHER_PREFIX = /^(≥|>=|>|tren|toi thieu|it nhat|dat|dat tren|dat tu|tu|khoang|tang len)\s*/;

function fold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .trim();
}

/**
 * Reads one target value: "80%", "≥ 90%", "1.500", "Top 30", "Có" (yes), "100% số xã".
 * Returns null for an empty cell.
 * @throws VnNumberError when the text is not a number.
 */
export function readTargetValue(text: string): TTargetValue | null {
  let s = fold(cleanCell(text));
  if (s === "" || s === "-" || s === "—" || s === "–" || s === "x") return null;
  if (/^(co|dat|hoan thanh|100% hoan thanh)$/.test(s)) return { value: "1", percent: false, boolean: true };
  let direction: "higher" | "lower" | undefined;
  const top = s.match(/^(top|nhom|trong nhom|thu hang|xep hang)\s*(\d+)\b/);
  if (top) {
    return { value: top[2], percent: false, direction: "lower", rank: true };
  }
  for (;;) {
    const low = s.match(LOWER_PREFIX);
    const high = s.match(HIGHER_PREFIX);
    if (low) {
      direction = "lower";
      s = s.slice(low[0].length);
    } else if (high) {
      direction = direction ?? "higher";
      s = s.slice(high[0].length);
    } else break;
  }
  s = s.replace(/\s*(tro len|tro xuong)$/, (m) => {
    if (m.includes("xuong")) direction = "lower";
    return "";
  });
  // Trailing words after a percentage or count ("100% số xã", "500 doanh nghiệp").
  const m = s.match(/^([+\-−]?[\d.,\s]*\d%?)(\s+\D.*)?$/);
  const numberText = m ? m[1] : s;
  const parsed = parseVnNumberDetailed(numberText);
  return { value: parsed.canonical, percent: parsed.isPercent, direction };
}

/** Parses an annex body with a column mapping into targets, sections, errors and warnings. */
export function parseAnnex(options: TParseAnnexOptions): TAnnexParse {
  const { rows, mapping } = options;
  const out: TAnnexParse = { targets: [], sections: [], errors: [], warnings: [] };
  const col = (field: string) => mapping.indexOf(field as TAnnexMapping[number]);
  const nameCol = col("name");
  if (nameCol < 0) {
    out.errors.push({
      row: 0,
      field: "mapping",
      message: "Chưa chọn cột mục tiêu/chỉ tiêu",
      messageEn: "No column is mapped to the target name",
    });
  }
  const yearCols = mapping
    .map((f, i) => ({ year: fieldYear(f), i, f }))
    .filter((x): x is { year: number; i: number; f: TAnnexMapping[number] } => x.year !== null);
  const dupYears = yearCols.filter((y, k) => yearCols.findIndex((z) => z.year === y.year) !== k);
  for (const d of dupYears)
    out.errors.push({
      row: 0,
      field: "mapping",
      message: `Năm ${d.year} được chọn cho nhiều cột`,
      messageEn: `Year ${d.year} is mapped to several columns`,
    });
  if (yearCols.length === 0)
    out.warnings.push({
      row: 0,
      field: "mapping",
      message: "Chưa có cột chỉ tiêu theo năm nào",
      messageEn: "No column holds yearly target values",
    });
  if (out.errors.length > 0) return out;

  let pillar: TPillarCode | null = options.defaultPillar ?? null;
  let group: string | null = null;
  const seenCodes = new Map<string, number>();
  const cell = (r: string[], field: string) => {
    const i = col(field);
    return i < 0 ? "" : cleanCell(r[i]);
  };
  for (let r = options.bodyStart; r < rows.length; r++) {
    const raw = rows[r];
    const rowNo = options.rowNumbers?.[r] ?? r + 1;
    if (!raw || raw.every((c) => cleanCell(c) === "")) continue;
    const stt = cell(raw, "stt");
    let name = cell(raw, "name");
    const unit = cell(raw, "unit");
    const valueTexts = yearCols.map((y) => ({ ...y, text: cleanCell(raw[y.i]) }));
    const hasValues = valueTexts.some((v) => v.text !== "");
    // A heading may sit in the STT column alone, or span the row in the first cell (merged cells).
    if (!name && !hasValues) {
      const first = raw.map(cleanCell).find((c) => c !== "") ?? "";
      if (first && first !== stt) name = first;
      else if (first && !/^\d/.test(first)) name = first;
    }
    if (!name) {
      if (hasValues)
        out.errors.push({
          row: rowNo,
          field: "name",
          message: `Dòng ${rowNo}: thiếu tên mục tiêu/chỉ tiêu`,
          messageEn: `Row ${rowNo}: the target has no name`,
        });
      continue;
    }
    if (!hasValues && !unit) {
      const guessed = guessPillar(name);
      const romanInName = /^([IVX]{1,5}|[A-Z])[.)]\s+/.test(name);
      if (guessed || isSectionNumber(stt) || romanInName) {
        if (guessed) pillar = guessed;
        group = null;
        out.sections.push({ row: rowNo, title: name, kind: "section", pillarCode: guessed ?? pillar });
      } else {
        group = name.replace(/^\d+(\.\d+)*[.)]?\s+/, "");
        out.sections.push({ row: rowNo, title: group, kind: "group", pillarCode: pillar });
      }
      continue;
    }
    const values: TAnnexTarget["values"] = [];
    let percent = unit === "%";
    let direction: "higher" | "lower" | undefined;
    let rank = false;
    let allBoolean = true;
    let rowOk = true;
    for (const v of valueTexts) {
      if (v.text === "") continue;
      try {
        const read = readTargetValue(v.text);
        if (!read) continue;
        values.push({ year: v.year, value: read.value });
        percent ||= read.percent;
        direction = read.direction ?? direction;
        rank ||= read.rank ?? false;
        allBoolean &&= read.boolean ?? false;
      } catch (e) {
        if (!(e instanceof VnNumberError)) throw e;
        rowOk = false;
        const label = fieldLabel(v.f);
        out.errors.push({
          row: rowNo,
          field: v.f,
          message: `Dòng ${rowNo}: ${label.vi} '${v.text}' không phải là số`,
          messageEn: `Row ${rowNo}: ${label.en} '${v.text}' is not a number`,
        });
      }
    }
    if (!rowOk) continue;
    const benchText = cell(raw, "benchmark");
    let benchmark: string | null = null;
    if (benchText) {
      try {
        benchmark = readTargetValue(benchText)?.value ?? null;
      } catch {
        out.warnings.push({
          row: rowNo,
          field: "benchmark",
          message: `Dòng ${rowNo}: mục tiêu quốc gia '${benchText}' không phải là số, được ghi vào ghi chú`,
          messageEn: `Row ${rowNo}: national benchmark '${benchText}' is not a number; kept as a note`,
        });
      }
    }
    const code = cell(raw, "code") || null;
    if (code) {
      const prev = seenCodes.get(code);
      if (prev !== undefined)
        out.errors.push({
          row: rowNo,
          field: "code",
          message: `Dòng ${rowNo}: mã '${code}' trùng với dòng ${prev}`,
          messageEn: `Row ${rowNo}: code '${code}' repeats row ${prev}`,
        });
      seenCodes.set(code, rowNo);
    }
    const pillarText = cell(raw, "pillar");
    const rowPillar = pillarText ? guessPillar(pillarText) : null;
    if (pillarText && !rowPillar)
      out.warnings.push({
        row: rowNo,
        field: "pillar",
        message: `Dòng ${rowNo}: không nhận ra trụ cột '${pillarText}'`,
        messageEn: `Row ${rowNo}: pillar '${pillarText}' not recognised`,
      });
    const noteParts = [cell(raw, "note"), benchText && benchmark === null ? benchText : ""].filter(Boolean);
    const kind: TAnnexKind = rank
      ? "rank"
      : values.length > 0 && allBoolean
        ? "boolean"
        : percent
          ? "percent"
          : values.every((v) => /^\d+$/.test(v.value))
            ? "count"
            : "number";
    out.targets.push({
      row: rowNo,
      stt,
      code,
      name: name.replace(/^\d+(\.\d+)*[.)]\s+/, ""),
      unit: unit || (percent ? "%" : null),
      kind,
      direction: direction ?? "higher",
      values,
      benchmark,
      responsible: cell(raw, "responsible") || null,
      pillarCode: rowPillar ?? pillar,
      group,
      note: noteParts.join("; ") || null,
    });
  }
  if (out.targets.length === 0 && out.errors.length === 0)
    out.errors.push({
      row: 0,
      message: "Không tìm thấy mục tiêu/chỉ tiêu nào trong bảng",
      messageEn: "No target found in the table",
    });
  const noPillar = out.targets.filter((t) => t.pillarCode === null);
  for (const t of noPillar)
    out.errors.push({
      row: t.row,
      field: "pillar",
      message: `Dòng ${t.row}: chưa xác định được trụ cột, hãy chọn trụ cột mặc định`,
      messageEn: `Row ${t.row}: no pillar; choose a default pillar`,
    });
  return out;
}
