import { describe, expect, it } from "vitest";
import { findHeader, guessField, guessMapping } from "./mapping.ts";
import { parseAnnex, readTargetValue } from "./parse.ts";
import { guessPillar } from "./pillar.ts";
import { parseTabbedText } from "./table.ts";

const ANNEX = [
  "PHỤ LỤC: CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ ĐẾN NĂM 2025",
  "(Kèm theo Kế hoạch số 586/KH-UBND)",
  "STT\tMục tiêu, chỉ tiêu\tĐơn vị tính\tChỉ tiêu 2025\tChỉ tiêu 2030\tCơ quan chủ trì",
  "I\tCHÍNH QUYỀN SỐ\t\t\t\t",
  "1\tTỷ lệ dịch vụ công trực tuyến mức độ 4\t%\t80%\t100%\tSở Thông tin và Truyền thông",
  "2\tTỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng\t%\t90\t100\tVăn phòng UBND tỉnh",
  "II\tKINH TẾ SỐ\t\t\t\t",
  "3\tTỷ trọng kinh tế số trong GRDP\t%\t≥ 10%\t20%\tSở Kế hoạch và Đầu tư",
  "4\tSố doanh nghiệp công nghệ số\tDoanh nghiệp\t1.500\t3.000\tSở Thông tin và Truyền thông",
  "III\tXÃ HỘI SỐ\t\t\t\t",
  "5\tTỷ lệ hộ gia đình có cáp quang\t%\t80%\t\tSở Thông tin và Truyền thông",
  '6\t"Xếp hạng chỉ số\nchuyển đổi số (DTI)"\tHạng\tTop 30\tTop 20\tSở Thông tin và Truyền thông',
].join("\n");

