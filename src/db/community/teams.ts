/**
 * Community digital technology team registry: a commune's villages with or without a team, teams with
 * their members, activities per quarter, and the province's coverage. Every write refreshes the
 * registry-derived figures in the same transaction (see ./figures.ts).
 *
 * `personal` decides whether names and phones leave the database: callers pass true only for a holder
 * of `teams.personal` over the commune.
 */
import { sql } from "drizzle-orm";
import { AppError } from "../../server/errors.ts";
import type {
  TActivity,
  TActivityInput,
  TCommuneRegistry,
  TCoverage,
  TTeam,
  TTeamCreate,
  TTeamMember,
  TTeamMemberInput,
  TTeamUpdate,
} from "../../server/teams/schemas.ts";
import { type Db, one, rows } from "../client.ts";
import { refreshAfterChange, refreshCommunityFigures } from "./figures.ts";

/** A registry rule a caller broke: an AppError, so routes answer it as a bilingual 4xx. */
export class RegistryError extends AppError {
  constructor(options: {
    status: number;
    code: string;
    vi: string;
    en: string;
    field?: string;
    details?: unknown;
  }) {
    super({
      status: options.status,
      code: options.code,
      message: options.vi,
      messageEn: options.en,
      field: options.field,
      details: options.details,
    });
  }
}

interface TTeamRow extends Omit<TTeam, "members" | "leaderName"> {
  leaderName: string | null;
}

const TEAM_COLUMNS = sql`t.id, t.province_id as "provinceId", t.commune_id as "communeId", t.unit_id as "unitId",
  u.name as "unitName", u.kind as "unitKind", t.name, t.founding_decision as "foundingDecision",
  t.founded_on::text as "foundedOn", t.status, t.note, t.version, t.leader_name as "leaderName",
  (select count(*) from community_team_member m where m.team_id = t.id and m.status = 'active')::int as "memberCount",
  t.updated_at as "updatedAt"`;

async function attachMembers(db: Db, teams: TTeamRow[], personal: boolean): Promise<TTeam[]> {
  const byTeam = new Map<number, TTeamMember[]>();
  if (personal && teams.length > 0) {
    const ids = `{${teams.map((t) => t.id).join(",")}}`;
    const members = await rows<TTeamMember & { teamId: number }>(
      db,
      sql`select id, team_id as "teamId", full_name as "fullName", role, phone, status
        from community_team_member where team_id = any(${ids}::int[]) and status = 'active'
        order by team_id, case role when 'leader' then 0 when 'deputy' then 1 else 2 end, id`,
    );
    for (const m of members) {
      const { teamId, ...member } = m;
      byTeam.set(teamId, [...(byTeam.get(teamId) ?? []), member]);
    }
  }
  return teams.map((t) => ({
    ...t,
    updatedAt: new Date(t.updatedAt).toISOString(),
    leaderName: personal ? t.leaderName : null,
    members: personal ? (byTeam.get(t.id) ?? []) : null,
  }));
}

/** One team by id (dissolved ones included), members only when `personal`. */
export async function getTeam(options: {
  db: Db;
  id: number;
  personal: boolean;
}): Promise<TTeam | undefined> {
  const r = await rows<TTeamRow>(
    options.db,
    sql`select ${TEAM_COLUMNS} from community_team t join org_unit u on u.id = t.unit_id where t.id = ${options.id}`,
  );
  return (await attachMembers(options.db, r, options.personal))[0];
}

/** The commune a team belongs to (for the scope check before reading or writing it). */
export async function teamCommune(db: Db, id: number): Promise<number | undefined> {
  return (await one<{ c: number }>(db, sql`select commune_id as c from community_team where id = ${id}`))?.c;
}

