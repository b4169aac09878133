/** Persistent spreadsheet data (lives in the World, shared by executions). */
import { Grid } from './grid';
import { isDate, serviceError } from './util';
import { wallToEpoch } from './format';
import type { MetaRecord } from './developer-metadata';

export type CellValue = string | number | boolean | Date;

export const MAX_CELLS = 10_000_000;
export const MAX_COLUMNS = 18_278;
export const MAX_CELL_CHARS = 50_000;

export interface Rect {
  sheetId: number;
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

export interface ChartData {
  chartId: number | null;
  type: string;
  ranges: Rect[];
  options: Record<string, unknown>;
  position: { row: number; col: number; offsetX: number; offsetY: number };
  numHeaders: number;
  mergeStrategy: string;
  transpose: boolean;
  hiddenDimensionStrategy: string;
}

export interface GradientPoint {
  color: string;
  type: string;
  value: string;
}

export interface CfRuleData {
  ranges: Rect[];
  gradient?: { min?: GradientPoint; mid?: GradientPoint; max?: GradientPoint };
  boolean?: {
    criteria: string;
    values: unknown[];
    background?: string | null;
    fontColor?: string | null;
    bold?: boolean | null;
    italic?: boolean | null;
    strikethrough?: boolean | null;
    underline?: boolean | null;
  };
}

/** Cell-level style layers: [layer name, default value]. `note` is kept apart from formats. */
export const STYLE_DEFAULTS = {
  numberFormat: 'General',
  fontWeight: 'normal',
  fontStyle: 'normal',
  fontColor: '#000000',
  fontSize: 10,
  fontFamily: 'Arial',
  fontLine: 'none',
  background: '#ffffff',
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: true,
} as const;
export type StyleKey = keyof typeof STYLE_DEFAULTS;
export const STYLE_KEYS = Object.keys(STYLE_DEFAULTS) as StyleKey[];

export class SheetData {
  maxRows = 1000;
  maxCols = 26;
  values = new Grid<CellValue>();
  formulas = new Grid<string>();
  notes = new Grid<string>();
  styles: Record<StyleKey, Grid<unknown>>;
  frozenRows = 0;
  frozenCols = 0;
  hidden = false;
  tabColor: string | null = null;
  charts: ChartData[] = [];
  cfRules: CfRuleData[] = [];
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();

  constructor(
    public id: number,
    public name: string,
  ) {
    this.styles = {} as Record<StyleKey, Grid<unknown>>;
    for (const k of STYLE_KEYS) this.styles[k] = new Grid<unknown>();
  }

  allGrids(): Grid<unknown>[] {
    return [this.values, this.formulas, this.notes, ...STYLE_KEYS.map((k) => this.styles[k])];
  }

  /** Last row/column with a value or formula (1-based; 0 when empty). */
  lastRow(): number {
    return Math.max(this.values.lastRow(), this.formulas.lastRow());
  }
  lastCol(): number {
    return Math.max(this.values.lastCol(), this.formulas.lastCol());
  }
}

export interface NamedRangeData {
  name: string;
  rect: Rect;
}

export class SpreadsheetData {
  sheets: SheetData[] = [];
  namedRanges = new Map<string, NamedRangeData>();
  /** Developer metadata of every location (see developer-metadata.ts). */
  metadata: MetaRecord[] = [];
  nextMetadataId = 1_200_001;
  activeSheetId = 0;
  activeRange: Rect | null = null;
  private nextSheetId = 1_000_001;
  nextChartId = 1;

  constructor(
    public id: string,
    public name: string,
    public owner: string,
    public timeZone: string,
    public locale: string,
  ) {}

  totalCells(): number {
    let n = 0;
    for (const s of this.sheets) n += s.maxRows * s.maxCols;
    return n;
  }

