/**
 * Where a report block is and what a write may touch, as pure geometry: the markers that tag a block's
 * edges (developer metadata on its first and last row and column, which Sheets moves with the cells),
 * the cells a new write covers that are not the block's own, and the question to ask before writing there.
 */

export interface Box {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** Developer-metadata key of every block marker; the value is `<blockId>:<edge>`. */
export const BLOCK_KEY = 'adapty.block';
export type Edge = 't' | 'b' | 'l' | 'r';
const EDGES: readonly Edge[] = ['t', 'b', 'l', 'r'];
/** Block ids: saved reports' ids (`r…`) or a stamp-only block's own (`b…`); short, so markers stay small. */
const ID_RE = /^[A-Za-z0-9_-]{1,40}$/;

export function markerValue(id: string, edge: Edge): string {
  return `${id}:${edge}`;
}

export function parseMarker(value: string | null): { id: string; edge: Edge } | null {
  if (!value) return null;
  const i = value.lastIndexOf(':');
  const id = value.slice(0, i);
  const edge = value.slice(i + 1) as Edge;
  return i > 0 && ID_RE.test(id) && EDGES.includes(edge) ? { id, edge } : null;
}

export function isBlockId(id: string): boolean {
  return ID_RE.test(id);
}

/** Marker positions of one block on one sheet (row index for t/b, column index for l/r). */
export type Marks = Partial<Record<Edge, number>>;

/**
 * The block's own cells from its markers. Its first row and column must still be there (deleting them
 * deletes the markers: the block is lost). A missing last row or column marker means its end was deleted:
 * then only the first row or column is surely the block's, and the rest is treated as not its own.
 */
export function boxFromMarks(m: Marks): Box | null {
  if (m.t === undefined || m.l === undefined) return null;
  const bottom = m.b !== undefined && m.b >= m.t ? m.b : m.t;
  const right = m.r !== undefined && m.r >= m.l ? m.r : m.l;
  return { row: m.t, column: m.l, rows: bottom - m.t + 1, columns: right - m.l + 1 };
}

export function intersect(a: Box, b: Box): Box | null {
  const row = Math.max(a.row, b.row);
  const column = Math.max(a.column, b.column);
  const end = Math.min(a.row + a.rows, b.row + b.rows);
  const right = Math.min(a.column + a.columns, b.column + b.columns);
  return end > row && right > column ? { row, column, rows: end - row, columns: right - column } : null;
}

/** The parts of `a` outside `b`: at most four rectangles (above, below, left, right). */
export function minus(a: Box, b: Box | null): Box[] {
  const i = b ? intersect(a, b) : null;
  if (!i) return a.rows > 0 && a.columns > 0 ? [a] : [];
  const out: Box[] = [];
  const aEnd = a.row + a.rows;
  const iEnd = i.row + i.rows;
  if (i.row > a.row) out.push({ row: a.row, column: a.column, rows: i.row - a.row, columns: a.columns });
  if (aEnd > iEnd) out.push({ row: iEnd, column: a.column, rows: aEnd - iEnd, columns: a.columns });
  if (i.column > a.column) out.push({ row: i.row, column: a.column, rows: i.rows, columns: i.column - a.column });
  const aRight = a.column + a.columns;
  const iRight = i.column + i.columns;
  if (aRight > iRight) out.push({ row: i.row, column: iRight, rows: i.rows, columns: aRight - iRight });
  return out;
}

/** Where a write's values go: the whole block, or (append) the rows under the existing block. */
export function writeBox(
  anchor: { row: number; column: number },
  own: Box | null,
  height: number,
  width: number,
  append: boolean,
): Box {
  if (append && own && own.rows > 0)
    return { row: own.row + own.rows, column: own.column, rows: height, columns: width };
  return { row: anchor.row, column: anchor.column, rows: height, columns: width };
}

export interface Conflict {
  /** Non-empty cells the write would replace that are not the block's own. */
  cells: number;
  /** Other blocks the write would cover part of (`range` as `Sheet!A1:F20`). */
  blocks: { id: string; box: Box; range: string }[];
  /** The whole range the write covers, as `Sheet!A1:F20`. */
  range: string;
}

export interface Confirm {
  message: string;
  cells: number;
  range: string;
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The question the sidebar asks before a write over cells that are not the block's own. */
export function confirmOf(c: Conflict, otherBlock: (id: string, range: string) => string): Confirm {
  const others = c.blocks.map((b) => otherBlock(b.id, b.range));
  const also = others.length ? ` ${others.length === 1 ? 'It overlaps' : 'They overlap'} ${others.join(' and ')}.` : '';
  const message =
    c.cells > 0
      ? `Replace ${plural(c.cells, 'non-empty cell')} in ${c.range}?${also}`
      : `Write into ${c.range}?${also || ' It overlaps another report.'}`;
  return { message, cells: c.cells, range: c.range };
}

/** A sheet name not taken yet (case-insensitive, as Sheets compares): `Name`, `Name (2)`, `Name (3)`… */
export function uniqueName(base: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = base.slice(0, 100 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** Column letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Column letters → number: A → 1, Z → 26, AA → 27, ZZZ → 18,278. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Row and column of one A1 cell (`B5`, `$C$10`), worked out here rather than with `Sheet.getRange(a1)`,
 * which throws for a cell beyond the sheet's current grid (the writer grows the grid instead). Null when
 * `a1` is not one cell.
 */
export function cellAt(a1: string): { row: number; column: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,8})$/.exec(a1.trim());
  return m ? { row: Number(m[2]), column: columnNumber(m[1]) } : null;
}

export function a1Of(b: Box): string {
  const first = `${columnLetters(b.column)}${b.row}`;
  if (b.rows === 1 && b.columns === 1) return first;
  return `${first}:${columnLetters(b.column + b.columns - 1)}${b.row + b.rows - 1}`;
}
