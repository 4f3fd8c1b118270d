/**
 * Recognition rules as data: whether a commune (or department) is recognised as "đạt chuyển đổi
 * số" (basic) or "chuyển đổi số nâng cao" (advanced) from its criterion scores, counting the
 * criteria flagged mandatory ("bắt buộc") and extended ("mở rộng") in the framework.
 */
import { z } from "zod";
import { ZLegalBasis, ZRequirement } from "./framework.ts";
import { Dec, stored } from "./numeric.ts";
import type { TUnitScore } from "./scoring.ts";

const ZShare = z.number().min(0).max(1);

/** A recognition level's requirement: minimum shares of mandatory and extended criteria met. */
export const ZRecognitionLevelRule = z.object({
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  /** Share of mandatory criteria that must be met (1 = all). */
  minMandatoryShare: ZShare,
  /** Share of extended criteria that must be met (0 = none needed). */
  minExtendedShare: ZShare,
});
/** A recognition level's requirement. */
export type TRecognitionLevelRule = z.infer<typeof ZRecognitionLevelRule>;

/** A recognition rule. */
export const ZRecognitionRule = z.object({
  code: z.string().min(1),
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  legalBasis: ZLegalBasis.optional(),
  source: z.string().min(1),
  illustrative: z.boolean().optional(),
  /** A criterion is met when points / max points reaches this share (default 1: full points). */
  metShare: ZShare.optional(),
  /** Per-criterion override of {@link metShare}, keyed by criterion code. */
  metShareByCriterion: z.record(z.string(), ZShare).optional(),
  /** Lower level; "advanced" is only reached by a unit that also reaches "basic". */
  basic: ZRecognitionLevelRule,
  advanced: ZRecognitionLevelRule,
});
/** A recognition rule. */
export type TRecognitionRule = z.infer<typeof ZRecognitionRule>;

/** Recognition level. */
export const ZRecognitionLevel = z.enum(["none", "basic", "advanced"]);
/** Recognition level. */
export type TRecognitionLevel = z.infer<typeof ZRecognitionLevel>;

const ZCount = z.object({
  met: z.number().int(),
  total: z.number().int(),
  /** met / total; null when total is 0. */
  share: z.number().nullable(),
});

/** Result of {@link evaluateRecognition}. */
export const ZRecognitionResult = z.object({
  ruleCode: z.string(),
  level: ZRecognitionLevel,
  mandatory: ZCount,
  extended: ZCount,
  criteria: z.array(
    z.object({
      code: z.string(),
      requirement: ZRequirement,
      share: z.number(),
      threshold: z.number(),
      met: z.boolean(),
    }),
  ),
  /** Why the level is what it is, in both languages, for the notice to the unit. */
  reasons: z.array(
    z.object({
      code: z.enum([
        "no_mandatory_criteria",
        "mandatory_not_met",
        "basic_reached",
        "no_extended_criteria",
        "extended_below_threshold",
        "advanced_reached",
      ]),
      messageVi: z.string(),
      messageEn: z.string(),
      /** Criterion codes concerned (e.g. the unmet mandatory criteria). */
      criteria: z.array(z.string()),
    }),
  ),
});
/** Result of {@link evaluateRecognition}. */
export type TRecognitionResult = z.infer<typeof ZRecognitionResult>;

/**
 * The default commune rule: "đạt CĐS" when 100 % of mandatory criteria are met, "CĐS nâng cao"
 * when, in addition, at least 30 % of extended criteria are met; a criterion is met at full points.
 * Provinces set their own criteria lists and may change the shares: this is data, not code.
 */
export const DEFAULT_COMMUNE_RECOGNITION_RULE: TRecognitionRule = {
  code: "COMMUNE-DX-RECOGNITION",
  nameVi: "Công nhận xã đạt chuyển đổi số / chuyển đổi số nâng cao",
  nameEn: "Recognition of communes as digitally transformed / advanced",
  source:
    "Rule pattern used by provincial commune digital-transformation criteria sets (all mandatory criteria for the basic level; " +
    "mandatory plus at least 30 % of extended criteria for the advanced level), as stated in the DX Monitor design. " +
    "Each province issues its own criteria list and may set other shares: copy and adjust this rule per provincial decision.",
  illustrative: true,
  metShare: 1,
  basic: {
    nameVi: "Đạt chuyển đổi số",
    nameEn: "Digitally transformed (basic)",
    minMandatoryShare: 1,
    minExtendedShare: 0,
  },
  advanced: {
    nameVi: "Chuyển đổi số nâng cao",
    nameEn: "Advanced digital transformation",
    minMandatoryShare: 1,
    minExtendedShare: 0.3,
  },
};

