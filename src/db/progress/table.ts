/**
 * A table of indicator figures for the children of a unit (the national table: 34 provinces × 200
 * indicators for a year), read from the rollup in one batch.
 */
import { parsePeriod } from "../../core/period.ts";
import type { TFigure } from "../../server/progress/schemas.ts";
import type { Db } from "../client.ts";
import { loadChildren, loadIndicators, loadUnit } from "./context.ts";
import { ProgressError } from "./errors.ts";
import { FigureEngine, figureOut } from "./figures.ts";
import { foldableIndicators, parsePeriodOrThrow } from "./overview.ts";
import { loadStore } from "./store.ts";

/** Options of {@link getIndicatorTable}. */
export interface TIndicatorTableOptions {
  db: Db;
  parentUnitId: number;
  indicatorIds: number[];
  period: string;
  /** Reporting unit kind aggregated under each child (default "commune"). */
  appliesTo?: string;
  /** Fold the period's parts in SQL (default); false reads every row of the year. */
  fold?: boolean;
}

/** One row per child unit, one figure per indicator (same order as `indicatorIds`). */
export async function getIndicatorTable(options: TIndicatorTableOptions): Promise<{
  period: string;
  rows: Array<{ unitId: number; code: string; name: string; figures: TFigure[] }>;
}> {
  const { db } = options;
  const p = parsePeriodOrThrow(options.period);
  const parent = await loadUnit(db, options.parentUnitId);
  if (!parent) throw ProgressError.notFound("unit", options.parentUnitId);
  const [children, catalog] = await Promise.all([
    loadChildren(db, { parentId: parent.id, start: p.startDate, end: p.endDate }),
    loadIndicators(db, options.indicatorIds),
  ]);
  const store = await loadStore(db, {
    units: children,
    indicatorIds: [...catalog.byId.keys()],
    rawIndicatorIds: [...catalog.byId.values()]
      .filter((i) => ["min", "max", "last"].includes(i.aggregation))
      .map((i) => i.id),
    fromYear: parsePeriod(p.code).year,
    toYear: parsePeriod(p.code).year,
    periodStart: p.startDate,
    periodEnd: p.endDate,
    fold:
      options.fold === false ? undefined : { periods: [p.code], indicatorIds: foldableIndicators(catalog) },
  });
  const engine = new FigureEngine(store, catalog);
  const appliesTo = options.appliesTo ?? "commune";
  return {
    period: p.code,
    rows: children.map((c) => ({
      unitId: c.id,
      code: c.code,
      name: c.name,
      figures: options.indicatorIds.map((id) => {
        const ind = catalog.byId.get(id);
        if (!ind) throw ProgressError.notFound("indicator", id);
        return figureOut(
          ind,
          engine.figure({ unitId: c.id, unitKind: c.kind, ind, period: p.code, appliesTo }),
          "half-up",
        );
      }),
    })),
  };
}
