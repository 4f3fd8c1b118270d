/**
 * Commune DX programme: a province's programme for a year (criteria + recognition rule, stored as the
 * evaluation-index engine's JSON), communes' registrations at a level, their answers, and recognition.
 * The level is never decided here: `scoreUnit` scores the answers (indicator criteria read the commune's
 * stored data values, e.g. the registry's village coverage) and `evaluateRecognition` applies the rule.
 */
import { sql } from "drizzle-orm";
import { type TFramework, walkFramework, ZFrameworkShape } from "../../core/evaluation/framework.ts";
import {
  DEFAULT_COMMUNE_RECOGNITION_RULE,
  evaluateRecognition,
  type TRecognitionResult,
  type TRecognitionRule,
  ZRecognitionRule,
} from "../../core/evaluation/recognition.ts";
import { scoreUnit, type TAnswers, type TIndicatorValues } from "../../core/evaluation/scoring.ts";
import type {
  TBoard,
  TBoardRow,
  TProgramme,
  TProgrammeCriterion,
  TRegistration,
} from "../../server/programme/schemas.ts";
import { type Db, one, rows } from "../client.ts";
import { DEFAULT_COMMUNE_CRITERIA } from "./criteria.ts";
import { RegistryError } from "./teams.ts";

const PROGRAMME_COLUMNS = sql`p.id, p.province_id as "provinceId", p.year, p.name, p.legal_basis as "legalBasis",
  p.status, p.rule ->> 'code' as "ruleCode",
  (select count(*) from jsonb_path_query(p.framework, 'strict $.**.scoring'))::int as "criteriaCount"`;

/** Programmes of a province, newest year first. */
export function listProgrammes(options: { db: Db; provinceId: number }): Promise<TProgramme[]> {
  return rows<TProgramme>(
    options.db,
    sql`select ${PROGRAMME_COLUMNS} from dx_programme p where p.province_id = ${options.provinceId} order by p.year desc`,
  );
}

/** Creates a province's programme for a year (default criteria and rule unless given); returns its id. */
export async function createProgramme(options: {
  db: Db;
  provinceId: number;
  year: number;
  name: string;
  legalBasis?: string | null;
  framework?: TFramework;
  rule?: TRecognitionRule;
}): Promise<number> {
  const framework = ZFrameworkShape.parse(options.framework ?? DEFAULT_COMMUNE_CRITERIA);
  const rule = ZRecognitionRule.parse(options.rule ?? DEFAULT_COMMUNE_RECOGNITION_RULE);
  const exists = await one<{ id: number }>(
    options.db,
    sql`select id from dx_programme where province_id = ${options.provinceId} and year = ${options.year}`,
  );
  if (exists)
    throw new RegistryError({
      status: 409,
      code: "programme_exists",
      vi: `Tỉnh đã có chương trình năm ${options.year}`,
      en: `The province already has a programme for ${options.year}`,
      field: "year",
    });
  const r = await one<{ id: number }>(
    options.db,
    sql`insert into dx_programme (province_id, year, name, framework, rule, legal_basis)
      values (${options.provinceId}, ${options.year}, ${options.name}, ${JSON.stringify(framework)}::jsonb,
        ${JSON.stringify(rule)}::jsonb, ${options.legalBasis ?? null}) returning id`,
  );
  return r!.id;
}

/** A programme's province (for scope checks). */
export async function programmeProvince(db: Db, id: number): Promise<number | undefined> {
  return (await one<{ p: number }>(db, sql`select province_id as p from dx_programme where id = ${id}`))?.p;
}

/** Registers a commune (or changes its level while it is not yet recognised); returns the registration id. */
export async function registerCommune(options: {
  db: Db;
  programmeId: number;
  communeId: number;
  level: "basic" | "advanced";
  actor: string;
}): Promise<number> {
  const { db } = options;
  const ok = await one<{ provinceId: number }>(
    db,
    sql`select p.province_id as "provinceId" from dx_programme p join org_unit c on c.id = ${options.communeId}
      and c.kind = 'commune' and c.province_id = p.province_id where p.id = ${options.programmeId}`,
  );
  if (!ok)
    throw new RegistryError({
      status: 400,
      code: "invalid_commune",
      vi: "Xã không thuộc tỉnh của chương trình",
      en: "The commune is not in the programme's province",
      field: "communeId",
    });
  const r = await one<{ id: number; recognised: string | null }>(
    db,
    sql`insert into dx_programme_registration as r (province_id, programme_id, commune_id, level, created_by, updated_by)
      values (${ok.provinceId}, ${options.programmeId}, ${options.communeId}, ${options.level}, ${options.actor}, ${options.actor})
      on conflict (programme_id, commune_id) do update set level = excluded.level, status = 'registered',
        updated_by = excluded.updated_by, updated_at = now(), version = r.version + 1
        where r.recognised_level is null
      returning id, recognised_level as recognised`,
  );
  if (!r)
    throw new RegistryError({
      status: 409,
      code: "already_recognised",
      vi: "Xã đã được công nhận trong chương trình này; không đổi mức đăng ký được",
      en: "The commune is already recognised in this programme; its level cannot change",
      field: "level",
    });
  return r.id;
}

