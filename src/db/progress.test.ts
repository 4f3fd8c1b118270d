import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod, periodsWithin } from "../core/period.ts";
import { Dec } from "../core/vn-number.ts";
import { rows } from "./client.ts";
import { FINER } from "./progress/figures.ts";
import { buildProgressFixture, type TProgressFixture } from "./progress/fixture.ts";
import {
  explainTarget,
  getIndicatorTable,
  getProgressOverview,
  getTargetDetail,
  rankByIndicators,
  rankByStatus,
} from "./progress.ts";
import { openTestDatabase, testDatabaseKinds } from "./testing.ts";
import { bulkImportDataValues, upsertDataValues } from "./values.ts";

type TDb = Awaited<ReturnType<typeof openTestDatabase>>;

/** The rollup as stored, and as recomputed independently from the raw values with a plain GROUP BY. */
async function rollupVsRaw(db: TDb) {
  const stored = await rows<Record<string, string>>(
    db.orm,
    sql`select province_id::text p, indicator_id::text i, period, ancestor_id::text a, unit_kind k,
        n_value::text nv, n_ratio::text nr, (sum_num::numeric)::text sn, (sum_den::numeric)::text sd,
        (sum_value::numeric)::text sv, n_meeting::text nm
      from progress_rollup where n_rows <> 0 order by 1, 2, 3, 4, 5`,
  );
  const raw = await rows<Record<string, string>>(
    db.orm,
    sql`select v.province_id::text p, v.indicator_id::text i, v.period, a.id::text a, u.kind k,
        count(progress_unit_value(v.value, v.numerator, v.denominator, ind.kind))::text nv,
        count(*) filter (where v.numerator is not null and v.denominator is not null)::text nr,
        coalesce(sum(v.numerator) filter (where v.numerator is not null and v.denominator is not null), 0)::text sn,
        coalesce(sum(v.denominator) filter (where v.numerator is not null and v.denominator is not null), 0)::text sd,
        coalesce(sum(progress_unit_value(v.value, v.numerator, v.denominator, ind.kind)), 0)::text sv,
        count(*) filter (where progress_meets(progress_unit_value(v.value, v.numerator, v.denominator, ind.kind),
          ind.threshold_op, ind.threshold))::text nm
      from data_value v
      join indicator ind on ind.id = v.indicator_id
      join org_unit u on u.id = v.org_unit_id
      join org_unit a on u.path like a.path || '%' and a.id <> u.id
      where v.deleted_at is null and v.status <> 'draft'
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
  );
  // numeric sums may print with different scales (5.0 vs 5): compare as numbers (not periods).
  const norm = (list: Record<string, string>[]) =>
    list.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          !["period", "span", "lv", "lr"].includes(k) && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v,
        ]),
      ),
    );
  const spans = await rows<Record<string, string>>(
    db.orm,
    sql`select province_id::text p, indicator_id::text i, span, grain, ancestor_id::text a, unit_kind k,
        n_value::text nv, n_ratio::text nr, (sum_num::numeric)::text sn, (sum_den::numeric)::text sd,
        (sum_value::numeric)::text sv, n_meeting::text nm, last_value lv, last_ratio lr,
        l_n_value::text lnv, l_n_ratio::text lnr, (l_sum_num::numeric)::text lsn, (l_sum_den::numeric)::text lsd,
        (l_sum_value::numeric)::text lsv, l_n_meeting::text lnm
      from progress_span where n_rows <> 0`,
  );
  return { stored: norm(stored), raw: norm(raw), spans: sortSpans(norm(spans)), rawSpans: spansOf(raw) };
}

const sortSpans = (list: Record<string, unknown>[]) =>
  list.sort((x, y) => JSON.stringify(Object.values(x)).localeCompare(JSON.stringify(Object.values(y))));

/**
 * The span rows (sums of the months or quarters of each longer period) recomputed in JavaScript from
 * the raw per-period sums, with the period arithmetic of src/core — independent of the SQL that
 * maintains progress_span.
 */
function spansOf(raw: Record<string, string>[]) {
  type TSpan = { p: string; i: string; span: string; grain: string; a: string; k: string };
  const out = new Map<string, TSpan & { parts: Record<string, string>[] }>();
  for (const r of raw) {
    const type = parsePeriod(r.period).type;
    if (type !== "month" && type !== "quarter") continue;
    const y = r.period.slice(0, 4);
    for (const span of [y, `${y}N9`, `${y}S1`, `${y}S2`, `${y}Q1`, `${y}Q2`, `${y}Q3`, `${y}Q4`]) {
      if (!FINER[parsePeriod(span).type].includes(type) || !periodsWithin(span, type).includes(r.period))
        continue;
      const key = [r.p, r.i, span, type, r.a, r.k].join("|");
      const e = out.get(key) ?? {
        p: r.p,
        i: r.i,
        span,
        grain: type,
        a: r.a,
        k: r.k,
        parts: [] as Record<string, string>[],
      };
      e.parts.push(r);
      out.set(key, e);
    }
  }
  return sortSpans(
    [...out.values()].map(({ parts, ...e }) => {
      const sum = (f: string) => Number(parts.reduce((s, x) => s.plus(x[f]), new Dec(0)).toString());
      const last = (f: string) =>
        parts
          .filter((x) => Number(x[f]) > 0)
          .map((x) => x.period)
          .sort()
          .at(-1) ?? null;
      const lv = last("nv");
      const at = parts.find((x) => x.period === lv);
      const of = (f: string) => (at ? Number(at[f]) : null);
      return {
        ...e,
        p: Number(e.p),
        i: Number(e.i),
        a: Number(e.a),
        nv: sum("nv"),
        nr: sum("nr"),
        sn: sum("sn"),
        sd: sum("sd"),
        sv: sum("sv"),
        nm: sum("nm"),
        lv,
        lr: last("nr"),
        lnv: of("nv"),
        lnr: of("nr"),
        lsn: of("sn"),
        lsd: of("sd"),
        lsv: of("sv"),
        lnm: of("nm"),
      };
    }),
  );
}

describe.each(testDatabaseKinds())("progress engine on %s", (kind) => {
  let db: TDb;
  let f: TProgressFixture;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    f = await buildProgressFixture(db);
  }, 120_000);
  afterAll(async () => db?.cleanup());

  const overview = (planId: number, unitId: number, period = "2025S1") =>
    getProgressOverview({ db: db.orm, planId, unitId, period });
  const row = async (code: string, planId = f.planId) =>
    (await overview(planId, f.provinceId)).targets.find((t) => t.code === code)!;

  it("aggregates ratios as the ratio of sums (1.761/1.966 = 89,6%), never the mean of ratios (65,6%)", async () => {
    const r = await row("M_RATIO");
    expect(r.actual).toMatchObject({ numerator: 1761, denominator: 1966, display: "89,6%", source: "units" });
    expect(r.actual.reported).toBe(2);
    expect(r.actual.expected).toBe(2);
    const avg = await row("M_AVG");
    expect(avg.actual.display).toBe("65,6%");
  });

  it("rounds with the plan's mode: truncate shows 89,5%", async () => {
    const r = await row("M_RATIO", f.truncPlanId);
    expect(r.actual.display).toBe("89,5%");
    expect((await overview(f.truncPlanId, f.provinceId)).plan.rounding).toBe("truncate");
  });

  it("counts the share of units meeting a threshold with reported/expected, missing data counted", async () => {
    const r = await row("M_SHARE");
    expect(r.actual).toMatchObject({
      numerator: 2,
      denominator: 3,
      reported: 3,
      expected: 4,
      display: "66,7%",
    });
    const big = await overview(f.planId, f.bigProvinceId);
    const s = big.targets.find((t) => t.code === "M_SHARE")!;
    expect(s.actual).toMatchObject({
      numerator: 72,
      denominator: 173,
      display: "41,6%",
      reported: 173,
      expected: 173,
    });
  });

  it("aggregates over time from quarters (flow) and prefers a stored figure of the period", async () => {
    const r = await row("M_SUM");
    expect(r.actual).toMatchObject({ value: 80, source: "time", display: "80" });
    const q1 = (await overview(f.planId, f.provinceId, "2025Q1")).targets.find((t) => t.code === "M_SUM")!;
    expect(q1.actual).toMatchObject({ value: 60, reported: 3, expected: 4, source: "units" });
    // Stored 6-month value 10 wins over the latest quarter (9).
    const seed = await overview(f.seedPlanId, f.provinceId);
    expect(seed.targets[0].actual).toMatchObject({ value: 10, source: "stored" });
  });

  it("decides status in both directions and counts 14/38 = 36,8%", async () => {
    const ratio = await row("M_RATIO");
    expect(ratio.status).toBe("near"); // 89,6 of 90
    expect(ratio.benchmark).toMatchObject({ value: 85, meets: true });
    const rank = await row("M_RANK");
    expect(rank.status).toBe("behind"); // 30/52 = 57,7% < 70%
    expect(rank.ratio).toBeCloseTo(30 / 52, 10);
    const rankQ1 = (await overview(f.planId, f.provinceId, "2025Q1")).targets.find(
      (t) => t.code === "M_RANK",
    )!;
    expect(rankQ1.status).toBe("exceeded"); // 25 is better than 30
    expect((await row("M_SUM")).status).toBe("achieved"); // 80 = 80
    const seed = await overview(f.seedPlanId, f.provinceId);
    expect(seed.summary).toMatchObject({ achieved: 14, total: 38, achievedShareDisplay: "36,8%" });
    expect(seed.summary.text).toBe("14/38 mục tiêu, đạt 36,8%");
    expect(seed.summary.textEn).toBe("14/38 targets, 36.8% achieved");
  });

  it("summarises per pillar", async () => {
    const o = await overview(f.planId, f.provinceId);
    const a = o.pillars.find((p) => p.pillarId === f.pillars.a)!;
    const b = o.pillars.find((p) => p.pillarId === f.pillars.b)!;
    // Pillar A: ratio near, average 65,6 ≥ 60 exceeded, share 66,7 of 100 behind.
    expect(a.summary).toMatchObject({ total: 3, achieved: 1, exceeded: 1, near: 1, behind: 1 });
    // Pillar B: sum achieved (80 = 80), rank behind.
    expect(b.summary).toMatchObject({ total: 2, achieved: 1, behind: 1 });
    expect(o.summary).toMatchObject({ total: 5, achieved: 2, text: "2/5 mục tiêu, đạt 40,0%" });
  });

  it("computes min from raw values and formulas over other indicators", async () => {
    const table = await getIndicatorTable({
      db: db.orm,
      parentUnitId: f.nationId,
      indicatorIds: [f.ind.SUM, f.ind.FORM, f.ind.MIN],
      period: "2025S1",
    });
    const t01 = table.rows.find((r) => r.unitId === f.provinceId)!;
    expect(t01.figures.map((x) => x.value)).toEqual([80, 160, 3]);
    expect(t01.figures[1].source).toBe("formula");
  });

  it("explains a figure with every unit's input, the rule and the rounding, matching the rollup", async () => {
    const e = await explainTarget({
      db: db.orm,
      targetId: f.target.RATIO,
      unitId: f.provinceId,
      period: "2025S1",
    });
    expect(e.explanation.kind).toBe("status");
    const fig = e.explanation.children![0];
    expect(fig.rule).toBe("ratio_of_sums");
    expect(fig.display).toBe("89,6%");
    expect(fig.rounding).toMatchObject({ decimals: 1, mode: "half-up", rounded: 89.6 });
    expect(fig.inputs?.map((i) => [i.numerator, i.denominator])).toEqual([
      [1700, 1800],
      [61, 166],
    ]);
    expect(e.text).toContain("89,6%");
    const share = await explainTarget({
      db: db.orm,
      targetId: f.target.SHARE,
      unitId: f.provinceId,
      period: "2025S1",
    });
    const sf = share.explanation.children![0];
    expect(sf.details).toMatchObject({ reported: 3, expected: 4, missing: 1 });
    const sum = await explainTarget({
      db: db.orm,
      targetId: f.target.SUM,
      unitId: f.provinceId,
      period: "2025S1",
    });
    expect(sum.explanation.children![0].children).toHaveLength(2); // Q1 and Q2, each by commune
    expect(sum.explanation.children![0].result).toBe(80); // core's aggregateOverTime agrees with the engine
  });

  it("ranks child units with ties (15 and 15, then 17 — here 1, 1, 3)", async () => {
    const r = await rankByIndicators({
      db: db.orm,
      parentUnitId: f.provinceId,
      period: "2025Q2",
      components: [{ indicatorId: f.ind.SUM }],
    });
    // Every commune reported 5 in Q2: all tie at rank 1; the agencies have no value.
    expect(r.items.filter((i) => i.rank === 1)).toHaveLength(4);
    const q1 = await rankByIndicators({
      db: db.orm,
      parentUnitId: f.provinceId,
      period: "2025S1",
      components: [{ indicatorId: f.ind.SHARE }],
    });
    const ranks = q1.items.filter((i) => i.rank !== null).map((i) => i.rank);
    expect(ranks).toEqual([1, 1, 3]);
    expect(q1.items[0].rankDisplay).toBe("1 (đồng hạng)");
    const st = await rankByStatus({
      db: db.orm,
      planId: f.planId,
      parentUnitId: f.nationId,
      period: "2025S1",
    });
    expect(st.items.length).toBeGreaterThanOrEqual(2);
  });

  it("gives a target's series, target line and breakdown by child units", async () => {
    const d = await getTargetDetail({
      db: db.orm,
      targetId: f.target.SUM,
      unitId: f.provinceId,
      period: "2025Q2",
    });
    const q = Object.fromEntries(d.series.map((s) => [s.period, s.value]));
    expect(q["2025Q1"]).toBe(60);
    expect(q["2025Q2"]).toBe(20);
    expect(d.targetLine).toEqual([{ year: 2025, value: 80, display: "80" }]);
    expect(d.breakdown.filter((b) => b.figure.value === 5)).toHaveLength(4);
  });

  it("sees a write immediately and keeps the rollup equal to recomputation after random writes", async () => {
    const { stored, raw, spans, rawSpans } = await rollupVsRaw(db);
    expect(stored).toEqual(raw);
    expect(spans).toEqual(rawSpans);
    await upsertDataValues({
      db: db.orm,
      actor: "test",
      values: [{ indicatorId: f.ind.SHARE, orgUnitId: f.communes[3], period: "2025S1", value: 1 }],
    });
    expect((await row("M_SHARE")).actual).toMatchObject({ numerator: 3, denominator: 4, display: "75,0%" });
    // Random updates, soft deletes, revivals, drafts and a re-import.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const communes = f.communes;
    for (let round = 0; round < 6; round++) {
      const values = communes.map((c) => {
        const x = rand();
        return {
          indicatorId: f.ind.SUM,
          orgUnitId: c,
          period: "2025Q1",
          value: Math.floor(rand() * 50),
          delete: x < 0.25,
        };
      });
      await upsertDataValues({
        db: db.orm,
        actor: "test",
        values,
        status: rand() < 0.2 ? "draft" : "submitted",
      });
      await upsertDataValues({
        db: db.orm,
        actor: "test",
        values: f.agencies.map((a) => {
          const den = 100 + Math.floor(rand() * 100);
          return {
            indicatorId: f.ind.RATIO,
            orgUnitId: a,
            period: "2025S1",
            numerator: Math.floor(rand() * den),
            denominator: den,
          };
        }),
      });
      // Months whose latest part with data moves back and forth (span rows' last_value): every month
      // after a random last one is emptied.
      const lastMonth = Math.floor(rand() * 6);
      await upsertDataValues({
        db: db.orm,
        actor: "test",
        values: communes.flatMap((c) =>
          ["202401", "202402", "202403", "202404", "202405", "202406"].map((period, m) => ({
            indicatorId: f.ind.STOCK,
            orgUnitId: c,
            period,
            value: Math.floor(rand() * 9),
            delete: m > lastMonth || rand() < 0.3,
          })),
        ),
      });
      await bulkImportDataValues({
        database: db,
        actor: "test",
        importId: `re-${round}`,
        rows: communes.map((c) => ({
          indicatorId: f.ind.SHARE,
          orgUnitId: c,
          period: "2025S1",
          value: rand() < 0.5 ? 1 : 0,
        })),
      });
    }
    // The other province's latest month differs: the nation's latest part is then read, not summed.
    const big = await rows<{ id: number }>(
      db.orm,
      sql`select id from org_unit where parent_id = ${f.bigProvinceId} order by id limit 5`,
    );
    await upsertDataValues({
      db: db.orm,
      actor: "test",
      values: big.map((c, k) => ({
        indicatorId: f.ind.STOCK,
        orgUnitId: c.id,
        period: "202402",
        value: k + 1,
      })),
    });
    // A plan with a target on the monthly stock, to read the nation's dashboard (its rows are per province).
    const spanPlan = (
      await rows<{ id: number }>(
        db.orm,
        sql`insert into plan (code, name, owner_unit_id, province_id, start_year, end_year)
        values ('SPAN', 'Kế hoạch SPAN', ${f.provinceId}, ${f.provinceId}, 2023, 2030)
        returning id`,
      )
    )[0].id;
    await db.orm.execute(sql`insert into target (plan_id, code, name, indicator_id, direction, applies_to)
      values (${spanPlan}, 'S_STOCK', 'Mục tiêu S_STOCK', ${f.ind.STOCK}, 'higher', 'commune')`);
    for (const period of ["2024S1", "2024Q1", "2024Q2", "2024N9", "2024"]) {
      const nation = { db: db.orm, planId: spanPlan, unitId: f.nationId, period };
      const folded = await getProgressOverview(nation);
      expect(folded).toEqual({
        ...(await getProgressOverview({ ...nation, fold: false })),
        computedAt: expect.any(String),
      });
      if (period !== "2024Q2") expect(folded.targets[0].actual.value).not.toBeNull();
      const q = { db: db.orm, planId: f.planId, unitId: f.nationId, period };
      expect(await getProgressOverview({ ...q })).toEqual({
        ...(await getProgressOverview({ ...q, fold: false })),
        computedAt: expect.any(String),
      });
      const t = { db: db.orm, parentUnitId: f.nationId, indicatorIds: Object.values(f.ind), period };
      expect(await getIndicatorTable(t)).toEqual(await getIndicatorTable({ ...t, fold: false }));
    }
    const after = await rollupVsRaw(db);
    expect(after.stored).toEqual(after.raw);
    expect(after.spans.length).toBeGreaterThan(0);
    expect(after.spans).toEqual(after.rawSpans);
    // And the dashboard reads what a recomputation gives.
    const e = await explainTarget({
      db: db.orm,
      targetId: f.target.RATIO,
      unitId: f.provinceId,
      period: "2025S1",
    });
    expect((await row("M_RATIO")).actual.value).toBe(e.explanation.children![0].result);
  });

  it("shows a changed target, indicator or unit name at once (the kept catalogue follows catalog_version)", async () => {
    const before = await row("M_SUM");
    expect(before.targetValue).toBe(80);
    const version = async () =>
      Number((await rows<{ v: string }>(db.orm, sql`select version::text as v from catalog_version`))[0].v);
    const v0 = await version();
    await db.orm.execute(
      sql`update target_value set value = 95 where target_id = ${f.target.SUM} and year = 2025`,
    );
    expect(await version()).toBe(v0 + 1);
    expect((await row("M_SUM")).targetValue).toBe(95);
    await db.orm.execute(sql`update indicator set name = 'Đã đổi tên' where id = ${f.ind.SUM}`);
    const ranked = await rankByIndicators({
      db: db.orm,
      parentUnitId: f.provinceId,
      period: "2025Q1",
      components: [{ indicatorId: f.ind.SUM }],
    });
    expect(ranked.by.label).toBe("Đã đổi tên");
    await db.orm.execute(sql`update indicator set name = 'Chỉ số T_SUM' where id = ${f.ind.SUM}`);
    await db.orm.execute(sql`update target set name = 'Mục tiêu mới' where id = ${f.target.SUM}`);
    expect((await row("M_SUM")).name).toBe("Mục tiêu mới");
    // A rolled-back change leaves the number, so nobody keeps a catalogue that never existed.
    await expect(
      db.orm.transaction(async (tx) => {
        await tx.execute(sql`update target_value set value = 1 where target_id = ${f.target.SUM}`);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect((await row("M_SUM")).targetValue).toBe(95);
    await db.orm.execute(
      sql`update target_value set value = 80 where target_id = ${f.target.SUM} and year = 2025`,
    );
    expect((await row("M_SUM")).targetValue).toBe(80);
  });

  it.runIf(kind === "postgres")(
    "keeps span rows exact when two transactions write months of one province at once",
    async () => {
      const pool = db.pool!;
      const [c1, c2] = [await pool.connect(), await pool.connect()];
      const insert = (unit: number, period: string, value: number) => ({
        text: `insert into data_value (province_id, indicator_id, org_unit_id, period, period_type, period_start,
            period_end, value, status) values ($1, $2, $3, $4, 'month', $5, $6, $7, 'submitted')
          on conflict (org_unit_id, indicator_id, period) do update set value = excluded.value,
            deleted_at = null`,
        values: [
          f.provinceId,
          f.ind.STOCK,
          unit,
          period,
          `${period.slice(0, 4)}-${period.slice(4)}-01`,
          `${period.slice(0, 4)}-${period.slice(4)}-28`,
          value,
        ],
      });
      try {
        await c1.query("begin");
        await c1.query(insert(f.communes[0], "202311", 7));
        await c2.query("begin");
        // The second writer (another commune, another month) waits for the first's province lock.
        const second = c2.query(insert(f.communes[1], "202312", 9)).then(() => c2.query("commit"));
        await new Promise((r) => setTimeout(r, 300));
        await c1.query("commit");
        await second;
      } finally {
        c1.release();
        c2.release();
      }
      const { spans, rawSpans } = await rollupVsRaw(db);
      const year = spans.filter((x) => x.span === "2023" && x.i === f.ind.STOCK && x.a === f.provinceId);
      expect(year).toEqual([expect.objectContaining({ lv: "202312", nv: 2 })]);
      expect(spans).toEqual(rawSpans);
    },
  );

  it("validates writes: numerator ≤ denominator, kind, period, unit, formula, locked", async () => {
    const bad = (values: Parameters<typeof upsertDataValues>[0]["values"]) =>
      upsertDataValues({ db: db.orm, actor: "test", values }).then(
        () => "ok",
        (e: { status?: number; field?: string }) => `${e.status} ${e.field}`,
      );
    expect(
      await bad([
        {
          indicatorId: f.ind.RATIO,
          orgUnitId: f.agencies[0],
          period: "2025S1",
          numerator: 5,
          denominator: 4,
        },
      ]),
    ).toBe("400 values[0].numerator");
    expect(
      await bad([{ indicatorId: f.ind.SHARE, orgUnitId: f.communes[0], period: "2025S1", value: 2 }]),
    ).toBe("400 values[0].value");
    expect(
      await bad([{ indicatorId: f.ind.SUM, orgUnitId: f.communes[0], period: "2025Q5", value: 2 }]),
    ).toBe("400 values[0].period");
    expect(
      await bad([{ indicatorId: f.ind.SUM, orgUnitId: f.communes[0], period: "2019Q1", value: 2 }]),
    ).toBe("400 values[0].orgUnitId");
    expect(
      await bad([{ indicatorId: f.ind.FORM, orgUnitId: f.communes[0], period: "2025Q1", value: 2 }]),
    ).toBe("400 values[0].indicatorId");
    await db.orm.execute(
      sql`update data_value set status = 'locked' where indicator_id = ${f.ind.MIN} and org_unit_id = ${f.communes[0]}`,
    );
    expect(
      await bad([{ indicatorId: f.ind.MIN, orgUnitId: f.communes[0], period: "2025S1", value: 1 }]),
    ).toBe("409 values[0]");
    const r = await bulkImportDataValues({
      database: db,
      actor: "test",
      importId: "bad",
      rows: [
        { indicatorId: f.ind.SUM, orgUnitId: f.communes[0], period: "2025Q3", value: 1 },
        {
          indicatorId: f.ind.RATIO,
          orgUnitId: f.agencies[0],
          period: "2025Q3",
          numerator: 9,
          denominator: 3,
        },
      ],
    }).then(
      () => "ok",
      (e: { status?: number; field?: string }) => `${e.status} ${e.field}`,
    );
    expect(r).toBe("400 rows[1]");
    const none = await rows<{ n: number }>(
      db.orm,
      sql`select count(*)::int n from data_value where period = '2025Q3'`,
    );
    expect(none[0].n).toBe(0);
  });
});
