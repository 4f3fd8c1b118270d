/**
 * HTTP helpers of the designer's routes: designer errors become the API's bilingual errors, the actor
 * for the audit log, and one uploaded file read from a multipart request.
 */
import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TActor } from "../../db/client.ts";
import { DesignerError } from "../../db/designer/errors.ts";
import { AppError, badRequest } from "../errors.ts";

const STATUS: Record<DesignerError["kind"], number> = {
  not_found: 404,
  invalid: 400,
  read_only: 409,
  in_use: 409,
  duplicate: 409,
  stale: 409,
};

/** Awaits a designer operation, turning a DesignerError into the matching AppError (400/404/409). */
export async function designer<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof DesignerError)
      throw new AppError({
        status: STATUS[e.kind],
        code: e.kind,
        message: e.messageVi,
        messageEn: e.messageEn,
        field: e.field,
        details: e.details,
      });
    throw e;
  }
}

/** Who is acting, for the audit log. */
export function actorOf(request: FastifyRequest, reason?: string): TActor {
  return { actor: request.auth?.actor ?? "anonymous", reason };
}

/** Registers multipart parsing in this plugin's scope unless a parent already did. */
export async function enableUploads(app: FastifyInstance): Promise<void> {
  if (!app.hasRequestDecorator("file"))
    await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 20 } });
}

/** The single uploaded file of a multipart request, with its text fields. */
export async function readUpload(
  request: FastifyRequest,
): Promise<{ buffer: Buffer; fileName: string; fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw badRequest({
      field: "file",
      code: "multipart",
      message: "Hãy gửi tệp dưới dạng multipart/form-data",
      messageEn: "Send the file as multipart/form-data",
    });
  let file: { buffer: Buffer; fileName: string } | null = null;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === "file") {
      const buffer = await part.toBuffer();
      if (part.file.truncated)
        throw badRequest({
          field: "file",
          code: "too_large",
          message: "Tệp quá lớn (tối đa 10 MB)",
          messageEn: "File too large (at most 10 MB)",
        });
      file = { buffer, fileName: part.filename };
    } else {
      fields[part.fieldname] = String(part.value ?? "");
    }
  }
  if (!file || file.buffer.length === 0)
    throw badRequest({
      field: "file",
      code: "required",
      message: "Chưa chọn tệp",
      messageEn: "No file was sent",
    });
  return { ...file, fields };
}
