/**
 * A commune's team registry as an XLSX workbook, out and in. One row per member (a team without
 * members, or a village without a team, is one row with the member columns empty), so the commune
 * officer edits the file the way the paper lists are kept. Import is all-or-nothing: every row is
 * checked first and the problems are returned with their row numbers; nothing is written unless the
 * whole file is good. Villages missing from the file are left as they are (absence is not dissolution).
 */

import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { TImportIssue, TImportResult, TTeamMemberInput } from "../../server/teams/schemas.ts";
import { type Db, one, rows } from "../client.ts";
import { refreshAfterChange } from "./figures.ts";
import { RegistryError, syncMembers } from "./teams.ts";

/** Columns of the sheet, in order: key, Vietnamese header, English meaning. */
export const TEAM_SHEET_COLUMNS = [
  { key: "unitCode", vi: "Mã thôn", en: "Village code", width: 14 },
  { key: "unitName", vi: "Thôn, bản, tổ dân phố", en: "Village", width: 24 },
  { key: "teamName", vi: "Tên tổ", en: "Team name", width: 40 },
  { key: "foundingDecision", vi: "Quyết định thành lập", en: "Founding decision", width: 20 },
  { key: "foundedOn", vi: "Ngày thành lập", en: "Founded on", width: 14 },
  { key: "status", vi: "Trạng thái", en: "Status", width: 14 },
  { key: "fullName", vi: "Họ và tên thành viên", en: "Member name", width: 28 },
  { key: "role", vi: "Vai trò", en: "Role", width: 14 },
  { key: "phone", vi: "Số điện thoại", en: "Phone", width: 16 },
] as const;

const STATUS_LABELS: Record<string, "active" | "inactive" | "dissolved"> = {
  "hoạt động": "active",
  "đang hoạt động": "active",
  active: "active",
  "tạm ngừng": "inactive",
  inactive: "inactive",
  "giải thể": "dissolved",
  dissolved: "dissolved",
};
const STATUS_OUT = { active: "Hoạt động", inactive: "Tạm ngừng", dissolved: "Giải thể" } as const;
const ROLE_LABELS: Record<string, "leader" | "deputy" | "member"> = {
  "tổ trưởng": "leader",
  leader: "leader",
  "tổ phó": "deputy",
  deputy: "deputy",
  "thành viên": "member",
  member: "member",
  "": "member",
};
const ROLE_OUT = { leader: "Tổ trưởng", deputy: "Tổ phó", member: "Thành viên" } as const;