/** A commune's registry: its villages (and the commune itself) with their live team, and the counts. */
export async function getCommuneRegistry(options: {
  db: Db;
  communeId: number;
  personal: boolean;
  canWrite: boolean;
}): Promise<TCommuneRegistry | undefined> {
  const { db, communeId } = options;
  const commune = await one<TCommuneRegistry["commune"]>(
    db,
    sql`select id, code, name, province_id as "provinceId" from org_unit where id = ${communeId} and kind = 'commune'`,
  );
  if (!commune) return undefined;
  const units = await rows<{ unitId: number; code: string; name: string; kind: string }>(
    db,
    sql`select id as "unitId", code, name, kind from org_unit
      where (parent_id = ${communeId} and kind = 'village' and valid_to is null) or id = ${communeId}
      order by kind = 'commune', code`,
  );
  const teamRows = await rows<TTeamRow>(
    db,
    sql`select ${TEAM_COLUMNS} from community_team t join org_unit u on u.id = t.unit_id
      where t.commune_id = ${communeId} and t.status <> 'dissolved' order by t.id`,
  );
  const teams = await attachMembers(db, teamRows, options.personal);
  const byUnit = new Map(teams.map((t) => [t.unitId, t]));
  const villages = units.filter((u) => u.kind === "village");
  return {
    commune,
    units: units.map((u) => ({ ...u, team: byUnit.get(u.unitId) ?? null })),
    totals: {
      villages: villages.length,
      villagesWithTeam: villages.filter((v) => byUnit.get(v.unitId)?.status === "active").length,
      teams: teams.filter((t) => t.status === "active").length,
      members: teams.filter((t) => t.status === "active").reduce((s, t) => s + t.memberCount, 0),
    },
    personalVisible: options.personal,
    canWrite: options.canWrite,
  };
}

async function unitOfTeam(db: Db, unitId: number) {
  const u = await one<{ id: number; kind: string; parentId: number | null; provinceId: number | null }>(
    db,
    sql`select id, kind, parent_id as "parentId", province_id as "provinceId" from org_unit where id = ${unitId}`,
  );
  if (!u?.provinceId || (u.kind !== "village" && u.kind !== "commune"))
    throw new RegistryError({
      status: 400,
      code: "invalid_unit",
      vi: "Tổ phải thuộc một thôn, bản, tổ dân phố hoặc một xã, phường",
      en: "A team belongs to a village or a commune",
      field: "unitId",
    });
  return { communeId: u.kind === "commune" ? u.id : (u.parentId as number), provinceId: u.provinceId };
}

/** The commune a village or commune unit belongs to (for the scope check of a create). */
export async function communeOfUnit(db: Db, unitId: number): Promise<number> {
  return (await unitOfTeam(db, unitId)).communeId;
}

function checkMembers(members: readonly TTeamMemberInput[]): void {
  const leaders = members.filter((m) => m.role === "leader").length;
  if (leaders > 1)
    throw new RegistryError({
      status: 400,
      code: "two_leaders",
      vi: "Một tổ chỉ có một tổ trưởng",
      en: "A team has one leader",
      field: "members",
    });
}

/** Counts of a member sync. */
export interface TMemberSync {
  added: number;
  updated: number;
  left: number;
}

/**
 * Makes the team's active members exactly `members`: entries with an id (or, from a file, the same name
 * and phone) update that member, others are added, active members left out are marked as left.
 */
