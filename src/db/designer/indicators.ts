/**
 * The indicator catalogue: create, edit (version bumped, audited), retire, and delete only what nothing
 * uses. Formulas are checked against the codes that exist, with the position of any error; cycles
 * between formula indicators are refused.
 */
import { sql } from "drizzle-orm";
import {
  checkFormula,
  dependencyCodes,
  findCycles,
  parseFormula,
  type TFormulaNode,
} from "../../core/formula/index.ts";
import type {
  TFormulaCheck,
  TIndicatorDetail,
  TIndicatorInput,
  TIndicatorUsage,
  TIndicatorVersion,
} from "../../server/indicators/schemas.ts";
import { type Db, one, rows, type TActor, withActor } from "../client.ts";
import { DesignerError } from "./errors.ts";

/** Fields whose change makes a new version of the definition (figures keep the version they used). */
const DEFINITION_FIELDS = [
  "name",
  "name_en",
  "definition",
  "kind",
  "unit",
  "numerator_label",
  "denominator_label",
  "aggregation",
  "over_time",
  "threshold",
  "threshold_op",
  "formula",
  "decimals",
  "min_value",
  "max_value",
  "source",
  "code",
] as const;

/** Where an indicator is used. */
export async function indicatorUsage(db: Db, id: number): Promise<TIndicatorUsage> {
  const r = await one<{ dataValues: number; targets: number; forms: number; code: string }>(
    db,
    sql`select (select count(*) from data_value where indicator_id = ${id})::int as "dataValues",
      (select count(*) from target where indicator_id = ${id})::int as targets,
      (select count(*) from data_set_element where indicator_id = ${id})::int as forms,
      (select code from indicator where id = ${id}) as code`,
  );
  const formulas: string[] = [];
  if (r?.code) {
    const candidates = await rows<{ code: string; formula: string }>(
      db,
      sql`select code, formula from indicator where id <> ${id} and formula is not null
        and position(${r.code} in formula) > 0`,
    );
    for (const c of candidates) {
      const check = checkFormula(c.formula);
      if (check.ok && dependencyCodes(check.formula.ast).includes(r.code)) formulas.push(c.code);
    }
  }
  return {
    dataValues: r?.dataValues ?? 0,
    targets: r?.targets ?? 0,
    forms: r?.forms ?? 0,
    formulas,
  };
}

/** One indicator with owner, bounds, the forms that collect it and where it is used. */
export async function getIndicatorDetail(db: Db, id: number): Promise<TIndicatorDetail | undefined> {
  const r = await one<Omit<TIndicatorDetail, "usage">>(
    db,
    sql`select i.id, i.code, i.name, i.name_en as "nameEn", i.definition, i.kind, i.unit,
        i.numerator_label as "numeratorLabel", i.denominator_label as "denominatorLabel", i.aggregation,
        i.over_time as "overTime", i.threshold::text as threshold, i.threshold_op as "thresholdOp", i.formula,
        i.decimals, i.source, i.status, i.version, i.owner_unit_id as "ownerUnitId",
        i.min_value::text as "minValue", i.max_value::text as "maxValue",
        coalesce((select json_agg(json_build_object('id', d.id, 'code', d.code, 'name', d.name) order by d.code)
          from data_set d where exists (select 1 from data_set_element e where e.data_set_id = d.id
            and e.indicator_id = i.id)), '[]'::json) as forms
      from indicator i where i.id = ${id}`,
  );
  if (!r) return undefined;
  return { ...r, usage: await indicatorUsage(db, id) };
}

/**
 * Checks a formula as the user types: syntax, known indicator codes, a numeric result, no reference to
 * itself and no cycle through other formula indicators. Positions are 0-based offsets in the text.
 */
