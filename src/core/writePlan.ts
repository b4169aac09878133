/**
 * A table → exactly what goes into the sheet: one rectangle of values (typed, formula-safe) and one
 * rectangle of number formats, plus the size checks Sheets would otherwise fail on halfway.
 * Pure: the zone conversion for dates comes in as a function.
 */
import { columnLetters } from './blockPlan';
import { AdaptyError } from './errors';
import type { ColumnKind, Table } from './table';

export type SheetValue = string | number | boolean | Date;

/** Sheets' limits. */
export const SHEET_LIMITS = { cells: 10_000_000, charsPerCell: 50_000, columns: 18_278 } as const;

export interface PlanOptions {
  /** 'YYYY-MM-DD' → the Date of local midnight in the spreadsheet's zone. */
  toDate: (localDate: string) => Date;
  headers: boolean;
  locale: string;
  /** Append mode: a first column holding when the snapshot was taken. */
  snapshot?: Date;
}

export interface WritePlan {
  values: SheetValue[][];
  /** One format per cell, same shape as values (setNumberFormats wants a rectangle). */
  formats: string[][];
  headerRows: 0 | 1;
  /**
   * Notes for the header cells (a dated header's period status; "" clears one), when the table has dated
   * headers: their notes are the add-on's and change with each refresh.
   */
  headerNotes?: string[];
  width: number;
  height: number;
}

