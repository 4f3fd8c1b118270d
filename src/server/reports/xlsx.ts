/**
 * XLSX annexes of the review report (phụ lục): a cover sheet with the headline figures and one sheet
 * per table of the document, holding exactly the rows the DOCX shows.
 */
import ExcelJS from "exceljs";
import { documentTables, type TReportDocument } from "../../core/narrative/index.ts";

const FONT = { name: "Times New Roman", size: 12 };
const THIN = { style: "thin" as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Renders the annexes workbook. `summary` lines go on the cover sheet (the overall sentences). */
export async function renderXlsx(doc: TReportDocument, options: { summary: string[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "DX Monitor";
  // A fixed date keeps a frozen snapshot's bytes reproducible.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const cover = wb.addWorksheet(doc.lang === "vi" ? "Tổng hợp" : "Summary");
  cover.getColumn(1).width = 110;
  const lines = [
    `${doc.header.parentBody} — ${doc.header.body}`,
    `${doc.title} ${doc.subtitle}`,
    doc.header.placeDate,
    "",
    ...options.summary,
  ];
  lines.forEach((l, i) => {
    const c = cover.getCell(i + 1, 1);
    c.value = l;
    c.font = { ...FONT, bold: i < 2 };
    c.alignment = { wrapText: true, vertical: "top" };
  });
  for (const t of documentTables(doc)) {
    const ws = wb.addWorksheet(t.id);
    ws.mergeCells(1, 1, 1, t.columns.length);
    const title = ws.getCell(1, 1);
    title.value = t.title;
    title.font = { ...FONT, bold: true, size: 13 };
    title.alignment = { horizontal: "center" };
    t.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = Math.max(8, Math.round(c.width * 110));
    });
    const head = ws.getRow(3);
    t.columns.forEach((c, i) => {
      const cell = head.getCell(i + 1);
      cell.value = c.label;
      cell.font = { ...FONT, bold: true };
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
      cell.border = BORDER;
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
    });
    t.rows.forEach((r, ri) => {
      const row = ws.getRow(4 + ri);
      r.forEach((v, i) => {
        const cell = row.getCell(i + 1);
        cell.value = v;
        cell.font = FONT;
        cell.border = BORDER;
        cell.alignment = { horizontal: t.columns[i].align ?? "left", vertical: "top", wrapText: true };
      });
    });
    ws.views = [{ state: "frozen", ySplit: 3 }];
    ws.pageSetup = { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
