/**
 * Developer metadata: Spreadsheet/Sheet/Range addDeveloperMetadata, getDeveloperMetadata,
 * createDeveloperMetadataFinder, and the DeveloperMetadata / DeveloperMetadataLocation objects, plus the
 * rules for how metadata follows rows and columns when a sheet is edited.
 *
 * Sources (each rule below names the one it comes from):
 * [REF]   https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata
 * [GUIDE] https://developers.google.com/sheets/api/guides/metadata
 * [RANGE] https://developers.google.com/apps-script/reference/spreadsheet/range
 * [SHEET] https://developers.google.com/apps-script/reference/spreadsheet/sheet
 * [DM]    https://developers.google.com/apps-script/reference/spreadsheet/developer-metadata
 * [FIND]  https://developers.google.com/apps-script/reference/spreadsheet/developer-metadata-finder
 */
import type { Execution } from './execution';
import type { Rect, SpreadsheetData } from './spreadsheet-model';
import { serviceError } from './util';

export const DeveloperMetadataVisibility = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' } as const;
export const DeveloperMetadataLocationType = {
  SPREADSHEET: 'SPREADSHEET',
  SHEET: 'SHEET',
  ROW: 'ROW',
  COLUMN: 'COLUMN',
} as const;
type Visibility = keyof typeof DeveloperMetadataVisibility;

/** Where metadata is attached; `index` is the 1-based row or column. */
export type MetaLocation =
  | { type: 'SPREADSHEET' }
  | { type: 'SHEET'; sheetId: number }
  | { type: 'ROW' | 'COLUMN'; sheetId: number; index: number };

export interface MetaRecord {
  id: number;
  key: string;
  value: string | null;
  visibility: Visibility;
  loc: MetaLocation;
}

/** What the Spreadsheet fake hands in to build the objects a location returns. */
export interface MetaHost {
  x: Execution;
  ss: SpreadsheetData;
  spreadsheet(): unknown;
  sheet(sheetId: number): unknown;
  range(rect: Rect): unknown;
}

/** A range as the finder and Range.addDeveloperMetadata see it. */
export interface MetaRange {
  rect: Rect;
  maxRows: number;
  maxCols: number;
}

const ARBITRARY =
  'Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.';

/** Apps Script turns a value argument into its string (null stays null: "no value"). */
function text(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? 'undefined');
}

function isVisibility(v: unknown): v is Visibility {
  return v === 'DOCUMENT' || v === 'PROJECT';
}

/**
 * The location Range.addDeveloperMetadata attaches to. [REF] DeveloperMetadataLocation.dimensionRange "must
 * represent a single row or column; it cannot be unbounded or span multiple rows or columns"; Apps Script
 * refuses anything else with the ARBITRARY message (observed for cells, partial rows and partial columns).
 */
export function rangeLocation(r: MetaRange): MetaLocation {
  const { rect } = r;
  if (rect.numRows === 1 && rect.col === 1 && rect.numCols === r.maxCols)
    return { type: 'ROW', sheetId: rect.sheetId, index: rect.row };
  if (rect.numCols === 1 && rect.row === 1 && rect.numRows === r.maxRows)
    return { type: 'COLUMN', sheetId: rect.sheetId, index: rect.col };
  throw serviceError(ARBITRARY);
}

/** addDeveloperMetadata(key), (key, value), (key, visibility), (key, value, visibility). [RANGE] [SHEET] */
export function addMetadata(
  ss: SpreadsheetData,
  loc: MetaLocation,
  key: unknown,
  a?: unknown,
  b?: unknown,
): MetaRecord {
  if (typeof key !== 'string' || key === '') throw serviceError('Invalid argument: key');
  let value: string | null = null;
  let visibility: Visibility = 'DOCUMENT'; // default visibility [REF] / observed: DOCUMENT
  if (b !== undefined) {
    value = text(a);
    if (!isVisibility(b)) throw serviceError('Invalid argument: visibility');
    visibility = b;
  } else if (a !== undefined) {
    if (isVisibility(a)) visibility = a;
    else value = text(a);
  }
  // [REF] metadataId: "spreadsheet-scoped unique ID"; "must be positive".
  const rec: MetaRecord = { id: ss.nextMetadataId++, key, value, visibility, loc };
  ss.metadata.push(rec);
  return rec;
}

function sameLoc(a: MetaLocation, b: MetaLocation): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'SPREADSHEET') return true;
  const bb = b as Exclude<MetaLocation, { type: 'SPREADSHEET' }>;
  if (a.sheetId !== bb.sheetId) return false;
  return a.type === 'SHEET' || a.index === (bb as { index: number }).index;
}

