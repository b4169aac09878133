/** `TextFinder` on a Spreadsheet, Sheet or Range. */
import { mkRange, newRange } from './spreadsheet-helpers';
import { type SheetData, type SpreadsheetData } from './spreadsheet-model';
import type { Execution } from './execution';

type X = Execution;

interface Scope {
  sheet: SheetData;
  r: number;
  c: number;
  nr: number;
  nc: number;
}

export class TextFinderImpl {
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
            const range = newRange(this._x, this._ss, s, r, c, 1, 1);
            text = range.getDisplayValue();
          }
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
      newRange(this._x, this._ss, m.sheet, m.r, m.c, 1, 1)._write([[next]]);
      n++;
    }
    return n;
  }
}
