/** Recognising the pillar (trụ cột) or foundation a section heading of an annex names. */
import { foldVietnamese } from "../text.ts";

/** Pillar codes shipped with every installation (see the `pillar` table). */
export const PILLAR_CODES = ["CQS", "KTS", "XHS", "NT", "TC", "HT", "NL", "ATTT"] as const;
/** A pillar code. */
export type TPillarCode = (typeof PILLAR_CODES)[number];

const PATTERNS: Array<[RegExp, TPillarCode]> = [
  [/chinh quyen so|chinh phu so|chinh quyen dien tu|chinh phu dien tu/, "CQS"],
  [/kinh te so/, "KTS"],
  [/xa hoi so/, "XHS"],
  [/nhan thuc/, "NT"],
  [/the che/, "TC"],
  [/ha tang/, "HT"],
  [/nhan luc|nguon nhan luc/, "NL"],
  [/an toan thong tin|an ninh mang/, "ATTT"],
];

/** The pillar a heading names ("I. CHÍNH QUYỀN SỐ" → "CQS"), or null. */
export function guessPillar(text: string): TPillarCode | null {
  const t = foldVietnamese(text);
  for (const [re, code] of PATTERNS) if (re.test(t)) return code;
  return null;
}

/** True for a Roman numeral or a capital letter used as a section number ("I", "IV.", "A"). */
export function isSectionNumber(stt: string): boolean {
  return /^([IVX]{1,5}|[A-Z])\.?$/.test(stt.trim());
}
