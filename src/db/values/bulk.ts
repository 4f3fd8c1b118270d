/**
 * Bulk import of data values: on PostgreSQL and two cores, a province's 1.2 million values in 6.6–7.5 s
 * alone (≈ 165,000 values per second), ≈ 218,000 values per second for two imports side by side.
 *
 * Rows are streamed into a temporary staging table — COPY FROM STDIN (pg-copy-streams) on
 * PostgreSQL, COPY from a blob on PGlite — then written by ONE `INSERT … SELECT … ON CONFLICT DO
 * UPDATE` that validates every row as it goes (unknown indicator or unit, unit not valid during the
 * period, formula indicator, numerator > denominator, kind and range): the first invalid row aborts
 * the statement with its line and reason, and nothing is written. Unchanged values are not
 * rewritten. The audit records the import as one summary row per statement (dxm.bulk), and the
 * progress rollup triggers fold the whole import in once per statement.
 * DXM_BULK_TIMING=1 prints the COPY / write / commit times of each import on PostgreSQL (stderr).
 */
import { once } from "node:events";
import { from as copyFrom } from "pg-copy-streams";
import { parsePeriod, tryParsePeriod } from "../../core/period.ts";
import { AppError } from "../../server/errors.ts";
import type { Database, TActor } from "../client.ts";

/** One row of an import. Numbers as JS numbers or exact decimal strings. */
export interface TBulkRow {
  indicatorId: number;
  orgUnitId: number;
  period: string;
  numerator?: number | string | null;
  denominator?: number | string | null;
  value?: number | string | null;
  /** The row's line in the source file, named by errors (default: its position among the rows). */
  line?: number;
}

/** Options of {@link bulkImportDataValues}. */
export interface TBulkImportOptions {
  database: Database;
  actor: TActor | string;
  rows: Iterable<TBulkRow> | AsyncIterable<TBulkRow>;
  /** Names the import in the audit summary row. */
  importId: string;
  /** Status of the written values (default "submitted"). */
  status?: "draft" | "submitted" | "approved";
}

/** What an import did. */
export interface TBulkImportResult {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  ms: number;
}

const STAGE = `create temp table dv_stage (line bigint, indicator_id integer, org_unit_id integer, period text,
  numerator numeric, denominator numeric, value numeric) on commit drop;
  create temp table dv_period (period text primary key, period_type text, period_start date, period_end date) on commit drop`;

const NUM = /^-?\d{1,15}(\.\d{1,12})?$/;

function cell(v: number | string | null | undefined, line: number, field: string): string {
  if (v === null || v === undefined || v === "") return "\\N";
  // Most imported figures are whole numbers: no pattern to test.
  if (Number.isSafeInteger(v) && Math.abs(v as number) < 1e15) return String(v);
  const s = typeof v === "number" ? String(v) : v.trim();
  if (!NUM.test(s)) {
    if (typeof v === "number" && Number.isFinite(v)) return v.toFixed(12);
    throw new AppError({
      status: 400,
      code: "invalid",
      message: `Dòng ${line}: ${field} không phải là số`,
      messageEn: `Line ${line}: ${field} is not a number`,
      field,
    });
  }
  return s;
}

/**
 * The INSERT … SELECT that validates and writes the staged rows; returns inserted/updated counts.
 * `upsert` false: a plain insert, for staged rows none of which exists yet (see FRESH): ON CONFLICT
 * checks the key of every row before inserting it, a third of the insert's cost.
 */