interface TRegistrationRow {
  id: number;
  programmeId: number;
  year: number;
  communeId: number;
  communeName: string;
  level: "basic" | "advanced";
  registeredOn: string;
  status: "registered" | "withdrawn";
  recognisedLevel: "none" | "basic" | "advanced" | null;
  decision: string | null;
  decidedAt: string | null;
  version: number;
  framework: TFramework;
  rule: TRecognitionRule;
  provinceId: number;
}

/** The commune of a registration (for scope checks). */
export async function registrationCommune(db: Db, id: number): Promise<number | undefined> {
  return (
    await one<{ c: number }>(db, sql`select commune_id as c from dx_programme_registration where id = ${id}`)
  )?.c;
}

function criteriaOf(framework: TFramework): TProgrammeCriterion[] {
  return walkFramework(framework)
    .filter((v) => v.node.kind === "criterion")
    .map((v) => {
      const node = v.node as Extract<typeof v.node, { kind: "criterion" }>;
      return {
        code: node.code,
        nameVi: node.nameVi,
        nameEn: node.nameEn,
        requirement: v.requirement ?? null,
        type: node.scoring.type,
        maxPoints: node.maxPoints,
        indicatorCode: node.scoring.type === "indicator" ? node.scoring.indicatorCode : null,
      };
    });
}

/** Latest stored value in the year of each indicator an indicator criterion reads, for the commune. */
async function indicatorValues(options: {
  db: Db;
  communeId: number;
  year: number;
  codes: string[];
}): Promise<TIndicatorValues> {
  if (options.codes.length === 0) return {};
  const r = await rows<{ code: string; v: string | null }>(
    options.db,
    sql`select distinct on (i.code) i.code,
        (case when v.value is not null then v.value
          when v.denominator > 0 then v.numerator / v.denominator * (case when i.kind = 'ratio' then 100 else 1 end)
        end)::text as v
      from data_value v join indicator i on i.id = v.indicator_id
      where v.org_unit_id = ${options.communeId} and v.deleted_at is null and v.status <> 'draft'
        and i.code = any(${`{${options.codes.map((c) => `"${c}"`).join(",")}}`}::text[])
        and extract(year from v.period_end) = ${options.year}
      order by i.code, v.period_end desc, v.period_start desc`,
  );
  const out: TIndicatorValues = {};
  for (const c of options.codes) out[c] = null;
  for (const x of r) out[x.code] = x.v === null ? null : Number(x.v);
  return out;
}

/** Scores a registration's answers and applies the programme's recognition rule. */
async function evaluate(db: Db, reg: TRegistrationRow, answers: TAnswers) {
  const criteria = criteriaOf(reg.framework);
  const codes = [...new Set(criteria.map((c) => c.indicatorCode).filter((c): c is string => c !== null))];
  const values = await indicatorValues({ db, communeId: reg.communeId, year: reg.year, codes });
  const scores = scoreUnit({ framework: reg.framework, answers, indicatorValues: values });
  const evaluation: TRecognitionResult = evaluateRecognition({ rule: reg.rule, scores });
  return { criteria, scores, evaluation };
}

async function loadRegistration(db: Db, where: ReturnType<typeof sql>): Promise<TRegistrationRow[]> {
  return rows<TRegistrationRow>(
    db,
    sql`select r.id, r.programme_id as "programmeId", p.year, r.commune_id as "communeId", c.name as "communeName",
        r.level, r.registered_on::text as "registeredOn", r.status, r.recognised_level as "recognisedLevel",
        r.decision, r.decided_at as "decidedAt", r.version, p.framework, p.rule, r.province_id as "provinceId"
      from dx_programme_registration r join dx_programme p on p.id = r.programme_id
      join org_unit c on c.id = r.commune_id where ${where}`,
  );
}

async function answersOf(db: Db, registrationIds: number[]): Promise<Map<number, TAnswers>> {
  const out = new Map<number, TAnswers>();
  if (registrationIds.length === 0) return out;
  const r = await rows<{ rid: number; code: string; answer: TAnswers[string] }>(
    db,
    sql`select registration_id as rid, criterion_code as code, answer from dx_programme_answer
      where registration_id = any(${`{${registrationIds.join(",")}}`}::int[])`,
  );
  for (const a of r) {
    const m = out.get(a.rid) ?? {};
    m[a.code] = a.answer;
    out.set(a.rid, m);
  }
  return out;
}

/** One registration with its criteria, answers and the rule's current verdict. */
export async function getRegistration(options: { db: Db; id: number }): Promise<TRegistration | undefined> {
  const reg = (await loadRegistration(options.db, sql`r.id = ${options.id}`))[0];
  if (!reg) return undefined;
  const answers = (await answersOf(options.db, [reg.id])).get(reg.id) ?? {};
  const { criteria, scores, evaluation } = await evaluate(options.db, reg, answers);
  const { framework: _f, rule: _r, provinceId: _p, ...rest } = reg;
  return {
    ...rest,
    decidedAt: reg.decidedAt ? new Date(reg.decidedAt).toISOString() : null,
    criteria,
    answers,
    evaluation,
    points: scores.total.points,
    maxPoints: scores.total.maxPoints,
  };
}

