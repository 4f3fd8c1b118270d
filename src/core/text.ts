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
