import { describe, expect, it } from "vitest";
import type { TCriterion, TFramework } from "./framework.ts";
import {
  DEFAULT_COMMUNE_RECOGNITION_RULE,
  evaluateRecognition,
  type TRecognitionRule,
  ZRecognitionResult,
  ZRecognitionRule,
} from "./recognition.ts";
import { scoreUnit, type TAnswers } from "./scoring.ts";

const direct = (code: string, maxPoints: number): TCriterion => ({
  kind: "criterion",
  code,
  nameVi: code,
  nameEn: code,
  maxPoints,
  scoring: { type: "direct" },
});

/** A commune framework: 4 mandatory criteria (10 points each) and `extended` extended criteria. */
function communeFramework(extended: number): TFramework {
  const eCodes = Array.from({ length: extended }, (_, i) => `E${i + 1}`);
  return {
    code: "XA-CDS",
    version: "2024",
    nameVi: "Tiêu chí xã chuyển đổi số",
    nameEn: "Commune DX criteria",
    scope: "commune",
    legalBasis: { number: "9/QĐ-UBND", issuer: "UBND tỉnh", date: "2024-02-01" },
    maxPoints: 40 + extended * 6,
    source: "test",
    children: [
      {
        kind: "index",
        code: "M",
        nameVi: "Bắt buộc",
        nameEn: "Mandatory",
        maxPoints: 40,
        requirement: "mandatory",
        children: ["M1", "M2", "M3", "M4"].map((c) => direct(c, 10)),
      },
      {
        kind: "index",
        code: "E",
        nameVi: "Mở rộng",
        nameEn: "Extended",
        maxPoints: extended * 6,
        requirement: "extended",
        children: eCodes.map((c) => direct(c, 6)),
      },
    ],
  };
}

function answers(options: { mandatoryMet: number; extendedMet: number }): TAnswers {
  const a: TAnswers = {};
  for (let i = 1; i <= 4; i++) a[`M${i}`] = { points: i <= options.mandatoryMet ? 10 : 9 };
  for (let i = 1; i <= 10; i++) a[`E${i}`] = { points: i <= options.extendedMet ? 6 : 0 };
  return a;
}

const evaluate = (options: {
  extended?: number;
  mandatoryMet: number;
  extendedMet: number;
  rule?: TRecognitionRule;
}) =>
  evaluateRecognition({
    rule: options.rule ?? DEFAULT_COMMUNE_RECOGNITION_RULE,
    scores: scoreUnit({ framework: communeFramework(options.extended ?? 10), answers: answers(options) }),
  });

describe("evaluateRecognition with the default commune rule", () => {
  it("is advanced at exactly 30 % of extended criteria (3/10)", () => {
    const r = evaluate({ mandatoryMet: 4, extendedMet: 3 });
    expect(r.level).toBe("advanced");
    expect(r.mandatory).toEqual({ met: 4, total: 4, share: 1 });
    expect(r.extended).toEqual({ met: 3, total: 10, share: 0.3 });
    expect(r.reasons.map((x) => x.code)).toEqual(["basic_reached", "advanced_reached"]);
    expect(ZRecognitionResult.safeParse(r).success).toBe(true);
  });
  it("is basic just below 30 % (2/10), naming the unmet extended criteria", () => {
    const r = evaluate({ mandatoryMet: 4, extendedMet: 2 });
    expect(r.level).toBe("basic");
    expect(r.reasons[1].code).toBe("extended_below_threshold");
    expect(r.reasons[1].messageVi).toBe("Đạt 2/10 tiêu chí mở rộng, cần 30% để đạt mức nâng cao.");
    expect(r.reasons[1].criteria).toHaveLength(8);
  });
  it("rounds nothing: with 7 extended criteria, 2/7 (28.6 %) is basic and 3/7 is advanced", () => {
    expect(evaluate({ extended: 7, mandatoryMet: 4, extendedMet: 2 }).level).toBe("basic");
    expect(evaluate({ extended: 7, mandatoryMet: 4, extendedMet: 3 }).level).toBe("advanced");
  });
  it("is none when one mandatory criterion misses full points, even with every extended one", () => {
    const r = evaluate({ mandatoryMet: 3, extendedMet: 10 });
    expect(r.level).toBe("none");
    expect(r.mandatory).toEqual({ met: 3, total: 4, share: 0.75 });
    expect(r.reasons).toEqual([
      {
        code: "mandatory_not_met",
        messageVi: "Đạt 3/4 tiêu chí bắt buộc, cần 100%; chưa đạt: M4.",
        messageEn: "3/4 mandatory criteria met, 100% required; not met: M4.",
        criteria: ["M4"],
      },
    ]);
  });
});

