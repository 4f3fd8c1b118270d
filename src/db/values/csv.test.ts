import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../client.ts";
import { buildProgressFixture, type TProgressFixture } from "../progress/fixture.ts";
import { getProgressOverview } from "../progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../testing.ts";
import { importValuesCsv } from "../values.ts";

describe.each(testDatabaseKinds())("CSV import of values on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let f: TProgressFixture;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    f = await buildProgressFixture(db);
  }, 120_000);
  afterAll(async () => db?.cleanup());

  const count = async () =>
    (await one<{ n: number }>(db.orm, sql`select count(*)::int as n from data_value`))!.n;
  const valuesOf = (period: string) =>
    rows<{ code: string; ind: string; n: string | null; d: string | null; v: string | null }>(
      db.orm,
      sql`select u.code, i.code as ind, v.numerator::text as n, v.denominator::text as d, v.value::text as v
        from data_value v join org_unit u on u.id = v.org_unit_id join indicator i on i.id = v.indicator_id
        where v.period = ${period} order by u.code, i.code`,
    );

  it("reads Vietnamese headers and numbers by code, streamed, and the dashboard sees the values", async () => {
    const csv = [
      "\uFEFFMã chỉ tiêu;Mã đơn vị;Kỳ;Tử số;Mẫu số;Giá trị".replaceAll(";", ","),
      'T_SUM,T01C1,2027Q1,,,"1.761"',
      'T_SUM,T01C2,2027Q1,,,"10.851"',
      "",
      'T_RATIO,T01A1,2027Q1,"1.761","1.966",',
      'T_MIN,T01C3,2027Q1,,,"36,8"',
      "",
    ].join("\n");
    const r = await importValuesCsv({
      database: db,
      input: Readable.from([csv.slice(0, 40), csv.slice(40)]),
      actor: "test",
      importId: "csv-1",
    });
    expect(r).toMatchObject({ rows: 4, inserted: 4, updated: 0, unchanged: 0 });
    expect(await valuesOf("2027Q1")).toEqual([
      { code: "T01A1", ind: "T_RATIO", n: "1761", d: "1966", v: null },
      { code: "T01C1", ind: "T_SUM", n: null, d: null, v: "1761" },
      { code: "T01C2", ind: "T_SUM", n: null, d: null, v: "10851" },
      { code: "T01C3", ind: "T_MIN", n: null, d: null, v: "36.8" },
    ]);
    const overview = await getProgressOverview({
      db: db.orm,
      planId: f.planId,
      unitId: f.provinceId,
      period: "2027Q1",
    });
    const sum = overview.targets.find((t) => t.indicatorId === f.ind.SUM)!;
    expect(sum.actual).toMatchObject({ value: 12612, display: "12.612", reported: 2, expected: 4 });
    const ratio = overview.targets.find((t) => t.indicatorId === f.ind.RATIO)!;
    expect(ratio.actual.display).toBe("89,6%");
    // The same file again changes nothing; English headers in another order are read too.
    const again = await importValuesCsv({ database: db, input: csv, actor: "test", importId: "csv-2" });
    expect(again).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 4 });
    // Excel with Vietnamese settings writes ";" between cells and "," in numbers.
    const semicolons = await importValuesCsv({
      database: db,
      input: "Mã đơn vị;Mã chỉ tiêu;Kỳ;Giá trị\r\nT01C4;T_MIN;2027Q1;12,5\r\n",
      actor: "test",
      importId: "csv-sc",
    });
    expect(semicolons).toMatchObject({ rows: 1, inserted: 1 });
    expect((await valuesOf("2027Q1")).find((v) => v.code === "T01C4")).toMatchObject({ v: "12.5" });
    const english = await importValuesCsv({
      database: db,
      input: "value,period,unit_code,indicator_code\n12,2027Q1,T01C1,T_SUM\n",
      actor: "test",
      importId: "csv-3",
    });
    expect(english).toMatchObject({ rows: 1, updated: 1 });
    // One audit summary row per import, naming it.
    const audit = await rows<{ import: string }>(
      db.orm,
      sql`select after ->> 'import' as import from audit_log where action = 'bulk_insert' and after ->> 'import' like 'csv-%'`,
    );
    expect(audit.map((a) => a.import)).toContain("csv-1");
  });

  it("refuses the whole file at the first bad line, naming it, and writes nothing", async () => {
    const before = await count();
    const cases: Array<[string, RegExp, string]> = [
      [
        "ma_chi_tieu,ma_don_vi,ky,gia_tri\nT_SUM,T01C1,2027Q2,5\nT_NOPE,T01C1,2027Q2,5\n",
        /Dòng 3: không có chỉ tiêu "T_NOPE"/,
        "indicator",
      ],
      ["ma_chi_tieu,ma_don_vi,ky,gia_tri\nT_SUM,X99,2027Q2,5\n", /Dòng 2: không có đơn vị "X99"/, "unit"],
      ["ma_chi_tieu,ma_don_vi,ky,gia_tri\nT_SUM,T01C1,2027Q5,5\n", /Dòng 2: kỳ không hợp lệ/, "period"],
      ["ma_chi_tieu,ma_don_vi,ky,gia_tri\nT_SUM,T01C1,2027Q2,12abc\n", /Dòng 2: Không đọc được số/, "value"],
      ["ma_chi_tieu,ky,gia_tri\nT_SUM,2027Q2,5\n", /Dòng 1: thiếu cột ma_don_vi/, "unit"],
      ["", /tệp không có dòng số liệu nào/, "file"],
      ["ma_chi_tieu,ma_don_vi,ky,gia_tri\n", /tệp không có dòng số liệu nào/, "file"],
      // Not a CSV: a broken quote, as in a workbook opened as text.
      [
        'ma_chi_tieu,ma_don_vi,ky,gia_tri\nT_SUM,"T01C1"x,2027Q2,5\n',
        /Dòng 2: không đọc được tệp CSV/,
        "file",
      ],
      // A value the indicator refuses is found by the database statement, by line.
      [
        "ma_chi_tieu,ma_don_vi,ky,tu_so,mau_so\nT_RATIO,T01A1,2027Q2,5,10\nT_RATIO,T01A2,2027Q2,11,10\n",
        /Dòng 3 không hợp lệ/,
        "rows[2]",
      ],
    ];
    for (const [input, message, field] of cases) {
      const e = await importValuesCsv({ database: db, input, actor: "test", importId: "bad" }).catch(
        (err: unknown) => err as { status: number; messageVi: string; message: string; field: string },
      );
      expect(e, input).toMatchObject({ status: 400, field });
      expect((e as { messageVi: string }).messageVi).toMatch(message);
      expect((e as { message: string }).message).toMatch(/nothing was written/);
    }
    expect(await count()).toBe(before);
  });
});
