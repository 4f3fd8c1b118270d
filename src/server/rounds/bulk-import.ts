/**
 * The secretariat's bulk upload: one XLSX or CSV holding many units' figures for one form of a round,
 * one row per unit × indicator (columns ma_don_vi, ma_chi_tieu, tu_so, mau_so, gia_tri, ghi_chu — or
 * unit_code, indicator_code, numerator, denominator, value, comment). Every row is checked; any error
 * and nothing is written; otherwise all units are saved in one transaction.
 */
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { headerKey, VALUE_COLUMNS } from "../../core/text.ts";
import { validateForm } from "../../core/validation.ts";
import { type Db, rows, withActor } from "../../db/client.ts";
import { loadFormFields } from "../../db/collection/forms.ts";
import type { TRoundRow } from "../../db/collection/rounds.ts";
import { openSubmission, saveSubmission } from "../../db/collection/submissions.ts";
import type { TValueInput } from "../../db/collection/values.ts";
import { AppError } from "../errors.ts";
import { cellNumber, loadWorkbook } from "../submissions/excel.ts";
import type { TImportResult, TRowError } from "../submissions/schemas.ts";

type TRawRow = { row: number; cells: Record<string, unknown> };

async function readRows(buffer: Buffer, kind: "xlsx" | "csv"): Promise<TRawRow[] | TRowError> {
  if (kind === "csv") {
    let records: string[][];
    try {
      records = parse(buffer.toString("utf8").replace(/^\uFEFF/, ""), {
        skip_empty_lines: true,
        relax_column_count: true,
      });
    } catch (e) {
      return {
        row: 0,
        field: "file",
        message: `Tệp CSV lỗi: ${(e as Error).message}`,
        messageEn: `Bad CSV: ${(e as Error).message}`,
      };
    }
    const head = (records[0] ?? []).map((h) => VALUE_COLUMNS[headerKey(h)]);
    return records.slice(1).map((r, i) => ({
      row: i + 2,
      cells: Object.fromEntries(head.map((h, j) => [h, r[j]]).filter(([h]) => h)),
    }));
  }
  const wb = await loadWorkbook(buffer);
  if ("row" in wb) return wb;
  const ws = wb.worksheets[0];
  const out: TRawRow[] = [];
  let head: Array<string | undefined> = [];
  ws?.eachRow((row, r) => {
    const vals = (row.values as unknown[]).slice(1);
    if (head.length === 0) {
      head = vals.map((h) => VALUE_COLUMNS[headerKey(h)]);
      return;
    }
    out.push({ row: r, cells: Object.fromEntries(head.map((h, j) => [h, vals[j]]).filter(([h]) => h)) });
  });
  return out;
}

