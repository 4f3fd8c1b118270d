/** Reporting rounds: who owes which forms for which period, by when; completeness per round. */
import { sql } from "drizzle-orm";
import { parsePeriod } from "../../core/period.ts";
import { badRequest, notFound } from "../../server/errors.ts";
import { type Db, one, rows, withActor } from "../client.ts";

/** A round as listed. */
export interface TRoundRow {
  id: number;
  provinceId: number;
  ownerUnitId: number;
  name: string;
  period: string;
  periodType: string;
  opensOn: string;
  deadline: string;
  status: string;
  approvalLevel: string;
  dataSetIds: number[];
  unitCount: number;
}

const ROUND_COLUMNS = sql`r.id, r.province_id as "provinceId", r.owner_unit_id as "ownerUnitId", r.name, r.period,
  r.period_type as "periodType", r.opens_on::text as "opensOn", r.deadline::text as deadline, r.status,
  r.approval_level as "approvalLevel",
  coalesce((select array_agg(f.data_set_id order by f.data_set_id) from reporting_round_form f where f.round_id = r.id), '{}') as "dataSetIds",
  (select count(*)::int from reporting_round_unit u where u.round_id = r.id) as "unitCount"`;

/** Input of {@link createRound}. */
export interface TCreateRound {
  ownerUnitId: number;
  name: string;
  period: string;
  opensOn: string;
  deadline: string;
  dataSetIds: number[];
  /** Units that must report; omitted = every unit under the owner that the forms apply to. */
  unitIds?: number[];
  approvalLevel?: "province" | "district";
  status?: "draft" | "open";
}

/** Opens a round: the round, its forms and its units, in one audited transaction. */
export async function createRound(options: {
  db: Db;
  actor: string;
  round: TCreateRound;
}): Promise<TRoundRow> {
  const { db, actor, round } = options;
  let period: ReturnType<typeof parsePeriod>;
  try {
    period = parsePeriod(round.period);
  } catch {
    throw badRequest({
      field: "period",
      message: `Kỳ báo cáo "${round.period}" không hợp lệ (ví dụ 2026N9)`,
      messageEn: `Invalid period "${round.period}" (e.g. 2026N9)`,
    });
  }
  if (round.deadline < round.opensOn)
    throw badRequest({
      field: "deadline",
      message: "Hạn nộp phải sau ngày mở",
      messageEn: "The deadline must be after the opening date",
    });
  return withActor(db, { actor, reason: `mở đợt báo cáo ${round.name}` }, async (tx) => {
    const owner = await one<{ provinceId: number | null; path: string }>(
      tx,
      sql`select province_id as "provinceId", path from org_unit where id = ${round.ownerUnitId}`,
    );
    if (!owner?.provinceId) throw notFound({ vi: "đơn vị chủ trì", en: "owner unit" }, "ownerUnitId");
    const forms = await rows<{ id: number; appliesTo: string }>(
      tx,
      sql`select id, applies_to as "appliesTo" from data_set
        where id = any(${`{${round.dataSetIds.join(",")}}`}::int[]) and status <> 'retired'`,
    );
    if (forms.length !== new Set(round.dataSetIds).size || forms.length === 0)
      throw badRequest({ field: "dataSetIds", message: "Biểu mẫu không tồn tại", messageEn: "Unknown form" });
    const r = await one<{ id: number }>(
      tx,
      sql`insert into reporting_round (province_id, owner_unit_id, name, period, period_type, opens_on, deadline,
          status, approval_level, created_by)
        values (${owner.provinceId}, ${round.ownerUnitId}, ${round.name}, ${period.code}, ${period.type},
          ${round.opensOn}, ${round.deadline}, ${round.status ?? "open"}, ${round.approvalLevel ?? "province"}, ${actor})
        returning id`,
    );
    const roundId = r!.id;
    await tx.execute(sql`insert into reporting_round_form (round_id, data_set_id)
      select ${roundId}, unnest(${`{${forms.map((f) => f.id).join(",")}}`}::int[])`);
    if (round.unitIds && round.unitIds.length > 0) {
      const n = await rows<{ id: number }>(
        tx,
        sql`insert into reporting_round_unit (round_id, province_id, org_unit_id)
          select ${roundId}, coalesce(u.province_id, u.id), u.id from org_unit u
          where u.id = any(${`{${round.unitIds.join(",")}}`}::int[]) and u.path like ${`${owner.path}%`}
          on conflict do nothing returning id`,
      );
      if (n.length !== new Set(round.unitIds).size)
        throw badRequest({
          field: "unitIds",
          message: "Có đơn vị không thuộc phạm vi của đơn vị chủ trì",
          messageEn: "Some units are outside the owner unit",
        });
    } else {
      const kinds = new Set<string>();
      for (const f of forms) {
        if (f.appliesTo === "commune" || f.appliesTo === "all") kinds.add("commune");
        if (f.appliesTo === "agency" || f.appliesTo === "all") kinds.add("agency");
        if (f.appliesTo === "province" || f.appliesTo === "all") kinds.add("province");
      }
      await tx.execute(sql`insert into reporting_round_unit (round_id, province_id, org_unit_id)
        select ${roundId}, coalesce(u.province_id, u.id), u.id from org_unit u
        where u.path like ${`${owner.path}%`} and u.valid_to is null
          and u.kind = any(${`{${[...kinds].join(",")}}`}::text[])`);
    }
    return (await getRound(tx, roundId))!;
  });
}

