/**
 * The playground's formula logic as Sheets does it, pure: a typed formula's arguments (literals in the
 * locale's separator, cell references, ranges → 2-D arrays), and where an array result spills — or the
 * #REF! Sheets shows when it would overwrite a non-empty cell, with Sheets' own message.
 */
import { parseCellReference, parseLiteral } from '../../src/core/formula/read';
import type { Separator } from '../../src/core/formula/functions';
import { cellA1 } from '../../test/fakes/a1';

/** 0-based row/column. */
export interface Cell {
  row: number;
  col: number;
}

/** Sheets' message on a blocked spill (the cell is the first one in its way, in reading order). */
export const refMessage = (a1: string) => `Array result was not expanded because it would overwrite data in ${a1}.`;

/** A result as a grid: a scalar is one cell, a 1-D list one row. */
export function asGrid(v: unknown): unknown[][] {
  if (!Array.isArray(v)) return [[v]];
  return v.map((r) => (Array.isArray(r) ? (r as unknown[]) : [r]));
}

/** The first non-empty cell (other than the anchor) a result of this size would cover, or null. */
export function spillBlocker(
  anchor: Cell,
  grid: unknown[][],
  occupied: (row: number, col: number) => boolean,
): Cell | null {
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++) {
      if (i === 0 && j === 0) continue;
      if (occupied(anchor.row + i, anchor.col + j)) return { row: anchor.row + i, col: anchor.col + j };
    }
  return null;
}

/** What the anchor cell shows: the spilled grid, or #REF! with Sheets' message naming the blocking cell. */
export function spill(
  anchor: Cell,
  value: unknown,
  occupied: (row: number, col: number) => boolean,
): { grid: unknown[][] } | { ref: '#REF!'; message: string } {
  const grid = asGrid(value);
  const b = spillBlocker(anchor, grid, occupied);
  return b ? { ref: '#REF!', message: refMessage(cellA1(b.row + 1, b.col + 1)) } : { grid };
}

const colOf = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** `A1:B3`, `Sheet!A1:B3`, `'My sheet'!B2:C` → its sheet and 0-based corners (an open end stops at `lastRow`). */
export function parseRange(
  text: string,
): { sheetName?: string; from: Cell; to: { row: number | null; col: number } } | null {
  const m =
    /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d*)$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const sheetName =
    m[1] === undefined ? undefined : m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1];
  const from = { row: Number(m[3]) - 1, col: colOf(m[2].toUpperCase()) };
  const to = { row: m[5] ? Number(m[5]) - 1 : null, col: colOf(m[4].toUpperCase()) };
  if (from.row < 0 || (to.row !== null && to.row < from.row) || to.col < from.col) return null;
  return { ...(sheetName !== undefined ? { sheetName } : {}), from, to };
}

/** Reads cells of a sheet (by name, undefined = the formula's own): its value, '' when empty. */
export interface CellReader {
  value(sheetName: string | undefined, row: number, col: number): unknown;
  lastRow(sheetName: string | undefined): number;
}

/** One typed argument as Sheets passes it to a custom function: a literal, a cell's value, or a range's 2-D array. */
export function argumentValue(text: string, sep: Separator, cells: CellReader): unknown {
  try {
    return parseLiteral(text, sep);
  } catch {
    // not a literal: a reference
  }
  const ref = parseCellReference(text);
  if (ref) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref.a1)!;
    return cells.value(ref.sheetName, Number(m[2]) - 1, colOf(m[1]));
  }
  const r = parseRange(text);
  if (!r) throw new Error(`Formula parse error: ${text.trim()} is not a value, a cell or a range`);
  const last = r.to.row ?? Math.max(cells.lastRow(r.sheetName) - 1, r.from.row);
  const out: unknown[][] = [];
  for (let i = r.from.row; i <= last; i++) {
    const row: unknown[] = [];
    for (let j = r.from.col; j <= r.to.col; j++) row.push(cells.value(r.sheetName, i, j));
    out.push(row);
  }
  return out;
}
