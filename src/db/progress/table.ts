/**
 * A table of indicator figures for the children of a unit (the national table: 34 provinces × 200
 * indicators for a year), read from the rollup in one batch, one column per indicator kept between
 * requests (cache.ts). Rankings by indicators read the same columns.
 */
import type { TPeriod } from "../../core/period.ts";
import type { TFigure } from "../../server/progress/schemas.ts";
import type { Db } from "../client.ts";
import { dependencyIds, keptItems, readDataVersions, signatureOf, type TDataVersions } from "./cache.ts";
import {
  catalogVersionOf,
  loadChildren,
  loadIndicators,
  loadUnit,
  type TIndicatorCatalog,
  type TIndicatorDef,
  type TUnitDef,
} from "./context.ts";
import { ProgressError } from "./errors.ts";
import { FigureEngine, figureOut } from "./figures.ts";
import { parsePeriodOrThrow, storeIndicators } from "./overview.ts";
import { loadStore } from "./store.ts";

/** Options of {@link figureColumns}. */
export interface TFigureColumnsOptions {
  db: Db;
  parent: TUnitDef;
  /** The parent's children valid during the period (loadChildren). */
  children: readonly TUnitDef[];
  catalog: TIndicatorCatalog;
  /** One column per entry: the indicator and the kind of unit aggregated under each child. */
  columns: ReadonlyArray<{ ind: TIndicatorDef; appliesTo: string }>;
  period: TPeriod;
  fold: boolean;
  /** The data versions under the parent, when read beside the children and catalogue (else read here). */
  versions?: TDataVersions;
}

/**
 * The figures of each column's indicator for each child (columns × children), half-up display. A
 * column is kept until the data versions of its indicator (or of those its formula reads) move in the
 * parent's provinces; then only the moved columns are recomputed, from a store of their indicators.
 */
export async function figureColumns(o: TFigureColumnsOptions): Promise<ReadonlyArray<readonly TFigure[]>> {
  const { db, catalog, children, period: p } = o;
  const versions = o.versions ?? (await readDataVersions(db, o.parent.id));
  const deps = o.columns.map((c) => dependencyIds(catalog, c.ind));
  return keptItems({
    db,
    key: `columns|${o.parent.id}|${p.code}|${o.fold}|${o.columns.map((c) => `${c.ind.id}:${c.appliesTo}`).join(",")}`,
    catalog: catalogVersionOf(catalog),
    signatures: deps.map((ids) => signatureOf(ids, versions)),
    compute: async (which) => {
      const picked = which ? which.map((i) => o.columns[i]) : o.columns;
      const only = which ? new Set(which.flatMap((i) => deps[i])) : undefined;
      const { indicatorIds, rawIndicatorIds, foldable } = storeIndicators(catalog, only);
      const store = await loadStore(db, {
        units: [...children],
        indicatorIds,
        rawIndicatorIds,
        fromYear: p.year,
        toYear: p.year,
        periodStart: p.startDate,
        periodEnd: p.endDate,
        fold: o.fold ? { periods: [p.code], indicatorIds: foldable } : undefined,
      });
      const engine = new FigureEngine(store, catalog);
      return picked.map(({ ind, appliesTo }) =>
        children.map((c) =>
          figureOut(
            ind,
            engine.figure({ unitId: c.id, unitKind: c.kind, ind, period: p.code, appliesTo }),
            "half-up",
          ),
        ),
      );
    },
  });
}

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
  const [children, catalog, versions] = await Promise.all([
    loadChildren(db, { parentId: parent.id, start: p.startDate, end: p.endDate }),
    loadIndicators(db, options.indicatorIds),
    readDataVersions(db, parent.id),
  ]);
  const appliesTo = options.appliesTo ?? "commune";
  const columns = options.indicatorIds.map((id) => {
    const ind = catalog.byId.get(id);
    if (!ind) throw ProgressError.notFound("indicator", id);
    return { ind, appliesTo };
  });
  const figures = await figureColumns({
    db,
    parent,
    children,
    catalog,
    columns,
    period: p,
    fold: options.fold !== false,
    versions,
  });
  return {
    period: p.code,
    rows: children.map((c, r) => ({
      unitId: c.id,
      code: c.code,
      name: c.name,
      figures: figures.map((column) => column[r]),
    })),
  };
}
