import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { fixtureReportModel } from "../../core/narrative/fixture.ts";
import { composeReport } from "../../core/narrative/index.ts";
import { renderDocx } from "./docx.ts";
import { docxText } from "./docx-text.ts";
import { renderHtml } from "./html.ts";
import { renderPdf } from "./pdf.ts";
import { renderXlsx } from "./xlsx.ts";

describe("report renderers", () => {
  const doc = composeReport({ model: fixtureReportModel() });

  it("writes a DOCX in the Decree 30 layout whose text carries the figures", async () => {
    const bytes = await renderDocx(doc);
    const { xml, text } = await docxText(bytes);
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(text).toContain("UBND TỈNH MINH HỌA");
    expect(text).toContain("Minh Họa, ngày 05 tháng 10 năm 2026");
    expect(text).toContain("đã hoàn thành 14/38 mục tiêu theo Nghị quyết 01-NQ/TU, đạt 36,8%");
    expect(text).toContain("89,5%");
    expect(xml).toContain('w:ascii="Times New Roman"');
    // A4, margins top/bottom 20 mm, left 30 mm, right 15 mm.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/w:top="1134"[^>]*w:right="851"[^>]*w:bottom="1134"[^>]*w:left="1701"/);
  });

  it("writes a PDF with the Vietnamese font embedded", async () => {
    const bytes = await renderPdf(doc);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const raw = bytes.toString("latin1");
    expect(raw).toMatch(/DejaVuSerif/);
    expect(raw).toMatch(/\/FontFile2/);
    // Same input → same bytes (the snapshot hash is stable).
    expect((await renderPdf(doc)).equals(bytes)).toBe(true);
  });

  it("writes XLSX annexes with one sheet per table and the same rows", async () => {
    const bytes = await renderXlsx(doc, { summary: ["Tổng hợp"] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Tổng hợp",
      "CQS Chính quyền số",
      "KTS Kinh tế số",
      "XHS Xã hội số",
      "HT Hạ tầng số",
      "Đơn vị chậm",
      "Nhiệm vụ",
    ]);
    const cqs = wb.getWorksheet("CQS Chính quyền số")!;
    expect(cqs.getCell(4, 4).value).toBe("89,5%");
    expect(cqs.getCell(4, 5).value).toBe("Vượt mục tiêu");
  });

  it("writes a printable HTML page that escapes text", () => {
    const html = renderHtml(
      composeReport({ model: { ...fixtureReportModel(), unitName: "tỉnh <Minh Họa>" } }),
      { banner: "Ảnh chụp" },
    );
    expect(html).toContain("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }");
    expect(html).toContain("tỉnh &lt;Minh Họa&gt;");
    expect(html).not.toContain("<Minh Họa>");
  });
});
