/**
 * A small hand-built data set for the progress tests, with figures computable by hand:
 * a province with four communes and two agencies, plus a second province of 173 communes for the
 * "72/173 communes" seed figure. Values are written through the product's own write paths.
 */
import { sql } from "drizzle-orm";
import { type Database, type Db, one, withActor } from "../client.ts";
import { ensureNation, refreshPaths } from "../units.ts";
import { bulkImportDataValues, upsertDataValues } from "../values.ts";

/** Ids of the fixture. */
export interface TProgressFixture {
  nationId: number;
  provinceId: number;
  communes: number[];
  agencies: number[];
  bigProvinceId: number;
  planId: number;
  truncPlanId: number;
  seedPlanId: number;
  pillars: { a: number; b: number };
  ind: Record<string, number>;
  target: Record<string, number>;
}

async function unit(
  tx: Db,
  u: { code: string; kind: string; level: number; name: string; parentId: number; provinceId: number | null },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into org_unit (code, kind, level, name, parent_id, province_id, valid_from)
      values (${u.code}, ${u.kind}, ${u.level}, ${u.name}, ${u.parentId}, ${u.provinceId}, '2020-01-01') returning id`,
  );
  return r!.id;
}

async function indicator(
  tx: Db,
  i: {
    code: string;
    kind: string;
    aggregation: string;
    overTime?: string;
    threshold?: number;
    op?: string;
    formula?: string;
    decimals?: number;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into indicator (code, name, kind, unit, aggregation, over_time, threshold, threshold_op, formula, decimals)
      values (${i.code}, ${`Chỉ số ${i.code}`}, ${i.kind}, ${i.kind === "ratio" ? "%" : null}, ${i.aggregation},
        ${i.overTime ?? "last"}, ${i.threshold ?? null}, ${i.op ?? null}, ${i.formula ?? null}, ${i.decimals ?? 1})
      returning id`,
  );
  return r!.id;
}

async function target(
  tx: Db,
  t: {
    planId: number;
    pillarId: number | null;
    code: string;
    indicatorId: number;
    appliesTo: string;
    direction?: string;
    values: Record<number, number>;
    benchmark?: number;
    sort?: number;
  },
): Promise<number> {
  const r = await one<{ id: number }>(
    tx,
    sql`insert into target (plan_id, pillar_id, code, name, indicator_id, direction, applies_to, national_benchmark, sort)
      values (${t.planId}, ${t.pillarId}, ${t.code}, ${`Mục tiêu ${t.code}`}, ${t.indicatorId},
        ${t.direction ?? "higher"}, ${t.appliesTo}, ${t.benchmark ?? null}, ${t.sort ?? 0}) returning id`,
  );
  for (const [year, value] of Object.entries(t.values))
    await tx.execute(
      sql`insert into target_value (target_id, year, value) values (${r!.id}, ${Number(year)}, ${value})`,
    );
  return r!.id;
}

