/**
 * The community part of the fictional demo province: team activities for 2026, the demo's XHS05 target
 * linked to the registry's village coverage, registry figures for every demo quarter, and a 2026 commune
 * DX programme with registrations, answers and some recognitions. Deterministic for a given seed.
 */
import { sql } from "drizzle-orm";
import type { TAnswers } from "../../core/evaluation/scoring.ts";
import { type Db, one, rows } from "../client.ts";
import { seededRandom } from "../demo/random.ts";
import { linkIndicatorToMeasure, refreshCommunityFigures } from "./figures.ts";
import { createProgramme, recogniseRegistration, registerCommune, saveAnswers } from "./programme.ts";

const DEMO_QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"];
const ACTIVITY_QUARTERS = ["2026Q1", "2026Q2", "2026Q3"];

/** What the community demo holds. */
export interface TCommunityDemoSummary {
  activities: number;
  registrations: number;
  recognised: number;
}

function answersFor(rand: () => number, level: "basic" | "advanced"): TAnswers {
  const full = (den: number) => ({ numerator: den, denominator: den });
  const some = (den: number) => ({ numerator: Math.round(den * (0.6 + rand() * 0.3)), denominator: den });
  const strong = level === "advanced" || rand() < 0.8;
  return {
    BB2: strong ? full(120 + Math.floor(rand() * 200)) : some(150),
    BB3: { met: true },
    BB4: rand() < 0.9 ? full(20 + Math.floor(rand() * 10)) : some(25),
    MR1: level === "advanced" ? full(3000) : some(3000),
    MR2: level === "advanced" || rand() < 0.2 ? full(80) : some(80),
    MR3: { met: level === "advanced" || rand() < 0.3 },
    MR4: { met: rand() < 0.5 },
    MR5: { met: rand() < 0.3 },
    MR6: { points: level === "advanced" ? 10 : Math.floor(rand() * 10) },
  };
}

/**
 * Seeds the community part of the demo inside the demo's transaction (called at the end of createDemo).
 */
export async function seedCommunityDemo(options: {
  db: Db;
  provinceId: number;
  seed?: number;
}): Promise<TCommunityDemoSummary> {
  const { db, provinceId } = options;
  const rand = seededRandom((options.seed ?? 2026) + 10);

  const xhs05 = await one<{ id: number }>(db, sql`select id from indicator where code = 'MH_XHS05'`);
  if (xhs05) await linkIndicatorToMeasure({ db, indicatorId: xhs05.id, measure: "village_coverage" });

  const teams = await rows<{ id: number; communeId: number }>(
    db,
    sql`select id, commune_id as "communeId" from community_team where province_id = ${provinceId}
      and status = 'active' order by id`,
  );
  const activities: Array<Record<string, unknown>> = [];
  for (const t of teams)
    for (const q of ACTIVITY_QUARTERS) {
      if (rand() < 0.1) continue; // some teams did not report
      activities.push({
        commune_id: t.communeId,
        team_id: t.id,
        period: q,
        households_helped: 5 + Math.floor(rand() * 35),
        people_guided: 10 + Math.floor(rand() * 110),
        sessions: 1 + Math.floor(rand() * 6),
      });
    }
  await db.execute(sql`insert into community_team_activity (province_id, commune_id, team_id, period,
      households_helped, people_guided, sessions, created_by, updated_by)
    select ${provinceId}, r.commune_id, r.team_id, r.period, r.households_helped, r.people_guided, r.sessions,
      'system:demo', 'system:demo'
    from jsonb_to_recordset(${JSON.stringify(activities)}::jsonb) as r(commune_id int, team_id int, period text,
      households_helped int, people_guided int, sessions int)`);
  await refreshCommunityFigures({ db, provinceId, periods: DEMO_QUARTERS });

  const programmeId = await createProgramme({
    db,
    provinceId,
    year: 2026,
    name: "Chương trình xây dựng xã chuyển đổi số năm 2026 (minh họa)",
    legalBasis: "Kế hoạch số 15/KH-UBND (minh họa)",
  });
  const communes = await rows<{ id: number }>(
    db,
    sql`select id from org_unit where kind = 'commune' and province_id = ${provinceId} order by code`,
  );
  let registrations = 0;
  let recognised = 0;
  for (const [i, c] of communes.entries()) {
    // The demo's first commune (baocao) stays unregistered so the walkthrough can register it.
    if (i === 0 || rand() > 0.42) continue;
    const level = rand() < 0.06 ? "advanced" : "basic";
    const id = await registerCommune({ db, programmeId, communeId: c.id, level, actor: "system:demo" });
    registrations++;
    await saveAnswers({ db, id, answers: answersFor(rand, level), actor: "system:demo" });
    if (rand() < 0.5) {
      await recogniseRegistration({
        db,
        id,
        decision: `${100 + Math.floor(rand() * 800)}/QĐ-UBND (minh họa)`,
        actor: "system:demo",
      });
      recognised++;
    }
  }
  return { activities: activities.length, registrations, recognised };
}
