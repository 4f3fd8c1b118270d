/**
 * Import of data values from a CSV file by codes — the console's path for large loads (`dxm values
 * import`): historical series, a province's figures from another system. One row per unit ×
 * indicator × period, with the columns (Vietnamese or English headers, any order):
 * ma_don_vi|unit_code, ma_chi_tieu|indicator_code, ky|period, tu_so|numerator, mau_so|denominator,
 * gia_tri|value (VALUE_COLUMNS). Numbers are read the Vietnamese way ("10.851" is 10851, "36,8" is
 * 36.8), as everywhere else in the product. The file is streamed into {@link bulkImportDataValues}:
 * one transaction, the first invalid line aborts it with its number and reason, and nothing is
 * written.
 */
import { pipeline, Readable } from "node:stream";
import { parse } from "csv-parse";
import { sql } from "drizzle-orm";
import { tryParsePeriod } from "../../core/period.ts";
import { headerKey, type TValueColumn, VALUE_COLUMNS } from "../../core/text.ts";
import { parseVnNumberDetailed, VnNumberError } from "../../core/vn-number.ts";
import { AppError } from "../../server/errors.ts";
import { type Database, rows, type TActor } from "../client.ts";
import { bulkImportDataValues, type TBulkImportResult, type TBulkRow } from "./bulk.ts";

type TCsvRow = Partial<Record<TValueColumn, string>>;

/** Options of {@link importValuesCsv}. */
export interface TCsvImportOptions {
  database: Database;
  /** The CSV text, or a stream of it (UTF-8, a byte-order mark is ignored). */
  input: Readable | string;
  actor: TActor | string;
  /** Names the import in the audit summary row. */
  importId: string;
  status?: "draft" | "submitted" | "approved";
}

function invalid(line: number, field: string, vi: string, en: string): AppError {
  return new AppError({
    status: 400,
    code: "invalid",
    message: `Dòng ${line}: ${vi}; không có số liệu nào được ghi`,
    messageEn: `Line ${line}: ${en}; nothing was written`,
    field,
  });
}

/** A number cell read the Vietnamese way ("10.851", "36,8"; src/core/vn-number.ts), exact. */
function numberCell(text: string | undefined, line: number, field: string): string | null {
  if (!text) return null;
  // A plain whole number (most cells) is its own canonical form.
  if (/^(0|[1-9]\d{0,14})$/.test(text)) return text;
  try {
    return parseVnNumberDetailed(text).canonical;
  } catch (e) {
    if (!(e instanceof VnNumberError)) throw e;
    throw invalid(line, field, e.messageVi, e.messageEn);
  }
}

/**
 * The separator of a CSV, from its header line: ";" (what Excel writes where the decimal separator is
 * a comma, as in Vietnamese settings) or a tab when the line holds more of them than commas, else ",".
 * Returns the text again, whole, as it streams.
 */
async function sniffDelimiter(
  input: Readable | string,
): Promise<{ delimiter: string; text: AsyncGenerator<string> }> {
  const source: AsyncIterator<string> =
    typeof input === "string"
      ? Readable.from([input])[Symbol.asyncIterator]()
      : input.setEncoding("utf8")[Symbol.asyncIterator]();
  let head = "";
  let done = false;
  while (!done && !head.includes("\n")) {
    const next = await source.next();
    if (next.done) done = true;
    else head += next.value;
  }
  const first = head.split("\n")[0];
  const count = (c: string) => first.split(c).length - 1;
  const delimiter = [";", "\t"].find((c) => count(c) > count(",")) ?? ",";
  async function* text(): AsyncGenerator<string> {
    yield head;
    if (done) return;
    for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
  }
  return { delimiter, text: text() };
}

/** Units by code; a code used by several units (two eras) is told apart by the period. */
type TUnitByCode = Map<string, Array<{ id: number; from: string; to: string | null }>>;

async function codeMaps(database: Database) {
  const [inds, units] = await Promise.all([
    rows<{ id: number; code: string }>(database.orm, sql`select id, code from indicator`),
    rows<{ id: number; code: string; f: string; t: string | null }>(
      database.orm,
      sql`select id, code, valid_from::text as f, valid_to::text as t from org_unit`,
    ),
  ]);
  const unitByCode: TUnitByCode = new Map();
  for (const u of units) {
    const list = unitByCode.get(u.code) ?? [];
    list.push({ id: u.id, from: u.f, to: u.t });
    unitByCode.set(u.code, list);
  }
  return { indicatorByCode: new Map(inds.map((i) => [i.code, i.id])), unitByCode };
}

