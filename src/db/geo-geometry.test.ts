import { describe, expect, it } from "vitest";
import { seededRandom } from "./demo/random.ts";
import {
  asPolygonGeometry,
  bboxOf,
  pointCount,
  pointInRing,
  simplifyGeometry,
  tessellate,
} from "./geo-geometry.ts";

describe("geo geometry", () => {
  it("accepts Polygon/MultiPolygon of WGS84 positions and rejects anything else", () => {
    const ring = [
      [105, 21],
      [106, 21],
      [106, 22],
      [105, 21],
    ];
    expect(asPolygonGeometry({ type: "Polygon", coordinates: [ring] })?.type).toBe("Polygon");
    expect(asPolygonGeometry({ type: "MultiPolygon", coordinates: [[ring]] })?.type).toBe("MultiPolygon");
    expect(asPolygonGeometry({ type: "Point", coordinates: [1, 2] })).toBeNull();
    expect(asPolygonGeometry({ type: "Polygon", coordinates: [[[1, 2]]] })).toBeNull();
    expect(
      asPolygonGeometry({
        type: "Polygon",
        coordinates: [
          [
            [200, 2],
            [1, 2],
            [1, 3],
            [200, 2],
          ],
        ],
      }),
    ).toBeNull();
  });

  it("simplifies a dense ring but keeps its shape and closure", () => {
    const ring: Array<[number, number]> = [];
    for (let i = 0; i < 2000; i++) {
      const t = (i / 2000) * Math.PI * 2;
      ring.push([105 + Math.cos(t), 21 + Math.sin(t) + (i % 2) * 1e-6]);
    }
    ring.push(ring[0]);
    const g = simplifyGeometry({ geometry: { type: "Polygon", coordinates: [ring] }, tolerance: 0.002 });
    expect(pointCount(g)).toBeLessThan(200);
    expect(pointCount(g)).toBeGreaterThan(20);
    const out = g.type === "Polygon" ? g.coordinates[0] : [];
    expect(out[0]).toEqual(out[out.length - 1]);
    const [minX, minY, maxX, maxY] = bboxOf(g);
    expect(maxX - minX).toBeCloseTo(2, 2);
    expect(maxY - minY).toBeCloseTo(2, 2);
  });

  it("tiles an outline into one cell per seed, deterministically", () => {
    const a = tessellate({ center: [108, 8], radius: 0.5, count: 30, rand: seededRandom(7) });
    const b = tessellate({ center: [108, 8], radius: 0.5, count: 30, rand: seededRandom(7) });
    expect(a).toEqual(b);
    expect(a.cells).toHaveLength(30);
    for (const c of a.cells) expect(c.length).toBeGreaterThanOrEqual(4);
    // Every cell's interior point lies inside the outline.
    const inside = a.cells.filter((c) => {
      const cx = c.slice(0, -1).reduce((s, p) => s + p[0], 0) / (c.length - 1);
      const cy = c.slice(0, -1).reduce((s, p) => s + p[1], 0) / (c.length - 1);
      return pointInRing([cx, cy], a.outline);
    });
    expect(inside.length).toBe(30);
  });
});
