/**
 * Writes a report block into a sheet with a constant number of Spreadsheet calls, whatever its size:
 * grow the grid (≤ 2), clear the old block (≤ 1), one setValues, one setNumberFormats, bold header,
 * frozen header, a stamp note; a chart or colour scale when asked. Called only with a fully built plan,
 * so a failed fetch never reaches here and the old block stays as it was.
 */
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
  chart?: 'line' | 'column' | 'heat' | null;
  /** Columns (0-based within the block) the colour scale covers, for 'heat'. */
  heatColumns?: [number, number];
}

export interface WriteResult {
  row: number;
  column: number;
  rows: number;
  columns: number;
  a1: string;
  /** Rows added by this write (all of them for overwrite). */
  written: number;
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
  const top = appending ? prev!.row + prev!.rows : req.row;
  const left = appending ? prev!.column : req.column;
  const height = values.length;
  const width = plan.width;

  // Grow the grid first (and refuse what Sheets would refuse) — nothing is changed if this throws.
  const needRows = Math.max(0, top + height - 1 - sheet.getMaxRows());
  const needCols = Math.max(0, left + width - 1 - sheet.getMaxColumns());
  checkSize(height, width, cellsInFile(ss), needRows * sheet.getMaxColumns() + needCols * (sheet.getMaxRows() + needRows));
  if (needRows > 0) sheet.insertRowsAfter(sheet.getMaxRows(), needRows);
  if (needCols > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), needCols);

  if (!appending && prev) {
    // Clear the old block's cells the new one will not cover (content and formats), in one call.
    const r = Math.min(prev.rows, Math.max(0, sheet.getMaxRows() - prev.row + 1));
    const c = Math.min(prev.columns, Math.max(0, sheet.getMaxColumns() - prev.column + 1));
    if (r > 0 && c > 0 && (prev.rows > height || prev.columns > width || prev.row !== top || prev.column !== left)) {
      sheet.getRange(prev.row, prev.column, r, c).clear();
    }
  }
  if (height > 0) {
    const range = sheet.getRange(top, left, height, width);
    range.setValues(values);
    range.setNumberFormats(formats);
  }
  const blockRow = appending ? prev!.row : req.row;
  const blockCol = appending ? prev!.column : req.column;
  const blockRows = appending ? prev!.rows + height : height;
  if (plan.headerRows > 0 || appending) {
    const header = sheet.getRange(blockRow, blockCol, 1, width);
    header.setFontWeight('bold');
    sheet.getRange(blockRow, blockCol).setNote(req.stamp);
    if (blockRow === 1 && sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  }
  const a1 = sheet.getRange(blockRow, blockCol, Math.max(1, blockRows), width).getA1Notation();
  if (req.chart) placeChart(sheet, { row: blockRow, column: blockCol, rows: blockRows, columns: width }, req.chart, req.heatColumns);
  return { row: blockRow, column: blockCol, rows: blockRows, columns: width, a1, written: height };
}

/** One chart per block that follows the data: an existing chart over the block's anchor is updated, not duplicated. */
function placeChart(sheet: Sheet, b: { row: number; column: number; rows: number; columns: number }, kind: 'line' | 'column' | 'heat', heat?: [number, number]): void {
  if (kind === 'heat') {
    if (!heat || b.rows < 2) return;
    const range = sheet.getRange(b.row + 1, b.column + heat[0], b.rows - 1, heat[1] - heat[0] + 1);
    const others = sheet.getConditionalFormatRules().filter((r) => !r.getRanges().some((x) => x.getRow() === range.getRow() && x.getColumn() === range.getColumn()));
    const rule = SpreadsheetApp.newConditionalFormatRule()
      .setGradientMinpoint('#ffffff')
      .setGradientMaxpoint('#57bb8a')
      .setRanges([range])
      .build();
    sheet.setConditionalFormatRules([...others, rule]);
    return;
  }
  const range = sheet.getRange(b.row, b.column, b.rows, b.columns);
  const type = kind === 'line' ? Charts.ChartType.LINE : Charts.ChartType.COLUMN;
  const existing = sheet.getCharts().find((c) => c.getRanges().some((r) => r.getRow() === b.row && r.getColumn() === b.column));
  if (existing) {
    sheet.updateChart(existing.modify().clearRanges().addRange(range).setChartType(type).build());
    return;
  }
  sheet.insertChart(sheet.newChart().setChartType(type).addRange(range).setNumHeaders(1)
    .setPosition(b.row, b.column + b.columns + 1, 0, 0).build());
}