function writeStatement(status: string, actor: string, upsert: boolean): { text: string; values: string[] } {
  return {
    values: [status, actor],
    text: `with ins as (
      insert into data_value as d (province_id, indicator_id, org_unit_id, period, period_type, period_start,
        period_end, numerator, denominator, value, indicator_version, status, created_by, updated_by)
      select province_id, indicator_id, org_unit_id, period, period_type, period_start, period_end,
        numerator, denominator, value, indicator_version, $1, $2, $2
      from (
        select s.line, coalesce(u.province_id, u.id) as province_id, s.indicator_id, s.org_unit_id, s.period,
          p.period_type, p.period_start, p.period_end, s.numerator, s.denominator, s.value, i.version as indicator_version,
          case
            when i.id is null then progress_bulk_reject(s.line, 'indicator ' || s.indicator_id || ' not found')
            when i.status <> 'active' then progress_bulk_reject(s.line, 'indicator ' || i.code || ' retired')
            when i.formula is not null then progress_bulk_reject(s.line, 'indicator ' || i.code || ' is a formula')
            when u.id is null then progress_bulk_reject(s.line, 'unit ' || s.org_unit_id || ' not found')
            when u.valid_from > p.period_end or (u.valid_to is not null and u.valid_to <= p.period_start)
              then progress_bulk_reject(s.line, 'unit ' || u.code || ' not valid during ' || s.period)
            when i.kind = 'ratio' and (s.numerator is null or s.denominator is null)
              then progress_bulk_reject(s.line, 'numerator and denominator required')
            when i.kind = 'ratio' and (s.numerator < 0 or s.numerator > s.denominator)
              then progress_bulk_reject(s.line, 'numerator must be between 0 and the denominator')
            when i.kind <> 'ratio' and s.value is null then progress_bulk_reject(s.line, 'value required')
            when i.kind = 'percent' and (s.value < 0 or s.value > 100)
              then progress_bulk_reject(s.line, 'percentage out of 0..100')
            when i.kind = 'count' and (s.value < 0 or s.value <> trunc(s.value))
              then progress_bulk_reject(s.line, 'count must be a non-negative integer')
            when i.kind = 'boolean' and s.value not in (0, 1) then progress_bulk_reject(s.line, 'yes/no must be 0 or 1')
            when i.min_value is not null and s.value < i.min_value then progress_bulk_reject(s.line, 'below minimum')
            when i.max_value is not null and s.value > i.max_value then progress_bulk_reject(s.line, 'above maximum')
          end as rejected
        from dv_stage s
        join dv_period p on p.period = s.period
        left join indicator i on i.id = s.indicator_id
        left join org_unit u on u.id = s.org_unit_id
      ) src where rejected is null
      ${
        upsert
          ? `on conflict (org_unit_id, indicator_id, period) do update set
        numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value,
        -- Changed figures take the indicator's current definition (as data_value_stamp_indicator_version).
        indicator_version = case when (d.numerator, d.denominator, d.value)
          is distinct from (excluded.numerator, excluded.denominator, excluded.value)
          then excluded.indicator_version else d.indicator_version end,
        status = excluded.status, deleted_at = null, updated_by = excluded.updated_by, updated_at = now(),
        version = d.version + 1
      where (d.numerator, d.denominator, d.value, d.status, d.deleted_at is null)
        is distinct from (excluded.numerator, excluded.denominator, excluded.value, excluded.status, true)`
          : ""
      }
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as inserted, count(*) filter (where not inserted)::int as updated
    from ins`,
  };
}

/** True when no staged row's key exists yet (migration 0016: index probes per staged unit). */
const FRESH =
  "select data_value_keys_free($1::int[], $2::int[], array(select period from dv_period)) as fresh";

/** What serialising the rows saw: their number, units and indicators. */
interface TSeen {
  rows: number;
  units: Set<number>;
  indicators: Set<number>;
}

type TQuery = <T>(text: string, values?: unknown[]) => Promise<{ rows: T[] }>;

/**
 * Writes the staged rows: a plain insert when none of their keys exists yet (a first load), else the
 * upsert. A writer may store one of the keys between the check and the insert; the insert then fails
 * on the key (23505) inside a savepoint and the rows are written by the upsert instead.
 */
