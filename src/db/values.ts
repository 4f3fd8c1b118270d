/**
 * The write path of data values.
 *
 * - {@link upsertDataValues}: a validated batch (forms, API, machine feeds). One transaction,
 *   audited row by row, optimistic concurrency, locked values refused. The rollup of the progress
 *   engine is updated by triggers in the same transaction: the dashboard sees the value at commit.
 * - {@link bulkImportDataValues} (src/db/values/bulk.ts): large imports; COPY into a staging table
 *   on PostgreSQL, a COPY from a blob on PGlite, then one INSERT … ON CONFLICT, audited as one
 *   summary row naming the import.
 * - {@link importValuesCsv} (src/db/values/csv.ts): a CSV by codes streamed into the bulk import
 *   (`dxm values import`).
 */
import { sql } from "drizzle-orm";
import { tryParsePeriod } from "../core/period.ts";
import { AppError } from "../server/errors.ts";
import { type Db, rows, type TActor, withActor } from "./client.ts";
import { intArray } from "./progress/context.ts";

export {
  bulkImportDataValues,
  type TBulkImportOptions,
  type TBulkImportResult,
  type TBulkRow,
} from "./values/bulk.ts";
export { importValuesCsv, type TCsvImportOptions } from "./values/csv.ts";

/** A number as given: a JS number or an exact decimal string ("1761", "89.57"). */
export type TNumberInput = number | string | null | undefined;

/** One value to write. Omitted fields of an existing value are cleared (a value is written whole). */
export interface TDataValueInput {
  indicatorId: number;
  orgUnitId: number;
  /** "2025", "2025Q3", "2025S1", "2025N9", "202509". */
  period: string;
  numerator?: TNumberInput;
  denominator?: TNumberInput;
  value?: TNumberInput;
  comment?: string | null;
  /** Optimistic concurrency: the version the writer read; a different stored version is a 409. */
  expectedVersion?: number;
  /** Retire the value (soft delete: deleted_at is set; it leaves every aggregate). */
  delete?: boolean;
}

/** Options of {@link upsertDataValues}. */
export interface TUpsertDataValuesOptions {
  db: Db;
  /** Who writes ("user:12", "apikey:3") and optionally why; recorded by the audit. */
  actor: TActor | string;
  values: readonly TDataValueInput[];
  /** Names the import in the audit (reason) when the batch comes from a file or feed. */
  importId?: string;
  /** Status given to written values (default "submitted"; drafts are not counted by dashboards). */
  status?: "draft" | "submitted" | "approved";
  /** The form the values were collected with. */
  dataSetId?: number;
}

/** Counts of what a batch did. */
export interface TUpsertDataValuesResult {
  inserted: number;
  updated: number;
  /** Same figures as stored: nothing written. */
  unchanged: number;
  /** Retired (soft-deleted). */
  deleted: number;
}

const NUM = /^-?\d{1,15}(\.\d{1,12})?$/;

function bad(field: string, vi: string, en: string): AppError {
  return new AppError({
    status: 400,
    code: "invalid",
    message: `${field}: ${vi}`,
    messageEn: `${field}: ${en}`,
    field,
  });
}

function numberOf(v: TNumberInput, field: string): string | null {
  if (v === null || v === undefined || v === "") return null;
  const s = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "x") : v.trim();
  if (!NUM.test(s)) {
    // Exponent forms from JS numbers (1e-7) are fine when finite.
    if (typeof v === "number" && Number.isFinite(v)) return v.toFixed(12).replace(/\.?0+$/, "");
    throw bad(field, "không phải là số hợp lệ", "is not a valid number");
  }
  return s;
}

interface TIndicatorCheck {
  id: number;
  code: string;
  kind: string;
  formula: string | null;
  status: string;
  minValue: string | null;
  maxValue: string | null;
}

interface TUnitCheck {
  id: number;
  kind: string;
  provinceId: number | null;
  validFrom: string;
  validTo: string | null;
}

/** A validated row ready for the statement. */
interface TRow {
  indicator_id: number;
  org_unit_id: number;
  province_id: number;
  period: string;
  period_type: string;
  period_start: string;
  period_end: string;
  numerator: string | null;
  denominator: string | null;
  value: string | null;
  comment: string | null;
  deleted: boolean;
  expected_version: number | null;
  /** 1-based position in the batch. */
  k: number;
}

/**
 * Validates one value against its indicator and unit: numbers, numerator ≤ denominator, kind and
 * range, period code, unit valid during the period. Returns the row or throws a 400 naming the field.
 */
