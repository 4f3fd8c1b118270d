/**
 * The offline loop: a pre-filled XLSX template for one unit × form × period (structure locked, headers
 * in Vietnamese, data validation in the cells, the submission id and version in a hidden row), and the
 * parser that reads a filled template back into figures with per-row errors.
 */
import ExcelJS from "exceljs";
import { periodLabel } from "../../core/period.ts";
import { type TIssue, validateForm } from "../../core/validation.ts";
import { tryParseVnNumber } from "../../core/vn-number.ts";
import type { TFormField } from "../../db/collection/forms.ts";
import type { TNarrativeSection, TSubmissionView } from "../../db/collection/submissions.ts";
import type { TValueInput } from "../../db/collection/values.ts";
import type { TRowError } from "./schemas.ts";

/** The XLSX MIME type. */
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEET = "Bieu mau";
const NARRATIVE_SHEET = "Thuyet minh";
const META_ROW = 3;
const HEADER_ROW = 5;
const FIRST_ROW = 6;
const COL = { stt: 1, code: 2, name: 3, unit: 4, num: 5, den: 6, value: 7, comment: 8 } as const;
const THIN = { style: "thin" as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const INPUT_FILL = { type: "pattern" as const, pattern: "solid" as const, fgColor: { argb: "FFFFF8DC" } };

/** Vietnamese labels of the narrative sections, as the template and the entry page show them. */
export const NARRATIVE_LABELS: Record<TNarrativeSection, { vi: string; en: string }> = {
  results: { vi: "Kết quả đạt được", en: "Results" },
  shortcomings: { vi: "Tồn tại, hạn chế", en: "Shortcomings" },
  causes: { vi: "Nguyên nhân", en: "Causes" },
  proposals: { vi: "Kiến nghị, đề xuất", en: "Proposals" },
};

/** Builds the template workbook for a submission, pre-filled with what is stored. */
export async function buildTemplate(view: TSubmissionView): Promise<Buffer> {
  const { submission: s, fields, values, narrative } = view;
  const wb = new ExcelJS.Workbook();
  wb.creator = "DX Monitor";
  const ws = wb.addWorksheet(SHEET, { views: [{ state: "frozen", ySplit: HEADER_ROW }] });
  ws.columns = [
    { width: 6 },
    { width: 14 },
    { width: 60 },
    { width: 12 },
    { width: 14 },
    { width: 14 },
    { width: 14 },
    { width: 36 },
  ];
  ws.mergeCells(1, 1, 1, 8);
  ws.getCell(1, 1).value = s.formName;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(2, 1, 2, 8);
  ws.getCell(2, 1).value =
    `Đơn vị: ${s.orgUnitName} — Kỳ báo cáo: ${periodLabel(s.period)} — Phiên bản ${s.version}`;
  // Hidden row: what the upload needs to find the submission and detect a stale file.
  const meta = ws.getRow(META_ROW);
  meta.values = ["dxm:submission", s.id, s.version, s.orgUnitId, s.period, s.dataSetId];
  meta.hidden = true;
  const header = ws.getRow(HEADER_ROW);
  header.values = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Tử số", "Mẫu số", "Giá trị", "Ghi chú"];
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  header.eachCell((c) => {
    c.border = BORDER;
  });
  const byId = new Map(values.map((v) => [v.indicatorId, v]));
  let r = FIRST_ROW;
  let section = "";
  let n = 0;
  for (const f of fields) {
    if (f.section && f.section !== section) {
      section = f.section;
      ws.mergeCells(r, 1, r, 8);
      ws.getCell(r, 1).value = section;
      ws.getCell(r, 1).font = { bold: true };
      r++;
    }
    const v = byId.get(f.indicatorId);
    const row = ws.getRow(r);
    n++;
    row.getCell(COL.stt).value = n;
    row.getCell(COL.code).value = f.code;
    row.getCell(COL.name).value = `${f.name}${f.required ? " (*)" : ""}`;
    row.getCell(COL.name).alignment = { wrapText: true };
    row.getCell(COL.unit).value = f.kind === "ratio" ? (f.denominatorLabel ?? f.unit ?? "") : (f.unit ?? "");
    for (let c = 1; c <= 8; c++) row.getCell(c).border = BORDER;
    const inputs = f.kind === "ratio" ? [COL.num, COL.den] : [COL.value];
    for (const c of [...inputs, COL.comment]) {
      const cell = row.getCell(c);
      cell.protection = { locked: false };
      cell.fill = INPUT_FILL;
    }
    if (f.kind === "ratio") {
      row.getCell(COL.num).value =
        v?.numerator === null || v?.numerator === undefined ? null : Number(v.numerator);
      row.getCell(COL.den).value =
        v?.denominator === null || v?.denominator === undefined ? null : Number(v.denominator);
      for (const c of [COL.num, COL.den])
        row.getCell(c).dataValidation = {
          type: "decimal",
          operator: "greaterThanOrEqual",
          formulae: [0],
          allowBlank: true,
          showErrorMessage: true,
          errorTitle: "Giá trị không hợp lệ",
          error: "Nhập một số không âm",
        };
    } else {
      row.getCell(COL.value).value = v?.value === null || v?.value === undefined ? null : Number(v.value);
      row.getCell(COL.value).dataValidation = cellValidation(f);
    }
    row.getCell(COL.comment).value = v?.comment ?? null;
    r++;
  }
  await ws.protect("", {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });

  const ns = wb.addWorksheet(NARRATIVE_SHEET);
  ns.columns = [{ width: 16, hidden: true }, { width: 28 }, { width: 100 }];
  ns.getRow(1).values = ["section", "Nội dung", "Thuyết minh"];
  ns.getRow(1).font = { bold: true };
  Object.entries(NARRATIVE_LABELS).forEach(([key, label], i) => {
    const row = ns.getRow(i + 2);
    row.values = [key, label.vi, narrative.find((x) => x.section === key)?.body ?? ""];
    row.height = 90;
    const cell = row.getCell(3);
    cell.protection = { locked: false };
    cell.alignment = { wrapText: true, vertical: "top" };
    cell.fill = INPUT_FILL;
  });
  await ns.protect("", { selectLockedCells: true, selectUnlockedCells: true });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellValidation(f: TFormField): ExcelJS.DataValidation {
  const common = { allowBlank: true, showErrorMessage: true, errorTitle: "Giá trị không hợp lệ" };
  switch (f.kind) {
    case "boolean":
      return { ...common, type: "list", formulae: ['"1,0"'], error: "Nhập 1 (có) hoặc 0 (không)" };
    case "percent":
      return {
        ...common,
        type: "decimal",
        operator: "between",
        formulae: [0, 100],
        error: "Tỷ lệ từ 0 đến 100",
      };
    case "count":
      return {
        ...common,
        type: "whole",
        operator: "greaterThanOrEqual",
        formulae: [0],
        error: "Nhập số nguyên không âm",
      };
    case "rank":
      return {
        ...common,
        type: "whole",
        operator: "greaterThanOrEqual",
        formulae: [1],
        error: "Thứ hạng từ 1",
      };
    default:
      return {
        ...common,
        type: "decimal",
        operator: "greaterThanOrEqual",
        formulae: [-1e15],
        error: "Nhập một số",
      };
  }
}

/** What a filled template holds. */
export interface TParsedTemplate {
  submissionId: number | null;
  version: number | null;
  values: TValueInput[];
  narrative: Partial<Record<TNarrativeSection, string>>;
  errors: TRowError[];
}

function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "object") {
    if ("result" in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ("richText" in v)
      return (v as { richText: Array<{ text: string }> }).richText.map((t) => t.text).join("");
    if ("text" in v) return String((v as { text: unknown }).text);
    if (v instanceof Date) return v.toISOString();
    return null;
  }
  const s = String(v).trim();
  return s === "" ? null : s;
}

/** A cell as a number: numbers as they are, text in Vietnamese or English format ("1.761", "36,8"). */
export function cellNumber(
  v: ExcelJS.CellValue,
): { ok: true; value: number | null } | { ok: false; text: string } {
  if (typeof v === "number") return { ok: true, value: v };
  const t = cellText(v);
  if (t === null) return { ok: true, value: null };
  const n = tryParseVnNumber(t);
  return n === null ? { ok: false, text: t } : { ok: true, value: n };
}

/** Loads a workbook, refusing what exceljs cannot read with a 400-ready row error. */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook | TRowError> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    return wb;
  } catch {
    return {
      row: 0,
      field: "file",
      message: "Không đọc được tệp Excel (.xlsx)",
      messageEn: "Cannot read the Excel (.xlsx) file",
    };
  }
}

