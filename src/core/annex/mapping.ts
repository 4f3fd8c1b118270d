/**
 * Column mapping of a plan annex: which column holds the number (STT), the target's name, its unit of
 * measure, the target value of each year, the responsible body… guessed from the Vietnamese headers
 * (folded: lower case, no tone marks) and corrected once by the user.
 */
import { z } from "zod";
import { foldVietnamese } from "../text.ts";
import { cleanCell } from "./table.ts";

/** Fields a column can hold; yearly target values are `year:2025`. */
export const ANNEX_FIELDS = [
  "ignore",
  "stt",
  "code",
  "name",
  "unit",
  "responsible",
  "benchmark",
  "pillar",
  "note",
] as const;

/** What one column holds. */
export const ZAnnexField = z.union([z.enum(ANNEX_FIELDS), z.templateLiteral(["year:", z.number().int()])]);
/** What one column holds. */
export type TAnnexField = (typeof ANNEX_FIELDS)[number] | `year:${number}`;

/** One field per column, in column order. */
export const ZAnnexMapping = z.array(ZAnnexField).max(60);
/** One field per column, in column order. */
export type TAnnexMapping = TAnnexField[];

/** The year a field holds a target for, or null. */
export function fieldYear(field: TAnnexField): number | null {
  return field.startsWith("year:") ? Number(field.slice(5)) : null;
}

/** Vietnamese and English label of a field, for messages ("chỉ tiêu 2025"). */
export function fieldLabel(field: TAnnexField): { vi: string; en: string } {
  const year = fieldYear(field);
  if (year !== null) return { vi: `chỉ tiêu ${year}`, en: `target ${year}` };
  const labels: Record<(typeof ANNEX_FIELDS)[number], { vi: string; en: string }> = {
    ignore: { vi: "bỏ qua", en: "ignored" },
    stt: { vi: "STT", en: "No." },
    code: { vi: "mã chỉ số", en: "indicator code" },
    name: { vi: "mục tiêu/chỉ tiêu", en: "target" },
    unit: { vi: "đơn vị tính", en: "unit of measure" },
    responsible: { vi: "cơ quan chủ trì", en: "responsible body" },
    benchmark: { vi: "mục tiêu quốc gia", en: "national benchmark" },
    pillar: { vi: "trụ cột", en: "pillar" },
    note: { vi: "ghi chú", en: "note" },
  };
  return labels[field as (typeof ANNEX_FIELDS)[number]];
}

/** Guesses one column's field from its header text (any case, with or without diacritics). */
export function guessField(header: string): TAnnexField {
  const h = foldVietnamese(cleanCell(header))
    .replace(/[.:()*]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (h === "") return "ignore";
  if (/^(stt|tt|so tt|so thu tu)$/.test(h)) return "stt";
  if (/^ma( so)?( chi so| chi tieu)?$/.test(h)) return "code";
  if (/chu tri|phu trach|co quan thuc hien|don vi thuc hien|co quan|don vi chiu trach nhiem/.test(h))
    return "responsible";
  if (/quoc gia|ca nuoc|trung uong/.test(h)) return "benchmark";
  const years = h.match(/\b(20\d{2})\b/g);
  if (years) {
    // Actuals and baselines ("thực hiện 2020", "hiện trạng 2020", "ước 2024") are not targets.
    if (/thuc hien|hien trang|uoc|ket qua|nam goc|co so/.test(h)) return "ignore";
    return `year:${Number(years[years.length - 1])}`;
  }
  if (/^(dvt|don vi tinh|don vi do|don vi)$/.test(h) || h.startsWith("don vi tinh")) return "unit";
  if (/tru cot|linh vuc/.test(h)) return "pillar";
  if (/ghi chu|nguon|can cu/.test(h)) return "note";
  if (/muc tieu|chi tieu|noi dung|ten chi|chi so/.test(h)) return "name";
  return "ignore";
}

/** Guesses the mapping of every column; a field other than a year is given to one column only. */
export function guessMapping(headers: string[]): TAnnexMapping {
  const taken = new Set<string>();
  return headers.map((header) => {
    const f = guessField(header);
    if (f === "ignore" || taken.has(f)) return "ignore";
    taken.add(f);
    return f;
  });
}

/** Where the header is: its row index, the header text per column, and where the body starts. */
export interface THeaderGuess {
  headerRow: number;
  headers: string[];
  bodyStart: number;
}

/**
 * Finds the header among the first rows (title lines often come first): the first row where at least
 * two columns are recognised, one of them the target name. A second header row with years under a
 * merged cell ("Chỉ tiêu" over "2025 | 2030") is joined to it.
 */
export function findHeader(rows: string[][]): THeaderGuess {
  const limit = Math.min(rows.length, 15);
  for (let r = 0; r < limit; r++) {
    const cells = rows[r].map(cleanCell);
    const fields = cells.map(guessField);
    const known = fields.filter((f) => f !== "ignore");
    if (known.length < 2 || !fields.includes("name")) continue;
    const next = rows[r + 1]?.map(cleanCell) ?? [];
    const nextHasYears =
      next.some((c) => /^(nam\s*)?20\d{2}$/i.test(foldVietnamese(c))) && !/^\d+$/.test(next[0] ?? "");
    if (nextHasYears) {
      const width = Math.max(cells.length, next.length);
      const headers: string[] = [];
      let carry = "";
      for (let c = 0; c < width; c++) {
        const top = cells[c] ?? "";
        if (top) carry = top;
        const sub = next[c] ?? "";
        headers.push(sub ? `${top || carry} ${sub}`.trim() : top);
      }
      return { headerRow: r, headers, bodyStart: r + 2 };
    }
    return { headerRow: r, headers: cells, bodyStart: r + 1 };
  }
  return { headerRow: 0, headers: (rows[0] ?? []).map(cleanCell), bodyStart: 1 };
}