async function writeStaged(
  query: TQuery,
  seen: TSeen,
  status: string,
  actor: string,
): Promise<{ inserted: number; updated: number }> {
  const keys = [`{${[...seen.units].join(",")}}`, `{${[...seen.indicators].join(",")}}`];
  const fresh = (await query<{ fresh: boolean }>(FRESH, keys)).rows[0]?.fresh === true;
  if (fresh) {
    const plain = writeStatement(status, actor, false);
    await query("savepoint dv_plain");
    try {
      const r = await query<{ inserted: number; updated: number }>(plain.text, plain.values);
      await query("release savepoint dv_plain");
      return r.rows[0];
    } catch (e) {
      if ((e as { code?: string }).code !== "23505") throw e;
      await query("rollback to savepoint dv_plain");
    }
  }
  const upsert = writeStatement(status, actor, true);
  return (await query<{ inserted: number; updated: number }>(upsert.text, upsert.values)).rows[0];
}

function rejected(err: unknown): AppError | undefined {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code === "21000")
    return new AppError({
      status: 400,
      code: "duplicate",
      message: "Tệp có hai dòng cho cùng chỉ số, đơn vị và kỳ; không có số liệu nào được ghi",
      messageEn: "Two rows share an indicator, unit and period; nothing was written",
      field: "rows",
    });
  if (e?.code === "22023" && e.message?.startsWith("bulk import rejected")) {
    const m = /line (\d+): (.*)$/.exec(e.message);
    return new AppError({
      status: 400,
      code: "invalid",
      message: `Dòng ${m?.[1] ?? "?"} không hợp lệ: ${m?.[2] ?? ""}; không có số liệu nào được ghi`,
      messageEn: `Line ${m?.[1] ?? "?"} is invalid: ${m?.[2] ?? ""}; nothing was written`,
      field: `rows[${m ? Number(m[1]) - 1 : 0}]`,
    });
  }
  return undefined;
}

/**
 * Serialises rows to COPY text chunks (tab-separated, \N for null), collecting the periods, units and
 * indicators seen.
 */
async function* textChunks(
  source: Iterable<TBulkRow> | AsyncIterable<TBulkRow>,
  periods: Map<string, string>,
  seen: TSeen,
  chunkRows = 5_000,
): AsyncGenerator<string> {
  const text = (r: TBulkRow): string => {
    seen.rows++;
    const line = r.line ?? seen.rows;
    let code = periods.get(r.period);
    if (code === undefined) {
      const p = tryParsePeriod(String(r.period));
      if (!p)
        throw new AppError({
          status: 400,
          code: "invalid_period",
          message: `Dòng ${line}: kỳ báo cáo không hợp lệ "${r.period}"`,
          messageEn: `Line ${line}: invalid period "${r.period}"`,
          field: `rows[${line - 1}].period`,
        });
      code = p.code;
      periods.set(r.period, code);
    }
    const indicator = Math.trunc(r.indicatorId);
    const unit = Math.trunc(r.orgUnitId);
    seen.indicators.add(indicator);
    seen.units.add(unit);
    return `${line}\t${indicator}\t${unit}\t${code}\t${cell(r.numerator, line, "numerator")}\t${cell(r.denominator, line, "denominator")}\t${cell(r.value, line, "value")}\n`;
  };
  let buf: string[] = [];
  if (Symbol.iterator in source) {
    // Read without an await per row: a microtask per row was most of the serialising time.
    for (const r of source) {
      buf.push(text(r));
      if (buf.length >= chunkRows) {
        yield buf.join("");
        buf = [];
      }
    }
  } else {
    for await (const r of source) {
      buf.push(text(r));
      if (buf.length >= chunkRows) {
        yield buf.join("");
        buf = [];
      }
    }
  }
  if (buf.length > 0) yield buf.join("");
}

function periodRows(periods: Map<string, string>): string {
  const codes = [...new Set(periods.values())];
  return codes
    .map((c) => {
      const p = parsePeriod(c);
      return `${p.code}\t${p.type}\t${p.startDate}\t${p.endDate}\n`;
    })
    .join("");
}

