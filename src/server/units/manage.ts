import { sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseUnitList, type TUnitKind } from "../../core/unit-list.ts";
import { rows } from "../../db/client.ts";
import { createDepartment } from "../../db/designer/units.ts";
import { ensureNation, getUnit, importUnits, UnitImportError } from "../../db/units.ts";
import { sniffUpload } from "../auth/uploads.ts";
import { AppError } from "../errors.ts";
import { actorOf, designer, enableUploads, readUpload } from "../plans/http.ts";
import { ZUnitDetail } from "./schemas.ts";

/** Result of a unit list import. */
export const ZUnitImportResult = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  byKind: z.record(z.string(), z.number().int()),
  format: z.string(),
});

/** Creating a department under a province. */
export const ZDepartmentInput = z.object({
  provinceId: z.number().int().positive(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,20}$/, "chữ không dấu, số, - _ . (tối đa 20 ký tự)"),
  name: z.string().trim().min(3).max(200),
  nameEn: z.string().trim().max(200).nullish(),
  fullName: z.string().trim().max(300).nullish(),
});

function rejected(errors: Array<{ ref: string; message: string; messageEn: string }>): AppError {
  const first = errors[0];
  return new AppError({
    status: 400,
    code: "unit_list",
    field: "file",
    message: `Danh sách bị từ chối (${errors.length} lỗi), chưa ghi gì. ${first ? `${first.ref}: ${first.message}` : ""}`,
    messageEn: `List rejected (${errors.length} error(s)); nothing was written. ${first ? `${first.ref}: ${first.messageEn}` : ""}`,
    details: { errors: errors.slice(0, 200) },
  });
}

/** Unit management: import an official list from the page, create departments under a province. */
export const unitManageRoutes: FastifyPluginAsyncZod = async (app) => {
  await enableUploads(app);
  const db = () => app.database.orm;

  app.post(
    "/units/import",
    {
      config: { permission: "units.manage" },
      schema: {
        tags: ["units"],
        summary: "Import an official unit list (JSON or CSV, multipart): all or nothing, errors per record",
        consumes: ["multipart/form-data"],
        response: { 200: ZUnitImportResult },
      },
    },
    async (req) => {
      const file = await readUpload(req);
      await sniffUpload(file.buffer, ["json", "csv", "txt"]);
      const list = parseUnitList({
        fileName: file.fileName,
        text: file.buffer.toString("utf8"),
        validFrom: file.fields.validFrom || undefined,
        validTo: file.fields.validTo || undefined,
      });
      if (list.errors.length > 0) throw rejected(list.errors);
      if (list.records.length === 0)
        throw rejected([{ ref: "file", message: "không có đơn vị nào", messageEn: "no unit in the file" }]);
      // Scope: provinces need the nation; anything else needs each existing parent it hangs under.
      const inFile = new Set(list.records.map((r) => `${r.kind}:${r.code}`));
      if (list.records.some((r) => r.kind === "province")) await req.requireUnit(await ensureNation(db()));
      const outside = [
        ...new Set(
          list.records
            .filter(
              (r) => r.parentCode && !inFile.has(`${r.parentKind}:${r.parentCode}`) && r.parentCode !== "VN",
            )
            .map((r) => `${r.parentKind ?? ""}:${r.parentCode}`),
        ),
      ];
      for (const key of outside) {
        const [kind, code] = key.split(":");
        const parents = await rows<{ id: number }>(
          db(),
          sql`select id from org_unit where code = ${code} and (${kind || null}::text is null or kind = ${kind || null})
            and valid_to is null limit 5`,
        );
        for (const p of parents) await req.requireUnit(p.id);
      }
      try {
        const r = await importUnits({
          db: db(),
          records: list.records,
          actor: req.auth.actor,
          source: file.fileName,
        });
        return { ...r, byKind: r.byKind as Record<TUnitKind, number>, format: list.format };
      } catch (e) {
        if (e instanceof UnitImportError) throw rejected(e.errors);
        throw e;
      }
    },
  );
  app.post(
    "/units/departments",
    {
      config: { permission: "units.manage" },
      schema: {
        tags: ["units"],
        summary: "Create a department (agency unit) under a province",
        body: ZDepartmentInput,
        response: { 201: ZUnitDetail },
      },
    },
    async (req, reply) => {
      await req.requireUnit(req.body.provinceId);
      const id = await designer(createDepartment({ db: db(), who: actorOf(req), input: req.body }));
      const unit = await getUnit(db(), id);
      return reply.code(201).send(unit as NonNullable<typeof unit>);
    },
  );
};
