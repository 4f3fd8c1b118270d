/**
 * Reading an uploaded annex into a grid of cell texts: XLSX through exceljs (first sheet with a
 * recognisable header; merged cells keep their text in the first cell only), or tab-separated text.
 */
import ExcelJS from "exceljs";
import { findHeader, guessMapping } from "../../core/annex/mapping.ts";
import { cleanCell, parseTabbedText, type TAnnexTable } from "../../core/annex/table.ts";
import { badRequest } from "../errors.ts";
import type { TAnnexTableDto } from "./schemas.ts";

const MAX_ROWS = 2000;
const MAX_COLS = 60;
const MAX_CELL = 4000;

function cellText(cell: ExcelJS.Cell): string {
  if (cell.isMerged && cell.master.address !== cell.address) return "";
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    // Percent-formatted cells hold 0.8 for 80%: show what the user sees.
    const fmt = cell.numFmt ?? "";
    if (fmt.includes("%")) return `${Number((v * 100).toPrecision(12))}%`;
    return String(v);
  }
  if (typeof v === "object" && "result" in v && v.result !== undefined) return String(v.result);
  try {
    return cell.text ?? "";
  } catch {
    return "";
  }
}

/** Reads the sheets of an XLSX file; returns the one whose header is recognised (else the first). */
export async function readXlsxAnnex(buffer: Buffer): Promise<TAnnexTable & { sheetName: string }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw badRequest({
      field: "file",
      code: "xlsx",
      message: "Không đọc được tệp Excel (.xlsx)",
      messageEn: "Cannot read the Excel (.xlsx) file",
    });
  }
  let fallback: (TAnnexTable & { sheetName: string }) | null = null;
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    const width = Math.min(ws.columnCount, MAX_COLS);
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (rows.length >= MAX_ROWS) return;
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cleanCell(cellText(row.getCell(c))));
      rows.push(cells);
      rowNumbers.push(n);
    });
    const table = { rows, rowNumbers, sheetName: ws.name };
    if (rows.length === 0) continue;
    fallback ??= table;
    if (guessMapping(findHeader(rows).headers).includes("name")) return table;
  }
  if (!fallback)
    throw badRequest({
      field: "file",
      code: "empty",
      message: "Tệp Excel không có dữ liệu",
      messageEn: "The Excel file is empty",
    });
  return fallback;
}

/** Builds the step-1 answer: the grid, the header found and the guessed mapping. */
export function describeTable(table: TAnnexTable & { sheetName?: string | null }): TAnnexTableDto {
  if (table.rows.length > MAX_ROWS)
    throw badRequest({
      field: "file",
      code: "too_many_rows",
      message: `Bảng quá dài (tối đa ${MAX_ROWS} dòng)`,
      messageEn: `Table too long (at most ${MAX_ROWS} rows)`,
    });
  const long = table.rows.findIndex((r) => r.some((c) => c.length > MAX_CELL));
  if (long >= 0)
    throw badRequest({
      field: "text",
      code: "cell_too_long",
      message: `Dòng ${table.rowNumbers[long] ?? long + 1}: ô dài quá ${MAX_CELL} ký tự — có phải bảng không?`,
      messageEn: `Row ${table.rowNumbers[long] ?? long + 1}: a cell is longer than ${MAX_CELL} characters — is this a table?`,
    });
  const width = Math.min(MAX_COLS, Math.max(0, ...table.rows.map((r) => r.length)));
  const rows = table.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
  const header = findHeader(rows);
  const headers = Array.from({ length: width }, (_, i) => header.headers[i] ?? "");
  return {
    rows,
    rowNumbers: table.rowNumbers,
    headerRow: header.headerRow,
    bodyStart: header.bodyStart,
    headers,
    mapping: guessMapping(headers),
    sheetName: table.sheetName ?? null,
  };
}

/** Reads pasted tab-separated text (from Word or Excel). */
export function readPastedAnnex(text: string): TAnnexTableDto {
  const table = parseTabbedText(text);
  if (table.rows.length === 0 || table.rows.every((r) => r.every((c) => c === "")))
    throw badRequest({
      field: "text",
      code: "empty",
      message: "Chưa có bảng nào được dán",
      messageEn: "No table was pasted",
    });
  return describeTable({ ...table, sheetName: null });
}
