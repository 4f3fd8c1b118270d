import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { formatNumber } from "../core/vn-number.ts";
import type { Database } from "../db/client.ts";
import { importValuesCsv, type TBulkImportResult } from "../db/values.ts";
import { AppError } from "../server/errors.ts";
import { CliError, withDatabase } from "./context.ts";

const STATUSES = ["draft", "submitted", "approved"] as const;

/** A count or a duration written the Vietnamese way ("1.200.000", "16,7"). */
const vi = (n: number, decimals = 0) => formatNumber(n, { decimals });

/** Imports one file; a refusal becomes a CliError naming the file. */
async function importFile(
  database: Database,
  file: string,
  o: { status: (typeof STATUSES)[number]; importId?: string },
): Promise<TBulkImportResult> {
  try {
    return await importValuesCsv({
      database,
      input: createReadStream(file),
      actor: "cli",
      importId: o.importId ?? path.basename(file),
      status: o.status,
    });
  } catch (e) {
    if (e instanceof AppError)
      throw new CliError(`${path.basename(file)}: ${e.messageVi}`, `${path.basename(file)}: ${e.message}`);
    throw e;
  }
}

/** `dxm values import FILE.csv…`: large CSVs of values by codes, each file in one transaction. */
export function registerValueCommands(program: Command): void {
  const values = program.command("values").description("Số liệu chỉ tiêu / indicator values");
  values
    .command("import")
    .argument(
      "<files...>",
      "CSV: ma_don_vi, ma_chi_tieu, ky, tu_so, mau_so, gia_tri (hoặc tên cột tiếng Anh)",
    )
    .option("--status <status>", "trạng thái ghi / status written: draft, submitted, approved", "submitted")
    .option("--import-id <id>", "tên lần nhập trong nhật ký / name of the import in the audit log")
    .option(
      "--parallel <n>",
      "số tệp nhập cùng lúc, có ích khi mỗi tệp một tỉnh / files imported at once, useful when each holds another province (PostgreSQL)",
      "1",
    )
    .description(
      "Nhập số liệu hàng loạt từ CSV: mỗi tệp một giao dịch, lỗi một dòng thì tệp đó không ghi gì / bulk import values from CSV, each file all or nothing",
    )
    .action(async (files: string[], opts: { status: string; importId?: string; parallel: string }) => {
      const status = STATUSES.find((s) => s === opts.status);
      if (!status)
        throw new CliError(
          `Trạng thái "${opts.status}" không hợp lệ (draft, submitted, approved)`,
          `invalid status "${opts.status}" (draft, submitted, approved)`,
        );
      const parallel = Number(opts.parallel);
      if (!Number.isInteger(parallel) || parallel < 1 || parallel > 16)
        throw new CliError(
          `--parallel phải là số nguyên từ 1 đến 16`,
          `--parallel must be an integer from 1 to 16`,
        );
      for (const file of files)
        try {
          if (!statSync(file).isFile()) throw new Error("not a file");
        } catch (e) {
          throw new CliError(`Không đọc được tệp ${file}`, `cannot read ${file}: ${(e as Error).message}`);
        }
      await withDatabase(async (database) => {
        const started = performance.now();
        const failed: CliError[] = [];
        let rows = 0;
        let next = 0;
        const worker = async () => {
          while (next < files.length) {
            const file = files[next++];
            try {
              const r = await importFile(database, file, {
                status,
                // With several files, each import is named by its file (after the given name, if any).
                importId:
                  files.length === 1 || !opts.importId
                    ? opts.importId
                    : `${opts.importId}/${path.basename(file)}`,
              });
              rows += r.rows;
              console.log(
                `Đã nhập ${vi(r.rows)} dòng từ ${path.basename(file)} trong ${vi(r.ms / 1000, 1)} giây: ${vi(r.inserted)} mới, ${vi(r.updated)} cập nhật, ${vi(r.unchanged)} không đổi.`,
              );
              console.log(
                `Imported ${r.rows} rows from ${path.basename(file)}: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${(r.ms / 1000).toFixed(1)} s).`,
              );
            } catch (e) {
              if (!(e instanceof CliError)) throw e;
              failed.push(e);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(parallel, files.length) }, worker));
        const seconds = (performance.now() - started) / 1000;
        if (files.length > 1) {
          console.log(
            `Tổng: ${vi(rows)} dòng trong ${vi(seconds, 1)} giây (${vi(rows / seconds)} dòng/giây).`,
          );
          console.log(
            `Total: ${rows} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s).`,
          );
        }
        if (failed.length === 1) throw failed[0];
        if (failed.length > 1)
          throw new CliError(
            `${failed.length} tệp không được nhập (các tệp khác đã ghi)`,
            `${failed.length} files were not imported (the others were written)`,
            failed.map((e) => `${e.messageVi} / ${e.message}`),
          );
      });
    });
}
