import { describe, expect, it } from "vitest";
import { compositeScores, rankComposite, rankWithTies } from "./ranking.ts";

interface U {
  id: string;
  v: number | null;
}
const ids = (rows: Array<{ item: U; rank: number | null; tied: boolean }>) =>
  rows.map((r) => [r.item.id, r.rank, r.tied]);

describe("rankWithTies", () => {
  it('competition ranking: "15 and 15, then 17"', () => {
    // 14 units strictly better, then two tied at rank 15, then the next is 17.
    const units: U[] = [];
    for (let i = 0; i < 14; i++) units.push({ id: `u${i}`, v: 100 - i });
    units.push({ id: "a", v: 50 }, { id: "b", v: 50 }, { id: "c", v: 40 });
    const r = rankWithTies(units, { value: (u) => u.v, direction: "higher" });
    expect(r.slice(14).map((x) => [x.item.id, x.rank, x.tied])).toEqual([
      ["a", 15, true],
      ["b", 15, true],
      ["c", 17, false],
    ]);
    expect(r[0]).toEqual({ item: units[0], rank: 1, tied: false });
  });

  it("1224 and dense 1223", () => {
    const units: U[] = [
      { id: "x", v: 0.3081 },
      { id: "y", v: 0.5 },
      { id: "z", v: 0.3081 },
      { id: "w", v: 0.2 },
    ];
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "higher" }))).toEqual([
      ["y", 1, false],
      ["x", 2, true],
      ["z", 2, true],
      ["w", 4, false],
    ]);
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "higher", method: "dense" }))).toEqual([
      ["y", 1, false],
      ["x", 2, true],
      ["z", 2, true],
      ["w", 3, false],
    ]);
  });

  it("lower is better (a rank of 30 beats 52)", () => {
    const units: U[] = [
      { id: "p52", v: 52 },
      { id: "p30", v: 30 },
      { id: "p10", v: 10 },
    ];
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "lower" }))).toEqual([
      ["p10", 1, false],
      ["p30", 2, false],
      ["p52", 3, false],
    ]);
  });

  it("units without value are unranked and listed last, in input order", () => {
    const units: U[] = [
      { id: "n1", v: null },
      { id: "a", v: 3 },
      { id: "nan", v: Number.NaN },
      { id: "b", v: 5 },
    ];
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "higher" }))).toEqual([
      ["b", 1, false],
      ["a", 2, false],
      ["n1", null, false],
      ["nan", null, false],
    ]);
  });

  it("ties decided at displayed precision when asked", () => {
    const units: U[] = [
      { id: "a", v: 0.30812 },
      { id: "b", v: 0.3081 },
    ];
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "higher" }))).toEqual([
      ["a", 1, false],
      ["b", 2, false],
    ]);
    expect(ids(rankWithTies(units, { value: (u) => u.v, direction: "higher", decimals: 4 }))).toEqual([
      ["a", 1, true],
      ["b", 1, true],
    ]);
  });

  it("empty input", () => {
    expect(rankWithTies([], { value: () => 1, direction: "higher" })).toEqual([]);
  });
});

describe("composite ranking", () => {
  interface C {
    id: string;
    online: number | null;
    rank: number | null;
  }
  const communes: C[] = [
    { id: "A", online: 90, rank: 10 },
    { id: "B", online: 50, rank: 30 },
    { id: "C", online: 70, rank: 20 },
    { id: "D", online: null, rank: 20 },
  ];
  const components = [
    { code: "ONLINE", value: (c: C) => c.online, weight: 3, direction: "higher" as const },
    { code: "RANK", value: (c: C) => c.rank, weight: 1, direction: "lower" as const },
  ];

  it("normalises min–max (1 = best) and weights", () => {
    const s = compositeScores(communes, { components });
    // ONLINE: A (90-50)/40 = 1, B 0, C 0.5; RANK lower: A 1, B 0, C 0.5, D 0.5.
    expect(s.map((x) => x.score)).toEqual([1, 0, 0.5, 0.5]);
    expect(s[2].parts).toEqual([
      { code: "ONLINE", raw: 70, normalised: 0.5, weight: 3 },
      { code: "RANK", raw: 20, normalised: 0.5, weight: 1 },
    ]);
  });

  it("missing components: skip, zero, exclude_unit", () => {
    expect(compositeScores(communes, { components, missing: "zero" })[3].score).toBe(0.125);
    expect(compositeScores(communes, { components, missing: "exclude_unit" })[3].score).toBeNull();
  });

  it("ranks with ties on the composite", () => {
    const r = rankComposite(communes, { components });
    expect(r.map((x) => [x.item.id, x.rank, x.tied])).toEqual([
      ["A", 1, false],
      ["C", 2, true],
      ["D", 2, true],
      ["B", 4, false],
    ]);
    const r2 = rankComposite(communes, { components, missing: "exclude_unit" });
    expect(r2.map((x) => [x.item.id, x.rank])).toEqual([
      ["A", 1],
      ["C", 2],
      ["B", 3],
      ["D", null],
    ]);
  });

  it("a component where all units are equal gives everyone 1", () => {
    const s = compositeScores(
      [
        { id: "a", v: 5 },
        { id: "b", v: 5 },
      ],
      { components: [{ code: "V", value: (u: U) => u.v, weight: 1, direction: "higher" }] },
    );
    expect(s.map((x) => x.score)).toEqual([1, 1]);
  });

  it("twenty indicators", () => {
    const units = Array.from({ length: 5 }, (_, i) => ({
      id: `x${i}`,
      vals: Array.from({ length: 20 }, () => i),
    }));
    const comps = Array.from({ length: 20 }, (_, k) => ({
      code: `I${k}`,
      value: (u: (typeof units)[number]) => u.vals[k],
      weight: 1,
      direction: (k % 2 === 0 ? "higher" : "lower") as "higher" | "lower",
    }));
    // Half the indicators favour high i, half low i: everyone scores 0.5 and ties at rank 1.
    const r = rankComposite(units, { components: comps });
    expect(r.every((x) => x.rank === 1 && x.tied && x.score === 0.5)).toBe(true);
  });
});
