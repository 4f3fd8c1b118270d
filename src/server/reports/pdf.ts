/**
 * The review report as PDF, drawn in-process with pdfkit and the DejaVu Serif font (which covers every
 * Vietnamese diacritic), so no office suite is needed on the user's machine. Same layout as the DOCX:
 * A4, margins 20/20/30/15 mm, header block, title, body, tables, recipients and signature.
 */
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { TDocTable, TReportDocument } from "../../core/narrative/index.ts";

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
/** Font files embedded in the PDF. */
export const PDF_FONTS = {
  regular: path.join(FONT_DIR, "DejaVuSerif.ttf"),
  bold: path.join(FONT_DIR, "DejaVuSerif-Bold.ttf"),
  italic: path.join(FONT_DIR, "DejaVuSerif-Italic.ttf"),
  boldItalic: path.join(FONT_DIR, "DejaVuSerif-BoldItalic.ttf"),
};

const MM = 72 / 25.4;
const MARGIN = { top: 20 * MM, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
// DejaVu Serif is wider than Times New Roman: 12 pt here fills a line like 13–14 pt Times.
const BODY = 12;
const SMALL = 11;

type Doc = PDFKit.PDFDocument;
type FontName = "regular" | "bold" | "italic" | "boldItalic";

/** Renders the document as PDF bytes. */
export function renderPdf(doc: TReportDocument, options: { creationDate?: Date } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    info: {
      Title: `${doc.title} ${doc.subtitle}`,
      Creator: "DX Monitor",
      // A fixed date keeps the bytes of a frozen snapshot reproducible.
      CreationDate: options.creationDate ?? new Date(0),
    },
  });
  for (const [name, file] of Object.entries(PDF_FONTS)) pdf.registerFont(name, file);
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  draw(pdf, doc);
  // Page numbers centred at the top from page 2 (Decree 30).
  const range = pdf.bufferedPageRange();
  for (let i = 1; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    pdf.font("regular").fontSize(SMALL);
    const w = pdf.page.width - MARGIN.left - MARGIN.right;
    pdf.text(String(i + 1), MARGIN.left, 10 * MM, { width: w, align: "center", lineBreak: false });
  }
  pdf.end();
  return done;
}

function textWidth(pdf: Doc): number {
  return pdf.page.width - MARGIN.left - MARGIN.right;
}

function bottom(pdf: Doc): number {
  return pdf.page.height - MARGIN.bottom;
}

function ensureSpace(pdf: Doc, height: number): void {
  if (pdf.y + height > bottom(pdf)) {
    pdf.addPage();
    pdf.y = MARGIN.top;
  }
}

function para(
  pdf: Doc,
  text: string,
  o: {
    font?: FontName;
    size?: number;
    align?: "left" | "center" | "justify";
    indent?: number;
    gap?: number;
  } = {},
): void {
  pdf.font(o.font ?? "regular").fontSize(o.size ?? BODY);
  const w = textWidth(pdf);
  const opts = { width: w, align: o.align ?? "justify", indent: o.indent ?? 10 * MM, lineGap: 2 };
  ensureSpace(pdf, Math.min(pdf.heightOfString(text, opts), 40));
  pdf.text(text, MARGIN.left, pdf.y, opts);
  pdf.y += o.gap ?? 5;
}

function centeredIn(
  pdf: Doc,
  text: string,
  o: { x: number; y: number; width: number; font: FontName; size: number; rule?: number },
): number {
  pdf.font(o.font).fontSize(o.size);
  pdf.text(text, o.x, o.y, { width: o.width, align: "center" });
  let y = pdf.y;
  if (o.rule) {
    const x0 = o.x + (o.width - o.rule) / 2;
    // Below the descenders of the last line, as the short rule of Decree 30.
    pdf
      .moveTo(x0, y + 3)
      .lineTo(x0 + o.rule, y + 3)
      .lineWidth(0.6)
      .stroke();
    y += 7;
  }
  return y;
}

