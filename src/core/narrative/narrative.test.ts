import { describe, expect, it } from "vitest";
import { fixtureReportModel } from "./fixture.ts";
import {
  composeReport,
  DEFAULT_TEMPLATES,
  documentTables,
  documentText,
  formatMeasure,
  placeDateLine,
  renderTemplate,
  templatePlaceholders,
  validateTemplate,
} from "./index.ts";

describe("templates", () => {
  it("lists placeholders and rejects unknown ones and stray braces", () => {
    expect(templatePlaceholders("{a} và {b}, lại {a}")).toEqual(["a", "b"]);
    expect(validateTemplate({ text: "Đạt {achieved}/{total}", allowed: ["achieved", "total"] })).toEqual([]);
    const bad = validateTemplate({ text: "Đạt {acheived}/{total}", allowed: ["achieved", "total"] });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ code: "unknown_placeholder", placeholder: "acheived" });
    expect(bad[0].message).toContain("{achieved}");
    expect(validateTemplate({ text: "Đạt {achieved/{total}", allowed: ["achieved", "total"] })[0].code).toBe(
      "stray_brace",
    );
    expect(validateTemplate({ text: "  ", allowed: [] })[0].code).toBe("empty");
  });

  it("renders and refuses a missing value", () => {
    expect(renderTemplate("{a}/{b}", { a: "14", b: "38" })).toBe("14/38");
    expect(() => renderTemplate("{a}", {})).toThrow(/no value/);
  });

  it("ships defaults that only use their own placeholders", () => {
    for (const d of DEFAULT_TEMPLATES) {
      expect(validateTemplate({ text: d.vi, allowed: d.placeholders }), d.key).toEqual([]);
      expect(validateTemplate({ text: d.en, allowed: d.placeholders }), d.key).toEqual([]);
    }
    expect(new Set(DEFAULT_TEMPLATES.map((d) => d.key)).size).toBe(DEFAULT_TEMPLATES.length);
  });
});

describe("formatting", () => {
  it("formats measures and the Decree 30 date line", () => {
    expect(formatMeasure({ display: "89,5%", measureUnit: "%" })).toBe("89,5%");
    expect(formatMeasure({ display: "1.545", measureUnit: "tổ" })).toBe("1.545 tổ");
    expect(formatMeasure({ display: "—", measureUnit: "tổ" })).toBe("—");
    expect(placeDateLine({ place: "Minh Họa", date: "2026-02-05" })).toBe(
      "Minh Họa, ngày 05 tháng 02 năm 2026",
    );
    expect(placeDateLine({ place: "Minh Họa", date: "2026-10-15" })).toBe(
      "Minh Họa, ngày 15 tháng 10 năm 2026",
    );
  });
});

describe("composeReport", () => {
  it("writes the seed-style overall sentence from the model's figures", () => {
    const doc = composeReport({ model: fixtureReportModel() });
    const text = documentText(doc);
    expect(text).toContain(
      "Đến nay, tỉnh Minh Họa đã hoàn thành 14/38 mục tiêu theo Nghị quyết 01-NQ/TU, đạt 36,8%; trong đó chính quyền số 8/11, kinh tế số 2/6, xã hội số 1/3, hạ tầng số 3/18.",
    );
    expect(doc.subtitle).toBe(
      "Sơ kết công tác chuyển đổi số 9 tháng năm 2026 và nhiệm vụ trọng tâm thời gian tới",
    );
    expect(doc.header.numberLine).toMatch(/^Số: +\/BC-BCĐ$/);
    expect(doc.header.placeDate).toBe("Minh Họa, ngày 05 tháng 10 năm 2026");
    expect(text).toContain(
      "Kỳ 9 tháng năm 2026, các đơn vị đã báo cáo 98/102 số liệu được yêu cầu, đạt 96,1%.",
    );
    expect(text).toContain("Xã Bản Mây: Còn 5 thôn chưa có sóng 4G");
    expect(text).toContain("đã hoàn thành 1 nhiệm vụ (đạt 50,0%)");
    expect(text).toContain("Đang thực hiện (quá hạn)");
  });

  it("has one table per pillar plus units behind and tasks, with the full target rows", () => {
    const doc = composeReport({ model: fixtureReportModel() });
    const tables = documentTables(doc);
    expect(tables.map((t) => t.id)).toEqual([
      "CQS Chính quyền số",
      "KTS Kinh tế số",
      "XHS Xã hội số",
      "HT Hạ tầng số",
      "Đơn vị chậm",
      "Nhiệm vụ",
    ]);
    expect(tables[0].rows[0]).toEqual([
      "1",
      "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
      "80% (2026)",
      "89,5%",
      "Vượt mục tiêu",
    ]);
    expect(tables[2].rows[0][3]).toBe("1.545 tổ");
    for (const t of tables)
      for (const c of [t.columns]) expect(c.reduce((s, x) => s + x.width, 0)).toBeCloseTo(1);
  });

  it("uses an edited template, and says so when units wrote no narrative", () => {
    const model = { ...fixtureReportModel(), narratives: null, previousTasks: null };
    const doc = composeReport({
      model,
      templates: { overall: "Tỉnh đạt {achieved} trên {total} mục tiêu ({percent})." },
    });
    const text = documentText(doc);
    expect(text).toContain("Tỉnh đạt 14 trên 38 mục tiêu (36,8%).");
    expect(text).toContain("Chưa có nội dung do các đơn vị báo cáo cho phần này.");
    expect(text).toContain("Đây là kỳ sơ kết đầu tiên");
  });

  it("writes an English version and a year-end title", () => {
    const doc = composeReport({ model: { ...fixtureReportModel(), period: "2026" }, lang: "en" });
    expect(documentText(doc)).toContain("has achieved 14/38 targets of Nghị quyết 01-NQ/TU (36.8%)");
    expect(doc.subtitle).toContain("Annual review");
    const vi = composeReport({ model: { ...fixtureReportModel(), period: "2026" } });
    expect(vi.subtitle).toBe(
      "Tổng kết công tác chuyển đổi số năm 2026 và phương hướng, nhiệm vụ năm tiếp theo",
    );
  });
});

describe("diffModels", () => {
  it("reports nothing for the same figures and the moved ones after a correction", async () => {
    const { diffModels } = await import("./diff.ts");
    const before = fixtureReportModel();
    expect(diffModels(before, fixtureReportModel()).unchanged).toBe(true);
    const after = fixtureReportModel();
    after.counts = { ...after.counts, achieved: 15, percent: "39,5%" };
    after.pillars[1].counts = { ...after.pillars[1].counts, achieved: 3 };
    after.targets[3] = { ...after.targets[3], actualDisplay: "10,5%", status: "exceeded" };
    const d = diffModels(before, after);
    expect(d.unchanged).toBe(false);
    expect(d.summary.after).toEqual({ achieved: 15, total: 38, percent: "39,5%" });
    expect(d.pillars).toEqual([
      {
        code: "KTS",
        name: "Kinh tế số",
        before: { achieved: 2, total: 6 },
        after: { achieved: 3, total: 6 },
      },
    ]);
    expect(d.targets).toEqual([
      expect.objectContaining({
        code: "KTS02",
        before: { actual: "4,2%", status: "behind" },
        after: { actual: "10,5%", status: "exceeded" },
      }),
    ]);
  });
});