export async function checkIndicatorFormula(options: {
  db: Db;
  formula: string;
  code?: string;
}): Promise<TFormulaCheck> {
  const known = await rows<{ code: string; formula: string | null }>(
    options.db,
    sql`select code, formula from indicator where status = 'active'`,
  );
  const codes = new Set(known.map((k) => k.code));
  if (options.code) codes.add(options.code);
  const r = checkFormula(options.formula, { knownCodes: codes, expect: "number" });
  if (!r.ok) {
    return {
      ok: false,
      codes: [],
      error: {
        kind: r.error.kind,
        position: r.error.position,
        length: r.error.length,
        message: r.error.messageVi,
        messageEn: r.error.messageEn,
      },
    };
  }
  const deps = dependencyCodes(r.formula.ast);
  if (options.code) {
    const map = new Map<string, TFormulaNode>();
    for (const k of known) {
      if (!k.formula || k.code === options.code) continue;
      try {
        map.set(k.code, parseFormula(k.formula));
      } catch {
        // A stored formula that no longer parses cannot form a cycle with this one.
      }
    }
    map.set(options.code, r.formula.ast);
    const cycle = findCycles(map).find((c) => c.includes(options.code as string));
    if (cycle) {
      const first = cycle.find((c) => c !== options.code) ?? options.code;
      const at = Math.max(0, options.formula.indexOf(first));
      return {
        ok: false,
        codes: deps,
        error: {
          kind: "cycle",
          position: at,
          length: first.length,
          message: `Công thức tạo vòng lặp: ${cycle.join(" → ")}`,
          messageEn: `The formula makes a cycle: ${cycle.join(" → ")}`,
        },
      };
    }
  }
  return { ok: true, codes: deps, valueType: r.formula.valueType };
}

async function assertFormula(db: Db, input: TIndicatorInput): Promise<void> {
  if (!input.formula) return;
  const check = await checkIndicatorFormula({ db, formula: input.formula, code: input.code });
  if (!check.ok && check.error)
    throw new DesignerError({
      kind: "invalid",
      field: "formula",
      message: `Công thức sai ở vị trí ${check.error.position + 1}: ${check.error.message}`,
      messageEn: `Formula error at position ${check.error.position + 1}: ${check.error.messageEn}`,
      details: check.error,
    });
}

async function assertCodeFree(db: Db, options: { code: string; exceptId?: number }) {
  const clash = await one<{ id: number }>(
    db,
    sql`select id from indicator where lower(code) = lower(${options.code}) and id <> ${options.exceptId ?? 0}`,
  );
  if (clash)
    throw new DesignerError({
      kind: "duplicate",
      field: "code",
      message: `Mã chỉ số "${options.code}" đã tồn tại`,
      messageEn: `Indicator code "${options.code}" already exists`,
    });
}

/** Inserts an indicator in an open transaction; returns its id. */
export async function insertIndicator(tx: Db, input: TIndicatorInput): Promise<number> {
  await assertCodeFree(tx, { code: input.code });
  await assertFormula(tx, input);
  const r = await one<{ id: number }>(
    tx,
    sql`insert into indicator (code, name, name_en, definition, kind, unit, numerator_label, denominator_label,
        aggregation, over_time, threshold, threshold_op, formula, decimals, min_value, max_value, source, owner_unit_id)
      values (${input.code}, ${input.name}, ${input.nameEn ?? null}, ${input.definition ?? null}, ${input.kind},
        ${input.unit ?? null}, ${input.numeratorLabel ?? null}, ${input.denominatorLabel ?? null},
        ${input.aggregation}, ${input.overTime}, ${input.threshold ?? null}, ${input.thresholdOp ?? null},
        ${input.formula || null}, ${input.decimals}, ${input.minValue ?? null}, ${input.maxValue ?? null},
        ${input.source ?? null}, ${input.ownerUnitId ?? null})
      returning id`,
  );
  return r!.id;
}

/** Creates an indicator. */
export function createIndicator(options: { db: Db; who: TActor; input: TIndicatorInput }): Promise<number> {
  return withActor(options.db, { ...options.who, reason: options.input.reason ?? options.who.reason }, (tx) =>
    insertIndicator(tx, options.input),
  );
}

function notFound(): DesignerError {
  return new DesignerError({
    kind: "not_found",
    field: "id",
    message: "Không tìm thấy chỉ số",
    messageEn: "Indicator not found",
  });
}

