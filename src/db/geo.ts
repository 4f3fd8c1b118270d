/**
 * Map boundaries: import GeoJSON FeatureCollections (features matched to units by code), serve the
 * boundaries of a unit's children for the choropleths, and generate the demo province's boundaries.
 */
import { sql } from "drizzle-orm";
import { type Db, one, rows, withActor } from "./client.ts";
import { seededRandom } from "./demo/random.ts";
import {
  asPolygonGeometry,
  bboxOf,
  pointCount,
  ringCentroid,
  simplifyGeometry,
  type TBbox,
  type TGeometry,
  type TPosition,
  tessellate,
} from "./geo-geometry.ts";

/** Map levels an administrator uploads. */
export const GEO_LEVELS = ["province", "commune"] as const;
/** A map level. */
export type TGeoLevel = (typeof GEO_LEVELS)[number];

/** A problem with an uploaded file; bilingual, with the feature it concerns. */
export interface TGeoIssue {
  /** Feature index or code. */
  ref: string;
  messageVi: string;
  messageEn: string;
}

/** Error raised when an import is refused; nothing has been written. */
export class GeoImportError extends Error {
  constructor(
    readonly messageVi: string,
    messageEn: string,
    readonly issues: TGeoIssue[] = [],
  ) {
    super(messageEn);
  }
}

/** Outcome of an import. */
export interface TGeoImportResult {
  features: number;
  inserted: number;
  updated: number;
  /** Codes of features that match no current unit (skipped). */
  unmatched: string[];
  /** Positions kept after simplification / before. */
  pointsBefore: number;
  pointsAfter: number;
}

/** Default simplification tolerance in degrees: ≈200 m for provinces, ≈50 m for communes. */
const TOLERANCE: Record<TGeoLevel, number> = { province: 0.002, commune: 0.0005 };

function featureCode(f: { id?: unknown; properties?: Record<string, unknown> | null }): string | null {
  const c = f.properties?.code ?? f.properties?.ma ?? f.id;
  if (typeof c === "string" && c.trim()) return c.trim();
  if (typeof c === "number" && Number.isFinite(c)) return String(c);
  return null;
}

