/**
 * Zod schemas of the commune DX programme API: a province's yearly programme (criteria + recognition
 * rule), communes' registrations at a level (basic / advanced), their answers, the recognition decided
 * by the evaluation-index engine's rule, and the province's status board ("72/173 registered, 69 basic,
 * 3 advanced"). Declared once, shared by server and web.
 */
import { z } from "zod";
import { ZRecognitionLevel, ZRecognitionResult } from "../../core/evaluation/recognition.ts";
import { ZAnswers } from "../../core/evaluation/scoring.ts";

const ZId = z.coerce.number().int().positive().max(2_147_483_647);

/** Registration levels. */
export const ZProgrammeLevel = z.enum(["basic", "advanced"]);

/** A programme as listed. */
export const ZProgramme = z.object({
  id: z.number().int(),
  provinceId: z.number().int(),
  year: z.number().int(),
  name: z.string(),
  legalBasis: z.string().nullable(),
  status: z.string(),
  ruleCode: z.string(),
  criteriaCount: z.number().int(),
});
/** Programme type. */
export type TProgramme = z.infer<typeof ZProgramme>;

/** Query of the programme list. */
export const ZProgrammeQuery = z.object({ provinceId: ZId });

/** Create a programme for a province and year (default criteria and rule unless given). */
export const ZProgrammeCreate = z.object({
  provinceId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  name: z.string().trim().min(3).max(500),
  legalBasis: z.string().trim().max(300).nullable().optional(),
});

/** A commune registers for the programme at a level. */
export const ZRegistrationCreate = z.object({
  communeId: z.number().int().positive(),
  level: ZProgrammeLevel,
});

/** A commune's answers (criterion code → answer, the evaluation engine's shape). */
export const ZAnswersBody = z.object({ answers: ZAnswers });

/** Record the recognition decided by the rule, with the decision number. */
export const ZRecogniseBody = z.object({
  decision: z.string().trim().min(3).max(200),
});

/** One criterion of the programme, for the answer form. */
export const ZProgrammeCriterion = z.object({
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  requirement: z.enum(["mandatory", "extended"]).nullable(),
  type: z.string(),
  maxPoints: z.number(),
  indicatorCode: z.string().nullable(),
});
/** Criterion type. */
export type TProgrammeCriterion = z.infer<typeof ZProgrammeCriterion>;

/** A registration with its answers and the rule's current verdict. */
export const ZRegistration = z.object({
  id: z.number().int(),
  programmeId: z.number().int(),
  year: z.number().int(),
  communeId: z.number().int(),
  communeName: z.string(),
  level: ZProgrammeLevel,
  registeredOn: z.string(),
  status: z.enum(["registered", "withdrawn"]),
  recognisedLevel: ZRecognitionLevel.nullable(),
  decision: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  criteria: z.array(ZProgrammeCriterion),
  answers: ZAnswers,
  /** What the rule says now from the answers (and registry indicator values). */
  evaluation: ZRecognitionResult,
  /** Score of the criteria, 0..100 points. */
  points: z.number(),
  maxPoints: z.number(),
});
/** Registration type. */
export type TRegistration = z.infer<typeof ZRegistration>;

/** A commune's row of the status board. */
export const ZBoardRow = z.object({
  communeId: z.number().int(),
  code: z.string(),
  name: z.string(),
  registrationId: z.number().int().nullable(),
  level: ZProgrammeLevel.nullable(),
  recognisedLevel: ZRecognitionLevel.nullable(),
  evaluatedLevel: ZRecognitionLevel.nullable(),
  mandatoryMet: z.number().int().nullable(),
  mandatoryTotal: z.number().int().nullable(),
  extendedMet: z.number().int().nullable(),
  extendedTotal: z.number().int().nullable(),
});
/** Board row type. */
export type TBoardRow = z.infer<typeof ZBoardRow>;

/** The province's programme status board. */
export const ZBoard = z.object({
  programme: ZProgramme,
  summary: z.object({
    communes: z.number().int(),
    registered: z.number().int(),
    basic: z.number().int(),
    advanced: z.number().int(),
    recognisedBasic: z.number().int(),
    recognisedAdvanced: z.number().int(),
    /** "72/173 xã đăng ký (69 cơ bản, 3 nâng cao)". */
    text: z.string(),
    textEn: z.string(),
  }),
  communes: z.array(ZBoardRow),
});
/** Board type. */
export type TBoard = z.infer<typeof ZBoard>;
