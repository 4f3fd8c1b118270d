/**
 * Rankings of the children of a unit (communes of a province, provinces of the nation) for a
 * period: on one indicator, on a weighted composite of indicators, or on the number of a plan's
 * targets achieved. Competition ranking with ties ("15 and 15, then 17", src/core/ranking.ts).
 */
import { sql } from "drizzle-orm";
import { rankComposite, rankWithTies } from "../../core/ranking.ts";
import { formatNumber } from "../../core/vn-number.ts";
import type { TRanking } from "../../server/progress/schemas.ts";
import { type Db, rows } from "../client.ts";
import { readDataVersions } from "./cache.ts";
import {
  intArray,
  loadChildren,
  loadIndicators,
  loadPlanContext,
  loadUnit,
  type TPlanContext,
  type TUnitDef,
} from "./context.ts";
import { ProgressError } from "./errors.ts";
import { engineFor, parsePeriodOrThrow, targetRows } from "./overview.ts";
import { figureColumns } from "./table.ts";

function rankDisplay(rank: number | null, tied: boolean): string {
  if (rank === null) return formatNumber(null);
  return tied ? `${rank} (đồng hạng)` : String(rank);
}

async function parentAndChildren(
  db: Db,
  parentUnitId: number,
  period: string,
): Promise<{ parent: TUnitDef; children: TUnitDef[]; code: string }> {
  const p = parsePeriodOrThrow(period);
  const parent = await loadUnit(db, parentUnitId);
  if (!parent) throw ProgressError.notFound("unit", parentUnitId);
  const children = await loadChildren(db, { parentId: parent.id, start: p.startDate, end: p.endDate });
  return { parent, children, code: p.code };
}

/** Which unit kind reports an indicator: the applies_to of the first target using it, else communes. */
async function appliesToOf(db: Db, indicatorIds: readonly number[]): Promise<Map<number, string>> {
  const found = await rows<{ i: number; a: string }>(
    db,
    sql`select distinct on (indicator_id) indicator_id as i, applies_to as a from target
      where indicator_id = any(${intArray(indicatorIds)}) order by indicator_id, id`,
  );
  const out = new Map(found.map((r) => [r.i, r.a]));
  for (const id of indicatorIds) if (!out.has(id)) out.set(id, "commune");
  return out;
}

/** Options of {@link rankByIndicators}. */
export interface TRankIndicatorsOptions {
  db: Db;
  parentUnitId: number;
  period: string;
  /** One indicator ranks by its value; several rank by a weighted min–max composite. */
  components: Array<{ indicatorId: number; weight?: number; direction?: "higher" | "lower" }>;
  /** Fold the period's parts in SQL where exact (default); false reads every row of the year. */
  fold?: boolean;
}

/**
 * Ranks the children of a unit by one indicator's figure, or by a weighted composite of several.
 * @throws ProgressError 404 / 400
 */
export async function rankByIndicators(options: TRankIndicatorsOptions): Promise<TRanking> {
  const { db } = options;
  const { parent, children, code } = await parentAndChildren(db, options.parentUnitId, options.period);
  const ids = options.components.map((c) => c.indicatorId);
  const [catalog, applies, versions] = await Promise.all([
    loadIndicators(db, ids),
    appliesToOf(db, ids),
    readDataVersions(db, parent.id),
  ]);
  for (const id of ids) if (!catalog.byId.has(id)) throw ProgressError.notFound("indicator", id);
  const p = parsePeriodOrThrow(code);
  const columns = await figureColumns({
    db,
    parent,
    children,
    catalog,
    columns: ids.map((id) => ({ ind: catalog.byId.get(id)!, appliesTo: applies.get(id)! })),
    period: p,
    fold: options.fold !== false,
    versions,
  });
  const row = new Map(children.map((c, r) => [c.id, r]));
  const figureOf = (c: TUnitDef, k: number) => columns[k][row.get(c.id)!];
  const value = (c: TUnitDef, id: number) => figureOf(c, ids.indexOf(id)).value;
  const first = catalog.byId.get(ids[0])!;
  const dirOf = (id: number, given?: "higher" | "lower") =>
    given ?? (catalog.byId.get(id)?.kind === "rank" ? "lower" : "higher");
  if (ids.length === 1) {
    const direction = dirOf(ids[0], options.components[0].direction);
    const ranked = rankWithTies(children, { value: (c) => value(c, ids[0]), direction });
    return {
      parentUnitId: parent.id,
      period: code,
      by: { kind: "indicator", id: first.id, label: first.name },
      direction,
      items: ranked.map((r) => ({
        unitId: r.item.id,
        code: r.item.code,
        name: r.item.name,
        rank: r.rank,
        tied: r.tied,
        value: value(r.item, ids[0]),
        display: figureOf(r.item, 0).display,
        rankDisplay: rankDisplay(r.rank, r.tied),
      })),
    };
  }
  const ranked = rankComposite(children, {
    components: options.components.map((c) => ({
      code: catalog.byId.get(c.indicatorId)!.code,
      value: (u: TUnitDef) => value(u, c.indicatorId),
      weight: c.weight ?? 1,
      direction: dirOf(c.indicatorId, c.direction),
    })),
  });
  return {
    parentUnitId: parent.id,
    period: code,
    by: { kind: "indicator", id: first.id, label: `composite of ${ids.length} indicators` },
    direction: "higher",
    items: ranked.map((r) => ({
      unitId: r.item.id,
      code: r.item.code,
      name: r.item.name,
      rank: r.rank,
      tied: r.tied,
      value: r.score,
      display: formatNumber(r.score, { decimals: 3 }),
      rankDisplay: rankDisplay(r.rank, r.tied),
    })),
  };
}

/** Options of {@link rankByStatus}. */
export interface TRankStatusOptions {
  db: Db;
  planId: number;
  parentUnitId: number;
  period: string;
}

/**
 * Ranks the children of a unit by the number of the plan's targets achieved (or exceeded) for each
 * child, ties shared.
 * @throws ProgressError 404 / 400
 */
export async function rankByStatus(options: TRankStatusOptions): Promise<TRanking> {
  const { db } = options;
  const { parent, children, code } = await parentAndChildren(db, options.parentUnitId, options.period);
  const ctx: TPlanContext | undefined = await loadPlanContext(db, options.planId);
  if (!ctx) throw ProgressError.notFound("plan", options.planId);
  const { engine } = await engineFor(db, { ctx, units: children, period: code, full: false });
  const counts = new Map<number, number>();
  for (const c of children) {
    const rows = targetRows({ ctx, engine, unit: c, period: code, full: false });
    counts.set(c.id, rows.filter((r) => r.status === "achieved" || r.status === "exceeded").length);
  }
  const ranked = rankWithTies(children, { value: (c) => counts.get(c.id) ?? null, direction: "higher" });
  return {
    parentUnitId: parent.id,
    period: code,
    by: { kind: "status", id: ctx.plan.id, label: ctx.plan.name },
    direction: "higher",
    items: ranked.map((r) => ({
      unitId: r.item.id,
      code: r.item.code,
      name: r.item.name,
      rank: r.rank,
      tied: r.tied,
      value: counts.get(r.item.id) ?? null,
      display: `${counts.get(r.item.id) ?? 0}/${ctx.targets.length}`,
      rankDisplay: rankDisplay(r.rank, r.tied),
    })),
  };
}