/**
 * Replaces an indicator's definition. When anything that defines it changes, its version goes up by one:
 * figures already reported keep the version they were reported under (data_value.indicator_version).
 * Returns the version now in force.
 */
export function updateIndicator(options: {
  db: Db;
  who: TActor;
  id: number;
  input: TIndicatorInput;
}): Promise<number> {
  const { input } = options;
  return withActor(options.db, { ...options.who, reason: input.reason ?? options.who.reason }, async (tx) => {
    const cur = await one<{ version: number; status: string; code: string }>(
      tx,
      sql`select version, status, code from indicator where id = ${options.id} for update`,
    );
    if (!cur) throw notFound();
    if (input.version !== undefined && input.version !== cur.version)
      throw new DesignerError({
        kind: "stale",
        field: "version",
        message: `Chỉ số vừa được người khác sửa (phiên bản ${cur.version}); hãy tải lại`,
        messageEn: `The indicator was changed by someone else (now version ${cur.version}); reload it`,
        details: { current: cur.version },
      });
    if (input.code !== cur.code) {
      const usage = await indicatorUsage(tx, options.id);
      if (usage.formulas.length > 0)
        throw new DesignerError({
          kind: "in_use",
          field: "code",
          message: `Không đổi được mã: công thức của ${usage.formulas.join(", ")} dùng mã này`,
          messageEn: `Cannot change the code: the formulas of ${usage.formulas.join(", ")} use it`,
          details: usage,
        });
      await assertCodeFree(tx, { code: input.code, exceptId: options.id });
    }
    await assertFormula(tx, input);
    const changed = await one<{ version: number }>(
      tx,
      sql`update indicator i set code = n.code, name = n.name, name_en = n.name_en, definition = n.definition,
          kind = n.kind, unit = n.unit, numerator_label = n.numerator_label, denominator_label = n.denominator_label,
          aggregation = n.aggregation, over_time = n.over_time, threshold = n.threshold, threshold_op = n.threshold_op,
          formula = n.formula, decimals = n.decimals, min_value = n.min_value, max_value = n.max_value,
          source = n.source, owner_unit_id = coalesce(n.owner_unit_id, i.owner_unit_id),
          version = i.version + 1, updated_at = now()
        from (select ${input.code}::text as code, ${input.name}::text as name, ${input.nameEn ?? null}::text as name_en,
          ${input.definition ?? null}::text as definition, ${input.kind}::text as kind, ${input.unit ?? null}::text as unit,
          ${input.numeratorLabel ?? null}::text as numerator_label,
          ${input.denominatorLabel ?? null}::text as denominator_label, ${input.aggregation}::text as aggregation,
          ${input.overTime}::text as over_time, ${input.threshold ?? null}::numeric as threshold,
          ${input.thresholdOp ?? null}::text as threshold_op, ${input.formula || null}::text as formula,
          ${input.decimals}::smallint as decimals, ${input.minValue ?? null}::numeric as min_value,
          ${input.maxValue ?? null}::numeric as max_value, ${input.source ?? null}::text as source,
          ${input.ownerUnitId ?? null}::int as owner_unit_id) n
        where i.id = ${options.id}
          and (${sql.join(
            DEFINITION_FIELDS.map((f) => sql`i.${sql.identifier(f)}`),
            sql`, `,
          )}) is distinct from (${sql.join(
            DEFINITION_FIELDS.map((f) => sql`n.${sql.identifier(f)}`),
            sql`, `,
          )})
        returning i.version`,
    );
    return changed?.version ?? cur.version;
  });
}

/** Retires an indicator (or brings it back): it stays for the figures and plans that name it. */
export function setIndicatorStatus(options: {
  db: Db;
  who: TActor;
  id: number;
  status: "active" | "retired";
}): Promise<void> {
  return withActor(options.db, options.who, async (tx) => {
    const r = await one<{ id: number }>(
      tx,
      sql`update indicator set status = ${options.status}, updated_at = now() where id = ${options.id} returning id`,
    );
    if (!r) throw notFound();
  });
}

