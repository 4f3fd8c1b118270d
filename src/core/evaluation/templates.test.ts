import { describe, expect, it } from "vitest";
import { checkFramework, listCriteria, validateFramework, ZFramework } from "./framework.ts";
import { compositeFromIndexValues, scoreUnit } from "./scoring.ts";
import {
  createLocalFramework,
  DTI_PROVINCE_2022,
  DTI_PROVINCE_2025,
  FRAMEWORK_TEMPLATES,
} from "./templates.ts";

/** DTI 2022, provincial table published on dti.gov.vn: index values 1, 2, 3, 4, 5, 7, 8, 9 and the DTI. */
const DTI_2022_TOP5: Array<{ name: string; values: number[]; dti: string }> = [
  { name: "Đà Nẵng", values: [1.0, 0.9, 0.8253, 0.8487, 0.7578, 0.8575, 0.7836, 0.5197], dti: "0,8002" },
  { name: "Quảng Ninh", values: [0.9581, 0.9, 0.7648, 0.625, 0.5382, 0.8385, 0.5904, 0.4505], dti: "0,7024" },
  {
    name: "Thừa Thiên - Huế",
    values: [0.95, 0.9, 0.6823, 0.6794, 0.6423, 0.8262, 0.6787, 0.3001],
    dti: "0,6975",
  },
  { name: "Cần Thơ", values: [0.9, 0.8, 0.7233, 0.7376, 0.7226, 0.7325, 0.7556, 0.2947], dti: "0,6924" },
];
const CODES = ["1", "2", "3", "4", "5", "7", "8", "9"];
const byCode = (values: number[]) => Object.fromEntries(CODES.map((c, i) => [c, values[i]]));

describe("DTI 2022 template (Decision 922/QĐ-BTTTT)", () => {
  it("has the eight scored main indices with the decision's points, 1000 in total", () => {
    expect(DTI_PROVINCE_2022.children.map((n) => [n.code, n.nameVi, n.maxPoints])).toEqual([
      ["1", "Nhận thức số", 100],
      ["2", "Thể chế số", 100],
      ["3", "Hạ tầng số", 100],
      ["4", "Nhân lực số", 100],
      ["5", "An toàn thông tin mạng", 100],
      ["7", "Hoạt động chính quyền số", 200],
      ["8", "Hoạt động kinh tế số", 150],
      ["9", "Hoạt động xã hội số", 150],
    ]);
    expect(DTI_PROVINCE_2022.maxPoints).toBe(1000);
    expect(DTI_PROVINCE_2022.legalBasis).toMatchObject({ number: "922/QĐ-BTTTT", date: "2022-05-20" });
  });
  it("is a consistent framework whose placeholder criteria are all marked illustrative", () => {
    expect(ZFramework.safeParse(DTI_PROVINCE_2022).success).toBe(true);
    expect(checkFramework(DTI_PROVINCE_2022).filter((i) => i.severity === "error")).toEqual([]);
    const criteria = listCriteria(DTI_PROVINCE_2022);
    expect(criteria.length).toBeGreaterThanOrEqual(16);
    expect(criteria.every((c) => c.illustrative === true && (c.note ?? "").length > 0)).toBe(true);
    expect(DTI_PROVINCE_2022.children.every((n) => n.illustrative !== true)).toBe(true);
  });
  it("round-trips through JSON (frameworks are stored as JSON)", () => {
    const back = ZFramework.parse(JSON.parse(JSON.stringify(DTI_PROVINCE_2022)));
    expect(back).toEqual(DTI_PROVINCE_2022);
  });
  it("reproduces Đà Nẵng's published DTI 2022 exactly: 0,8002", () => {
    const r = compositeFromIndexValues({
      framework: DTI_PROVINCE_2022,
      values: byCode(DTI_2022_TOP5[0].values),
    });
    // (100 + 90 + 82.53 + 84.87 + 75.78 + 171.5 + 117.54 + 77.955) / 1000 = 0.800175
    expect(r.value).toBe(0.800175);
    expect(r.published).toBe(0.8002);
    expect(r.publishedText).toBe("0,8002");
  });
  it.each(DTI_2022_TOP5)("reproduces $name's published DTI ($dti)", ({ values, dti }) => {
    expect(
      compositeFromIndexValues({ framework: DTI_PROVINCE_2022, values: byCode(values) }).publishedText,
    ).toBe(dti);
  });
  it("recomputing from rounded index values can differ by one in the last decimal (TP. Hồ Chí Minh)", () => {
    // Published: 0,7163. From the rounded index values the exact sum is 0.716355, which rounds
    // half-up to 0,7164: the ministry computed from unrounded values. Exact arithmetic shows it.
    const r = compositeFromIndexValues({
      framework: DTI_PROVINCE_2022,
      values: byCode([0.8917, 0.9, 0.8258, 0.6267, 0.558, 0.8406, 0.7611, 0.359]),
    });
    expect(r.value).toBe(0.716355);
    expect(r.publishedText).toBe("0,7164");
    expect(Math.abs(r.published - 0.7163)).toBeLessThanOrEqual(0.0001 + 1e-12);
  });
  it("gives the same DTI through scoreUnit when every index is scored at its published value", () => {
    // Direct points per index reproduce the index values, exercising the full scoring path.
    const fw = {
      ...DTI_PROVINCE_2022,
      children: DTI_PROVINCE_2022.children.map((n) => ({
        ...n,
        kind: "index" as const,
        children: [
          {
            kind: "criterion" as const,
            code: `${n.code}.ALL`,
            nameVi: n.nameVi,
            nameEn: n.nameEn,
            maxPoints: n.maxPoints,
            scoring: { type: "direct" as const },
          },
        ],
      })),
    };
    const values = DTI_2022_TOP5[0].values;
    const answers = Object.fromEntries(
      fw.children.map((n, i) => [`${n.code}.ALL`, { points: Number((values[i] * n.maxPoints).toFixed(4)) }]),
    );
    const s = scoreUnit({ framework: fw, answers });
    expect(s.total.points).toBe(800.175);
    expect(s.total.publishedText).toBe("0,8002");
  });
});

