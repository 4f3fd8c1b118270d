import { describe, expect, it } from "vitest";
import { detectOutlier, type TFieldSpec, validateField, validateForm } from "./validation.ts";

const F: TFieldSpec[] = [
  {
    indicatorId: 1,
    code: "DVC",
    name: "Thủ tục trực tuyến",
    nameEn: "Online procedures",
    kind: "ratio",
    required: true,
  },
  {
    indicatorId: 2,
    code: "TO",
    name: "Số tổ công nghệ số",
    nameEn: "Digital teams",
    kind: "count",
    required: false,
  },
  { indicatorId: 3, code: "PCT", name: "Tỷ lệ hộ có cáp quang", kind: "percent", required: true },
  { indicatorId: 4, code: "CO", name: "Có trung tâm IOC", kind: "boolean", required: false },
  { indicatorId: 5, code: "HANG", name: "Xếp hạng", kind: "rank", required: false, maxValue: 63 },
];

describe("validateField", () => {
  it("refuses a numerator above the denominator, naming the field in both languages", () => {
    const [e] = validateField(F[0], { indicatorId: 1, numerator: 1966, denominator: 1761 });
    expect(e.code).toBe("ratio");
    expect(e.message).toBe("Thủ tục trực tuyến (DVC): tử số (1.966) lớn hơn mẫu số (1.761)");
    expect(e.messageEn).toBe(
      "Online procedures (DVC): numerator (1,966) is greater than the denominator (1,761)",
    );
  });
  it("accepts a proper ratio and asks for both halves", () => {
    expect(validateField(F[0], { indicatorId: 1, numerator: 1761, denominator: 1966 })).toEqual([]);
    expect(validateField(F[0], { indicatorId: 1, numerator: 5 })[0].code).toBe("incomplete");
  });
  it("checks types and ranges per kind", () => {
    expect(validateField(F[1], { indicatorId: 2, value: 2.5 })[0].code).toBe("type");
    expect(validateField(F[1], { indicatorId: 2, value: -1 })[0].code).toBe("range");
    expect(validateField(F[2], { indicatorId: 3, value: 101 })[0].code).toBe("range");
    expect(validateField(F[3], { indicatorId: 4, value: 2 })[0].code).toBe("type");
    expect(validateField(F[4], { indicatorId: 5, value: 64 })[0].message).toContain("không được lớn hơn 63");
    expect(validateField(F[4], { indicatorId: 5, value: 0 })[0].code).toBe("range");
    expect(validateField(F[2], { indicatorId: 3, value: Number.NaN })[0].code).toBe("type");
    expect(validateField(F[2], { indicatorId: 3, value: 55.5 })).toEqual([]);
  });
});

describe("validateForm", () => {
  const good = [
    { indicatorId: 1, numerator: 10, denominator: 20 },
    { indicatorId: 3, value: 40 },
  ];
  it("checks required fields only when submitting", () => {
    expect(validateForm({ fields: F, values: [] }).ok).toBe(true);
    const r = validateForm({ fields: F, values: [], submitting: true });
    expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual(["DVC:required", "PCT:required"]);
    expect(r.errors[0].messageEn).toBe("Online procedures (DVC): is required");
    expect(validateForm({ fields: F, values: good, submitting: true }).ok).toBe(true);
  });
  it("refuses values for indicators outside the form", () => {
    const r = validateForm({ fields: F, values: [{ indicatorId: 99, value: 1 }] });
    expect(r.errors[0].field).toBe("indicator:99");
  });
  it("evaluates cross-field rules with CODE, CODE.num and CODE.den; skips rules lacking inputs", () => {
    const rules = [
      {
        id: 7,
        expression: "TO <= DVC.num",
        message: "Số tổ không vượt số thủ tục",
        messageEn: "Teams ≤ procedures",
        severity: "error" as const,
      },
      {
        expression: "PCT >= DVC",
        message: "Cáp quang thấp",
        messageEn: "Fibre low",
        severity: "warning" as const,
      },
    ];
    const bad = validateForm({ fields: F, values: [...good, { indicatorId: 2, value: 11 }], rules });
    expect(bad.errors.map((e) => e.field)).toEqual(["rule:7"]);
    expect(bad.warnings.map((e) => e.field)).toEqual(["rule:2"]);
    const fine = validateForm({
      fields: F,
      values: [...good, { indicatorId: 2, value: 10 }],
      rules: [rules[0]],
    });
    expect(fine.ok).toBe(true);
    expect(validateForm({ fields: F, values: [{ indicatorId: 2, value: 10 }], rules }).ok).toBe(true);
    const broken = validateForm({ fields: F, values: good, rules: [{ ...rules[0], expression: "TO +" }] });
    expect(broken.errors[0].code).toBe("rule");
  });
  it("flags outliers against the unit's history as warnings, never errors", () => {
    const history = new Map([
      [2, [10, 11, 12, 11]],
      [3, [40, 42]],
    ]);
    const r = validateForm({ fields: F, values: [...good, { indicatorId: 2, value: 500 }], history });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => `${w.field}:${w.code}`)).toEqual(["TO:outlier"]);
    expect(r.warnings[0].message).toContain("trung vị 11");
    const normal = validateForm({ fields: F, values: [...good, { indicatorId: 2, value: 13 }], history });
    expect(normal.warnings).toEqual([]);
  });
});

describe("detectOutlier", () => {
  it("needs two earlier values and tolerates a flat history", () => {
    expect(detectOutlier({ value: 1000, history: [1] }).outlier).toBe(false);
    expect(detectOutlier({ value: 105, history: [100, 100, 100] }).outlier).toBe(false);
    expect(detectOutlier({ value: 200, history: [100, 100, 100] }).outlier).toBe(true);
    expect(detectOutlier({ value: 0, history: [100, 95, 105] }).outlier).toBe(true);
  });
});
