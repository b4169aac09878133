/**
 * "Refresh ADAPTY formulas": makes every ADAPTY_ formula in the file fetch afresh without changing what
 * it computes, by giving its `refresh` argument a new value. One getFormulas per sheet (over the data
 * range) finds them; each block of changed cells is written back with one setFormulas; a refresh
 * argument that points at a number (or empty) cell is bumped in that cell instead.
 */
import { type Separator } from '../core/formula/functions';
import { parseCellReference } from '../core/formula/read';
import { hasAdaptyCall, nextToken, rewriteRefresh } from '../core/formula/refresh';
import { argumentSeparator } from '../core/formula/separator';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface RefreshSummary {
  /** Cells whose ADAPTY_ formulas will fetch afresh. */
  formulas: number;
  /** Sheets holding them. */
  sheets: number;
  /** Refresh cells bumped (their formulas were left as they were). */
  cellsBumped: number;
  /** Ranges written (setFormulas calls plus bumped cells). */
  writes: number;
  token: number;
  message: string;
}

interface Change {
  row: number; // 0-based within the data range
  col: number;
  formula: string;
}

/** Groups changed cells into rectangles whose every cell changed: one setFormulas each. */
export function blocksOf(changes: Change[]): Array<{ row: number; col: number; formulas: string[][] }> {
  const byRow = new Map<number, Change[]>();
  for (const c of changes) {
    const list = byRow.get(c.row) ?? [];
    list.push(c);
    byRow.set(c.row, list);
  }
  // Horizontal runs per row.
  const runs: Array<{ row: number; col: number; formulas: string[] }> = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const list = byRow.get(row)!.sort((a, b) => a.col - b.col);
    let cur: { row: number; col: number; formulas: string[] } | null = null;
    for (const c of list) {
      if (cur && c.col === cur.col + cur.formulas.length) cur.formulas.push(c.formula);
      else {
        cur = { row, col: c.col, formulas: [c.formula] };
        runs.push(cur);
      }
    }
  }
  // Stack runs with the same columns in consecutive rows.
  const blocks: Array<{ row: number; col: number; formulas: string[][] }> = [];
  const open = new Map<string, { row: number; col: number; formulas: string[][] }>();
  for (const r of runs) {
    const k = `${r.col}:${r.formulas.length}`;
    const b = open.get(k);
    if (b && b.row + b.formulas.length === r.row) b.formulas.push(r.formulas);
    else {
      const nb = { row: r.row, col: r.col, formulas: [r.formulas] };
      blocks.push(nb);
      open.set(k, nb);
    }
  }
  return blocks;
}

/** Sets a new refresh value in every ADAPTY_ formula of the spreadsheet. */
export function refreshFormulas(ss: Spreadsheet, nowMs: number = Date.now()): RefreshSummary {
  const separator: Separator = argumentSeparator(ss.getSpreadsheetLocale());
  const token = Math.floor(nowMs / 1000);
  let formulas = 0;
  let sheetsTouched = 0;
  let writes = 0;
  // Refresh cells by "sheet!A1": bump them (true) or rewrite the argument (false).
  const refDecision = new Map<string, boolean>();
  const refCells = new Map<string, { range: GoogleAppsScript.Spreadsheet.Range; value: unknown }>();

  const decide = (sheet: Sheet, refText: string): boolean => {
    const ref = parseCellReference(refText);
    if (!ref) return false;
    const sheetName = ref.sheetName ?? sheet.getName();
    const key = `${sheetName}!${ref.a1}`;
    const known = refDecision.get(key);
    if (known !== undefined) return known;
    let bump = false;
    const target = ref.sheetName === undefined ? sheet : ss.getSheetByName(ref.sheetName);
    if (target) {
      const range = target.getRange(ref.a1);
      const value: unknown = range.getValue();
      const isFormula = range.getFormula() !== '';
      bump = !isFormula && (value === '' || value === null || typeof value === 'number');
      if (bump) refCells.set(key, { range, value });
    }
    refDecision.set(key, bump);
    return bump;
  };

  for (const sheet of ss.getSheets()) {
    // One read per sheet: the formulas of its data range (A1 to the last cell with content).
    const grid = sheet.getDataRange().getFormulas();
    const changes: Change[] = [];
    let found = 0;
    for (let r = 0; r < grid.length; r++) {
      const row = grid[r];
      for (let c = 0; c < row.length; c++) {
        const f = row[c];
        if (!f || !hasAdaptyCall(f, separator)) continue;
        const rw = rewriteRefresh(f, separator, token, (ref) => decide(sheet, ref));
        if (rw.calls === 0) continue;
        found++;
        if (rw.changed) changes.push({ row: r, col: c, formula: rw.formula });
      }
    }
    if (found === 0) continue;
    sheetsTouched++;
    formulas += found;
    for (const b of blocksOf(changes)) {
      sheet.getRange(b.row + 1, b.col + 1, b.formulas.length, b.formulas[0].length).setFormulas(b.formulas);
      writes++;
    }
  }
  for (const { range, value } of refCells.values()) {
    range.setValue(nextToken(value, token));
    writes++;
  }
  const message =
    formulas === 0
      ? 'No ADAPTY_ formulas found in this spreadsheet.'
      : `Refreshing ${formulas} ADAPTY_ formula${formulas === 1 ? '' : 's'}${sheetsTouched > 1 ? ` on ${sheetsTouched} sheets` : ''}: they fetch afresh from Adapty now.`;
  return { formulas, sheets: sheetsTouched, cellsBumped: refCells.size, writes, token, message };
}
