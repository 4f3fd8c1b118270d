import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { importValuesCsv } from "../db/values.ts";
import { AppError } from "../server/errors.ts";
import { CliError, withDatabase } from "./context.ts";

const STATUSES = ["draft", "submitted", "approved"] as const;

/** `dxm values import FILE.csv`: a large CSV of values by codes, in one transaction. */
export function registerValueCommands(program: Command): void {
  const values = program.command("values").description("Số liệu chỉ tiêu / indicator values");
  values
    .command("import")
    .argument("<file>", "CSV: ma_don_vi, ma_chi_tieu, ky, tu_so, mau_so, gia_tri (hoặc tên cột tiếng Anh)")
    .option("--status <status>", "trạng thái ghi / status written: draft, submitted, approved", "submitted")
    .option("--import-id <id>", "tên lần nhập trong nhật ký / name of the import in the audit log")
    .description(
      "Nhập số liệu hàng loạt từ CSV (một giao dịch: lỗi một dòng thì không ghi gì) / bulk import values from CSV (all or nothing)",
    )
    .action(async (file: string, opts: { status: string; importId?: string }) => {
      const status = STATUSES.find((s) => s === opts.status);
      if (!status)
        throw new CliError(
          `Trạng thái "${opts.status}" không hợp lệ (draft, submitted, approved)`,
          `invalid status "${opts.status}" (draft, submitted, approved)`,
        );
      try {
        if (!statSync(file).isFile()) throw new Error("not a file");
      } catch (e) {
        throw new CliError(`Không đọc được tệp ${file}`, `cannot read ${file}: ${(e as Error).message}`);
      }
      await withDatabase(async (database) => {
        try {
          const r = await importValuesCsv({
            database,
            input: createReadStream(file),
            actor: "cli",
            importId: opts.importId ?? path.basename(file),
            status,
          });
          const rate = Math.round(r.rows / (r.ms / 1000));
          console.log(
            `Đã nhập ${r.rows} dòng từ ${path.basename(file)} trong ${(r.ms / 1000).toFixed(1)} giây: ${r.inserted} mới, ${r.updated} cập nhật, ${r.unchanged} không đổi.`,
          );
          console.log(
            `Imported ${r.rows} rows: ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged (${rate} rows/s).`,
          );
        } catch (e) {
          if (e instanceof AppError) throw new CliError(e.messageVi, e.message);
          throw e;
        }
      });
    });
}
