/**
 * Reading a pasted table: Word and Excel put tab-separated cells on the clipboard, quoting a cell that
 * holds a line break or a quote ("a""b"). The result is a grid of trimmed strings.
 */

/** A table as a grid of cell texts; `rowNumbers[i]` is the line (or sheet row) row i came from, 1-based. */
export interface TAnnexTable {
  rows: string[][];
  rowNumbers: number[];
}

/** Parses tab-separated text (a table copied from Word or Excel). Empty lines are kept as empty rows. */
export function parseTabbedText(text: string): TAnnexTable {
  const src = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  let row: string[] = [];
  let cell = "";
  let line = 1;
  let rowStart = 1;
  let i = 0;
  let atCellStart = true;
  while (i < src.length) {
    const ch = src[i];
    if (atCellStart && ch === '"') {
      // Quoted cell: runs to the closing quote; "" is a literal quote; line breaks stay inside.
      let j = i + 1;
      let value = "";
      let closed = false;
      let breaks = 0;
      while (j < src.length) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        if (src[j] === "\n") breaks++;
        value += src[j];
        j++;
      }
      if (closed && (j >= src.length || src[j] === "\t" || src[j] === "\n")) {
        cell = value;
        line += breaks;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: the quote is plain text.
    }
    atCellStart = false;
    if (ch === "\t") {
      row.push(cell.trim());
      cell = "";
      atCellStart = true;
    } else if (ch === "\n") {
      row.push(cell.trim());
      rows.push(row);
      rowNumbers.push(rowStart);
      row = [];
      cell = "";
      line++;
      rowStart = line;
      atCellStart = true;
    } else {
      cell += ch;
    }
    i++;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell.trim());
    rows.push(row);
    rowNumbers.push(rowStart);
  }
  return { rows, rowNumbers };
}

/** Normalises a cell: collapses inner whitespace (line breaks inside merged header cells included). */
export function cleanCell(text: string | null | undefined): string {
  return (text ?? "").replace(/[\s\u00a0]+/g, " ").trim();
}