/** Builds the commune's registry workbook (every village, with or without a team). */
export async function exportCommuneTeams(options: { db: Db; communeId: number }): Promise<Buffer> {
  const data = await rows<{
    unitCode: string;
    unitName: string;
    teamName: string | null;
    foundingDecision: string | null;
    foundedOn: string | null;
    status: keyof typeof STATUS_OUT | null;
    fullName: string | null;
    role: keyof typeof ROLE_OUT | null;
    phone: string | null;
    kind: string;
  }>(
    options.db,
    sql`select u.code as "unitCode", u.name as "unitName", t.name as "teamName",
        t.founding_decision as "foundingDecision", t.founded_on::text as "foundedOn", t.status,
        m.full_name as "fullName", m.role, m.phone, u.kind
      from org_unit u
      left join community_team t on t.unit_id = u.id and t.status <> 'dissolved'
      left join community_team_member m on m.team_id = t.id and m.status = 'active'
      where (u.parent_id = ${options.communeId} and u.kind = 'village' and u.valid_to is null) or u.id = ${options.communeId}
      order by u.kind = 'commune', u.code, case m.role when 'leader' then 0 when 'deputy' then 1 else 2 end, m.id`,
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = "DX Monitor";
  const ws = wb.addWorksheet("To CNS cong dong");
  ws.columns = TEAM_SHEET_COLUMNS.map((c) => ({ header: c.vi, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of data) {
    // The commune itself is listed only when it has a commune-level team.
    if (r.kind === "commune" && r.teamName === null) continue;
    const { kind: _kind, ...cells } = r;
    const row = ws.addRow({
      ...cells,
      foundedOn: r.foundedOn
        ? `${r.foundedOn.slice(8, 10)}/${r.foundedOn.slice(5, 7)}/${r.foundedOn.slice(0, 4)}`
        : "",
      status: r.status ? STATUS_OUT[r.status] : "",
      role: r.role ? ROLE_OUT[r.role] : "",
    });
    row.getCell("phone").numFmt = "@";
    row.getCell("unitCode").numFmt = "@";
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value).trim();
}

function parseDate(text: string): string | null | undefined {
  if (text === "") return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let iso: string | undefined;
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) iso = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  if (!iso) return undefined;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

interface TParsedTeam {
  unitId: number;
  row: number;
  name: string;
  foundingDecision: string | null;
  foundedOn: string | null;
  status: "active" | "inactive" | "dissolved";
  members: TTeamMemberInput[];
}

/** Reads and checks the workbook against the commune's villages; returns the teams or every problem. */
export async function parseCommuneTeams(options: {
  db: Db;
  communeId: number;
  file: Buffer;
}): Promise<{ teams: TParsedTeam[]; issues: TImportIssue[] }> {
  const issues: TImportIssue[] = [];
  const issue = (row: number, field: string, vi: string, en: string) =>
    issues.push({ row, field, message: vi, messageEn: en });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(options.file as unknown as ArrayBuffer);
  } catch {
    issue(0, "file", "Tệp không phải là bảng tính XLSX hợp lệ", "The file is not a valid XLSX workbook");
    return { teams: [], issues };
  }
  const ws = wb.worksheets[0];
  if (!ws) {
    issue(0, "file", "Tệp không có trang tính nào", "The workbook has no sheet");
    return { teams: [], issues };
  }
  const header = TEAM_SHEET_COLUMNS.map((_, i) => cellText(ws.getRow(1).getCell(i + 1).value).toLowerCase());
  TEAM_SHEET_COLUMNS.forEach((c, i) => {
    if (header[i] !== c.vi.toLowerCase())
      issue(1, c.key, `Cột ${i + 1} phải là "${c.vi}"`, `Column ${i + 1} must be "${c.vi}" (${c.en})`);
  });
  if (issues.length > 0) return { teams: [], issues };

  const units = await rows<{ id: number; code: string }>(
    options.db,
    sql`select id, code from org_unit where ((parent_id = ${options.communeId} and kind = 'village') or id = ${options.communeId})
      and valid_to is null`,
  );
  const unitByCode = new Map(units.map((u) => [u.code, u.id]));
  const teams = new Map<number, TParsedTeam>();
  const named = new Set<number>();
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const get = (key: (typeof TEAM_SHEET_COLUMNS)[number]["key"]) =>
      cellText(row.getCell(TEAM_SHEET_COLUMNS.findIndex((c) => c.key === key) + 1).value);
    const code = get("unitCode");
    const values = TEAM_SHEET_COLUMNS.map((c) => get(c.key));
    if (values.every((v) => v === "")) return;
    const unitId = unitByCode.get(code);
    if (!unitId) {
      issue(
        n,
        "unitCode",
        `Mã thôn "${code}" không thuộc xã này`,
        `Village code "${code}" is not in this commune`,
      );
      return;
    }
    const teamName = get("teamName");
    const fullName = get("fullName");
    let team = teams.get(unitId);
    if (teamName !== "") {
      const statusText = get("status").toLowerCase();
      const status = statusText === "" ? "active" : STATUS_LABELS[statusText];
      if (!status)
        issue(
          n,
          "status",
          `Trạng thái "${get("status")}" không hợp lệ (Hoạt động, Tạm ngừng, Giải thể)`,
          `Unknown status "${get("status")}" (active, inactive, dissolved)`,
        );
      const foundedOn = parseDate(get("foundedOn"));
      if (foundedOn === undefined)
        issue(
          n,
          "foundedOn",
          `Ngày thành lập "${get("foundedOn")}" không hợp lệ (dd/mm/yyyy)`,
          `Founding date "${get("foundedOn")}" is invalid (dd/mm/yyyy)`,
        );
      if (teamName.length < 3) issue(n, "teamName", "Tên tổ quá ngắn", "Team name is too short");
      const fields = {
        name: teamName,
        foundingDecision: get("foundingDecision") || null,
        foundedOn: foundedOn ?? null,
        status: status ?? "active",
      };
      if (team && named.has(unitId)) {
        if (team.name !== fields.name || team.foundingDecision !== fields.foundingDecision)
          issue(
            n,
            "teamName",
            `Thôn "${code}" có hai tổ khác nhau trong tệp`,
            `Village "${code}" has two different teams in the file`,
          );
      } else {
        team = { ...(team ?? { unitId, row: n, members: [] }), ...fields };
        teams.set(unitId, team);
        named.add(unitId);
      }
    }
    if (fullName !== "") {
      if (!team) {
        team = {
          unitId,
          row: n,
          name: "",
          foundingDecision: null,
          foundedOn: null,
          status: "active",
          members: [],
        };
        teams.set(unitId, team);
      }
      const role = ROLE_LABELS[get("role").toLowerCase()];
      if (!role)
        issue(
          n,
          "role",
          `Vai trò "${get("role")}" không hợp lệ (Tổ trưởng, Tổ phó, Thành viên)`,
          `Unknown role "${get("role")}" (leader, deputy, member)`,
        );
      if (fullName.length < 2) issue(n, "fullName", "Họ tên quá ngắn", "Member name is too short");
      let phone = get("phone").replace(/\s+/g, " ");
      // A phone typed as a number loses its leading zero in Excel: 912345678 → 0912345678.
      if (/^[1-9]\d{8}$/.test(phone)) phone = `0${phone}`;
      if (phone !== "" && !/^\+?[0-9 .]{8,15}$/.test(phone))
        issue(n, "phone", `Số điện thoại "${phone}" không hợp lệ`, `Phone "${phone}" is invalid`);
      if (role === "leader" && team.members.some((m) => m.role === "leader"))
        issue(n, "role", `Thôn "${code}" có hai tổ trưởng`, `Village "${code}" has two leaders`);
      team.members.push({ fullName, role: role ?? "member", phone: phone || null });
    }
  });
  for (const t of teams.values())
    if (!named.has(t.unitId))
      issue(t.row, "teamName", "Có thành viên nhưng thiếu tên tổ", "Members listed without a team name");
  return { teams: [...teams.values()], issues };
}

