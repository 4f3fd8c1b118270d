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
