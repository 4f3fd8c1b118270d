/**
 * Evaluation rounds (one per year, unit group and framework) and their participants. The phase of a
 * round is derived from the clock at every read and write — self-assessment until the deadline,
 * appraisal after it, published once published — so the lock needs no scheduled job.
 */
import { type SQL, sql } from "drizzle-orm";
import { type Db, one, rows } from "../client.ts";

/** Workflow phase of a round, derived from its status and the clock. */
export type TRoundPhase = "self_assessment" | "appraisal" | "published";

/** A stored round. */
export interface TRoundRow {
  id: number;
  provinceId: number;
  provinceName: string;
  frameworkId: number;
  frameworkCode: string;
  frameworkVersion: string;
  frameworkName: string;
  year: number;
  name: string;
  unitGroup: "commune" | "agency" | "province" | "other";
  selfDeadline: string;
  appraisalDeadline: string | null;
  status: "open" | "published";
  phase: TRoundPhase;
  publishedAt: string | null;
  rowVersion: number;
  participants: number;
  submitted: number;
  appraised: number;
}

const COLUMNS = sql`r.id, r.province_id as "provinceId", pu.name as "provinceName", r.framework_id as "frameworkId",
  f.code as "frameworkCode", f.version as "frameworkVersion", f.name as "frameworkName", r.year, r.name,
  r.unit_group as "unitGroup", to_char(r.self_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "selfDeadline",
  to_char(r.appraisal_deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "appraisalDeadline",
  r.status, case when r.status = 'published' then 'published'
    when now() <= r.self_deadline then 'self_assessment' else 'appraisal' end as phase,
  to_char(r.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "publishedAt",
  r.row_version as "rowVersion",
  (select count(*) from eval_participant p where p.round_id = r.id)::int as participants,
  (select count(*) from eval_participant p where p.round_id = r.id and p.status in ('submitted', 'appraised'))::int as submitted,
  (select count(*) from eval_participant p where p.round_id = r.id and p.status = 'appraised')::int as appraised`;

function select(db: Db, where: SQL): Promise<TRoundRow[]> {
  return rows<TRoundRow>(
    db,
    sql`select ${COLUMNS} from eval_round r join eval_framework f on f.id = r.framework_id
      join org_unit pu on pu.id = r.province_id where ${where} order by r.year desc, r.id desc`,
  );
}

/**
 * Lists rounds, optionally of one province, year or status, or only those where some children of
 * `parentUnitId` take part (the rankings page compares the units below a unit), and only those `visible`
 * allows (a condition on `r`).
 */
export function listRounds(
  db: Db,
  q: {
    provinceId?: number;
    year?: number;
    status?: TRoundRow["status"];
    parentUnitId?: number;
    visible?: SQL;
  } = {},
): Promise<TRoundRow[]> {
  const parts: SQL[] = [q.visible ?? sql`true`];
  if (q.provinceId !== undefined) parts.push(sql`r.province_id = ${q.provinceId}`);
  if (q.year !== undefined) parts.push(sql`r.year = ${q.year}`);
  if (q.status !== undefined) parts.push(sql`r.status = ${q.status}`);
  if (q.parentUnitId !== undefined)
    parts.push(sql`exists (select 1 from eval_participant cp join org_unit cu on cu.id = cp.unit_id
      where cp.round_id = r.id and cu.parent_id = ${q.parentUnitId})`);
  return select(db, sql.join(parts, sql` and `));
}

/** One round by id. */
export async function getRound(db: Db, id: number): Promise<TRoundRow | undefined> {
  return (await select(db, sql`r.id = ${id}`))[0];
}

/**
 * The round to compare with: the latest published round of the same framework code (any version), the
 * same province and unit group, of an earlier year.
 */
export async function previousRound(db: Db, round: TRoundRow): Promise<TRoundRow | undefined> {
  return (
    await select(
      db,
      sql`f.code = ${round.frameworkCode} and r.province_id = ${round.provinceId} and r.unit_group = ${round.unitGroup}
        and r.year < ${round.year} and r.status = 'published'`,
    )
  )[0];
}

/** Kind of org_unit a unit group evaluates. */
export function unitKindOf(group: TRoundRow["unitGroup"]): string | null {
  return group === "commune"
    ? "commune"
    : group === "agency"
      ? "agency"
      : group === "province"
        ? "province"
        : null;
}

/**
 * Inserts a round and its participants: the given units, or every unit of the group's kind in the
 * province that has not ended before the year began — today's units evaluate a past year too (a year is
 * usually evaluated after it ends, and since the 2025 reorganisation the old communes no longer exist).
 */
export async function insertRound(
  db: Db,
  r: {
    provinceId: number;
    frameworkId: number;
    year: number;
    name: string;
    unitGroup: TRoundRow["unitGroup"];
    selfDeadline: string;
    appraisalDeadline: string | null;
    unitIds?: number[];
  },
): Promise<{ id: number; participants: number }> {
  const row = await one<{ id: number }>(
    db,
    sql`insert into eval_round (province_id, framework_id, year, name, unit_group, self_deadline, appraisal_deadline)
      values (${r.provinceId}, ${r.frameworkId}, ${r.year}, ${r.name}, ${r.unitGroup}, ${r.selfDeadline}::timestamptz,
        ${r.appraisalDeadline}::timestamptz) returning id`,
  );
  const id = row!.id;
  const kind = unitKindOf(r.unitGroup);
  const from = `${r.year}-01-01`;
  const units = r.unitIds
    ? sql`u.id = any(${`{${r.unitIds.join(",")}}`}::int[])`
    : sql`u.kind = ${kind ?? "-"} and u.province_id = ${r.provinceId} and (u.valid_to is null or u.valid_to > ${from}::date)`;
  const inserted = await rows<{ id: number }>(
    db,
    sql`insert into eval_participant (province_id, round_id, unit_id)
      select ${r.provinceId}, ${id}, u.id from org_unit u where ${units} order by u.code returning id`,
  );
  return { id, participants: inserted.length };
}

