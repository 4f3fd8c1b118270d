import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";

/** Unit kinds, and the hierarchy level each sits at. */
export const UNIT_KINDS = ["nation", "province", "district", "commune", "village", "agency"] as const;
/** A unit kind. */
export type TUnitKind = (typeof UNIT_KINDS)[number];
/** Level of each kind in the hierarchy (agencies sit under a province, beside communes). */
export const KIND_LEVEL: Record<TUnitKind, number> = {
  nation: 0,
  province: 1,
  district: 2,
  commune: 3,
  village: 4,
  agency: 2,
};

/** The day the 2025 reorganisation took effect: districts abolished, 63 → 34 provinces. */
export const REORG_2025 = "2025-07-01";

/** One unit read from an official list, before it has a database id. */
export interface TUnitRecord {
  code: string;
  kind: TUnitKind;
  name: string;
  nameEn?: string;
  fullName?: string;
  fullNameEn?: string;
  unitType?: string;
  parentCode?: string;
  parentKind?: TUnitKind;
  validFrom: string;
  validTo?: string;
  /** Where in the file it came from ("line 12", "record Wards[3] of province 01"), for errors. */
  ref: string;
}

/** A reason a list was rejected, pointing at the line or record. */
export interface TUnitListError {
  ref: string;
  message: string;
  messageEn: string;
}

/** A parsed list: its records and the format that was recognised. */
export interface TUnitList {
  format: "json-2025" | "json-pre2025" | "csv";
  records: TUnitRecord[];
  errors: TUnitListError[];
}

const ZCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,20}$/);
const ZName = z.string().trim().min(1).max(200);
const ZJsonUnit = z.object({
  Code: ZCode,
  Name: ZName,
  NameEn: z.string().optional(),
  FullName: z.string().optional(),
  FullNameEn: z.string().optional(),
  AdministrativeUnitShortName: z.string().optional(),
});
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Options for {@link parseUnitList}. */
export interface ParseUnitListOptions {
  /** File name (its extension picks JSON or CSV when the content is ambiguous). */
  fileName: string;
  text: string;
  /** Overrides the default start of validity (2025-07-01 for the 2-level list, 1900-01-01 before). */
  validFrom?: string;
  /** Overrides the default end of validity (2025-07-01 for the pre-2025 list, open otherwise). */
  validTo?: string;
}

/**
 * Parses an official unit list: the post-2025 two-level JSON (provinces with Wards), the pre-2025
 * three-level JSON (provinces › District › Ward), one province object of either, or CSV with columns
 * code,name,level,parent_code,valid_from. Never throws on bad content: problems come back in `errors`.
 */
export function parseUnitList(options: ParseUnitListOptions): TUnitList {
  const trimmed = options.text.replace(/^\uFEFF/, "").trimStart();
  const looksJson = trimmed.startsWith("[") || trimmed.startsWith("{");
  if (looksJson || options.fileName.toLowerCase().endsWith(".json")) return parseJson(trimmed, options);
  return parseCsvList(trimmed, options);
}

function unitType(fullName: string | undefined, name: string, short?: string): string | undefined {
  if (short) return short;
  if (!fullName?.endsWith(name)) return undefined;
  return fullName.slice(0, fullName.length - name.length).trim() || undefined;
}

function issue(ref: string, zerr: z.ZodError): TUnitListError {
  const first = zerr.issues[0];
  const field = first?.path.join(".") || "record";
  return {
    ref,
    message: `trường ${field} không hợp lệ (${first?.message ?? "sai định dạng"})`,
    messageEn: `field ${field} is invalid (${first?.message ?? "bad format"})`,
  };
}

