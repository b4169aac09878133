/**
 * Writes a report block into a sheet with a constant number of Spreadsheet calls, whatever its size:
 * grow the grid (≤ 2), clear the old block's leftover values (≤ 1), one setValues, one setNumberFormats,
 * a new block's bold and frozen header, a stamp note; the user's formula columns right of the block
 * follow its row count (≤ 5); a chart or colour scale when asked. Called only with a fully built plan, so
 * a failed fetch never reaches here and the old block stays as it was. The user's own formatting of the
 * block (colours, fonts, widths, conditional formats) is theirs: a refresh sets number formats only, and
 * only on the cells it writes.
 */
import { USER_COLUMNS_SCAN, followingColumns } from '../core/userColumns';
import { checkSize, type WritePlan } from '../core/writePlan';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface BlockRef {
  sheetName: string;
  a1: string;
}

export interface WriteRequest {
  sheet: Sheet;
  /** Top-left cell of the block (1-based). */
  row: number;
  column: number;
  plan: WritePlan;
  mode: 'overwrite' | 'append';
  /** The block this report wrote last time, if it is on this sheet. */
  previous?: { row: number; column: number; rows: number; columns: number } | null;
  stamp: string;
  chart?: ChartPlan | null;
  /** What the add-on drew over this block last run (BlockRef.chart); undefined: not known (a draft, an older record). */
  drawn?: Drawn;
}

/** A chart's id, the colour scale, or nothing. */
export type Drawn = number | 'scale' | null;

/** A chart over part of the block: columns are 0-based within the block, rows count data rows under the header. */
export interface ChartPlan {
  kind: 'line' | 'column' | 'bar' | 'heat';
  /** A heat map's gradient colours, lowest value first (a third: the middle one at the median). */
  scale?: readonly string[];
  columns: number[];
  rows: number;
  /** Of `columns`, the compare range's values: drawn as the second, dashed (or lighter) series. */
  compare?: number[];
}

export interface WriteResult {
  row: number;
  column: number;
  rows: number;
  columns: number;
  a1: string;
  /** Data rows written by this run (the header row not counted). */
  written: number;
  drawn: Drawn;
}

/** Cells in every sheet of the file (for the 10 M-cell check). */
export function cellsInFile(ss: Spreadsheet): number {
  let n = 0;
  for (const s of ss.getSheets()) n += s.getMaxRows() * s.getMaxColumns();
  return n;
}

