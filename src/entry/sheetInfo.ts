/**
 * What a sheet holds, for the sidebar's destination field: whether a sheet of that name exists, how much
 * of it is used, which reports' blocks sit on it, and how many non-empty cells are not any report's. The
 * sidebar says it under the sheet name before anything runs, so nobody is surprised by the replace
 * question (or by their report landing beside someone else's numbers). Reads only; never writes.
 */
import { a1Of, minus, type Box } from '../core/blockPlan';
import { FIELD, sheetNameInput } from '../core/sidebarInput';
import { blocksOn, nonEmptyCells } from '../adapters/blockLocator';
import { loadReports } from '../services/reportStore';

/** Reading more cells than this to count the user's own would make typing a name slow: the count is omitted. */
const COUNT_LIMIT = 200_000;

export interface SheetInfo {
  name: string;
  exists: boolean;
  /** The used area (last row and column with content), 0 when the sheet is empty. */
  rows: number;
  columns: number;
  /** Reports' blocks on the sheet: the saved report's name when there is one. */
  blocks: { a1: string; report: string | null }[];
  /** Non-empty cells outside every report's block (null when the sheet is too large to count quickly). */
  otherCells: number | null;
}

export function describeSheet(sheetName: string): SheetInfo {
  const name = sheetNameInput(sheetName, FIELD.selectSheet, true);
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = ss?.getSheetByName(name);
  if (!sheet) return { name, exists: false, rows: 0, columns: 0, blocks: [], otherCells: 0 };
  const rows = sheet.getLastRow();
  const columns = sheet.getLastColumn();
  const placed = blocksOn(sheet).filter((b): b is typeof b & { box: Box } => b.box !== null);
  const names = placed.length ? new Map(loadReports().map((r) => [r.id, r.name])) : new Map<string, string>();
  const blocks = placed.map((b) => ({ a1: a1Of(b.box), report: names.get(b.id) ?? null }));
  let otherCells: number | null = 0;
  if (rows > 0 && columns > 0) {
    if (rows * columns > COUNT_LIMIT) otherCells = null;
    else {
      let rest: Box[] = [{ row: 1, column: 1, rows, columns }];
      for (const b of placed) rest = rest.flatMap((r) => minus(r, b.box));
      otherCells = nonEmptyCells(sheet, rest);
    }
  }
  return { name: sheet.getName(), exists: true, rows, columns, blocks, otherCells };
}
