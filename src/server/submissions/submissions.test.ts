import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { apiKeyHeaders, loginAs, type TTestHeaders } from "../testing.ts";

type TField = { indicatorId: number; code: string; kind: string; required: boolean };

describe.each(testDatabaseKinds())("collection and approval on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let formId: number;
  let commune1: number;
  let commune2: number;
  let roundId: number;
  const as: Record<string, TTestHeaders> = {};

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 6 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    for (const u of ["thuky", "thamdinh", "baocao", "baocao2", "lanhdao"]) as[u] = await loginAs(app, u);
    formId = (await one<{ id: number }>(db.orm, sql`select id from data_set where code = 'MH-XA-QUY'`))!.id;
    commune1 = (await one<{ id: number }>(
      db.orm,
      sql`select unit_id as id from app_user where username = 'baocao'`,
    ))!.id;
    commune2 = (await one<{ id: number }>(
      db.orm,
      sql`select unit_id as id from app_user where username = 'baocao2'`,
    ))!.id;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (
    who: string | null,
    method: "GET" | "POST" | "PUT" | "DELETE",
    url: string,
    payload?: unknown,
  ) => {
    const r = await app.inject({ method, url, headers: who ? as[who] : {}, payload: payload as never });
    return {
      status: r.statusCode,
      body: r.headers["content-type"]?.toString().includes("json") ? r.json() : r.rawPayload,
      headers: r.headers,
    };
  };
  const fillAll = (fields: TField[], scale = 1) =>
    fields.map((f) =>
      f.kind === "ratio"
        ? { indicatorId: f.indicatorId, numerator: 50 * scale, denominator: 100 * scale }
        : f.kind === "boolean"
          ? { indicatorId: f.indicatorId, value: 1 }
          : f.kind === "percent"
            ? { indicatorId: f.indicatorId, value: 60 }
            : { indicatorId: f.indicatorId, value: 10 * scale },
    );

  it("opens a round for 2026N9 and each unit sees only what it owes", async () => {
    const r = await call("thuky", "POST", "/api/rounds", {
      ownerUnitId: provinceId,
      name: "Báo cáo 9 tháng năm 2026",
      period: "2026N9",
      opensOn: "2026-01-01",
      deadline: "2099-10-15",
      dataSetIds: [formId],
    });
    expect(r.status).toBe(201);
    expect(r.body.unitCount).toBe(6);
    roundId = r.body.id;
    const refused = await call("baocao", "POST", "/api/rounds", {
      ownerUnitId: provinceId,
      name: "x",
      period: "2026N9",
      opensOn: "2026-01-01",
      deadline: "2026-01-02",
      dataSetIds: [formId],
    });
    expect(refused.status).toBe(403);
    const bad = await call("thuky", "POST", "/api/rounds", {
      ownerUnitId: provinceId,
      name: "x",
      period: "2026N9",
      opensOn: "2026-05-01",
      deadline: "2026-01-02",
      dataSetIds: [formId],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("deadline");
    const owed = await call("baocao", "GET", "/api/rounds/owed");
    expect(owed.body.items).toHaveLength(1);
    expect(owed.body.items[0]).toMatchObject({ orgUnitId: commune1, state: "not_started", period: "2026N9" });
  });

  it("walks a commune's form through draft, submit, return, resubmit, approve, lock and reopen", async () => {
    const open = await call("baocao", "POST", "/api/submissions/open", {
      dataSetId: formId,
      orgUnitId: commune1,
      period: "2026N9",
      roundId,
    });
    expect(open.status).toBe(200);
    const fields: TField[] = open.body.fields;
    const sid: number = open.body.submission.id;
    expect(open.body.submission).toMatchObject({ state: "draft", version: 1, approvalChain: [provinceId] });
    expect(open.body.can).toEqual({ edit: true, review: false, manage: false });
    expect(
      (
        await call("baocao2", "POST", "/api/submissions/open", {
          dataSetId: formId,
          orgUnitId: commune1,
          period: "2026N9",
        })
      ).status,
    ).toBe(403);

    const ratio = fields.find((f) => f.kind === "ratio")!;
    const badRatio = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 1,
      values: [{ indicatorId: ratio.indicatorId, numerator: 1966, denominator: 1761 }],
    });
    expect(badRatio.status).toBe(400);
    expect(badRatio.body.error.field).toBe(ratio.code);
    expect(badRatio.body.error.message).toContain("tử số (1.966) lớn hơn mẫu số (1.761)");
    expect(badRatio.body.error.messageEn).toContain(
      "numerator (1,966) is greater than the denominator (1,761)",
    );

    const saved = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 1,
      values: [
        { indicatorId: ratio.indicatorId, numerator: 1761, denominator: 1966, comment: "theo cổng DVC" },
      ],
      narrative: { results: "Đạt 89,6% thủ tục trực tuyến", shortcomings: "Hạ tầng còn yếu" },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, changed: 3, state: "draft" });

    const stale = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 1,
      values: [{ indicatorId: ratio.indicatorId, numerator: 1, denominator: 2 }],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("stale");
    expect(stale.body.error.details.currentVersion).toBe(2);
    expect(stale.body.error.details.theirs[0]).toMatchObject({
      indicatorId: ratio.indicatorId,
      numerator: "1761",
      denominator: "1966",
    });
    const still = await one<{ numerator: string }>(
      db.orm,
      sql`select numerator::text from data_value where org_unit_id = ${commune1} and period = '2026N9' and indicator_id = ${ratio.indicatorId}`,
    );
    expect(still?.numerator).toBe("1761");

    const early = await call("baocao", "POST", `/api/submissions/${sid}/submit`, { version: 2 });
    expect(early.status).toBe(400);
    expect(early.body.error.details.errors.some((e: { code: string }) => e.code === "required")).toBe(true);

    const full = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 2,
      values: fillAll(fields).filter((v) => v.indicatorId !== ratio.indicatorId),
    });
    expect(full.status).toBe(200);
    const sub = await call("baocao", "POST", `/api/submissions/${sid}/submit`, { version: 3 });
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ state: "submitted", version: 4 });
    expect(
      (await call("baocao", "PUT", `/api/submissions/${sid}/values`, { version: 4, values: [] })).body.error
        .code,
    ).toBe("under_review");
    expect((await call("baocao", "POST", `/api/submissions/${sid}/approve`, { version: 4 })).status).toBe(
      403,
    );

    const queue = await call("thamdinh", "GET", "/api/submissions?state=submitted");
    expect(queue.body.items.map((s: { id: number }) => s.id)).toContain(sid);
    expect(
      (await call("thamdinh", "POST", `/api/submissions/${sid}/return`, { version: 4 })).body.error.field,
    ).toBe("comment");
    const ret = await call("thamdinh", "POST", `/api/submissions/${sid}/return`, {
      version: 4,
      comment: "Kiểm tra lại số tổ công nghệ số",
    });
    expect(ret.body).toMatchObject({ state: "returned", version: 5 });
    const bell = await call("baocao", "GET", "/api/notifications");
    expect(bell.body.items[0]).toMatchObject({ kind: "return", body: "Kiểm tra lại số tổ công nghệ số" });
    const owed = await call("baocao", "GET", "/api/rounds/owed");
    expect(owed.body.items[0]).toMatchObject({
      state: "returned",
      returnComment: "Kiểm tra lại số tổ công nghệ số",
    });

    const teams = fields.find((f) => f.kind === "count")!;
    const fix = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 5,
      values: [{ indicatorId: teams.indicatorId, value: 11, comment: "đã sửa" }],
    });
    expect(fix.status).toBe(200);
    const resub = await call("baocao", "POST", `/api/submissions/${sid}/submit`, { version: 6 });
    expect(resub.body, JSON.stringify(resub.body)).toMatchObject({ state: "submitted" });
    const appr = await call("thamdinh", "POST", `/api/submissions/${sid}/approve`, { version: 7 });
    expect(appr.body).toMatchObject({ state: "approved", version: 8 });
    const statuses = await rows<{ status: string }>(
      db.orm,
      sql`select distinct status from data_value where org_unit_id = ${commune1} and period = '2026N9'`,
    );
    expect(statuses.map((s) => s.status)).toEqual(["approved"]);
    const ro = await call("baocao", "PUT", `/api/submissions/${sid}/values`, { version: 8, values: [] });
    expect(ro.body.error.code).toBe("approved");

    expect((await call("thamdinh", "POST", `/api/submissions/${sid}/lock`, { version: 8 })).status).toBe(403);
    const lock = await call("thuky", "POST", `/api/rounds/${roundId}/lock`);
    expect(lock.body.locked).toBe(1);
    const locked = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: 9,
      values: [{ indicatorId: ratio.indicatorId, numerator: 1, denominator: 2 }],
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error).toMatchObject({ code: "locked" });
    expect(locked.body.error.message).toContain("khóa sổ");

    expect((await call("thuky", "POST", `/api/submissions/${sid}/reopen`, { version: 9 })).status).toBe(400);
    const reopen = await call("thuky", "POST", `/api/submissions/${sid}/reopen`, {
      version: 9,
      comment: "Sở TT&TT đề nghị điều chỉnh",
    });
    expect(reopen.body).toMatchObject({ state: "returned", version: 10 });

    const v = await call("baocao", "GET", `/api/submissions/${sid}`);
    expect(v.body.events.map((e: { action: string }) => e.action)).toEqual([
      "create",
      "save",
      "save",
      "submit",
      "return",
      "save",
      "submit",
      "approve",
      "lock",
      "reopen",
    ]);
    expect(v.body.events.at(-1)).toMatchObject({
      actor: expect.stringMatching(/^user:/),
      comment: "Sở TT&TT đề nghị điều chỉnh",
    });
    expect(v.body.narrative.find((n: { section: string }) => n.section === "shortcomings").body).toBe(
      "Hạ tầng còn yếu",
    );
    const hist = await call(
      "baocao",
      "GET",
      `/api/submissions/${sid}/history?indicatorId=${teams.indicatorId}`,
    );
    const change = hist.body.changes.find(
      (c: { action: string; before: { value: string }; after: { value: string } }) =>
        c.action === "update" && c.after?.value === "11" && c.before?.value === "10",
    );
    expect(change.before).toMatchObject({ value: "10", comment: null });
    expect(change.after).toMatchObject({ value: "11", comment: "đã sửa" });
    expect(change.actor).toMatch(/^user:/);
    const unitHist = await call("thuky", "GET", `/api/units/${commune1}/collection-history`);
    expect(unitHist.body.steps.length).toBe(10);
    const comp = await call("thuky", "GET", `/api/rounds/${roundId}/completeness`);
    expect(comp.body).toMatchObject({
      expected: 6,
      counts: expect.objectContaining({ returned: 1, not_started: 5 }),
    });
  });

  it("round-trips the Excel template: a good file is saved, a bad file writes nothing", async () => {
    const open = await call("baocao2", "POST", "/api/submissions/open", {
      dataSetId: formId,
      orgUnitId: commune2,
      period: "2026N9",
      roundId,
    });
    const sid = open.body.submission.id;
    const fields: TField[] = open.body.fields;
    const dl = await call("baocao2", "GET", `/api/submissions/${sid}/template.xlsx`);
    expect(dl.status).toBe(200);
    expect(dl.headers["content-disposition"]).toContain("attachment");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.body as never);
    const ws = wb.getWorksheet("Bieu mau")!;
    expect(ws.getRow(5).values).toEqual([
      undefined,
      "STT",
      "Mã chỉ tiêu",
      "Chỉ tiêu",
      "Đơn vị tính",
      "Tử số",
      "Mẫu số",
      "Giá trị",
      "Ghi chú",
    ]);
    const rowOf = new Map<string, number>();
    ws.eachRow((row, r) => {
      if (r > 5 && typeof row.getCell(1).value === "number") rowOf.set(row.getCell(2).value as string, r);
    });
    expect(rowOf.size).toBe(fields.length);
    const ratio = fields.find((f) => f.kind === "ratio")!;
    const rr = ws.getRow(rowOf.get(ratio.code)!);
    expect(rr.getCell(5).protection?.locked).toBe(false);
    expect(rr.getCell(3).protection?.locked).not.toBe(false);
    expect(rr.getCell(5).dataValidation?.type).toBe("decimal");
    const fill = async (mutate?: (ws: ExcelJS.Worksheet) => void) => {
      for (const f of fields) {
        const row = ws.getRow(rowOf.get(f.code)!);
        if (f.kind === "ratio") {
          row.getCell(5).value = 80;
          row.getCell(6).value = "1.200";
        } else row.getCell(7).value = f.kind === "boolean" ? 1 : f.kind === "percent" ? 45.5 : 7;
      }
      wb.getWorksheet("Thuyet minh")!.getRow(5).getCell(3).value = "Đề nghị hỗ trợ kinh phí";
      mutate?.(ws);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const count = async () =>
      (await one<{ n: number }>(
        db.orm,
        sql`select count(*)::int as n from data_value where org_unit_id = ${commune2} and period = '2026N9'`,
      ))!.n;
    const upload = (buf: Buffer) =>
      app.inject({
        method: "POST",
        url: `/api/submissions/${sid}/import`,
        headers: {
          ...as.baocao2,
          "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
        payload: buf,
      });

    const badBuf = await fill((s) => {
      s.getRow(rowOf.get(ratio.code)!).getCell(5).value = 5000;
      const other = fields.find((f) => f.kind === "count")!;
      s.getRow(rowOf.get(other.code)!).getCell(7).value = "mười";
    });
    const bad = await upload(badBuf);
    expect(bad.statusCode).toBe(400);
    const badBody = bad.json();
    expect(badBody.ok).toBe(false);
    expect(badBody.errors.length).toBeGreaterThanOrEqual(1);
    expect(badBody.errors[0].row).toBeGreaterThan(5);
    expect(await count()).toBe(0);
    const ratioOnly = await upload(
      await fill((s) => {
        s.getRow(rowOf.get(ratio.code)!).getCell(5).value = 5000;
      }),
    );
    expect(ratioOnly.json().errors[0], JSON.stringify(ratioOnly.json())).toMatchObject({
      row: rowOf.get(ratio.code),
      field: ratio.code,
    });
    expect(await count()).toBe(0);

    const good = await upload(await fill());
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ ok: true, values: fields.length });
    expect(await count()).toBe(fields.length);
    const dv = await one<{ numerator: string; denominator: string }>(
      db.orm,
      sql`select numerator::text, denominator::text from data_value where org_unit_id = ${commune2} and period = '2026N9' and indicator_id = ${ratio.indicatorId}`,
    );
    expect(dv).toEqual({ numerator: "80", denominator: "1200" });
    const v = await call("baocao2", "GET", `/api/submissions/${sid}`);
    expect(v.body.narrative.find((n: { section: string }) => n.section === "proposals").body).toBe(
      "Đề nghị hỗ trợ kinh phí",
    );
    // The same file again is now stale (its version is older than the submission's).
    expect((await upload(await fill())).statusCode).toBe(409);
  });

  it("stores evidence by hash, refuses HTML, and serves files as attachments that never render", async () => {
    const open = await call("baocao2", "POST", "/api/submissions/open", {
      dataSetId: formId,
      orgUnitId: commune2,
      period: "2026N9",
    });
    const sid = open.body.submission.id;
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const up = (buf: Buffer, name: string) =>
      app.inject({
        method: "POST",
        url: `/api/submissions/${sid}/attachments?name=${encodeURIComponent(name)}`,
        headers: { ...as.baocao2, "content-type": "application/octet-stream" },
        payload: buf,
      });
    const a = await up(pdf, "Quyết định số 12.pdf");
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ mime: "application/pdf", sizeBytes: pdf.length });
    expect((await up(pdf, "copy.pdf")).statusCode).toBe(201);
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from attachment_blob`))!.n).toBe(
      1,
    );
    const html = await up(Buffer.from("<html><script>alert(1)</script></html>"), "x.pdf");
    expect(html.statusCode).toBe(400);
    const get = await app.inject({
      method: "GET",
      url: `/api/attachments/${a.json().id}`,
      headers: as.baocao2,
    });
    expect(get.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(get.headers["x-content-type-options"]).toBe("nosniff");
    expect(get.headers["content-type"]).toBe("application/pdf");
    expect(get.rawPayload.equals(pdf)).toBe(true);
    expect(
      (await app.inject({ method: "GET", url: `/api/attachments/${a.json().id}`, headers: as.baocao }))
        .statusCode,
    ).toBe(403);
    const del = await call("baocao2", "DELETE", `/api/attachments/${a.json().id}`);
    expect(del.body.retired).toBe(true);
    expect((await one<{ n: number }>(db.orm, sql`select count(*)::int as n from attachment`))!.n).toBe(2);
  });

  it("accepts machine feeds through API keys scoped to a unit and indicators", async () => {
    const units = await rows<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'commune' and is_demo order by code`,
    );
    const unit = units[2].id;
    const fields = (
      await call("baocao", "POST", "/api/submissions/open", {
        dataSetId: formId,
        orgUnitId: commune1,
        period: "2026Q1",
      })
    ).body.fields as TField[];
    const count = fields.find((f) => f.kind === "count")!;
    const other = fields.find((f) => f.kind === "ratio")!;
    const key = await apiKeyHeaders(app, { unitId: unit, indicatorCodes: [count.code] });
    const push = (values: unknown[], extra: Record<string, unknown> = {}) =>
      app.inject({
        method: "POST",
        url: "/api/submissions/push",
        headers: key,
        payload: { dataSetId: formId, period: "2026N9", values, ...extra },
      });
    const ok = await push([{ indicatorCode: count.code, value: 12 }]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ changed: 1 });
    expect((await push([{ indicatorCode: other.code, numerator: 1, denominator: 2 }])).statusCode).toBe(403);
    expect((await push([{ indicatorCode: count.code, value: -3 }])).statusCode).toBe(400);
    expect((await push([{ indicatorCode: count.code, value: 13 }], { orgUnitId: commune1 })).statusCode).toBe(
      403,
    );
    const audit = await one<{ actor: string }>(
      db.orm,
      sql`select actor from audit_log where table_name = 'data_value' and (after ->> 'org_unit_id')::int = ${unit} and after ->> 'period' = '2026N9' order by id desc limit 1`,
    );
    expect(audit?.actor).toMatch(/^apikey:/);
  });

  it("imports many units at once for the secretariat, all or nothing", async () => {
    const units = await rows<{ id: number; code: string }>(
      db.orm,
      sql`select id, code from org_unit where kind = 'commune' and is_demo order by code`,
    );
    const fields =
      (await call("thuky", "GET", `/api/submissions?state=returned`)).body.items.length >= 0
        ? ((
            await call("baocao", "POST", "/api/submissions/open", {
              dataSetId: formId,
              orgUnitId: commune1,
              period: "2026Q1",
            })
          ).body.fields as TField[])
        : [];
    const count = fields.find((f) => f.kind === "count")!;
    const ratio = fields.find((f) => f.kind === "ratio")!;
    const csv = (bad: boolean) =>
      [
        "ma_don_vi,ma_chi_tieu,tu_so,mau_so,gia_tri,ghi_chu",
        `${units[3].code},${count.code},,,5,`,
        `${units[3].code},${ratio.code},10,20,,`,
        `${units[4].code},${count.code},,,"1.234",từ sổ theo dõi`,
        `${units[4].code},${ratio.code},${bad ? 30 : 10},20,,`,
        ...(bad ? [`99999,${count.code},,,1,`] : []),
      ].join("\n");
    const before = (await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from data_value where period = '2026N9'`,
    ))!.n;
    const bad = await app.inject({
      method: "POST",
      url: `/api/rounds/${roundId}/import?dataSetId=${formId}`,
      headers: { ...as.thuky, "content-type": "text/csv" },
      payload: csv(true),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { row: number }) => e.row)).toEqual([5, 6]);
    expect(
      (await one<{ n: number }>(
        db.orm,
        sql`select count(*)::int as n from data_value where period = '2026N9'`,
      ))!.n,
    ).toBe(before);
    const good = await app.inject({
      method: "POST",
      url: `/api/rounds/${roundId}/import?dataSetId=${formId}`,
      headers: { ...as.thuky, "content-type": "text/csv" },
      payload: csv(false),
    });
    expect(good.json()).toMatchObject({ ok: true, submissions: 2, values: 4 });
    const v = await one<{ value: string }>(
      db.orm,
      sql`select value::text from data_value where org_unit_id = ${units[4].id} and period = '2026N9' and indicator_id = ${count.indicatorId}`,
    );
    expect(v?.value).toBe("1234");
  });

  it("reminds late units in the app and by e-mail when SMTP is configured", async () => {
    const mails: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, done) {
        let text = "";
        stream.on("data", (c: Buffer) => {
          text += c.toString();
        });
        stream.on("end", () => {
          mails.push(text);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.server.address() as { port: number }).port;
    process.env.DXM_SMTP_URL = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
    try {
      const late = await call("thuky", "POST", "/api/rounds", {
        ownerUnitId: provinceId,
        name: "Báo cáo quý I",
        period: "2026Q1",
        opensOn: "2026-01-01",
        deadline: "2026-04-10",
        dataSetIds: [formId],
        unitIds: [commune1, commune2],
      });
      const r = await call("thuky", "POST", `/api/rounds/${late.body.id}/remind`);
      expect(r.body).toMatchObject({ kind: "overdue", units: 2, notifications: 2, emails: 2 });
      expect(mails.join("\n")).toContain("baocao2@minhhoa.example");
      const again = await call("thuky", "POST", `/api/rounds/${late.body.id}/remind`);
      expect(again.body.notifications).toBe(0);
      const bell = await call("baocao2", "GET", "/api/notifications?unread=1");
      const n = bell.body.items.find((i: { kind: string }) => i.kind === "remind_overdue");
      expect(n.title).toContain("Quá hạn");
      expect((await call("baocao2", "POST", "/api/notifications/read", { ids: [n.id] })).body.marked).toBe(1);
      const comp = await call("thuky", "GET", `/api/rounds/${late.body.id}/completeness`);
      expect(comp.body.late).toHaveLength(2);
    } finally {
      delete process.env.DXM_SMTP_URL;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