export function writeBlock(ss: Spreadsheet, req: WriteRequest): WriteResult {
  const { sheet, plan, mode } = req;
  const prev = req.previous ?? null;
  const appending = mode === 'append' && prev !== null && prev.rows > 0;
  // Append writes only data rows below the old block; its header stays.
  const values = appending ? plan.values.slice(plan.headerRows) : plan.values;
  const formats = appending ? plan.formats.slice(plan.headerRows) : plan.formats;
  const top = appending ? prev.row + prev.rows : req.row;
  const left = appending ? prev.column : req.column;
  const height = values.length;
  const width = plan.width;

  // Grow the grid first (and refuse what Sheets would refuse) — nothing is changed if this throws.
  const maxRows = sheet.getMaxRows();
  const maxCols = sheet.getMaxColumns();
  const needRows = Math.max(0, top + height - 1 - maxRows);
  const needCols = Math.max(0, left + width - 1 - maxCols);
  // The file's cell count matters only when the grid grows (it costs two calls per sheet).
  const added = needRows * maxCols + needCols * (maxRows + needRows);
  checkSize(height, width, added > 0 ? cellsInFile(ss) : 0, added, { row: top, column: left });
  if (needRows > 0) sheet.insertRowsAfter(maxRows, needRows);
  if (needCols > 0) sheet.insertColumnsAfter(maxCols, needCols);

  if (!appending && prev) {
    // Clear the old block's values the new one will not cover, in one call; the user's formatting stays.
    const r = Math.min(prev.rows, Math.max(0, sheet.getMaxRows() - prev.row + 1));
    const c = Math.min(prev.columns, Math.max(0, sheet.getMaxColumns() - prev.column + 1));
    if (r > 0 && c > 0 && (prev.rows > height || prev.columns > width || prev.row !== top || prev.column !== left)) {
      sheet.getRange(prev.row, prev.column, r, c).clearContent();
    }
  }
  if (height > 0) {
    const range = sheet.getRange(top, left, height, width);
    range.setValues(values);
    range.setNumberFormats(formats);
  }
  const blockRow = appending ? prev.row : req.row;
  const blockCol = appending ? prev.column : req.column;
  const blockRows = appending ? prev.rows + height : height;
  const a1 = sheet.getRange(blockRow, blockCol, Math.max(1, blockRows), width).getA1Notation();
  // A new block's header is bold and frozen; after that its look is the user's (new columns get bold).
  const sameBlock = prev !== null && prev.row === blockRow && prev.column === blockCol;
  const styled = sameBlock ? prev.columns : 0;
  if ((plan.headerRows > 0 || appending) && width > styled) {
    sheet.getRange(blockRow, blockCol + styled, 1, width - styled).setFontWeight('bold');
    if (!sameBlock && blockRow === 1 && sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  }
  let right = width; // the chart goes right of the block and of the user's formula columns after it
  if (sameBlock && width <= prev.columns) {
    right += followUserColumns(
      sheet,
      blockRow + plan.headerRows,
      prev.column + prev.columns,
      prev.rows - plan.headerRows,
      blockRows - plan.headerRows,
    );
  }
  // A dated header's period status; the stamp note below then takes the first cell.
  if (plan.headerNotes && plan.headerRows > 0 && !appending)
    sheet.getRange(blockRow, blockCol, 1, width).setNotes([plan.headerNotes]);
  // The stamp names the block, so the next run at this anchor (saved report or not) replaces or extends exactly it.
  sheet.getRange(blockRow, blockCol).setNote(`${req.stamp}\nBlock: ${a1}`);
  const drawn = placeChart(sheet, blockRow, blockCol, plan.headerRows > 0 ? req.chart : null, right, req.drawn);
  return {
    row: blockRow,
    column: blockCol,
    rows: blockRows,
    columns: width,
    a1,
    written: height - (appending ? 0 : plan.headerRows),
    drawn,
  };
}

/**
 * The user's formula columns right of the block (first data row `firstData`, old and new data row counts)
 * are filled down to the new row count with their first row's formula in R1C1 — the same formula, relative
 * to each row (https://developers.google.com/apps-script/reference/spreadsheet/range#setformulasr1c1formulas) —
 * and their cells below the new last row are cleared. Columns holding typed values are left alone.
 */
function followUserColumns(sheet: Sheet, firstData: number, column: number, oldRows: number, newRows: number): number {
  if (oldRows < 1 || column > sheet.getMaxColumns()) return 0;
  const scan = Math.min(USER_COLUMNS_SCAN, sheet.getMaxColumns() - column + 1);
  const span = Math.min(Math.max(oldRows, newRows), sheet.getMaxRows() - firstData + 1);
  const region = sheet.getRange(firstData, column, span, scan);
  const n = followingColumns(region.getFormulas(), region.getValues());
  if (n === 0) return 0;
  if (newRows > 1) {
    const first = sheet
      .getRange(firstData, column, 1, n)
      .getFormulasR1C1()[0]
      .map((f) => f ?? '');
    sheet
      .getRange(firstData + 1, column, newRows - 1, n)
      .setFormulasR1C1(Array.from({ length: newRows - 1 }, () => first));
  }
  const keep = Math.max(1, newRows);
  if (oldRows > keep) sheet.getRange(firstData + keep, column, oldRows - keep, n).clearContent();
  return n;
}

/**
 * One chart per block that follows the data. Only what the add-on drew is changed: its chart found by the
 * id it recorded (or, for a record from before ids, once by its anchor), its colour scale by place. What
 * the report no longer asks for is removed; a chart of ours the user deleted is drawn anew, as the report
 * still asks for one (unticking Add a chart is how to have none).
 */
function placeChart(
  sheet: Sheet,
  row: number,
  column: number,
  c: ChartPlan | null | undefined,
  width: number,
  drawn: Drawn | undefined,
): Drawn {
  const heat = c?.kind === 'heat';
  // The block's own scale is the colour scale starting on its first data row, replaced whatever its style
  // (its columns move when compare adds or drops Compare cohort); a user's rule of another kind stays.
  const others = () =>
    sheet
      .getConditionalFormatRules()
      .filter(
        (r) =>
          !r.getGradientCondition() ||
          !r
            .getRanges()
            .some((x) => x.getRow() === row + 1 && x.getColumn() >= column && x.getColumn() < column + width),
      );
  if (drawn === 'scale' && !heat) sheet.setConditionalFormatRules(others());
  const id = typeof drawn === 'number';
  const charts = id || (c && !heat) ? sheet.getCharts() : [];
  let mine = id ? charts.find((ch) => ch.getChartId() === drawn) : undefined;
  if (mine && (!c || heat)) {
    sheet.removeChart(mine);
    mine = undefined;
  }
  if (!c) return null;
  if (c.rows < 1 || c.columns.length === 0) return mine || (heat && drawn === 'scale') ? drawn! : null;
  // Contiguous runs of columns become one range each (a chart's with the header row, a colour scale's without).
  const ranges: GoogleAppsScript.Spreadsheet.Range[] = [];
  const cols = [...c.columns].sort((a, b) => a - b);
  for (let i = 0; i < cols.length;) {
    let j = i;
    while (j + 1 < cols.length && cols[j + 1] === cols[j] + 1) j++;
    ranges.push(sheet.getRange(row + (heat ? 1 : 0), column + cols[i], c.rows + (heat ? 0 : 1), j - i + 1));
    i = j + 1;
  }
  if (heat) {
    const s = c.scale ?? [];
    let rule = SpreadsheetApp.newConditionalFormatRule()
      .setGradientMinpoint(s[0])
      .setGradientMaxpoint(s[s.length - 1]);
    if (s[2]) rule = rule.setGradientMidpointWithValue(s[1], SpreadsheetApp.InterpolationType.PERCENTILE, '50');
    // A compared triangle's periods in both ranges share one rule, so one scale: a colour is the same value in either.
    sheet.setConditionalFormatRules([...others(), rule.setRanges(ranges).build()]);
    return 'scale';
  }
  const type = Charts.ChartType[c.kind.toUpperCase() as 'LINE' | 'BAR' | 'COLUMN'];
  if (drawn === undefined)
    mine = charts.find((ch) => ch.getRanges().some((r) => r.getRow() === row && r.getColumn() === column + cols[0]));
  let builder = mine ? mine.modify().clearRanges() : sheet.newChart().setPosition(row, column + width + 1, 0, 0);
  for (const r of ranges) builder = builder.addRange(r);
  builder = builder.setChartType(type).setNumHeaders(1);
  // Series are numbered after the domain (the first column). A compare series is dashed: Line chart ›
  // series.lineDashStyle (https://developers.google.com/chart/interactive/docs/gallery/linechart#configuration-options).
  // Columns have no dash style, so a funnel's compare column is a lighter blue beside its own blue
  // (Column chart › series.color). Set on every refresh: a report no longer compared loses its dashes.
  const was = c.compare ?? [];
  const series: Record<number, object> = was.length && c.kind !== 'line' ? { 0: { color: '#4285f4' } } : {};
  for (const i of was)
    series[cols.indexOf(i) - 1] = c.kind === 'line' ? { lineDashStyle: [4, 4] } : { color: '#a4c2f4' };
  if (mine || was.length) builder = builder.setOption('series', series);
  if (mine) {
    sheet.updateChart(builder.build());
    return mine.getChartId();
  }
  sheet.insertChart(builder.build());
  // insertChart returns nothing: the new chart is the one whose id was not on the sheet before.
  const ids = charts.map((ch) => ch.getChartId());
  return (
    sheet
      .getCharts()
      .find((ch) => !ids.includes(ch.getChartId()))
      ?.getChartId() ?? null
  );
}