/**
 * Deletes an indicator nothing uses. One that figures, targets, forms or other formulas use is refused
 * (409, nothing changed) with what uses it: it can only be retired.
 */
export function deleteIndicator(options: { db: Db; who: TActor; id: number }): Promise<void> {
  return withActor(options.db, options.who, async (tx) => {
    const cur = await one<{ code: string }>(
      tx,
      sql`select code from indicator where id = ${options.id} for update`,
    );
    if (!cur) throw notFound();
    const usage = await indicatorUsage(tx, options.id);
    const parts: Array<{ vi: string; en: string }> = [];
    if (usage.dataValues)
      parts.push({ vi: `${usage.dataValues} số liệu`, en: `${usage.dataValues} data values` });
    if (usage.targets) parts.push({ vi: `${usage.targets} mục tiêu`, en: `${usage.targets} targets` });
    if (usage.forms) parts.push({ vi: `${usage.forms} biểu mẫu`, en: `${usage.forms} forms` });
    if (usage.formulas.length)
      parts.push({
        vi: `công thức của ${usage.formulas.join(", ")}`,
        en: `the formulas of ${usage.formulas.join(", ")}`,
      });
    if (parts.length > 0)
      throw new DesignerError({
        kind: "in_use",
        field: "id",
        message: `Không thể xóa chỉ số ${cur.code} vì đang được dùng (${parts.map((p) => p.vi).join(", ")}); chỉ có thể ngừng sử dụng`,
        messageEn: `Indicator ${cur.code} cannot be deleted because it is in use (${parts.map((p) => p.en).join(", ")}); retire it instead`,
        details: usage,
      });
    await tx.execute(sql`delete from indicator where id = ${options.id}`);
  });
}

/**
 * The definition history of an indicator, newest first, read from the audit log: every version with
 * when, who and why it came into force, and how many figures were reported under it.
 */
export async function indicatorVersions(db: Db, id: number): Promise<TIndicatorVersion[]> {
  const current = await one<{ row: Record<string, unknown>; updatedAt: string }>(
    db,
    sql`select to_jsonb(i) as row, i.updated_at as "updatedAt" from indicator i where i.id = ${id}`,
  );
  if (!current) throw notFound();
  const log = await rows<{
    at: string;
    actor: string;
    reason: string | null;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>(
    db,
    sql`select at, actor, reason, action, before, after from audit_log
      where table_name = 'indicator' and row_id = ${String(id)} order by id`,
  );
  const counts = await rows<{ version: number; n: number }>(
    db,
    sql`select indicator_version as version, count(*)::int as n from data_value where indicator_id = ${id}
      group by indicator_version`,
  );
  const byVersion = new Map<number, TIndicatorVersion>();
  const pick = (row: Record<string, unknown>) => {
    const keep: Record<string, unknown> = {};
    for (const f of [...DEFINITION_FIELDS, "status"]) keep[f] = row[f] ?? null;
    return keep;
  };
  const put = (options: {
    row: Record<string, unknown>;
    at: string | null;
    actor: string | null;
    reason: string | null;
  }) => {
    const version = Number(options.row.version ?? 1);
    const prev = byVersion.get(version);
    byVersion.set(version, {
      version,
      // When a version came into force: the first time it was seen.
      at: prev?.at ?? (options.at ? new Date(options.at).toISOString() : null),
      actor: prev?.actor ?? options.actor,
      reason: prev?.reason ?? options.reason,
      definition: pick(options.row),
      dataValues: counts.find((c) => c.version === version)?.n ?? 0,
    });
  };
  for (const e of log) {
    if (e.before && !byVersion.has(Number(e.before.version ?? 1)))
      put({ row: e.before, at: null, actor: null, reason: null });
    if (e.after) put({ row: e.after, at: e.at, actor: e.actor, reason: e.reason });
  }
  put({ row: current.row, at: null, actor: null, reason: null });
  return [...byVersion.values()].sort((a, b) => b.version - a.version);
}