/** Checks and imports a bulk file for one form of a round. */
export async function importRoundFile(options: {
  db: Db;
  actor: string;
  round: TRoundRow;
  dataSetId: number;
  buffer: Buffer;
  kind: "xlsx" | "csv";
  submit?: boolean;
}): Promise<TImportResult> {
  const { db, round } = options;
  const fail = (errors: TRowError[]): TImportResult => ({
    ok: false,
    submissions: 0,
    values: 0,
    changed: 0,
    errors: errors.slice(0, 500),
  });
  const raw = await readRows(options.buffer, options.kind);
  if (!Array.isArray(raw)) return fail([raw]);
  if (raw.length === 0)
    return fail([
      { row: 0, field: "file", message: "Tệp không có dòng số liệu", messageEn: "The file has no data rows" },
    ]);
  const fields = await loadFormFields(db, options.dataSetId);
  const byCode = new Map(fields.map((f) => [f.code.toUpperCase(), f]));
  const units = await rows<{ id: number; code: string; name: string; state: string | null }>(
    db,
    sql`select u.id, u.code, u.full_name as name, s.state from reporting_round_unit ru join org_unit u on u.id = ru.org_unit_id
      left join submission s on s.org_unit_id = u.id and s.data_set_id = ${options.dataSetId} and s.period = ${round.period}
      where ru.round_id = ${round.id}`,
  );
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const errors: TRowError[] = [];
  const perUnit = new Map<number, { values: Map<number, TValueInput>; rowOf: Map<number, number> }>();
  for (const r of raw) {
    const code = String(r.cells.unit ?? "").trim();
    const ind = String(r.cells.indicator ?? "")
      .trim()
      .toUpperCase();
    const unit = unitByCode.get(code);
    const f = byCode.get(ind);
    const err = (field: string, vi: string, en: string) =>
      errors.push({ row: r.row, field, message: vi, messageEn: en });
    if (!unit) {
      err(
        "ma_don_vi",
        `Mã đơn vị "${code}" không thuộc đợt báo cáo`,
        `Unit code "${code}" is not in the round`,
      );
      continue;
    }
    if (unit.state && unit.state !== "draft" && unit.state !== "returned") {
      err(
        "ma_don_vi",
        `${unit.name}: báo cáo đã gửi/duyệt/khóa, không ghi đè`,
        `${unit.name}: report already submitted/approved/locked`,
      );
      continue;
    }
    if (!f) {
      err(
        "ma_chi_tieu",
        `Mã chỉ tiêu "${ind}" không thuộc biểu mẫu`,
        `Indicator code "${ind}" is not in the form`,
      );
      continue;
    }
    const num = (key: string, vi: string, en: string): number | null => {
      const c = cellNumber((r.cells[key] ?? null) as never);
      if (c.ok) return c.value;
      err(
        key,
        `${f.name} (${f.code}): ${vi} "${c.text}" không phải là số`,
        `${f.nameEn || f.name} (${f.code}): ${en} "${c.text}" is not a number`,
      );
      return null;
    };
    const v: TValueInput = {
      indicatorId: f.indicatorId,
      numerator: num("numerator", "tử số", "numerator"),
      denominator: num("denominator", "mẫu số", "denominator"),
      value: num("value", "giá trị", "value"),
      comment:
        r.cells.comment === undefined || r.cells.comment === null || r.cells.comment === ""
          ? null
          : String(r.cells.comment),
    };
    const entry = perUnit.get(unit.id) ?? { values: new Map(), rowOf: new Map() };
    if (entry.values.has(f.indicatorId)) {
      err(
        "ma_chi_tieu",
        `${unit.name}: chỉ tiêu ${f.code} lặp lại`,
        `${unit.name}: indicator ${f.code} repeated`,
      );
      continue;
    }
    entry.values.set(f.indicatorId, v);
    entry.rowOf.set(f.indicatorId, r.row);
    perUnit.set(unit.id, entry);
  }
  for (const [, entry] of perUnit) {
    const res = validateForm({ fields, values: [...entry.values.values()], submitting: options.submit });
    for (const i of res.errors)
      errors.push({
        row: i.indicatorId ? (entry.rowOf.get(i.indicatorId) ?? 0) : 0,
        field: i.field,
        message: i.message,
        messageEn: i.messageEn,
      });
  }
  if (errors.length > 0) return fail(errors.sort((a, b) => a.row - b.row));
  let changed = 0;
  let count = 0;
  try {
    await withActor(db, { actor: options.actor, reason: `nhập hàng loạt đợt ${round.name}` }, async (tx) => {
      for (const [unitId, entry] of perUnit) {
        const s = await openSubmission({
          db: tx,
          actor: options.actor,
          dataSetId: options.dataSetId,
          orgUnitId: unitId,
          period: round.period,
          roundId: round.id,
        });
        const r = await saveSubmission({
          db: tx,
          actor: options.actor,
          submissionId: s.id,
          values: [...entry.values.values()],
          action: "import",
          reason: `nhập hàng loạt đợt ${round.name}`,
          submit: options.submit,
        });
        changed += r.changed;
        count += entry.values.size;
      }
    });
  } catch (e) {
    if (e instanceof AppError)
      return fail([{ row: 0, field: e.field ?? "file", message: e.messageVi, messageEn: e.message }]);
    throw e;
  }
  return { ok: true, submissions: perUnit.size, values: count, changed, errors: [] };
}
