/** Embedded charts and their builder. */
import { ChartType } from './spreadsheet-enums';
import { toInt, rectOfRange, mkRangeFromRect } from './spreadsheet-helpers';
import { type ChartData, type SpreadsheetData, copyChart } from './spreadsheet-model';
import { serviceError } from './util';
import type { Execution } from './execution';

type X = Execution;

const clone = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v);

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
    // The chart keeps the option's value as it was when set (Sheets stores it; a later change to the
    // caller's object is not the chart's). A nested option such as `series` is one value, replaced whole.
    this._d.options[String(key)] = clone(value);
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
  /**
   * "A stable identifier for the chart that is unique across the spreadsheet containing the chart or null
   * if the chart is not in a spreadsheet" (https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart#getChartId()):
   * null until insertChart, then kept by modify/updateChart; a copied sheet's charts get new ids.
   */
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
      get: (k: unknown) => (String(k) in o ? clone(o[String(k)]) : null),
      getOrDefault: (k: unknown) => (String(k) in o ? clone(o[String(k)]) : null),
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