/** Starts like a formula (or with an apostrophe Sheets would swallow). */
const FORMULA_LIKE = /^[=+\-@']/;
/**
 * Text Sheets would read as something else when written with setValues: numbers (`1.10`, `00123`,
 * `1,234`, `1e5`, an 18-digit campaign id), percents, currency, dates and times (`2026-01-01`, `1/2`,
 * `10:30`, `Jan 5`), booleans. Over-matching is harmless (the apostrophe is invisible); missing is not.
 */
const PARSEABLE = new RegExp(
  [
    /^\s*\(?\s*[$€£¥₹]?\s*[.,]?\d/.source, // a digit first (after an optional paren, currency sign or decimal mark)
    /^\s*(true|false)\s*$/.source, // booleans
    /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[.,]?[\s/-]*\d/.source, // month-name dates
    /^\s*[$€£¥₹]/.source, // currency first
  ].join('|'),
  'i',
);

/**
 * Text is written with a leading apostrophe wherever Sheets would otherwise turn it into a formula,
 * a number, a date or a boolean: it stays exactly the text the API sent (the apostrophe is not shown).
 */
export function protectText(s: string): string {
  return FORMULA_LIKE.test(s) || PARSEABLE.test(s) ? `'${s}` : s;
}

/** Date format for the spreadsheet's locale: day-first in most of the world, month-first in the US. */
export function dateFormatFor(locale: string): string {
  const l = locale.toLowerCase();
  if (/^en_(us|ph)|^en$/.test(l)) return 'M/d/yyyy';
  if (/^(ja|zh|ko|hu|lt|sv|en_ca|fr_ca)/.test(l)) return 'yyyy-MM-dd';
  if (/^(de|ru|pl|cs|fi|nb|no|da|tr|uk|sk|ro|hr|sl|et|lv)/.test(l)) return 'dd.MM.yyyy';
  return 'dd/MM/yyyy';
}

export function numberFormatFor(kind: ColumnKind, locale: string): string {
  switch (kind) {
    case 'usd':
      return '[$$]#,##0.00;[$$]-#,##0.00';
    case 'percent_points':
      return '0.00"%"';
    case 'integer':
      return '#,##0';
    case 'number':
      return '#,##0.####';
    case 'date':
      return dateFormatFor(locale);
    case 'datetime':
      return dateFormatFor(locale) + ' HH:mm';
    case 'boolean':
      return 'General';
    case 'text':
      return '@';
  }
}

/** Refuses, before anything is written, what Sheets would refuse. `left`: the block's first column. */
export function checkSize(
  rows: number,
  cols: number,
  cellsInFile: number,
  addedCells: number,
  at: { row: number; column: number } = { row: 1, column: 1 },
): void {
  const left = at.column;
  if (cols > SHEET_LIMITS.columns) {
    throw new AdaptyError(
      'limit',
      `This report has ${cols.toLocaleString('en-US')} columns; Sheets allows ${SHEET_LIMITS.columns.toLocaleString('en-US')}. Use a coarser period_unit or fewer segments.`,
    );
  }
  if (left + cols - 1 > SHEET_LIMITS.columns) {
    const room = SHEET_LIMITS.columns - left + 1;
    throw new AdaptyError(
      'limit',
      `This report has ${cols.toLocaleString('en-US')} columns; from column ${columnLetters(left)} there is room for ${room.toLocaleString('en-US')}: choose an anchor cell further left.`,
    );
  }
  if (cellsInFile + addedCells > SHEET_LIMITS.cells && cellsInFile + rows * cols <= SHEET_LIMITS.cells) {
    // The table itself would fit: it is the grid growing out to a far anchor cell that does not.
    throw new AdaptyError(
      'limit',
      `Anchor cell ${columnLetters(left)}${at.row} is so far beyond this sheet's grid that the file would grow past Sheets' ${SHEET_LIMITS.cells.toLocaleString('en-US')} cells: choose one nearer the top left.`,
    );
  }
  if (cellsInFile + addedCells > SHEET_LIMITS.cells) {
    throw new AdaptyError(
      'limit',
      `Writing this report (${rows.toLocaleString('en-US')} rows × ${cols} columns) would take the spreadsheet to ${(cellsInFile + addedCells).toLocaleString('en-US')} cells; Sheets allows ${SHEET_LIMITS.cells.toLocaleString('en-US')}. Use a shorter range, a coarser period_unit, or another spreadsheet.`,
    );
  }
}

export function planTable(table: Table, opts: PlanOptions): WritePlan {
  const cols = table.columns;
  const snap = opts.snapshot ? 1 : 0;
  const width = cols.length + snap;
  const colFormats = cols.map((c) => numberFormatFor(c.kind, opts.locale));
  const snapFormat = numberFormatFor('datetime', opts.locale);
  const rowFormats = snap ? [snapFormat, ...colFormats] : colFormats;
  const values: SheetValue[][] = [];
  const formats: string[][] = [];
  const dates = new Map<string, Date>();
  const toDate = (s: string) => {
    let d = dates.get(s);
    if (!d) {
      d = opts.toDate(s);
      dates.set(s, d);
    }
    return d;
  };
  const text = (s: string): string => {
    const out = protectText(s);
    // The apostrophe counts towards the cell's limit when written.
    if (out.length > SHEET_LIMITS.charsPerCell) {
      throw new AdaptyError(
        'limit',
        `A value in this report has ${s.length.toLocaleString('en-US')} characters; a Sheets cell holds ${SHEET_LIMITS.charsPerCell.toLocaleString('en-US')}${out.length > s.length ? ` (${(SHEET_LIMITS.charsPerCell - 1).toLocaleString('en-US')} for text starting like a formula or a number, written after an apostrophe)` : ''}. Nothing was written.`,
      );
    }
    return out;
  };
  let headerNotes: string[] | undefined;
  if (opts.headers) {
    const dated = (i: number) => cols[i].dateHeader === true && /^\d{4}-\d{2}-\d{2}$/.test(cols[i].label);
    const header: SheetValue[] = cols.map((c, i) => (dated(i) ? toDate(c.label) : text(c.label)));
    const headFormats = cols.map((_, i) => (dated(i) ? dateFormatFor(opts.locale) : '@'));
    values.push(snap ? ['Snapshot', ...header] : header);
    formats.push(snap ? ['@', ...headFormats] : headFormats);
    if (cols.some((c) => c.dateHeader)) {
      const notes = cols.map((c) => c.note ?? '');
      headerNotes = snap ? ['', ...notes] : notes;
    }
  }
  for (const row of table.rows) {
    const out = new Array<SheetValue>(width);
    if (snap) out[0] = opts.snapshot!;
    for (let i = 0; i < cols.length; i++) {
      const v = row[i];
      let cell: SheetValue;
      if (v === null || v === undefined) cell = '';
      else if (typeof v === 'string')
        cell = cols[i].kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? toDate(v) : text(v);
      else if (typeof v === 'number') cell = Number.isFinite(v) ? v : '';
      else cell = v;
      out[i + snap] = cell;
    }
    values.push(out);
    formats.push(rowFormats);
  }
  return {
    values,
    formats,
    headerRows: opts.headers ? 1 : 0,
    ...(headerNotes ? { headerNotes } : {}),
    width,
    height: values.length,
  };
}
