/** SpreadsheetApp fake: Spreadsheet, Sheet, Range, Ui, charts, conditional formats, text finder. */
import { type A1Rect, parseA1, rectA1 } from './a1';
import type { Execution } from './execution';
import {
  epochToSerial,
  formatJavaDate,
  formatNumber,
  isDatePattern,
  isValidTimeZone,
  sheetsDateToJava,
} from './format';
import { HtmlOutputImpl } from './html';
import {
  type CellValue,
  type CfRuleData,
  type ChartData,
  type GradientPoint,
  MAX_COLUMNS,
  type Rect,
  STYLE_DEFAULTS,
  STYLE_KEYS,
  type SheetData,
  type SpreadsheetData,
  type StyleKey,
  assertCellLength,
  coerceInput,
  copyCfRule,
  copyChart,
  copyRect,
} from './spreadsheet-model';
import { UserImpl } from './session';
import {
  DeveloperMetadataLocationType,
  DeveloperMetadataVisibility,
  dropSheetMetadata,
  shiftMetadata,
} from './developer-metadata';
import { installSheetExtras } from './sheet-extras';
import { describeType, isDate, isPlainObject, serviceError } from './util';

type X = Execution;

// ------------------------------------------------------------------ enums

export const InterpolationType = {
  MIN: 'MIN',
  MAX: 'MAX',
  NUMBER: 'NUMBER',
  PERCENT: 'PERCENT',
  PERCENTILE: 'PERCENTILE',
} as const;
export const BooleanCriteria = Object.fromEntries(
  [
    'CELL_EMPTY',
    'CELL_NOT_EMPTY',
    'DATE_AFTER',
    'DATE_BEFORE',
    'DATE_EQUAL_TO',
    'NUMBER_BETWEEN',
    'NUMBER_EQUAL_TO',
    'NUMBER_GREATER_THAN',
    'NUMBER_GREATER_THAN_OR_EQUAL_TO',
    'NUMBER_LESS_THAN',
    'NUMBER_LESS_THAN_OR_EQUAL_TO',
    'NUMBER_NOT_BETWEEN',
    'NUMBER_NOT_EQUAL_TO',
    'TEXT_CONTAINS',
    'TEXT_DOES_NOT_CONTAIN',
    'TEXT_EQUAL_TO',
    'TEXT_STARTS_WITH',
    'TEXT_ENDS_WITH',
    'CUSTOM_FORMULA',
  ].map((k) => [k, k]),
) as Record<string, string>;
export const Dimension = { COLUMNS: 'COLUMNS', ROWS: 'ROWS' } as const;
export const WrapStrategy = { WRAP: 'WRAP', OVERFLOW: 'OVERFLOW', CLIP: 'CLIP' } as const;
export const BorderStyle = {
  DOTTED: 'DOTTED',
  DASHED: 'DASHED',
  SOLID: 'SOLID',
  SOLID_MEDIUM: 'SOLID_MEDIUM',
  SOLID_THICK: 'SOLID_THICK',
  DOUBLE: 'DOUBLE',
} as const;
export const SheetType = { GRID: 'GRID', OBJECT: 'OBJECT', DATASOURCE: 'DATASOURCE' } as const;
export const UiButton = { CLOSE: 'CLOSE', OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO' } as const;
export const UiButtonSet = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;
export const ChartType = Object.fromEntries(
  [
    'AREA',
    'BAR',
    'BUBBLE',
    'CANDLESTICK',
    'COLUMN',
    'COMBO',
    'GAUGE',
    'GEO',
    'HISTOGRAM',
    'LINE',
    'ORG',
    'PIE',
    'RADAR',
    'SCATTER',
    'SPARKLINE',
    'STEPPED_AREA',
    'TABLE',
    'TIMELINE',
    'TREEMAP',
    'WATERFALL',
  ].map((k) => [k, k]),
) as Record<string, string>;
export const ChartMergeStrategy = { MERGE_COLUMNS: 'MERGE_COLUMNS', MERGE_ROWS: 'MERGE_ROWS' } as const;
export const ChartHiddenDimensionStrategy = {
  IGNORE_BOTH: 'IGNORE_BOTH',
  IGNORE_ROWS: 'IGNORE_ROWS',
  IGNORE_COLUMNS: 'IGNORE_COLUMNS',
  SHOW_BOTH: 'SHOW_BOTH',
} as const;

/** The `Charts` global (enums only). */
export function createCharts(): GoogleAppsScript.Charts.Charts {
  return {
    ChartType,
    ChartMergeStrategy,
    ChartHiddenDimensionStrategy,
    CurveStyle: { NORMAL: 'NORMAL', SMOOTH: 'SMOOTH' },
    PointStyle: { NONE: 'NONE', TINY: 'TINY', MEDIUM: 'MEDIUM', LARGE: 'LARGE', HUGE: 'HUGE' },
    Position: { TOP: 'TOP', RIGHT: 'RIGHT', BOTTOM: 'BOTTOM', NONE: 'NONE' },
    Orientation: { HORIZONTAL: 'HORIZONTAL', VERTICAL: 'VERTICAL' },
  } as unknown as GoogleAppsScript.Charts.Charts;
}

// ------------------------------------------------------------------ helpers

function toInt(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw serviceError(`Cannot convert '${String(v)}' to int.`);
  if (!Number.isInteger(v)) throw serviceError(`Cannot convert '${v}' to int.`);
  return v;
}

function checkBounds(s: SheetData, r: number, c: number, nr: number, nc: number): void {
  if (r < 1) throw serviceError('The starting row of the range is too small.');
  if (c < 1) throw serviceError('The starting column of the range is too small.');
  if (nr < 1) throw serviceError('The number of rows in the range must be at least 1.');
  if (nc < 1) throw serviceError('The number of columns in the range must be at least 1.');
  if (r + nr - 1 > s.maxRows || c + nc - 1 > s.maxCols) {
    throw serviceError('The coordinates of the range are outside the dimensions of the sheet.');
  }
}

function liveSheet(ss: SpreadsheetData, s: SheetData): SheetData {
  if (!ss.sheets.includes(s)) throw serviceError(`The sheet ${s.name} has been deleted.`);
  return s;
}

/** Display text of a stored value (subset of Sheets' rendering, en_US). */
export function displayValue(v: unknown, fmt: unknown, tz: string): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const f = typeof fmt === 'string' ? fmt : undefined;
  if (typeof v === 'number') return formatNumber(v, f, tz);
  if (isDate(v)) {
    const t = v.getTime();
    if (f && f !== 'General' && f !== '@' && !isDatePattern(f)) return formatNumber(epochToSerial(t, tz), f, tz);
    if (f && isDatePattern(f)) return formatJavaDate(t, tz, sheetsDateToJava(f));
    const serial = epochToSerial(t, tz);
    return formatJavaDate(t, tz, Number.isInteger(serial) ? 'M/d/yyyy' : 'M/d/yyyy H:mm:ss');
  }
  return String(v);
}

function rectOfRange(x: X, range: unknown): { ss: SpreadsheetData; sheet: SheetData; rect: Rect } {
  const r = x.unwrap(range);
  if (!(r instanceof RangeImpl))
    throw serviceError(`The parameters (${describeType(range)}) don't match the method signature.`);
  return { ss: r._ss, sheet: r._s, rect: r._rect() };
}

export function mkSpreadsheet(x: X, d: SpreadsheetData): unknown {
  return x.wrap('Spreadsheet', new SpreadsheetImpl(x, d));
}
function mkSheet(x: X, ss: SpreadsheetData, s: SheetData): unknown {
  return x.wrap('Sheet', new SheetImpl(x, ss, s));
}
function mkRange(x: X, ss: SpreadsheetData, s: SheetData, r: number, c: number, nr: number, nc: number): unknown {
  checkBounds(s, r, c, nr, nc);
  return x.wrap('Range', new RangeImpl(x, ss, s, r, c, nr, nc));
}
function mkRangeFromRect(x: X, ss: SpreadsheetData, rect: Rect): unknown {
  const s = ss.sheetById(rect.sheetId);
  if (!s) throw serviceError('Range not found');
  return x.wrap('Range', new RangeImpl(x, ss, s, rect.row, rect.col, rect.numRows, rect.numCols));
}

