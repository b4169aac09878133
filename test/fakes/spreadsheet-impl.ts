/** The `Spreadsheet` class. */
import { parseA1 } from './a1';
import { dropSheetMetadata } from './developer-metadata';
import { isValidTimeZone } from './format';
import { NamedRangeImpl } from './named-range';
import { type RangeImpl } from './range';
import { UserImpl } from './session';
import { SheetImpl } from './sheet';
import { rectOfRange, mkSheet, mkRange, mkRangeFromRect, resolveA1 } from './spreadsheet-helpers';
import { type SpreadsheetData } from './spreadsheet-model';
import { TextFinderImpl } from './text-finder';
import { describeType, isPlainObject, serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

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
