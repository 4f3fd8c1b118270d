/**
 * Computed dashboards and tables kept between requests, per database handle, and brought up to date
 * from the data versions (migration 0013): each kept item — a dashboard's target row, a table's
 * indicator column — carries the versions of the indicators it reads (its own and, for a formula,
 * those it references) in the provinces the unit spans. A request reads the versions first, then
 * recomputes only the items whose versions moved, from the database, in the same request; the rest
 * are returned as kept. Nothing is refreshed in the background and nothing is served older than the
 * versions the request read.
 *
 * Order matters: the versions (and the catalogue version) are read before the data, so a kept item is
 * never labelled newer than its data; an item computed from newer data than its label is only
 * recomputed once more.
 */
import { sql } from "drizzle-orm";
import { dependencyCodes } from "../../core/formula/index.ts";
import { type Db, rows } from "../client.ts";
import type { TIndicatorCatalog, TIndicatorDef } from "./context.ts";

/** The versions of the values under a unit, per indicator id (absent: never written). */
export type TDataVersions = ReadonlyMap<number, string>;

/**
 * Reads the data versions of the values under a unit, per indicator: those of its province
 * (data_value.province_id: the unit's province, or the unit itself for a province), or for a unit
 * that spans provinces (the nation) the sum over every province. By unit id, so that it can run
 * beside the reads of the unit and the catalogue; it must run before the data is read.
 */
export async function readDataVersions(db: Db, unitId: number): Promise<TDataVersions> {
  const list = await rows<{ i: number; v: string }>(
    db,
    sql`with s as (
        select coalesce(province_id, case when kind = 'province' then id end) as p from org_unit where id = ${unitId}
      )
      select indicator_id as i, version::text as v from progress_version where province_id = (select p from s)
      union all
      select indicator_id, sum(version)::text from progress_version
      where (select p from s) is null and exists (select 1 from s)
      group by indicator_id`,
  );
  return new Map(list.map((r) => [r.i, r.v]));
}

const CLOSURES = new WeakMap<TIndicatorCatalog, Map<number, number[]>>();

/** An indicator and, for a formula, every indicator it reads (transitively), as sorted ids. */
export function dependencyIds(catalog: TIndicatorCatalog, ind: TIndicatorDef): number[] {
  let memo = CLOSURES.get(catalog);
  if (!memo) {
    memo = new Map();
    CLOSURES.set(catalog, memo);
  }
  let ids = memo.get(ind.id);
  if (!ids) {
    const seen = new Set<number>();
    const visit = (d: TIndicatorDef) => {
      if (seen.has(d.id)) return;
      seen.add(d.id);
      if (d.ast)
        for (const code of dependencyCodes(d.ast)) {
          const dep = catalog.byCode.get(code);
          if (dep) visit(dep);
        }
    };
    visit(ind);
    ids = [...seen].sort((a, b) => a - b);
    memo.set(ind.id, ids);
  }
  return ids;
}

/** The signature of an item reading these indicators: their versions, in id order. */
export function signatureOf(ids: readonly number[], versions: TDataVersions): string {
  let s = "";
  for (const id of ids) s += `${id}:${versions.get(id) ?? "0"},`;
  return s;
}

interface TKept {
  catalog: string;
  signatures: readonly string[];
  items: readonly unknown[];
}

const KEPT = new WeakMap<Db, Map<string, TKept>>();
const KEPT_ENTRIES = 64;

/** Whether kept results are used (tests and the benchmark compare with fresh computations). */
let keeping = true;

/** Turns keeping on or off (off: every call computes everything; for comparisons). */
export function setKeeping(on: boolean): void {
  keeping = on;
}

/**
 * The items of a computation, kept under `key` with their signatures: items whose signature is
 * unchanged since they were computed under the same catalogue version are reused, the others are
 * computed by `compute(indices)` (null: all). Without a catalogue version nothing is kept.
 */
export async function keptItems<T>(o: {
  db: Db;
  key: string;
  catalog: string | undefined;
  signatures: readonly string[];
  compute: (which: readonly number[] | null) => Promise<T[]>;
}): Promise<readonly T[]> {
  if (!keeping || o.catalog === undefined) return o.compute(null);
  let cache = KEPT.get(o.db);
  if (!cache) {
    cache = new Map();
    KEPT.set(o.db, cache);
  }
  const kept = cache.get(o.key);
  let items: T[];
  if (kept && kept.catalog === o.catalog && kept.signatures.length === o.signatures.length) {
    const which: number[] = [];
    for (let i = 0; i < o.signatures.length; i++) if (kept.signatures[i] !== o.signatures[i]) which.push(i);
    if (which.length === 0) {
      // Most recently used last: the oldest entry is the one dropped.
      cache.delete(o.key);
      cache.set(o.key, kept);
      return kept.items as readonly T[];
    }
    const fresh = await o.compute(which);
    items = (kept.items as T[]).slice();
    which.forEach((at, j) => {
      items[at] = fresh[j];
    });
  } else items = await o.compute(null);
  deepFreeze(items);
  cache.delete(o.key);
  cache.set(o.key, { catalog: o.catalog, signatures: o.signatures, items });
  if (cache.size > KEPT_ENTRIES) cache.delete(cache.keys().next().value as string);
  return items;
}

/** Freezes a kept item: every response shares it. */
function deepFreeze(value: unknown): void {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
}