export async function syncMembers(options: {
  db: Db;
  teamId: number;
  provinceId: number;
  members: readonly TTeamMemberInput[];
  actor: string;
}): Promise<TMemberSync> {
  const { db, teamId } = options;
  const current = await rows<{ id: number; fullName: string; phone: string | null; role: string }>(
    db,
    sql`select id, full_name as "fullName", phone, role from community_team_member
      where team_id = ${teamId} and status = 'active'`,
  );
  const keyOf = (m: { fullName: string; phone?: string | null }) =>
    `${m.fullName.trim().toLowerCase()}|${(m.phone ?? "").replace(/\D/g, "")}`;
  const byId = new Map(current.map((m) => [m.id, m]));
  const byKey = new Map(current.map((m) => [keyOf(m), m]));
  const kept = new Set<number>();
  const sync: TMemberSync = { added: 0, updated: 0, left: 0 };
  for (const m of options.members) {
    const match = m.id !== undefined ? byId.get(m.id) : byKey.get(keyOf(m));
    if (m.id !== undefined && !match)
      throw new RegistryError({
        status: 400,
        code: "unknown_member",
        vi: `Thành viên ${m.id} không thuộc tổ này`,
        en: `Member ${m.id} is not in this team`,
        field: "members",
      });
    if (match && !kept.has(match.id)) {
      kept.add(match.id);
      if (match.fullName !== m.fullName || match.phone !== (m.phone ?? null) || match.role !== m.role) {
        await db.execute(sql`update community_team_member set full_name = ${m.fullName}, phone = ${m.phone ?? null},
          role = ${m.role}, updated_at = now() where id = ${match.id}`);
        sync.updated++;
      }
    } else {
      await db.execute(sql`insert into community_team_member (province_id, team_id, full_name, role, phone)
        values (${options.provinceId}, ${teamId}, ${m.fullName}, ${m.role}, ${m.phone ?? null})`);
      sync.added++;
    }
  }
  const leaving = current.filter((m) => !kept.has(m.id)).map((m) => m.id);
  if (leaving.length > 0) {
    await db.execute(sql`update community_team_member set status = 'left', updated_at = now()
      where id = any(${`{${leaving.join(",")}}`}::int[])`);
    sync.left = leaving.length;
  }
  const leader = options.members.find((m) => m.role === "leader");
  await db.execute(sql`update community_team set leader_name = ${leader?.fullName ?? null} where id = ${teamId}
    and leader_name is distinct from ${leader?.fullName ?? null}`);
  return sync;
}

/** Creates a team with its members and refreshes the figures; run inside withActor. Returns its id. */
export async function createTeam(options: { db: Db; input: TTeamCreate; actor: string }): Promise<number> {
  const { db, input } = options;
  checkMembers(input.members);
  const { communeId, provinceId } = await unitOfTeam(db, input.unitId);
  const live = await one<{ id: number }>(
    db,
    sql`select id from community_team where unit_id = ${input.unitId} and status <> 'dissolved'`,
  );
  if (live)
    throw new RegistryError({
      status: 409,
      code: "team_exists",
      vi: "Thôn này đã có tổ công nghệ số cộng đồng; hãy sửa tổ hiện có",
      en: "This village already has a team; edit it instead",
      field: "unitId",
    });
  const team = await one<{ id: number }>(
    db,
    sql`insert into community_team (province_id, commune_id, unit_id, name, founding_decision, founded_on, status,
        note, created_by, updated_by)
      values (${provinceId}, ${communeId}, ${input.unitId}, ${input.name}, ${input.foundingDecision ?? null},
        ${input.foundedOn ?? null}, ${input.status}, ${input.note ?? null}, ${options.actor}, ${options.actor})
      returning id`,
  );
  await syncMembers({ db, teamId: team!.id, provinceId, members: input.members, actor: options.actor });
  await refreshAfterChange({ db, provinceId, communeId });
  return team!.id;
}

/** Updates a team and its member list (optimistic concurrency on version) and refreshes the figures. */
export async function updateTeam(options: {
  db: Db;
  id: number;
  input: TTeamUpdate;
  actor: string;
}): Promise<void> {
  const { db, input } = options;
  checkMembers(input.members);
  const cur = await one<{ version: number; provinceId: number; communeId: number }>(
    db,
    sql`select version, province_id as "provinceId", commune_id as "communeId" from community_team
      where id = ${options.id} for update`,
  );
  if (!cur)
    throw new RegistryError({
      status: 404,
      code: "not_found",
      vi: "Không tìm thấy tổ",
      en: "Team not found",
      field: "id",
    });
  if (cur.version !== input.version)
    throw new RegistryError({
      status: 409,
      code: "stale",
      vi: "Tổ đã được người khác sửa; hãy tải lại trước khi lưu",
      en: "The team was changed by someone else; reload before saving",
      field: "version",
    });
  await db.execute(sql`update community_team set name = ${input.name}, founding_decision = ${input.foundingDecision ?? null},
      founded_on = ${input.foundedOn ?? null}, status = ${input.status}, note = ${input.note ?? null},
      updated_by = ${options.actor}, updated_at = now(), version = version + 1
    where id = ${options.id}`);
  await syncMembers({
    db,
    teamId: options.id,
    provinceId: cur.provinceId,
    members: input.status === "dissolved" ? [] : input.members,
    actor: options.actor,
  });
  await refreshAfterChange({ db, provinceId: cur.provinceId, communeId: cur.communeId });
}

