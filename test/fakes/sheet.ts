/** The `Sheet` class. */
import { parseA1 } from './a1';
import { ChartBuilderImpl, EmbeddedChartImpl } from './charts';
import { CfRuleImpl } from './conditional-formats';
import { NamedRangeImpl } from './named-range';
import { RangeImpl } from './range';
import { SheetType, ChartMergeStrategy, ChartHiddenDimensionStrategy } from './spreadsheet-enums';
import {
  toInt,
  liveSheet,
  mkSpreadsheet,
  mkRange,
  mkRangeFromRect,
  resolveA1,
  shiftRects,
} from './spreadsheet-helpers';
import {
  type ChartData,
  MAX_COLUMNS,
  STYLE_KEYS,
  type SheetData,
  type SpreadsheetData,
  copyCfRule,
  copyChart,
} from './spreadsheet-model';
import { TextFinderImpl } from './text-finder';
import { describeType, isPlainObject, serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

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

  // ---- charts. Sheet.insertChart gives a chart its id and returns nothing; updateChart and removeChart find
  // it by that id (https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertChart(EmbeddedChart),
  // #updateChart(EmbeddedChart), #removeChart(EmbeddedChart)); getCharts lists this sheet's charts only.
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
