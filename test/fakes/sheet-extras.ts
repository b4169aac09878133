/**
 * Spreadsheet-fake methods kept out of spreadsheet.ts: developer metadata on Spreadsheet/Sheet/Range,
 * Sheet.moveRows/moveColumns, Sheet.copyTo and Spreadsheet.duplicateActiveSheet. Installed onto the
 * classes by spreadsheet.ts (no import cycle).
 */
import {
  type MetaHost,
  type MetaLocation,
  addMetadata,
  copySheetMetadata,
  exactMetadata,
  exactRangeLocation,
  finder,
  permuteMetadata,
  rangeLocation,
  wrapMetadata,
} from './developer-metadata';
import type { Execution } from './execution';
import {
  type CellValue,
  type Rect,
  STYLE_KEYS,
  type SheetData,
  SpreadsheetData,
  copyCfRule,
  copyChart,
  copyRect,
} from './spreadsheet-model';
import { describeType, isDate, serviceError } from './util';

interface SpreadsheetLike {
  _x: Execution;
  _d: SpreadsheetData;
}
interface SheetLike {
  _x: Execution;
  _ss: SpreadsheetData;
  _s: SheetData;
}
interface RangeLike {
  _x: Execution;
  _ss: SpreadsheetData;
  _s: SheetData;
  _rect(): Rect;
}
type Ctor = { prototype: object };

