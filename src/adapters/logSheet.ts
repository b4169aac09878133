/** The `Adapty Log` sheet: one row per report run, appended with one call per run, trimmed to a bounded size. */
import { LOG_SHEET_NAME } from '../catalog/catalog';
import { protectText } from '../core/writePlan';

export const LOG_SHEET = LOG_SHEET_NAME;
export const LOG_MAX_ROWS = 500;
const HEADER = ['Time', 'Report', 'Trigger', 'Rows', 'Duration (s)', 'Outcome', 'Message'];

export interface LogEntry {
  at: Date;
  report: string;
  trigger: 'manual' | 'schedule';
  rows: number | '';
  seconds: number;
  outcome: 'ok' | 'error' | 'skipped';
  message: string;
}

export function appendLog(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, entries: LogEntry[]): void {
  if (entries.length === 0) return;
  let sheet = ss.getSheetByName(LOG_SHEET);
  if (!sheet) {
    // "The new sheet becomes the active sheet" (Spreadsheet.insertSheet, Apps Script reference): the log
    // must not pull the user away from the sheet they were on, or from the report just written.
    const was = ss.getActiveSheet();
    sheet = ss.insertSheet(LOG_SHEET);
    ss.setActiveSheet(was);
    sheet.getRange(1, 1, 1, HEADER.length).setValues([HEADER]).setFontWeight('bold');
    sheet.setFrozenRows(1);
  }
  const last = Math.max(1, sheet.getLastRow());
  const rows = entries.map((e) => [
    e.at,
    protectText(e.report),
    e.trigger,
    e.rows,
    Math.round(e.seconds * 10) / 10,
    e.outcome,
    protectText(e.message.slice(0, 2000)),
  ]);
  if (last + rows.length > sheet.getMaxRows())
    sheet.insertRowsAfter(sheet.getMaxRows(), last + rows.length - sheet.getMaxRows());
  sheet.getRange(last + 1, 1, rows.length, HEADER.length).setValues(rows);
  const excess = last + rows.length - 1 - LOG_MAX_ROWS;
  if (excess > 0) sheet.deleteRows(2, excess);
}
