/**
 * Who may be assigned to appraise a round's units: active people holding a role that appraises, over a
 * unit subtree containing at least one participant. The roles are passed in (the permission matrix lives
 * in the server) so this module stays a plain query.
 */
import { sql } from "drizzle-orm";
import { userGrants } from "../auth.ts";
import { type Db, one, rows } from "../client.ts";

/** A person who may appraise some participants of a round. */
export interface TAppraiserCandidate {
  userId: number;
  username: string;
  displayName: string;
  /** Names of the units over which the person appraises, joined: "Tỉnh Minh Họa". */
  scopeNames: string;
}

const roleArray = (roles: readonly string[]) => `{${roles.join(",")}}`;

/** Active people whose appraising roles cover at least one participant of the round, by name. */
export function appraiserCandidates(
  db: Db,
  q: { roundId: number; roles: readonly string[] },
): Promise<TAppraiserCandidate[]> {
  return rows<TAppraiserCandidate>(
    db,
    sql`select u.id as "userId", u.username, u.display_name as "displayName",
        string_agg(distinct coalesce(ou.full_name, ou.name), ', ') as "scopeNames"
      from app_user u join role_assignment ra on ra.user_id = u.id join org_unit ou on ou.id = ra.unit_id
      where u.status = 'active' and ra.role = any(${roleArray(q.roles)}::text[])
        and exists (select 1 from eval_participant p join org_unit pu on pu.id = p.unit_id
          where p.round_id = ${q.roundId} and starts_with(pu.path, ou.path))
      group by u.id, u.username, u.display_name
      order by u.display_name, u.id`,
  );
}

/**
 * The unit paths over which an active person holds one of the roles ('/1/15/' covers every unit whose
 * path starts with it); undefined when the person does not exist or is disabled.
 */
export async function appraiserPaths(
  db: Db,
  q: { userId: number; roles: readonly string[] },
): Promise<string[] | undefined> {
  const user = await one<{ status: string }>(db, sql`select status from app_user where id = ${q.userId}`);
  if (user?.status !== "active") return undefined;
  return (await userGrants(db, q.userId)).filter((g) => q.roles.includes(g.role)).map((g) => g.path);
}