/** Saves a commune's answers (criterion codes must belong to the programme). */
export async function saveAnswers(options: {
  db: Db;
  id: number;
  answers: TAnswers;
  actor: string;
}): Promise<void> {
  const reg = (await loadRegistration(options.db, sql`r.id = ${options.id}`))[0];
  if (!reg)
    throw new RegistryError({
      status: 404,
      code: "not_found",
      vi: "Không tìm thấy đăng ký",
      en: "Registration not found",
      field: "id",
    });
  const known = new Set(criteriaOf(reg.framework).map((c) => c.code));
  const unknown = Object.keys(options.answers).filter((c) => !known.has(c));
  if (unknown.length > 0)
    throw new RegistryError({
      status: 400,
      code: "unknown_criterion",
      vi: `Tiêu chí không có trong chương trình: ${unknown.join(", ")}`,
      en: `Criteria not in the programme: ${unknown.join(", ")}`,
      field: "answers",
    });
  const payload = JSON.stringify(Object.entries(options.answers).map(([code, answer]) => ({ code, answer })));
  await options.db.execute(sql`insert into dx_programme_answer (province_id, registration_id, criterion_code, answer, updated_by)
    select ${reg.provinceId}, ${reg.id}, x.code, x.answer, ${options.actor}
    from jsonb_to_recordset(${payload}::jsonb) as x(code text, answer jsonb)
    on conflict (registration_id, criterion_code) do update set answer = excluded.answer,
      updated_by = excluded.updated_by, updated_at = now()
    where dx_programme_answer.answer is distinct from excluded.answer`);
}

/** Records the recognition the rule decides now (level, reasons) with the decision number. */
export async function recogniseRegistration(options: {
  db: Db;
  id: number;
  decision: string;
  actor: string;
}): Promise<void> {
  const reg = await getRegistration({ db: options.db, id: options.id });
  if (!reg)
    throw new RegistryError({
      status: 404,
      code: "not_found",
      vi: "Không tìm thấy đăng ký",
      en: "Registration not found",
      field: "id",
    });
  await options.db.execute(sql`update dx_programme_registration set recognised_level = ${reg.evaluation.level},
      recognition = ${JSON.stringify(reg.evaluation)}::jsonb, decision = ${options.decision}, decided_at = now(),
      updated_by = ${options.actor}, updated_at = now(), version = version + 1
    where id = ${options.id}`);
}

/** The province's status board: every commune with its registration, evaluated and recognised level. */
export async function getBoard(options: { db: Db; programmeId: number }): Promise<TBoard | undefined> {
  const programme = await one<TProgramme>(
    options.db,
    sql`select ${PROGRAMME_COLUMNS} from dx_programme p where p.id = ${options.programmeId}`,
  );
  if (!programme) return undefined;
  const communes = await rows<{ communeId: number; code: string; name: string }>(
    options.db,
    sql`select id as "communeId", code, name from org_unit
      where kind = 'commune' and province_id = ${programme.provinceId} and valid_to is null order by code`,
  );
  const regs = await loadRegistration(
    options.db,
    sql`r.programme_id = ${options.programmeId} and r.status = 'registered'`,
  );
  const answers = await answersOf(
    options.db,
    regs.map((r) => r.id),
  );
  const byCommune = new Map<number, TBoardRow>();
  for (const reg of regs) {
    const { evaluation } = await evaluate(options.db, reg, answers.get(reg.id) ?? {});
    byCommune.set(reg.communeId, {
      communeId: reg.communeId,
      code: "",
      name: reg.communeName,
      registrationId: reg.id,
      level: reg.level,
      recognisedLevel: reg.recognisedLevel,
      evaluatedLevel: evaluation.level,
      mandatoryMet: evaluation.mandatory.met,
      mandatoryTotal: evaluation.mandatory.total,
      extendedMet: evaluation.extended.met,
      extendedTotal: evaluation.extended.total,
    });
  }
  const rowsOut: TBoardRow[] = communes.map((c) => {
    const r = byCommune.get(c.communeId);
    return r
      ? { ...r, code: c.code, name: c.name }
      : {
          ...c,
          registrationId: null,
          level: null,
          recognisedLevel: null,
          evaluatedLevel: null,
          mandatoryMet: null,
          mandatoryTotal: null,
          extendedMet: null,
          extendedTotal: null,
        };
  });
  const registered = regs.length;
  const basic = regs.filter((r) => r.level === "basic").length;
  const advanced = registered - basic;
  return {
    programme,
    summary: {
      communes: communes.length,
      registered,
      basic,
      advanced,
      recognisedBasic: regs.filter((r) => r.recognisedLevel === "basic").length,
      recognisedAdvanced: regs.filter((r) => r.recognisedLevel === "advanced").length,
      text: `${registered}/${communes.length} xã đăng ký (${basic} cơ bản, ${advanced} nâng cao)`,
      textEn: `${registered}/${communes.length} communes registered (${basic} basic, ${advanced} advanced)`,
    },
    communes: rowsOut,
  };
}