  assertCellBudget(extra: number): void {
    if (this.totalCells() + extra > MAX_CELLS) {
      throw serviceError(
        `This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
      );
    }
  }

  sheetById(id: number): SheetData | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  sheetByName(name: string): SheetData | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  uniqueSheetName(): string {
    for (let i = this.sheets.length + 1; ; i++) {
      const n = `Sheet${i}`;
      if (!this.sheetByName(n)) return n;
    }
  }

  addSheet(name: string | undefined, index?: number, firstId = false): SheetData {
    const sheetName = name ?? this.uniqueSheetName();
    if (this.sheets.some((s) => s.name.toLowerCase() === sheetName.toLowerCase())) {
      throw serviceError(`A sheet with the name "${sheetName}" already exists. Please enter another name.`);
    }
    const sheet = new SheetData(firstId ? 0 : this.nextSheetId++, sheetName);
    this.assertCellBudget(sheet.maxRows * sheet.maxCols);
    const at = index === undefined ? this.sheets.length : Math.max(0, Math.min(index, this.sheets.length));
    this.sheets.splice(at, 0, sheet);
    return sheet;
  }

  activeSheet(): SheetData {
    return this.sheetById(this.activeSheetId) ?? this.sheets.find((s) => !s.hidden) ?? this.sheets[0];
  }
}

export interface CoercedInput {
  value?: CellValue;
  formula?: string;
  autoFormat?: string;
}

const NUMERIC_RE = /^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const PERCENT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)%$/;
const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Date strings repeat a lot in reports; zone conversion through Intl is slow. */
const isoMemo = new Map<string, { epoch: number; autoFormat: string }>();

export function assertCellLength(s: string): void {
  if (s.length > MAX_CELL_CHARS) {
    throw serviceError(`Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`);
  }
}

/**
 * What Sheets stores when a script writes `v` into a cell whose number format is `fmt`
 * (USER_ENTERED-like parsing, en_US conventions).
 */
export function coerceInput(v: unknown, fmt: unknown, tz: string): CoercedInput {
  if (v === null || v === undefined) return {};
  if (typeof v === 'number') return { value: v };
  if (typeof v === 'boolean') return { value: v };
  if (isDate(v)) return { value: new Date(v.getTime()) };
  const s = typeof v === 'string' ? v : String(v);
  assertCellLength(s);
  if (s === '') return {};
  if (s[0] === '=' && s.length > 1) return { formula: s };
  if (s[0] === "'") return s.length > 1 ? { value: s.slice(1) } : {};
  if (fmt === '@') return { value: s };
  const t = s.trim();
  if (NUMERIC_RE.test(t)) return { value: Number(t.replace(/,/g, '')) };
  if (PERCENT_RE.test(t)) {
    const num = Number(t.slice(0, -1)) / 100;
    return { value: num, autoFormat: t.includes('.') ? '0.00%' : '0%' };
  }
  const upper = t.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { value: upper === 'TRUE' };
  const memo = isoMemo.get(`${tz}|${t}`);
  if (memo) return { value: new Date(memo.epoch), autoFormat: memo.autoFormat };
  const m = ISO_DATE_RE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= 31) {
      const hasTime = m[4] !== undefined;
      const epoch = wallToEpoch(tz, y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
      const autoFormat = hasTime ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd';
      if (isoMemo.size > 50_000) isoMemo.clear();
      isoMemo.set(`${tz}|${t}`, { epoch, autoFormat });
      return { value: new Date(epoch), autoFormat };
    }
  }
  return { value: s };
}

export function copyRect(r: Rect): Rect {
  return { sheetId: r.sheetId, row: r.row, col: r.col, numRows: r.numRows, numCols: r.numCols };
}

export function copyChart(c: ChartData): ChartData {
  return {
    ...c,
    ranges: c.ranges.map(copyRect),
    options: { ...c.options },
    position: { ...c.position },
  };
}

export function copyCfRule(r: CfRuleData): CfRuleData {
  return JSON.parse(JSON.stringify(r)) as CfRuleData;
}