/**
 * Reads a filled template: finds each field by its code in column B (rows may be moved but not renamed),
 * reads numerator/denominator or value and comment, and lists every unreadable cell by row.
 */
export function parseTemplate(wb: ExcelJS.Workbook, fields: TFormField[]): TParsedTemplate {
  const errors: TRowError[] = [];
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
  if (!ws)
    return {
      submissionId: null,
      version: null,
      values: [],
      narrative: {},
      errors: [
        { row: 0, field: "file", message: "Tệp không có trang tính", messageEn: "The file has no sheet" },
      ],
    };
  const meta = ws.getRow(META_ROW);
  const isTemplate = cellText(meta.getCell(1).value) === "dxm:submission";
  const submissionId = isTemplate ? Number(cellText(meta.getCell(2).value)) || null : null;
  const version = isTemplate ? Number(cellText(meta.getCell(3).value)) || null : null;
  const byCode = new Map(fields.map((f) => [f.code.toUpperCase(), f]));
  const values: TValueInput[] = [];
  const seen = new Set<number>();
  ws.eachRow((row, r) => {
    // Section headings are merged across the row; only field rows carry a code of their own.
    if (r < FIRST_ROW || row.getCell(COL.code).isMerged) return;
    const code = cellText(row.getCell(COL.code).value)?.toUpperCase();
    if (!code) return;
    const f = byCode.get(code);
    if (!f) {
      errors.push({
        sheet: ws.name,
        row: r,
        field: code,
        message: `Mã chỉ tiêu ${code} không thuộc biểu mẫu`,
        messageEn: `Indicator code ${code} is not in the form`,
      });
      return;
    }
    if (seen.has(f.indicatorId)) {
      errors.push({
        sheet: ws.name,
        row: r,
        field: code,
        message: `Chỉ tiêu ${code} xuất hiện hai lần`,
        messageEn: `Indicator ${code} appears twice`,
      });
      return;
    }
    seen.add(f.indicatorId);
    const read = (col: number, label: { vi: string; en: string }): number | null => {
      const c = cellNumber(row.getCell(col).value);
      if (c.ok) return c.value;
      errors.push({
        sheet: ws.name,
        row: r,
        field: code,
        message: `${f.name} (${code}): ${label.vi} "${c.text}" không phải là số`,
        messageEn: `${f.nameEn || f.name} (${code}): ${label.en} "${c.text}" is not a number`,
      });
      return null;
    };
    const comment = cellText(row.getCell(COL.comment).value);
    if (f.kind === "ratio")
      values.push({
        indicatorId: f.indicatorId,
        numerator: read(COL.num, { vi: "tử số", en: "numerator" }),
        denominator: read(COL.den, { vi: "mẫu số", en: "denominator" }),
        comment,
      });
    else
      values.push({
        indicatorId: f.indicatorId,
        value: read(COL.value, { vi: "giá trị", en: "value" }),
        comment,
      });
  });
  const narrative: Partial<Record<TNarrativeSection, string>> = {};
  const ns = wb.getWorksheet(NARRATIVE_SHEET);
  ns?.eachRow((row, r) => {
    if (r < 2) return;
    const key = cellText(row.getCell(1).value) as TNarrativeSection | null;
    if (key && key in NARRATIVE_LABELS) narrative[key] = cellText(row.getCell(3).value) ?? "";
  });
  return { submissionId, version, values, narrative, errors };
}