/**
 * getDeveloperMetadata on a Spreadsheet, Sheet or Range: only metadata attached to exactly that object
 * (a sheet's rows and columns are not "associated with this sheet"; a cell inside a tagged row has none).
 */
export function exactMetadata(ss: SpreadsheetData, loc: MetaLocation | null): MetaRecord[] {
  return loc ? ss.metadata.filter((m) => sameLoc(m.loc, loc)) : [];
}

/** The location of a Range, or null if it is neither one whole row nor one whole column. */
export function exactRangeLocation(r: MetaRange): MetaLocation | null {
  try {
    return rangeLocation(r);
  } catch {
    return null;
  }
}

type Scope = { kind: 'spreadsheet' } | { kind: 'sheet'; sheetId: number } | { kind: 'range'; range: MetaRange };

function inScope(m: MetaRecord, scope: Scope, intersecting: boolean): boolean {
  const loc = m.loc;
  if (scope.kind === 'spreadsheet') return true;
  // [SHEET] createDeveloperMetadataFinder: in scope "if it is either associated with the sheet itself, or
  // associated with a row, column, or range on that sheet".
  if (scope.kind === 'sheet') return loc.type !== 'SPREADSHEET' && loc.sheetId === scope.sheetId;
  if (loc.type !== 'ROW' && loc.type !== 'COLUMN') return false;
  const { rect, maxRows, maxCols } = scope.range;
  if (loc.sheetId !== rect.sheetId) return false;
  const [start, size] = loc.type === 'ROW' ? [rect.row, rect.numRows] : [rect.col, rect.numCols];
  if (loc.index < start || loc.index >= start + size) return false;
  if (intersecting) return true; // [FIND] onIntersectingLocations: "consider intersecting locations"
  // [RANGE] createDeveloperMetadataFinder: "within the scope of the range only if it is wholly contained
  // within that range. For example, metadata associated with the row '3:3' is not in the scope of a range
  // 'A1:D5' but is within the scope of a range '1:5'."
  return loc.type === 'ROW' ? rect.col === 1 && rect.numCols === maxCols : rect.row === 1 && rect.numRows === maxRows;
}

/**
 * Rows or columns inserted or deleted on a sheet. [REF] "if developer metadata is associated with row 5 and
 * another row is then subsequently inserted above row 5, that original metadata is still associated with
 * the row it was first associated with (what is now row 6). If the associated object is deleted its
 * metadata is deleted too." Inserting after or at a higher index leaves it where it is.
 */
export function shiftMetadata(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', at: number, delta: number) {
  const type = dim === 'row' ? 'ROW' : 'COLUMN';
  ss.metadata = ss.metadata.filter((m) => {
    if (m.loc.type !== type || m.loc.sheetId !== sheetId) return true;
    if (delta > 0) {
      if (m.loc.index >= at) m.loc.index += delta;
      return true;
    }
    const n = -delta;
    if (m.loc.index >= at && m.loc.index < at + n) return false;
    if (m.loc.index >= at + n) m.loc.index -= n;
    return true;
  });
}

/** Rows (or columns) moved with Sheet.moveRows/moveColumns: metadata stays with its row [REF]. */
export function permuteMetadata(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', map: (i: number) => number) {
  const type = dim === 'row' ? 'ROW' : 'COLUMN';
  for (const m of ss.metadata) if (m.loc.type === type && m.loc.sheetId === sheetId) m.loc.index = map(m.loc.index);
}

/** A deleted sheet takes its metadata (sheet, rows, columns) with it [REF]. */
export function dropSheetMetadata(ss: SpreadsheetData, sheetId: number): void {
  ss.metadata = ss.metadata.filter((m) => m.loc.type === 'SPREADSHEET' || m.loc.sheetId !== sheetId);
}

/**
 * A duplicated sheet (Sheet.copyTo, Spreadsheet.duplicateActiveSheet). Google's references do not say
 * whether developer metadata is copied; the fake copies it under new ids (the harder case for code that
 * finds blocks by metadata: a copy must never be taken for the original).
 */
export function copySheetMetadata(ss: SpreadsheetData, fromSheetId: number, to: SpreadsheetData, toSheetId: number) {
  for (const m of [...ss.metadata]) {
    if (m.loc.type === 'SPREADSHEET' || m.loc.sheetId !== fromSheetId) continue;
    to.metadata.push({ ...m, id: to.nextMetadataId++, loc: { ...m.loc, sheetId: toSheetId } });
  }
}

