/**
 * The demo province's commune index: a fictional commune framework (clearly marked as illustrative),
 * a finished and published 2025 round and an open 2026 round, so the evaluation pages show something on
 * first start. Deterministic: the same seed gives the same answers.
 */
import { sql } from "drizzle-orm";
import {
  DEFAULT_COMMUNE_RECOGNITION_RULE,
  listCriteria,
  scoreUnit,
  type TAnswer,
  type TCriterion,
  type TFramework,
  type TRecognitionRule,
} from "../../core/evaluation/index.ts";
import { type Db, rows } from "../client.ts";
import { seededRandom } from "../demo/random.ts";
import { insertFramework, setFrameworkStatus } from "./frameworks.ts";
import { indicatorValuesFor } from "./indicators.ts";
import { getRound, insertRound, listParticipants, markPublished } from "./rounds.ts";
import { computeScores, freezeResults, indicatorCodes } from "./scores.ts";

const crit = (c: Omit<TCriterion, "kind">): TCriterion => ({ kind: "criterion", ...c });

/** The demo commune framework (100 points, 4 indices, 12 criteria; indicator criteria read the demo data). */
export const DEMO_COMMUNE_FRAMEWORK: TFramework = {
  code: "MH-XA-CDS",
  version: "2025",
  nameVi: "Bộ tiêu chí đánh giá chuyển đổi số cấp xã tỉnh Minh Họa (minh họa)",
  nameEn: "Commune digital transformation index of Minh Hoa province (demo)",
  scope: "commune",
  legalBasis: {
    number: "15/QĐ-UBND",
    issuer: "UBND tỉnh Minh Họa (minh họa)",
    date: "2025-02-10",
    title: "Ban hành Bộ tiêu chí đánh giá chuyển đổi số cấp xã (dữ liệu minh họa)",
  },
  status: "draft",
  maxPoints: 100,
  publishedDecimals: 2,
  source: "Fictional demo framework of the fictional Minh Hoa province; not a legal text.",
  illustrative: true,
  children: [
    {
      kind: "index",
      code: "NT",
      nameVi: "Nền tảng chuyển đổi số",
      nameEn: "Foundations",
      maxPoints: 30,
      pillar: "foundation",
      children: [
        crit({
          code: "NT.1",
          nameVi: "Ban Chỉ đạo chuyển đổi số cấp xã do Chủ tịch UBND xã làm Trưởng ban",
          nameEn: "Commune DX steering committee chaired by the commune chairman",
          maxPoints: 10,
          requirement: "mandatory",
          scoring: {
            type: "categorical",
            options: [
              { code: "chair", labelVi: "Chủ tịch UBND xã", labelEn: "Chairman", share: 1 },
              { code: "deputy", labelVi: "Phó Chủ tịch UBND xã", labelEn: "Deputy chairman", share: 0.5 },
              { code: "none", labelVi: "Chưa thành lập", labelEn: "Not set up", share: 0 },
            ],
          },
        }),
        crit({
          code: "NT.2",
          nameVi: "Có chuyên mục chuyển đổi số trên trang thông tin điện tử của xã",
          nameEn: "A DX section on the commune website",
          maxPoints: 5,
          requirement: "mandatory",
          scoring: { type: "boolean_evidence" },
        }),
        crit({
          code: "NT.3",
          nameVi: "Tỷ lệ thôn, tổ dân phố được phủ sóng 4G/5G",
          nameEn: "Villages covered by 4G/5G",
          maxPoints: 10,
          requirement: "mandatory",
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "MH_HT02",
            scale: { kind: "linear", worst: 70, best: 100 },
          },
        }),
        crit({
          code: "NT.4",
          nameVi: "Tỷ lệ cán bộ, công chức được bồi dưỡng kỹ năng số",
          nameEn: "Staff trained in digital skills",
          maxPoints: 5,
          requirement: "extended",
          unit: "%",
          scoring: { type: "indicator", indicatorCode: "MH_NL01", scale: { kind: "ratio", target: 85 } },
        }),
      ],
    },
    {
      kind: "index",
      code: "CQS",
      nameVi: "Chính quyền số",
      nameEn: "Digital government",
      maxPoints: 30,
      pillar: "government",
      children: [
        crit({
          code: "CQS.1",
          nameVi: "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến",
          nameEn: "Administrative files processed online",
          maxPoints: 10,
          requirement: "mandatory",
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "MH_CQS04",
            scale: { kind: "linear", worst: 20, best: 50 },
          },
        }),
        crit({
          code: "CQS.2",
          nameVi: "Tỷ lệ văn bản đi được ký số",
          nameEn: "Outgoing documents digitally signed",
          maxPoints: 10,
          requirement: "mandatory",
          unit: "%",
          scoring: { type: "indicator", indicatorCode: "MH_CQS07", scale: { kind: "ratio", target: 95 } },
        }),
        crit({
          code: "CQS.3",
          nameVi: "Số cuộc họp không giấy tờ của UBND xã trong năm",
          nameEn: "Paperless meetings of the commune committee in the year",
          maxPoints: 10,
          requirement: "extended",
          unit: "cuộc họp",
          scoring: {
            type: "steps",
            steps: [
              { threshold: 12, points: 10 },
              { threshold: 6, points: 6 },
              { threshold: 1, points: 3 },
            ],
          },
        }),
      ],
    },
    {
      kind: "index",
      code: "KTS",
      nameVi: "Kinh tế số",
      nameEn: "Digital economy",
      maxPoints: 20,
      pillar: "economy",
      children: [
        crit({
          code: "KTS.1",
          nameVi: "Tỷ lệ thanh toán không dùng tiền mặt trong dịch vụ công",
          nameEn: "Cashless payments in public services",
          maxPoints: 10,
          requirement: "extended",
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "MH_KTS05",
            scale: { kind: "linear", worst: 10, best: 40 },
          },
        }),
        crit({
          code: "KTS.2",
          nameVi: "Hộ sản xuất nông nghiệp có tài khoản trên sàn thương mại điện tử",
          nameEn: "Farm households with an e-commerce account",
          maxPoints: 10,
          requirement: "extended",
          scoring: { type: "ratio" },
        }),
      ],
    },
    {
      kind: "index",
      code: "XHS",
      nameVi: "Xã hội số",
      nameEn: "Digital society",
      maxPoints: 20,
      pillar: "society",
      children: [
        crit({
          code: "XHS.1",
          nameVi: "Tỷ lệ thôn, tổ dân phố có Tổ công nghệ số cộng đồng",
          nameEn: "Villages with a community digital technology team",
          maxPoints: 10,
          requirement: "mandatory",
          unit: "%",
          scoring: { type: "indicator", indicatorCode: "MH_XHS05", scale: { kind: "ratio", target: 100 } },
        }),
        crit({
          code: "XHS.2",
          nameVi: "Tỷ lệ dân số có tài khoản định danh điện tử mức 2",
          nameEn: "Population with a level-2 electronic ID",
          maxPoints: 5,
          requirement: "extended",
          unit: "%",
          scoring: {
            type: "indicator",
            indicatorCode: "MH_XHS04",
            scale: { kind: "linear", worst: 40, best: 70 },
          },
        }),
        crit({
          code: "XHS.3",
          nameVi: "Mô hình điểm về chuyển đổi số được Hội đồng đánh giá",
          nameEn: "Model DX initiative, points by the council",
          maxPoints: 5,
          requirement: "extended",
          scoring: { type: "direct" },
        }),
      ],
    },
  ],
};

