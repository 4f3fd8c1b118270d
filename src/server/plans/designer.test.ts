import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { annexFixtureText, annexFixtureXlsx } from "../../db/designer/annex-fixture.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { loginAs } from "../testing.ts";

/** A multipart/form-data body with one file (and text fields) for app.inject. */
function multipart(options: { fileName: string; content: Buffer | string; fields?: Record<string, string> }) {
  const boundary = `----dxm${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(options.fields ?? {}))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
  );
  parts.push(Buffer.isBuffer(options.content) ? options.content : Buffer.from(options.content));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(testDatabaseKinds())("plan designer API on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let thuky: Record<string, string>;
  let reporter: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 6 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    thuky = await loginAs(app, "thuky");
    reporter = await loginAs(app, "baocao");
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    headers = thuky,
  ) => {
    const r = await app.inject({ method, url, payload: body as object, headers });
    return { status: r.statusCode, body: r.body ? r.json() : null };
  };
  const upload = async (url: string, file: Parameters<typeof multipart>[0], headers = thuky) => {
    const m = multipart(file);
    const r = await app.inject({
      method: "POST",
      url,
      payload: m.payload,
      headers: { ...headers, "content-type": m.contentType },
    });
    return { status: r.statusCode, body: r.json() };
  };
  const counts = async () =>
    one<{ plans: number; targets: number; indicators: number; values: number; audit: number }>(
      db.orm,
      sql`select (select count(*) from plan)::int as plans, (select count(*) from target)::int as targets,
        (select count(*) from indicator)::int as indicators, (select count(*) from target_value)::int as values,
        (select count(*) from audit_log)::int as audit`,
    );
  const pillarId = async (code: string) =>
    (await one<{ id: number }>(db.orm, sql`select id from pillar where code = ${code}`))!.id;
  const agency = async (name: string) =>
    (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'agency' and name = ${name}`,
    ))!.id;

  it("creates, edits (version up, stale refused), versions and retires a plan with its legal basis", async () => {
    const created = await call("POST", "/api/plans", {
      code: "KH586",
      name: "Kế hoạch chuyển đổi số năm 2025 (thử)",
      ownerUnitId: provinceId,
      legalNumber: "586/KH-UBND",
      legalIssuer: "UBND tỉnh Minh Họa",
      legalDate: "2024-03-15",
      legalFile: "https://vanban.example/586.pdf",
      startYear: 2024,
      endYear: 2030,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      legalNumber: "586/KH-UBND",
      version: 1,
      readOnly: false,
      provinceId,
    });
    const id = created.body.id;

    const target = await call("POST", `/api/plans/${id}/targets`, {
      code: "CQS01",
      name: "Tỷ lệ dịch vụ công trực tuyến toàn trình",
      pillarId: await pillarId("CQS"),
      direction: "higher",
      nationalBenchmark: "80",
      responsibleUnitId: await agency("Văn phòng UBND tỉnh"),
      appliesTo: ["agency", "commune"],
      values: [
        { year: 2022, value: "50" },
        { year: 2025, value: 80 },
        { year: 2030, value: "100" },
      ],
    });
    expect(target.status).toBe(201);
    expect(target.body).toMatchObject({
      appliesToSet: ["agency", "commune"],
      appliesTo: "all",
      nationalBenchmark: "80",
      responsibleUnitName: "Văn phòng UBND tỉnh",
      values: [
        { year: 2022, value: "50" },
        { year: 2025, value: "80" },
        { year: 2030, value: "100" },
      ],
    });
    const edited = await call("PUT", `/api/targets/${target.body.id}`, {
      ...{ code: "CQS01", name: "Tỷ lệ DVC trực tuyến toàn trình", pillarId: await pillarId("CQS") },
      direction: "higher",
      appliesTo: ["commune"],
      values: [{ year: 2025, value: "85" }],
    });
    expect(edited.body.values).toEqual([{ year: 2025, value: "85" }]);
    expect(edited.body.appliesTo).toBe("commune");

    const plan = (await call("GET", `/api/plans/${id}`)).body;
    expect(plan.version).toBe(3); // target added, target edited
    const stale = await call("PATCH", `/api/plans/${id}`, { version: 1, name: "Tên mới của kế hoạch" });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "stale", field: "version" });
    const ok = await call("PATCH", `/api/plans/${id}`, {
      version: 3,
      legalIssuer: "Ủy ban nhân dân tỉnh",
      reason: "sửa cơ quan ban hành",
    });
    expect(ok.body).toMatchObject({ version: 4, legalIssuer: "Ủy ban nhân dân tỉnh" });
    const audit = await one<{ reason: string; before: { legal_issuer: string } }>(
      db.orm,
      sql`select reason, before from audit_log where table_name = 'plan' and row_id = ${String(id)} and action = 'update'
        order by id desc limit 1`,
    );
    expect(audit).toMatchObject({
      reason: "sửa cơ quan ban hành",
      before: { legal_issuer: "UBND tỉnh Minh Họa" },
    });

    const v2 = await call("POST", `/api/plans/${id}/versions`, {
      legalNumber: "700/KH-UBND",
      reason: "kế hoạch mới thay thế",
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({
      previousVersionId: id,
      legalNumber: "700/KH-UBND",
      status: "draft",
      targetCount: 1,
    });
    expect(v2.body.version).toBeGreaterThan(4);
    const old = (await call("GET", `/api/plans/${id}`)).body;
    expect(old).toMatchObject({ readOnly: true, supersededById: v2.body.id });
    const blocked = await call("PATCH", `/api/plans/${id}`, { name: "Sửa bản cũ không được" });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("read_only");
    expect((await call("GET", `/api/plans/${id}/targets`)).body.items[0].values).toEqual([
      { year: 2025, value: "85" },
    ]);
    expect(
      (await call("GET", `/api/plans/${v2.body.id}/versions`)).body.items.map((p: { id: number }) => p.id),
    ).toEqual([v2.body.id, id]);

    // A target of a draft can be removed; then the draft is retired and becomes read-only.
    const newTargets = (await call("GET", `/api/plans/${v2.body.id}/targets`)).body.items;
    expect((await call("DELETE", `/api/targets/${newTargets[0].id}`)).status).toBe(204);
    const retired = await call("POST", `/api/plans/${v2.body.id}/retire`, { reason: "thử" });
    expect(retired.body).toMatchObject({ status: "retired", readOnly: true });
    expect(
      (
        await call("POST", `/api/plans/${v2.body.id}/targets`, {
          code: "X1",
          name: "Không thêm được",
          pillarId: await pillarId("KTS"),
          values: [],
        })
      ).status,
    ).toBe(409);
  });

  it("stores the plan's legal document (PDF/DOCX only) and serves it back", async () => {
    const plan = (
      await call("POST", "/api/plans", {
        code: "QD565",
        name: "Quyết định 565 (thử)",
        ownerUnitId: provinceId,
      })
    ).body;
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const up = await upload(`/api/plans/${plan.id}/documents`, { fileName: "QD-565.pdf", content: pdf });
    expect(up.status).toBe(201);
    expect((await call("GET", `/api/plans/${plan.id}`)).body).toMatchObject({
      legalFile: "QD-565.pdf",
      documentCount: 1,
    });
    const list = await call("GET", `/api/plans/${plan.id}/documents`);
    expect(list.body.items[0]).toMatchObject({
      fileName: "QD-565.pdf",
      contentType: "application/pdf",
      size: pdf.length,
    });
    const got = await app.inject({ method: "GET", url: `/api/plans/${plan.id}/documents/${up.body.id}` });
    expect(got.headers["content-type"]).toBe("application/pdf");
    expect(got.rawPayload.equals(pdf)).toBe(true);
    const html = await upload(`/api/plans/${plan.id}/documents`, {
      fileName: "x.pdf",
      content: "<html><script>1</script>",
    });
    expect(html.status).toBe(400);
    expect(html.body.error.field).toBe("file");
  });

  it("refuses plan writes outside the caller's scope or permission, and bad input with the field", async () => {
    const r = await call(
      "POST",
      "/api/plans",
      { code: "X", name: "Kế hoạch xã", ownerUnitId: provinceId },
      reporter,
    );
    expect(r.status).toBe(403);
    const bad = await call("POST", "/api/plans", {
      code: "X",
      name: "Kế hoạch",
      ownerUnitId: provinceId,
      startYear: 2030,
      endYear: 2020,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toContain("endYear");
    const badValue = await call("POST", "/api/plans/1/targets", {
      code: "A",
      name: "Mục tiêu",
      pillarId: 1,
      values: [{ year: 2025, value: "8O" }],
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.field).toContain("values");
  });

  it("checks formulas as typed, versions definitions, stamps figures and refuses deleting an indicator in use", async () => {
    const check = await call("POST", "/api/indicators/check-formula", {
      formula: "MH_CQS03 / KHONG_CO * 100",
    });
    expect(check.body).toMatchObject({ ok: false, error: { kind: "unknown_code", position: 11 } });
    expect(check.body.error.message).toContain("KHONG_CO");
    const syntax = await call("POST", "/api/indicators/check-formula", { formula: "MH_CQS03 / * 2" });
    expect(syntax.body.error.position).toBe(11);
    const good = await call("POST", "/api/indicators/check-formula", {
      formula: "MH_CQS03 * 100",
      code: "NEW_X",
    });
    expect(good.body).toMatchObject({ ok: true, codes: ["MH_CQS03"] });

    const input = {
      code: "TEST_TYLE",
      name: "Tỷ lệ thử nghiệm",
      nameEn: "Test ratio",
      definition: "Số xã đạt trên tổng số xã",
      kind: "ratio",
      unit: "%",
      numeratorLabel: "Số xã đạt",
      denominatorLabel: "Tổng số xã",
      aggregation: "ratio_of_sums",
      ownerUnitId: provinceId,
    };
    const created = await call("POST", "/api/indicators", input);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, usage: { dataValues: 0, targets: 0, forms: 0 } });
    const id = created.body.id;
    const cycleA = await call("POST", "/api/indicators", {
      ...input,
      code: "TEST_A",
      kind: "number",
      formula: "TEST_TYLE * 2",
      numeratorLabel: null,
      denominatorLabel: null,
    });
    expect(cycleA.status).toBe(201);
    const badFormula = await call("PUT", `/api/indicators/${id}`, { ...input, formula: "TEST_A + 1" });
    expect(badFormula.status).toBe(400);
    expect(badFormula.body.error).toMatchObject({ field: "formula" });
    expect(badFormula.body.error.message).toContain("vòng lặp");

    // A figure reported under version 1 keeps it; after the change, new figures get version 2.
    const commune = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'commune' and province_id = ${provinceId} order by code limit 1`,
    ))!.id;
    const insertValue = (unit: number, period: string) =>
      db.orm.execute(sql`insert into data_value (province_id, indicator_id, org_unit_id, period, period_type, period_start,
        period_end, numerator, denominator) values (${provinceId}, ${id}, ${unit}, ${period}, 'quarter',
        '2025-01-01', '2025-03-31', 3, 4)`);
    await insertValue(commune, "2025Q1");
    const changed = await call("PUT", `/api/indicators/${id}`, {
      ...input,
      version: 1,
      denominatorLabel: "Tổng số xã, phường",
      reason: "Sắp xếp đơn vị hành chính 2025",
    });
    expect(changed.body.version).toBe(2);
    const unchanged = await call("PUT", `/api/indicators/${id}`, {
      ...input,
      denominatorLabel: "Tổng số xã, phường",
    });
    expect(unchanged.body.version).toBe(2);
    const stale = await call("PUT", `/api/indicators/${id}`, { ...input, version: 1, name: "Tên khác hẳn" });
    expect(stale.status).toBe(409);
    await insertValue(commune, "2025Q2");
    const stamped = await rows<{ period: string; v: number }>(
      db.orm,
      sql`select period, indicator_version as v from data_value where indicator_id = ${id} order by period`,
    );
    expect(stamped).toEqual([
      { period: "2025Q1", v: 1 },
      { period: "2025Q2", v: 2 },
    ]);
    const versions = await call("GET", `/api/indicators/${id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.items[0]).toMatchObject({
      reason: "Sắp xếp đơn vị hành chính 2025",
      dataValues: 1,
      definition: { denominator_label: "Tổng số xã, phường" },
    });
    expect(versions.body.items[1]).toMatchObject({
      dataValues: 1,
      definition: { denominator_label: "Tổng số xã" },
    });

    // In use (a figure, and TEST_A's formula): 409 with a bilingual message, nothing changed.
    const before = await counts();
    const del = await call("DELETE", `/api/indicators/${id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("in_use");
    expect(del.body.error.message).toContain("Không thể xóa chỉ số TEST_TYLE");
    expect(del.body.error.message).toContain("2 số liệu");
    expect(del.body.error.messageEn).toContain("retire it instead");
    expect(del.body.error.details).toMatchObject({ dataValues: 2, formulas: ["TEST_A"] });
    expect(await counts()).toEqual(before);
    expect((await call("GET", `/api/indicators/${id}`)).body.status).toBe("active");
    // Demo indicators are in targets, forms and data: also refused.
    const demo = (await call("GET", "/api/indicators?q=MH_CQS01")).body.items[0];
    expect((await call("DELETE", `/api/indicators/${demo.id}`)).status).toBe(409);
    // Retire instead; an unused one can be deleted.
    expect(
      (await call("POST", `/api/indicators/${id}/retire`, { reason: "thay bằng chỉ số mới" })).body.status,
    ).toBe("retired");
    expect((await call("DELETE", `/api/indicators/${cycleA.body.id}`)).status).toBe(204);
    expect((await call("GET", `/api/indicators/${cycleA.body.id}`)).status).toBe(404);
    expect((await call("POST", "/api/indicators", input, reporter)).status).toBe(403);
  });

  it("imports a pasted annex: guesses the mapping, takes a fix, previews, creates the plan", async () => {
    const read = await call("POST", "/api/plans/annex/paste", { text: annexFixtureText() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ headerRow: 2, bodyStart: 3 });
    expect(read.body.mapping).toEqual(["stt", "name", "ignore", "year:2025", "year:2030", "responsible"]);
    const mapping = [...read.body.mapping];
    mapping[2] = "unit"; // the user fixes "Thước đo"
    const preview = await call("POST", "/api/plans/annex/preview", {
      rows: read.body.rows,
      rowNumbers: read.body.rowNumbers,
      bodyStart: read.body.bodyStart,
      mapping,
      ownerUnitId: provinceId,
    });
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.targets).toHaveLength(20);
    expect(preview.body.years).toEqual([2025, 2030]);
    const byPillar = (p: string) =>
      preview.body.targets.filter((t: { pillarCode: string }) => t.pillarCode === p).length;
    expect([byPillar("CQS"), byPillar("KTS"), byPillar("XHS")]).toEqual([8, 6, 6]);
    const firms = preview.body.targets.find(
      (t: { name: string }) => t.name === "Số doanh nghiệp công nghệ số",
    );
    expect(firms).toMatchObject({
      kind: "count",
      unit: "Doanh nghiệp",
      code: "KTS02",
      responsibleUnitName: "Sở Khoa học và Công nghệ",
    });
    expect(firms.values).toEqual([
      { year: 2025, value: "1200" },
      { year: 2030, value: "2500" },
    ]);

    const before = await counts();
    const created = await call("POST", "/api/plans/annex/import", {
      rows: read.body.rows,
      rowNumbers: read.body.rowNumbers,
      bodyStart: read.body.bodyStart,
      mapping,
      ownerUnitId: provinceId,
      appliesTo: ["province"],
      plan: {
        code: "KH586-PL",
        name: "Kế hoạch 586 — phụ lục chỉ tiêu",
        ownerUnitId: provinceId,
        legalNumber: "586/KH-UBND",
        legalDate: "2024-03-15",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ targets: 20, indicatorsCreated: 20 });
    const after = await counts();
    expect(after!.plans - before!.plans).toBe(1);
    expect(after!.targets - before!.targets).toBe(20);
    expect(after!.values - before!.values).toBe(40);
    const targets = (await call("GET", `/api/plans/${created.body.planId}/targets`)).body.items;
    expect(targets[1]).toMatchObject({
      code: "CQS02",
      pillarCode: "CQS",
      indicatorCode: "KH586_PL_CQS02",
      responsibleUnitName: "Văn phòng UBND tỉnh",
    });
    expect(targets.find((t: { code: string }) => t.code === "XHS05").values).toEqual([
      { year: 2025, value: "1871" },
      { year: 2030, value: "2000" },
    ]);
  });

  it("refuses a broken annex with errors per row and writes nothing", async () => {
    const text = annexFixtureText().replace(
      "\t80%\t100%\tVăn phòng UBND tỉnh",
      "\t8O%\t100%\tVăn phòng UBND tỉnh",
    );
    const read = (await call("POST", "/api/plans/annex/paste", { text })).body;
    const mapping = [...read.mapping];
    mapping[2] = "unit";
    const body = {
      rows: read.rows,
      rowNumbers: read.rowNumbers,
      bodyStart: read.bodyStart,
      mapping,
      ownerUnitId: provinceId,
      plan: { code: "KH-LOI", name: "Kế hoạch có lỗi", ownerUnitId: provinceId },
    };
    const preview = await call("POST", "/api/plans/annex/preview", body);
    expect(preview.body.errors.map((e: { message: string }) => e.message)).toEqual([
      "Dòng 5: chỉ tiêu 2025 '8O%' không phải là số",
    ]);
    const before = await counts();
    const r = await call("POST", "/api/plans/annex/import", body);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("Dòng 5: chỉ tiêu 2025 '8O%' không phải là số");
    expect(r.body.error.messageEn).toContain("Row 5: target 2025 '8O%' is not a number");
    expect(r.body.error.details.errors).toHaveLength(1);
    expect(await counts()).toEqual(before);
    // A repeated code in a code column is refused the same way.
    const dupRows = read.rows.map((row: string[]) => [...row, /^\d+$/.test(row[0]) ? "DUP" : ""]);
    const dup = await call("POST", "/api/plans/annex/import", {
      ...body,
      rows: dupRows,
      mapping: [...mapping, "code"],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.error.details.errors[1].message).toBe("Dòng 7: mã 'DUP' trùng với dòng 6");
    expect(await counts()).toEqual(before);
    // A failure deep inside creation (the plan code is taken) rolls everything back too.
    const ok = { ...body, rows: read.rows.map((row: string[]) => row.map((c) => (c === "8O%" ? "80%" : c))) };
    const taken = await call("POST", "/api/plans/annex/import", {
      ...ok,
      plan: { ...body.plan, code: "KH586-PL" },
    });
    expect(taken.status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it("reads an uploaded XLSX annex (merged title cells, Vietnamese numbers)", async () => {
    const r = await upload("/api/plans/annex/upload", {
      fileName: "phu-luc.xlsx",
      content: await annexFixtureXlsx(),
    });
    expect(r.status).toBe(200);
    expect(r.body.sheetName).toBe("Phụ lục");
    expect(r.body.rows[0].slice(1)).toEqual(["", "", "", "", ""]);
    expect(r.body.mapping[3]).toBe("year:2025");
    const huge = await call("POST", "/api/plans/annex/paste", { text: "x".repeat(5000) });
    expect(huge.status).toBe(400);
    expect(huge.body.error.code).toBe("cell_too_long");
    const bad = await upload("/api/plans/annex/upload", {
      fileName: "x.xlsx",
      content: Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]),
    });
    expect(bad.status).toBe(400);
  });

  it("ships the national templates with sources and copies one into a draft plan", async () => {
    const list = await call("GET", "/api/templates");
    const q749 = list.body.items.find((t: { code: string }) => t.code === "QD749");
    expect(q749).toMatchObject({ legalNumber: "749/QĐ-TTg", legalDate: "2020-06-03" });
    const dvc = q749.targets.find((t: { code: string }) => t.code === "CQS01");
    expect(dvc.values).toEqual({ 2025: "80", 2030: "100" });
    expect(q749.targets.every((t: { source: string }) => t.source.includes("749"))).toBe(true);
    expect(list.body.items.find((t: { code: string }) => t.code === "QD411").legalDate).toBe("2022-03-31");
    const copy = await call("POST", "/api/templates/QD749/copy", {
      ownerUnitId: provinceId,
      code: "CDS-749",
    });
    expect(copy.status).toBe(201);
    const plan = (await call("GET", `/api/plans/${copy.body.planId}`)).body;
    expect(plan).toMatchObject({
      status: "draft",
      legalNumber: "749/QĐ-TTg",
      targetCount: q749.targets.length,
    });
    const kts = (await call("GET", `/api/plans/${copy.body.planId}/targets`)).body.items.find(
      (t: { code: string }) => t.code === "KTS01",
    );
    expect(kts).toMatchObject({
      nationalBenchmark: "20",
      values: [
        { year: 2025, value: "20" },
        { year: 2030, value: "30" },
      ],
    });
    // The province adjusts its copy.
    const adjusted = await call("PUT", `/api/targets/${kts.id}`, {
      code: "KTS01",
      name: kts.name,
      pillarId: kts.pillarId,
      appliesTo: ["province"],
      values: [
        { year: 2025, value: "12" },
        { year: 2030, value: "25" },
      ],
    });
    expect(adjusted.body.values[0]).toEqual({ year: 2025, value: "12" });
    // Fields the request leaves out are kept (the designer's dialog has no indicator or English name);
    // null clears.
    expect(adjusted.body).toMatchObject({
      nationalBenchmark: "20",
      nameEn: kts.nameEn,
      indicatorId: kts.indicatorId,
      source: kts.source,
    });
    expect(kts.nameEn && kts.source).toBeTruthy();
    const cleared = await call("PUT", `/api/targets/${kts.id}`, {
      code: "KTS01",
      name: kts.name,
      pillarId: kts.pillarId,
      appliesTo: ["province"],
      direction: "lower",
      nationalBenchmark: null,
      source: null,
      values: [{ year: 2025, value: "12" }],
    });
    expect(cleared.body).toMatchObject({ nationalBenchmark: null, source: null, nameEn: kts.nameEn });
    // Renaming alone keeps the direction, the unit groups and the yearly values (no defaults on edit).
    const renamed = await call("PUT", `/api/targets/${kts.id}`, {
      code: "KTS01",
      name: "Tỷ trọng kinh tế số trong GRDP (điều chỉnh)",
      pillarId: kts.pillarId,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: "Tỷ trọng kinh tế số trong GRDP (điều chỉnh)",
      direction: "lower",
      appliesToSet: ["province"],
      values: [{ year: 2025, value: "12" }],
      indicatorId: kts.indicatorId,
    });
    expect(
      (await call("POST", "/api/templates/NOPE/copy", { ownerUnitId: provinceId, code: "X" })).status,
    ).toBe(404);
  });

  it("builds a form from a plan's indicators, in sections, for unit groups and a period type", async () => {
    const plan = (await call("GET", "/api/plans")).body.items.find(
      (p: { code: string }) => p.code === "KH586-PL",
    );
    const targets = (await call("GET", `/api/plans/${plan.id}/targets`)).body.items;
    const elements = targets.slice(0, 5).map((t: { indicatorId: number; pillarCode: string }) => ({
      indicatorId: t.indicatorId,
      section: t.pillarCode === "CQS" ? "Chính quyền số" : "Khác",
      required: true,
    }));
    const created = await call("POST", "/api/forms", {
      code: "KH586-QUY",
      name: "Báo cáo chỉ tiêu KH 586 (quý)",
      periodType: "quarter",
      planId: plan.id,
      ownerUnitId: provinceId,
      appliesTo: ["agency", "commune"],
      elements,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      periodType: "quarter",
      appliesToSet: ["agency", "commune"],
      elementCount: 5,
      version: 1,
    });
    expect(created.body.elements[0]).toMatchObject({ section: "Chính quyền số", sort: 1, required: true });
    const edited = await call("PUT", `/api/forms/${created.body.id}`, {
      code: "KH586-QUY",
      name: "Báo cáo chỉ tiêu KH 586 (quý)",
      periodType: "half_year",
      planId: plan.id,
      ownerUnitId: provinceId,
      appliesTo: ["commune"],
      elements: elements.slice(0, 3),
      version: 1,
    });
    expect(edited.body).toMatchObject({
      version: 2,
      elementCount: 3,
      periodType: "half_year",
      appliesTo: "commune",
    });
    const ind = await call("GET", `/api/indicators/${elements[0].indicatorId}`);
    expect(ind.body.forms.map((f: { code: string }) => f.code)).toContain("KH586-QUY");
    const listed = await call("GET", `/api/forms?planId=${plan.id}`);
    expect(listed.body.items).toHaveLength(1);
    const dup = await call("POST", "/api/forms", {
      ...{
        code: "KH586-QUY",
        name: "Trùng mã",
        periodType: "year",
        ownerUnitId: provinceId,
        appliesTo: ["province"],
      },
      elements,
    });
    expect(dup.status).toBe(409);
  });

  it("imports a unit list from the page (all or nothing) and creates a department", async () => {
    const before = await one<{ n: number }>(db.orm, sql`select count(*)::int as n from org_unit`);
    const broken = await upload("/api/units/import", {
      fileName: "xa.csv",
      content:
        "code,name,level,parent_code,valid_from\n99901,Xã Thử Một,commune,99,2025-07-01\n99902,Xã Thử Hai,commune,KHONGCO,2025-07-01\n",
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toContain("chưa ghi gì");
    expect(broken.body.error.details.errors[0].messageEn).toContain("KHONGCO");
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from org_unit`))!.n).toBe(
      before!.n,
    );
    const ok = await upload("/api/units/import", {
      fileName: "xa.csv",
      content: "code,name,level,parent_code,valid_from\n99901,Xã Thử Một,commune,99,2025-07-01\n",
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ inserted: 1, format: "csv" });
    const again = await upload("/api/units/import", {
      fileName: "xa.csv",
      content: "code,name,level,parent_code,valid_from\n99901,Xã Thử Một,commune,99,2025-07-01\n",
    });
    expect(again.body).toMatchObject({ inserted: 0, unchanged: 1 });
    expect(
      (await upload("/api/units/import", { fileName: "xa.csv", content: "code,name\n1,A\n" }, reporter))
        .status,
    ).toBe(403);

    const dept = await call("POST", "/api/units/departments", {
      provinceId,
      code: "99-SOCDS",
      name: "Sở Chuyển đổi số",
      nameEn: "Department of Digital Transformation",
    });
    expect(dept.status).toBe(201);
    expect(dept.body).toMatchObject({ kind: "agency", parentId: provinceId, provinceId });
    expect(dept.body.ancestors.map((a: { kind: string }) => a.kind)).toEqual(["nation", "province"]);
    const kids = await call("GET", `/api/units/${provinceId}/children?limit=100`);
    expect(kids.body.items.map((u: { name: string }) => u.name)).toContain("Sở Chuyển đổi số");
    expect(
      (
        await call("POST", "/api/units/departments", {
          provinceId,
          code: "99-SOCDS2",
          name: "Sở Chuyển đổi số",
        })
      ).status,
    ).toBe(409);
  });
});