describe("DTI 2025 template (Decision 405/QĐ-BKHCN)", () => {
  it("has the legal basis, 8 indices over three pillars plus foundation, and is marked illustrative", () => {
    expect(DTI_PROVINCE_2025.legalBasis).toMatchObject({ number: "405/QĐ-BKHCN", date: "2025-04-03" });
    expect(DTI_PROVINCE_2025.children).toHaveLength(8);
    expect(new Set(DTI_PROVINCE_2025.children.map((n) => n.pillar))).toEqual(
      new Set(["foundation", "government", "economy", "society"]),
    );
    expect(DTI_PROVINCE_2025.illustrative).toBe(true);
    expect(DTI_PROVINCE_2025.children.every((n) => n.illustrative === true)).toBe(true);
    expect(DTI_PROVINCE_2025.source).toContain("47 sub-indices");
    expect(ZFramework.safeParse(DTI_PROVINCE_2025).success).toBe(true);
  });
  it("uses the same index codes as 2022 so year-on-year comparison matches by code", () => {
    expect(DTI_PROVINCE_2025.children.map((n) => n.code)).toEqual(
      DTI_PROVINCE_2022.children.map((n) => n.code),
    );
  });
});

describe("local frameworks", () => {
  const legalBasis = { number: "123/QĐ-UBND", issuer: "UBND tỉnh Lào Cai", date: "2024-03-01" };
  it("creates an empty draft that validates with only an 'empty' warning", () => {
    const fw = createLocalFramework({
      scope: "commune",
      code: "LC-XA",
      version: "2024",
      provinceName: "Lào Cai",
      legalBasis,
    });
    expect(fw.children).toEqual([]);
    expect(fw.status).toBe("draft");
    expect(fw.maxPoints).toBe(100);
    expect(fw.nameVi).toContain("Lào Cai");
    const v = validateFramework(fw);
    expect(v.ok).toBe(true);
    expect(v.issues.map((i) => [i.severity, i.code])).toEqual([["warning", "empty_node"]]);
  });
  it("defaults departments to 1000 points", () => {
    const fw = createLocalFramework({
      scope: "department",
      code: "LC-SO",
      version: "2024",
      provinceName: "Lào Cai",
      legalBasis,
    });
    expect(fw.maxPoints).toBe(1000);
    expect(fw.scope).toBe("department");
  });
  it("lists the DTI templates with every template carrying its source", () => {
    expect(FRAMEWORK_TEMPLATES.map((t) => t.id)).toEqual(["dti-province-2022", "dti-province-2025"]);
    expect(FRAMEWORK_TEMPLATES.every((t) => t.framework.source.length > 50)).toBe(true);
  });
});
