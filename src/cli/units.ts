import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { parseMerges } from "../core/reorg.ts";
import { parseUnitList } from "../core/unit-list.ts";
import { importReorgLinks } from "../db/reorg.ts";
import { countUnits, importUnits, UnitImportError } from "../db/units.ts";
import { CliError, withDatabase } from "./context.ts";

/** `dxm units import FILE`: official unit lists (JSON of both eras, or CSV). */
export function registerUnitCommands(program: Command): void {
  const units = program.command("units").description("Đơn vị hành chính / administrative units");
  units
    .command("import")
    .argument(
      "<file>",
      "JSON (danh sách sau 2025 hoặc trước 2025) hoặc CSV code,name,level,parent_code,valid_from",
    )
    .option("--valid-from <date>", "ngày bắt đầu hiệu lực / start of validity (YYYY-MM-DD)")
    .option("--valid-to <date>", "ngày hết hiệu lực / end of validity, exclusive (YYYY-MM-DD)")
    .description("Nhập danh sách đơn vị chính thức / import an official unit list (idempotent)")
    .action(async (file: string, opts: { validFrom?: string; validTo?: string }) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new CliError(`Không đọc được tệp ${file}`, `cannot read ${file}: ${(e as Error).message}`);
      }
      const list = parseUnitList({ fileName: file, text, validFrom: opts.validFrom, validTo: opts.validTo });
      if (list.errors.length > 0) throw rejection(file, list.errors);
      if (list.records.length === 0) throw new CliError("Tệp không có đơn vị nào", "the file holds no unit");
      await withDatabase(async (db) => {
        const t0 = performance.now();
        try {
          const r = await importUnits({
            db: db.orm,
            records: list.records,
            actor: "cli",
            source: path.basename(file),
          });
          const ms = Math.round(performance.now() - t0);
          const kinds = Object.entries(r.byKind)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ");
          console.log(
            `Đã nhập ${list.records.length} đơn vị (${kinds}) từ ${path.basename(file)} [${list.format}] trong ${ms} ms: ` +
              `${r.inserted} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi.`,
          );
          console.log(
            `Imported ${list.records.length} units: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${ms} ms).`,
          );
          console.log(
            `Tổng trong cơ sở dữ liệu / in the database: ${JSON.stringify(await countUnits(db.orm))}`,
          );
        } catch (e) {
          if (e instanceof UnitImportError) throw rejection(file, e.errors);
          throw e;
        }
      });
    });
}

/** `dxm units import-reorg merges.json`: the 2025 merge/split mapping as dated events. */
export function registerReorgCommand(program: Command): void {
  const units = program.commands.find((c) => c.name() === "units");
  (units ?? program)
    .command("import-reorg")
    .argument("<file>", "merges.json (đơn vị mới ← các đơn vị cũ, full/partial)")
    .option(
      "--skip-unknown",
      "ghi các liên kết hợp lệ, liệt kê phần còn lại / record what resolves, list the rest",
    )
    .option(
      "--legal-basis <text>",
      "căn cứ pháp lý / legal basis",
      "Nghị quyết của UBTVQH về sắp xếp ĐVHC 2025",
    )
    .description("Nhập sự kiện sắp xếp đơn vị hành chính 2025 / import the 2025 reorganisation events")
    .action(async (file: string, opts: { legalBasis: string; skipUnknown?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        throw new CliError(`Không đọc được tệp ${file}`, `cannot read ${file}: ${(e as Error).message}`);
      }
      const parsed = parseMerges(text);
      if (parsed.errors.length > 0) throw rejection(file, parsed.errors);
      await withDatabase(async (db) => {
        try {
          const r = await importReorgLinks({
            db: db.orm,
            date: parsed.date,
            links: parsed.links,
            actor: "cli",
            legalBasis: opts.legalBasis,
            skipUnknown: opts.skipUnknown,
          });
          console.log(`Đã ghi ${r.inserted} sự kiện sắp xếp (${r.unchanged} đã có) ngày ${parsed.date}.`);
          console.log(`Recorded ${r.inserted} reorganisation events (${r.unchanged} already there).`);
          if (r.skipped.length > 0) {
            console.log(
              `Bỏ qua / skipped ${r.skipped.length} đơn vị không có trong danh sách / units not in the lists:`,
            );
            for (const s of r.skipped.slice(0, 30)) console.log(`  - ${s.ref}: ${s.messageEn}`);
          }
        } catch (e) {
          if (e instanceof UnitImportError) throw rejection(file, e.errors);
          throw e;
        }
      });
    });
}

function rejection(
  file: string,
  errors: Array<{ ref: string; message: string; messageEn: string }>,
): CliError {
  return new CliError(
    `Tệp ${file} bị từ chối, không ghi gì: ${errors.length} lỗi`,
    `${file} rejected, nothing written: ${errors.length} error(s)`,
    errors.slice(0, 20).map((e) => `${e.ref}: ${e.message} / ${e.messageEn}`),
  );
}