function resolveA1(
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
function shiftRects(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', at: number, delta: number): void {
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
function permuteRects(ss: SpreadsheetData, sheetId: number, dim: 'row' | 'col', map: (i: number) => number): void {
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

// ------------------------------------------------------------------ SpreadsheetApp

export function createSpreadsheetApp(x: X): GoogleAppsScript.Spreadsheet.SpreadsheetApp {
  const w = x.world;
  const active = (): SpreadsheetData | null => (x.mode === 'trigger' ? null : x.spreadsheetData());
  const svc = {
    InterpolationType,
    BooleanCriteria,
    Dimension,
    WrapStrategy,
    BorderStyle,
    SheetType,
    DeveloperMetadataVisibility,
    DeveloperMetadataLocationType,
    getActiveSpreadsheet() {
      const d = active();
      return d ? mkSpreadsheet(x, d) : null;
    },
    getActive() {
      const d = active();
      return d ? mkSpreadsheet(x, d) : null;
    },
    getActiveSheet() {
      const d = active();
      return d ? mkSheet(x, d, d.activeSheet()) : null;
    },
    getActiveRange() {
      const d = active();
      return d ? new SpreadsheetImpl(x, d).getActiveRange() : null;
    },
    getCurrentCell() {
      const d = active();
      return d ? new SpreadsheetImpl(x, d).getCurrentCell() : null;
    },
    setActiveSheet(sheet: unknown) {
      const s = x.unwrap(sheet) as SheetImpl;
      s._ss.activeSheetId = s._s.id;
      s._ss.activeRange = null;
      return sheet;
    },
    setActiveRange(range: unknown) {
      const { ss, rect } = rectOfRange(x, range);
      ss.activeSheetId = rect.sheetId;
      ss.activeRange = rect;
      return range;
    },
    openById(id: unknown) {
      const d = w.spreadsheets.get(String(id));
      if (!d)
        throw serviceError('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
      return mkSpreadsheet(x, d);
    },
    openByUrl(url: unknown) {
      const m = /\/d\/([^/]+)/.exec(String(url));
      const d = m ? w.spreadsheets.get(m[1]) : undefined;
      if (!d)
        throw serviceError('Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.');
      return mkSpreadsheet(x, d);
    },
    create(name: unknown) {
      return mkSpreadsheet(x, w.createSpreadsheet({ name: String(name), owner: x.user }));
    },
    getUi() {
      return x.wrap('Ui', new UiImpl(x));
    },
    flush() {
      // writes are applied immediately in the fake
    },
    newConditionalFormatRule() {
      return x.wrap('ConditionalFormatRuleBuilder', new CfRuleBuilderImpl(x, { ranges: [] }));
    },
  };
  return x.wrap('SpreadsheetApp', svc) as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
}

// ------------------------------------------------------------------ Ui

class MenuImpl {
  _items: unknown[] = [];
  constructor(
    private _x: X,
    public _caption: string | null,
    private _addon: boolean,
  ) {}
  addItem(caption: unknown, functionName: unknown): this {
    if (typeof caption !== 'string' || !caption) throw serviceError('Invalid argument: caption');
    if (typeof functionName !== 'string' || !functionName) throw serviceError('Invalid argument: functionName');
    this._items.push({ caption, functionName });
    return this;
  }
  addSeparator(): this {
    this._items.push({ separator: true });
    return this;
  }
  addSubMenu(menu: unknown): this {
    const m = this._x.unwrap(menu);
    if (!(m instanceof MenuImpl)) throw serviceError('Invalid argument: menu');
    this._items.push({ subMenu: m._snapshot() });
    return this;
  }
  _snapshot(): { caption: string | null; addon: boolean; items: unknown[] } {
    return { caption: this._caption, addon: this._addon, items: JSON.parse(JSON.stringify(this._items)) };
  }
  addToUi(): void {
    const w = this._x.world;
    w.ui.menus.push({
      ...this._snapshot(),
      user: this._x.user,
      spreadsheetId: this._x.spreadsheetId,
      executionId: this._x.id,
    });
  }
}

export class UiImpl {
  Button = UiButton;
  ButtonSet = UiButtonSet;
  constructor(private _x: X) {}
  createAddonMenu(): unknown {
    return this._x.wrap('Menu', new MenuImpl(this._x, null, true));
  }
  createMenu(caption: unknown): unknown {
    if (typeof caption !== 'string' || !caption) throw serviceError('Invalid argument: caption');
    return this._x.wrap('Menu', new MenuImpl(this._x, caption, false));
  }
  private _output(o: unknown): HtmlOutputImpl {
    const out = this._x.unwrap(o);
    if (!(out instanceof HtmlOutputImpl)) throw serviceError('Invalid argument: userInterface');
    return out;
  }
  showSidebar(o: unknown): void {
    const out = this._output(o);
    this._x.world.ui.sidebars.push({
      title: out._title,
      html: out._content,
      width: 300,
      user: this._x.user,
      executionId: this._x.id,
      virtualTime: this._x.world.clock.now(),
    });
  }
  showModalDialog(o: unknown, title: unknown): void {
    const out = this._output(o);
    this._x.world.ui.dialogs.push({
      title: String(title),
      html: out._content,
      width: out._width,
      height: out._height,
      modal: true,
      user: this._x.user,
    });
  }
  showModelessDialog(o: unknown, title: unknown): void {
    const out = this._output(o);
    this._x.world.ui.dialogs.push({
      title: String(title),
      html: out._content,
      width: out._width,
      height: out._height,
      modal: false,
      user: this._x.user,
    });
  }
  private _args(args: unknown[]): { title: string; prompt: string; buttons: string } {
    const isSet = (v: unknown) => typeof v === 'string' && v in UiButtonSet;
    if (args.length >= 3) return { title: String(args[0]), prompt: String(args[1]), buttons: String(args[2]) };
    if (args.length === 2 && isSet(args[1])) return { title: '', prompt: String(args[0]), buttons: String(args[1]) };
    if (args.length === 2) return { title: String(args[0]), prompt: String(args[1]), buttons: 'OK' };
    return { title: '', prompt: String(args[0] ?? ''), buttons: 'OK' };
  }
  alert(...args: unknown[]): string {
    const a = this._args(args);
    this._x.world.ui.alerts.push({ ...a, user: this._x.user });
    const next = this._x.world.ui.alertResponses.shift();
    return next ?? (a.buttons.startsWith('YES') ? UiButton.YES : UiButton.OK);
  }
  prompt(...args: unknown[]): unknown {
    const a = this._args(args);
    this._x.world.ui.prompts.push({ ...a, user: this._x.user });
    const next = this._x.world.ui.promptResponses.shift() ?? {
      button: a.buttons.startsWith('YES') ? UiButton.YES : UiButton.OK,
      text: '',
    };
    return this._x.wrap('PromptResponse', {
      getResponseText: () => next.text,
      getSelectedButton: () => next.button,
    });
  }
}

// ------------------------------------------------------------------ Spreadsheet

export class SpreadsheetImpl {
  constructor(
    public _x: X,
    public _d: SpreadsheetData,
  ) {}

  getId(): string {
    return this._d.id;
  }
  getName(): string {
    return this._d.name;
  }
  rename(name: unknown): void {
    this._d.name = String(name);
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this._d.id}/edit`;
  }
  getOwner(): unknown {
    return this._x.wrap('User', new UserImpl(this._d.owner));
  }
  getSpreadsheetTimeZone(): string {
    return this._d.timeZone;
  }
  setSpreadsheetTimeZone(tz: unknown): void {
    if (typeof tz !== 'string' || !isValidTimeZone(tz)) throw serviceError(`Invalid argument: timezone`);
    this._d.timeZone = tz;
  }
  getSpreadsheetLocale(): string {
    return this._d.locale;
  }
  setSpreadsheetLocale(locale: unknown): void {
    this._d.locale = String(locale);
  }
  getSheets(): unknown[] {
    return this._d.sheets.map((s) => mkSheet(this._x, this._d, s));
  }
  getNumSheets(): number {
    return this._d.sheets.length;
  }
  getSheetByName(name: unknown): unknown {
    const s = this._d.sheetByName(String(name));
    return s ? mkSheet(this._x, this._d, s) : null;
  }
  getSheetById(id: unknown): unknown {
    const s = this._d.sheetById(Number(id));
    return s ? mkSheet(this._x, this._d, s) : null;
  }
  insertSheet(a?: unknown, b?: unknown): unknown {
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (typeof b === 'number') index = b;
    } else if (typeof a === 'number') index = a;
    else if (a !== undefined && a !== null && !isPlainObject(a))
      throw serviceError(
        `The parameters (${describeType(a)}) don't match the method signature for SpreadsheetApp.Spreadsheet.insertSheet.`,
      );
    if (name !== undefined && (name.length === 0 || name.length > 100))
      throw serviceError('Invalid argument: sheetName');
    const s = this._d.addSheet(name, index);
    this._d.activeSheetId = s.id;
    this._d.activeRange = null;
    return mkSheet(this._x, this._d, s);
  }
  deleteSheet(sheet: unknown): void {
    const s = (this._x.unwrap(sheet) as SheetImpl)._s;
    const i = this._d.sheets.indexOf(s);
    if (i < 0) throw serviceError('Sheet not found');
    if (this._d.sheets.filter((t) => !t.hidden && t !== s).length === 0)
      throw serviceError("You can't remove all the visible sheets in a document.");
    this._d.sheets.splice(i, 1);
    for (const [k, nr] of this._d.namedRanges) if (nr.rect.sheetId === s.id) this._d.namedRanges.delete(k);
    dropSheetMetadata(this._d, s.id);
    if (this._d.activeSheetId === s.id) {
      this._d.activeSheetId = this._d.activeSheet().id;
      this._d.activeRange = null;
    }
  }
  getActiveSheet(): unknown {
    return mkSheet(this._x, this._d, this._d.activeSheet());
  }
  setActiveSheet(sheet: unknown): unknown {
    const s = (this._x.unwrap(sheet) as SheetImpl)._s;
    this._d.activeSheetId = s.id;
    this._d.activeRange = null;
    return sheet;
  }
  getActiveRange(): unknown {
    const r = this._d.activeRange;
    if (r && this._d.sheetById(r.sheetId) && r.sheetId === this._d.activeSheet().id)
      return mkRangeFromRect(this._x, this._d, r);
    const s = this._d.activeSheet();
    return mkRange(this._x, this._d, s, 1, 1, 1, 1);
  }
  getActiveCell(): unknown {
    return this.getCurrentCell();
  }
  getCurrentCell(): unknown {
    const r = this._x.unwrap(this.getActiveRange()) as RangeImpl;
    return mkRange(this._x, this._d, r._s, r._r, r._c, 1, 1);
  }
  setActiveRange(range: unknown): unknown {
    const { rect } = rectOfRange(this._x, range);
    this._d.activeSheetId = rect.sheetId;
    this._d.activeRange = rect;
    return range;
  }
  setActiveSelection(sel: unknown): unknown {
    const range = typeof sel === 'string' ? this.getRange(sel) : sel;
    return this.setActiveRange(range);
  }
  setCurrentCell(cell: unknown): unknown {
    return this.setActiveRange(cell);
  }
  getRange(a1: unknown): unknown {
    if (typeof a1 !== 'string')
      throw serviceError(
        `The parameters (${describeType(a1)}) don't match the method signature for SpreadsheetApp.Spreadsheet.getRange.`,
      );
    const p = parseA1(a1);
    const named = !p ? this._d.namedRanges.get(a1) : undefined;
    if (named) return mkRangeFromRect(this._x, this._d, named.rect);
    const { sheet, r, c, nr, nc } = resolveA1(this._d, p, this._d.activeSheet(), a1);
    return mkRange(this._x, this._d, sheet, r, c, nr, nc);
  }
  getRangeByName(name: unknown): unknown {
    const nr = this._d.namedRanges.get(String(name));
    return nr ? mkRangeFromRect(this._x, this._d, nr.rect) : null;
  }
  getNamedRanges(): unknown[] {
    return [...this._d.namedRanges.values()].map((nr) =>
      this._x.wrap('NamedRange', new NamedRangeImpl(this._x, this._d, nr.name)),
    );
  }
  setNamedRange(name: unknown, range: unknown): void {
    const n = String(name);
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(n) || parseA1(n) || /^(true|false)$/i.test(n) || n.length > 250) {
      throw serviceError(
        'Named ranges must have a name that is 1-250 characters long, starts with a letter or underscore, and is not a cell reference.',
      );
    }
    const { rect } = rectOfRange(this._x, range);
    this._d.namedRanges.set(n, { name: n, rect });
  }
  removeNamedRange(name: unknown): void {
    if (!this._d.namedRanges.delete(String(name))) throw serviceError('Named range not found.');
  }
  toast(msg: unknown, title?: unknown, timeoutSeconds?: unknown): void {
    this._x.world.ui.toasts.push({
      spreadsheetId: this._d.id,
      message: String(msg),
      title: title === undefined ? '' : String(title),
      timeoutSeconds: timeoutSeconds === undefined ? 5 : Number(timeoutSeconds),
      user: this._x.user,
    });
  }
  createTextFinder(text: unknown): unknown {
    return this._x.wrap(
      'TextFinder',
      new TextFinderImpl(this._x, this._d, String(text), () =>
        this._d.sheets.map((s) => ({ sheet: s, r: 1, c: 1, nr: s.maxRows, nc: s.maxCols })),
      ),
    );
  }
  getLastRow(): number {
    return this._d.activeSheet().lastRow();
  }
  getLastColumn(): number {
    return this._d.activeSheet().lastCol();
  }
  getDataRange(): unknown {
    return new SheetImpl(this._x, this._d, this._d.activeSheet()).getDataRange();
  }
}

class NamedRangeImpl {
  constructor(
    private _x: X,
    private _d: SpreadsheetData,
    private _name: string,
  ) {}
  private _rec() {
    const r = this._d.namedRanges.get(this._name);
    if (!r) throw serviceError('Named range not found.');
    return r;
  }
  getName(): string {
    return this._name;
  }
  getRange(): unknown {
    return mkRangeFromRect(this._x, this._d, this._rec().rect);
  }
  setName(name: unknown): this {
    const r = this._rec();
    this._d.namedRanges.delete(this._name);
    this._name = String(name);
    this._d.namedRanges.set(this._name, { name: this._name, rect: r.rect });
    return this;
  }
  setRange(range: unknown): this {
    this._rec().rect = rectOfRange(this._x, range).rect;
    return this;
  }
  remove(): void {
    this._d.namedRanges.delete(this._name);
  }
}

// ------------------------------------------------------------------ Sheet

export class SheetImpl {
  constructor(
    public _x: X,
    public _ss: SpreadsheetData,
    public _s: SheetData,
  ) {}

  private get _sh(): SheetData {
    return liveSheet(this._ss, this._s);
  }
  getName(): string {
    return this._sh.name;
  }
  getSheetName(): string {
    return this._sh.name;
  }
  setName(name: unknown): this {
    const n = String(name);
    if (!n || n.length > 100) throw serviceError('Invalid argument: name');
    const other = this._ss.sheets.find((t) => t !== this._s && t.name.toLowerCase() === n.toLowerCase());
    if (other) throw serviceError(`A sheet with the name "${n}" already exists. Please enter another name.`);
    this._sh.name = n;
    return this;
  }
  getSheetId(): number {
    return this._sh.id;
  }
  getType(): string {
    return SheetType.GRID;
  }
  getParent(): unknown {
    return mkSpreadsheet(this._x, this._ss);
  }
  getIndex(): number {
    return this._ss.sheets.indexOf(this._sh) + 1;
  }
  getLastRow(): number {
    return this._sh.lastRow();
  }
  getLastColumn(): number {
    return this._sh.lastCol();
  }
  getMaxRows(): number {
    return this._sh.maxRows;
  }
  getMaxColumns(): number {
    return this._sh.maxCols;
  }

  // ---- rows / columns
  private _insertRows(before: number, n: number): void {
    const s = this._sh;
    this._ss.assertCellBudget(n * s.maxCols);
    for (const g of s.allGrids()) g.insertRows(before - 1, n);
    s.maxRows += n;
    shiftRects(this._ss, s.id, 'row', before, n);
  }
  private _insertCols(before: number, n: number): void {
    const s = this._sh;
    if (s.maxCols + n > MAX_COLUMNS)
      throw serviceError(
        `This action would increase the number of columns in the sheet above the limit of ${MAX_COLUMNS}.`,
      );
    this._ss.assertCellBudget(n * s.maxRows);
    for (const g of s.allGrids()) g.insertCols(before - 1, n);
    s.maxCols += n;
    shiftRects(this._ss, s.id, 'col', before, n);
  }
  private _count(n: unknown): number {
    const v = toInt(n);
    if (v < 1) throw serviceError('The number of rows or columns to insert must be at least 1.');
    return v;
  }
  insertRowsAfter(after: unknown, howMany: unknown): this {
    const a = toInt(after);
    if (a < 1 || a > this._sh.maxRows) throw serviceError('Those rows are out of bounds.');
    this._insertRows(a + 1, this._count(howMany));
    return this;
  }
  insertRowsBefore(before: unknown, howMany: unknown): this {
    const b = toInt(before);
    if (b < 1 || b > this._sh.maxRows) throw serviceError('Those rows are out of bounds.');
    this._insertRows(b, this._count(howMany));
    return this;
  }
  insertRows(rowIndex: unknown, numRows?: unknown): void {
    this.insertRowsBefore(rowIndex, numRows === undefined ? 1 : numRows);
  }
  insertRowAfter(after: unknown): this {
    return this.insertRowsAfter(after, 1);
  }
  insertRowBefore(before: unknown): this {
    return this.insertRowsBefore(before, 1);
  }
  insertColumnsAfter(after: unknown, howMany: unknown): this {
    const a = toInt(after);
    if (a < 1 || a > this._sh.maxCols) throw serviceError('Those columns are out of bounds.');
    this._insertCols(a + 1, this._count(howMany));
    return this;
  }
  insertColumnsBefore(before: unknown, howMany: unknown): this {
    const b = toInt(before);
    if (b < 1 || b > this._sh.maxCols) throw serviceError('Those columns are out of bounds.');
    this._insertCols(b, this._count(howMany));
    return this;
  }
  insertColumns(colIndex: unknown, numCols?: unknown): void {
    this.insertColumnsBefore(colIndex, numCols === undefined ? 1 : numCols);
  }
  insertColumnAfter(after: unknown): this {
    return this.insertColumnsAfter(after, 1);
  }
  insertColumnBefore(before: unknown): this {
    return this.insertColumnsBefore(before, 1);
  }
  deleteRows(position: unknown, howMany: unknown): void {
    const s = this._sh;
    const p = toInt(position);
    const n = toInt(howMany);
    if (p < 1 || n < 1 || p + n - 1 > s.maxRows) throw serviceError('Those rows are out of bounds.');
    if (n >= s.maxRows) throw serviceError("You can't delete all the rows on the sheet.");
    for (const g of s.allGrids()) g.deleteRows(p - 1, n);
    s.maxRows -= n;
    if (s.frozenRows > s.maxRows - 1) s.frozenRows = Math.max(0, s.maxRows - 1);
    shiftRects(this._ss, s.id, 'row', p, -n);
  }
  deleteRow(position: unknown): this {
    this.deleteRows(position, 1);
    return this;
  }
  deleteColumns(position: unknown, howMany: unknown): void {
    const s = this._sh;
    const p = toInt(position);
    const n = toInt(howMany);
    if (p < 1 || n < 1 || p + n - 1 > s.maxCols) throw serviceError('Those columns are out of bounds.');
    if (n >= s.maxCols) throw serviceError("You can't delete all the columns on the sheet.");
    for (const g of s.allGrids()) g.deleteCols(p - 1, n);
    s.maxCols -= n;
    shiftRects(this._ss, s.id, 'col', p, -n);
  }
  deleteColumn(position: unknown): this {
    this.deleteColumns(position, 1);
    return this;
  }

  // ---- ranges
  getRange(a: unknown, b?: unknown, c?: unknown, d?: unknown): unknown {
    const s = this._sh;
    if (typeof a === 'string' && b === undefined) {
      const p = parseA1(a);
      if (p && p.sheetName !== undefined && p.sheetName !== s.name) throw serviceError('Range not found');
      const res = resolveA1(this._ss, p, s, a);
      return mkRange(this._x, this._ss, s, res.r, res.c, res.nr, res.nc);
    }
    const r = toInt(a);
    const col = toInt(b);
    const nr = c === undefined ? 1 : toInt(c);
    const nc = d === undefined ? 1 : toInt(d);
    return mkRange(this._x, this._ss, s, r, col, nr, nc);
  }
  getDataRange(): unknown {
    const s = this._sh;
    return mkRange(this._x, this._ss, s, 1, 1, Math.max(1, s.lastRow()), Math.max(1, s.lastCol()));
  }
  getSheetValues(r: unknown, c: unknown, nr: unknown, nc: unknown): unknown[][] {
    return (this._x.unwrap(this.getRange(r, c, nr, nc)) as RangeImpl).getValues();
  }
  getActiveRange(): unknown {
    const ar = this._ss.activeRange;
    if (ar && ar.sheetId === this._s.id) return mkRangeFromRect(this._x, this._ss, ar);
    return mkRange(this._x, this._ss, this._sh, 1, 1, 1, 1);
  }
  getActiveCell(): unknown {
    const r = this._x.unwrap(this.getActiveRange()) as RangeImpl;
    return mkRange(this._x, this._ss, this._sh, r._r, r._c, 1, 1);
  }
  appendRow(rowContents: unknown): this {
    if (!Array.isArray(rowContents))
      throw serviceError(
        `The parameters (${describeType(rowContents)}) don't match the method signature for SpreadsheetApp.Sheet.appendRow.`,
      );
    const s = this._sh;
    const row = s.lastRow() + 1;
    const width = Math.max(1, rowContents.length);
    if (width > s.maxCols) this._insertCols(s.maxCols + 1, width - s.maxCols);
    if (row > s.maxRows) this._insertRows(s.maxRows + 1, row - s.maxRows);
    new RangeImpl(this._x, this._ss, s, row, 1, 1, width)._write([rowContents.length ? rowContents : ['']]);
    return this;
  }

  // ---- freezing, sizing, visibility
  setFrozenRows(n: unknown): void {
    const v = toInt(n);
    if (v < 0) throw serviceError('Invalid argument: rows');
    if (v >= this._sh.maxRows) throw serviceError("You can't freeze all visible rows on the sheet.");
    this._sh.frozenRows = v;
  }
  getFrozenRows(): number {
    return this._sh.frozenRows;
  }
  setFrozenColumns(n: unknown): void {
    const v = toInt(n);
    if (v < 0) throw serviceError('Invalid argument: columns');
    if (v >= this._sh.maxCols) throw serviceError("You can't freeze all visible columns on the sheet.");
    this._sh.frozenCols = v;
  }
  getFrozenColumns(): number {
    return this._sh.frozenCols;
  }
  autoResizeColumns(start: unknown, num: unknown): this {
    const a = toInt(start);
    const n = toInt(num);
    if (a < 1 || n < 1 || a + n - 1 > this._sh.maxCols) throw serviceError('Those columns are out of bounds.');
    for (let c = a; c < a + n; c++) this._sh.colWidths.set(c, -1);
    return this;
  }
  autoResizeColumn(col: unknown): this {
    return this.autoResizeColumns(col, 1);
  }
  setColumnWidth(col: unknown, width: unknown): this {
    const c = toInt(col);
    if (c < 1 || c > this._sh.maxCols) throw serviceError('Those columns are out of bounds.');
    this._sh.colWidths.set(c, toInt(width));
    return this;
  }
  setColumnWidths(start: unknown, num: unknown, width: unknown): this {
    const a = toInt(start);
    const n = toInt(num);
    for (let c = a; c < a + n; c++) this.setColumnWidth(c, width);
    return this;
  }
  getColumnWidth(col: unknown): number {
    const w = this._sh.colWidths.get(toInt(col));
    return w === undefined || w < 0 ? 100 : w;
  }
  setRowHeight(row: unknown, height: unknown): this {
    this._sh.rowHeights.set(toInt(row), toInt(height));
    return this;
  }
  getRowHeight(row: unknown): number {
    return this._sh.rowHeights.get(toInt(row)) ?? 21;
  }
  hideSheet(): this {
    if (this._ss.sheets.filter((t) => !t.hidden && t !== this._s).length === 0)
      throw serviceError("You can't hide all the sheets in a document.");
    this._sh.hidden = true;
    return this;
  }
  showSheet(): this {
    this._sh.hidden = false;
    return this;
  }
  isSheetHidden(): boolean {
    return this._sh.hidden;
  }
  setTabColor(color: unknown): this {
    this._sh.tabColor = color === null ? null : String(color);
    return this;
  }
  getTabColor(): string | null {
    return this._sh.tabColor;
  }
  activate(): this {
    this._ss.activeSheetId = this._sh.id;
    this._ss.activeRange = null;
    return this;
  }

  // ---- clearing
  clear(options?: unknown): this {
    const o = isPlainObject(options) ? options : {};
    const s = this._sh;
    const contents = !o.formatOnly || !!o.contentsOnly;
    const formats = !o.contentsOnly || !!o.formatOnly;
    if (contents) {
      s.values.clearAll();
      s.formulas.clearAll();
    }
    if (formats) for (const k of STYLE_KEYS) s.styles[k].clearAll();
    return this;
  }
  clearContents(): this {
    this._sh.values.clearAll();
    this._sh.formulas.clearAll();
    return this;
  }
  clearFormats(): this {
    for (const k of STYLE_KEYS) this._sh.styles[k].clearAll();
    return this;
  }
  clearNotes(): this {
    this._sh.notes.clearAll();
    return this;
  }
  clearConditionalFormatRules(): void {
    this._sh.cfRules = [];
  }

  // ---- charts
  newChart(): unknown {
    return this._x.wrap(
      'EmbeddedChartBuilder',
      new ChartBuilderImpl(this._x, this._ss, {
        chartId: null,
        type: '',
        ranges: [],
        options: {},
        position: { row: 1, col: 1, offsetX: 0, offsetY: 0 },
        numHeaders: -1,
        mergeStrategy: ChartMergeStrategy.MERGE_COLUMNS,
        transpose: false,
        hiddenDimensionStrategy: ChartHiddenDimensionStrategy.IGNORE_BOTH,
      }),
    );
  }
  getCharts(): unknown[] {
    return this._sh.charts.map((c) =>
      this._x.wrap('EmbeddedChart', new EmbeddedChartImpl(this._x, this._ss, copyChart(c))),
    );
  }
  private _chart(chart: unknown): ChartData {
    const c = this._x.unwrap(chart);
    if (!(c instanceof EmbeddedChartImpl))
      throw serviceError(
        `The parameters (${describeType(chart)}) don't match the method signature for SpreadsheetApp.Sheet.insertChart.`,
      );
    return c._d;
  }
  insertChart(chart: unknown): void {
    const d = copyChart(this._chart(chart));
    if (d.chartId !== null && this._ss.sheets.some((s) => s.charts.some((c) => c.chartId === d.chartId))) {
      throw serviceError('This chart is already in the sheet; use updateChart.');
    }
    d.chartId = this._ss.nextChartId++;
    this._sh.charts.push(d);
  }
  updateChart(chart: unknown): void {
    const d = this._chart(chart);
    const i = this._sh.charts.findIndex((c) => c.chartId !== null && c.chartId === d.chartId);
    if (i < 0) throw serviceError('Chart not found in this sheet.');
    this._sh.charts[i] = copyChart(d);
  }
  removeChart(chart: unknown): void {
    const d = this._chart(chart);
    const i = this._sh.charts.findIndex((c) => c.chartId !== null && c.chartId === d.chartId);
    if (i < 0) throw serviceError('Chart not found in this sheet.');
    this._sh.charts.splice(i, 1);
  }

  // ---- conditional formats
  getConditionalFormatRules(): unknown[] {
    return this._sh.cfRules.map((r) =>
      this._x.wrap('ConditionalFormatRule', new CfRuleImpl(this._x, this._ss, copyCfRule(r))),
    );
  }
  setConditionalFormatRules(rules: unknown): void {
    if (!Array.isArray(rules))
      throw serviceError(
        `The parameters (${describeType(rules)}) don't match the method signature for SpreadsheetApp.Sheet.setConditionalFormatRules.`,
      );
    const data = rules.map((r) => {
      const impl = this._x.unwrap(r);
      if (!(impl instanceof CfRuleImpl)) throw serviceError('Invalid argument: rules');
      return copyCfRule(impl._d);
    });
    this._sh.cfRules = data;
  }

  createTextFinder(text: unknown): unknown {
    const s = this._sh;
    return this._x.wrap(
      'TextFinder',
      new TextFinderImpl(this._x, this._ss, String(text), () => [
        { sheet: s, r: 1, c: 1, nr: s.maxRows, nc: s.maxCols },
      ]),
    );
  }
  getNamedRanges(): unknown[] {
    return [...this._ss.namedRanges.values()]
      .filter((n) => n.rect.sheetId === this._s.id)
      .map((nr) => this._x.wrap('NamedRange', new NamedRangeImpl(this._x, this._ss, nr.name)));
  }
}

// ------------------------------------------------------------------ Range

const VALID_WEIGHTS = new Set(['bold', 'normal']);
const VALID_HALIGN = new Set([
  'left',
  'center',
  'right',
  'normal',
  'general',
  'general-left',
  'general-right',
  'general-center',
]);

export class RangeImpl {
  constructor(
    public _x: X,
    public _ss: SpreadsheetData,
    public _s: SheetData,
    public _r: number,
    public _c: number,
    public _nr: number,
    public _nc: number,
  ) {}

  _rect(): Rect {
    return { sheetId: this._s.id, row: this._r, col: this._c, numRows: this._nr, numCols: this._nc };
  }
  private get _sh(): SheetData {
    const s = liveSheet(this._ss, this._s);
    return s;
  }
  private _check(): SheetData {
    const s = this._sh;
    checkBounds(s, this._r, this._c, this._nr, this._nc);
    return s;
  }
  private _dims(data: unknown, method: string): unknown[][] {
    if (!Array.isArray(data) || (data.length > 0 && !data.every((row) => Array.isArray(row)))) {
      throw serviceError(
        `The parameters (${describeType(data)}) don't match the method signature for SpreadsheetApp.Range.${method}.`,
      );
    }
    if (data.length !== this._nr) {
      throw serviceError(
        `The number of rows in the data does not match the number of rows in the range. The data has ${data.length} but the range has ${this._nr}.`,
      );
    }
    for (const row of data as unknown[][]) {
      if (row.length !== this._nc) {
        throw serviceError(
          `The number of columns in the data does not match the number of columns in the range. The data has ${row.length} but the range has ${this._nc}.`,
        );
      }
    }
    return data as unknown[][];
  }

  /** Writes a checked 2-D array with Sheets' input coercion. */
  _write(data: unknown[][]): void {
    const s = this._check();
    // Validate first so that a failing write changes nothing.
    for (const row of data)
      for (const v of row) {
        if (typeof v === 'string') assertCellLength(v);
        else if (Array.isArray(v))
          throw serviceError(
            "The parameters (Object[][][]) don't match the method signature for SpreadsheetApp.Range.setValues.",
          );
      }
    const tz = this._ss.timeZone;
    const fmtGrid = s.styles.numberFormat;
    for (let i = 0; i < data.length; i++) {
      const r = this._r - 1 + i;
      const row = data[i];
      for (let j = 0; j < row.length; j++) {
        const c = this._c - 1 + j;
        const v = row[j];
        if (typeof v === 'number') {
          s.values.set(r, c, v);
          s.formulas.set(r, c, undefined);
          continue;
        }
        const fmt = fmtGrid.get(r, c);
        const res = coerceInput(v, fmt, tz);
        s.values.set(r, c, res.value);
        s.formulas.set(r, c, res.formula);
        if (res.autoFormat && (fmt === undefined || fmt === 'General')) fmtGrid.set(r, c, res.autoFormat);
      }
    }
  }

  private _valueAt(s: SheetData, r: number, c: number): unknown {
    const f = s.formulas.get(r, c);
    if (f !== undefined) {
      const ev = this._x.world.formulaEvaluator;
      if (!ev) return '';
      const v = ev(f, { spreadsheetId: this._ss.id, sheetName: s.name, row: r + 1, column: c + 1 });
      return v === undefined || v === null ? '' : v;
    }
    const v = s.values.get(r, c);
    if (v === undefined) return '';
    return isDate(v) ? new Date(v.getTime()) : v;
  }

  private _map<T>(fn: (s: SheetData, r: number, c: number) => T): T[][] {
    const s = this._check();
    const out: T[][] = new Array(this._nr);
    for (let i = 0; i < this._nr; i++) {
      const row: T[] = new Array(this._nc);
      for (let j = 0; j < this._nc; j++) row[j] = fn(s, this._r - 1 + i, this._c - 1 + j);
      out[i] = row;
    }
    return out;
  }

  // ---- values
  getValues(): unknown[][] {
    const s = this._check();
    const out: unknown[][] = new Array(this._nr);
    const hasFormulas = s.formulas.rows.length > 0;
    for (let i = 0; i < this._nr; i++) {
      const r = this._r - 1 + i;
      const vrow = s.values.rows[r];
      const row: unknown[] = new Array(this._nc);
      for (let j = 0; j < this._nc; j++) {
        const c = this._c - 1 + j;
        if (hasFormulas && s.formulas.get(r, c) !== undefined) {
          row[j] = this._valueAt(s, r, c);
          continue;
        }
        const v = vrow === undefined ? undefined : vrow[c];
        row[j] = v === undefined ? '' : isDate(v) ? new Date(v.getTime()) : v;
      }
      out[i] = row;
    }
    return out;
  }
  getValue(): unknown {
    return this._valueAt(this._check(), this._r - 1, this._c - 1);
  }
  getDisplayValues(): string[][] {
    const tz = this._ss.timeZone;
    return this._map((s, r, c) => displayValue(this._valueAt(s, r, c), s.styles.numberFormat.get(r, c), tz));
  }
  getDisplayValue(): string {
    const s = this._check();
    return displayValue(
      this._valueAt(s, this._r - 1, this._c - 1),
      s.styles.numberFormat.get(this._r - 1, this._c - 1),
      this._ss.timeZone,
    );
  }
  setValues(values: unknown): this {
    this._write(this._dims(values, 'setValues'));
    return this;
  }
  setValue(value: unknown): this {
    if (Array.isArray(value))
      throw serviceError(
        `The parameters (${describeType(value)}) don't match the method signature for SpreadsheetApp.Range.setValue.`,
      );
    const row = new Array(this._nc).fill(value);
    this._write(Array.from({ length: this._nr }, () => row));
    return this;
  }
  isBlank(): boolean {
    const s = this._check();
    for (let i = 0; i < this._nr; i++)
      for (let j = 0; j < this._nc; j++) {
        const r = this._r - 1 + i;
        const c = this._c - 1 + j;
        if (s.values.get(r, c) !== undefined || s.formulas.get(r, c) !== undefined) return false;
      }
    return true;
  }

  // ---- formulas
  getFormulas(): string[][] {
    return this._map((s, r, c) => s.formulas.get(r, c) ?? '');
  }
  getFormula(): string {
    return this._check().formulas.get(this._r - 1, this._c - 1) ?? '';
  }
  private _formulaCell(f: unknown): unknown {
    if (f === null || f === undefined || f === '') return '';
    const s = String(f);
    return s.startsWith('=') ? s : `=${s}`;
  }
  setFormula(formula: unknown): this {
    const v = this._formulaCell(formula);
    const row = new Array(this._nc).fill(v);
    this._write(Array.from({ length: this._nr }, () => row));
    return this;
  }
  setFormulas(formulas: unknown): this {
    const data = this._dims(formulas, 'setFormulas');
    this._write(data.map((row) => row.map((f) => this._formulaCell(f))));
    return this;
  }

  // ---- generic style layers (setX / setXs / getX / getXs), installed below
  _setStyle(key: StyleKey | 'note', data: unknown[][]): this {
    const s = this._check();
    const grid = key === 'note' ? s.notes : s.styles[key];
    const def = key === 'note' ? '' : STYLE_DEFAULTS[key];
    for (let i = 0; i < this._nr; i++)
      for (let j = 0; j < this._nc; j++) {
        let v = data[i][j];
        if (key === 'fontWeight' && v !== null && v !== undefined && !VALID_WEIGHTS.has(String(v)))
          throw serviceError('Invalid argument: fontWeight');
        if (
          key === 'horizontalAlignment' &&
          v !== null &&
          v !== undefined &&
          !VALID_HALIGN.has(String(v).toLowerCase())
        )
          throw serviceError('Invalid argument: alignment');
        if (key === 'note' && v !== null && v !== undefined) v = String(v);
        if (key === 'numberFormat' && v !== null && v !== undefined) v = String(v);
        grid.set(
          this._r - 1 + i,
          this._c - 1 + j,
          v === null || v === undefined || v === def || v === '' ? undefined : v,
        );
      }
    return this;
  }
  _getStyle(key: StyleKey | 'note'): unknown[][] {
    const def = key === 'note' ? '' : STYLE_DEFAULTS[key];
    return this._map((s, r, c) => {
      const v = (key === 'note' ? s.notes : s.styles[key]).get(r, c);
      return v === undefined ? def : v;
    });
  }
  setBorder(...args: unknown[]): this {
    void args;
    this._check();
    return this;
  }

  // ---- clearing
  private _clear(contents: boolean, formats: boolean, notes: boolean): this {
    const s = this._check();
    const [r, c, nr, nc] = [this._r - 1, this._c - 1, this._nr, this._nc];
    if (contents) {
      s.values.clearRect(r, c, nr, nc);
      s.formulas.clearRect(r, c, nr, nc);
    }
    if (formats) for (const k of STYLE_KEYS) s.styles[k].clearRect(r, c, nr, nc);
    if (notes) s.notes.clearRect(r, c, nr, nc);
    return this;
  }
  clear(options?: unknown): this {
    if (isPlainObject(options)) {
      const o = options;
      if (o.commentsOnly || o.validationsOnly) return this;
      return this._clear(!o.formatOnly || !!o.contentsOnly, !o.contentsOnly || !!o.formatOnly, false);
    }
    return this._clear(true, true, false);
  }
  clearContent(): this {
    return this._clear(true, false, false);
  }
  clearFormat(): this {
    return this._clear(false, true, false);
  }
  clearNote(): this {
    return this._clear(false, false, true);
  }

  // ---- geometry
  getA1Notation(): string {
    return rectA1(this._r, this._c, this._nr, this._nc);
  }
  getRow(): number {
    return this._r;
  }
  getRowIndex(): number {
    return this._r;
  }
  getColumn(): number {
    return this._c;
  }
  getLastRow(): number {
    return this._r + this._nr - 1;
  }
  getLastColumn(): number {
    return this._c + this._nc - 1;
  }
  getNumRows(): number {
    return this._nr;
  }
  getNumColumns(): number {
    return this._nc;
  }
  getHeight(): number {
    return this._nr;
  }
  getWidth(): number {
    return this._nc;
  }
  getGridId(): number {
    return this._s.id;
  }
  getSheet(): unknown {
    return mkSheet(this._x, this._ss, this._sh);
  }
  activate(): this {
    this._ss.activeSheetId = this._s.id;
    this._ss.activeRange = this._rect();
    return this;
  }
  offset(rowOffset: unknown, colOffset: unknown, numRows?: unknown, numCols?: unknown): unknown {
    const r = this._r + toInt(rowOffset);
    const c = this._c + toInt(colOffset);
    return mkRange(
      this._x,
      this._ss,
      this._sh,
      r,
      c,
      numRows === undefined ? this._nr : toInt(numRows),
      numCols === undefined ? this._nc : toInt(numCols),
    );
  }
  getCell(row: unknown, col: unknown): unknown {
    const r = toInt(row);
    const c = toInt(col);
    if (r < 1 || c < 1 || r > this._nr || c > this._nc) throw serviceError('Cell reference out of range');
    return mkRange(this._x, this._ss, this._sh, this._r + r - 1, this._c + c - 1, 1, 1);
  }
  isPartOfMerge(): boolean {
    return false;
  }
  createTextFinder(text: unknown): unknown {
    const s = this._sh;
    return this._x.wrap(
      'TextFinder',
      new TextFinderImpl(this._x, this._ss, String(text), () => [
        { sheet: s, r: this._r, c: this._c, nr: this._nr, nc: this._nc },
      ]),
    );
  }
  copyTo(destination: unknown, options?: unknown): void {
    const { sheet: ds, rect } = rectOfRange(this._x, destination);
    const o = isPlainObject(options) ? options : {};
    const src = this._check();
    const contents = !o.formatOnly;
    const formats = !o.contentsOnly;
    checkBounds(ds, rect.row, rect.col, this._nr, this._nc);
    const copy = <T>(
      from: { get(r: number, c: number): T | undefined },
      to: { set(r: number, c: number, v: T | undefined): void },
    ) => {
      const buf: (T | undefined)[][] = [];
      for (let i = 0; i < this._nr; i++) {
        buf.push([]);
        for (let j = 0; j < this._nc; j++) buf[i].push(from.get(this._r - 1 + i, this._c - 1 + j));
      }
      for (let i = 0; i < this._nr; i++)
        for (let j = 0; j < this._nc; j++) to.set(rect.row - 1 + i, rect.col - 1 + j, buf[i][j]);
    };
    if (contents) {
      copy(src.values, ds.values);
      copy(src.formulas, ds.formulas);
    }
    if (formats) for (const k of STYLE_KEYS) copy(src.styles[k], ds.styles[k]);
  }
}

const STYLE_METHODS: [StyleKey | 'note', string, string, string, string][] = [
  ['numberFormat', 'setNumberFormat', 'setNumberFormats', 'getNumberFormat', 'getNumberFormats'],
  ['fontWeight', 'setFontWeight', 'setFontWeights', 'getFontWeight', 'getFontWeights'],
  ['fontStyle', 'setFontStyle', 'setFontStyles', 'getFontStyle', 'getFontStyles'],
  ['fontColor', 'setFontColor', 'setFontColors', 'getFontColor', 'getFontColors'],
  ['fontSize', 'setFontSize', 'setFontSizes', 'getFontSize', 'getFontSizes'],
  ['fontFamily', 'setFontFamily', 'setFontFamilies', 'getFontFamily', 'getFontFamilies'],
  ['fontLine', 'setFontLine', 'setFontLines', 'getFontLine', 'getFontLines'],
  ['background', 'setBackground', 'setBackgrounds', 'getBackground', 'getBackgrounds'],
  [
    'horizontalAlignment',
    'setHorizontalAlignment',
    'setHorizontalAlignments',
    'getHorizontalAlignment',
    'getHorizontalAlignments',
  ],
  [
    'verticalAlignment',
    'setVerticalAlignment',
    'setVerticalAlignments',
    'getVerticalAlignment',
    'getVerticalAlignments',
  ],
  ['wrap', 'setWrap', 'setWraps', 'getWrap', 'getWraps'],
  ['note', 'setNote', 'setNotes', 'getNote', 'getNotes'],
];
const proto = RangeImpl.prototype as unknown as Record<string, unknown>;
for (const [key, set1, setN, get1, getN] of STYLE_METHODS) {
  proto[set1] = function (this: RangeImpl, v: unknown) {
    if (Array.isArray(v))
      throw serviceError(
        `The parameters (${describeType(v)}) don't match the method signature for SpreadsheetApp.Range.${set1}.`,
      );
    return this._setStyle(
      key,
      Array.from({ length: this._nr }, () => new Array(this._nc).fill(v)),
    );
  };
  proto[setN] = function (this: RangeImpl, v: unknown) {
    return this._setStyle(key, (this as unknown as { _dims(d: unknown, m: string): unknown[][] })._dims(v, setN));
  };
  proto[get1] = function (this: RangeImpl) {
    return this._getStyle(key)[0][0];
  };
  proto[getN] = function (this: RangeImpl) {
    return this._getStyle(key);
  };
}

// ------------------------------------------------------------------ TextFinder

interface Scope {
  sheet: SheetData;
  r: number;
  c: number;
  nr: number;
  nc: number;
}

class TextFinderImpl {
  private _matchCase = false;
  private _entire = false;
  private _formula = false;
  private _regex = false;
  private _pos = -1;
  constructor(
    private _x: X,
    private _ss: SpreadsheetData,
    private _text: string,
    private _scopes: () => Scope[],
  ) {}
  matchCase(b: unknown): this {
    this._matchCase = !!b;
    return this;
  }
  matchEntireCell(b: unknown): this {
    this._entire = !!b;
    return this;
  }
  matchFormulaText(b: unknown): this {
    this._formula = !!b;
    return this;
  }
  useRegularExpression(b: unknown): this {
    this._regex = !!b;
    return this;
  }
  ignoreDiacritics(): this {
    return this;
  }
  private _re(global = false): RegExp {
    const src = this._regex ? this._text : this._text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(this._entire ? `^(?:${src})$` : src, (this._matchCase ? '' : 'i') + (global ? 'g' : ''));
  }
  private _matches(): { sheet: SheetData; r: number; c: number }[] {
    const re = this._re();
    const out: { sheet: SheetData; r: number; c: number }[] = [];
    const tz = this._ss.timeZone;
    for (const sc of this._scopes()) {
      const s = sc.sheet;
      const lastR = Math.min(sc.r + sc.nr - 1, s.lastRow());
      const lastC = Math.min(sc.c + sc.nc - 1, s.lastCol());
      for (let r = sc.r; r <= lastR; r++)
        for (let c = sc.c; c <= lastC; c++) {
          const f = s.formulas.get(r - 1, c - 1);
          let text: string;
          if (f !== undefined && this._formula) text = f;
          else {
            const range = new RangeImpl(this._x, this._ss, s, r, c, 1, 1);
            text = range.getDisplayValue();
          }
          void tz;
          if (text !== '' && re.test(text)) out.push({ sheet: s, r, c });
        }
    }
    return out;
  }
  findAll(): unknown[] {
    return this._matches().map((m) => mkRange(this._x, this._ss, m.sheet, m.r, m.c, 1, 1));
  }
  findNext(): unknown {
    const all = this._matches();
    this._pos++;
    if (this._pos >= all.length) return null;
    const m = all[this._pos];
    return mkRange(this._x, this._ss, m.sheet, m.r, m.c, 1, 1);
  }
  findPrevious(): unknown {
    const all = this._matches();
    this._pos--;
    if (this._pos < 0) return null;
    const m = all[this._pos];
    return mkRange(this._x, this._ss, m.sheet, m.r, m.c, 1, 1);
  }
  replaceAllWith(replacement: unknown): number {
    const all = this._matches();
    let n = 0;
    for (const m of all) {
      const v = m.sheet.values.get(m.r - 1, m.c - 1);
      if (typeof v !== 'string') continue;
      const next = v.replace(this._re(true), String(replacement));
      new RangeImpl(this._x, this._ss, m.sheet, m.r, m.c, 1, 1)._write([[next]]);
      n++;
    }
    return n;
  }
}

// ------------------------------------------------------------------ Charts

const CHART_OPTION_SETTERS: Record<string, string> = {
  setTitle: 'title',
  setXAxisTitle: 'hAxis.title',
  setYAxisTitle: 'vAxis.title',
  setLegendPosition: 'legend.position',
  setColors: 'colors',
  setCurveStyle: 'curveType',
  setPointStyle: 'pointSize',
  setBackgroundColor: 'backgroundColor',
};

export class ChartBuilderImpl {
  constructor(
    private _x: X,
    private _ss: SpreadsheetData,
    public _d: ChartData,
  ) {}
  setChartType(t: unknown): this {
    if (!(String(t) in ChartType)) throw serviceError('Invalid argument: type');
    this._d.type = String(t);
    return this;
  }
  getChartType(): string {
    return this._d.type;
  }
  addRange(range: unknown): this {
    this._d.ranges.push(rectOfRange(this._x, range).rect);
    return this;
  }
  removeRange(range: unknown): this {
    const r = rectOfRange(this._x, range).rect;
    this._d.ranges = this._d.ranges.filter((q) => JSON.stringify(q) !== JSON.stringify(r));
    return this;
  }
  clearRanges(): this {
    this._d.ranges = [];
    return this;
  }
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => mkRangeFromRect(this._x, this._ss, r));
  }
  setPosition(anchorRow: unknown, anchorCol: unknown, offsetX: unknown, offsetY: unknown): this {
    this._d.position = {
      row: toInt(anchorRow),
      col: toInt(anchorCol),
      offsetX: toInt(offsetX),
      offsetY: toInt(offsetY),
    };
    return this;
  }
  setOption(key: unknown, value: unknown): this {
    this._d.options[String(key)] = value;
    return this;
  }
  setNumHeaders(n: unknown): this {
    this._d.numHeaders = toInt(n);
    return this;
  }
  setMergeStrategy(m: unknown): this {
    this._d.mergeStrategy = String(m);
    return this;
  }
  setTransposeRowsAndColumns(b: unknown): this {
    this._d.transpose = !!b;
    return this;
  }
  setHiddenDimensionStrategy(s: unknown): this {
    this._d.hiddenDimensionStrategy = String(s);
    return this;
  }
  setStacked(): this {
    this._d.options.isStacked = true;
    return this;
  }
  setDimensions(w: unknown, h: unknown): this {
    this._d.options.width = Number(w);
    this._d.options.height = Number(h);
    return this;
  }
  build(): unknown {
    if (!this._d.type) throw serviceError('The chart type must be set before the chart is built.');
    if (this._d.ranges.length === 0) throw serviceError('The chart needs at least one data range.');
    return this._x.wrap('EmbeddedChart', new EmbeddedChartImpl(this._x, this._ss, copyChart(this._d)));
  }
}
const cproto = ChartBuilderImpl.prototype as unknown as Record<string, unknown>;
for (const [m, key] of Object.entries(CHART_OPTION_SETTERS)) {
  cproto[m] = function (this: ChartBuilderImpl, v: unknown) {
    this._d.options[key] = v;
    return this;
  };
}
for (const [m, type] of Object.entries({
  asAreaChart: 'AREA',
  asBarChart: 'BAR',
  asColumnChart: 'COLUMN',
  asComboChart: 'COMBO',
  asHistogramChart: 'HISTOGRAM',
  asLineChart: 'LINE',
  asPieChart: 'PIE',
  asScatterChart: 'SCATTER',
  asTableChart: 'TABLE',
})) {
  cproto[m] = function (this: ChartBuilderImpl) {
    this._d.type = type;
    return this;
  };
}