/**
 * Imports a commune's workbook: checks every row, then (only if all are good) creates or updates each
 * team and makes its member list what the file says, in the caller's transaction, and refreshes the
 * figures once. Throws RegistryError 400 with `details.issues` listing every problem otherwise.
 */
export async function importCommuneTeams(options: {
  db: Db;
  communeId: number;
  file: Buffer;
  actor: string;
}): Promise<TImportResult> {
  const { db, communeId, actor } = options;
  const { teams, issues } = await parseCommuneTeams(options);
  if (issues.length > 0)
    throw new RegistryError({
      status: 400,
      code: "import_rejected",
      vi: `Tệp có ${issues.length} lỗi; chưa ghi dữ liệu nào. Hãy sửa và tải lên lại.`,
      en: `The file has ${issues.length} problem(s); nothing was written. Fix them and upload again.`,
      field: "file",
      details: { issues },
    });
  const commune = await one<{ provinceId: number }>(
    db,
    sql`select province_id as "provinceId" from org_unit where id = ${communeId}`,
  );
  const result: TImportResult = {
    teamsCreated: 0,
    teamsUpdated: 0,
    membersAdded: 0,
    membersUpdated: 0,
    membersLeft: 0,
    figuresWritten: 0,
  };
  const provinceId = commune!.provinceId;
  for (const t of teams) {
    const live = await one<{
      id: number;
      name: string;
      fd: string | null;
      fo: string | null;
      status: string;
    }>(
      db,
      sql`select id, name, founding_decision as fd, founded_on::text as fo, status from community_team
        where unit_id = ${t.unitId} and status <> 'dissolved'`,
    );
    let teamId: number;
    if (live) {
      teamId = live.id;
      if (
        live.name !== t.name ||
        live.fd !== t.foundingDecision ||
        live.fo !== t.foundedOn ||
        live.status !== t.status
      ) {
        await db.execute(sql`update community_team set name = ${t.name}, founding_decision = ${t.foundingDecision},
            founded_on = ${t.foundedOn}, status = ${t.status}, updated_by = ${actor}, updated_at = now(),
            version = version + 1
          where id = ${teamId}`);
        result.teamsUpdated++;
      }
    } else {
      const created = await one<{ id: number }>(
        db,
        sql`insert into community_team (province_id, commune_id, unit_id, name, founding_decision, founded_on, status,
            created_by, updated_by)
          values (${provinceId}, ${communeId}, ${t.unitId}, ${t.name}, ${t.foundingDecision}, ${t.foundedOn},
            ${t.status}, ${actor}, ${actor}) returning id`,
      );
      teamId = created!.id;
      result.teamsCreated++;
    }
    const s = await syncMembers({ db, teamId, provinceId, members: t.members, actor });
    result.membersAdded += s.added;
    result.membersUpdated += s.updated;
    result.membersLeft += s.left;
  }
  result.figuresWritten = await refreshAfterChange({ db, provinceId, communeId });
  return result;
}
