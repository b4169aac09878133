/** A1 notation helpers. Rows/columns are 1-based. */
export interface A1Rect {
  sheetName?: string;
  row: number;
  col: number;
  /** undefined = open-ended (to the sheet's last row / column). */
  numRows?: number;
  numCols?: number;
}

export function columnToLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellA1(row: number, col: number): string {
  return columnToLetters(col) + row;
}

export function rectA1(row: number, col: number, numRows: number, numCols: number): string {
  const a = cellA1(row, col);
  if (numRows === 1 && numCols === 1) return a;
  return `${a}:${cellA1(row + numRows - 1, col + numCols - 1)}`;
}

interface Ref {
  col?: number;
  row?: number;
}

function parseRef(s: string): Ref | null {
  const m = /^\$?([A-Za-z]{0,3})\$?(\d*)$/.exec(s);
  if (!m || (!m[1] && !m[2])) return null;
  const ref: Ref = {};
  if (m[1]) ref.col = lettersToColumn(m[1]);
  if (m[2]) {
    ref.row = Number(m[2]);
    if (ref.row < 1) return null;
  }
  return ref;
}

/**
 * Parses `A1`, `A1:B2`, `A:A`, `1:3`, `A2:C`, `Sheet1!A1:B2`, `'My sheet'!A1`.
 * Returns null when the text is not a range reference.
 * `maxRows`/`maxCols` resolve open-ended references.
 */
export function parseA1(text: string): A1Rect | null {
  let s = String(text).trim();
  let sheetName: string | undefined;
  const bang = s.lastIndexOf('!');
  if (bang >= 0) {
    let name = s.slice(0, bang);
    s = s.slice(bang + 1);
    if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) name = name.slice(1, -1).replace(/''/g, "'");
    sheetName = name;
  }
  const parts = s.split(':');
  if (parts.length > 2 || !parts[0]) return null;
  const a = parseRef(parts[0]);
  if (!a) return null;
  if (parts.length === 1) {
    if (a.col === undefined || a.row === undefined) return null;
    return { sheetName, row: a.row, col: a.col, numRows: 1, numCols: 1 };
  }
  const b = parseRef(parts[1]);
  if (!b) return null;
  // Whole columns (A:C), whole rows (1:3), or partially open (A2:C).
  const r1 = a.row ?? 1;
  const c1 = a.col ?? 1;
  if (a.col === undefined && b.col !== undefined) return null;
  if (a.row === undefined && b.row !== undefined) return null;
  const r2 = b.row;
  const c2 = b.col;
  const top = r2 === undefined ? r1 : Math.min(r1, r2);
  const left = c2 === undefined ? c1 : Math.min(c1, c2);
  return {
    sheetName,
    row: top,
    col: left,
    numRows: r2 === undefined ? undefined : Math.abs(r2 - r1) + 1,
    numCols: c2 === undefined ? undefined : Math.abs(c2 - c1) + 1,
  };
}
