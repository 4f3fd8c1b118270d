/**
 * Zod schemas of the community-team registry API (tổ công nghệ số cộng đồng), declared once: the server
 * validates with them and the web client types its calls with the inferred types.
 *
 * Members' names and phones are personal data: a response carries them only to a caller holding
 * `teams.personal` over the commune (its reporters, its province secretariat, administrators); everyone
 * else gets `members: null` and `leaderName: null` with the counts.
 */
import { z } from "zod";

const ZId = z.coerce.number().int().positive().max(2_147_483_647);
const ZQuarter = z.string().regex(/^\d{4}Q[1-4]$/, "YYYYQn, e.g. 2026Q3");

/** Member roles. */
export const ZMemberRole = z.enum(["leader", "deputy", "member"]);
/** Team statuses. */
export const ZTeamStatus = z.enum(["active", "inactive", "dissolved"]);

/** A Vietnamese phone number as typed ("0912 345 678", "+84912345678"). */
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 .]{8,15}$/, "Số điện thoại 8–15 chữ số / phone number of 8–15 digits");

/** A member as stored and shown to those allowed to see personal data. */
export const ZTeamMember = z.object({
  id: z.number().int(),
  fullName: z.string(),
  role: ZMemberRole,
  phone: z.string().nullable(),
  status: z.enum(["active", "left"]),
});
/** Member type. */
export type TTeamMember = z.infer<typeof ZTeamMember>;

/** A member in a create/update: with `id` to change an existing one; members left out are marked as left. */
export const ZTeamMemberInput = z.object({
  id: z.number().int().positive().optional(),
  fullName: z.string().trim().min(2).max(200),
  role: ZMemberRole.default("member"),
  phone: ZPhone.nullable().optional(),
});
/** Member input type. */
export type TTeamMemberInput = z.infer<typeof ZTeamMemberInput>;

/** A team: counts for everyone, members and leader name only for holders of `teams.personal`. */
export const ZTeam = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  communeId: z.number().int(),
  unitId: z.number().int(),
  unitName: z.string(),
  unitKind: z.string(),
  name: z.string(),
  foundingDecision: z.string().nullable(),
  foundedOn: z.string().nullable(),
  status: ZTeamStatus,
  note: z.string().nullable(),
  version: z.number().int(),
  memberCount: z.number().int(),
  /** Null when the caller may not see personal data. */
  leaderName: z.string().nullable(),
  /** Null when the caller may not see personal data. */
  members: z.array(ZTeamMember).nullable(),
  updatedAt: z.string(),
});
/** Team type. */
export type TTeam = z.infer<typeof ZTeam>;

/** Create a team for a village (or the commune itself). */
export const ZTeamCreate = z.object({
  /** The village (thôn, bản, tổ dân phố) or the commune the team serves. */
  unitId: z.number().int().positive(),
  name: z.string().trim().min(3).max(300),
  foundingDecision: z.string().trim().max(200).nullable().optional(),
  foundedOn: z.iso.date().nullable().optional(),
  status: ZTeamStatus.default("active"),
  note: z.string().max(2000).nullable().optional(),
  members: z.array(ZTeamMemberInput).max(100).default([]),
});
/** Create input type. */
export type TTeamCreate = z.infer<typeof ZTeamCreate>;

/** Update a team (optimistic concurrency on `version`); `members` replaces the active member list. */
export const ZTeamUpdate = ZTeamCreate.omit({ unitId: true }).extend({
  version: z.number().int().positive(),
  // Required here: an update that forgot its members must not make everyone leave the team.
  members: z.array(ZTeamMemberInput).max(100),
});
/** Update input type. */
export type TTeamUpdate = z.infer<typeof ZTeamUpdate>;

/** A village (or the commune itself) with its team, if any. */
export const ZRegistryUnit = z.object({
  unitId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  team: ZTeam.nullable(),
});

/** A commune's registry: its villages with or without a team, and the counts. */
export const ZCommuneRegistry = z.object({
  commune: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    provinceId: z.number().int(),
  }),
  units: z.array(ZRegistryUnit),
  totals: z.object({
    villages: z.number().int(),
    villagesWithTeam: z.number().int(),
    teams: z.number().int(),
    members: z.number().int(),
  }),
  /** Whether names and phones are included for this caller. */
  personalVisible: z.boolean(),
  /** Whether this caller may change the registry. */
  canWrite: z.boolean(),
});
/** Commune registry type. */
export type TCommuneRegistry = z.infer<typeof ZCommuneRegistry>;

/** Coverage per commune of a province (counts only). */
export const ZCoverageRow = z.object({
  communeId: z.number().int(),
  code: z.string(),
  name: z.string(),
  villages: z.number().int(),
  villagesWithTeam: z.number().int(),
  teams: z.number().int(),
  members: z.number().int(),
  /** villagesWithTeam / villages; null without villages. */
  share: z.number().nullable(),
});
/** Coverage row type. */
export type TCoverageRow = z.infer<typeof ZCoverageRow>;

/** A province's coverage: "1,871 teams with 10,217 members, 100% of villages". */
export const ZCoverage = z.object({
  unitId: z.number().int(),
  communes: z.array(ZCoverageRow),
  totals: z.object({
    communes: z.number().int(),
    communesWithTeam: z.number().int(),
    villages: z.number().int(),
    villagesWithTeam: z.number().int(),
    teams: z.number().int(),
    members: z.number().int(),
    share: z.number().nullable(),
  }),
});
/** Coverage type. */
export type TCoverage = z.infer<typeof ZCoverage>;

/** Query of the coverage: a province (or commune). */
export const ZCoverageQuery = z.object({ unitId: ZId });

/** An activity report of a team for a quarter. */
export const ZActivityInput = z.object({
  period: ZQuarter,
  householdsHelped: z.number().int().min(0).max(1_000_000),
  peopleGuided: z.number().int().min(0).max(10_000_000),
  sessions: z.number().int().min(0).max(100_000).default(0),
  note: z.string().max(2000).nullable().optional(),
});
/** Activity input type. */
export type TActivityInput = z.infer<typeof ZActivityInput>;

/** An activity as stored. */
export const ZActivity = ZActivityInput.extend({
  id: z.number().int(),
  teamId: z.number().int(),
  teamName: z.string(),
  unitName: z.string(),
  sessions: z.number().int(),
  note: z.string().nullable(),
});
/** Activity type. */
export type TActivity = z.infer<typeof ZActivity>;

/** One row-level problem of an XLSX import. */
export const ZImportIssue = z.object({
  row: z.number().int(),
  field: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
/** Import issue type. */
export type TImportIssue = z.infer<typeof ZImportIssue>;

/** Result of an XLSX import. */
export const ZImportResult = z.object({
  teamsCreated: z.number().int(),
  teamsUpdated: z.number().int(),
  membersAdded: z.number().int(),
  membersUpdated: z.number().int(),
  membersLeft: z.number().int(),
  figuresWritten: z.number().int(),
});
/** Import result type. */
export type TImportResult = z.infer<typeof ZImportResult>;

/** Path parameter of a commune. */
export const ZCommuneParams = z.object({ communeId: ZId });
/** Query of a commune's activities. */
export const ZActivityQuery = z.object({ period: ZQuarter });
/** Body of a figures refresh. */
export const ZRefreshBody = z.object({ provinceId: z.number().int().positive(), period: ZQuarter });