function parseJson(text: string, options: ParseUnitListOptions): TUnitList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    return {
      format: "json-2025",
      records: [],
      errors: [
        { ref: "file", message: `JSON không đọc được: ${message}`, messageEn: `invalid JSON: ${message}` },
      ],
    };
  }
  const provinces = Array.isArray(data) ? data : [data];
  const pre2025 = provinces.some((p) => p && typeof p === "object" && "District" in p);
  const validFrom = options.validFrom ?? (pre2025 ? "1900-01-01" : REORG_2025);
  const validTo = options.validTo ?? (pre2025 ? REORG_2025 : undefined);
  const records: TUnitRecord[] = [];
  const errors: TUnitListError[] = [];
  const push = (
    raw: unknown,
    ref: string,
    kind: TUnitKind,
    parent?: { code: string; kind: TUnitKind },
  ): string | undefined => {
    const r = ZJsonUnit.safeParse(raw);
    if (!r.success) {
      errors.push(issue(ref, r.error));
      return undefined;
    }
    const u = r.data;
    records.push({
      code: u.Code,
      kind,
      name: u.Name.trim(),
      nameEn: u.NameEn,
      fullName: u.FullName,
      fullNameEn: u.FullNameEn,
      unitType: unitType(u.FullName, u.Name, u.AdministrativeUnitShortName),
      parentCode: parent?.code,
      parentKind: parent?.kind,
      validFrom,
      validTo,
      ref,
    });
    return u.Code;
  };
  provinces.forEach((p, i) => {
    const pref = `record [${i}]`;
    const code = push(p, pref, "province", { code: "VN", kind: "nation" });
    if (!code || typeof p !== "object" || p === null) return;
    const obj = p as Record<string, unknown>;
    if (pre2025) {
      const districts = obj.District;
      if (!Array.isArray(districts)) {
        errors.push({
          ref: pref,
          message: "thiếu danh sách District",
          messageEn: "District list is missing",
        });
        return;
      }
      districts.forEach((d, j) => {
        const dref = `${pref}.District[${j}]`;
        const dcode = push(d, dref, "district", { code, kind: "province" });
        const wards = (d as Record<string, unknown> | null)?.Ward ?? [];
        if (!dcode) return;
        // Island districts (Bạch Long Vĩ, Hoàng Sa…) have no communes: Ward is null there.
        if (!Array.isArray(wards)) {
          errors.push({ ref: dref, message: "thiếu danh sách Ward", messageEn: "Ward list is missing" });
          return;
        }
        wards.forEach((w, k) => {
          push(w, `${dref}.Ward[${k}]`, "commune", { code: dcode, kind: "district" });
        });
      });
    } else {
      const wards = obj.Wards;
      if (!Array.isArray(wards)) {
        errors.push({ ref: pref, message: "thiếu danh sách Wards", messageEn: "Wards list is missing" });
        return;
      }
      wards.forEach((w, k) => {
        push(w, `${pref}.Wards[${k}]`, "commune", { code, kind: "province" });
      });
    }
  });
  checkDuplicates(records, errors);
  return { format: pre2025 ? "json-pre2025" : "json-2025", records, errors };
}

const LEVEL_ALIASES: Record<string, TUnitKind> = {
  "0": "nation",
  "1": "province",
  "2": "district",
  "3": "commune",
  "4": "village",
  nation: "nation",
  province: "province",
  tinh: "province",
  district: "district",
  huyen: "district",
  commune: "commune",
  ward: "commune",
  xa: "commune",
  village: "village",
  thon: "village",
  agency: "agency",
  so: "agency",
};
const PARENT_KINDS: Record<TUnitKind, TUnitKind[]> = {
  nation: [],
  province: ["nation"],
  district: ["province"],
  commune: ["district", "province"],
  village: ["commune"],
  agency: ["province", "district", "commune"],
};