/** Parses an uploaded document into (code, geometry) pairs or throws GeoImportError listing every bad feature. */
export function parseFeatureCollection(doc: unknown): Array<{ code: string; geometry: TGeometry }> {
  const fc = doc as { type?: unknown; features?: unknown } | null;
  if (!fc || typeof fc !== "object" || (fc.type !== "FeatureCollection" && fc.type !== "Feature"))
    throw new GeoImportError(
      "Tệp không phải GeoJSON FeatureCollection",
      "the document is not a GeoJSON FeatureCollection",
    );
  const features = fc.type === "Feature" ? [fc] : Array.isArray(fc.features) ? fc.features : null;
  if (!features || features.length === 0)
    throw new GeoImportError(
      "FeatureCollection không có đối tượng nào",
      "the FeatureCollection has no feature",
    );
  const out: Array<{ code: string; geometry: TGeometry }> = [];
  const issues: TGeoIssue[] = [];
  features.forEach((f: unknown, i: number) => {
    const feature = f as { id?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const code = featureCode(feature);
    if (!code) {
      issues.push({
        ref: `#${i + 1}`,
        messageVi: "thiếu mã đơn vị (id hoặc properties.code)",
        messageEn: "missing unit code (id or properties.code)",
      });
      return;
    }
    const geometry = asPolygonGeometry(feature.geometry);
    if (!geometry) {
      issues.push({
        ref: code,
        messageVi: "hình học không phải Polygon/MultiPolygon hợp lệ (kinh độ, vĩ độ WGS84)",
        messageEn: "geometry is not a valid Polygon/MultiPolygon (WGS84 longitude, latitude)",
      });
      return;
    }
    out.push({ code, geometry });
  });
  if (issues.length > 0)
    throw new GeoImportError(
      `${issues.length} đối tượng không hợp lệ, không nhập gì`,
      `${issues.length} invalid feature(s); nothing imported`,
      issues,
    );
  return out;
}

interface TMatchedUnit {
  id: number;
  code: string;
  kind: string;
  level: number;
  parentId: number | null;
  provinceId: number | null;
}

/**
 * Imports boundaries: each feature is matched to the current unit with its code (feature id or
 * properties.code; provinces for 1–2 digit codes, communes otherwise unless `level` says), simplified,
 * and upserted. One transaction, audited. Unmatched codes are reported, not fatal, unless none match.
 */
export async function importBoundaries(options: {
  db: Db;
  document: unknown;
  actor: string;
  source?: string;
  level?: TGeoLevel;
  /** Restrict matching to the children of this unit (e.g. a province's communes). */
  parentId?: number;
  /** Simplification tolerance in degrees (default by level). */
  tolerance?: number;
}): Promise<TGeoImportResult> {
  const features = parseFeatureCollection(options.document);
  const codes = [...new Set(features.map((f) => f.code))];
  const today = new Date().toISOString().slice(0, 10);
  const parentCond = options.parentId === undefined ? sql`true` : sql`u.parent_id = ${options.parentId}`;
  const kindCond = options.level ? sql`u.kind = ${options.level}` : sql`u.kind in ('province', 'commune')`;
  const units = await rows<TMatchedUnit>(
    options.db,
    sql`select u.id, u.code, u.kind, u.level, u.parent_id as "parentId", u.province_id as "provinceId"
      from org_unit u
      where u.code in ${codes} and ${kindCond} and ${parentCond}
        and u.valid_from <= ${today}::date and (u.valid_to is null or u.valid_to > ${today}::date)`,
  );
  const byCode = new Map<string, TMatchedUnit>();
  for (const u of units) {
    const prefer = options.level ?? (u.code.length <= 2 ? "province" : "commune");
    const had = byCode.get(u.code);
    if (!had || (had.kind !== prefer && u.kind === prefer)) byCode.set(u.code, u);
  }
  const unmatched = codes.filter((c) => !byCode.has(c));
  if (byCode.size === 0)
    throw new GeoImportError(
      `Không mã nào khớp với đơn vị hiện hành (${codes.slice(0, 5).join(", ")}…); hãy nhập danh sách đơn vị trước`,
      `no code matches a current unit (${codes.slice(0, 5).join(", ")}…); import the unit list first`,
    );
  let inserted = 0;
  let updated = 0;
  let pointsBefore = 0;
  let pointsAfter = 0;
  await withActor(
    options.db,
    { actor: options.actor, reason: `nhập ranh giới ${options.source ?? ""}`.trim() },
    async (tx) => {
      for (const f of features) {
        const u = byCode.get(f.code);
        if (!u) continue;
        const level = (u.kind === "province" ? "province" : "commune") as TGeoLevel;
        const simple = simplifyGeometry({
          geometry: f.geometry,
          tolerance: options.tolerance ?? TOLERANCE[level],
        });
        pointsBefore += pointCount(f.geometry);
        pointsAfter += pointCount(simple);
        const r = await saveBoundary(tx, { unit: u, geometry: simple, source: options.source ?? null });
        if (r === "inserted") inserted++;
        else updated++;
      }
    },
  );
  return { features: features.length, inserted, updated, unmatched, pointsBefore, pointsAfter };
}

async function saveBoundary(
  db: Db,
  options: { unit: TMatchedUnit; geometry: TGeometry; source: string | null },
): Promise<"inserted" | "updated"> {
  const { unit, geometry } = options;
  const provinceId = unit.kind === "province" ? unit.id : unit.provinceId;
  const r = await one<{ inserted: boolean }>(
    db,
    sql`insert into geo_boundary (unit_id, province_id, parent_id, level, geometry, bbox, point_count, source)
      values (${unit.id}, ${provinceId}, ${unit.parentId}, ${unit.level}, ${JSON.stringify(geometry)}::jsonb,
        ${JSON.stringify(bboxOf(geometry))}::jsonb, ${pointCount(geometry)}, ${options.source})
      on conflict (unit_id) do update set geometry = excluded.geometry, bbox = excluded.bbox,
        point_count = excluded.point_count, source = excluded.source, parent_id = excluded.parent_id,
        province_id = excluded.province_id, level = excluded.level, updated_at = now()
      returning (xmax = 0) as inserted`,
  );
  return r?.inserted ? "inserted" : "updated";
}

/** A boundary feature as served to the maps: id = unit id. */
export interface TBoundaryFeature {
  type: "Feature";
  id: number;
  properties: { unitId: number; code: string; name: string; kind: string };
  geometry: TGeometry;
}

/** The boundaries of a unit's current children (the provinces for the nation, communes for a province). */
export async function childBoundaries(options: {
  db: Db;
  parentId: number;
}): Promise<{ type: "FeatureCollection"; bbox: TBbox | null; features: TBoundaryFeature[] }> {
  const today = new Date().toISOString().slice(0, 10);
  const list = await rows<{ unitId: number; code: string; name: string; kind: string; geometry: TGeometry }>(
    options.db,
    sql`select u.id as "unitId", u.code, u.name, u.kind, b.geometry
      from geo_boundary b join org_unit u on u.id = b.unit_id
      where u.parent_id = ${options.parentId}
        and u.valid_from <= ${today}::date and (u.valid_to is null or u.valid_to > ${today}::date)
      order by u.code`,
  );
  const features: TBoundaryFeature[] = list.map((r) => ({
    type: "Feature",
    id: r.unitId,
    properties: { unitId: r.unitId, code: r.code, name: r.name, kind: r.kind },
    geometry: typeof r.geometry === "string" ? (JSON.parse(r.geometry) as TGeometry) : r.geometry,
  }));
  let bbox: TBbox | null = null;
  for (const f of features) {
    const b = bboxOf(f.geometry);
    bbox = bbox
      ? [Math.min(bbox[0], b[0]), Math.min(bbox[1], b[1]), Math.max(bbox[2], b[2]), Math.max(bbox[3], b[3])]
      : b;
  }
  return { type: "FeatureCollection", bbox, features };
}

/** How many boundaries exist per level (for the CLI summary). */
export async function countBoundaries(db: Db): Promise<Record<string, number>> {
  const r = await rows<{ kind: string; n: number }>(
    db,
    sql`select u.kind, count(*)::int as n from geo_boundary b join org_unit u on u.id = b.unit_id group by u.kind`,
  );
  return Object.fromEntries(r.map((x) => [x.kind, x.n]));
}

/**
 * Gives the fictional demo province made-up but stable boundaries: a wobbly outline in the open sea
 * (so it overlaps no real province on the national map) tiled into one cell per commune.
 * Call inside the demo transaction.
 */
export async function createDemoBoundaries(options: {
  db: Db;
  provinceId: number;
  seed?: number;
}): Promise<number> {
  const communes = await rows<TMatchedUnit>(
    options.db,
    sql`select u.id, u.code, u.kind, u.level, u.parent_id as "parentId", u.province_id as "provinceId"
      from org_unit u where u.parent_id = ${options.provinceId} and u.kind = 'commune' order by u.code`,
  );
  const province = await one<TMatchedUnit>(
    options.db,
    sql`select u.id, u.code, u.kind, u.level, u.parent_id as "parentId", u.province_id as "provinceId"
      from org_unit u where u.id = ${options.provinceId}`,
  );
  if (!province) return 0;
  const center: TPosition = [108.2, 8.4];
  const { outline, cells } = tessellate({
    center,
    radius: 0.55,
    count: Math.max(1, communes.length),
    rand: seededRandom(options.seed ?? 2026),
  });
  await saveBoundary(options.db, {
    unit: province,
    geometry: { type: "Polygon", coordinates: [outline] },
    source: "demo",
  });
  // Cells come out in seed order; give them to communes west→east, north→south so neighbours read naturally.
  const order = cells
    .map((c, i) => ({ i, p: ringCentroid(c) }))
    .sort((a, b) => Math.round(b.p[1] * 6) - Math.round(a.p[1] * 6) || a.p[0] - b.p[0]);
  for (const [k, commune] of communes.entries()) {
    const cell = cells[order[k]?.i ?? k];
    if (!cell || cell.length < 4) continue;
    await saveBoundary(options.db, {
      unit: commune,
      geometry: { type: "Polygon", coordinates: [cell] },
      source: "demo",
    });
  }
  return communes.length + 1;
}
