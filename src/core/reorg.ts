import { z } from "zod";
import { REORG_2025, type TUnitListError } from "./unit-list.ts";

/** One dated reorganisation link: an old unit (before the date) went, fully or partly, into a new one. */
export interface TReorgLink {
  kind: "province" | "commune";
  /** Kind of the old unit: a whole island district can merge into a new commune. */
  oldKind: "province" | "district" | "commune";
  oldCode: string;
  newCode: string;
  share: "full" | "partial";
  ref: string;
}

const ZMerge = z.object({ old_id: z.string().min(1), type: z.enum(["full", "partial"]) });
const ZMergesFile = z.object({
  data: z.array(
    z.object({
      level1_id: z.string().min(1),
      merges: z.array(ZMerge),
      level2s: z.array(z.object({ level2_id: z.string().min(1), merges: z.array(ZMerge) })),
    }),
  ),
});

/**
 * Parses the 2025 merge mapping (new unit → the old units it was formed from, each full or partial),
 * as published in dvhcvn/20250701 `mapping/merges.json`. Returns links or errors pointing at the record.
 */
export function parseMerges(text: string): { date: string; links: TReorgLink[]; errors: TUnitListError[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const m = (e as Error).message;
    return {
      date: REORG_2025,
      links: [],
      errors: [{ ref: "file", message: `JSON lỗi: ${m}`, messageEn: m }],
    };
  }
  const parsed = ZMergesFile.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const ref = `record ${i.path.join(".")}`;
    return {
      date: REORG_2025,
      links: [],
      errors: [{ ref, message: `không đúng định dạng merges.json: ${i.message}`, messageEn: i.message }],
    };
  }
  const links: TReorgLink[] = [];
  parsed.data.data.forEach((p, i) => {
    for (const m of p.merges)
      links.push({
        kind: "province",
        oldKind: "province",
        oldCode: m.old_id,
        newCode: p.level1_id,
        share: m.type,
        ref: `data[${i}]`,
      });
    p.level2s.forEach((c, j) => {
      for (const m of c.merges)
        links.push({
          kind: "commune",
          oldKind: m.old_id.length === 3 ? "district" : "commune",
          oldCode: m.old_id,
          newCode: c.level2_id,
          share: m.type,
          ref: `data[${i}].level2s[${j}]`,
        });
    });
  });
  return { date: REORG_2025, links, errors: [] };
}
