import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMerges } from "../core/reorg.ts";
import { parseUnitList } from "../core/unit-list.ts";
import { one, rows } from "./client.ts";
import { importReorgLinks, unitLineage } from "./reorg.ts";
import { hasSharedData, openTestDatabase, SHARED_DATA, testDatabaseKinds } from "./testing.ts";
import { countUnits, getUnit, importUnits, listUnits, UnitImportError } from "./units.ts";

const read = (f: string) => {
  const file = path.join(SHARED_DATA, "units", f);
  return parseUnitList({ fileName: file, text: readFileSync(file, "utf8") });
};

describe.skipIf(!hasSharedData).each(testDatabaseKinds())("official unit lists on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.cleanup());

  it("imports 34 provinces and 3,321 communes, then 63/696/10,035 before 2025", async () => {
    const post = await importUnits({
      db: db.orm,
      records: read("vn_units_2026-07-25.json").records,
      actor: "test",
    });
    expect(post).toMatchObject({ inserted: 3355, updated: 0, byKind: { province: 34, commune: 3321 } });
    const pre = await importUnits({
      db: db.orm,
      records: read("vn_units_pre2025_v2.4.1.json").records,
      actor: "test",
    });
    expect(pre.byKind).toEqual({ province: 63, district: 696, commune: 10035 });
    expect(await countUnits(db.orm)).toEqual({ nation: 1, province: 97, district: 696, commune: 13356 });
  });

  it("keeps reused codes apart by validity: 15 is Yên Bái before 2025 and Lào Cai after", async () => {
    const before = await listUnits(db.orm, {
      kind: "province",
      q: "15",
      at: "2024-12-31",
      limit: 5,
      offset: 0,
    });
    const after = await listUnits(db.orm, {
      kind: "province",
      q: "15",
      at: "2026-01-01",
      limit: 5,
      offset: 0,
    });
    expect(before.items.find((u) => u.code === "15")?.name).toBe("Yên Bái");
    expect(after.items.find((u) => u.code === "15")?.name).toBe("Lào Cai");
    const laoCai = after.items.find((u) => u.code === "15")!;
    const kids = await listUnits(db.orm, { parentId: laoCai.id, limit: 500, offset: 0 });
    expect(kids.total).toBe(99);
    const district = await listUnits(db.orm, {
      kind: "district",
      q: "van yen",
      at: "2024-01-01",
      limit: 5,
      offset: 0,
    });
    const commune = await listUnits(db.orm, {
      parentId: district.items[0].id,
      at: "2024-01-01",
      limit: 1,
      offset: 0,
    });
    const detail = await getUnit(db.orm, commune.items[0].id);
    expect(detail?.ancestors.map((a) => a.kind)).toEqual(["nation", "province", "district"]);
    expect(detail?.provinceId).toBe(detail?.ancestors[1].id);
  });

  it("re-running an import adds nothing and audits nothing", async () => {
    const audits = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from audit_log`);
    const again = await importUnits({
      db: db.orm,
      records: read("vn_units_2026-07-25.json").records,
      actor: "test",
    });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3355 });
    const dupes = await rows(
      db.orm,
      sql`select kind, code, valid_from from org_unit group by 1, 2, 3 having count(*) > 1`,
    );
    expect(dupes).toEqual([]);
    const after = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from audit_log`);
    expect(after?.n).toBe(audits?.n);
  });

  it("rejects a malformed copy with the record and writes nothing", async () => {
    const file = path.join(SHARED_DATA, "units", "vn_units_2026-07-25.json");
    const data = JSON.parse(readFileSync(file, "utf8"));
    data[3].Wards[5].Name = "";
    const parsed = parseUnitList({ fileName: "bad.json", text: JSON.stringify(data) });
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0].ref).toBe("record [3].Wards[5]");
    // A list whose parent is unknown fails inside the transaction: nothing of it remains.
    const before = await countUnits(db.orm);
    const orphan = [
      {
        code: "98",
        kind: "province" as const,
        name: "Mới",
        parentCode: "VN",
        parentKind: "nation" as const,
        validFrom: "2030-01-01",
        ref: "line 2",
      },
      {
        code: "98001",
        kind: "commune" as const,
        name: "Xã mồ côi",
        parentCode: "97",
        validFrom: "2030-01-01",
        ref: "line 3",
      },
    ];
    await expect(importUnits({ db: db.orm, records: orphan, actor: "test" })).rejects.toBeInstanceOf(
      UnitImportError,
    );
    expect(await countUnits(db.orm)).toEqual(before);
  });

  it("records the 2025 merges as dated events: new Lào Cai (15) was formed from old Lào Cai (10) and Yên Bái (15)", async () => {
    const merges = parseMerges(readFileSync(path.join(SHARED_DATA, "units/reorg2025/merges.json"), "utf8"));
    expect(merges.links.length).toBeGreaterThan(10_000);
    // The mapping names a few units the lists do not hold: strict mode writes nothing.
    const before = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from org_unit_event`);
    await expect(
      importReorgLinks({ db: db.orm, date: merges.date, links: merges.links, actor: "test" }),
    ).rejects.toBeInstanceOf(UnitImportError);
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from org_unit_event`))?.n).toBe(
      before?.n,
    );
    const r = await importReorgLinks({
      db: db.orm,
      date: merges.date,
      links: merges.links,
      actor: "test",
      skipUnknown: true,
    });
    expect(r.inserted + r.skipped.length).toBeGreaterThan(10_000);
    expect(r.skipped.length).toBeLessThan(30);
    const again = await importReorgLinks({
      db: db.orm,
      date: merges.date,
      links: merges.links,
      actor: "test",
      skipUnknown: true,
    });
    expect(again.inserted).toBe(0);
    const laoCai = (
      await listUnits(db.orm, { kind: "province", q: "lao cai", at: "2026-01-01", limit: 1, offset: 0 })
    ).items[0];
    const lineage = await unitLineage(db.orm, laoCai.id);
    expect(
      lineage
        .filter((l) => l.direction === "from")
        .map((l) => `${l.code} ${l.name}`)
        .sort(),
    ).toEqual(["10 Lào Cai", "15 Yên Bái"]);
  });
});