/** Finds the template row of each indicator, to point validation issues at rows. */
export function rowsByIndicator(wb: ExcelJS.Workbook, fields: TFormField[]): Map<number, number> {
  const out = new Map<number, number>();
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets[0];
  const byCode = new Map(fields.map((f) => [f.code.toUpperCase(), f.indicatorId]));
  ws?.eachRow((row, r) => {
    if (row.getCell(COL.code).isMerged) return;
    const code = cellText(row.getCell(COL.code).value)?.toUpperCase();
    const id = code ? byCode.get(code) : undefined;
    if (r >= FIRST_ROW && id !== undefined) out.set(id, r);
  });
  return out;
}

/** Validation issues as row errors (rule issues point at row 0: they concern several rows). */
export function issuesToRows(options: {
  issues: TIssue[];
  rows: Map<number, number>;
  sheet?: string;
}): TRowError[] {
  return options.issues.map((i) => ({
    sheet: options.sheet,
    row: i.indicatorId !== undefined ? (options.rows.get(i.indicatorId) ?? 0) : 0,
    field: i.field,
    message: i.message,
    messageEn: i.messageEn,
  }));
}

/** Runs the form validation over parsed figures (types, ranges, ratios, rules; not required fields). */
export function validateParsed(options: { fields: TFormField[]; values: TValueInput[] }): TIssue[] {
  return validateForm({ fields: options.fields, values: options.values }).errors;
}