// ------------------------------------------------------------------ objects handed to scripts

export class DeveloperMetadataImpl {
  constructor(
    private _h: MetaHost,
    private _id: number,
  ) {}
  private _rec(): MetaRecord {
    const r = this._h.ss.metadata.find((m) => m.id === this._id);
    if (!r) throw serviceError(`No developer metadata with ID ${this._id} was found.`);
    return r;
  }
  getId(): number {
    return this._rec().id;
  }
  getKey(): string {
    return this._rec().key;
  }
  /** [DM] "or null if this metadata has no value". */
  getValue(): string | null {
    return this._rec().value;
  }
  getVisibility(): string {
    return this._rec().visibility;
  }
  getLocation(): unknown {
    return this._h.x.wrap(
      'DeveloperMetadataLocation',
      new DeveloperMetadataLocationImpl(this._h, { ...this._rec().loc }),
    );
  }
  setKey(key: unknown): this {
    if (typeof key !== 'string' || key === '') throw serviceError('Invalid argument: key');
    this._rec().key = key;
    return this;
  }
  setValue(value: unknown): this {
    this._rec().value = text(value);
    return this;
  }
  setVisibility(v: unknown): this {
    if (!isVisibility(v)) throw serviceError('Invalid argument: visibility');
    this._rec().visibility = v;
    return this;
  }
  remove(): void {
    const r = this._rec();
    this._h.ss.metadata = this._h.ss.metadata.filter((m) => m !== r);
  }
}

export class DeveloperMetadataLocationImpl {
  constructor(
    private _h: MetaHost,
    private _loc: MetaLocation,
  ) {}
  getLocationType(): string {
    return this._loc.type;
  }
  getSpreadsheet(): unknown {
    return this._loc.type === 'SPREADSHEET' ? this._h.spreadsheet() : null;
  }
  getSheet(): unknown {
    return this._loc.type === 'SHEET' ? this._h.sheet(this._loc.sheetId) : null;
  }
  /** The whole row, or null for another location type. */
  getRow(): unknown {
    return this._loc.type === 'ROW' ? this._line(this._loc) : null;
  }
  getColumn(): unknown {
    return this._loc.type === 'COLUMN' ? this._line(this._loc) : null;
  }
  private _line(loc: { type: 'ROW' | 'COLUMN'; sheetId: number; index: number }): unknown {
    const s = this._h.ss.sheetById(loc.sheetId);
    if (!s) throw serviceError('Range not found');
    return this._h.range(
      loc.type === 'ROW'
        ? { sheetId: s.id, row: loc.index, col: 1, numRows: 1, numCols: s.maxCols }
        : { sheetId: s.id, row: 1, col: loc.index, numRows: s.maxRows, numCols: 1 },
    );
  }
}

export class DeveloperMetadataFinderImpl {
  private _filters: Array<(m: MetaRecord) => boolean> = [];
  private _intersecting = false;
  constructor(
    private _h: MetaHost,
    private _scope: Scope,
  ) {}
  withKey(key: unknown): this {
    this._filters.push((m) => m.key === String(key));
    return this;
  }
  withValue(value: unknown): this {
    this._filters.push((m) => m.value === text(value));
    return this;
  }
  withId(id: unknown): this {
    this._filters.push((m) => m.id === Number(id));
    return this;
  }
  withLocationType(t: unknown): this {
    this._filters.push((m) => m.loc.type === String(t));
    return this;
  }
  withVisibility(v: unknown): this {
    this._filters.push((m) => m.visibility === String(v));
    return this;
  }
  /** [FIND] "This option is only valid for range-scoped searches." */
  onIntersectingLocations(): this {
    if (this._scope.kind !== 'range')
      throw serviceError('onIntersectingLocations is only valid for range-scoped searches.');
    this._intersecting = true;
    return this;
  }
  find(): unknown[] {
    return this._h.ss.metadata
      .filter((m) => inScope(m, this._scope, this._intersecting) && this._filters.every((f) => f(m)))
      .map((m) => wrapMetadata(this._h, m));
  }
}

export function wrapMetadata(h: MetaHost, m: MetaRecord): unknown {
  return h.x.wrap('DeveloperMetadata', new DeveloperMetadataImpl(h, m.id));
}

export function finder(h: MetaHost, scope: Scope): unknown {
  return h.x.wrap('DeveloperMetadataFinder', new DeveloperMetadataFinderImpl(h, scope));
}
