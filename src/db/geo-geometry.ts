/**
 * Pure GeoJSON geometry helpers for the maps: validation, simplification, bounding boxes, and the
 * deterministic Voronoi tessellation that gives the fictional demo province its commune boundaries.
 * Coordinates are [longitude, latitude] in degrees; no projection is needed at the scales used.
 */

/** A position [lon, lat]. */
export type TPosition = [number, number];
/** A linear ring (closed: first = last). */
export type TRing = TPosition[];
/** GeoJSON Polygon or MultiPolygon. */
export type TGeometry =
  | { type: "Polygon"; coordinates: TRing[] }
  | { type: "MultiPolygon"; coordinates: TRing[][] };
/** [minLon, minLat, maxLon, maxLat]. */
export type TBbox = [number, number, number, number];

function isPosition(p: unknown): p is TPosition {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === "number" &&
    typeof p[1] === "number" &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90
  );
}

function isRing(r: unknown): r is TRing {
  return Array.isArray(r) && r.length >= 4 && r.every(isPosition);
}

/** Returns the geometry if it is a valid Polygon/MultiPolygon of WGS84 positions, else null. */
export function asPolygonGeometry(g: unknown): TGeometry | null {
  if (!g || typeof g !== "object") return null;
  const o = g as { type?: unknown; coordinates?: unknown };
  if (
    o.type === "Polygon" &&
    Array.isArray(o.coordinates) &&
    o.coordinates.length > 0 &&
    o.coordinates.every(isRing)
  )
    return {
      type: "Polygon",
      coordinates: (o.coordinates as TRing[]).map((r) => r.map((p) => [p[0], p[1]])),
    };
  if (
    o.type === "MultiPolygon" &&
    Array.isArray(o.coordinates) &&
    o.coordinates.length > 0 &&
    o.coordinates.every((poly) => Array.isArray(poly) && poly.length > 0 && poly.every(isRing))
  )
    return {
      type: "MultiPolygon",
      coordinates: (o.coordinates as TRing[][]).map((poly) => poly.map((r) => r.map((p) => [p[0], p[1]]))),
    };
  return null;
}

function polygons(g: TGeometry): TRing[][] {
  return g.type === "Polygon" ? [g.coordinates] : g.coordinates;
}

/** Bounding box of a geometry. */
export function bboxOf(g: TGeometry): TBbox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygons(g))
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}

/** Number of positions in a geometry. */
export function pointCount(g: TGeometry): number {
  let n = 0;
  for (const poly of polygons(g)) for (const ring of poly) n += ring.length;
  return n;
}

function perpendicularDistance(p: TPosition, a: TPosition, b: TPosition): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Douglas–Peucker on an open polyline (iterative: real boundaries have tens of thousands of points). */
function douglasPeucker(points: TPosition[], tolerance: number): TPosition[] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let maxD = 0;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicularDistance(points[i], points[first], points[last]);
      if (d > maxD) {
        maxD = d;
        index = i;
      }
    }
    if (index >= 0 && maxD > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}

function simplifyRing(ring: TRing, tolerance: number): TRing | null {
  // Split the closed ring at its farthest point from the start so both halves are open polylines.
  const open = ring.slice(0, -1);
  if (open.length < 3) return null;
  let far = 0;
  let best = -1;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > best) {
      best = d;
      far = i;
    }
  }
  const a = douglasPeucker(open.slice(0, far + 1), tolerance);
  const b = douglasPeucker([...open.slice(far), open[0]], tolerance);
  const pts = [...a, ...b.slice(1)].map((p) => [round5(p[0]), round5(p[1])] as TPosition);
  const dedup: TPosition[] = [];
  for (const p of pts) {
    const prev = dedup[dedup.length - 1];
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) dedup.push(p);
  }
  if (dedup.length < 4) return null;
  const first = dedup[0];
  const last = dedup[dedup.length - 1];
  if (first[0] !== last[0] || first[1] !== last[1]) dedup.push([first[0], first[1]]);
  return dedup;
}

/**
 * Simplifies a geometry for display (Douglas–Peucker at `tolerance` degrees, 5-decimal coordinates, ≈1 m).
 * Rings that collapse are dropped; an outer ring that collapses keeps its unsimplified version.
 */
