/**
 * The structured report document: header, title, blocks (headings, paragraphs, bullets, tables),
 * recipients and signature. DOCX, PDF, HTML and XLSX renderers all read this one structure, so the
 * four files say the same thing.
 */

/** A table column. `width` is a share of the text width (the row's widths sum to 1). */
export interface TDocColumn {
  key: string;
  label: string;
  width: number;
  align?: "left" | "center" | "right";
}

/** A table: also becomes one sheet of the XLSX annex. */
export interface TDocTable {
  /** Sheet name (≤ 31 characters, unique in the document). */
  id: string;
  title: string;
  columns: TDocColumn[];
  rows: string[][];
}

/** One block of the body. */
export type TDocBlock =
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; text: string; italic?: boolean }
  | { kind: "bullets"; items: string[] }
  | { kind: "table"; table: TDocTable };

/** The whole document. */
export interface TReportDocument {
  lang: "vi" | "en";
  header: {
    parentBody: string;
    body: string;
    /** "Số: 12/BC-BCĐ". */
    numberLine: string;
    nationalTitle: string;
    motto: string;
    /** "Minh Họa, ngày 15 tháng 10 năm 2026". */
    placeDate: string;
  };
  /** "BÁO CÁO". */
  title: string;
  /** "Sơ kết công tác chuyển đổi số 9 tháng năm 2026 …". */
  subtitle: string;
  blocks: TDocBlock[];
  recipients: string[];
  signer: { capacity: string; title: string; name: string };
}

/** Every table of the document, in order (the XLSX annexes). */
export function documentTables(doc: TReportDocument): TDocTable[] {
  return doc.blocks.flatMap((b) => (b.kind === "table" ? [b.table] : []));
}

/** The document as plain text lines (search, tests, the snapshot's preview). */
export function documentText(doc: TReportDocument): string {
  const lines = [
    doc.header.parentBody,
    doc.header.body,
    doc.header.numberLine,
    doc.header.nationalTitle,
    doc.header.motto,
    doc.header.placeDate,
    doc.title,
    doc.subtitle,
  ];
  for (const b of doc.blocks) {
    if (b.kind === "heading" || b.kind === "paragraph") lines.push(b.text);
    else if (b.kind === "bullets") lines.push(...b.items.map((i) => `- ${i}`));
    else {
      lines.push(b.table.title, b.table.columns.map((c) => c.label).join(" | "));
      for (const r of b.table.rows) lines.push(r.join(" | "));
    }
  }
  lines.push(...doc.recipients, doc.signer.capacity, doc.signer.title, doc.signer.name);
  return lines.join("\n");
}
