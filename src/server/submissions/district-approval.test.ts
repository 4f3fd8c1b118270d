import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { one, rows, withActor } from "../../db/client.ts";
import { createDemo } from "../../db/demo/seed.ts";
import { openTestDatabase, testDatabaseKinds } from "../../db/testing.ts";
import { refreshPaths } from "../../db/units.ts";
import { buildApp } from "../app.ts";
import { apiKeyHeaders, loginAs, type TTestHeaders } from "../testing.ts";

type TField = { indicatorId: number; code: string; kind: string; required: boolean };
type TEvent = {
  action: string;
  actor: string;
  fromState: string | null;
  toState: string | null;
  comment: string | null;
};

/**
 * The district approval chain (`approvalLevel: "district"`): a commune's report is approved by its
 * district first, then by the province that owns the round — end to end through HTTP.
 */
describe.each(testDatabaseKinds())("district approval chain on %s", (kind) => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let app: FastifyInstance;
  let provinceId: number;
  let formId: number;
  let roundId: number;
  let districtA: number;
  let districtB: number;
  /** baocao's commune, moved under district A. */
  let communeA: number;
  /** baocao2's commune, moved under district B. */
  let communeB: number;
  /** A third commune under district A, reported by a machine feed. */
  let communeFeed: number;
  let fields: TField[];
  const userIds: Record<string, number> = {};
  const as: Record<string, TTestHeaders> = {};

  const call = async (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) => {
    const r = await app.inject({ method, url, headers: as[who], payload: payload as never });
    return { status: r.statusCode, body: r.json() };
  };
  const fillAll = () =>
    fields.map((f) =>
      f.kind === "ratio"
        ? { indicatorId: f.indicatorId, numerator: 50, denominator: 100 }
        : f.kind === "boolean"
          ? { indicatorId: f.indicatorId, value: 1 }
          : f.kind === "percent"
            ? { indicatorId: f.indicatorId, value: 60 }
            : { indicatorId: f.indicatorId, value: 10 },
    );
  /** Opens the reporter's submission in the round, fills every field and submits it; returns id and version. */
  const openFillSubmit = async (who: string, orgUnitId: number) => {
    const open = await call(who, "POST", "/api/submissions/open", {
      dataSetId: formId,
      orgUnitId,
      period: "2026N9",
      roundId,
    });
    expect(open.status).toBe(200);
    fields = open.body.fields;
    const sid: number = open.body.submission.id;
    const saved = await call(who, "PUT", `/api/submissions/${sid}/values`, {
      version: open.body.submission.version,
      values: fillAll(),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const sub = await call(who, "POST", `/api/submissions/${sid}/submit`, { version: saved.body.version });
    expect(sub.body, JSON.stringify(sub.body)).toMatchObject({ state: "submitted", reviewStep: 0 });
    return { sid, open: open.body.submission, version: sub.body.version as number };
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    provinceId = (await createDemo(db.orm, { communes: 6 })).provinceId;
    formId = (await one<{ id: number }>(db.orm, sql`select id from data_set where code = 'MH-XA-QUY'`))!.id;
    const unitOf = async (username: string) =>
      (await one<{ id: number }>(
        db.orm,
        sql`select unit_id as id from app_user where username = ${username}`,
      ))!.id;
    communeA = await unitOf("baocao");
    communeB = await unitOf("baocao2");
    communeFeed = (await one<{ id: number }>(
      db.orm,
      sql`select id from org_unit where kind = 'commune' and is_demo and id not in (${communeA}, ${communeB})
        order by code limit 1`,
    ))!.id;
    // Two districts under the demo province (the demo has none: communes hang under the province).
    await withActor(db.orm, { actor: "system:test" }, async (tx) => {
      const district = async (code: string, name: string) =>
        (await one<{ id: number }>(
          tx,
          sql`insert into org_unit (code, kind, level, name, full_name, unit_type, parent_id, province_id, valid_from,
              is_demo, search_text)
            values (${code}, 'district', 2, ${name}, ${`Huyện ${name}`}, 'Huyện', ${provinceId}, ${provinceId},
              '2025-07-01', true, ${code})
            returning id`,
        ))!.id;
      districtA = await district("MH-HA", "Đông Hà");
      districtB = await district("MH-HB", "Tây Sơn");
      await tx.execute(
        sql`update org_unit set parent_id = ${districtA} where id in (${communeA}, ${communeFeed})`,
      );
      await tx.execute(sql`update org_unit set parent_id = ${districtB} where id = ${communeB}`);
      await refreshPaths(tx);
    });
    app = await buildApp({ database: db, logger: false, webDir: "/nonexistent" });
    for (const u of ["thuky", "thamdinh", "baocao", "baocao2"]) as[u] = await loginAs(app, u);
    // District reviewers, created by the secretariat through the user API; they choose their own password.
    for (const [username, unitId] of [
      ["duyet.dongha", districtA],
      ["duyet.tayson", districtB],
    ] as const) {
      const created = await call("thuky", "POST", "/api/users", {
        username,
        displayName: `Cán bộ duyệt ${username}`,
        email: `${username}@minhhoa.example`,
        unitId,
        roles: [{ role: "reviewer", unitId }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      userIds[username] = created.body.user.id;
      as[username] = await loginAs(app, username);
      const pw = await call(username, "POST", "/api/auth/password", {
        currentPassword: created.body.temporaryPassword,
        newPassword: "Sao-Khue-9274-Bac-Ninh",
      });
      expect(pw.status, JSON.stringify(pw.body)).toBe(200);
      as[username] = await loginAs(app, username);
    }
    for (const u of ["thamdinh", "baocao", "baocao2"])
      userIds[u] = (await one<{ id: number }>(
        db.orm,
        sql`select id from app_user where username = ${u}`,
      ))!.id;

    const round = await call("thuky", "POST", "/api/rounds", {
      ownerUnitId: provinceId,
      name: "Báo cáo 9 tháng — huyện duyệt trước",
      period: "2026N9",
      opensOn: "2026-01-01",
      deadline: "2099-10-15",
      dataSetIds: [formId],
      unitIds: [communeA, communeB, communeFeed],
      approvalLevel: "district",
    });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    expect(round.body).toMatchObject({ approvalLevel: "district", unitCount: 3 });
    roundId = round.body.id;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  it("district approves first, then the province; the approved report is read-only", async () => {
    const { sid, open, version } = await openFillSubmit("baocao", communeA);
    expect(open).toMatchObject({ approvalChain: [districtA, provinceId], reviewStep: 0, roundId });

    // The province reviewer sees it but cannot act before the district.
    const early = await call("thamdinh", "GET", `/api/submissions/${sid}`);
    expect(early.body.can.review).toBe(false);
    expect((await call("duyet.dongha", "GET", `/api/submissions/${sid}`)).body.can.review).toBe(true);
    const refused = await call("thamdinh", "POST", `/api/submissions/${sid}/approve`, { version });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("awaiting_district");
    expect(refused.body.error.message).toContain("Huyện Đông Hà");
    expect(refused.body.error.message).toContain("duyệt trước");
    expect(refused.body.error.messageEn).toContain("Huyện Đông Hà");
    expect(refused.body.error.messageEn).toContain("must approve it first");
    const returnedEarly = await call("thamdinh", "POST", `/api/submissions/${sid}/return`, {
      version,
      comment: "tỉnh trả lại sớm",
    });
    expect(returnedEarly.status).toBe(409);
    expect(returnedEarly.body.error.code).toBe("awaiting_district");
    // Nothing moved.
    expect((await call("baocao", "GET", `/api/submissions/${sid}`)).body.submission).toMatchObject({
      state: "submitted",
      version,
      reviewStep: 0,
    });

    // Step 1: the district approves; the report now waits for the province.
    const step1 = await call("duyet.dongha", "POST", `/api/submissions/${sid}/approve`, { version });
    expect(step1.status, JSON.stringify(step1.body)).toBe(200);
    expect(step1.body).toMatchObject({ state: "submitted", reviewStep: 1, version: version + 1 });
    const waiting = await call("thamdinh", "GET", `/api/submissions/${sid}`);
    expect(waiting.body.submission).toMatchObject({ state: "submitted", reviewStep: 1, approvedAt: null });
    expect(waiting.body.submission.approvalChain[waiting.body.submission.reviewStep]).toBe(provinceId);
    expect(waiting.body.can.review).toBe(true);
    expect((await call("duyet.dongha", "GET", `/api/submissions/${sid}`)).body.can.review).toBe(false);
    const bell = await call("thamdinh", "GET", "/api/notifications");
    expect(bell.body.items.map((n: { title: string }) => n.title)).toContainEqual(
      expect.stringContaining("Báo cáo chờ duyệt"),
    );
    // The district cannot approve a second time (the current step is the province's).
    expect(
      (await call("duyet.dongha", "POST", `/api/submissions/${sid}/approve`, { version: version + 1 }))
        .status,
    ).toBe(403);
    // Still under review for the reporter.
    expect(
      (await call("baocao", "PUT", `/api/submissions/${sid}/values`, { version: version + 1, values: [] }))
        .body.error.code,
    ).toBe("under_review");

    // Step 2: the province approves; the report is approved and read-only.
    const step2 = await call("thamdinh", "POST", `/api/submissions/${sid}/approve`, { version: version + 1 });
    expect(step2.body).toMatchObject({ state: "approved", version: version + 2 });
    const done = await call("baocao", "GET", `/api/submissions/${sid}`);
    expect(done.body.submission).toMatchObject({ state: "approved", approvedBy: `user:${userIds.thamdinh}` });
    const ro = await call("baocao", "PUT", `/api/submissions/${sid}/values`, {
      version: version + 2,
      values: [{ indicatorId: fields[0].indicatorId, value: 1 }],
    });
    expect(ro.status).toBe(409);
    expect(ro.body.error.code).toBe("approved");
    const statuses = await rows<{ status: string }>(
      db.orm,
      sql`select distinct status from data_value where org_unit_id = ${communeA} and period = '2026N9'`,
    );
    expect(statuses.map((s) => s.status)).toEqual(["approved"]);

    // Every step is in the history, with who did it, and in the audit log.
    const events: TEvent[] = done.body.events;
    expect(events.map((e) => [e.action, e.fromState, e.toState, e.actor])).toEqual([
      ["create", null, "draft", `user:${userIds.baocao}`],
      ["save", "draft", "draft", `user:${userIds.baocao}`],
      ["submit", "draft", "submitted", `user:${userIds.baocao}`],
      ["approve", "submitted", "submitted", `user:${userIds["duyet.dongha"]}`],
      ["approve", "submitted", "approved", `user:${userIds.thamdinh}`],
    ]);
    const unitHist = await call("thuky", "GET", `/api/units/${communeA}/collection-history`);
    expect(
      unitHist.body.steps
        .filter((s: { submissionId: number }) => s.submissionId === sid)
        .map((s: { action: string; actor: string }) => `${s.action}:${s.actor}`),
    ).toEqual(
      expect.arrayContaining([`approve:user:${userIds["duyet.dongha"]}`, `approve:user:${userIds.thamdinh}`]),
    );
    const audit = await rows<{ actor: string; step: string; state: string }>(
      db.orm,
      sql`select actor, after ->> 'review_step' as step, after ->> 'state' as state from audit_log
        where table_name = 'submission' and row_id = ${String(sid)} and action = 'update' order by id`,
    );
    expect(audit.slice(-2)).toEqual([
      { actor: `user:${userIds["duyet.dongha"]}`, step: "1", state: "submitted" },
      { actor: `user:${userIds.thamdinh}`, step: "1", state: "approved" },
    ]);
  });

  it("a district reviewer cannot act for another district; returning at the district step goes to the reporter", async () => {
    const { sid, open, version } = await openFillSubmit("baocao2", communeB);
    expect(open.approvalChain).toEqual([districtB, provinceId]);

    // District A's reviewer neither sees it in the queue nor may act on it.
    const queueA = await call("duyet.dongha", "GET", "/api/submissions?state=submitted");
    expect(queueA.body.items.map((s: { id: number }) => s.id)).not.toContain(sid);
    const queueB = await call("duyet.tayson", "GET", "/api/submissions?state=submitted");
    expect(queueB.body.items.map((s: { id: number }) => s.id)).toContain(sid);
    for (const action of ["approve", "return"] as const) {
      const r = await call("duyet.dongha", "POST", `/api/submissions/${sid}/${action}`, {
        version,
        comment: "không phải huyện mình",
      });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe("out_of_scope");
    }
    expect((await call("duyet.dongha", "GET", `/api/submissions/${sid}`)).status).toBe(403);

    // District B returns it with a comment: back to the reporter, who sees why.
    const noComment = await call("duyet.tayson", "POST", `/api/submissions/${sid}/return`, { version });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.field).toBe("comment");
    const comment = "Huyện đề nghị xã bổ sung số tổ công nghệ số";
    const ret = await call("duyet.tayson", "POST", `/api/submissions/${sid}/return`, { version, comment });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    expect(ret.body).toMatchObject({ state: "returned", reviewStep: 0, version: version + 1 });
    const seen = await call("baocao2", "GET", `/api/submissions/${sid}`);
    expect(seen.body.submission).toMatchObject({ state: "returned", returnComment: comment });
    expect(seen.body.can.edit).toBe(true);
    const owed = await call("baocao2", "GET", "/api/rounds/owed");
    expect(owed.body.items.find((o: { roundId: number }) => o.roundId === roundId)).toMatchObject({
      state: "returned",
      returnComment: comment,
    });
    const bell = await call("baocao2", "GET", "/api/notifications");
    expect(bell.body.items[0]).toMatchObject({ kind: "return", body: comment });

    // Resubmitted, it starts again at the district step.
    const resub = await call("baocao2", "POST", `/api/submissions/${sid}/submit`, { version: version + 1 });
    expect(resub.body).toMatchObject({ state: "submitted", reviewStep: 0 });
    expect(
      (await call("thamdinh", "POST", `/api/submissions/${sid}/approve`, { version: version + 2 })).body.error
        .code,
    ).toBe("awaiting_district");
    const events: TEvent[] = (await call("baocao2", "GET", `/api/submissions/${sid}`)).body.events;
    expect(events.map((e) => e.action)).toEqual(["create", "save", "submit", "return", "submit"]);
    expect(events[3]).toMatchObject({
      actor: `user:${userIds["duyet.tayson"]}`,
      fromState: "submitted",
      toState: "returned",
      comment,
    });
    const audit = await one<{ reason: string | null; actor: string }>(
      db.orm,
      sql`select reason, actor from audit_log where table_name = 'submission' and row_id = ${String(sid)}
        and after ->> 'state' = 'returned' order by id desc limit 1`,
    );
    expect(audit).toEqual({ reason: comment, actor: `user:${userIds["duyet.tayson"]}` });
  });

  it("a machine feed for a commune of a district round gets the district chain too", async () => {
    const key = await apiKeyHeaders(app, { unitId: communeFeed });
    const push = await app.inject({
      method: "POST",
      url: "/api/submissions/push",
      headers: key,
      payload: {
        dataSetId: formId,
        period: "2026N9",
        submit: true,
        values: fillAll().map(({ indicatorId, ...v }) => ({
          indicatorCode: fields.find((f) => f.indicatorId === indicatorId)!.code,
          ...v,
        })),
      },
    });
    expect(push.statusCode, push.body).toBe(200);
    const sid: number = push.json().submissionId;
    const s = await call("thamdinh", "GET", `/api/submissions/${sid}`);
    expect(s.body.submission).toMatchObject({
      state: "submitted",
      roundId,
      approvalChain: [districtA, provinceId],
      reviewStep: 0,
    });
    expect(
      (
        await call("thamdinh", "POST", `/api/submissions/${sid}/approve`, {
          version: s.body.submission.version,
        })
      ).body.error.code,
    ).toBe("awaiting_district");
  });
});
