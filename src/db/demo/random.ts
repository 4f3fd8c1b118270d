import { mulberry32 } from "../../core/evaluation/sensitivity.ts";

/** Seeded PRNG so the demo province is the same on every machine (the same mulberry32 the sensitivity analysis uses). */
export const seededRandom = mulberry32;

/** Picks one element. */
export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}
