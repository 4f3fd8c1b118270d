/**
 * Snapshots: what a review session was shown, frozen — the progress overview, the report model and
 * document, and the generated files with their SHA-256 — so later corrections of data never change
 * what was presented. A session has at most one snapshot.
 */
import { sql } from "drizzle-orm";
import type { TReportDocument, TReportModel } from "../../core/narrative/index.ts";
import { conflict } from "../../server/errors.ts";
import type { TProgressOverview } from "../../server/progress/schemas.ts";
import { type Db, one } from "../client.ts";

/** 409: the session's figures are frozen already (a snapshot never changes). */
export function alreadyFrozen() {
  return conflict({
    code: "already_frozen",
    field: "sessionId",
    message: "Hội nghị đã chốt số liệu; ảnh chụp không thay đổi được",
    messageEn: "The session's figures are already frozen; a snapshot cannot change",
  });
}

/** A file to freeze. */
export interface TSnapshotFileInput {
  format: "docx" | "pdf" | "xlsx" | "html";
  bytes: Buffer;
  sha256: string;
}

/** A frozen snapshot as stored. */
export interface TStoredSnapshot {
  id: number;
  sessionId: number;
  takenAt: string;
  takenBy: string;
  overview: TProgressOverview;
  model: TReportModel;
  document: TReportDocument;
  files: Record<string, { sha256: string; sizeBytes: number }>;
}

/**
 * Freezes a session's figures and files. Run inside withActor (one transaction for all rows).
 * @throws 409 when the session already has a snapshot
 */
export async function freezeSnapshot(
  tx: Db,
  options: {
    sessionId: number;
    provinceId: number;
    actor: string;
    overview: TProgressOverview;
    model: TReportModel;
    document: TReportDocument;
    files: TSnapshotFileInput[];
  },
): Promise<number> {
  // Lock the session row so two clicks on "freeze" cannot both pass the check.
  await tx.execute(sql`select id from review_session where id = ${options.sessionId} for update`);
  const existing = await one<{ id: number }>(
    tx,
    sql`select id from review_snapshot where session_id = ${options.sessionId}`,
  );
  if (existing) throw alreadyFrozen();
  const files = Object.fromEntries(
    options.files.map((f) => [f.format, { sha256: f.sha256, sizeBytes: f.bytes.length }]),
  );
  const snap = await one<{ id: number }>(
    tx,
    sql`insert into review_snapshot (province_id, session_id, taken_by, overview, model, document, files)
      values (${options.provinceId}, ${options.sessionId}, ${options.actor}, ${JSON.stringify(options.overview)}::jsonb,
        ${JSON.stringify(options.model)}::jsonb, ${JSON.stringify(options.document)}::jsonb,
        ${JSON.stringify(files)}::jsonb)
      returning id`,
  );
  for (const f of options.files) {
    await tx.execute(sql`insert into review_snapshot_file (province_id, snapshot_id, format, sha256, size_bytes, content)
      values (${options.provinceId}, ${snap!.id}, ${f.format}, ${f.sha256}, ${f.bytes.length},
        decode(${f.bytes.toString("base64")}, 'base64'))`);
  }
  await tx.execute(
    sql`update review_session set status = case when status = 'planned' then 'held' else status end,
      version = version + 1, updated_at = now() where id = ${options.sessionId}`,
  );
  return snap!.id;
}

/** The snapshot of a session, or undefined. */
export async function getSnapshot(db: Db, sessionId: number): Promise<TStoredSnapshot | undefined> {
  const r = await one<{
    id: number;
    session_id: number;
    taken_at: string;
    taken_by: string;
    overview: TProgressOverview;
    model: TReportModel;
    document: TReportDocument;
    files: TStoredSnapshot["files"];
  }>(
    db,
    sql`select id, session_id, taken_at::text as taken_at, taken_by, overview, model, document, files
      from review_snapshot where session_id = ${sessionId}`,
  );
  if (!r) return undefined;
  return {
    id: r.id,
    sessionId: r.session_id,
    takenAt: r.taken_at,
    takenBy: r.taken_by,
    overview: r.overview,
    model: r.model,
    document: r.document,
    files: r.files,
  };
}

/** The frozen bytes of one file of a session's snapshot, or undefined. */
export async function getSnapshotFile(
  db: Db,
  q: { sessionId: number; format: string },
): Promise<{ bytes: Buffer; sha256: string } | undefined> {
  const r = await one<{ b64: string; sha256: string }>(
    db,
    sql`select encode(f.content, 'base64') as b64, f.sha256 from review_snapshot_file f
      join review_snapshot s on s.id = f.snapshot_id
      where s.session_id = ${q.sessionId} and f.format = ${q.format}`,
  );
  // base64 through SQL: PGlite and node-postgres return bytea differently; text is the same on both.
  return r ? { bytes: Buffer.from(r.b64.replace(/\s+/g, ""), "base64"), sha256: r.sha256 } : undefined;
}
