import { fileTypeFromBuffer } from "file-type";
import { badRequest } from "../errors.ts";

/** Kinds of upload the product accepts somewhere (each route passes the ones it allows). */
export const UPLOAD_KINDS = {
  pdf: "application/pdf",
  png: "image/png",
  jpg: "image/jpeg",
  webp: "image/webp",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  zip: "application/zip",
  csv: "text/csv",
  txt: "text/plain",
  json: "application/json",
} as const;
/** An accepted upload kind. */
export type TUploadKind = keyof typeof UPLOAD_KINDS;

const TEXT_KINDS = new Set<TUploadKind>(["csv", "txt", "json"]);
// Binary formats whose signature file-type reports under another name.
const ALIASES: Record<string, TUploadKind> = { jpeg: "jpg" };

/** What the bytes are, and the MIME type to store and serve them with. */
export interface TSniffed {
  kind: TUploadKind;
  mime: string;
}

function refuse(allowed: readonly TUploadKind[], found: string): never {
  throw badRequest({
    field: "file",
    code: "file_type",
    message: `Loại tệp không được chấp nhận (${found}); chỉ nhận: ${allowed.join(", ")}`,
    messageEn: `File type not accepted (${found}); allowed: ${allowed.join(", ")}`,
  });
}

/**
 * Decides what an uploaded file really is from its bytes (never from its name or the browser's
 * Content-Type) and refuses anything not in `allowed`. Text kinds (csv, txt, json) must be valid UTF-8
 * without NUL bytes and must not look like HTML, so a page with script cannot be stored as "text".
 */
export async function sniffUpload(buffer: Uint8Array, allowed: readonly TUploadKind[]): Promise<TSniffed> {
  if (buffer.byteLength === 0) refuse(allowed, "empty");
  const detected = await fileTypeFromBuffer(buffer);
  if (detected) {
    const kind = (ALIASES[detected.ext] ?? detected.ext) as TUploadKind;
    if (!allowed.includes(kind) || !(kind in UPLOAD_KINDS)) refuse(allowed, detected.ext);
    return { kind, mime: UPLOAD_KINDS[kind] };
  }
  const textKinds = allowed.filter((k) => TEXT_KINDS.has(k));
  if (textKinds.length === 0) refuse(allowed, "unknown");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return refuse(allowed, "binary");
  }
  if (text.includes("\u0000")) refuse(allowed, "binary");
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (/^(<!doctype|<html|<svg|<\?xml|<script)/.test(head) || /<script[\s>]/i.test(text))
    refuse(allowed, "html");
  if (textKinds.includes("json") && /^[[{]/.test(head)) {
    try {
      JSON.parse(text);
      return { kind: "json", mime: UPLOAD_KINDS.json };
    } catch {
      // not JSON after all: fall through to the other text kinds
    }
  }
  const kind = textKinds.find((k) => k !== "json");
  if (!kind) refuse(allowed, "text");
  return { kind, mime: UPLOAD_KINDS[kind] };
}