/**
 * Imports a CSV of values by codes in one transaction.
 * @throws AppError 400 naming the first bad line (unknown code, bad period or number, a value the
 *   indicator refuses) or a missing column; nothing is written then
 */
export async function importValuesCsv(o: TCsvImportOptions): Promise<TBulkImportResult> {
  const { indicatorByCode, unitByCode } = await codeMaps(o.database);
  /**
   * The parsed records, parsed as the import reads them. A file that is not CSV (a workbook, a broken
   * quote) or that cannot be read is refused by line. The input is fed through pipeline(), which
   * passes a read error on to the parser and keeps a parse error from being thrown outside the import.
   */
  async function* records(): AsyncGenerator<{ record: string[]; info: { lines: number } }> {
    let failure: unknown;
    try {
      const { delimiter, text } = await sniffDelimiter(o.input);
      const parser = parse({
        bom: true,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
        info: true,
        delimiter,
      });
      pipeline(Readable.from(text), parser, (e) => {
        failure ??= e;
      });
      yield* parser as AsyncIterable<{ record: string[]; info: { lines: number } }>;
      if (failure) throw failure;
    } catch (e) {
      if (e instanceof AppError) throw e;
      const err = e as Error & { lines?: number };
      throw invalid(
        err.lines ?? 1,
        "file",
        `không đọc được tệp CSV (${err.message})`,
        `cannot read the CSV (${err.message})`,
      );
    }
  }
  // A file repeats a few dozen periods over thousands of lines: each is read once.
  const periods = new Map<string, ReturnType<typeof tryParsePeriod>>();
  const periodOf = (text: string) => {
    if (!periods.has(text)) periods.set(text, tryParsePeriod(text));
    return periods.get(text);
  };
  async function* values(): AsyncGenerator<TBulkRow> {
    let head: Array<TValueColumn | undefined> | undefined;
    let written = 0;
    for await (const { record, info } of records()) {
      const line = info.lines;
      if (!head) {
        head = record.map((h) => VALUE_COLUMNS[headerKey(h)]);
        for (const need of ["unit", "indicator", "period"] as const)
          if (!head.includes(need))
            throw invalid(
              line,
              need,
              `thiếu cột ${need === "unit" ? "ma_don_vi" : need === "indicator" ? "ma_chi_tieu" : "ky"}`,
              `the ${need === "unit" ? "unit_code" : need === "indicator" ? "indicator_code" : "period"} column is missing`,
            );
        continue;
      }
      const r: TCsvRow = {};
      head.forEach((k, i) => {
        if (k) r[k] = record[i];
      });
      const indicatorId = indicatorByCode.get(r.indicator ?? "");
      if (indicatorId === undefined)
        throw invalid(
          line,
          "indicator",
          `không có chỉ tiêu "${r.indicator}"`,
          `no indicator "${r.indicator}"`,
        );
      const p = periodOf(r.period ?? "");
      if (!p) throw invalid(line, "period", `kỳ không hợp lệ "${r.period}"`, `invalid period "${r.period}"`);
      const candidates = unitByCode.get(r.unit ?? "") ?? [];
      const valid = candidates.filter((u) => u.from <= p.endDate && (u.to === null || u.to > p.startDate));
      if (valid.length !== 1)
        throw invalid(
          line,
          "unit",
          candidates.length === 0
            ? `không có đơn vị "${r.unit}"`
            : `đơn vị "${r.unit}" không có hiệu lực duy nhất trong kỳ ${p.code}`,
          candidates.length === 0
            ? `no unit "${r.unit}"`
            : `unit "${r.unit}" is not valid (or not unique) during ${p.code}`,
        );
      yield {
        line,
        indicatorId,
        orgUnitId: valid[0].id,
        period: p.code,
        numerator: numberCell(r.numerator, line, "numerator"),
        denominator: numberCell(r.denominator, line, "denominator"),
        value: numberCell(r.value, line, "value"),
      };
      written++;
    }
    if (written === 0) throw invalid(1, "file", "tệp không có dòng số liệu nào", "the file holds no values");
  }
  return bulkImportDataValues({
    database: o.database,
    actor: o.actor,
    importId: o.importId,
    status: o.status,
    rows: values(),
  });
}
