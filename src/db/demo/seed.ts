import { hash } from "@node-rs/argon2";
import { sql } from "drizzle-orm";
import { parsePeriod } from "../../core/period.ts";
import { foldVietnamese } from "../../core/text.ts";
import { type Db, one, rows, withActor } from "../client.ts";
import { seedCommunityDemo } from "../community/demo.ts";
import { seedEvaluationDemo } from "../evaluation/demo.ts";
import { createDemoBoundaries } from "../geo.ts";
import { ensureNation, refreshPaths } from "../units.ts";
import {
  DEMO_AGENCIES,
  DEMO_TARGETS,
  NAME_PARTS,
  PERSON_NAMES,
  PILLARS,
  type TDemoTarget,
} from "./catalog.ts";
import { pick, seededRandom } from "./random.ts";

/** Code of the fictional demo province (no real province uses it). */
export const DEMO_PROVINCE_CODE = "99";
/** Password of every demo account (listed in README; demo accounts must not exist in production). */
export const DEMO_PASSWORD = "MinhHoa@2026";
/** Demo accounts, one per role. */
export const DEMO_USERS = [
  { username: "admin", displayName: "Quản trị hệ thống (minh họa)", role: "admin", scope: "nation" },
  { username: "thuky", displayName: "Thư ký Ban Chỉ đạo (minh họa)", role: "secretariat", scope: "province" },
  { username: "thamdinh", displayName: "Cán bộ thẩm định (minh họa)", role: "reviewer", scope: "province" },
  { username: "baocao", displayName: "Cán bộ báo cáo xã (minh họa)", role: "reporter", scope: "commune1" },
  { username: "baocao2", displayName: "Cán bộ báo cáo xã 2 (minh họa)", role: "reporter", scope: "commune2" },
  { username: "lanhdao", displayName: "Lãnh đạo tỉnh (minh họa)", role: "leader", scope: "province" },
] as const;

const QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"];

/** What the demo holds, for logs and tests. */
export interface TDemoSummary {
  provinceId: number;
  communes: number;
  villages: number;
  agencies: number;
  targets: number;
  dataValues: number;
  teams: number;
  members: number;
}

/** True when the demo province exists. */
export async function demoProvinceId(db: Db): Promise<number | undefined> {
  const r = await one<{ id: number }>(
    db,
    sql`select id from org_unit where kind = 'province' and code = ${DEMO_PROVINCE_CODE} and is_demo`,
  );
  return r?.id;
}

/** Makes sure the shared pillars exist. */
export async function ensurePillars(db: Db): Promise<Map<string, number>> {
  const payload = JSON.stringify(PILLARS.map((p, i) => ({ ...p, name_en: p.nameEn, sort: i + 1 })));
  await db.execute(sql`insert into pillar (code, kind, name, name_en, sort)
    select code, kind, name, name_en, sort from jsonb_to_recordset(${payload}::jsonb)
      as r(code text, kind text, name text, name_en text, sort int)
    on conflict (code) do nothing`);
  const r = await rows<{ id: number; code: string }>(db, sql`select id, code from pillar`);
  return new Map(r.map((x) => [x.code, x.id]));
}

/**
 * Creates the clearly labelled fictional "Tỉnh Minh Họa" with ~100 communes, 13 departments, villages,
 * a plan of 40 targets, two years of quarterly/6-month/9-month data with gaps, community teams and
 * one account per role. Deterministic: the same seed gives the same province.
 */