export class EmbeddedChartImpl {
  constructor(
    private _x: X,
    private _ss: SpreadsheetData,
    public _d: ChartData,
  ) {}
  getChartId(): number | null {
    return this._d.chartId;
  }
  getId(): string | null {
    return this._d.chartId === null ? null : `u${this._d.chartId}`;
  }
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => mkRangeFromRect(this._x, this._ss, r));
  }
  getOptions(): unknown {
    const o = { ...this._d.options };
    return this._x.wrap('ChartOptions', {
      get: (k: unknown) => (String(k) in o ? o[String(k)] : null),
      getOrDefault: (k: unknown) => (String(k) in o ? o[String(k)] : null),
    });
  }
  getNumHeaders(): number {
    return this._d.numHeaders;
  }
  getMergeStrategy(): string {
    return this._d.mergeStrategy;
  }
  getTransposeRowsAndColumns(): boolean {
    return this._d.transpose;
  }
  getHiddenDimensionStrategy(): string {
    return this._d.hiddenDimensionStrategy;
  }
  getContainerInfo(): unknown {
    const p = { ...this._d.position };
    return this._x.wrap('ContainerInfo', {
      getAnchorRow: () => p.row,
      getAnchorColumn: () => p.col,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    });
  }
  modify(): unknown {
    return this._x.wrap('EmbeddedChartBuilder', new ChartBuilderImpl(this._x, this._ss, copyChart(this._d)));
  }
}

