/**
 * Finds a report's block where it is now and tags it where it was written, with developer metadata on the
 * block's first and last row and column (key `adapty.block`, value `<blockId>:<edge>`).
 *
 * Why developer metadata and not a named range: Google documents that metadata on a row stays with that
 * row when rows are inserted above it and is deleted with it
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata); it is keyed
 * by sheet id, so a rename does not matter; users never see it; any number of tags may sit on one row. A
 * named range would show in Data › Named ranges, need a unique name per block, and can be edited by users;
 * Google documents no rule for how it moves.
 */
import { ValidationError } from '../core/errors';
import {
  BLOCK_KEY,
  a1Of,
  boxFromMarks,
  cellAt,
  columnLetters,
  intersect,
  markerValue,
  minus,
  parseMarker,
  uniqueName,
  type Box,
  type Conflict,
  type Edge,
  type Marks,
} from '../core/blockPlan';
import { sheetNameFor, type RunnableReport } from '../core/report';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Metadata = GoogleAppsScript.Spreadsheet.DeveloperMetadata;

/** A block found on a sheet: its own cells (null when its first row or column was deleted) and its tags. */
export interface Placed {
  id: string;
  box: Box | null;
  tags: Metadata[];
}

export interface Target {
  sheet: Sheet;
  row: number;
  column: number;
  /** The block's own cells this write replaces (or appends under). */
  previous: Box | null;
  /** The sheet was inserted for this run (removed again if the write is refused). */
  created: boolean;
  /** The id the block is tagged with. */
  blockId: string;
  /** Other blocks on the sheet, never written over without asking. */
  others: Placed[];
  /** Tags of this block's previous position (removed once it is written elsewhere). */
  ownTags: Metadata[];
}

export type Locatable = Pick<RunnableReport, 'id' | 'name' | 'destination' | 'block'>;

/** Every tagged block on a sheet: one finder call, then a few reads per tag. */
export function blocksOn(sheet: Sheet): Placed[] {
  const marks = new Map<string, { marks: Marks; tags: Metadata[] }>();
  for (const m of sheet.createDeveloperMetadataFinder().withKey(BLOCK_KEY).find()) {
    const p = parseMarker(m.getValue());
    if (!p) continue;
    const loc = m.getLocation();
    const line = p.edge === 't' || p.edge === 'b' ? loc.getRow() : loc.getColumn();
    if (!line) continue;
    let e = marks.get(p.id);
    if (!e) {
      e = { marks: {}, tags: [] };
      marks.set(p.id, e);
    }
    e.marks[p.edge] = p.edge === 't' || p.edge === 'b' ? line.getRow() : line.getColumn();
    e.tags.push(m);
  }
  return [...marks].map(([id, e]) => ({ id, box: boxFromMarks(e.marks), tags: e.tags }));
}

/** Tags the block's edges (after removing its old tags, wherever they were). */
export function tagBlock(sheet: Sheet, id: string, box: Box, oldTags: Metadata[]): void {
  for (const t of oldTags) t.remove();
  const vis = SpreadsheetApp.DeveloperMetadataVisibility.DOCUMENT; // outlives a change of the add-on's project
  const last = box.row + box.rows - 1;
  const right = columnLetters(box.column + box.columns - 1);
  const left = columnLetters(box.column);
  // Whole-row / whole-column A1 ranges: Sheets attaches metadata to nothing smaller.
  const put = (a1: string, edge: Edge) =>
    sheet.getRange(a1).addDeveloperMetadata(BLOCK_KEY, markerValue(id, edge), vis);
  put(`${box.row}:${box.row}`, 't');
  put(`${last}:${last}`, 'b');
  put(`${left}:${left}`, 'l');
  put(`${right}:${right}`, 'r');
}

export function untag(blocks: Placed[]): void {
  for (const b of blocks) for (const t of b.tags) t.remove();
}

/** Non-empty cells (a value or a formula) in the boxes; the parts beyond the grid are empty. */
export function nonEmptyCells(sheet: Sheet, boxes: Box[]): number {
  const maxRows = sheet.getMaxRows();
  const maxCols = sheet.getMaxColumns();
  let n = 0;
  for (const b of boxes) {
    const rows = Math.min(b.rows, maxRows - b.row + 1);
    const cols = Math.min(b.columns, maxCols - b.column + 1);
    if (rows < 1 || cols < 1) continue;
    const range = sheet.getRange(b.row, b.column, rows, cols);
    const values = range.getValues();
    const formulas = range.getFormulas();
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (values[i][j] !== '' || formulas[i][j] !== '') n++;
  }
  return n;
}

/** What a write of `box` would replace that is not the block's own; null when nothing. */
export function conflictOf(t: Target, box: Box): Conflict | null {
  const name = t.sheet.getName();
  const blocks = t.others
    .filter((o) => o.box && intersect(o.box, box))
    .map((o) => ({ id: o.id, box: o.box!, range: `${name}!${a1Of(o.box!)}` }));
  const cells = nonEmptyCells(t.sheet, minus(box, t.previous));
  if (cells === 0 && blocks.length === 0) return null;
  return { cells, blocks, range: `${name}!${a1Of(box)}` };
}

