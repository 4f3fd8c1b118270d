import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TFramework } from "../../core/evaluation/index.ts";
import { parsePeriod } from "../../core/period.ts";
import { rows, withActor } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs } from "../testing.ts";

/**
 * A small commune framework whose points are easy to check by hand (100 points):
 * A (government, 50) = A1 ratio 20 + A2 yes-with-evidence 10 (mandatory) + A3 indicator MH_CQS04 20 (mandatory);
 * B (society, 50) = B1 steps 30 (≥4 → 30, ≥2 → 15) + B2 categorical 20. A1, B1, B2 are extended.
 */
const TEST_FRAMEWORK: TFramework = {
  code: "TEST-XA",
  version: "2024",
  nameVi: "Bộ tiêu chí thử nghiệm cấp xã",
  nameEn: "Test commune criteria",
  scope: "commune",
  legalBasis: { number: "01/QĐ-UBND", issuer: "UBND tỉnh Minh Họa", date: "2024-01-15" },
  maxPoints: 100,
  publishedDecimals: 2,
  source: "test",
  children: [
    {
      kind: "index",
      code: "A",
      nameVi: "Chính quyền số",
      nameEn: "Digital government",
      maxPoints: 50,
      pillar: "government",
      children: [
        {
          kind: "criterion",
          code: "A1",
          nameVi: "Tỷ lệ",
          nameEn: "Ratio",
          maxPoints: 20,
          requirement: "extended",
          scoring: { type: "ratio" },
        },
        {
          kind: "criterion",
          code: "A2",
          nameVi: "Có quy chế",
          nameEn: "Has rules",
          maxPoints: 10,
          requirement: "mandatory",
          scoring: { type: "boolean_evidence" },
        },
        {
          kind: "criterion",
          code: "A3",
          nameVi: "Hồ sơ trực tuyến",
          nameEn: "Online files",
          maxPoints: 20,
          requirement: "mandatory",
          scoring: { type: "indicator", indicatorCode: "MH_CQS04", scale: { kind: "ratio", target: 100 } },
        },
      ],
    },
    {
      kind: "index",
      code: "B",
      nameVi: "Xã hội số",
      nameEn: "Digital society",
      maxPoints: 50,
      pillar: "society",
      children: [
        {
          kind: "criterion",
          code: "B1",
          nameVi: "Số buổi tập huấn",
          nameEn: "Trainings",
          maxPoints: 30,
          requirement: "extended",
          scoring: {
            type: "steps",
            steps: [
              { threshold: 4, points: 30 },
              { threshold: 2, points: 15 },
            ],
          },
        },
        {
          kind: "criterion",
          code: "B2",
          nameVi: "Mức độ",
          nameEn: "Level",
          maxPoints: 20,
          requirement: "extended",
          scoring: {
            type: "categorical",
            options: [
              { code: "full", labelVi: "Đầy đủ", share: 1 },
              { code: "half", labelVi: "Một phần", share: 0.5 },
            ],
          },
        },
      ],
    },
  ],
};

const EVIDENCE = ["https://minhhoa.example/qd-01.pdf"];

/** Commune i's self-assessment: A1 = i/10 (2i points), A2 yes with evidence (none for i = 9), A3 100 %, B1 4, B2 full. */
function answersOf(i: number) {
  return {
    A1: { numerator: i, denominator: 10 },
    A2: { met: true, evidence: i === 9 ? [] : EVIDENCE },
    A3: { value: 100 },
    B1: { value: 4 },
    B2: { option: "full" },
  };
}