/** Builds the fixture (structure in one transaction, values through upsertDataValues and the bulk import). */
export async function buildProgressFixture(database: Database): Promise<TProgressFixture> {
  const db = database.orm;
  const f = await withActor(db, { actor: "test" }, async (tx) => {
    const nationId = await ensureNation(tx);
    const provinceId = await unit(tx, {
      code: "T01",
      kind: "province",
      level: 1,
      name: "Tỉnh Thử",
      parentId: nationId,
      provinceId: null,
    });
    await tx.execute(sql`update org_unit set province_id = id where id = ${provinceId}`);
    const communes: number[] = [];
    for (let i = 1; i <= 4; i++)
      communes.push(
        await unit(tx, {
          code: `T01C${i}`,
          kind: "commune",
          level: 3,
          name: `Xã ${i}`,
          parentId: provinceId,
          provinceId,
        }),
      );
    const agencies: number[] = [];
    for (let i = 1; i <= 2; i++)
      agencies.push(
        await unit(tx, {
          code: `T01A${i}`,
          kind: "agency",
          level: 2,
          name: `Sở ${i}`,
          parentId: provinceId,
          provinceId,
        }),
      );
    const bigProvinceId = await unit(tx, {
      code: "T02",
      kind: "province",
      level: 1,
      name: "Tỉnh Lớn",
      parentId: nationId,
      provinceId: null,
    });
    await tx.execute(sql`update org_unit set province_id = id where id = ${bigProvinceId}`);
    await tx.execute(sql`insert into org_unit (code, kind, level, name, parent_id, province_id, valid_from)
      select 'T02C' || g, 'commune', 3, 'Xã ' || g, ${bigProvinceId}, ${bigProvinceId}, '2020-01-01'
      from generate_series(1, 173) g`);
    await refreshPaths(tx);
    await tx.execute(sql`insert into pillar (code, kind, name, name_en, sort) values
      ('TPA', 'pillar', 'Trụ cột A', 'Pillar A', 101), ('TPB', 'foundation', 'Nền tảng B', 'Foundation B', 102)
      on conflict (code) do nothing`);
    const pa = (await one<{ id: number }>(tx, sql`select id from pillar where code = 'TPA'`))!.id;
    const pb = (await one<{ id: number }>(tx, sql`select id from pillar where code = 'TPB'`))!.id;
    const ind: Record<string, number> = {
      RATIO: await indicator(tx, {
        code: "T_RATIO",
        kind: "ratio",
        aggregation: "ratio_of_sums",
        overTime: "ratio_of_sums",
      }),
      AVG: await indicator(tx, { code: "T_AVG", kind: "ratio", aggregation: "average" }),
      SHARE: await indicator(tx, {
        code: "T_SHARE",
        kind: "boolean",
        aggregation: "share_meeting",
        threshold: 1,
        op: ">=",
      }),
      COUNT: await indicator(tx, {
        code: "T_COUNT",
        kind: "boolean",
        aggregation: "count_meeting",
        threshold: 1,
        op: ">=",
        decimals: 0,
      }),
      SUM: await indicator(tx, {
        code: "T_SUM",
        kind: "count",
        aggregation: "sum",
        overTime: "sum",
        decimals: 0,
      }),
      STOCK: await indicator(tx, {
        code: "T_STOCK",
        kind: "count",
        aggregation: "sum",
        overTime: "last",
        decimals: 0,
      }),
      MIN: await indicator(tx, { code: "T_MIN", kind: "number", aggregation: "min" }),
      RANK: await indicator(tx, { code: "T_RANK", kind: "rank", aggregation: "last", decimals: 0 }),
      FORM: await indicator(tx, {
        code: "T_FORM",
        kind: "number",
        aggregation: "none",
        formula: "T_SUM * 2",
        decimals: 0,
      }),
    };
    const plan = async (code: string, rounding: string) =>
      (await one<{ id: number }>(
        tx,
        sql`insert into plan (code, name, owner_unit_id, province_id, start_year, end_year, settings)
          values (${code}, ${`Kế hoạch ${code}`}, ${provinceId}, ${provinceId}, 2024, 2030,
            ${JSON.stringify({ nearThreshold: 0.7, rounding })}::jsonb) returning id`,
      ))!.id;
    const planId = await plan("KH", "half_up");
    const truncPlanId = await plan("KH-TRUNC", "truncate");
    const seedPlanId = await plan("KH-565", "half_up");
    const t: Record<string, number> = {
      RATIO: await target(tx, {
        planId,
        pillarId: pa,
        code: "M_RATIO",
        indicatorId: ind.RATIO,
        appliesTo: "agency",
        values: { 2025: 90, 2030: 100 },
        benchmark: 85,
        sort: 1,
      }),
      AVG: await target(tx, {
        planId,
        pillarId: pa,
        code: "M_AVG",
        indicatorId: ind.AVG,
        appliesTo: "agency",
        values: { 2025: 60 },
        sort: 2,
      }),
      SHARE: await target(tx, {
        planId,
        pillarId: pa,
        code: "M_SHARE",
        indicatorId: ind.SHARE,
        appliesTo: "commune",
        values: { 2025: 100 },
        sort: 3,
      }),
      SUM: await target(tx, {
        planId,
        pillarId: pb,
        code: "M_SUM",
        indicatorId: ind.SUM,
        appliesTo: "commune",
        values: { 2025: 80 },
        sort: 4,
      }),
      RANK: await target(tx, {
        planId,
        pillarId: pb,
        code: "M_RANK",
        indicatorId: ind.RANK,
        appliesTo: "province",
        direction: "lower",
        values: { 2025: 30 },
        sort: 5,
      }),
      TRUNC: await target(tx, {
        planId: truncPlanId,
        pillarId: pa,
        code: "M_RATIO",
        indicatorId: ind.RATIO,
        appliesTo: "agency",
        values: { 2025: 90 },
      }),
    };
    // 38 targets on one stored count (10): 14 with a target ≤ 10 (achieved), 24 out of reach.
    for (let i = 1; i <= 38; i++)
      await target(tx, {
        planId: seedPlanId,
        pillarId: i <= 20 ? pa : pb,
        code: `S${String(i).padStart(2, "0")}`,
        indicatorId: ind.STOCK,
        appliesTo: "province",
        values: { 2025: i <= 14 ? 10 - (i % 3) : 100 },
        sort: i,
      });
    return {
      nationId,
      provinceId,
      communes,
      agencies,
      bigProvinceId,
      planId,
      truncPlanId,
      seedPlanId,
      pillars: { a: pa, b: pb },
      ind,
      target: t,
    };
  });
  const [c1, c2, c3, c4] = f.communes;
  const [a1, a2] = f.agencies;
  await upsertDataValues({
    db,
    actor: "test",
    values: [
      // 1.700/1.800 and 61/166 → 1.761/1.966 = 89,57…%; the mean of the ratios would be 65,6%.
      { indicatorId: f.ind.RATIO, orgUnitId: a1, period: "2025S1", numerator: 1700, denominator: 1800 },
      { indicatorId: f.ind.RATIO, orgUnitId: a2, period: "2025S1", numerator: 61, denominator: 166 },
      { indicatorId: f.ind.AVG, orgUnitId: a1, period: "2025S1", numerator: 1700, denominator: 1800 },
      { indicatorId: f.ind.AVG, orgUnitId: a2, period: "2025S1", numerator: 61, denominator: 166 },
      // Yes/no per commune: 1, 0, 1, and commune 4 has not reported.
      { indicatorId: f.ind.SHARE, orgUnitId: c1, period: "2025S1", value: 1 },
      { indicatorId: f.ind.SHARE, orgUnitId: c2, period: "2025S1", value: 0 },
      { indicatorId: f.ind.SHARE, orgUnitId: c3, period: "2025S1", value: 1 },
      { indicatorId: f.ind.COUNT, orgUnitId: c1, period: "2025S1", value: 1 },
      { indicatorId: f.ind.COUNT, orgUnitId: c2, period: "2025S1", value: 0 },
      { indicatorId: f.ind.COUNT, orgUnitId: c3, period: "2025S1", value: 1 },
      // Quarterly flow: Q1 10+20+30 (commune 3 missing) = 60; Q2 5×4 = 20; S1 = 80.
      { indicatorId: f.ind.SUM, orgUnitId: c1, period: "2025Q1", value: 10 },
      { indicatorId: f.ind.SUM, orgUnitId: c2, period: "2025Q1", value: 20 },
      { indicatorId: f.ind.SUM, orgUnitId: c4, period: "2025Q1", value: 30 },
      ...[c1, c2, c3, c4].map((c) => ({ indicatorId: f.ind.SUM, orgUnitId: c, period: "2025Q2", value: 5 })),
      // Stock: quarters say 7 and 9, but the province stored its own 6-month figure: 10.
      { indicatorId: f.ind.STOCK, orgUnitId: c1, period: "2025Q1", value: 7 },
      { indicatorId: f.ind.STOCK, orgUnitId: c1, period: "2025Q2", value: 9 },
      { indicatorId: f.ind.STOCK, orgUnitId: f.provinceId, period: "2025S1", value: 10 },
      { indicatorId: f.ind.MIN, orgUnitId: c1, period: "2025S1", value: 3 },
      { indicatorId: f.ind.MIN, orgUnitId: c2, period: "2025S1", value: 7 },
      { indicatorId: f.ind.MIN, orgUnitId: c3, period: "2025S1", value: 5 },
      // Rank, lower is better: 52 against a target of 30 → 30/52 = 57,7% → behind.
      { indicatorId: f.ind.RANK, orgUnitId: f.provinceId, period: "2025S1", value: 52 },
      { indicatorId: f.ind.RANK, orgUnitId: f.provinceId, period: "2025Q1", value: 25 },
    ],
  });
  // 72 of 173 communes registered, through the bulk path.
  const big = await one<{ first: number }>(
    db,
    sql`select min(id)::int as first from org_unit where parent_id = ${f.bigProvinceId}`,
  );
  await bulkImportDataValues({
    database,
    actor: "test",
    importId: "fixture-173",
    rows: Array.from({ length: 173 }, (_, i) => ({
      indicatorId: f.ind.SHARE,
      orgUnitId: big!.first + i,
      period: "2025S1",
      value: i < 72 ? 1 : 0,
    })),
  });
  return f;
}