function parseCsvList(text: string, options: ParseUnitListOptions): TUnitList {
  const errors: TUnitListError[] = [];
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const message = (e as Error).message;
    return {
      format: "csv",
      records: [],
      errors: [
        { ref: "file", message: `CSV không đọc được: ${message}`, messageEn: `invalid CSV: ${message}` },
      ],
    };
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const need = ["code", "name", "level", "parent_code", "valid_from"];
  const missing = need.filter((h) => !header.includes(h));
  if (missing.length > 0) {
    return {
      format: "csv",
      records: [],
      errors: [
        {
          ref: "line 1",
          message: `thiếu cột: ${missing.join(", ")} (cần code,name,level,parent_code,valid_from)`,
          messageEn: `missing columns: ${missing.join(", ")} (need code,name,level,parent_code,valid_from)`,
        },
      ],
    };
  }
  const col = (row: string[], name: string) => row[header.indexOf(name)]?.trim() ?? "";
  const records: TUnitRecord[] = [];
  const kindOf = new Map<string, TUnitKind>();
  for (const [i, row] of rows.slice(1).entries()) {
    const ref = `line ${i + 2}`;
    const code = col(row, "code");
    const name = col(row, "name");
    const kind = LEVEL_ALIASES[col(row, "level").toLowerCase()];
    const validFrom = col(row, "valid_from") || options.validFrom || REORG_2025;
    const bad = (field: string, vi: string, en: string) =>
      errors.push({ ref, message: `${field}: ${vi}`, messageEn: `${field}: ${en}` });
    if (!ZCode.safeParse(code).success) {
      bad("code", "mã trống hoặc sai ký tự", "empty or invalid code");
      continue;
    }
    if (!ZName.safeParse(name).success) {
      bad("name", "tên trống hoặc quá dài", "empty or too long name");
      continue;
    }
    if (!kind) {
      bad(
        "level",
        `cấp "${col(row, "level")}" không hợp lệ`,
        `level "${col(row, "level")}" is not one of province, district, commune, village, agency`,
      );
      continue;
    }
    if (!ZDate.safeParse(validFrom).success || Number.isNaN(Date.parse(validFrom))) {
      bad("valid_from", "ngày phải có dạng YYYY-MM-DD", "date must be YYYY-MM-DD");
      continue;
    }
    kindOf.set(code, kind);
    records.push({
      code,
      kind,
      name,
      parentCode: col(row, "parent_code") || (kind === "province" ? "VN" : undefined),
      validFrom,
      validTo: options.validTo,
      ref,
    });
  }
  // Parent kinds: from the file when the parent is in it, else any kind allowed for that child.
  for (const r of records) {
    if (!r.parentCode) {
      if (r.kind !== "nation")
        errors.push({
          ref: r.ref,
          message: "parent_code: thiếu đơn vị cấp trên",
          messageEn: "parent_code: parent unit is required",
        });
      continue;
    }
    const inFile = kindOf.get(r.parentCode);
    if (r.parentCode === "VN") r.parentKind = "nation";
    else if (inFile) {
      if (!PARENT_KINDS[r.kind].includes(inFile))
        errors.push({
          ref: r.ref,
          message: `parent_code: đơn vị cấp ${inFile} không thể là cấp trên của cấp ${r.kind}`,
          messageEn: `parent_code: a ${inFile} cannot be the parent of a ${r.kind}`,
        });
      r.parentKind = inFile;
    }
  }
  checkDuplicates(records, errors);
  return { format: "csv", records, errors };
}

function checkDuplicates(records: TUnitRecord[], errors: TUnitListError[]): void {
  const seen = new Map<string, string>();
  for (const r of records) {
    const key = `${r.kind}:${r.code}:${r.validFrom}`;
    const first = seen.get(key);
    if (first)
      errors.push({
        ref: r.ref,
        message: `code: mã ${r.code} trùng với ${first}`,
        messageEn: `code: code ${r.code} duplicates ${first}`,
      });
    else seen.set(key, r.ref);
  }
}

/** Allowed parent kinds of a unit kind. */
export function parentKindsOf(kind: TUnitKind): TUnitKind[] {
  return PARENT_KINDS[kind];
}