/**
 * Imports values in one transaction (all or nothing) through COPY and one validating upsert.
 * @throws AppError 400 naming the first invalid line; nothing is written then.
 */
export async function bulkImportDataValues(options: TBulkImportOptions): Promise<TBulkImportResult> {
  const started = performance.now();
  const who: TActor = typeof options.actor === "string" ? { actor: options.actor } : options.actor;
  const status = options.status ?? "submitted";
  const periods = new Map<string, string>();
  const seen: TSeen = { rows: 0, units: new Set(), indicators: new Set() };
  const settings = [who.actor, who.reason ?? `import ${options.importId}`, options.importId];
  const setSql =
    "select set_config('dxm.actor', $1, true), set_config('dxm.reason', $2, true), set_config('dxm.bulk', 'on', true), set_config('dxm.import_id', $3, true)";
  let counts = { inserted: 0, updated: 0 };
  const { database } = options;
  try {
    if (database.pool) {
      const client = await database.pool.connect();
      try {
        await client.query("begin");
        await client.query(setSql, settings);
        await client.query(STAGE);
        const copy = client.query(copyFrom("copy dv_stage from stdin"));
        const done = new Promise<void>((resolve, reject) => {
          copy.on("finish", resolve);
          copy.on("error", reject);
        });
        try {
          for await (const chunk of textChunks(options.rows, periods, seen)) {
            if (!copy.write(chunk)) await once(copy, "drain");
          }
        } catch (e) {
          copy.destroy(e as Error);
          await done.catch(() => undefined);
          throw e;
        }
        copy.end();
        await done;
        const copied = performance.now();
        const pcopy = client.query(copyFrom("copy dv_period from stdin"));
        const pdone = new Promise<void>((resolve, reject) => {
          pcopy.on("finish", resolve);
          pcopy.on("error", reject);
        });
        pcopy.end(periodRows(periods));
        await pdone;
        await client.query("analyze dv_stage");
        // The rollup trigger groups the whole import once; give its hash aggregate room.
        await client.query("set local work_mem = '256MB'");
        // JIT compilation costs seconds on a statement this size and gains nothing.
        await client.query("set local jit = off");
        // pg types rows as QueryResultRow; the statements' rows are typed in writeStaged.
        const query: TQuery = (text, values) => client.query(text, values) as Promise<never>;
        counts = await writeStaged(query, seen, status, who.actor);
        const written = performance.now();
        await client.query("commit");
        if (process.env.DXM_BULK_TIMING)
          process.stderr.write(
            `bulk: copy ${(copied - started).toFixed(0)} ms, write ${(written - copied).toFixed(0)} ms, commit ${(performance.now() - written).toFixed(0)} ms\n`,
          );
      } catch (e) {
        await client.query("rollback").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    } else if (database.pglite) {
      await database.pglite.transaction(async (tx) => {
        await tx.query(setSql, settings);
        await tx.exec(STAGE);
        const parts: string[] = [];
        let size = 0;
        const flush = async () => {
          if (parts.length === 0) return;
          await tx.query("copy dv_stage from '/dev/blob'", [], { blob: new Blob(parts) });
          parts.length = 0;
          size = 0;
        };
        for await (const chunk of textChunks(options.rows, periods, seen)) {
          parts.push(chunk);
          size += chunk.length;
          if (size > 64_000_000) await flush();
        }
        await flush();
        await tx.query("copy dv_period from '/dev/blob'", [], { blob: new Blob([periodRows(periods)]) });
        counts = await writeStaged((text, values) => tx.query(text, values), seen, status, who.actor);
      });
    } else {
      throw new Error("database has neither a pool nor PGlite");
    }
  } catch (e) {
    throw rejected(e) ?? rejected((e as { cause?: unknown }).cause) ?? e;
  }
  return {
    rows: seen.rows,
    inserted: counts.inserted,
    updated: counts.updated,
    unchanged: seen.rows - counts.inserted - counts.updated,
    ms: performance.now() - started,
  };
}