/** Demo recognition rule: criteria met at 80 % of their points, advanced at half the extended criteria (illustrative). */
export const DEMO_RECOGNITION_RULE: TRecognitionRule = {
  ...DEFAULT_COMMUNE_RECOGNITION_RULE,
  code: "MH-XA-CDS-CONG-NHAN",
  metShare: 0.8,
  advanced: { ...DEFAULT_COMMUNE_RECOGNITION_RULE.advanced, minExtendedShare: 0.5 },
  source:
    "Fictional rule of the demo province: the default commune rule, a criterion counting as met at 80 % of its points, " +
    "the advanced level needing half of the extended criteria.",
};

function answerFor(options: {
  criterion: TCriterion;
  rand: () => number;
  quality: number;
}): TAnswer | undefined {
  const { criterion: c, rand, quality } = options;
  const q = Math.min(1, Math.max(0, quality + (rand() - 0.5) * 0.3));
  switch (c.scoring.type) {
    case "categorical":
      return { option: q > 0.55 ? "chair" : q > 0.25 ? "deputy" : "none" };
    case "boolean_evidence": {
      const met = q > 0.3;
      // A few "yes" answers come without their evidence, as happens in real self-assessments.
      return {
        met,
        evidence: met && rand() > 0.1 ? ["https://minhhoa.example/van-ban/chuyen-muc-cds.pdf"] : [],
      };
    }
    case "steps":
      return { value: Math.round(q * 16) };
    case "ratio": {
      const den = 200 + Math.floor(rand() * 600);
      return { numerator: Math.round(den * q * 0.6), denominator: den };
    }
    case "direct":
      return { points: Math.round(q * 5 * 2) / 2 };
    default:
      return undefined; // indicator criteria read the reported data
  }
}