function header(pdf: Doc, doc: TReportDocument): void {
  const w = textWidth(pdf);
  const leftW = w * 0.4;
  const rightW = w - leftW;
  const top = MARGIN.top;
  let yl = centeredIn(pdf, doc.header.parentBody, {
    x: MARGIN.left,
    y: top,
    width: leftW,
    font: "regular",
    size: SMALL,
  });
  yl = centeredIn(pdf, doc.header.body, {
    x: MARGIN.left,
    y: yl,
    width: leftW,
    font: "bold",
    size: SMALL,
    rule: 50,
  });
  yl = centeredIn(pdf, doc.header.numberLine, {
    x: MARGIN.left,
    y: yl + 6,
    width: leftW,
    font: "regular",
    size: SMALL,
  });
  const xr = MARGIN.left + leftW;
  let yr = centeredIn(pdf, doc.header.nationalTitle, {
    x: xr,
    y: top,
    width: rightW,
    font: "bold",
    size: SMALL,
  });
  yr = centeredIn(pdf, doc.header.motto, {
    x: xr,
    y: yr,
    width: rightW,
    font: "bold",
    size: BODY,
    rule: 150,
  });
  yr = centeredIn(pdf, doc.header.placeDate, { x: xr, y: yr + 6, width: rightW, font: "italic", size: BODY });
  pdf.y = Math.max(yl, yr) + 18;
  centeredIn(pdf, doc.title, { x: MARGIN.left, y: pdf.y, width: w, font: "bold", size: BODY + 1 });
  const y = centeredIn(pdf, doc.subtitle, {
    x: MARGIN.left + 20,
    y: pdf.y,
    width: w - 40,
    font: "bold",
    size: BODY,
    rule: 100,
  });
  pdf.y = y + 12;
}

function table(pdf: Doc, t: TDocTable): void {
  const w = textWidth(pdf);
  const widths = t.columns.map((c) => c.width * w);
  const pad = 3;
  const size = SMALL - 1;
  const rowHeight = (cells: string[], font: FontName) => {
    pdf.font(font).fontSize(size);
    return Math.max(
      ...cells.map((c, i) => pdf.heightOfString(c, { width: widths[i] - 2 * pad, lineGap: 1 }) + 2 * pad),
    );
  };
  const drawRow = (cells: string[], font: FontName, header: boolean) => {
    const h = rowHeight(cells, font);
    let x = MARGIN.left;
    const y = pdf.y;
    pdf.font(font).fontSize(size);
    cells.forEach((c, i) => {
      pdf.rect(x, y, widths[i], h).lineWidth(0.5).stroke();
      const align = header ? "center" : (t.columns[i].align ?? "left");
      pdf.text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, align, lineGap: 1 });
      x += widths[i];
    });
    pdf.y = y + h;
  };
  const labels = t.columns.map((c) => c.label);
  ensureSpace(pdf, 60);
  centeredIn(pdf, t.title, { x: MARGIN.left, y: pdf.y + 4, width: w, font: "boldItalic", size: SMALL });
  pdf.y += 3;
  drawRow(labels, "bold", true);
  for (const r of t.rows) {
    if (pdf.y + rowHeight(r, "regular") > bottom(pdf)) {
      pdf.addPage();
      pdf.y = MARGIN.top;
      drawRow(labels, "bold", true);
    }
    drawRow(r, "regular", false);
  }
  pdf.y += 8;
}

function closing(pdf: Doc, doc: TReportDocument): void {
  const w = textWidth(pdf);
  ensureSpace(pdf, 140);
  const top = pdf.y + 10;
  pdf.font("boldItalic").fontSize(SMALL);
  if (doc.recipients.length)
    pdf.text(doc.lang === "vi" ? "Nơi nhận:" : "Recipients:", MARGIN.left, top, { width: w / 2 });
  pdf.font("regular").fontSize(SMALL - 1);
  for (const r of doc.recipients) pdf.text(`- ${r}`, MARGIN.left, pdf.y, { width: w / 2 - 10 });
  const yLeft = pdf.y;
  let y = centeredIn(pdf, doc.signer.capacity, {
    x: MARGIN.left + w / 2,
    y: top,
    width: w / 2,
    font: "bold",
    size: BODY,
  });
  y = centeredIn(pdf, doc.signer.title, {
    x: MARGIN.left + w / 2,
    y,
    width: w / 2,
    font: "bold",
    size: BODY,
  });
  y = centeredIn(pdf, doc.signer.name, {
    x: MARGIN.left + w / 2,
    y: y + 60,
    width: w / 2,
    font: "bold",
    size: BODY,
  });
  pdf.y = Math.max(y, yLeft);
}

function draw(pdf: Doc, doc: TReportDocument): void {
  header(pdf, doc);
  for (const b of doc.blocks) {
    if (b.kind === "heading") {
      ensureSpace(pdf, 50);
      para(pdf, b.text, { font: b.level === 1 ? "bold" : "boldItalic", gap: 4 });
    } else if (b.kind === "paragraph") para(pdf, b.text, { font: b.italic ? "italic" : "regular" });
    else if (b.kind === "bullets") for (const item of b.items) para(pdf, `- ${item}`, { gap: 3 });
    else table(pdf, b.table);
  }
  closing(pdf, doc);
}
