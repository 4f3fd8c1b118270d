/** Evidence files: content stored once by SHA-256 (bytea, or a file in the data folder), attached to submissions. */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Db, one, rows, withActor } from "../client.ts";

/** An attachment as listed. */
export interface TAttachmentRow {
  id: number;
  submissionId: number;
  indicatorId: number | null;
  fileName: string;
  mime: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

/** Stores the content (deduplicated by hash) and attaches it to a submission. */
export async function addAttachment(options: {
  db: Db;
  actor: string;
  provinceId: number;
  submissionId: number;
  indicatorId?: number | null;
  fileName: string;
  mime: string;
  content: Buffer;
  /** When set, content goes to <dir>/<sha256> instead of the database. */
  fileDir?: string;
}): Promise<TAttachmentRow> {
  const sha256 = createHash("sha256").update(options.content).digest("hex");
  return withActor(options.db, { actor: options.actor }, async (tx) => {
    if (options.fileDir) {
      mkdirSync(options.fileDir, { recursive: true });
      writeFileSync(path.join(options.fileDir, sha256), options.content);
    }
    await tx.execute(sql`insert into attachment_blob (sha256, size_bytes, mime, storage, content)
      values (${sha256}, ${options.content.length}, ${options.mime}, ${options.fileDir ? "file" : "db"},
        ${options.fileDir ? null : options.content})
      on conflict (sha256) do nothing`);
    const r = await one<{ id: number }>(
      tx,
      sql`insert into attachment (province_id, submission_id, indicator_id, blob_id, file_name, mime, size_bytes, uploaded_by)
        select ${options.provinceId}, ${options.submissionId}, ${options.indicatorId ?? null}, b.id, ${options.fileName},
          ${options.mime}, ${options.content.length}, ${options.actor}
        from attachment_blob b where b.sha256 = ${sha256} returning id`,
    );
    return (await getAttachment(tx, r!.id))!;
  });
}

const COLS = sql`a.id, a.submission_id as "submissionId", a.indicator_id as "indicatorId", a.file_name as "fileName",
  a.mime, a.size_bytes as "sizeBytes", b.sha256, a.uploaded_by as "uploadedBy", a.created_at::text as "createdAt"`;

/** One live attachment. */
export function getAttachment(db: Db, id: number): Promise<TAttachmentRow | undefined> {
  return one(
    db,
    sql`select ${COLS} from attachment a join attachment_blob b on b.id = a.blob_id where a.id = ${id} and a.deleted_at is null`,
  );
}

/** Live attachments of a submission. */
export function listAttachments(db: Db, submissionId: number): Promise<TAttachmentRow[]> {
  return rows(
    db,
    sql`select ${COLS} from attachment a join attachment_blob b on b.id = a.blob_id
      where a.submission_id = ${submissionId} and a.deleted_at is null order by a.id`,
  );
}

/** The bytes of an attachment. */
export async function attachmentContent(
  db: Db,
  options: { id: number; fileDir?: string },
): Promise<Buffer | undefined> {
  const r = await one<{ sha256: string; storage: string; content: Uint8Array | null }>(
    db,
    sql`select b.sha256, b.storage, b.content from attachment a join attachment_blob b on b.id = a.blob_id
      where a.id = ${options.id} and a.deleted_at is null`,
  );
  if (!r) return undefined;
  if (r.storage === "file") return readFileSync(path.join(options.fileDir ?? "data/attachments", r.sha256));
  return r.content ? Buffer.from(r.content) : Buffer.alloc(0);
}

/** Retires an attachment (soft delete). */
export async function retireAttachment(options: { db: Db; actor: string; id: number }): Promise<boolean> {
  return withActor(options.db, { actor: options.actor }, async (tx) => {
    const r = await rows(
      tx,
      sql`update attachment set deleted_at = now() where id = ${options.id} and deleted_at is null returning id`,
    );
    return r.length > 0;
  });
}
