/**
 * Shared pieces of the evaluation routes: loading a round with its framework and participants, the
 * bilingual errors of the workflow, and row → API shape mappers.
 */
import { type TFramework, ZFrameworkShape } from "../../core/evaluation/index.ts";
import type { Db } from "../../db/client.ts";
import { getFramework, type TFrameworkRow } from "../../db/evaluation/frameworks.ts";
import {
  getRound,
  listParticipants,
  type TParticipantRow,
  type TRoundRow,
} from "../../db/evaluation/rounds.ts";
import { type AppError, conflict, notFound } from "../errors.ts";
import type { TFrameworkSummary } from "./schemas.ts";

/** A round with what every workflow step needs. */
export interface TRoundContext {
  round: TRoundRow;
  frameworkRow: TFrameworkRow;
  framework: TFramework;
  participants: TParticipantRow[];
}

/** Loads a round, its framework and participants, or throws 404. */
export async function loadRound(db: Db, id: number): Promise<TRoundContext> {
  const round = await getRound(db, id);
  if (!round) throw notFound({ vi: "kỳ đánh giá", en: "Evaluation round" }, "id");
  const frameworkRow = (await getFramework(db, round.frameworkId))!;
  const framework = ZFrameworkShape.parse(frameworkRow.definition);
  const participants = await listParticipants(db, id);
  return { round, frameworkRow, framework, participants };
}

/** Loads a framework or throws 404. */
export async function loadFramework(db: Db, id: number): Promise<TFrameworkRow> {
  const f = await getFramework(db, id);
  if (!f) throw notFound({ vi: "bộ chỉ số", en: "Framework" }, "id");
  return f;
}

/** The participant of a unit in a round, or 404. */
export function participantOf(ctx: TRoundContext, unitId: number): TParticipantRow {
  const p = ctx.participants.find((x) => x.unitId === unitId);
  if (!p) {
    throw notFound({ vi: "đơn vị trong kỳ đánh giá này", en: "Unit in this evaluation round" }, "unitId");
  }
  return p;
}

function viDateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  // Deadlines are shown in Vietnam time (UTC+7), as the decision that sets them does.
  const v = new Date(d.getTime() + 7 * 3600_000);
  return `${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())} ngày ${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
}

/** 409: the self-assessment deadline has passed. */
export function roundLocked(round: TRoundRow): AppError {
  return conflict({
    code: "round_locked",
    field: "selfDeadline",
    message: `Đã hết hạn tự đánh giá (${viDateTime(round.selfDeadline)}): kỳ đánh giá đã khóa, không thể sửa kết quả tự đánh giá.`,
    messageEn: `The self-assessment deadline (${round.selfDeadline}) has passed: the round is locked and self-assessments can no longer be changed.`,
  });
}

/** 409: the round is published and read-only. */
export function roundPublished(): AppError {
  return conflict({
    code: "round_published",
    message: "Kỳ đánh giá đã công bố kết quả, không thể thay đổi.",
    messageEn: "The round's results are published; it can no longer be changed.",
  });
}

/** 409: someone saved in between. */
export function staleVersion(field = "rowVersion"): AppError {
  return conflict({
    code: "stale_version",
    field,
    message: "Dữ liệu đã được người khác cập nhật, vui lòng tải lại trước khi lưu.",
    messageEn: "Someone else changed this in the meantime; reload before saving.",
  });
}

/** Human form of a legal basis: "922/QĐ-BTTTT (2022-05-20)". */
export function legalBasisText(f: TFrameworkRow): string {
  const lb = f.definition?.legalBasis;
  return lb ? `${lb.number} (${lb.date})` : "";
}

/** A framework row as a list item. */
export function frameworkSummary(f: TFrameworkRow): TFrameworkSummary {
  return {
    id: f.id,
    ownerUnitId: f.ownerUnitId,
    code: f.code,
    version: f.version,
    name: f.name,
    nameEn: f.nameEn,
    scope: f.scope,
    status: f.status,
    templateId: f.templateId,
    rowVersion: f.rowVersion,
    legalBasis: legalBasisText(f),
    updatedAt: f.updatedAt,
  };
}