describe("annex table", () => {
  it("reads tab-separated text with a quoted multi-line cell and keeps line numbers", () => {
    const t = parseTabbedText(ANNEX);
    expect(t.rows).toHaveLength(12);
    expect(t.rows[11][1]).toBe("Xếp hạng chỉ số\nchuyển đổi số (DTI)");
    expect(t.rowNumbers[4]).toBe(5);
    expect(t.rowNumbers[11]).toBe(12);
  });

  it("guesses fields from folded Vietnamese headers", () => {
    expect(guessField("STT")).toBe("stt");
    expect(guessField("Mục tiêu, chỉ tiêu")).toBe("name");
    expect(guessField("ĐVT")).toBe("unit");
    expect(guessField("Đơn vị tính")).toBe("unit");
    expect(guessField("Chỉ tiêu năm 2025")).toBe("year:2025");
    expect(guessField("chi tieu 2030")).toBe("year:2030");
    expect(guessField("Thực hiện năm 2020")).toBe("ignore");
    expect(guessField("Cơ quan chủ trì")).toBe("responsible");
    expect(guessField("Đơn vị chủ trì thực hiện")).toBe("responsible");
    expect(guessField("Mục tiêu quốc gia")).toBe("benchmark");
    expect(guessField("Thước đo")).toBe("ignore");
    expect(guessMapping(["STT", "Nội dung", "Chỉ tiêu", "2025"])).toEqual([
      "stt",
      "name",
      "ignore",
      "year:2025",
    ]);
  });

  it("finds the header below title lines and joins a second header row of years", () => {
    const t = parseTabbedText(ANNEX);
    expect(findHeader(t.rows)).toMatchObject({ headerRow: 2, bodyStart: 3 });
    const two = parseTabbedText("STT\tChỉ tiêu\tĐVT\tMục tiêu đến năm\t\n\t\t\t2025\t2030\n1\tA\t%\t80\t90");
    const h = findHeader(two.rows);
    expect(h.bodyStart).toBe(2);
    expect(guessMapping(h.headers)).toEqual(["stt", "name", "unit", "year:2025", "year:2030"]);
  });

  it("reads Vietnamese target values with comparators, ranks and yes/no", () => {
    expect(readTargetValue("80%")).toMatchObject({ value: "80", percent: true });
    expect(readTargetValue("≥ 90%")).toMatchObject({ value: "90", direction: "higher" });
    expect(readTargetValue("Tối thiểu 50%")).toMatchObject({ value: "50", percent: true });
    expect(readTargetValue("Dưới 5%")).toMatchObject({ value: "5", direction: "lower" });
    expect(readTargetValue("1.500")).toMatchObject({ value: "1500" });
    expect(readTargetValue("36,8")).toMatchObject({ value: "36.8" });
    expect(readTargetValue("Top 30")).toMatchObject({ value: "30", rank: true, direction: "lower" });
    expect(readTargetValue("100% số xã")).toMatchObject({ value: "100", percent: true });
    expect(readTargetValue("Có")).toMatchObject({ value: "1", boolean: true });
    expect(readTargetValue("")).toBeNull();
    expect(() => readTargetValue("8O%")).toThrow();
  });

  it("guesses the pillar of a section heading", () => {
    expect(guessPillar("I. CHÍNH QUYỀN SỐ")).toBe("CQS");
    expect(guessPillar("Phát triển kinh tế số")).toBe("KTS");
    expect(guessPillar("XÃ HỘI SỐ")).toBe("XHS");
    expect(guessPillar("Hạ tầng số")).toBe("HT");
    expect(guessPillar("Linh tinh")).toBeNull();
  });

  it("parses targets with pillars from section rows, kinds and values", () => {
    const t = parseTabbedText(ANNEX);
    const h = findHeader(t.rows);
    const r = parseAnnex({
      rows: t.rows,
      rowNumbers: t.rowNumbers,
      bodyStart: h.bodyStart,
      mapping: guessMapping(h.headers),
    });
    expect(r.errors).toEqual([]);
    expect(r.targets).toHaveLength(6);
    expect(r.sections.map((s) => s.pillarCode)).toEqual(["CQS", "KTS", "XHS"]);
    expect(r.targets.map((x) => x.pillarCode)).toEqual(["CQS", "CQS", "KTS", "KTS", "XHS", "XHS"]);
    expect(r.targets[0]).toMatchObject({
      row: 5,
      stt: "1",
      kind: "percent",
      responsible: "Sở Thông tin và Truyền thông",
      values: [
        { year: 2025, value: "80" },
        { year: 2030, value: "100" },
      ],
    });
    expect(r.targets[3]).toMatchObject({
      kind: "count",
      values: [
        { year: 2025, value: "1500" },
        { year: 2030, value: "3000" },
      ],
    });
    expect(r.targets[4].values).toEqual([{ year: 2025, value: "80" }]);
    expect(r.targets[5]).toMatchObject({ kind: "rank", direction: "lower" });
  });

  it("reports every bad row by its number, in both languages", () => {
    const bad = ANNEX.replace("\t80%\t100%\t", "\t8O%\t100%\t").replace("\t90\t100\t", "\tchín mươi\t100\t");
    const t = parseTabbedText(bad);
    const h = findHeader(t.rows);
    const r = parseAnnex({
      rows: t.rows,
      rowNumbers: t.rowNumbers,
      bodyStart: h.bodyStart,
      mapping: guessMapping(h.headers),
    });
    expect(r.errors.map((e) => e.message)).toEqual([
      "Dòng 5: chỉ tiêu 2025 '8O%' không phải là số",
      "Dòng 6: chỉ tiêu 2025 'chín mươi' không phải là số",
    ]);
    expect(r.errors[0].messageEn).toBe("Row 5: target 2025 '8O%' is not a number");
  });

  it("needs a name column, distinct years and a pillar", () => {
    const t = parseTabbedText("STT\tTên\t2025\n1\tA\t5");
    expect(
      parseAnnex({ rows: t.rows, bodyStart: 1, mapping: ["stt", "ignore", "year:2025"] }).errors[0].field,
    ).toBe("mapping");
    expect(
      parseAnnex({ rows: t.rows, bodyStart: 1, mapping: ["stt", "name", "year:2025", "year:2025"] }).errors[0]
        .messageEn,
    ).toContain("Year 2025");
    const noPillar = parseAnnex({ rows: t.rows, bodyStart: 1, mapping: ["stt", "name", "year:2025"] });
    expect(noPillar.errors[0].message).toContain("Dòng 2");
    const withDefault = parseAnnex({
      rows: t.rows,
      bodyStart: 1,
      mapping: ["stt", "name", "year:2025"],
      defaultPillar: "KTS",
    });
    expect(withDefault.errors).toEqual([]);
    expect(withDefault.targets[0].pillarCode).toBe("KTS");
  });
});
