/**
 * The review report as DOCX in the administrative format of Decree 30/2020/NĐ-CP: A4, margins
 * 20/20/30/15 mm, Times New Roman, national title and motto top right, issuing body and number top left,
 * place-date line in italics, centred title, "Nơi nhận" and signature block at the end.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import type { TDocTable, TReportDocument } from "../../core/narrative/index.ts";

const FONT = "Times New Roman";
/** 1 mm in twentieths of a point. */
const MM = 56.7;
const PAGE_WIDTH = 11906;
const MARGIN = {
  top: Math.round(20 * MM),
  bottom: Math.round(20 * MM),
  left: Math.round(30 * MM),
  right: Math.round(15 * MM),
};
/** Text width between the margins, in twips. */
export const TEXT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
/** Body size 14 pt (half-points). */
const BODY = 28;
const SMALL = 26;

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
};
const LINE = { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 };

function run(text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, font: FONT, size: o.size ?? BODY, bold: o.bold, italics: o.italics });
}

// 1.15 line spacing: stacked Vietnamese capitals (Ỉ, Ọ, Ổ) would touch the line above at single spacing.
function centered(text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 0, line: 276 },
    children: [run(text, o)],
  });
}

/** One centred paragraph per line of a text that may hold "\n" (issuing body, signer). */
function centeredLines(
  text: string,
  o: { bold?: boolean; italics?: boolean; size?: number } = {},
): Paragraph[] {
  return text.split("\n").map((l) => centered(l, o));
}

/**
 * The short rule Decree 30 draws under the issuing body, the motto and the title: an empty, 3-pt-high
 * paragraph with a bottom border, narrowed by equal indents (so the text above keeps the full width).
 */
function rule(options: { width: number; cellWidth: number }): Paragraph {
  const indent = Math.max(0, Math.round((options.cellWidth - options.width) / 2));
  return new Paragraph({
    spacing: { after: 0, line: 100, lineRule: LineRuleType.EXACT },
    border: { bottom: LINE },
    indent: { left: indent, right: indent },
    children: [],
  });
}

function spacer(after = 120): Paragraph {
  return new Paragraph({ spacing: { after }, children: [] });
}

function headerTable(doc: TReportDocument): Table {
  const leftW = Math.round(TEXT_WIDTH * 0.37);
  const rightW = TEXT_WIDTH - leftW;
  const cell = (width: number, children: Paragraph[]) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      borders: NO_BORDERS,
      margins: { left: 0, right: 0 },
      children,
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(leftW, [
            ...centeredLines(doc.header.parentBody, { size: SMALL }),
            ...centeredLines(doc.header.body, { bold: true, size: SMALL }),
            rule({ width: 1300, cellWidth: leftW }),
            spacer(80),
            centered(doc.header.numberLine, { size: SMALL }),
          ]),
          cell(rightW, [
            centered(doc.header.nationalTitle, { bold: true, size: 24 }),
            centered(doc.header.motto, { bold: true, size: SMALL }),
            rule({ width: 3100, cellWidth: rightW }),
            spacer(80),
            centered(doc.header.placeDate, { italics: true, size: BODY }),
          ]),
        ],
      }),
    ],
  });
}

function dataTable(t: TDocTable): Table {
  const widths = t.columns.map((c) => Math.round(c.width * TEXT_WIDTH));
  const align = (a?: string) =>
    a === "right" ? AlignmentType.RIGHT : a === "center" ? AlignmentType.CENTER : AlignmentType.LEFT;
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : align(t.columns[i].align),
          spacing: { after: 0 },
          children: [run(text, { bold: header, size: 24 })],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, children: t.columns.map((c, i) => cell(c.label, i, true)) }),
      ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

function body(doc: TReportDocument): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  for (const b of doc.blocks) {
    if (b.kind === "heading") {
      out.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { before: 120, after: 120 },
          indent: { firstLine: 567 },
          keepNext: true,
          children: [run(b.text, { bold: true, italics: b.level === 2 && /^\S+ – /.test(b.text) })],
        }),
      );
    } else if (b.kind === "paragraph") {
      out.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { after: 120, line: 288 },
          indent: { firstLine: 567 },
          children: [run(b.text, { italics: b.italic })],
        }),
      );
    } else if (b.kind === "bullets") {
      for (const item of b.items) {
        out.push(
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            spacing: { after: 80, line: 288 },
            indent: { firstLine: 567 },
            children: [run(`- ${item}`)],
          }),
        );
      }
    } else {
      out.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 120, after: 80 },
          keepNext: true,
          children: [run(b.table.title, { bold: true, italics: true, size: 26 })],
        }),
        dataTable(b.table),
        spacer(120),
      );
    }
  }
  return out;
}

function closing(doc: TReportDocument): Table {
  const leftW = Math.round(TEXT_WIDTH * 0.5);
  const rightW = TEXT_WIDTH - leftW;
  const cell = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, children });
  const recipients = [
    new Paragraph({
      spacing: { after: 0 },
      children: [run(doc.recipients.length ? "Nơi nhận:" : "", { bold: true, italics: true, size: 24 })],
    }),
    ...doc.recipients.map(
      (r) => new Paragraph({ spacing: { after: 0 }, children: [run(`- ${r}`, { size: 22 })] }),
    ),
  ];
  if (doc.lang === "en" && doc.recipients.length) {
    recipients[0] = new Paragraph({
      spacing: { after: 0 },
      children: [run("Recipients:", { bold: true, italics: true, size: 24 })],
    });
  }
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          cell(leftW, recipients),
          cell(rightW, [
            ...centeredLines(doc.signer.capacity, { bold: true }),
            centered(doc.signer.title, { bold: true }),
            spacer(1400),
            centered(doc.signer.name, { bold: true }),
          ]),
        ],
      }),
    ],
  });
}

/** Renders the document as DOCX bytes. */
export async function renderDocx(doc: TReportDocument): Promise<Buffer> {
  const file = new Document({
    creator: "DX Monitor",
    title: `${doc.title} ${doc.subtitle}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE_WIDTH, height: 16838 },
            margin: { ...MARGIN, header: 567, footer: 567 },
          },
        },
        headers: {
          // Decree 30: page numbers centred at the top, from the second page on.
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SMALL })],
              }),
            ],
          }),
          first: new Header({ children: [] }),
        },
        children: [
          headerTable(doc),
          spacer(240),
          centered(doc.title, { bold: true }),
          new Paragraph({
            alignment: AlignmentType.CENTER,
            spacing: { after: 0 },
            indent: { left: 567, right: 567 },
            children: [run(doc.subtitle, { bold: true })],
          }),
          rule({ width: 2000, cellWidth: TEXT_WIDTH }),
          spacer(200),
          ...body(doc),
          spacer(240),
          closing(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(file);
}
