import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { getProgressOverview } from "../../db/progress.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { buildApp } from "../app.ts";
import { docxText } from "../reports/docx-text.ts";
import { loginAs, type TTestHeaders } from "../testing.ts";

async function docxPlain(bytes: Buffer): Promise<string> {
  return (await docxText(bytes)).text;
}

function isoDaysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe.each(testDatabaseKinds())("review sessions, snapshots and tasks on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let planId: number;
  let commune1: number;
  let commune2: number;
  let thuky: TTestHeaders;
  let baocao: TTestHeaders;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 8 })).provinceId;
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    planId = (await one<{ id: number }>(db.orm, sql`select id from plan where province_id = ${provinceId}`))!
      .id;
    const units = await rows<{ username: string; unit_id: number }>(
      db.orm,
      sql`select u.username, r.unit_id from role_assignment r join app_user u on u.id = r.user_id
        where u.username in ('baocao', 'baocao2')`,
    );
    commune1 = units.find((u) => u.username === "baocao")!.unit_id;
    commune2 = units.find((u) => u.username === "baocao2")!.unit_id;
    thuky = await loginAs(app, "thuky");
    baocao = await loginAs(app, "baocao");
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  const call = async (
    method: "GET" | "POST" | "PATCH" | "PUT",
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) => {
    const r = await app.inject({ method, url, headers, payload: payload as object });
    return r;
  };

  it("generates the province's DOCX whose figures equal the progress engine's", async () => {
    const overview = await getProgressOverview({ db: db.orm, planId, unitId: provinceId, period: "2026N9" });
    const r = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=docx&date=2026-10-05`,
      thuky,
    );
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toContain("wordprocessingml");
    const text = await docxPlain(r.rawPayload);
    const s = overview.summary;
    expect(text).toContain(
      `Đến nay, tỉnh Minh Họa đã hoàn thành ${s.achieved}/${s.total} mục tiêu theo Nghị quyết 01-NQ/TU, đạt ${s.achievedShareDisplay}; trong đó`,
    );
    for (const p of overview.pillars) {
      expect(text).toContain(
        `${p.name.charAt(0).toLowerCase()}${p.name.slice(1)} ${p.summary.achieved}/${p.summary.total}`,
      );
    }
    for (const t of overview.targets) {
      // Each target's row: name, plan display, actual display, status label.
      expect(text).toContain(t.name);
      expect(text).toContain(t.actual.display);
      expect(text).toContain(t.statusLabel.vi);
    }
    expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text).toContain("Minh Họa, ngày 05 tháng 10 năm 2026");
    expect(text).toContain("Sơ kết công tác chuyển đổi số 9 tháng năm 2026");
    // No unit has an approved narrative in the demo yet: the sections say so.
    expect(text).toContain("Chưa có nội dung do các đơn vị báo cáo cho phần này.");

    const pdf = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=pdf`,
      thuky,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const xlsx = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=xlsx`,
      thuky,
    );
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const html = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=html`,
      thuky,
    );
    expect(html.body).toContain(`${s.achieved}/${s.total} mục tiêu`);
  });

  it("refuses bad input, edits templates and keeps other people out", async () => {
    const bad = await call("PUT", "/api/reports/templates/overall", thuky, {
      provinceId,
      body: "Đạt {acheived}/{total}",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ field: "body", code: "unknown_placeholder" });
    expect(bad.json().error.messageEn).toContain("{acheived}");
    const ok = await call("PUT", "/api/reports/templates/overallStatus", thuky, {
      provinceId,
      body: "Số mục tiêu chưa đạt: {behind}.",
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().items.find((t: { key: string }) => t.key === "overallStatus").edited).toBe(true);
    const html = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9`,
      thuky,
    );
    expect(html.body).toMatch(/Số mục tiêu chưa đạt: \d+\./);
    await call("PUT", "/api/reports/templates/overallStatus", thuky, { provinceId, body: null });

    const period = await call("POST", "/api/sessions", thuky, {
      unitId: provinceId,
      planId,
      period: "2026X9",
      title: "x",
      heldOn: "2026-07-20",
    });
    expect(period.statusCode).toBe(400);
    expect(period.json().error.field).toBe("body.period");
    const draft = await call("POST", "/api/sessions", thuky, {
      unitId: provinceId,
      planId,
      period: "2026Q3",
      title: "Họp chuyên đề",
      heldOn: "2026-09-01",
      kind: "thematic",
      participants: ["Sở Khoa học và Công nghệ"],
    });
    expect(draft.statusCode).toBe(201);
    const renamed = await call("PATCH", `/api/sessions/${draft.json().id}`, thuky, {
      version: draft.json().version,
      title: "Họp chuyên đề về hạ tầng số",
    });
    expect(renamed.statusCode).toBe(200);
    // Fields left out of a patch stay as they were.
    expect(renamed.json()).toMatchObject({
      title: "Họp chuyên đề về hạ tầng số",
      participants: ["Sở Khoa học và Công nghệ"],
      kind: "thematic",
      version: draft.json().version + 1,
    });
    const stale = await call("PATCH", `/api/sessions/${draft.json().id}`, thuky, {
      version: draft.json().version,
      title: "x",
    });
    expect(stale.statusCode).toBe(409);
    const leader = await loginAs(app, "lanhdao");
    const denied = await call("POST", "/api/sessions", leader, {
      unitId: provinceId,
      planId,
      period: "2026S1",
      title: "x",
      heldOn: "2026-07-20",
    });
    expect(denied.statusCode).toBe(403);
    const outside = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=json`,
      baocao,
    );
    expect(outside.statusCode).toBe(403);
  });

  it("runs the cycle session → snapshot → tasks → progress → next session's report", async () => {
    // 1. The 6-month review, with a bridge point at the first commune.
    const created = await call("POST", "/api/sessions", thuky, {
      unitId: provinceId,
      planId,
      period: "2026S1",
      title: "Hội nghị sơ kết 6 tháng đầu năm 2026",
      heldOn: "2026-07-20",
      chair: "Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo",
      participants: ["Thành viên Ban Chỉ đạo", "Lãnh đạo các sở, ngành"],
      bridgePoints: [{ unitId: commune1, name: "Điểm cầu xã 1", host: "Chủ tịch UBND xã" }],
      agenda: ["Báo cáo sơ kết", "Thảo luận", "Kết luận"],
      reportSettings: { number: "12", signerName: "Nguyễn Văn Minh" },
    });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a.bridgePoints[0]).toMatchObject({ unitId: commune1, host: "Chủ tịch UBND xã" });
    expect(a.snapshot).toBeNull();

    // 2. Freeze the figures and the report.
    const frozen = await call("POST", `/api/sessions/${a.id}/snapshot`, thuky, {});
    expect(frozen.statusCode).toBe(201);
    const snap = frozen.json().snapshot;
    expect(snap.files.map((f: { format: string }) => f.format).sort()).toEqual([
      "docx",
      "html",
      "pdf",
      "xlsx",
    ]);
    const again = await call("POST", `/api/sessions/${a.id}/snapshot`, thuky, {});
    expect(again.statusCode).toBe(409);
    const docx = await call("GET", `/api/sessions/${a.id}/report/docx`, thuky);
    expect(docx.headers["x-report-source"]).toBe("snapshot");
    const stored = snap.files.find((f: { format: string }) => f.format === "docx");
    expect(docx.headers["x-content-sha256"]).toBe(stored.sha256);
    expect(docx.rawPayload.length).toBe(stored.sizeBytes);
    const docText = await docxPlain(docx.rawPayload);
    expect(docText).toContain("Số: 12/BC-BCĐ");
    expect(docText).toContain("Minh Họa, ngày 20 tháng 7 năm 2026");
    expect(docText).toContain("Đây là kỳ sơ kết đầu tiên");
    const json = await call("GET", `/api/sessions/${a.id}/snapshot?download=1`, thuky);
    expect(json.headers["content-disposition"]).toContain("attachment");
    const frozenOverview = json.json().overview;
    expect(frozenOverview.summary.text).toBe(snap.summaryText);

    // 3. A correction after the session: the snapshot does not move, the diff shows it.
    const target = frozenOverview.targets.find(
      (t: { status: string; targetYear: number | null }) => t.status === "behind" && t.targetYear !== null,
    );
    await db.exec(
      `update target_value set value = 0 where target_id = ${target.targetId} and year = ${target.targetYear}`,
    );
    const diff = await call("GET", `/api/sessions/${a.id}/diff`, thuky);
    expect(diff.statusCode).toBe(200);
    expect(diff.json().unchanged).toBe(false);
    expect(diff.json().targets.map((t: { code: string }) => t.code)).toContain(target.code);
    expect(diff.json().summary.after.achieved).toBe(diff.json().summary.before.achieved + 1);
    const docxAfter = await call("GET", `/api/sessions/${a.id}/report/docx`, thuky);
    expect(docxAfter.rawPayload.equals(docx.rawPayload)).toBe(true);

    // 4. Conclusions become tasks: one overdue, one due within a week.
    const c1 = await call("POST", `/api/sessions/${a.id}/conclusions`, thuky, {
      body: "Đẩy mạnh tuyên truyền, đưa người dân lên môi trường số",
    });
    expect(c1.statusCode).toBe(201);
    const t1 = await call("POST", `/api/sessions/${a.id}/tasks`, thuky, {
      conclusionId: c1.json().id,
      title: "Tổ chức tập huấn kỹ năng số cho tổ công nghệ số cộng đồng",
      responsibleUnitId: commune1,
      cooperatingUnitIds: [commune2],
      deadline: isoDaysFromToday(-3),
      expectedResult: "100% tổ được tập huấn",
    });
    expect(t1.statusCode).toBe(201);
    expect(t1.json()).toMatchObject({ overdue: true, status: "open", daysLeft: -3 });
    const t2 = await call("POST", `/api/sessions/${a.id}/tasks`, thuky, {
      title: "Phủ sóng 4G tới các thôn còn lõm sóng",
      responsibleUnitId: commune2,
      deadline: isoDaysFromToday(5),
    });
    expect(t2.statusCode).toBe(201);
    const badUnit = await call("POST", `/api/sessions/${a.id}/tasks`, thuky, {
      title: "x",
      responsibleUnitId: commune1,
      cooperatingUnitIds: [999999],
    });
    expect(badUnit.statusCode).toBe(400);
    expect(badUnit.json().error.field).toBe("cooperatingUnitIds.0");

    const overdue = await call("GET", "/api/tasks?overdue=true", thuky);
    expect(overdue.json().items.map((t: { id: number }) => t.id)).toEqual([t1.json().id]);
    const soon = await call("GET", "/api/tasks?dueWithinDays=7", thuky);
    expect(soon.json().items.map((t: { id: number }) => t.id)).toEqual([t2.json().id]);
    const reminders = await call("POST", "/api/tasks/reminders", thuky, { provinceId, withinDays: 7 });
    expect(reminders.json().created).toBeGreaterThanOrEqual(2);
    const twice = await call("POST", "/api/tasks/reminders", thuky, { provinceId, withinDays: 7 });
    expect(twice.json().created).toBe(0);

    // 5. The commune reports progress with evidence; a stale version is refused; it cannot touch
    //    the other commune's task.
    const mine = await call("GET", "/api/tasks", baocao);
    expect(mine.json().items.map((t: { id: number }) => t.id)).toEqual([t1.json().id]);
    const done = await call("POST", `/api/tasks/${t1.json().id}/progress`, baocao, {
      note: "Đã tập huấn 12/12 tổ",
      status: "done",
      evidenceUrl: "https://minhhoa.gov.vn/tin/tap-huan",
      version: t1.json().version,
    });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ status: "done", progressPercent: 100, overdue: false });
    expect(done.json().progress[0]).toMatchObject({ note: "Đã tập huấn 12/12 tổ", unitId: commune1 });
    const stale = await call("POST", `/api/tasks/${t1.json().id}/progress`, baocao, {
      note: "x",
      status: "in_progress",
      version: t1.json().version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.field).toBe("version");
    const foreign = await call("POST", `/api/tasks/${t2.json().id}/progress`, baocao, {
      note: "x",
      status: "in_progress",
      version: t2.json().version,
    });
    expect(foreign.statusCode).toBe(404);
    const badUrl = await call("POST", `/api/tasks/${t1.json().id}/progress`, baocao, {
      note: "x",
      status: "done",
      evidenceUrl: "javascript:alert(1)",
      version: done.json().version,
    });
    expect(badUrl.statusCode).toBe(400);

    // 6. The 9-month review follows up the tasks of the 6-month one.
    const b = (
      await call("POST", "/api/sessions", thuky, {
        unitId: provinceId,
        planId,
        period: "2026N9",
        title: "Hội nghị sơ kết 9 tháng năm 2026",
        heldOn: "2026-10-05",
      })
    ).json();
    const preview = await call("GET", `/api/sessions/${b.id}/report/html`, thuky);
    expect(preview.headers["x-report-source"]).toBe("live");
    expect(preview.body).toContain("Bản xem trước");
    expect((await call("POST", `/api/sessions/${b.id}/snapshot`, thuky, {})).statusCode).toBe(201);
    const next = await docxPlain((await call("GET", `/api/sessions/${b.id}/report/docx`, thuky)).rawPayload);
    expect(next).toContain(
      "Trong số 2 nhiệm vụ được giao tại hội nghị sơ kết 6 tháng đầu năm 2026, đã hoàn thành 1 nhiệm vụ (đạt 50,0%), đang thực hiện 1 nhiệm vụ",
    );
    expect(next).toContain(
      "Tổ chức tập huấn kỹ năng số cho tổ công nghệ số cộng đồng — Đã tập huấn 12/12 tổ",
    );
    expect(next).toContain("Đã hoàn thành");
    expect(next).toContain("Phủ sóng 4G tới các thôn còn lõm sóng");

    const list = await call("GET", "/api/sessions", thuky);
    const ids = list.json().items.map((s: { id: number }) => s.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    expect(list.json().items.find((s: { id: number }) => s.id === a.id)).toMatchObject({
      taskCount: 2,
      tasksDone: 1,
      status: "held",
    });
    const audit = await one<{ n: number }>(
      db.orm,
      sql`select count(*)::int as n from audit_log where table_name = 'review_task_progress' and actor like 'user:%'`,
    );
    expect(audit!.n).toBe(1);
  });

  it("gathers the units' approved narratives into the report sections", async () => {
    const ds = await one<{ id: number }>(db.orm, sql`select id from data_set order by id limit 1`);
    await db.exec(`select set_config('dxm.actor', 'test', false);
      insert into submission (province_id, data_set_id, org_unit_id, period, state)
        values (${provinceId}, ${ds!.id}, ${commune1}, '2026N9', 'approved'),
               (${provinceId}, ${ds!.id}, ${commune2}, '2026N9', 'draft');
      insert into submission_narrative (province_id, submission_id, section, body)
        select ${provinceId}, s.id, x.section, x.body from submission s,
          (values ('shortcomings', 'Còn 5 thôn chưa có sóng 4G'), ('proposals', 'Đề nghị hỗ trợ kinh phí phủ sóng'))
            as x(section, body)
        where s.period = '2026N9' and s.org_unit_id in (${commune1}, ${commune2});`);
    const r = await call(
      "GET",
      `/api/reports/review?planId=${planId}&unitId=${provinceId}&period=2026N9&format=json`,
      thuky,
    );
    const narratives = r.json().model.narratives as Array<{
      section: string;
      unitName: string;
      text: string;
    }>;
    // Only the approved submission counts; the draft of the second commune stays out.
    expect(narratives.map((n) => n.section).sort()).toEqual(["proposals", "shortcomings"]);
    const text = JSON.stringify(r.json().document.blocks);
    expect(text).toContain(`${narratives[0].unitName}: Đề nghị hỗ trợ kinh phí phủ sóng`);
    expect(text).toContain("Còn 5 thôn chưa có sóng 4G");
    expect(text).toContain("Chưa có nội dung do các đơn vị báo cáo cho phần này.");
  });
});