/** One answer row as the demo inserts it. */
interface TSeedAnswer {
  participant_id: number;
  code: string;
  self_answer: TAnswer | null;
  self_points: number | null;
  appraisal: "pending" | "accepted" | "adjusted";
  appraised_answer: TAnswer | null;
  appraised_points: number | null;
  reason: string | null;
  appraised_by: string | null;
}

/** Seeds the demo's commune index: framework, published 2025 round, open 2026 round. Returns the round ids. */
export async function seedEvaluationDemo(
  db: Db,
  options: { provinceId: number; seed?: number },
): Promise<{ frameworkId: number; publishedRoundId: number; openRoundId: number }> {
  const rand = seededRandom(options.seed ?? 2025);
  const actor = "system:demo";
  const frameworkId = await insertFramework(db, {
    ownerUnitId: options.provinceId,
    definition: DEMO_COMMUNE_FRAMEWORK,
    templateId: "local-commune",
    recognitionRule: DEMO_RECOGNITION_RULE,
    actor,
  });
  await setFrameworkStatus(db, { id: frameworkId, status: "active" });
  const framework: TFramework = { ...DEMO_COMMUNE_FRAMEWORK, status: "active" };
  const criteria = listCriteria(framework);
  const communes = await rows<{ id: number }>(
    db,
    sql`select id from org_unit where kind = 'commune' and province_id = ${options.provinceId} order by code`,
  );
  const quality = new Map(communes.map((c) => [c.id, 0.35 + rand() * 0.6]));

  const round = async (r: { year: number; selfDeadline: string; appraisalDeadline: string }) => {
    const created = await insertRound(db, {
      provinceId: options.provinceId,
      frameworkId,
      year: r.year,
      name: `Đánh giá chuyển đổi số cấp xã năm ${r.year} (minh họa)`,
      unitGroup: "commune",
      selfDeadline: r.selfDeadline,
      appraisalDeadline: r.appraisalDeadline,
    });
    return { id: created.id, participants: await listParticipants(db, created.id) };
  };

  const answersOf = (unitId: number, codes: readonly TCriterion[]): Record<string, TAnswer> => {
    const answers: Record<string, TAnswer> = {};
    for (const c of codes) {
      const a = answerFor({ criterion: c, rand, quality: quality.get(unitId) ?? 0.5 });
      if (a) answers[c.code] = a;
    }
    return answers;
  };
  // One statement per round, not per commune: the demo is created on every first start.
  const insertAnswers = async (list: TSeedAnswer[]) => {
    await db.execute(sql`insert into eval_answer (province_id, participant_id, criterion_code, self_answer, self_points,
        appraisal, appraised_answer, appraised_points, appraisal_reason, appraised_by, updated_by)
      select ${options.provinceId}, r.participant_id, r.code, r.self_answer, r.self_points, r.appraisal,
        r.appraised_answer, r.appraised_points, r.reason, r.appraised_by, ${actor}
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as r(participant_id int, code text, self_answer jsonb,
        self_points numeric, appraisal text, appraised_answer jsonb, appraised_points numeric, reason text, appraised_by text)`);
  };
  const setStatuses = async (list: Array<{ id: number; status: string }>) => {
    await db.execute(sql`update eval_participant p set status = r.status,
        submitted_at = case when r.status in ('submitted', 'appraised') then now() end
      from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as r(id int, status text) where p.id = r.id`);
  };

  // 2025: every commune answered, the council appraised (a few adjustments), results published.
  const past = await round({
    year: 2025,
    selfDeadline: "2026-01-20T10:00:00Z",
    appraisalDeadline: "2026-02-28T10:00:00Z",
  });
  const values2025 = await indicatorValuesFor(db, {
    unitIds: past.participants.map((p) => p.unitId),
    codes: indicatorCodes(framework),
    year: 2025,
  });
  const pastAnswers: TSeedAnswer[] = [];
  for (const [i, p] of past.participants.entries()) {
    const self = answersOf(p.unitId, criteria);
    const adjust = i % 9 === 4 && self["NT.1"]?.option === "chair";
    const final = adjust ? { ...self, "NT.1": { option: "deputy" } } : self;
    const indicatorValues = values2025.get(p.unitId) ?? {};
    const selfPoints = new Map(
      scoreUnit({ framework, answers: self, indicatorValues }).criteria.map((c) => [c.code, c.points]),
    );
    const finalPoints = new Map(
      scoreUnit({ framework, answers: final, indicatorValues }).criteria.map((c) => [c.code, c.points]),
    );
    for (const c of criteria) {
      const adjusted = adjust && c.code === "NT.1";
      pastAnswers.push({
        participant_id: p.id,
        code: c.code,
        self_answer: self[c.code] ?? null,
        self_points: self[c.code] ? (selfPoints.get(c.code) ?? 0) : null,
        appraisal: adjusted ? "adjusted" : "accepted",
        appraised_answer: adjusted ? final[c.code] : null,
        appraised_points: finalPoints.get(c.code) ?? 0,
        reason: adjusted ? "Quyết định thành lập Ban Chỉ đạo ghi Phó Chủ tịch làm Trưởng ban" : null,
        appraised_by: "system:demo-appraisal",
      });
    }
  }
  await insertAnswers(pastAnswers);
  await setStatuses(past.participants.map((p) => ({ id: p.id, status: "appraised" })));
  const pastRound = (await getRound(db, past.id))!;
  const scores = await computeScores(db, {
    round: pastRound,
    framework,
    participants: await listParticipants(db, past.id),
  });
  await freezeResults(db, { round: pastRound, scores });
  await markPublished(db, { id: past.id, actor });

  // 2026: open until mid-December; two thirds of the communes have started, half of those submitted.
  const open = await round({
    year: 2026,
    selfDeadline: "2026-12-15T10:00:00Z",
    appraisalDeadline: "2027-01-31T10:00:00Z",
  });
  const openAnswers: TSeedAnswer[] = [];
  const statuses: Array<{ id: number; status: string }> = [];
  for (const [i, p] of open.participants.entries()) {
    if (i === 1 || i % 3 === 2) continue; // not started (the second commune's reporter has it all to do)
    const partial = i === 0 || i % 2 === 1;
    const self = answersOf(p.unitId, partial ? criteria.slice(0, 4) : criteria);
    const points = new Map(scoreUnit({ framework, answers: self }).criteria.map((c) => [c.code, c.points]));
    for (const [code, a] of Object.entries(self)) {
      openAnswers.push({
        participant_id: p.id,
        code,
        self_answer: a,
        self_points: points.get(code) ?? 0,
        appraisal: "pending",
        appraised_answer: null,
        appraised_points: null,
        reason: null,
        appraised_by: null,
      });
    }
    statuses.push({ id: p.id, status: partial ? "draft" : "submitted" });
  }
  await insertAnswers(openAnswers);
  await setStatuses(statuses);
  return { frameworkId, publishedRoundId: past.id, openRoundId: open.id };
}
