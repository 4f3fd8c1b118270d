/**
 * Benchmark of the registry → data value derivation on the full demo province (102 communes, 666 teams):
 * four quarters written quarter by quarter (the baseline) against one statement for the four quarters,
 * measured in the same run, then a refresh where nothing changed.
 * Run: `npx tsx src/db/community/bench-refresh.ts`.
 */
import { withActor } from "../client.ts";
import { createDemo } from "../demo/seed.ts";
import { openTestDatabase } from "../testing.ts";
import { refreshCommunityFigures } from "./figures.ts";

async function main(): Promise<void> {
  const db = await openTestDatabase("pglite");
  const demo = await createDemo(db.orm, {});
  const run = (periods: string[]) =>
    withActor(db.orm, { actor: "bench" }, (tx) =>
      refreshCommunityFigures({ db: tx, provinceId: demo.provinceId, periods }),
    );
  let t = performance.now();
  let n = 0;
  for (const q of ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]) n += await run([q]);
  const single = performance.now() - t;
  console.log(`baseline, 4 quarters one by one: ${single.toFixed(0)} ms, ${n} values`);
  t = performance.now();
  n = await run(["2023Q1", "2023Q2", "2023Q3", "2023Q4"]);
  const multi = performance.now() - t;
  console.log(
    `4 quarters in one statement: ${multi.toFixed(0)} ms, ${n} values (${(single / multi).toFixed(2)}× faster)`,
  );
  t = performance.now();
  n = await run(["2023Q1", "2023Q2", "2023Q3", "2023Q4"]);
  console.log(`again, nothing changed: ${(performance.now() - t).toFixed(0)} ms, ${n} values written`);
  await db.cleanup();
}

void main();