describe("configurable thresholds", () => {
  it("meets a criterion at a lower share of its maximum when configured (9/10 ≥ 90 %)", () => {
    const rule = { ...DEFAULT_COMMUNE_RECOGNITION_RULE, metShare: 0.9 };
    expect(evaluate({ mandatoryMet: 0, extendedMet: 0, rule }).level).toBe("basic");
    const stricter = { ...DEFAULT_COMMUNE_RECOGNITION_RULE, metShare: 0.95 };
    expect(evaluate({ mandatoryMet: 0, extendedMet: 0, rule: stricter }).level).toBe("none");
  });
  it("overrides the threshold per criterion", () => {
    const rule = { ...DEFAULT_COMMUNE_RECOGNITION_RULE, metShareByCriterion: { M4: 0.9 } };
    const r = evaluate({ mandatoryMet: 3, extendedMet: 0, rule });
    expect(r.level).toBe("basic");
    expect(r.criteria.find((c) => c.code === "M4")).toEqual({
      code: "M4",
      requirement: "mandatory",
      share: 0.9,
      threshold: 0.9,
      met: true,
    });
  });
  it("changes the extended share as data", () => {
    const rule = {
      ...DEFAULT_COMMUNE_RECOGNITION_RULE,
      advanced: { ...DEFAULT_COMMUNE_RECOGNITION_RULE.advanced, minExtendedShare: 0.5 },
    };
    expect(evaluate({ mandatoryMet: 4, extendedMet: 4, rule }).level).toBe("basic");
    expect(evaluate({ mandatoryMet: 4, extendedMet: 5, rule }).level).toBe("advanced");
  });
});

describe("edge cases and data", () => {
  it("recognises nobody when the framework has no mandatory criteria", () => {
    const fw = communeFramework(2);
    const noMandatory: TFramework = { ...fw, maxPoints: 12, children: [fw.children[1]] };
    const r = evaluateRecognition({
      rule: DEFAULT_COMMUNE_RECOGNITION_RULE,
      scores: scoreUnit({ framework: noMandatory, answers: { E1: { points: 6 }, E2: { points: 6 } } }),
    });
    expect(r.level).toBe("none");
    expect(r.reasons[0].code).toBe("no_mandatory_criteria");
  });
  it("cannot reach advanced without extended criteria", () => {
    const fw = communeFramework(0);
    const onlyMandatory: TFramework = { ...fw, children: [fw.children[0]] };
    const r = evaluateRecognition({
      rule: DEFAULT_COMMUNE_RECOGNITION_RULE,
      scores: scoreUnit({ framework: onlyMandatory, answers: answers({ mandatoryMet: 4, extendedMet: 0 }) }),
    });
    expect(r.level).toBe("basic");
    expect(r.reasons.map((x) => x.code)).toEqual(["basic_reached", "no_extended_criteria"]);
    expect(r.extended).toEqual({ met: 0, total: 0, share: null });
  });
  it("ships the default rule as valid data: 100 % mandatory, 30 % extended, met at full points", () => {
    const rule = ZRecognitionRule.parse(JSON.parse(JSON.stringify(DEFAULT_COMMUNE_RECOGNITION_RULE)));
    expect(rule.basic.minMandatoryShare).toBe(1);
    expect(rule.advanced.minMandatoryShare).toBe(1);
    expect(rule.advanced.minExtendedShare).toBe(0.3);
    expect(rule.metShare).toBe(1);
    expect(ZRecognitionRule.safeParse({ ...rule, metShare: 1.5 }).success).toBe(false);
  });
});