describe.each(testDatabaseKinds())("evaluation API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let communes: Array<{ id: number; name: string }>;
  let thuky: Record<string, string>;
  let thamdinh: Record<string, string>;
  let baocao: Record<string, string>;
  let lanhdao: Record<string, string>;
  let frameworkId: number;
  let round2023: number;
  let round: number;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 10 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    communes = await rows<{ id: number; name: string }>(
      db.orm,
      sql`select id, full_name as name from org_unit where kind = 'commune' and province_id = ${provinceId} order by code`,
    );
    thuky = await loginAs(app, "thuky");
    thamdinh = await loginAs(app, "thamdinh");
    baocao = await loginAs(app, "baocao");
    lanhdao = await loginAs(app, "lanhdao");
    // Commune 0 reported 45/50 online files (90 %) for 2024: its indicator criterion reads 18 of 20 points.
    const p = parsePeriod("2024");
    await withActor(db.orm, { actor: "system:test" }, (tx) =>
      tx.execute(sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type, period_start,
          period_end, numerator, denominator, status)
        select ${provinceId}, id, ${communes[0].id}, '2024', 'year', ${p.startDate}::date, ${p.endDate}::date, 45, 50, 'approved'
        from indicator where code = 'MH_CQS04'`),
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (options: {
    method?: string;
    url: string;
    body?: unknown;
    as?: Record<string, string>;
  }) => {
    const r = await app.inject({
      method: (options.method ?? "GET") as "GET",
      url: options.url,
      payload: options.body as object | undefined,
      headers: options.as ?? thuky,
    });
    return { status: r.statusCode, body: r.json() };
  };

  it("reproduces Đà Nẵng's DTI 2022 (0,8002) from a framework created from the template", async () => {
    const created = await call({
      method: "POST",
      url: "/api/evaluation/frameworks",
      body: { ownerUnitId: provinceId, templateId: "dti-province-2022" },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("draft");
    expect(created.body.legalBasis).toBe("922/QĐ-BTTTT (2022-05-20)");
    const activated = await call({
      method: "POST",
      url: `/api/evaluation/frameworks/${created.body.id}/activate`,
    });
    expect(activated.status).toBe(200);
    expect(activated.body.status).toBe("active");
    const r = await call({
      method: "POST",
      url: `/api/evaluation/frameworks/${created.body.id}/composite`,
      body: {
        values: {
          "1": 1,
          "2": 0.9,
          "3": 0.8253,
          "4": 0.8487,
          "5": 0.7578,
          "7": 0.8575,
          "8": 0.7836,
          "9": 0.5197,
        },
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.publishedText).toBe("0,8002");
    expect(r.body.value).toBe(0.800175);
    const bad = await call({
      method: "POST",
      url: `/api/evaluation/frameworks/${created.body.id}/composite`,
      body: { values: { "6": 1 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("values.6");
  });

  it("keeps drafts editable, refuses to activate an inconsistent one, and detects a stale save", async () => {
    const broken = structuredClone(TEST_FRAMEWORK);
    broken.children[0].maxPoints = 40; // children add up to 50
    const created = await call({
      method: "POST",
      url: "/api/evaluation/frameworks",
      body: { ownerUnitId: provinceId, definition: broken },
    });
    expect(created.status).toBe(201);
    expect(created.body.issues.some((i: { code: string }) => i.code === "points_mismatch")).toBe(true);
    const refused = await call({
      method: "POST",
      url: `/api/evaluation/frameworks/${created.body.id}/activate`,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("framework_inconsistent");
    expect(refused.body.error.field).toBe("definition");
    const saved = await call({
      method: "PUT",
      url: `/api/evaluation/frameworks/${created.body.id}`,
      body: { rowVersion: created.body.rowVersion, definition: TEST_FRAMEWORK },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.issues.filter((i: { severity: string }) => i.severity === "error")).toEqual([]);
    const stale = await call({
      method: "PUT",
      url: `/api/evaluation/frameworks/${created.body.id}`,
      body: { rowVersion: created.body.rowVersion, definition: TEST_FRAMEWORK },
    });
    expect(stale.status).toBe(409);
    const shape = await call({
      method: "PUT",
      url: `/api/evaluation/frameworks/${created.body.id}`,
      body: { rowVersion: saved.body.rowVersion, definition: { code: "x" } },
    });
    expect(shape.status).toBe(400);
    expect(shape.body.error.field).toBe("definition");
    const notAllowed = await call({
      method: "POST",
      url: "/api/evaluation/frameworks",
      body: { ownerUnitId: provinceId, templateId: "local-commune" },
      as: baocao,
    });
    expect(notAllowed.status).toBe(403);
    const ok = await call({ method: "POST", url: `/api/evaluation/frameworks/${created.body.id}/activate` });
    expect(ok.status).toBe(200);
    frameworkId = created.body.id;
  });

  it("runs the previous year's round (2 communes) and publishes it", async () => {
    const open = await call({
      method: "POST",
      url: "/api/evaluation/rounds",
      body: {
        provinceId,
        frameworkId,
        year: 2023,
        unitGroup: "commune",
        selfDeadline: "2099-01-01T00:00:00Z",
        unitIds: [communes[1].id, communes[2].id],
      },
    });
    expect(open.status).toBe(201);
    round2023 = open.body.id;
    const full = {
      A1: { numerator: 5, denominator: 5 },
      A2: { met: true, evidence: EVIDENCE },
      A3: { value: 100 },
      B1: { value: 5 },
      B2: { option: "full" },
    };
    const w = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round2023}/units/${communes[1].id}/answers`,
      body: { answers: full, submit: true },
    });
    expect(w.status).toBe(200);
    expect(w.body.selfScore.total.publishedText).toBe("1,00");
    const early = await call({ method: "POST", url: `/api/evaluation/rounds/${round2023}/publish` });
    expect(early.status).toBe(409);
    const r = await call({ method: "GET", url: `/api/evaluation/rounds/${round2023}` });
    await call({
      method: "PATCH",
      url: `/api/evaluation/rounds/${round2023}`,
      body: { rowVersion: r.body.rowVersion, selfDeadline: "2024-01-31T00:00:00Z" },
    });
    const pub = await call({ method: "POST", url: `/api/evaluation/rounds/${round2023}/publish` });
    expect(pub.status).toBe(200);
    expect(pub.body.phase).toBe("published");
  });

  it("collects self-assessments of 10 communes, in scope only, until the deadline", async () => {
    const open = await call({
      method: "POST",
      url: "/api/evaluation/rounds",
      body: {
        provinceId,
        frameworkId,
        year: 2024,
        unitGroup: "commune",
        selfDeadline: "2099-01-01T00:00:00Z",
      },
    });
    expect(open.status).toBe(201);
    expect(open.body.participants).toBe(10);
    expect(open.body.phase).toBe("self_assessment");
    round = open.body.id;

    // The commune reporter answers for its own commune, and nowhere else.
    const own = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[0].id}/answers`,
      body: { answers: answersOf(0), submit: true },
      as: baocao,
    });
    expect(own.status).toBe(200);
    // A3 comes from the reported 45/50 = 90 % (not the entered 100): 0 + 10 + 18 + 30 + 20 = 78.
    expect(own.body.items.find((i: { code: string }) => i.code === "A3").indicatorValue).toBe(90);
    expect(own.body.selfScore.total.points).toBe(78);
    expect(own.body.participant.status).toBe("submitted");
    const other = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[3].id}/answers`,
      body: { answers: answersOf(3) },
      as: baocao,
    });
    expect(other.status).toBe(403);
    const unknown = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[3].id}/answers`,
      body: { answers: { Z9: { value: 1 } } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("answers.Z9");

    for (let i = 1; i < 10; i++) {
      const r = await call({
        method: "PUT",
        url: `/api/evaluation/rounds/${round}/units/${communes[i].id}/answers`,
        body: { answers: answersOf(i), submit: true },
      });
      expect(r.status).toBe(200);
      expect(r.body.selfScore.total.points).toBe(i === 9 ? 88 : 80 + 2 * i);
    }
    const c9 = await call({ url: `/api/evaluation/rounds/${round}/units/${communes[9].id}` });
    expect(c9.body.criteria.find((c: { code: string }) => c.code === "A2").flags).toContain(
      "missing_evidence",
    );

    // Deadline passes: self-assessment writes are refused with a bilingual error.
    const r = await call({ url: `/api/evaluation/rounds/${round}` });
    const moved = await call({
      method: "PATCH",
      url: `/api/evaluation/rounds/${round}`,
      body: { rowVersion: r.body.rowVersion, selfDeadline: "2025-01-31T10:00:00Z" },
    });
    expect(moved.body.phase).toBe("appraisal");
    const late = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[0].id}/answers`,
      body: { answers: { B1: { value: 5 } } },
      as: baocao,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("round_locked");
    expect(late.body.error.message).toContain("Đã hết hạn tự đánh giá (17:00 ngày 31/01/2025)");
    expect(late.body.error.messageEn).toContain("deadline");
  });

  it("appraises criterion by criterion: accept, one adjustment, a request for evidence", async () => {
    const acceptAll = ["A1", "A2", "A3", "B1", "B2"].map((code) => ({ code, action: "accept" }));
    for (let i = 0; i < 10; i++) {
      const items =
        i === 8
          ? acceptAll.map((x) =>
              x.code === "A1"
                ? {
                    code: "A1",
                    action: "adjust",
                    answer: { numerator: 5, denominator: 10 },
                    reason: "Biên bản chỉ ghi nhận 5/10",
                  }
                : x,
            )
          : i === 9
            ? acceptAll.map((x) =>
                x.code === "A2"
                  ? { code: "A2", action: "request_evidence", reason: "Thiếu quyết định ban hành quy chế" }
                  : x,
              )
            : acceptAll;
      const r = await call({
        method: "PUT",
        url: `/api/evaluation/rounds/${round}/units/${communes[i].id}/appraisal`,
        body: { items },
        as: thamdinh,
      });
      expect(r.status).toBe(200);
      expect(r.body.participant.status).toBe(i === 9 ? "submitted" : "appraised");
    }
    const c8 = await call({ url: `/api/evaluation/rounds/${round}/units/${communes[8].id}`, as: thamdinh });
    expect(c8.body.selfScore.total.points).toBe(96);
    expect(c8.body.finalScore.total.points).toBe(90);
    const a1 = c8.body.items.find((i: { code: string }) => i.code === "A1");
    expect(a1).toMatchObject({
      selfPoints: 16,
      appraisal: "adjusted",
      finalPoints: 10,
      appraisalReason: "Biên bản chỉ ghi nhận 5/10",
    });

    const noReason = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[8].id}/appraisal`,
      body: { items: [{ code: "A1", action: "adjust", answer: { numerator: 1, denominator: 10 } }] },
      as: thamdinh,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe("items.0.reason");
    const reporterAppraises = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[0].id}/appraisal`,
      body: { items: acceptAll },
      as: baocao,
    });
    expect(reporterAppraises.status).toBe(403);

    // After the deadline commune 9 may still answer the request for evidence, and only that criterion.
    const onlyA2 = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[9].id}/answers`,
      body: { answers: { B1: { value: 9 } } },
    });
    expect(onlyA2.status).toBe(409);
    const evidence = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[9].id}/answers`,
      body: { answers: { A2: { met: true, evidence: ["https://minhhoa.example/qd-09.pdf"] } } },
    });
    expect(evidence.status).toBe(200);
    expect(evidence.body.items.find((i: { code: string }) => i.code === "A2").appraisal).toBe("pending");
    const accepted = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[9].id}/appraisal`,
      body: { items: [{ code: "A2", action: "accept" }] },
      as: thamdinh,
    });
    expect(accepted.body.participant.status).toBe("appraised");
    expect(accepted.body.finalScore.total.points).toBe(98);

    const trail = await call({ url: `/api/evaluation/rounds/${round}/units/${communes[8].id}/trail` });
    const a1Trail = trail.body.items.filter((t: { criterionCode: string }) => t.criterionCode === "A1");
    expect(a1Trail.map((t: { action: string }) => t.action)).toEqual(["insert", "update"]);
    expect(a1Trail[1]).toMatchObject({
      appraisal: "adjusted",
      reason: "Biên bản chỉ ghi nhận 5/10",
      selfPoints: 16,
      appraisedPoints: 10,
    });
    expect(a1Trail[1].actor).toMatch(/^user:/);
  });

  it("hides unpublished results from the leader, then publishes and ranks with ties", async () => {
    const hidden = await call({ url: `/api/evaluation/rounds/${round}/results`, as: lanhdao });
    expect(hidden.status).toBe(409);
    const pub = await call({ method: "POST", url: `/api/evaluation/rounds/${round}/publish` });
    expect(pub.status).toBe(200);
    const locked = await call({
      method: "PUT",
      url: `/api/evaluation/rounds/${round}/units/${communes[1].id}/appraisal`,
      body: { items: [{ code: "A1", action: "accept" }] },
      as: thamdinh,
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe("round_published");

    const r = await call({ url: `/api/evaluation/rounds/${round}/results`, as: lanhdao });
    expect(r.status).toBe(200);
    const idx = new Map(communes.map((c, i) => [c.id, i]));
    // Final points: c9 98, c7 94, c6 92, c5 90 = c8 90 (adjusted), c4 88, c3 86, c2 84, c1 82, c0 78.
    const table = r.body.rows.map(
      (row: { unitId: number; total: { rank: number }; publishedText: string }) => [
        idx.get(row.unitId),
        row.total.rank,
        row.publishedText,
      ],
    );
    expect(table).toEqual([
      [9, 1, "0,98"],
      [7, 2, "0,94"],
      [6, 3, "0,92"],
      [5, 4, "0,90"],
      [8, 4, "0,90"],
      [4, 6, "0,88"],
      [3, 7, "0,86"],
      [2, 8, "0,84"],
      [1, 9, "0,82"],
      [0, 10, "0,78"],
    ]);
    const c8 = r.body.rows.find((x: { unitId: number }) => x.unitId === communes[8].id);
    expect(c8.selfValue).toBe(0.96);
    expect(c8.total).toMatchObject({ tied: true, of: 10 });
    // Pillars: government = index A (c8: 10 + 10 + 20 = 40 of 50); society is 50/50 for everyone (all tied 1st).
    expect(c8.pillars.government).toMatchObject({ value: 0.8, rank: 4 });
    expect(c8.pillars.society).toMatchObject({ value: 1, rank: 1, tied: true });
    // Year on year against 2023 (c1 100 points, c2 0 points).
    expect(r.body.previousRound.id).toBe(round2023);
    const c1 = r.body.rows.find((x: { unitId: number }) => x.unitId === communes[1].id);
    expect(c1.total).toMatchObject({ change: -0.18, rankChange: -8 });
    const c2 = r.body.rows.find((x: { unitId: number }) => x.unitId === communes[2].id);
    expect(c2.total).toMatchObject({ change: 0.84, rankChange: -6 });
    expect(r.body.rows[0].total.change).toBeNull();
    expect(r.body.distribution).toMatchObject({ count: 10, min: 0.78, max: 0.98, median: 0.89 });

    const analysis = await call({
      url: `/api/evaluation/rounds/${round}/units/${communes[0].id}/analysis`,
      as: baocao,
    });
    expect(analysis.status).toBe(200);
    expect(analysis.body.weaknesses.map((w: { code: string }) => w.code)).toEqual(["A1", "A3"]);
  });

  it("gives rank intervals from the seeded Monte Carlo", async () => {
    const r = await call({ url: `/api/evaluation/rounds/${round}/sensitivity?seed=7&runs=200`, as: lanhdao });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ runs: 200, seed: 7, perturbation: 0.2, baseWeights: { A: 0.5, B: 0.5 } });
    // Index B is 1 for everyone, so only index A orders the units: no weight change can move a rank.
    for (const u of r.body.units) {
      expect(u.minRank).toBe(u.baseRank);
      expect(u.maxRank).toBe(u.baseRank);
      expect(u.shareAtBaseRank).toBe(1);
    }
    expect(r.body.units.map((u: { baseRank: number }) => u.baseRank)).toEqual([
      1, 2, 3, 4, 4, 6, 7, 8, 9, 10,
    ]);
    const again = await call({
      url: `/api/evaluation/rounds/${round}/sensitivity?seed=7&runs=200`,
      as: lanhdao,
    });
    expect(again.body).toEqual(r.body);
    const bad = await call({ url: `/api/evaluation/rounds/${round}/sensitivity?runs=0`, as: lanhdao });
    expect(bad.status).toBe(400);
  });

  it("documents every evaluation route in the OpenAPI document", async () => {
    const doc = await call({ url: "/api/openapi.json" });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/evaluation/frameworks/{id}/activate",
        "/api/evaluation/rounds/{id}/units/{unitId}/answers",
        "/api/evaluation/rounds/{id}/units/{unitId}/appraisal",
        "/api/evaluation/rounds/{id}/sensitivity",
        "/api/evaluation/rounds/{id}/recognition",
      ]),
    );
  });

  it("lists recognition levels by rule, and the rule is data", async () => {
    const r = await call({ url: `/api/evaluation/rounds/${round}/recognition`, as: lanhdao });
    expect(r.status).toBe(200);
    // Mandatory A2 and A3 at full points: commune 0 misses A3 (18/20); the others meet B1 and B2 (2/3 extended ≥ 30 %).
    expect(r.body.summary).toEqual({ none: 1, basic: 0, advanced: 9 });
    const c0 = r.body.units.find((u: { unitId: number }) => u.unitId === communes[0].id);
    expect(c0.level).toBe("none");
    expect(c0.reasons[0].criteria).toEqual(["A3"]);
    const f = await call({ url: `/api/evaluation/frameworks/${frameworkId}` });
    const strict = {
      ...f.body.recognitionRule,
      advanced: { ...f.body.recognitionRule.advanced, minExtendedShare: 1 },
    };
    const set = await call({
      method: "PUT",
      url: `/api/evaluation/frameworks/${frameworkId}/recognition-rule`,
      body: { rule: strict },
    });
    expect(set.status).toBe(200);
    const again = await call({ url: `/api/evaluation/rounds/${round}/recognition`, as: lanhdao });
    expect(again.body.summary).toEqual({ none: 1, basic: 9, advanced: 0 });
  });

  it("opens a round only with units of its province, and leaves no empty round behind", async () => {
    const before = await rows<{ n: number }>(db.orm, sql`select count(*)::int as n from eval_round`);
    const nation = await rows<{ id: number }>(db.orm, sql`select id from org_unit where kind = 'nation'`);
    const body = {
      provinceId,
      frameworkId,
      year: 2025,
      unitGroup: "commune",
      selfDeadline: "2099-01-01T00:00:00Z",
    };
    const outside = await call({
      method: "POST",
      url: "/api/evaluation/rounds",
      body: { ...body, unitIds: [communes[0].id, nation[0].id, 2_000_000] },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe("unitIds");
    expect(outside.body.error.message).toContain(String(nation[0].id));
    expect(outside.body.error.messageEn).toContain("2000000");
    const empty = await call({
      method: "POST",
      url: "/api/evaluation/rounds",
      body: { ...body, unitGroup: "other" },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.field).toBe("unitIds");
    const after = await rows<{ n: number }>(db.orm, sql`select count(*)::int as n from eval_round`);
    expect(after[0].n).toBe(before[0].n);
  });

  it("assigns appraisers only to participants and only people who may appraise them", async () => {
    const open = await call({
      method: "POST",
      url: "/api/evaluation/rounds",
      body: {
        provinceId,
        frameworkId,
        year: 2025,
        name: "Phân công thẩm định 2025",
        unitGroup: "commune",
        selfDeadline: "2099-01-01T00:00:00Z",
        appraisalDeadline: "2099-02-01T00:00:00Z",
        unitIds: [communes[0].id, communes[1].id, communes[2].id],
      },
    });
    expect(open.status).toBe(201);
    expect(open.body.participants).toBe(3);
    const id = open.body.id;

    const candidates = await call({ url: `/api/evaluation/rounds/${id}/appraisers` });
    expect(candidates.status).toBe(200);
    const names = candidates.body.items.map((c: { username: string }) => c.username);
    expect(names).toEqual(expect.arrayContaining(["thamdinh", "thuky"]));
    expect(names).not.toContain("baocao");
    expect(names).not.toContain("lanhdao");
    const reviewer = candidates.body.items.find((c: { username: string }) => c.username === "thamdinh");
    expect(reviewer.scopeNames).not.toBe("");
    const hidden = await call({ url: `/api/evaluation/rounds/${id}/appraisers`, as: thamdinh });
    expect(hidden.status).toBe(403);

    const assign = (body: unknown, as = thuky) =>
      call({ method: "PUT", url: `/api/evaluation/rounds/${id}/appraisers`, body, as });
    const ok = await assign({ unitIds: [communes[0].id, communes[1].id], userId: reviewer.userId });
    expect(ok).toEqual({ status: 200, body: { updated: 2 } });
    const detail = await call({ url: `/api/evaluation/rounds/${id}` });
    const byUnit = new Map(
      detail.body.items.map((p: { unitId: number; appraiserName: string | null }) => [
        p.unitId,
        p.appraiserName,
      ]),
    );
    expect(byUnit.get(communes[0].id)).toBe("Cán bộ thẩm định (minh họa)");
    expect(byUnit.get(communes[2].id)).toBeNull();
    const audited = await rows<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from audit_log where table_name = 'eval_participant' and reason = 'phân công thẩm định'`,
    );
    expect(audited[0].n).toBeGreaterThan(0);

    const reporterId = (
      await rows<{ id: number }>(db.orm, sql`select id from app_user where username = 'baocao'`)
    )[0].id;
    const reporter = await assign({ unitIds: [communes[0].id], userId: reporterId });
    expect(reporter.status).toBe(400);
    expect(reporter.body.error.field).toBe("userId");
    expect(reporter.body.error.message).toContain(communes[0].name);
    const nobody = await assign({ unitIds: [communes[0].id], userId: 2_000_000 });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.field).toBe("userId");
    const stranger = await assign({ unitIds: [communes[5].id], userId: reviewer.userId });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.field).toBe("unitIds");
    const byReviewer = await assign({ unitIds: [communes[2].id], userId: reviewer.userId }, thamdinh);
    expect(byReviewer.status).toBe(403);

    const cleared = await assign({ unitIds: [communes[1].id], userId: null });
    expect(cleared).toEqual({ status: 200, body: { updated: 1 } });
    const again = await call({ url: `/api/evaluation/rounds/${id}` });
    const c1 = again.body.items.find((p: { unitId: number }) => p.unitId === communes[1].id);
    expect(c1.appraiserUserId).toBeNull();
  });

  it("lists the published rounds in which the children of a unit take part", async () => {
    const r = await call({
      url: `/api/evaluation/rounds?status=published&parentUnitId=${provinceId}`,
      as: lanhdao,
    });
    expect(r.status).toBe(200);
    const ids = r.body.items.map((x: { id: number }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([round, round2023]));
    expect(r.body.items.every((x: { status: string }) => x.status === "published")).toBe(true);
    const all = await call({ url: `/api/evaluation/rounds?parentUnitId=${provinceId}`, as: lanhdao });
    expect(all.body.items.some((x: { status: string }) => x.status === "open")).toBe(true);
    const below = await call({ url: `/api/evaluation/rounds?parentUnitId=${communes[0].id}`, as: lanhdao });
    expect(below.body.items).toEqual([]);
  });
});