function validate(
  v: TDataValueInput,
  i: number,
  ind: TIndicatorCheck | undefined,
  unit: TUnitCheck | undefined,
): TRow {
  const f = (name: string) => `values[${i}].${name}`;
  const p = tryParsePeriod(String(v.period ?? ""));
  if (!p)
    throw bad(
      f("period"),
      "kỳ báo cáo không hợp lệ (ví dụ 2025Q3, 2025S1, 202509)",
      "invalid period (e.g. 2025Q3, 2025S1, 202509)",
    );
  const retired = ind?.status !== "active";
  if (!ind || retired)
    throw bad(
      f("indicatorId"),
      "chỉ số không tồn tại hoặc đã ngừng sử dụng",
      "indicator not found or retired",
    );
  if (ind.formula)
    throw bad(
      f("indicatorId"),
      `chỉ số ${ind.code} được tính theo công thức, không nhập trực tiếp`,
      `indicator ${ind.code} is computed by a formula`,
    );
  if (!unit) throw bad(f("orgUnitId"), "đơn vị không tồn tại", "unit not found");
  if (unit.validFrom > p.endDate || (unit.validTo !== null && unit.validTo <= p.startDate))
    throw bad(
      f("orgUnitId"),
      `đơn vị không còn hiệu lực trong kỳ ${p.code}`,
      `unit is not valid during ${p.code}`,
    );
  const numerator = numberOf(v.numerator, f("numerator"));
  const denominator = numberOf(v.denominator, f("denominator"));
  const value = numberOf(v.value, f("value"));
  if (!v.delete) {
    if (ind.kind === "ratio") {
      if (numerator === null) throw bad(f("numerator"), "cần nhập tử số", "numerator is required");
      if (denominator === null) throw bad(f("denominator"), "cần nhập mẫu số", "denominator is required");
      if (Number(numerator) < 0) throw bad(f("numerator"), "không được âm", "must not be negative");
      if (Number(denominator) < 0) throw bad(f("denominator"), "không được âm", "must not be negative");
      if (Number(numerator) > Number(denominator))
        throw bad(f("numerator"), "tử số không được lớn hơn mẫu số", "numerator must not exceed denominator");
    } else {
      if (value === null) throw bad(f("value"), "cần nhập giá trị", "value is required");
      const x = Number(value);
      if (ind.kind === "percent" && (x < 0 || x > 100))
        throw bad(f("value"), "tỷ lệ phải từ 0 đến 100", "a percentage must be between 0 and 100");
      if (ind.kind === "count" && (x < 0 || !Number.isInteger(x)))
        throw bad(f("value"), "số đếm phải là số nguyên không âm", "a count must be a non-negative integer");
      if (ind.kind === "boolean" && x !== 0 && x !== 1)
        throw bad(f("value"), "chỉ nhận 0 (không) hoặc 1 (có)", "must be 0 (no) or 1 (yes)");
      if (ind.kind === "rank" && (x < 1 || !Number.isInteger(x)))
        throw bad(f("value"), "thứ hạng phải là số nguyên từ 1", "a rank must be an integer from 1");
      if (ind.minValue !== null && x < Number(ind.minValue))
        throw bad(
          f("value"),
          `nhỏ hơn giá trị tối thiểu ${ind.minValue}`,
          `below the minimum ${ind.minValue}`,
        );
      if (ind.maxValue !== null && x > Number(ind.maxValue))
        throw bad(f("value"), `lớn hơn giá trị tối đa ${ind.maxValue}`, `above the maximum ${ind.maxValue}`);
    }
  }
  return {
    indicator_id: ind.id,
    org_unit_id: unit.id,
    // The nation (no province) files its own values under itself.
    province_id: unit.provinceId ?? unit.id,
    period: p.code,
    period_type: p.type,
    period_start: p.startDate,
    period_end: p.endDate,
    numerator,
    denominator,
    value,
    comment: v.comment ?? null,
    deleted: v.delete === true,
    expected_version: v.expectedVersion ?? null,
    k: i + 1,
  };
}

/**
 * Writes a batch of data values in one audited transaction: validated (numbers, numerator ≤
 * denominator, kind and range, period code, unit valid during the period, not a formula indicator),
 * locked values and stale versions refused (409), unchanged values left alone. The progress rollup
 * follows in the same transaction. Returns counts.
 * @throws AppError 400 (field `values[i].x`) or 409; nothing is written then.
 */