export async function createDemo(
  db: Db,
  options: { seed?: number; communes?: number } = {},
): Promise<TDemoSummary> {
  const rand = seededRandom(options.seed ?? 2026);
  const communeCount = options.communes ?? 102;
  return withActor(
    db,
    { actor: "system:demo", reason: "tạo tỉnh minh họa", bulkImportId: "demo" },
    async (tx) => {
      const nationId = await ensureNation(tx);
      const pillarIds = await ensurePillars(tx);
      const validFrom = "2025-07-01";
      const unit = async (u: {
        code: string;
        kind: string;
        level: number;
        name: string;
        fullName: string;
        nameEn?: string;
        unitType?: string;
        parentId: number;
        provinceId: number | null;
      }) => {
        const r = await one<{ id: number }>(
          tx,
          sql`insert into org_unit (code, kind, level, name, name_en, full_name, unit_type, parent_id, province_id,
            valid_from, is_demo, search_text, source)
          values (${u.code}, ${u.kind}, ${u.level}, ${u.name}, ${u.nameEn ?? null}, ${u.fullName},
            ${u.unitType ?? null}, ${u.parentId}, ${u.provinceId}, ${validFrom}, true,
            ${foldVietnamese(`${u.fullName} ${u.code}`)}, 'demo')
          returning id`,
        );
        return r!.id;
      };
      const provinceId = await unit({
        code: DEMO_PROVINCE_CODE,
        kind: "province",
        level: 1,
        name: "Minh Họa",
        nameEn: "Minh Hoa (demo)",
        fullName: "Tỉnh Minh Họa — dữ liệu minh họa",
        unitType: "Tỉnh",
        parentId: nationId,
        provinceId: null,
      });
      await tx.execute(sql`update org_unit set province_id = id where id = ${provinceId}`);

      const agencyIds = new Map<string, number>();
      for (const a of DEMO_AGENCIES) {
        agencyIds.set(
          a.code,
          await unit({
            code: `${DEMO_PROVINCE_CODE}-${a.code}`,
            kind: "agency",
            level: 2,
            name: a.name,
            nameEn: a.nameEn,
            fullName: a.name,
            parentId: provinceId,
            provinceId,
          }),
        );
      }

      // Communes: about a fifth wards, the rest communes; names unique within the province.
      const communes: Array<{
        id: number;
        code: string;
        name: string;
        ward: boolean;
        factor: number;
        size: number;
      }> = [];
      const used = new Set<string>();
      for (let i = 0; i < communeCount; i++) {
        let name = "";
        do name = `${pick(rand, NAME_PARTS.first)} ${pick(rand, NAME_PARTS.second)}`;
        while (used.has(name) || name.split(" ")[0] === name.split(" ")[1]);
        used.add(name);
        const ward = i < communeCount / 5;
        const code = `${DEMO_PROVINCE_CODE}${String(i + 1).padStart(3, "0")}`;
        const type = ward ? "Phường" : "Xã";
        const id = await unit({
          code,
          kind: "commune",
          level: 3,
          name,
          fullName: `${type} ${name}`,
          unitType: type,
          parentId: provinceId,
          provinceId,
        });
        // A few laggards make the rankings and "units behind" lists meaningful.
        const factor = i % 11 === 7 ? 0.55 + rand() * 0.15 : 0.85 + rand() * 0.3;
        communes.push({ id, code, name, ward, factor, size: 0.5 + rand() * 1.1 });
      }

      // Villages and community digital technology teams.
      const villages: Array<{ code: string; name: string; parent: number; communeIdx: number }> = [];
      communes.forEach((c, ci) => {
        const n = 4 + Math.floor(rand() * 6);
        for (let v = 1; v <= n; v++)
          villages.push({
            code: `${c.code}-${String(v).padStart(2, "0")}`,
            name: c.ward ? `Tổ dân phố ${v}` : `Thôn ${v}`,
            parent: c.id,
            communeIdx: ci,
          });
      });
      const villagePayload = JSON.stringify(
        villages.map((v) => ({
          code: v.code,
          name: v.name,
          full_name: `${v.name}, ${communes[v.communeIdx].ward ? "Phường" : "Xã"} ${communes[v.communeIdx].name}`,
          parent_id: v.parent,
        })),
      );
      const villageRows = await rows<{ id: number; code: string; parent_id: number; name: string }>(
        tx,
        sql`insert into org_unit (code, kind, level, name, full_name, unit_type, parent_id, province_id, valid_from,
          is_demo, search_text, source)
        select r.code, 'village', 4, r.name, r.full_name, 'Thôn', r.parent_id, ${provinceId}, ${validFrom}, true,
          lower(r.full_name), 'demo'
        from jsonb_to_recordset(${villagePayload}::jsonb) as r(code text, name text, full_name text, parent_id int)
        returning id, code, parent_id, name`,
      );
      await refreshPaths(tx);

      const teams: Array<Record<string, unknown>> = [];
      for (const v of villageRows) {
        if (rand() < 0.04) continue; // a few villages still have no team
        teams.push({
          commune_id: v.parent_id,
          unit_id: v.id,
          name: `Tổ công nghệ số cộng đồng ${v.name}`,
          leader_name: person(rand),
          founding_decision: `${Math.floor(rand() * 300) + 1}/QĐ-UBND`,
          founded_on: `2022-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-15`,
        });
      }
      const teamRows = await rows<{ id: number; leader_name: string }>(
        tx,
        sql`insert into community_team (province_id, commune_id, unit_id, name, leader_name, founding_decision, founded_on)
        select ${provinceId}, r.commune_id, r.unit_id, r.name, r.leader_name, r.founding_decision, r.founded_on
        from jsonb_to_recordset(${JSON.stringify(teams)}::jsonb)
          as r(commune_id int, unit_id int, name text, leader_name text, founding_decision text, founded_on date)
        returning id, leader_name`,
      );
      const members: Array<Record<string, unknown>> = [];
      for (const t of teamRows) {
        const n = 4 + Math.floor(rand() * 5);
        for (let m = 0; m < n; m++)
          members.push({
            team_id: t.id,
            full_name: m === 0 ? t.leader_name : person(rand),
            role: m === 0 ? "leader" : m === 1 ? "deputy" : "member",
            phone: `09${String(Math.floor(rand() * 1e8)).padStart(8, "0")}`,
          });
      }
      await tx.execute(sql`insert into community_team_member (province_id, team_id, full_name, role, phone)
      select ${provinceId}, r.team_id, r.full_name, r.role, r.phone
      from jsonb_to_recordset(${JSON.stringify(members)}::jsonb) as r(team_id int, full_name text, role text, phone text)`);

      // Plan, indicators, targets.
      const planRow = await one<{ id: number }>(
        tx,
        sql`insert into plan (code, name, name_en, owner_unit_id, province_id, legal_number, legal_issuer, legal_date,
          start_year, end_year, settings)
        values ('NQ-CDS', 'Nghị quyết về chuyển đổi số tỉnh Minh Họa đến năm 2025, định hướng đến năm 2030 (minh họa)',
          'Resolution on digital transformation of Minh Hoa province to 2025, orientation to 2030 (demo)',
          ${provinceId}, ${provinceId}, '01-NQ/TU', 'Tỉnh ủy Minh Họa', '2021-07-22', 2021, 2030,
          ${JSON.stringify({ nearThreshold: 0.7, rounding: "half_up" })}::jsonb)
        returning id`,
      );
      const planId = planRow!.id;
      const indicatorIds = new Map<string, number>();
      for (const [i, t] of DEMO_TARGETS.entries()) {
        const code = `MH_${t.code}`;
        const ind = await one<{ id: number }>(
          tx,
          sql`insert into indicator (code, name, name_en, kind, unit, numerator_label, denominator_label, aggregation,
            over_time, threshold, threshold_op, decimals, source, owner_unit_id)
          values (${code}, ${t.name}, ${t.nameEn}, ${t.kind}, ${t.unit}, ${t.numeratorLabel ?? null},
            ${t.denominatorLabel ?? null}, ${t.aggregation}, ${t.overTime},
            ${t.kind === "boolean" ? 1 : null}, ${t.kind === "boolean" ? ">=" : null},
            ${t.kind === "count" || t.kind === "rank" ? 0 : 1}, ${t.source ?? null}, ${provinceId})
          on conflict (code) do update set name = excluded.name
          returning id`,
        );
        indicatorIds.set(t.code, ind!.id);
        const target = await one<{ id: number }>(
          tx,
          sql`insert into target (plan_id, province_id, pillar_id, code, name, name_en, indicator_id, direction,
            national_benchmark, benchmark_note, responsible_unit_id, applies_to, sort, source)
          values (${planId}, ${provinceId}, ${pillarIds.get(t.pillar)!}, ${t.code}, ${t.name}, ${t.nameEn}, ${ind!.id},
            ${t.direction ?? "higher"}, ${t.benchmark ?? null}, ${t.benchmark === undefined ? null : "Mục tiêu quốc gia"},
            ${agencyIds.get(t.responsible) ?? null}, ${t.level === "commune" ? "commune" : "province"}, ${i + 1},
            ${t.source ?? null})
          returning id`,
        );
        const years = { ...t.targets };
        if (years[2030] === undefined) years[2030] = years[2025];
        for (const [year, value] of Object.entries(years))
          await tx.execute(
            sql`insert into target_value (target_id, year, value) values (${target!.id}, ${Number(year)}, ${value})`,
          );
      }

      // Forms: a quarterly commune form and a provincial 6-month form.
      const form = async (
        code: string,
        name: string,
        periodType: string,
        appliesTo: string,
        level: string,
      ) => {
        const f = await one<{ id: number }>(
          tx,
          sql`insert into data_set (code, name, period_type, plan_id, owner_unit_id, applies_to)
          values (${code}, ${name}, ${periodType}, ${planId}, ${provinceId}, ${appliesTo}) returning id`,
        );
        const els = DEMO_TARGETS.filter((t) => t.level === level);
        for (const [i, t] of els.entries())
          await tx.execute(sql`insert into data_set_element (data_set_id, indicator_id, section, sort, required)
          values (${f!.id}, ${indicatorIds.get(t.code)!}, ${PILLARS.find((p) => p.code === t.pillar)!.name}, ${i + 1},
            ${t.kind === "ratio"})`);
      };
      await form("MH-XA-QUY", "Báo cáo chuyển đổi số cấp xã (hằng quý)", "quarter", "commune", "commune");
      await form(
        "MH-TINH-6T",
        "Báo cáo chuyển đổi số cấp tỉnh (6 tháng, 9 tháng, năm)",
        "quarter",
        "province",
        "province",
      );

      // Values.
      const values: Array<Record<string, unknown>> = [];
      const push = (
        t: TDemoTarget,
        unitId: number,
        period: string,
        v: { num?: number; den?: number; value?: number },
      ) => {
        const p = parsePeriod(period);
        const status = p.year === 2026 && (p.endMonth ?? 12) > 6 ? "submitted" : "approved";
        values.push({
          indicator_id: indicatorIds.get(t.code),
          org_unit_id: unitId,
          period: p.code,
          period_type: p.type,
          period_start: p.startDate,
          period_end: p.endDate,
          numerator: v.num ?? null,
          denominator: v.den ?? null,
          value: v.value ?? null,
          status,
        });
      };
      const lateCommunes = new Set([3, 17, 58]);
      for (const t of DEMO_TARGETS.filter((x) => x.level === "commune")) {
        for (const [ci, c] of communes.entries()) {
          const threshold = rand();
          QUARTERS.forEach((q, qi) => {
            if (qi === QUARTERS.length - 1 && lateCommunes.has(ci)) return; // not reported yet
            if (rand() < 0.03) return; // gaps
            const share = clamp(t.start * c.factor + t.growth * qi + (rand() - 0.5) * 0.03, 0, 1);
            if (t.kind === "ratio") {
              const den = Math.max(1, Math.round((t.denominator ?? 100) * c.size * (0.92 + rand() * 0.16)));
              push(t, c.id, q, { num: Math.min(den, Math.round(share * den)), den });
            } else if (t.kind === "boolean") {
              push(t, c.id, q, { value: share >= threshold ? 1 : 0 });
            } else if (t.kind === "count") {
              push(t, c.id, q, {
                value: Math.max(
                  0,
                  Math.round((t.start + t.growth * qi) * c.factor * c.size * (0.8 + rand() * 0.4)),
                ),
              });
            } else {
              push(t, c.id, q, { value: round1(share * 100) });
            }
          });
        }
      }
      for (const t of DEMO_TARGETS.filter((x) => x.level === "province")) {
        const at = (qi: number) => t.start + t.growth * qi + (t.kind === "rank" ? 0 : (rand() - 0.5) * 0.01);
        const record = (period: string, qi: number, flowQuarters?: number[]) => {
          if (t.kind === "ratio") {
            const den = Math.round((t.denominator ?? 100) * (1 + qi * 0.01));
            push(t, provinceId, period, { num: Math.min(den, Math.round(clamp(at(qi), 0, 1) * den)), den });
          } else if (t.kind === "count" && t.overTime === "sum") {
            const qs = flowQuarters ?? [qi];
            push(t, provinceId, period, {
              value: qs.reduce((s, k) => s + Math.max(0, Math.round(at(k))), 0),
            });
          } else if (t.kind === "count" || t.kind === "rank") {
            push(t, provinceId, period, { value: Math.max(t.kind === "rank" ? 1 : 0, Math.round(at(qi))) });
          } else {
            push(t, provinceId, period, { value: round1(clamp(at(qi), 0, 1) * 100) });
          }
        };
        // Baseline years for trends and forecasts, then quarters, 6-month, 9-month and year figures.
        record("2023", -8, [-8, -7, -6, -5]);
        record("2024", -4, [-4, -3, -2, -1]);
        for (const [qi, q] of QUARTERS.entries()) record(q, qi);
        record("2025S1", 1, [0, 1]);
        record("2025N9", 2, [0, 1, 2]);
        record("2025", 3, [0, 1, 2, 3]);
        record("2026S1", 5, [4, 5]);
        record("2026N9", 6, [4, 5, 6]);
      }
      for (let i = 0; i < values.length; i += 5000) {
        const part = JSON.stringify(values.slice(i, i + 5000));
        await tx.execute(sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type,
          period_start, period_end, numerator, denominator, value, status, created_by, updated_by)
        select ${provinceId}, r.indicator_id, r.org_unit_id, r.period, r.period_type, r.period_start, r.period_end,
          r.numerator, r.denominator, r.value, r.status, 'system:demo', 'system:demo'
        from jsonb_to_recordset(${part}::jsonb) as r(indicator_id int, org_unit_id int, period text,
          period_type text, period_start date, period_end date, numerator numeric, denominator numeric,
          value numeric, status text)`);
      }

      // One account per role.
      const passwordHash = await hash(DEMO_PASSWORD);
      for (const u of DEMO_USERS) {
        const scope =
          u.scope === "nation"
            ? nationId
            : u.scope === "province"
              ? provinceId
              : u.scope === "commune1"
                ? communes[0].id
                : communes[1].id;
        const user = await one<{ id: number }>(
          tx,
          sql`insert into app_user (username, display_name, unit_id, password_hash, must_change_password, email)
          values (${u.username}, ${u.displayName}, ${scope}, ${passwordHash}, false, ${`${u.username}@minhhoa.example`})
          on conflict (username) do update set unit_id = excluded.unit_id
          returning id`,
        );
        await tx.execute(sql`insert into role_assignment (user_id, role, unit_id) values (${user!.id}, ${u.role}, ${scope})
        on conflict do nothing`);
      }
      // Made-up map boundaries so the demo's choropleths work out of the box (src/db/geo.ts).
      await createDemoBoundaries({ db: tx, provinceId });
      // Community teams' activities, registry figures and the commune DX programme (src/db/community/demo.ts).
      await seedCommunityDemo({ db: tx, provinceId });
      // The commune index: a published 2025 round and an open 2026 round (src/db/evaluation/demo.ts).
      await seedEvaluationDemo(tx, { provinceId });
      await tx.execute(sql`insert into app_setting (key, value) values ('demo', ${JSON.stringify({ provinceId, createdAt: new Date().toISOString() })}::jsonb)
      on conflict (key) do update set value = excluded.value, updated_at = now()`);

      return {
        provinceId,
        communes: communes.length,
        villages: villageRows.length,
        agencies: DEMO_AGENCIES.length,
        targets: DEMO_TARGETS.length,
        dataValues: values.length,
        teams: teamRows.length,
        members: members.length,
      };
    },
  );
}

function person(rand: () => number): string {
  return `${pick(rand, PERSON_NAMES.family)} ${pick(rand, PERSON_NAMES.middle)} ${pick(rand, PERSON_NAMES.given)}`;
}
function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