/** The given unit ids that do not exist or lie outside the province's subtree (sorted, once each). */
export async function unitsOutsideProvince(
  db: Db,
  q: { provinceId: number; unitIds: readonly number[] },
): Promise<number[]> {
  const inside = await rows<{ id: number }>(
    db,
    sql`select u.id from org_unit u join org_unit pv on pv.id = ${q.provinceId}
      where u.id = any(${`{${q.unitIds.join(",")}}`}::int[]) and starts_with(u.path, pv.path)`,
  );
  const ok = new Set(inside.map((u) => u.id));
  return [...new Set(q.unitIds)].filter((id) => !ok.has(id)).sort((a, b) => a - b);
}

/** Changes deadlines or the name when the row version matches; false when stale. */
export async function updateRound(
  db: Db,
  r: {
    id: number;
    rowVersion: number;
    name?: string;
    selfDeadline?: string;
    appraisalDeadline?: string | null;
  },
): Promise<boolean> {
  const sets: SQL[] = [sql`row_version = row_version + 1`, sql`updated_at = now()`];
  if (r.name !== undefined) sets.push(sql`name = ${r.name}`);
  if (r.selfDeadline !== undefined) sets.push(sql`self_deadline = ${r.selfDeadline}::timestamptz`);
  if (r.appraisalDeadline !== undefined)
    sets.push(sql`appraisal_deadline = ${r.appraisalDeadline}::timestamptz`);
  const done = await rows<{ id: number }>(
    db,
    sql`update eval_round set ${sql.join(sets, sql`, `)} where id = ${r.id} and row_version = ${r.rowVersion} returning id`,
  );
  return done.length === 1;
}

/** A participant of a round with its unit. */
export interface TParticipantRow {
  id: number;
  roundId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  status: "not_started" | "draft" | "submitted" | "appraised";
  submittedAt: string | null;
  appraiserUserId: number | null;
  appraiserName: string | null;
  evidenceRequested: number;
  /** Materialised path of the unit, for scope checks. */
  unitPath: string;
}

const PARTICIPANT_COLUMNS = sql`p.id, p.round_id as "roundId", p.unit_id as "unitId", u.code as "unitCode",
  coalesce(u.full_name, u.name) as "unitName", u.path as "unitPath", p.status,
  to_char(p.submitted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "submittedAt",
  p.appraiser_user_id as "appraiserUserId", au.display_name as "appraiserName",
  (select count(*) from eval_answer a where a.participant_id = p.id and a.appraisal = 'evidence_requested')::int
    as "evidenceRequested"`;

/** Participants of a round in unit-code order. */
export function listParticipants(db: Db, roundId: number): Promise<TParticipantRow[]> {
  return rows<TParticipantRow>(
    db,
    sql`select ${PARTICIPANT_COLUMNS} from eval_participant p join org_unit u on u.id = p.unit_id
      left join app_user au on au.id = p.appraiser_user_id where p.round_id = ${roundId} order by u.code`,
  );
}

/** One participant by round and unit. */
export async function getParticipant(
  db: Db,
  q: { roundId: number; unitId: number },
): Promise<TParticipantRow | undefined> {
  return one<TParticipantRow>(
    db,
    sql`select ${PARTICIPANT_COLUMNS} from eval_participant p join org_unit u on u.id = p.unit_id
      left join app_user au on au.id = p.appraiser_user_id where p.round_id = ${q.roundId} and p.unit_id = ${q.unitId}`,
  );
}

/** Sets a participant's workflow status (and the submission time when it becomes submitted). */
export async function setParticipantStatus(
  db: Db,
  p: { id: number; status: TParticipantRow["status"] },
): Promise<void> {
  await db.execute(sql`update eval_participant set status = ${p.status},
      submitted_at = case when ${p.status} = 'submitted' then now() else submitted_at end where id = ${p.id}`);
}

/** Assigns (or clears) the appraiser of some participants of a round. */
export async function assignAppraiser(
  db: Db,
  a: { roundId: number; unitIds: number[]; userId: number | null },
): Promise<number> {
  const r = await rows<{ id: number }>(
    db,
    sql`update eval_participant set appraiser_user_id = ${a.userId}
      where round_id = ${a.roundId} and unit_id = any(${`{${a.unitIds.join(",")}}`}::int[]) returning id`,
  );
  return r.length;
}

/** Marks the round published. */
export async function markPublished(db: Db, r: { id: number; actor: string }): Promise<void> {
  await db.execute(sql`update eval_round set status = 'published', published_at = now(), published_by = ${r.actor},
      row_version = row_version + 1, updated_at = now() where id = ${r.id}`);
}
