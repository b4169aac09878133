/**
 * Decides where a run's block goes before anything is written: its own block where it is now, or its
 * destination; never over cells that are not the block's own (non-empty cells, another report's block)
 * without asking. A sidebar run gets a question back and writes nothing; a scheduled run writes to a new
 * sheet named after the report and says why in the log.
 */
import { a1Of, cellAt, confirmOf, writeBox, type Confirm, type Conflict } from '../core/blockPlan';
import { AdaptyError } from '../core/errors';
import { foreignRows, rowKeys } from '../core/rowSignature';
import type { WriteMode } from '../core/report';
import type { WritePlan } from '../core/writePlan';
import {
  conflictOf,
  locateTarget,
  newSheetTarget,
  tagBlock,
  untag,
  type Locatable,
  type Target,
} from '../adapters/blockLocator';
import type { WriteResult } from '../adapters/blockWriter';
import { loadReports } from './reportStore';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Placement {
  target: Target;
  /** What is written there (a merge's plan depends on the rows already in the target's block). */
  plan: WritePlan;
  /** Set when nothing may be written yet: the question for the user. */
  confirm?: Confirm;
  /** Why the block went to a new sheet instead (appended to the log line). */
  redirected?: string;
}

export function placeBlock(
  ss: Spreadsheet,
  item: Locatable & { mode: WriteMode },
  planFor: WritePlan | ((target: Target) => WritePlan),
  onConflict: 'ask' | 'redirect',
  confirmReplace: boolean,
): Placement {
  const target = locateTarget(ss, item);
  refuseInsertedCells(target, item);
  const plan = typeof planFor === 'function' ? planFor(target) : planFor;
  const append = item.mode === 'append' && target.previous !== null && target.previous.rows > 0;
  const height = append ? plan.values.length - plan.headerRows : plan.values.length;
  if (height < 1 || target.created) return { target, plan };
  const conflict = conflictOf(target, writeBox(target, target.previous, height, plan.width, append));
  if (!conflict) return { target, plan };
  if (onConflict === 'redirect') {
    const moved = newSheetTarget(ss, item, target.blockId, target.ownTags);
    return { target: moved, plan, redirected: ` (new sheet: ${describe(conflict)})` };
  }
  if (!confirmReplace) return { target, plan, confirm: confirmOf(conflict, nameOf()) };
  // Confirmed: the blocks written over are no longer anyone's (their reports will not find them again).
  untag(target.others.filter((o) => conflict.blocks.some((b) => b.id === o.id)));
  return { target, plan };
}

/**
 * Rows or columns the user inserted inside the block since its last run (found by its tags: the block grew)
 * and typed into (a note row, a calculation between Revenue and Proceeds) are the user's: a refresh rewrites
 * the block at its written size, so it stops before writing, saying so. Inserted rows or columns left empty
 * are simply part of the block again. Its signature also finds rows inserted while as many were deleted, and
 * rows typed into (a sorted block is the same rows). One read, only when the block grew or has a signature.
 */
function refuseInsertedCells(target: Target, item: Locatable & { name: string; mode: WriteMode }): void {
  const p = target.previous;
  const [from, to] = (item.block?.a1 ?? '').split(':').map(cellAt);
  if (!p || !from || typeof item.block?.sheetId !== 'number' || target.created) return;
  const rows = to ? to.row - from.row + 1 : 1;
  const columns = to ? to.column - from.column + 1 : 1;
  // Append never writes over the rows there: its block's signature (if any, from an earlier mode) is moot.
  const sig = item.mode === 'append' ? '' : item.block.sig;
  if (p.rows <= rows && p.columns <= columns && !sig) return;
  const values = target.sheet.getRange(p.row, p.column, p.rows, p.columns).getValues();
  const filled = (v: unknown) => v !== '' && v !== null;
  const where = `inside its block ${a1Of(p)} on "${target.sheet.getName()}" since its last run`;
  const stop = (why: string) =>
    new AdaptyError('user_rows', `Report "${item.name}" was not refreshed: ${why}, then refresh. Nothing was changed.`);
  const theirColumns =
    p.columns > columns ? values[0].filter((_, c) => values.some((r) => filled(r[c]))).length - columns : 0;
  const grown = p.rows > rows ? values.filter((r) => r.some(filled)).length - rows : 0;
  // Same size but not the same rows: inserted as others were deleted, or typed into (sorted is the same rows).
  // A filled column changes every row: it is named instead.
  const theirs = sig && grown <= 0 && theirColumns <= 0 ? foreignRows(sig, rowKeys(values)) : [];
  const n = Math.max(grown, theirs?.length ?? 0);
  if (!theirs)
    throw stop(`too many rows changed ${where} to tell yours from its own. Move yours out of the block and clear it`);
  if (n > 0)
    throw stop(
      `${n} row${n === 1 ? ' was' : 's were'} inserted ${grown > 0 ? `and filled in ${where}` : `or typed into ${where} (row${n === 1 ? '' : 's'} ${theirs.map((i) => p.row + i).join(', ')})`}. Move them out of the block or delete them`,
    );
  if (theirColumns <= 0) return;
  const [was, it] = theirColumns === 1 ? [' was', 'it'] : ['s were', 'them'];
  throw stop(
    `${theirColumns} column${was} inserted and filled in ${where}. Move ${it} to the right of the block (formula columns there are kept) or delete ${it}`,
  );
}

/** Tags the block just written; its old tags go, wherever they were, and so do stray ones of a lost block of its id here. */
export function tagWritten(target: Target, w: WriteResult): void {
  const stray = target.others.filter((o) => o.id === target.blockId).flatMap((o) => o.tags);
  const box = { row: w.row, column: w.column, rows: w.rows, columns: w.columns };
  // A refresh that keeps the block's size leaves its tags where they are (no 8 metadata calls per refresh).
  const p = target.previous;
  const unchanged =
    p !== null && p.row === box.row && p.column === box.column && p.rows === box.rows && p.columns === box.columns;
  if (unchanged && target.ownTags.length > 0 && stray.length === 0) return;
  tagBlock(target.sheet, target.blockId, box, [...target.ownTags, ...stray]);
}

function describe(c: Conflict): string {
  const what = [
    c.cells > 0 ? `${c.cells.toLocaleString('en-US')} non-empty cells that are not this report's` : '',
    c.blocks.length
      ? `${c.blocks.length === 1 ? "another report's block" : `${c.blocks.length} other reports' blocks`}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return `${c.range} holds ${what}, which a scheduled refresh does not write over`;
}

/** Names other blocks in the question: a saved report by its name, else by where it is. */
function nameOf(): (id: string, where: string) => string {
  let names: Map<string, string> | null = null;
  return (id, where) => {
    names ??= new Map(loadReports().map((r) => [r.id, r.name]));
    const name = names.get(id);
    return name ? `the block of report "${name}" (${where})` : `another report's block (${where})`;
  };
}