export interface Factories {
  SpreadsheetImpl: Ctor;
  SheetImpl: Ctor;
  RangeImpl: Ctor;
  mkSpreadsheet(x: Execution, d: SpreadsheetData): unknown;
  mkSheet(x: Execution, ss: SpreadsheetData, s: SheetData): unknown;
  mkRangeFromRect(x: Execution, ss: SpreadsheetData, rect: Rect): unknown;
  shiftRectsBy(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', map: (i: number) => number): void;
}

function live(ss: SpreadsheetData, s: SheetData): SheetData {
  if (!ss.sheets.includes(s)) throw serviceError(`The sheet ${s.name} has been deleted.`);
  return s;
}

function toInt(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw serviceError(`Cannot convert '${String(v)}' to int.`);
  return v;
}

export function installSheetExtras(f: Factories): void {
  const host = (x: Execution, ss: SpreadsheetData): MetaHost => ({
    x,
    ss,
    spreadsheet: () => f.mkSpreadsheet(x, ss),
    sheet: (id) => {
      const s = ss.sheetById(id);
      return s ? f.mkSheet(x, ss, s) : null;
    },
    range: (rect) => f.mkRangeFromRect(x, ss, rect),
  });
  const metaRange = (r: RangeLike) => ({ rect: r._rect(), maxRows: r._s.maxRows, maxCols: r._s.maxCols });

  const ssProto = f.SpreadsheetImpl.prototype as Record<string, unknown>;
  ssProto.addDeveloperMetadata = function (this: SpreadsheetLike, key: unknown, a?: unknown, b?: unknown) {
    addMetadata(this._d, { type: 'SPREADSHEET' }, key, a, b);
    return this;
  };
  ssProto.getDeveloperMetadata = function (this: SpreadsheetLike) {
    return exactMetadata(this._d, { type: 'SPREADSHEET' }).map((m) => wrapMetadata(host(this._x, this._d), m));
  };
  ssProto.createDeveloperMetadataFinder = function (this: SpreadsheetLike) {
    return finder(host(this._x, this._d), { kind: 'spreadsheet' });
  };

  const shProto = f.SheetImpl.prototype as Record<string, unknown>;
  shProto.addDeveloperMetadata = function (this: SheetLike, key: unknown, a?: unknown, b?: unknown) {
    addMetadata(this._ss, { type: 'SHEET', sheetId: live(this._ss, this._s).id }, key, a, b);
    return this;
  };
  shProto.getDeveloperMetadata = function (this: SheetLike) {
    const loc: MetaLocation = { type: 'SHEET', sheetId: live(this._ss, this._s).id };
    return exactMetadata(this._ss, loc).map((m) => wrapMetadata(host(this._x, this._ss), m));
  };
  shProto.createDeveloperMetadataFinder = function (this: SheetLike) {
    return finder(host(this._x, this._ss), { kind: 'sheet', sheetId: live(this._ss, this._s).id });
  };

  const rgProto = f.RangeImpl.prototype as Record<string, unknown>;
  rgProto.addDeveloperMetadata = function (this: RangeLike, key: unknown, a?: unknown, b?: unknown) {
    live(this._ss, this._s);
    addMetadata(this._ss, rangeLocation(metaRange(this)), key, a, b);
    return this;
  };
  rgProto.getDeveloperMetadata = function (this: RangeLike) {
    live(this._ss, this._s);
    return exactMetadata(this._ss, exactRangeLocation(metaRange(this))).map((m) =>
      wrapMetadata(host(this._x, this._ss), m),
    );
  };
  rgProto.createDeveloperMetadataFinder = function (this: RangeLike) {
    live(this._ss, this._s);
    return finder(host(this._x, this._ss), { kind: 'range', range: metaRange(this) });
  };

  // [SHEET] https://developers.google.com/apps-script/reference/spreadsheet/sheet#moveRows(Range,Integer):
  // "The rowSpec itself does not have to exactly represent an entire row or group of rows to move—it
  // selects all rows that the range spans"; destinationIndex "is based on the coordinates before the rows
  // are moved" (rows 1-2 moved to 5 become rows 3-4).
  const move = (dim: 'row' | 'col') =>
    function (this: SheetLike, spec: unknown, destinationIndex: unknown) {
      const s = live(this._ss, this._s);
      const r = this._x.unwrap(spec) as RangeLike;
      if (!r || typeof r._rect !== 'function')
        throw serviceError(`The parameters (${describeType(spec)}) don't match the method signature.`);
      if (r._s !== s) throw serviceError('The range must be on this sheet.');
      const rect = r._rect();
      const from = dim === 'row' ? rect.row : rect.col;
      const n = dim === 'row' ? rect.numRows : rect.numCols;
      const max = dim === 'row' ? s.maxRows : s.maxCols;
      const dest = toInt(destinationIndex);
      if (dest < 1 || dest > max + 1)
        throw serviceError(`Those ${dim === 'row' ? 'rows' : 'columns'} are out of bounds.`);
      if (dest >= from && dest <= from + n) return; // already there
      const map = (i: number): number => {
        if (i >= from && i < from + n) return dest > from ? dest - n + (i - from) : dest + (i - from);
        if (dest > from && i >= from + n && i < dest) return i - n;
        if (dest < from && i >= dest && i < from) return i + n;
        return i;
      };
      const at = dest > from ? dest - 1 - n : dest - 1; // 0-based insertion point once the rows are out
      const reorder = <T>(arr: T[]): void => {
        if (arr.length < Math.max(from - 1 + n, dest - 1)) arr.length = Math.max(from - 1 + n, dest - 1);
        const moved = arr.splice(from - 1, n);
        arr.splice(at, 0, ...moved);
      };
      for (const g of s.allGrids()) {
        if (dim === 'row') reorder(g.rows);
        else for (const row of g.rows) if (row !== undefined) reorder(row);
      }
      permuteMetadata(this._ss, s.id, dim, map);
      f.shiftRectsBy(this._ss, s.id, dim, map);
    };
  shProto.moveRows = move('row');
  shProto.moveColumns = move('col');

  // [SHEET] copyTo(spreadsheet): "Copies the sheet to a given spreadsheet, which can be the same
  // spreadsheet as the source. The copied sheet is named "Copy of [original name]"."
  shProto.copyTo = function (this: SheetLike, spreadsheet: unknown) {
    const src = live(this._ss, this._s);
    const target = this._x.unwrap(spreadsheet) as SpreadsheetLike;
    if (!target || !(target._d instanceof SpreadsheetData))
      throw serviceError(`The parameters (${describeType(spreadsheet)}) don't match the method signature.`);
    const copy = copySheet(this._ss, src, target._d, undefined);
    return f.mkSheet(this._x, target._d, copy);
  };
  // https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#duplicateActiveSheet():
  // "Duplicates the active sheet and makes it the active sheet."
  ssProto.duplicateActiveSheet = function (this: SpreadsheetLike) {
    const src = this._d.activeSheet();
    const copy = copySheet(this._d, src, this._d, this._d.sheets.indexOf(src) + 1);
    this._d.activeSheetId = copy.id;
    this._d.activeRange = null;
    return f.mkSheet(this._x, this._d, copy);
  };
}

function copySheet(from: SpreadsheetData, src: SheetData, to: SpreadsheetData, index: number | undefined): SheetData {
  let name = `Copy of ${src.name}`;
  for (let i = 2; to.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()); i++)
    name = `Copy of ${src.name} ${i}`;
  const s = to.addSheet(name, index); // a new, unique sheet id
  const extra = src.maxRows * src.maxCols - s.maxRows * s.maxCols;
  try {
    if (extra > 0) to.assertCellBudget(extra);
  } catch (e) {
    to.sheets.splice(to.sheets.indexOf(s), 1);
    throw e;
  }
  s.maxRows = src.maxRows;
  s.maxCols = src.maxCols;
  const cell = (v: unknown) => (isDate(v) ? new Date(v.getTime()) : v);
  s.values = src.values.clone(cell as (v: CellValue) => CellValue);
  s.formulas = src.formulas.clone();
  s.notes = src.notes.clone();
  for (const k of STYLE_KEYS) s.styles[k] = src.styles[k].clone();
  s.frozenRows = src.frozenRows;
  s.frozenCols = src.frozenCols;
  s.tabColor = src.tabColor;
  s.colWidths = new Map(src.colWidths);
  s.rowHeights = new Map(src.rowHeights);
  const onCopy = (r: Rect) => (r.sheetId === src.id ? { ...copyRect(r), sheetId: s.id } : copyRect(r));
  s.charts = src.charts.map((c) => ({ ...copyChart(c), chartId: to.nextChartId++, ranges: c.ranges.map(onCopy) }));
  s.cfRules = src.cfRules.map((r) => ({ ...copyCfRule(r), ranges: r.ranges.map(onCopy) }));
  copySheetMetadata(from, src.id, to, s.id);
  return s;
}
