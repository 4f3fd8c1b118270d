/** Renders a composed report into each downloadable format (bytes + content type + file name). */
import { createHash } from "node:crypto";
import type { TReportDocument } from "../../core/narrative/index.ts";
import { renderDocx } from "./docx.ts";
import { renderHtml } from "./html.ts";
import { renderPdf } from "./pdf.ts";
import { renderXlsx } from "./xlsx.ts";

/** A rendered file. */
export interface TRenderedFile {
  format: "docx" | "pdf" | "xlsx" | "html";
  bytes: Buffer;
  sha256: string;
  contentType: string;
}

/** MIME types of the formats. */
export const CONTENT_TYPES = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  html: "text/html; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/** SHA-256 hex of bytes. */
export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The opening sentences of the report (cover sheet of the annexes). */
export function summaryLines(doc: TReportDocument): string[] {
  return doc.blocks
    .filter((b) => b.kind === "paragraph")
    .slice(0, 3)
    .map((b) => (b.kind === "paragraph" ? b.text : ""));
}

/** Renders one format. */
export async function renderFormat(
  doc: TReportDocument,
  format: TRenderedFile["format"],
  options: { banner?: string } = {},
): Promise<TRenderedFile> {
  let bytes: Buffer;
  if (format === "docx") bytes = await renderDocx(doc);
  else if (format === "pdf") bytes = await renderPdf(doc);
  else if (format === "xlsx") bytes = await renderXlsx(doc, { summary: summaryLines(doc) });
  else bytes = Buffer.from(renderHtml(doc, options), "utf8");
  return { format, bytes, sha256: sha256(bytes), contentType: CONTENT_TYPES[format] };
}

/** Renders every format (for a snapshot). */
export async function renderAll(doc: TReportDocument): Promise<TRenderedFile[]> {
  return Promise.all((["docx", "pdf", "xlsx", "html"] as const).map((f) => renderFormat(doc, f)));
}

/** "bao-cao-so-ket-2026N9.docx": an ASCII file name for Content-Disposition. */
export function reportFileName(options: { period: string; format: string; suffix?: string }): string {
  return `bao-cao-so-ket-${options.period}${options.suffix ? `-${options.suffix}` : ""}.${options.format}`;
}