/** Records (or corrects) a team's activity for a quarter and refreshes that quarter's figures. */
export async function recordActivity(options: {
  db: Db;
  teamId: number;
  input: TActivityInput;
  actor: string;
}): Promise<void> {
  const { db, input } = options;
  const team = await one<{ provinceId: number; communeId: number }>(
    db,
    sql`select province_id as "provinceId", commune_id as "communeId" from community_team where id = ${options.teamId}`,
  );
  if (!team)
    throw new RegistryError({
      status: 404,
      code: "not_found",
      vi: "Không tìm thấy tổ",
      en: "Team not found",
      field: "id",
    });
  await db.execute(sql`insert into community_team_activity (province_id, commune_id, team_id, period, households_helped,
      people_guided, sessions, note, created_by, updated_by)
    values (${team.provinceId}, ${team.communeId}, ${options.teamId}, ${input.period}, ${input.householdsHelped},
      ${input.peopleGuided}, ${input.sessions}, ${input.note ?? null}, ${options.actor}, ${options.actor})
    on conflict (team_id, period) do update set households_helped = excluded.households_helped,
      people_guided = excluded.people_guided, sessions = excluded.sessions, note = excluded.note,
      updated_by = excluded.updated_by, updated_at = now()`);
  await refreshCommunityFigures({
    db,
    provinceId: team.provinceId,
    period: input.period,
    communeIds: [team.communeId],
  });
}

/** A commune's activities for a quarter. */
export function listActivities(options: { db: Db; communeId: number; period: string }): Promise<TActivity[]> {
  return rows<TActivity>(
    options.db,
    sql`select a.id, a.team_id as "teamId", t.name as "teamName", u.name as "unitName", a.period,
        a.households_helped as "householdsHelped", a.people_guided as "peopleGuided", a.sessions, a.note
      from community_team_activity a join community_team t on t.id = a.team_id join org_unit u on u.id = t.unit_id
      where a.commune_id = ${options.communeId} and a.period = ${options.period} order by u.code`,
  );
}

/** Coverage of the communes under a unit (a province, or one commune): counts only, never names. */
export async function getCoverage(options: { db: Db; unitId: number }): Promise<TCoverage> {
  const communes = await rows<TCoverage["communes"][number]>(
    options.db,
    sql`with scope as (select path from org_unit where id = ${options.unitId})
      select c.id as "communeId", c.code, c.name,
        (select count(*) from org_unit v where v.parent_id = c.id and v.kind = 'village' and v.valid_to is null)::int
          as villages,
        (select count(*) from org_unit v where v.parent_id = c.id and v.kind = 'village' and v.valid_to is null
          and exists (select 1 from community_team t where t.unit_id = v.id and t.status = 'active'))::int
          as "villagesWithTeam",
        (select count(*) from community_team t where t.commune_id = c.id and t.status = 'active')::int as teams,
        (select count(*) from community_team_member m join community_team t on t.id = m.team_id
          where t.commune_id = c.id and t.status = 'active' and m.status = 'active')::int as members
      from org_unit c, scope s
      where c.kind = 'commune' and c.valid_to is null and c.path like s.path || '%'
      order by c.code`,
  );
  const out = communes.map((c) => ({ ...c, share: c.villages > 0 ? c.villagesWithTeam / c.villages : null }));
  const sum = (f: (c: (typeof out)[number]) => number) => out.reduce((s, c) => s + f(c), 0);
  const villages = sum((c) => c.villages);
  const villagesWithTeam = sum((c) => c.villagesWithTeam);
  return {
    unitId: options.unitId,
    communes: out,
    totals: {
      communes: out.length,
      communesWithTeam: out.filter((c) => c.teams > 0).length,
      villages,
      villagesWithTeam,
      teams: sum((c) => c.teams),
      members: sum((c) => c.members),
      share: villages > 0 ? villagesWithTeam / villages : null,
    },
  };
}