// ------------------------------------------------------------------ Conditional formats

function colorObject(color: string | undefined) {
  return color === undefined ? null : { asRgbColor: () => ({ asHexString: () => color }), getColorType: () => 'RGB' };
}

export class CfRuleBuilderImpl {
  constructor(
    private _x: X,
    public _d: CfRuleData,
  ) {}
  private _point(which: 'min' | 'mid' | 'max', color: unknown, type: string, value: unknown): this {
    if (this._d.boolean) throw serviceError('A rule can have either a gradient or a boolean condition, not both.');
    this._d.gradient = this._d.gradient ?? {};
    const p: GradientPoint = {
      color: String(color),
      type,
      value: value === undefined || value === null ? '' : String(value),
    };
    this._d.gradient[which] = p;
    return this;
  }
  setGradientMinpoint(color: unknown): this {
    return this._point('min', color, InterpolationType.MIN, '');
  }
  setGradientMaxpoint(color: unknown): this {
    return this._point('max', color, InterpolationType.MAX, '');
  }
  setGradientMinpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('min', color, String(type), value);
  }
  setGradientMidpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('mid', color, String(type), value);
  }
  setGradientMaxpointWithValue(color: unknown, type: unknown, value: unknown): this {
    return this._point('max', color, String(type), value);
  }
  setRanges(ranges: unknown): this {
    if (!Array.isArray(ranges))
      throw serviceError(
        `The parameters (${describeType(ranges)}) don't match the method signature for SpreadsheetApp.ConditionalFormatRuleBuilder.setRanges.`,
      );
    this._d.ranges = ranges.map((r) => rectOfRange(this._x, r).rect);
    return this;
  }
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => {
      const ss = [...this._x.world.spreadsheets.values()].find((d) => d.sheetById(r.sheetId));
      return ss ? mkRangeFromRect(this._x, ss, r) : null;
    });
  }
  private _when(criteria: string, ...values: unknown[]): this {
    if (this._d.gradient) throw serviceError('A rule can have either a gradient or a boolean condition, not both.');
    this._d.boolean = {
      ...(this._d.boolean ?? {}),
      criteria,
      values: values.map((v) => (isDate(v) ? v.getTime() : v)),
    };
    return this;
  }
  whenCellEmpty(): this {
    return this._when('CELL_EMPTY');
  }
  whenCellNotEmpty(): this {
    return this._when('CELL_NOT_EMPTY');
  }
  whenNumberGreaterThan(n: unknown): this {
    return this._when('NUMBER_GREATER_THAN', Number(n));
  }
  whenNumberGreaterThanOrEqualTo(n: unknown): this {
    return this._when('NUMBER_GREATER_THAN_OR_EQUAL_TO', Number(n));
  }
  whenNumberLessThan(n: unknown): this {
    return this._when('NUMBER_LESS_THAN', Number(n));
  }
  whenNumberLessThanOrEqualTo(n: unknown): this {
    return this._when('NUMBER_LESS_THAN_OR_EQUAL_TO', Number(n));
  }
  whenNumberBetween(a: unknown, b: unknown): this {
    return this._when('NUMBER_BETWEEN', Number(a), Number(b));
  }
  whenNumberNotBetween(a: unknown, b: unknown): this {
    return this._when('NUMBER_NOT_BETWEEN', Number(a), Number(b));
  }
  whenNumberEqualTo(n: unknown): this {
    return this._when('NUMBER_EQUAL_TO', Number(n));
  }
  whenNumberNotEqualTo(n: unknown): this {
    return this._when('NUMBER_NOT_EQUAL_TO', Number(n));
  }
  whenTextContains(t: unknown): this {
    return this._when('TEXT_CONTAINS', String(t));
  }
  whenTextDoesNotContain(t: unknown): this {
    return this._when('TEXT_DOES_NOT_CONTAIN', String(t));
  }
  whenTextEqualTo(t: unknown): this {
    return this._when('TEXT_EQUAL_TO', String(t));
  }
  whenTextStartsWith(t: unknown): this {
    return this._when('TEXT_STARTS_WITH', String(t));
  }
  whenTextEndsWith(t: unknown): this {
    return this._when('TEXT_ENDS_WITH', String(t));
  }
  whenFormulaSatisfied(f: unknown): this {
    return this._when('CUSTOM_FORMULA', String(f));
  }
  whenDateAfter(d: unknown): this {
    return this._when('DATE_AFTER', d);
  }
  whenDateBefore(d: unknown): this {
    return this._when('DATE_BEFORE', d);
  }
  private _fmt(key: 'background' | 'fontColor' | 'bold' | 'italic' | 'strikethrough' | 'underline', v: unknown): this {
    if (this._d.gradient) throw serviceError('A gradient rule cannot set a format.');
    this._d.boolean = this._d.boolean ?? { criteria: '', values: [] };
    (this._d.boolean as Record<string, unknown>)[key] = v === null || v === undefined ? null : v;
    return this;
  }
  setBackground(c: unknown): this {
    return this._fmt('background', c === null ? null : String(c));
  }
  setFontColor(c: unknown): this {
    return this._fmt('fontColor', c === null ? null : String(c));
  }
  setBold(b: unknown): this {
    return this._fmt('bold', b === null ? null : !!b);
  }
  setItalic(b: unknown): this {
    return this._fmt('italic', b === null ? null : !!b);
  }
  setStrikethrough(b: unknown): this {
    return this._fmt('strikethrough', b === null ? null : !!b);
  }
  setUnderline(b: unknown): this {
    return this._fmt('underline', b === null ? null : !!b);
  }
  build(): unknown {
    const d = this._d;
    if (d.gradient) {
      if (!d.gradient.min || !d.gradient.max) throw serviceError('A gradient rule needs a minpoint and a maxpoint.');
    } else if (!d.boolean || !d.boolean.criteria) {
      throw serviceError('The rule needs a condition (a gradient or a boolean criterion).');
    }
    return this._x.wrap('ConditionalFormatRule', new CfRuleImpl(this._x, null, copyCfRule(d)));
  }
}