/** A new sheet named after the report, made unique. */
export function newSheetTarget(ss: Spreadsheet, item: Locatable, blockId: string, ownTags: Metadata[]): Target {
  const name = uniqueName(
    sheetNameFor(item.name),
    ss.getSheets().map((s) => s.getName()),
  );
  return {
    sheet: ss.insertSheet(name),
    row: 1,
    column: 1,
    previous: null,
    created: true,
    blockId,
    others: [],
    ownTags,
  };
}

/** The block an earlier run wrote at this anchor before blocks were tagged, from its stamp (`Block: C5:H40`). */
export function blockFromStamp(note: string, row: number, column: number, sheet: Sheet): Box | null {
  if (!/(^|\n)Adapty report /.test(note)) return null;
  const m = /(^|\n)Block: ([A-Z]{1,3}\d+:[A-Z]{1,3}\d+)(\n|$)/.exec(note);
  if (!m) return null;
  const r = sheet.getRange(m[2]);
  if (r.getRow() !== row || r.getColumn() !== column) return null;
  return { row, column, rows: r.getNumRows(), columns: r.getNumColumns() };
}

/** Spreadsheet.getSheetById (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSheetById(Integer)), not in the typings yet. */
function sheetById(ss: Spreadsheet, id: number): Sheet | null {
  return (ss as Spreadsheet & { getSheetById(id: number): Sheet | null }).getSheetById(id);
}

function newBlockId(): string {
  return 'b' + Utilities.getUuid().replace(/-/g, '').slice(0, 12);
}

function split(blocks: Placed[], own: (p: Placed) => boolean): { own: Placed | null; others: Placed[] } {
  const mine = blocks.find(own) ?? null;
  return { own: mine, others: blocks.filter((b) => b !== mine) };
}

/** A saved report's block where it is now: by its tags on the sheet it was written to, whatever its name now. */
export function findSavedBlock(ss: Spreadsheet, item: Locatable): Target | null {
  const rec = item.block;
  if (!rec || !item.id) return null;
  const sheet = typeof rec.sheetId === 'number' ? sheetById(ss, rec.sheetId) : ss.getSheetByName(rec.sheetName);
  if (!sheet) return null;
  const id = item.id;
  const { own, others } = split(blocksOn(sheet), (p) => p.id === id && p.box !== null);
  const at = (box: Box, ownTags: Metadata[]): Target => ({
    sheet,
    row: box.row,
    column: box.column,
    previous: box,
    created: false,
    blockId: id,
    others,
    ownTags,
  });
  if (own?.box) return at(own.box, own.tags);
  if (typeof rec.sheetId === 'number') return null;
  // A record from before blocks were tagged: the block its stamp names, if it is still at the recorded cell.
  const r = sheet.getRange(rec.a1);
  const legacy = blockFromStamp(sheet.getRange(r.getRow(), r.getColumn()).getNote(), r.getRow(), r.getColumn(), sheet);
  return legacy ? at(legacy, []) : null;
}

/**
 * Where this run writes: a saved report's block where it is now (found by its tags on the sheet it was
 * written to, whatever that sheet is called now), else the destination. At an anchor, a block written
 * there by an unsaved run (or a legacy stamped block) is the one replaced; other reports' blocks are not.
 */
export function locateTarget(ss: Spreadsheet, item: Locatable): Target {
  const saved = findSavedBlock(ss, item);
  if (saved) return saved;
  const d = item.destination;
  let sheet: Sheet;
  let row = 1;
  let column = 1;
  if (d.kind === 'active_cell') {
    const cell = ss.getCurrentCell() ?? ss.getActiveRange();
    if (!cell)
      throw new ValidationError(
        'destination',
        'destination "active cell" needs a selected cell: click a cell and run again',
      );
    sheet = cell.getSheet();
    row = cell.getRow();
    column = cell.getColumn();
  } else {
    const name = d.kind === 'sheet' ? d.sheetName : sheetNameFor(d.sheetName || item.name);
    const existing = ss.getSheetByName(name);
    sheet = existing ?? ss.insertSheet(name);
    // The anchor was checked as one cell when the destination was given (sidebarInput.cellInput).
    const a = d.kind === 'sheet' && d.anchor ? cellAt(d.anchor) : null;
    if (a) ({ row, column } = a);
    if (!existing)
      return {
        sheet,
        row,
        column,
        previous: null,
        created: true,
        blockId: item.id ?? newBlockId(),
        others: [],
        ownTags: [],
      };
  }
  const { own, others } = split(
    blocksOn(sheet),
    (p) => p.box !== null && p.box.row === row && p.box.column === column && (p.id === item.id || p.id.startsWith('b')),
  );
  const blockId = item.id ?? own?.id ?? newBlockId();
  if (own?.box) return { sheet, row, column, previous: own.box, created: false, blockId, others, ownTags: own.tags };
  // An untagged block stamped at this anchor (written before blocks were tagged) is replaced, if no tag claims it.
  const claimed = others.some((o) => o.box && intersect(o.box, { row, column, rows: 1, columns: 1 }));
  // An anchor beyond the grid (the writer grows it) holds no stamp, and getRange there would throw.
  const inGrid = row <= sheet.getMaxRows() && column <= sheet.getMaxColumns();
  const legacy = claimed || !inGrid ? null : blockFromStamp(sheet.getRange(row, column).getNote(), row, column, sheet);
  return { sheet, row, column, previous: legacy, created: false, blockId, others, ownTags: [] };
}