export function simplifyGeometry(options: { geometry: TGeometry; tolerance: number }): TGeometry {
  const out: TRing[][] = [];
  for (const poly of polygons(options.geometry)) {
    const outer = simplifyRing(poly[0], options.tolerance) ?? poly[0];
    const holes = poly
      .slice(1)
      .map((r) => simplifyRing(r, options.tolerance))
      .filter((r): r is TRing => r !== null);
    out.push([outer, ...holes]);
  }
  return out.length === 1
    ? { type: "Polygon", coordinates: out[0] }
    : { type: "MultiPolygon", coordinates: out };
}

/** Signed area of an open or closed ring (shoelace). */
function ringArea(ring: TPosition[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

/** Centroid of a simple polygon ring. */
export function ringCentroid(ring: TPosition[]): TPosition {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  if (a === 0) return ring[0];
  return [cx / (3 * a), cy / (3 * a)];
}

/** Point-in-polygon (even–odd) for an open or closed ring. */
export function pointInRing(p: TPosition, ring: TPosition[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Clips an open polygon to the half-plane of points closer to `a` than to `b` (Sutherland–Hodgman). */
function clipCloser(poly: TPosition[], a: TPosition, b: TPosition): TPosition[] {
  const nx = b[0] - a[0];
  const ny = b[1] - a[1];
  const c = (b[0] * b[0] + b[1] * b[1] - a[0] * a[0] - a[1] * a[1]) / 2;
  const side = (p: TPosition) => p[0] * nx + p[1] * ny - c; // ≤ 0: closer to a
  const out: TPosition[] = [];
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i];
    const prev = poly[(i + poly.length - 1) % poly.length];
    const sc = side(cur);
    const sp = side(prev);
    if (sc <= 0) {
      if (sp > 0) out.push(intersect(prev, cur, sp, sc));
      out.push(cur);
    } else if (sp <= 0) out.push(intersect(prev, cur, sp, sc));
  }
  return out;
}

function intersect(p: TPosition, q: TPosition, sp: number, sq: number): TPosition {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
}

/**
 * Deterministic fictional boundaries: a wobbly outline around `center` and `count` cells tiling it
 * (Voronoi of seeded points, relaxed twice so cells look like communes rather than slivers).
 */
export function tessellate(options: {
  center: TPosition;
  /** Outline radius in degrees. */
  radius: number;
  count: number;
  rand: () => number;
}): { outline: TRing; cells: TRing[] } {
  const { center, radius, count, rand } = options;
  const steps = 72;
  const phases = [rand() * 6.28, rand() * 6.28, rand() * 6.28];
  const outline: TPosition[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (i / steps) * Math.PI * 2;
    const r =
      radius *
      (1 +
        0.18 * Math.sin(2 * t + phases[0]) +
        0.1 * Math.sin(3 * t + phases[1]) +
        0.05 * Math.sin(7 * t + phases[2]));
    // Longitude degrees are shorter than latitude ones near the equator only slightly; stretch a little for looks.
    outline.push([center[0] + r * Math.cos(t) * 1.1, center[1] + r * Math.sin(t)]);
  }
  if (ringArea(outline) > 0) outline.reverse();
  const [minX, minY, maxX, maxY] = bboxOf({ type: "Polygon", coordinates: [[...outline, outline[0]]] });
  let seeds: TPosition[] = [];
  while (seeds.length < count) {
    const p: TPosition = [minX + rand() * (maxX - minX), minY + rand() * (maxY - minY)];
    if (pointInRing(p, outline)) seeds.push(p);
  }
  let cells: TPosition[][] = [];
  for (let iteration = 0; iteration < 3; iteration++) {
    cells = seeds.map((s, i) => {
      let cell = outline;
      for (let j = 0; j < seeds.length && cell.length > 0; j++)
        if (j !== i) cell = clipCloser(cell, s, seeds[j]);
      return cell;
    });
    if (iteration < 2) seeds = cells.map((c, i) => (c.length >= 3 ? ringCentroid(c) : seeds[i]));
  }
  const close = (r: TPosition[]): TRing => {
    const rr = r.map((p) => [round5(p[0]), round5(p[1])] as TPosition);
    return [...rr, rr[0]];
  };
  return { outline: close(outline), cells: cells.map(close) };
}
