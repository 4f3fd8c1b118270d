import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rows } from "../db/client.ts";

const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, "../../bin/dxm.mjs");

// The console path a person takes: `dxm demo reset`, then `dxm values import FILE.csv`, on PGlite in
// a data folder of its own.
describe("dxm values import", () => {
  let dir: string;
  const env = () => ({ ...process.env, DATABASE_URL: "", DXM_DATA_DIR: path.join(dir, "data") });
  const dxm = (...args: string[]) =>
    run(process.execPath, [BIN, ...args], { env: env() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const read = async <T>(query: ReturnType<typeof sql>) => {
    const database = await openDatabase({ dataDir: path.join(dir, "data") });
    try {
      return await rows<T>(database.orm, query);
    } finally {
      await database.close();
    }
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "dxm-values-"));
    expect((await dxm("demo", "reset")).code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports a CSV by codes, and refuses a bad file whole with the line, in both languages", async () => {
    const [pick] = await read<{ unit: string; ind: string }>(
      sql`select u.code as unit, i.code as ind from org_unit u, indicator i
        where u.kind = 'commune' and i.kind = 'count' and i.formula is null and i.status = 'active'
        order by u.id, i.id limit 1`,
    );
    const good = path.join(dir, "good.csv");
    writeFileSync(good, `ma_don_vi,ma_chi_tieu,ky,gia_tri\n${pick.unit},${pick.ind},2027Q1,"1.761"\n`);
    const ok = await dxm("values", "import", good, "--status", "approved");
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Đã nhập 1 dòng từ good.csv");
    expect(ok.stdout).toMatch(
      /Imported 1 rows from good\.csv: 1 new, 0 updated, 0 unchanged \(\d+\.\d s\)\./,
    );

    const bad = path.join(dir, "bad.csv");
    writeFileSync(
      bad,
      `ma_don_vi,ma_chi_tieu,ky,gia_tri\n${pick.unit},${pick.ind},2027Q2,5\n${pick.unit},KHONG_CO,2027Q2,5\n`,
    );
    const refused = await dxm("values", "import", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Lỗi: bad.csv: Dòng 3: không có chỉ tiêu "KHONG_CO"; không có số liệu nào được ghi',
    );
    expect(refused.stderr).toContain('Error: bad.csv: Line 3: no indicator "KHONG_CO"; nothing was written');
    expect(refused.stderr).not.toMatch(/at .*\.ts:\d+/);
    // Several files side by side: each is all or nothing; the good one is written, the bad one named.
    const good2 = path.join(dir, "good2.csv");
    writeFileSync(good2, `ma_don_vi,ma_chi_tieu,ky,gia_tri\n${pick.unit},${pick.ind},2027Q3,7\n`);
    const both = await dxm("values", "import", bad, good2, "--parallel", "2", "--status", "approved");
    expect(both.code).toBe(1);
    expect(both.stdout).toContain("Imported 1 rows from good2.csv: 1 new");
    expect(both.stderr).toContain("bad.csv: Line 3");
    const status = await dxm("values", "import", good, "--status", "locked");
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('Trạng thái "locked" không hợp lệ');
    expect((await dxm("values", "import", path.join(dir, "none.csv"))).code).toBe(1);

    const stored = await read<{ period: string; v: string; status: string }>(
      sql`select period, value::text as v, status from data_value
        where period like '2027%' and deleted_at is null order by period`,
    );
    expect(stored).toEqual([
      { period: "2027Q1", v: "1761", status: "approved" },
      { period: "2027Q3", v: "7", status: "approved" },
    ]);
  }, 120_000);

  it("finishes the import when its output is closed early (`| head -1`)", async () => {
    const [pick] = await read<{ unit: string; ind: string }>(
      sql`select u.code as unit, i.code as ind from org_unit u, indicator i
        where u.kind = 'commune' and i.kind = 'count' and i.formula is null and i.status = 'active'
        order by u.id, i.id limit 1`,
    );
    const files = ["2028Q1", "2028Q2"].map((period) => {
      const file = path.join(dir, `${period}.csv`);
      writeFileSync(file, `ma_don_vi,ma_chi_tieu,ky,gia_tri\n${pick.unit},${pick.ind},${period},3\n`);
      return file;
    });
    const child = spawn(process.execPath, [BIN, "values", "import", ...files], {
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const stored = await read<{ period: string }>(
      sql`select period from data_value where period like '2028Q%' and deleted_at is null order by period`,
    );
    expect(stored.map((r) => r.period)).toEqual(["2028Q1", "2028Q2"]);
  }, 120_000);
});