/** One round. */
export function getRound(db: Db, id: number): Promise<TRoundRow | undefined> {
  return one<TRoundRow>(db, sql`select ${ROUND_COLUMNS} from reporting_round r where r.id = ${id}`);
}

/** Rounds whose owner lies inside one of the given unit paths (the caller's scope). */
export function listRounds(
  db: Db,
  q: { scope: ReturnType<typeof sql>; status?: string },
): Promise<TRoundRow[]> {
  return rows<TRoundRow>(
    db,
    sql`select ${ROUND_COLUMNS} from reporting_round r
      where ${q.scope} ${q.status ? sql`and r.status = ${q.status}` : sql``}
      order by r.deadline desc, r.id desc limit 500`,
  );
}

/** Sets a round's status (close, cancel, reopen). */
export async function setRoundStatus(options: { db: Db; actor: string; roundId: number; status: string }) {
  await withActor(options.db, { actor: options.actor }, (tx) =>
    tx.execute(
      sql`update reporting_round set status = ${options.status}, updated_at = now() where id = ${options.roundId}`,
    ),
  );
}

/** One line of "what I owe": a form a unit must fill in a round, with its submission if started. */
export interface TOwedRow {
  roundId: number;
  roundName: string;
  period: string;
  opensOn: string;
  deadline: string;
  dataSetId: number;
  formName: string;
  orgUnitId: number;
  orgUnitName: string;
  submissionId: number | null;
  state: string;
  version: number | null;
  returnComment: string | null;
  overdue: boolean;
}

/** What the units in scope owe: open rounds × forms × units, with the state of each submission. */
export function listOwed(
  db: Db,
  q: { scope: ReturnType<typeof sql>; unitId?: number; today: string },
): Promise<TOwedRow[]> {
  return rows<TOwedRow>(
    db,
    sql`select r.id as "roundId", r.name as "roundName", r.period, r.opens_on::text as "opensOn",
        r.deadline::text as deadline, f.data_set_id as "dataSetId", d.name as "formName",
        ru.org_unit_id as "orgUnitId", u.full_name as "orgUnitName", s.id as "submissionId",
        coalesce(s.state, 'not_started') as state, s.version, s.return_comment as "returnComment",
        (coalesce(s.state, 'draft') in ('draft', 'returned') and r.deadline < ${q.today}::date) as overdue
      from reporting_round r
      join reporting_round_form f on f.round_id = r.id
      join data_set d on d.id = f.data_set_id
      join reporting_round_unit ru on ru.round_id = r.id
      join org_unit u on u.id = ru.org_unit_id
      left join submission s on s.data_set_id = f.data_set_id and s.org_unit_id = ru.org_unit_id and s.period = r.period
      where r.status = 'open' and r.opens_on <= ${q.today}::date and ${q.scope}
        ${q.unitId ? sql`and ru.org_unit_id = ${q.unitId}` : sql``}
      order by r.deadline, u.code, d.code limit 2000`,
  );
}

/** Completeness of a round: counts per state and the list of units late or returned. */
export interface TCompleteness {
  roundId: number;
  expected: number;
  counts: Record<string, number>;
  late: Array<{ orgUnitId: number; name: string; dataSetId: number; state: string }>;
  returned: Array<{ orgUnitId: number; name: string; dataSetId: number; comment: string | null }>;
  submittedShare: number;
}

/** Who has submitted, who is late, who was returned, for one round. */
export async function roundCompleteness(
  db: Db,
  q: { roundId: number; today: string },
): Promise<TCompleteness> {
  const list = await rows<{
    orgUnitId: number;
    name: string;
    dataSetId: number;
    state: string;
    comment: string | null;
    late: boolean;
  }>(
    db,
    sql`select ru.org_unit_id as "orgUnitId", u.full_name as name, f.data_set_id as "dataSetId",
        coalesce(s.state, 'not_started') as state, s.return_comment as comment,
        (coalesce(s.state, 'draft') in ('draft', 'returned', 'not_started') and r.deadline < ${q.today}::date) as late
      from reporting_round r
      join reporting_round_form f on f.round_id = r.id
      join reporting_round_unit ru on ru.round_id = r.id
      join org_unit u on u.id = ru.org_unit_id
      left join submission s on s.data_set_id = f.data_set_id and s.org_unit_id = ru.org_unit_id and s.period = r.period
      where r.id = ${q.roundId} order by u.code`,
  );
  const counts: Record<string, number> = {
    not_started: 0,
    draft: 0,
    submitted: 0,
    returned: 0,
    approved: 0,
    locked: 0,
  };
  for (const x of list) counts[x.state] = (counts[x.state] ?? 0) + 1;
  const done = counts.submitted + counts.approved + counts.locked;
  return {
    roundId: q.roundId,
    expected: list.length,
    counts,
    late: list
      .filter((x) => x.late)
      .map(({ orgUnitId, name, dataSetId, state }) => ({ orgUnitId, name, dataSetId, state })),
    returned: list
      .filter((x) => x.state === "returned")
      .map(({ orgUnitId, name, dataSetId, comment }) => ({ orgUnitId, name, dataSetId, comment })),
    submittedShare: list.length ? done / list.length : 0,
  };
}
