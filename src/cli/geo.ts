import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { countBoundaries, GEO_LEVELS, GeoImportError, importBoundaries, type TGeoLevel } from "../db/geo.ts";
import { CliError, withDatabase } from "./context.ts";

/** The .geojson/.json files named by a path: the file itself, or every such file in a folder (sorted). */
export function geoFiles(target: string): string[] {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(target);
  } catch {
    throw new CliError(`Không tìm thấy ${target}`, `${target} not found`);
  }
  if (!st.isDirectory()) return [target];
  const files = readdirSync(target)
    .filter((f) => /\.(geo)?json$/i.test(f))
    .sort()
    .map((f) => path.join(target, f));
  if (files.length === 0)
    throw new CliError(`Thư mục ${target} không có tệp .geojson`, `${target} holds no .geojson file`);
  return files;
}

/** `dxm geo import FILE|DIR`: administrative boundaries (GeoJSON) for the maps, matched to units by code. */
export function registerGeoCommands(program: Command): void {
  const geo = program.command("geo").description("Ranh giới bản đồ / map boundaries (GeoJSON)");
  geo
    .command("import")
    .argument("<path>", "tệp .geojson hoặc thư mục / a .geojson file or a folder of them")
    .option(
      "--level <level>",
      `cấp / level: ${GEO_LEVELS.join(", ")} (mặc định theo độ dài mã / by code length)`,
    )
    .option("--tolerance <degrees>", "độ đơn giản hóa / simplification tolerance in degrees")
    .description("Nhập ranh giới, khớp đơn vị theo mã (id hoặc properties.code) / import boundaries")
    .action(async (target: string, opts: { level?: string; tolerance?: string }) => {
      if (opts.level && !GEO_LEVELS.includes(opts.level as TGeoLevel))
        throw new CliError(`Cấp không hợp lệ: ${opts.level}`, `invalid level: ${opts.level}`);
      const tolerance = opts.tolerance === undefined ? undefined : Number(opts.tolerance);
      if (tolerance !== undefined && !(tolerance >= 0 && tolerance < 1))
        throw new CliError("Độ đơn giản hóa phải từ 0 đến 1 độ", "tolerance must be between 0 and 1 degree");
      const files = geoFiles(target);
      await withDatabase(async (db) => {
        const t0 = performance.now();
        const totals = { inserted: 0, updated: 0, before: 0, after: 0 };
        const unmatched: string[] = [];
        for (const file of files) {
          let doc: unknown;
          try {
            doc = JSON.parse(readFileSync(file, "utf8"));
          } catch (e) {
            throw new CliError(`Không đọc được ${file}`, `cannot read ${file}: ${(e as Error).message}`);
          }
          try {
            const r = await importBoundaries({
              db: db.orm,
              document: doc,
              actor: "cli",
              source: path.basename(file),
              level: opts.level as TGeoLevel | undefined,
              tolerance,
            });
            totals.inserted += r.inserted;
            totals.updated += r.updated;
            totals.before += r.pointsBefore;
            totals.after += r.pointsAfter;
            unmatched.push(...r.unmatched.map((c) => `${path.basename(file)}: ${c}`));
          } catch (e) {
            if (e instanceof GeoImportError)
              throw new CliError(
                `${path.basename(file)}: ${e.messageVi}`,
                `${path.basename(file)}: ${e.message}`,
                e.issues.map((i) => `${i.ref}: ${i.messageVi} / ${i.messageEn}`),
              );
            throw e;
          }
        }
        const ms = Math.round(performance.now() - t0);
        console.log(
          `Đã nhập ranh giới từ ${files.length} tệp trong ${ms} ms: ${totals.inserted} mới, ${totals.updated} cập nhật; ` +
            `${totals.before} điểm → ${totals.after} điểm sau đơn giản hóa.`,
        );
        console.log(
          `Imported boundaries from ${files.length} file(s) in ${ms} ms: ${totals.inserted} new, ${totals.updated} updated; ` +
            `${totals.before} → ${totals.after} points after simplification.`,
        );
        if (unmatched.length > 0)
          console.log(
            `Không khớp đơn vị nào / no matching unit (${unmatched.length}): ${unmatched.slice(0, 10).join(", ")}`,
          );
        console.log(`Tổng / in the database: ${JSON.stringify(await countBoundaries(db.orm))}`);
      });
    });
}
