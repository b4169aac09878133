/** The `NamedRange` class. */
import { rectOfRange, mkRangeFromRect } from './spreadsheet-helpers';
import { type SpreadsheetData } from './spreadsheet-model';
import { serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

export class NamedRangeImpl {
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
