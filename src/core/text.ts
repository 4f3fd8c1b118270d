/**
 * Folds Vietnamese text for search: lower case, no tone marks, "đ" → "d".
 * "Thành phố Hà Nội" → "thanh pho ha noi".
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * A spreadsheet column header as a key: folded (no tone marks, lower case), runs of other characters
 * as "_". "Mã đơn vị" → "ma_don_vi", "Indicator code" → "indicator_code".
 */
export function headerKey(header: unknown): string {
  return foldVietnamese(String(header ?? ""))
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/** What a column of a values file holds, by its header key ({@link headerKey}). */
export type TValueColumn =
  | "unit"
  | "indicator"
  | "period"
  | "numerator"
  | "denominator"
  | "value"
  | "comment";

/**
 * The headers of values files (bulk uploads of a round, `dxm values import`), Vietnamese or English:
 * ma_don_vi/unit_code, ma_chi_tieu/indicator_code, ky/period, tu_so/numerator, mau_so/denominator,
 * gia_tri/value, ghi_chu/comment.
 */
export const VALUE_COLUMNS: Readonly<Record<string, TValueColumn>> = {
  ma_don_vi: "unit",
  unit_code: "unit",
  ma_chi_tieu: "indicator",
  indicator_code: "indicator",
  ky: "period",
  ky_bao_cao: "period",
  period: "period",
  tu_so: "numerator",
  numerator: "numerator",
  mau_so: "denominator",
  denominator: "denominator",
  gia_tri: "value",
  value: "value",
  ghi_chu: "comment",
  comment: "comment",
};