export class CfRuleImpl {
  constructor(
    private _x: X,
    private _ss: SpreadsheetData | null,
    public _d: CfRuleData,
  ) {}
  getRanges(): unknown[] {
    return this._d.ranges.map((r) => {
      const ss = this._ss ?? [...this._x.world.spreadsheets.values()].find((d) => d.sheetById(r.sheetId));
      return ss ? mkRangeFromRect(this._x, ss, copyRect(r)) : null;
    });
  }
  getGradientCondition(): unknown {
    const g = this._d.gradient;
    if (!g) return null;
    return this._x.wrap('GradientCondition', {
      getMinColorObject: () => colorObject(g.min?.color),
      getMinType: () => g.min?.type ?? null,
      getMinValue: () => g.min?.value ?? '',
      getMidColorObject: () => colorObject(g.mid?.color),
      getMidType: () => g.mid?.type ?? null,
      getMidValue: () => g.mid?.value ?? '',
      getMaxColorObject: () => colorObject(g.max?.color),
      getMaxType: () => g.max?.type ?? null,
      getMaxValue: () => g.max?.value ?? '',
      getMinColor: () => g.min?.color ?? null,
      getMidColor: () => g.mid?.color ?? null,
      getMaxColor: () => g.max?.color ?? null,
    });
  }
  getBooleanCondition(): unknown {
    const b = this._d.boolean;
    if (!b) return null;
    return this._x.wrap('BooleanCondition', {
      getCriteriaType: () => b.criteria,
      getCriteriaValues: () => [...b.values],
      getBackground: () => b.background ?? null,
      getBackgroundObject: () => colorObject(b.background ?? undefined),
      getFontColor: () => b.fontColor ?? null,
      getFontColorObject: () => colorObject(b.fontColor ?? undefined),
      getBold: () => b.bold ?? null,
      getItalic: () => b.italic ?? null,
      getStrikethrough: () => b.strikethrough ?? null,
      getUnderline: () => b.underline ?? null,
    });
  }
  copy(): unknown {
    return this._x.wrap('ConditionalFormatRuleBuilder', new CfRuleBuilderImpl(this._x, copyCfRule(this._d)));
  }
}

export type { CellValue };

installSheetExtras({
  SpreadsheetImpl,
  SheetImpl,
  RangeImpl,
  mkSpreadsheet,
  mkSheet,
  mkRangeFromRect,
  shiftRectsBy: permuteRects,
});
