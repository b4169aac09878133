/** Helpers shared by the Spreadsheet, Sheet and Range fakes: bounds, A1 lookups, range shifts, and the
 * factories that wrap a class in its Proxy (the classes are registered by spreadsheet.ts: no import cycle). */
import { type A1Rect } from './a1';
import { shiftMetadata } from './developer-metadata';
import { epochToSerial, formatJavaDate, formatNumber, isDatePattern, sheetsDateToJava } from './format';
import type { RangeImpl } from './range';
import type { SheetImpl } from './sheet';
import type { SpreadsheetImpl } from './spreadsheet-impl';
import { type Rect, type SheetData, type SpreadsheetData } from './spreadsheet-model';
import { describeType, isDate, serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

/**
 * The three classes that build one another (a Range's sheet, a Sheet's ranges, a finder's cells). They are
 * registered once by spreadsheet.ts, so these factories reach them without a runtime import cycle.
 */
interface Classes {
  Spreadsheet: typeof SpreadsheetImpl;
  Sheet: typeof SheetImpl;
  Range: typeof RangeImpl;
}
let classes: Classes | null = null;

export function registerClasses(c: Classes): void {
  classes = c;
}

function cls(): Classes {
  if (!classes) throw new Error('spreadsheet fake: import ./spreadsheet (it registers the classes)');
  return classes;
}

export function toInt(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw serviceError(`Cannot convert '${String(v)}' to int.`);
  if (!Number.isInteger(v)) throw serviceError(`Cannot convert '${v}' to int.`);
  return v;
}

export function checkBounds(s: SheetData, r: number, c: number, nr: number, nc: number): void {
  if (r < 1) throw serviceError('The starting row of the range is too small.');
  if (c < 1) throw serviceError('The starting column of the range is too small.');
  if (nr < 1) throw serviceError('The number of rows in the range must be at least 1.');
  if (nc < 1) throw serviceError('The number of columns in the range must be at least 1.');
  if (r + nr - 1 > s.maxRows || c + nc - 1 > s.maxCols) {
    throw serviceError('The coordinates of the range are outside the dimensions of the sheet.');
  }
}

export function liveSheet(ss: SpreadsheetData, s: SheetData): SheetData {
  if (!ss.sheets.includes(s)) throw serviceError(`The sheet ${s.name} has been deleted.`);
  return s;
}

/** Display text of a stored value in the spreadsheet's locale (dates: a subset of Sheets' rendering). */
export function displayValue(v: unknown, fmt: unknown, tz: string, locale = 'en_US'): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const f = typeof fmt === 'string' ? fmt : undefined;
  if (typeof v === 'number') return formatNumber(v, f, tz, locale);
  if (isDate(v)) {
    const t = v.getTime();
    if (f && f !== 'General' && f !== '@' && !isDatePattern(f))
      return formatNumber(epochToSerial(t, tz), f, tz, locale);
    if (f && isDatePattern(f)) return formatJavaDate(t, tz, sheetsDateToJava(f));
    const serial = epochToSerial(t, tz);
    return formatJavaDate(t, tz, Number.isInteger(serial) ? 'M/d/yyyy' : 'M/d/yyyy H:mm:ss');
  }
  return String(v);
}

export function rectOfRange(x: X, range: unknown): { ss: SpreadsheetData; sheet: SheetData; rect: Rect } {
  const r = x.unwrap(range);
  if (!(r instanceof cls().Range))
    throw serviceError(`The parameters (${describeType(range)}) don't match the method signature.`);
  return { ss: r._ss, sheet: r._s, rect: r._rect() };
}

