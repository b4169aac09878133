/** The `Range` class: values, formats, notes, copies. */
import { rectA1 } from './a1';
import { toInt, checkBounds, liveSheet, displayValue, rectOfRange, mkSheet, mkRange } from './spreadsheet-helpers';
import {
  type Rect,
  STYLE_DEFAULTS,
  STYLE_KEYS,
  type SheetData,
  type SpreadsheetData,
  type StyleKey,
  assertCellLength,
  coerceInput,
} from './spreadsheet-model';
import { TextFinderImpl } from './text-finder';
import { a1ToR1C1, r1c1ToA1 } from './r1c1';
import { describeType, isDate, isPlainObject, serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

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
    return this._map((s, r, c) =>
      displayValue(this._valueAt(s, r, c), s.styles.numberFormat.get(r, c), tz, this._ss.locale),
    );
  }
  getDisplayValue(): string {
    const s = this._check();
    return displayValue(
      this._valueAt(s, this._r - 1, this._c - 1),
      s.styles.numberFormat.get(this._r - 1, this._c - 1),
      this._ss.timeZone,
      this._ss.locale,
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

  /** A1 formulas as R1C1, relative to each cell (r1c1.ts says which Google docs). */
  getFormulasR1C1(): string[][] {
    return this._map((s, r, c) => {
      const f = s.formulas.get(r, c);
      return f === undefined ? '' : a1ToR1C1(f, r + 1, c + 1);
    });
  }
  getFormulaR1C1(): string {
    return this.getFormulasR1C1()[0][0];
  }
  private _r1c1(data: unknown[][]): void {
    this._write(
      data.map((row, i) =>
        row.map((f, j) => {
          const a = this._formulaCell(f);
          return typeof a === 'string' && a !== '' ? r1c1ToA1(a, this._r + i, this._c + j) : a;
        }),
      ),
    );
  }
  setFormulaR1C1(formula: unknown): this {
    this._r1c1(Array.from({ length: this._nr }, () => new Array(this._nc).fill(formula)));
    return this;
  }
  setFormulasR1C1(formulas: unknown): this {
    this._r1c1(this._dims(formulas, 'setFormulasR1C1'));
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