export async function upsertDataValues(options: TUpsertDataValuesOptions): Promise<TUpsertDataValuesResult> {
  const { db, values } = options;
  const who: TActor = typeof options.actor === "string" ? { actor: options.actor } : options.actor;
  if (options.importId && !who.reason) who.reason = `import ${options.importId}`;
  const result: TUpsertDataValuesResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  if (values.length === 0) return result;
  const seen = new Set<string>();
  const indIds = [...new Set(values.map((v) => Math.trunc(Number(v.indicatorId)) || 0))];
  const unitIds = [...new Set(values.map((v) => Math.trunc(Number(v.orgUnitId)) || 0))];
  return withActor(db, who, async (tx) => {
    // One after the other: a transaction's one connection cannot run queries side by side.
    const inds = await rows<TIndicatorCheck>(
      tx,
      sql`select id, code, kind, formula, status, min_value::text as "minValue", max_value::text as "maxValue"
        from indicator where id = any(${intArray(indIds)})`,
    );
    const units = await rows<TUnitCheck>(
      tx,
      sql`select id, kind, province_id as "provinceId", valid_from::text as "validFrom", valid_to::text as "validTo"
        from org_unit where id = any(${intArray(unitIds)})`,
    );
    const indById = new Map(inds.map((x) => [x.id, x]));
    const unitById = new Map(units.map((x) => [x.id, x]));
    const checked = values.map((v, i) => {
      const r = validate(v, i, indById.get(Number(v.indicatorId)), unitById.get(Number(v.orgUnitId)));
      const key = `${r.indicator_id}|${r.org_unit_id}|${r.period}`;
      if (seen.has(key))
        throw bad(
          `values[${i}]`,
          "giá trị bị lặp lại trong cùng lô",
          "the same value appears twice in the batch",
        );
      seen.add(key);
      return r;
    });
    const payload = JSON.stringify(checked);
    // Lock the existing rows first: a concurrent writer waits, then sees our version.
    const existing = await rows<{ k: number; status: string; version: number; deleted: boolean }>(
      tx,
      sql`select r.k, v.status, v.version, v.deleted_at is not null as deleted
        from jsonb_to_recordset(${payload}::jsonb) as r(indicator_id int, org_unit_id int, period text, k bigint)
        join data_value v on v.org_unit_id = r.org_unit_id and v.indicator_id = r.indicator_id
          and v.period = r.period
        for update of v`,
    );
    for (const e of existing) {
      const i = Number(e.k) - 1;
      const r = checked[i];
      if (e.status === "locked")
        throw new AppError({
          status: 409,
          code: "locked",
          message: `values[${i}]: kỳ ${r.period} đã khóa sổ, không thể sửa`,
          messageEn: `values[${i}]: period ${r.period} is locked`,
          field: `values[${i}]`,
        });
      if (r.expected_version !== null && r.expected_version !== e.version)
        throw new AppError({
          status: 409,
          code: "stale",
          message: `values[${i}]: số liệu đã được người khác cập nhật (phiên bản ${e.version})`,
          messageEn: `values[${i}]: the value was changed by someone else (version ${e.version})`,
          field: `values[${i}].expectedVersion`,
          details: { currentVersion: e.version },
        });
    }
    const status = options.status ?? "submitted";
    const actor = who.actor;
    const written = await rows<{ inserted: boolean; deleted: boolean }>(
      tx,
      sql`insert into data_value as d (province_id, indicator_id, org_unit_id, period, period_type, period_start,
          period_end, numerator, denominator, value, comment, status, data_set_id, created_by, updated_by, deleted_at)
        select r.province_id, r.indicator_id, r.org_unit_id, r.period, r.period_type, r.period_start, r.period_end,
          r.numerator, r.denominator, r.value, r.comment, ${status}, ${options.dataSetId ?? null}, ${actor}, ${actor},
          case when r.deleted then now() end
        from jsonb_to_recordset(${payload}::jsonb) as r(province_id int, indicator_id int, org_unit_id int,
          period text, period_type text, period_start date, period_end date, numerator numeric, denominator numeric,
          value numeric, comment text, deleted boolean)
        where not (r.deleted and not exists (select 1 from data_value x where x.org_unit_id = r.org_unit_id
          and x.indicator_id = r.indicator_id and x.period = r.period))
        on conflict (org_unit_id, indicator_id, period) do update set
          numerator = case when excluded.deleted_at is null then excluded.numerator else d.numerator end,
          denominator = case when excluded.deleted_at is null then excluded.denominator else d.denominator end,
          value = case when excluded.deleted_at is null then excluded.value else d.value end,
          comment = case when excluded.deleted_at is null then excluded.comment else d.comment end,
          status = case when excluded.deleted_at is null then excluded.status else d.status end,
          data_set_id = coalesce(excluded.data_set_id, d.data_set_id),
          deleted_at = case when excluded.deleted_at is null then null else coalesce(d.deleted_at, excluded.deleted_at) end,
          updated_by = excluded.updated_by, updated_at = now(), version = d.version + 1
        where case when excluded.deleted_at is null
          then (d.numerator, d.denominator, d.value, d.comment, d.status, d.deleted_at is null)
            is distinct from (excluded.numerator, excluded.denominator, excluded.value, excluded.comment,
              excluded.status, true)
          else d.deleted_at is null end
        returning (xmax = 0) as inserted, deleted_at is not null as deleted`,
    );
    for (const w of written) {
      if (w.inserted) result.inserted++;
      else if (w.deleted) result.deleted++;
      else result.updated++;
    }
    result.unchanged = checked.length - written.length;
    return result;
  });
}