export function mkSpreadsheet(x: X, d: SpreadsheetData): unknown {
  return x.wrap('Spreadsheet', new (cls().Spreadsheet)(x, d));
}
export function mkSheet(x: X, ss: SpreadsheetData, s: SheetData): unknown {
  return x.wrap('Sheet', new (cls().Sheet)(x, ss, s));
}
/** A bare Range (no Proxy): for the fakes' own reads and writes, which the call counts do not see. */
export function newRange(
  x: X,
  ss: SpreadsheetData,
  s: SheetData,
  r: number,
  c: number,
  nr: number,
  nc: number,
): RangeImpl {
  return new (cls().Range)(x, ss, s, r, c, nr, nc);
}
export function mkRange(
  x: X,
  ss: SpreadsheetData,
  s: SheetData,
  r: number,
  c: number,
  nr: number,
  nc: number,
): unknown {
  checkBounds(s, r, c, nr, nc);
  return x.wrap('Range', newRange(x, ss, s, r, c, nr, nc));
}
export function mkRangeFromRect(x: X, ss: SpreadsheetData, rect: Rect): unknown {
  const s = ss.sheetById(rect.sheetId);
  if (!s) throw serviceError('Range not found');
  return x.wrap('Range', newRange(x, ss, s, rect.row, rect.col, rect.numRows, rect.numCols));
}

export function resolveA1(
  ss: SpreadsheetData,
  a1: A1Rect | null,
  defaultSheet: SheetData | null,
  text: string,
): { sheet: SheetData; r: number; c: number; nr: number; nc: number } {
  if (!a1) throw serviceError('Range not found');
  let sheet = defaultSheet;
  if (a1.sheetName !== undefined) sheet = ss.sheetByName(a1.sheetName) ?? null;
  if (!sheet) throw serviceError(`Range not found`);
  void text;
  const nr = a1.numRows ?? sheet.maxRows - a1.row + 1;
  const nc = a1.numCols ?? sheet.maxCols - a1.col + 1;
  return { sheet, r: a1.row, c: a1.col, nr, nc };
}

/**
 * Shifts named ranges, chart ranges and conditional-format ranges after row/column inserts and deletes, and
 * moves developer metadata (developer-metadata.ts). Google's references give no rule for ranges; they move
 * as Sheets adjusts references in formulas: inserted before → shift, inside → grow, after → unchanged.
 */
export function shiftRects(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', at: number, delta: number): void {
  const adjust = (r: Rect) => {
    if (r.sheetId !== sheetId) return;
    const start = dim === 'row' ? r.row : r.col;
    const size = dim === 'row' ? r.numRows : r.numCols;
    let ns = start;
    let nz = size;
    if (delta > 0) {
      if (start >= at) ns = start + delta;
      else if (start + size - 1 >= at) nz = size + delta;
    } else {
      const n = -delta;
      const delEnd = at + n - 1;
      const end = start + size - 1;
      if (start > delEnd) ns = start - n;
      else if (end >= at) {
        const overlap = Math.min(end, delEnd) - Math.max(start, at) + 1;
        nz = Math.max(1, size - overlap);
        if (start >= at) ns = at;
      }
    }
    if (dim === 'row') {
      r.row = ns;
      r.numRows = nz;
    } else {
      r.col = ns;
      r.numCols = nz;
    }
  };
  forEachRect(ss, adjust);
  shiftMetadata(ss, sheetId, dim, at, delta);
}

function forEachRect(ss: SpreadsheetData, fn: (r: Rect) => void): void {
  for (const nr of ss.namedRanges.values()) fn(nr.rect);
  for (const s of ss.sheets) {
    for (const ch of s.charts) ch.ranges.forEach(fn);
    for (const rule of s.cfRules) rule.ranges.forEach(fn);
  }
  if (ss.activeRange) fn(ss.activeRange);
}

/**
 * Rows or columns moved (Sheet.moveRows/moveColumns): each range's first and last row follow their rows.
 * Google documents no rule for a range the move splits; it becomes the span of where its ends went.
 */
export function permuteRects(
  ss: SpreadsheetData,
  sheetId: number,
  dim: 'row' | 'col',
  map: (i: number) => number,
): void {
  forEachRect(ss, (r) => {
    if (r.sheetId !== sheetId) return;
    const start = dim === 'row' ? r.row : r.col;
    const end = start + (dim === 'row' ? r.numRows : r.numCols) - 1;
    const a = Math.min(map(start), map(end));
    const b = Math.max(map(start), map(end));
    if (dim === 'row') {
      r.row = a;
      r.numRows = b - a + 1;
    } else {
      r.col = a;
      r.numCols = b - a + 1;
    }
  });
}