const pct = (share: number): string => `${stored(new Dec(String(share)).times(100))}%`;

/**
 * Evaluates a recognition rule on a unit's scores. Shares are compared in exact decimals, so 3 of
 * 10 extended criteria is exactly 30 % and reaches a 30 % threshold. Criteria with no recognition
 * flag are ignored. A framework with no mandatory criteria recognises nobody (nothing to check);
 * one with no extended criteria cannot reach "advanced" when the rule asks for a positive share.
 */
export function evaluateRecognition(options: {
  rule: TRecognitionRule;
  scores: TUnitScore;
}): TRecognitionResult {
  const { rule, scores } = options;
  const criteria = scores.criteria
    .filter((c) => c.requirement !== null)
    .map((c) => {
      const threshold = rule.metShareByCriterion?.[c.code] ?? rule.metShare ?? 1;
      const share = new Dec(String(c.points)).div(String(c.maxPoints));
      return {
        code: c.code,
        requirement: c.requirement!,
        share: stored(share),
        threshold,
        met: share.gte(String(threshold)),
      };
    });
  const count = (req: "mandatory" | "extended") => {
    const of = criteria.filter((c) => c.requirement === req);
    const met = of.filter((c) => c.met).length;
    return {
      met,
      total: of.length,
      shareDec: of.length === 0 ? null : new Dec(met).div(of.length),
      unmet: of.filter((c) => !c.met).map((c) => c.code),
    };
  };
  const m = count("mandatory");
  const e = count("extended");
  const reaches = (level: { minMandatoryShare: number; minExtendedShare: number }): boolean => {
    const mandatoryOk = m.shareDec?.gte(String(level.minMandatoryShare)) === true;
    const extendedOk =
      level.minExtendedShare === 0 || e.shareDec?.gte(String(level.minExtendedShare)) === true;
    return mandatoryOk && extendedOk;
  };

  const reasons: TRecognitionResult["reasons"] = [];
  let level: TRecognitionLevel = "none";
  if (m.total === 0) {
    reasons.push({
      code: "no_mandatory_criteria",
      messageVi: "Bộ tiêu chí không có tiêu chí bắt buộc nào; không thể xét công nhận.",
      messageEn: "The framework has no mandatory criteria; recognition cannot be assessed.",
      criteria: [],
    });
  } else if (!reaches(rule.basic)) {
    reasons.push({
      code: "mandatory_not_met",
      messageVi: `Đạt ${m.met}/${m.total} tiêu chí bắt buộc, cần ${pct(rule.basic.minMandatoryShare)}; chưa đạt: ${m.unmet.join(", ")}.`,
      messageEn: `${m.met}/${m.total} mandatory criteria met, ${pct(rule.basic.minMandatoryShare)} required; not met: ${m.unmet.join(", ")}.`,
      criteria: m.unmet,
    });
  } else {
    level = "basic";
    reasons.push({
      code: "basic_reached",
      messageVi: `Đạt ${m.met}/${m.total} tiêu chí bắt buộc: ${rule.basic.nameVi}.`,
      messageEn: `${m.met}/${m.total} mandatory criteria met: ${rule.basic.nameEn}.`,
      criteria: [],
    });
    if (reaches(rule.advanced)) {
      level = "advanced";
      reasons.push({
        code: "advanced_reached",
        messageVi: `Đạt ${e.met}/${e.total} tiêu chí mở rộng (cần ${pct(rule.advanced.minExtendedShare)}): ${rule.advanced.nameVi}.`,
        messageEn: `${e.met}/${e.total} extended criteria met (${pct(rule.advanced.minExtendedShare)} required): ${rule.advanced.nameEn}.`,
        criteria: [],
      });
    } else if (e.total === 0) {
      reasons.push({
        code: "no_extended_criteria",
        messageVi: "Bộ tiêu chí không có tiêu chí mở rộng; không thể xét mức nâng cao.",
        messageEn: "The framework has no extended criteria; the advanced level cannot be reached.",
        criteria: [],
      });
    } else {
      reasons.push({
        code: "extended_below_threshold",
        messageVi: `Đạt ${e.met}/${e.total} tiêu chí mở rộng, cần ${pct(rule.advanced.minExtendedShare)} để đạt mức nâng cao.`,
        messageEn: `${e.met}/${e.total} extended criteria met, ${pct(rule.advanced.minExtendedShare)} required for the advanced level.`,
        criteria: e.unmet,
      });
    }
  }
  const out = (c: typeof m) => ({
    met: c.met,
    total: c.total,
    share: c.shareDec === null ? null : stored(c.shareDec),
  });
  return { ruleCode: rule.code, level, mandatory: out(m), extended: out(e), criteria, reasons };
}
