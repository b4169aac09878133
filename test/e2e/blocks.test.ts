/**
 * Report blocks survive a team's editing, end to end (dist/Code.js in the Apps Script fakes, the emulator
 * in a child process): rows and columns inserted or deleted around a block, renamed and deleted sheets,
 * rows moved, neighbouring blocks, and cells that are not the block's own, which a sidebar run asks about
 * and a scheduled run never touches.
 */
import { ownerBed, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const bed = () => ownerBed(emu);
type Bed = ReturnType<typeof bed>;

const mrr = (end = '2026-10-20') => ({
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});

/** An A1 range (single-letter columns) moved by rows and columns. */
function shift(a1: string, rows: number, cols: number): string {
  return a1.replace(
    /([A-Z])(\d+)/g,
    (_, c: string, r: string) => String.fromCharCode(c.charCodeAt(0) + cols) + (Number(r) + rows),
  );
}

/** A block record's row signature (src/core/rowSignature.ts). */
const SIG = expect.stringMatching(/^[0-9a-z]{147}$/);

/** Rows of the sheet holding anything. */
const usedRows = (v: unknown[][]) => v.filter((r) => r.some((c) => c !== '')).length;

function saved(t: Bed, name: string, destination: object, end?: string, schedule: string | null = null): string {
  return t.call('saveReport', { name, spec: mrr(end), destination, mode: 'overwrite', schedule }).id;
}

describe('a saved report finds its block where it is now', () => {
  test('rows inserted above: the refresh lands where the block is, nothing is left below, the inserted rows stay', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    expect(first.a1).toMatch(/^A1:/);
    t.sheet('Dash').insertRowsBefore(1, 3);
    t.sheet('Dash')
      .getRange('A1:B3')
      .setValues([
        ['Team notes', 'keep'],
        ['Q4 goal', 1000],
        ['', ''],
      ]);
    // A shorter report next time (same destination, so the same block): its old tail must go.
    t.call('saveReport', {
      id,
      name: 'MRR',
      spec: mrr('2026-10-10'),
      destination: { kind: 'sheet', sheetName: 'Dash' },
    });
    const second = t.call('runSavedReport', id);
    expect(second).not.toHaveProperty('confirm');
    expect(second.a1).toMatch(/^A4:/);
    expect(second.rows).toBeLessThan(first.rows);
    const v = t.values('Dash');
    expect(v[0].slice(0, 2)).toEqual(['Team notes', 'keep']);
    expect(v[1].slice(0, 2)).toEqual(['Q4 goal', 1000]);
    expect(v[3][0]).toBe('Period');
    expect(usedRows(v)).toBe(2 + 1 + second.rows); // the user's two rows, the header, the data: nothing below
    expect(t.report(id).block).toEqual({
      sheetId: expect.any(Number),
      sheetName: 'Dash',
      a1: second.a1,
      chart: null,
      sig: SIG,
    });
  });

  test("columns inserted to the left and rows deleted above: found again, the user's cells untouched", () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash', anchor: 'C5' });
    const first = t.call('runSavedReport', id);
    expect(first.a1).toMatch(/^C5:/);
    const dash = t.sheet('Dash');
    dash.insertColumnsBefore(1, 2);
    dash.getRange('A10:B11').setValues([
      ['mine', 1],
      ['mine', 2],
    ]);
    dash.deleteRows(1, 2);
    const second = t.call('runSavedReport', id);
    expect(second.a1).toBe(shift(first.a1, -2, 2));
    const v = t.values('Dash');
    expect(v[7].slice(0, 2)).toEqual(['mine', 1]);
    expect(v[8].slice(0, 2)).toEqual(['mine', 2]);
    expect(v[2][4]).toBe('Period');
    expect(v.every((r) => r.slice(2, 4).every((c) => c === ''))).toBe(true); // the old columns hold nothing now
  });

  test('a renamed sheet: the refresh goes there, and no sheet with the old name appears', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'new_sheet' }, undefined, 'hourly');
    t.call('runSavedReport', id);
    t.sheet('MRR').setName('Revenue board');
    const r = t.call('runSavedReport', id);
    expect(r.sheetName).toBe('Revenue board');
    t.fire();
    expect(t.sheets()).not.toContain('MRR');
    expect(t.report(id).block.sheetName).toBe('Revenue board');
    expect(t.report(id).lastRun).toMatchObject({ status: 'ok', trigger: 'schedule' });
  });

  test('its header row deleted: the rest is not surely its own, so the sidebar asks; once rewritten it is found again', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    t.call('runSavedReport', id);
    t.sheet('Dash').deleteRow(1);
    const left = JSON.stringify(t.values('Dash'));
    const asked = t.call('runSavedReport', id);
    expect(asked.confirm.message).toMatch(/^Replace \d+ non-empty cells in Dash!A1:/);
    expect(JSON.stringify(t.values('Dash'))).toBe(left);
    const done = t.call('runSavedReport', id, { confirmReplace: true });
    expect(done.a1).toMatch(/^A1:/);
    // The lost block's leftover tags do not confuse the next run: it finds the new block, no question.
    const again = t.call('runSavedReport', id);
    expect(again).not.toHaveProperty('confirm');
    expect(again.a1).toBe(done.a1);
    const tags = t.world.spreadsheet().metadata.filter((m) => m.key === 'adapty.block');
    expect(tags).toHaveLength(4);
  });

  test("rows moved (the block's rows dragged lower) are followed", () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash', anchor: 'B2' });
    const first = t.call('runSavedReport', id);
    const height = first.rows + 1;
    const dash = t.sheet('Dash');
    dash.moveRows(dash.getRange(`A2:A${1 + height}`), 2 + height + 10); // ten empty rows go above it
    const r = t.call('runSavedReport', id);
    expect(r).not.toHaveProperty('confirm');
    expect(r.a1).toMatch(/^B12:/);
    expect(usedRows(t.values('Dash'))).toBe(height);
  });

  test('a run at the active cell finds its own block by its tag after rows were inserted above', () => {
    const t = bed();
    t.call('selectRange', 'Sheet1', 'B3');
    const first = t.call('runReport', { spec: mrr(), destination: { kind: 'active_cell' }, mode: 'overwrite' });
    t.sheet('Sheet1').insertRowsBefore(2, 2);
    t.sheet('Sheet1').getRange('A1').setValue('title');
    t.call('selectRange', 'Sheet1', 'B5');
    const again = t.call('runReport', {
      spec: mrr('2026-10-05'),
      destination: { kind: 'active_cell' },
      mode: 'overwrite',
    });
    expect(again).not.toHaveProperty('confirm');
    expect(again.a1).toMatch(/^B5:/);
    expect(usedRows(t.values('Sheet1'))).toBe(1 + 1 + again.rows);
    expect(first.rows).toBeGreaterThan(again.rows);
  });
});

describe('cells that are not the block’s own are never written over without asking', () => {
  test('a sidebar run onto non-empty cells asks first and writes nothing; confirmed, it writes', () => {
    const t = bed();
    t.sheet('Sheet1').getRange('B2:D6').setValue('budget');
    t.sheet('Sheet1').getRange('A1').setFormula('=SUM(B2:D6)');
    const before = JSON.stringify(t.values('Sheet1'));
    const metadataBefore = t.world.spreadsheet().metadata.length;
    t.call('selectRange', 'Sheet1', 'A1');
    const request = { spec: mrr(), destination: { kind: 'active_cell' }, mode: 'overwrite' };
    const asked = t.call('runReport', request);
    expect(asked.confirm).toEqual({
      message: expect.stringMatching(/^Replace 16 non-empty cells in Sheet1!A1:[A-Z]+\d+\?/),
      cells: 16,
      range: expect.stringMatching(/^Sheet1!A1:/),
    });
    expect(JSON.stringify(t.values('Sheet1'))).toBe(before);
    expect(t.world.spreadsheet().metadata).toHaveLength(metadataBefore);
    expect(t.sheets()).not.toContain('Adapty Log'); // nothing ran, so nothing is logged
    const done = t.call('runReport', request, { confirmReplace: true });
    expect(done.a1).toMatch(/^A1:/);
    expect(t.values('Sheet1')[0][0]).toBe('Period');
  });

  test("an existing sheet chosen by name: the user's cells there are asked about too", () => {
    const t = bed();
    t.ss().insertSheet('Plan').getRange('A1').setValue('do not lose me');
    const asked = t.call('runReport', {
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'Plan' },
      mode: 'overwrite',
    });
    expect(asked.confirm.message).toMatch(/^Replace 1 non-empty cell in Plan!A1:/);
    expect(t.values('Plan')[0][0]).toBe('do not lose me');
  });

  test('two blocks, one under the other: the one that grows asks before covering its neighbour; a schedule moves it to a new sheet', () => {
    const t = bed();
    const top = saved(t, 'Top', { kind: 'sheet', sheetName: 'Dash' }, '2026-10-05', 'hourly');
    t.call('runSavedReport', top); // A1:…6
    const below = saved(t, 'Below', { kind: 'sheet', sheetName: 'Dash', anchor: 'A9' }, '2026-10-05');
    t.call('runSavedReport', below);
    const belowCells = JSON.stringify(t.values('Dash').slice(8, 15));
    // Top now covers a month: it would reach into Below's rows.
    t.call('saveReport', {
      id: top,
      name: 'Top',
      spec: mrr('2026-10-31'),
      destination: { kind: 'sheet', sheetName: 'Dash' },
      schedule: 'hourly',
    });
    const asked = t.call('runSavedReport', top);
    expect(asked.confirm.message).toMatch(
      /^Replace \d+ non-empty cells in Dash!A1:G33\? It overlaps the block of report "Below" \(Dash!A9:G15\)\.$/,
    );
    expect(JSON.stringify(t.values('Dash').slice(8, 15))).toBe(belowCells);
    expect(t.report(top).lastRun.status).toBe('ok'); // the question is not a run
    // The hourly refresh has nobody to ask: Top goes to a new sheet named after it, and the log says why.
    t.fire();
    expect(JSON.stringify(t.values('Dash').slice(8, 15))).toBe(belowCells);
    expect(t.sheets()).toContain('Top');
    expect(t.values('Top')[0][0]).toBe('Period');
    const line = t.log().find((r) => r[1] === 'Top' && r[2] === 'schedule');
    expect(line?.[6]).toMatch(
      /written to Top!A1:.*\(new sheet: Dash!A1:G33 holds \d+ non-empty cells that are not this report's and another report's block, which a scheduled refresh does not write over\)/,
    );
    // …and follows it there from now on: the next refresh makes no further sheet.
    expect(t.report(top).block.sheetName).toBe('Top');
    t.fire();
    expect(t.sheets().filter((n) => n.startsWith('Top'))).toEqual(['Top']);
    // Below's own block is untouched, so it refreshes in place without a question.
    expect(t.call('runSavedReport', below).a1).toMatch(/^A9:/);
  });

  test('confirmed over a neighbour: the neighbour loses its block and then asks instead of writing over the new one', () => {
    const t = bed();
    const left = saved(t, 'Left', { kind: 'sheet', sheetName: 'Dash' }, '2026-10-05');
    t.call('runSavedReport', left);
    const right = saved(t, 'Right', { kind: 'sheet', sheetName: 'Dash', anchor: 'H1' }, '2026-10-05');
    expect(t.call('runSavedReport', right).a1).toMatch(/^H1:/); // beside Left (A:G), not over it
    t.call('saveReport', {
      id: left,
      name: 'Left',
      spec: { ...mrr('2026-10-05'), params: { period_unit: 'day', segmentation: 'country' }, layout: 'wide' },
      destination: { kind: 'sheet', sheetName: 'Dash' },
    });
    expect(t.call('runSavedReport', left).confirm.message).toMatch(/overlaps the block of report "Right"/);
    expect(t.call('runSavedReport', left, { confirmReplace: true }).a1).toMatch(/^A1:/);
    const after = JSON.stringify(t.values('Dash'));
    const asked = t.call('runSavedReport', right);
    expect(asked.confirm.message).toMatch(
      /^Replace \d+ non-empty cells in Dash!H1:.*It overlaps the block of report "Left"/,
    );
    expect(JSON.stringify(t.values('Dash'))).toBe(after);
  });
});

describe('deleted sheets', () => {
  test("a user's own sheet with the deleted report sheet's name is never overwritten: new sheet + log", () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'new_sheet' }, undefined, 'hourly');
    t.call('runSavedReport', id);
    const oldId = t.sheet('MRR').getSheetId();
    t.ss().deleteSheet(t.sheet('MRR'));
    const mine = t.ss().insertSheet('MRR');
    expect(mine.getSheetId()).not.toBe(oldId);
    mine.getRange('A1:C2').setValues([
      ['my', 'own', 'table'],
      [1, 2, 3],
    ]);
    t.fire();
    expect(
      t
        .values('MRR')
        .slice(0, 2)
        .map((r) => r.slice(0, 3)),
    ).toEqual([
      ['my', 'own', 'table'],
      [1, 2, 3],
    ]);
    expect(usedRows(t.values('MRR'))).toBe(2);
    expect(t.sheets()).toContain('MRR (2)');
    expect(t.values('MRR (2)')[0][0]).toBe('Period');
    const line = t.log().find((r) => r[1] === 'MRR' && r[2] === 'schedule');
    expect(line?.[5]).toBe('ok');
    expect(line?.[6]).toMatch(
      /to MRR \(2\)!A1:.*new sheet: MRR!A1:.* holds 6 non-empty cells that are not this report's/,
    );
    // The sidebar, asked to run it, goes to the block where it now is.
    expect(t.call('runSavedReport', id).sheetName).toBe('MRR (2)');
  });

  test('with no sheet of its name left, a scheduled refresh recreates it', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'new_sheet' }, undefined, 'hourly');
    t.call('runSavedReport', id);
    t.ss().deleteSheet(t.sheet('MRR'));
    t.fire();
    expect(t.sheets().filter((n) => n.startsWith('MRR'))).toEqual(['MRR']);
    expect(t.values('MRR')[0][0]).toBe('Period');
    const rec = t.report(id).block;
    expect(rec.sheetId).toBe(t.sheet('MRR').getSheetId());
    // What is stored per block stays small: its row signature is 147 characters whatever the block's size.
    expect(rec.sig).toMatch(/^[0-9a-z]{147}$/);
    expect(JSON.stringify(rec).length).toBeLessThan(200 + 160);
  });

  test('a duplicated report sheet is not taken for the original: the original is refreshed, the copy left alone', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'new_sheet' });
    t.call('runSavedReport', id);
    const copy = t.sheet('MRR').copyTo(t.ss());
    copy.getRange('A2').setValue('edited copy');
    t.sheet('MRR').setName('MRR old');
    copy.setName('MRR');
    const r = t.call('runSavedReport', id);
    expect(r.sheetName).toBe('MRR old');
    expect(t.values('MRR')[1][0]).toBe('edited copy');
  });
});

describe('rows the user inserts inside a block', () => {
  test('filled in: a refresh, by hand or scheduled, stops before writing and says why; emptied again, it refreshes', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' }, undefined, 'hourly');
    const first = t.call('runSavedReport', id);
    t.sheet('Dash').insertRowsAfter(4, 2);
    t.sheet('Dash')
      .getRange('A5:B6')
      .setValues([
        ['promo week', 'ask Ann'],
        ['', 'spike: launch'],
      ]);
    const before = t.values('Dash');
    const says =
      /^Report "MRR" was not refreshed: 2 rows were inserted and filled in inside its block A1:[A-Z]+\d+ on "Dash" since its last run\. Move them out of the block or delete them, then refresh\. Nothing was changed\./;
    expect(failure(() => t.call('runSavedReport', id))).toMatch(says);
    expect(t.values('Dash')).toEqual(before);
    t.fire();
    expect(t.values('Dash')).toEqual(before);
    const row = t.log().find((r) => r[2] === 'schedule');
    expect(row?.[5]).toBe('error');
    expect(String(row?.[6])).toMatch(says);
    expect(t.report(id).lastRun).toMatchObject({ status: 'error', code: 'user_rows' });

    // The user deletes them: the next refresh runs, the block as it was written.
    t.sheet('Dash').deleteRows(5, 2);
    expect(t.call('runSavedReport', id).a1).toBe(first.a1);
  });

  test('left empty: they are part of the block again and the refresh writes over them', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    t.sheet('Dash').insertRowsAfter(4, 2);
    const again = t.call('runSavedReport', id);
    expect(again.a1).toBe(first.a1);
    expect(usedRows(t.values('Dash'))).toBe(first.rows + 1);
  });
});

describe("rows of the user's inside a block of the same size (its row signature)", () => {
  /** Two rows of the user's inserted after sheet row 4, and two of the block's deleted further down. */
  function insertTwoDeleteTwo(t: Bed): void {
    const dash = t.sheet('Dash');
    dash.insertRowsAfter(4, 2);
    dash.getRange('A5:B6').setValues([
      ['promo week', 'ask Ann'],
      ['', 'spike: launch'],
    ]);
    dash.deleteRows(12, 2);
  }
  const says =
    /^Report "MRR" was not refreshed: 2 rows were inserted or typed into inside its block A1:[A-Z]+\d+ on "Dash" since its last run \(rows 5, 6\)\. Move them out of the block or delete them, then refresh\. Nothing was changed\./;

  test('2 rows inserted and 2 deleted, refreshed from the sidebar: refused naming the rows, the sheet unchanged cell for cell', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    const written = t.values('Dash');
    insertTwoDeleteTwo(t);
    expect(t.values('Dash')).toHaveLength(written.length); // the block's size is unchanged: a count sees nothing
    const before = t.world.sheetSnapshot(undefined, 'Dash');
    expect(failure(() => t.call('runSavedReport', id))).toMatch(says);
    expect(t.world.sheetSnapshot(undefined, 'Dash')).toEqual(before);
    expect(t.report(id).lastRun).toMatchObject({ status: 'error', code: 'user_rows' });

    // The user deletes their rows: the refresh runs and writes the block whole again.
    t.sheet('Dash').deleteRows(5, 2);
    expect(t.call('runSavedReport', id).a1).toBe(first.a1);
    expect(t.values('Dash').slice(0, first.rows + 1)).toEqual(written.slice(0, first.rows + 1));
  });

  test('the same on a scheduled run: refused in the log and the status, nothing thrown, the sheet unchanged', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' }, undefined, 'hourly');
    t.call('runSavedReport', id);
    insertTwoDeleteTwo(t);
    const before = t.world.sheetSnapshot(undefined, 'Dash');
    expect(() => t.fire()).not.toThrow();
    expect(t.world.sheetSnapshot(undefined, 'Dash')).toEqual(before);
    const row = t.log().find((r) => r[2] === 'schedule');
    expect(row?.[5]).toBe('error');
    expect(String(row?.[6])).toMatch(says);
    expect(t.report(id).lastRun).toMatchObject({ status: 'error', code: 'user_rows', trigger: 'schedule' });
    expect(t.report(id).lastRun.error).toMatch(says);
  });

  test('a number typed over in a row of the block: refused naming that row', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    t.call('runSavedReport', id);
    t.sheet('Dash').getRange('E8').setValue(12345);
    const before = t.world.sheetSnapshot(undefined, 'Dash');
    expect(failure(() => t.call('runSavedReport', id))).toMatch(
      /: 1 row was inserted or typed into inside .* \(row 8\)\./,
    );
    expect(t.world.sheetSnapshot(undefined, 'Dash')).toEqual(before);
  });

  test("the block's data rows sorted by the user: not theirs, the refresh goes through and writes them in order", () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    const written = t.values('Dash');
    const data = t.sheet('Dash').getRange(2, 1, first.rows, written[0].length);
    const rows = data.getValues();
    data.setValues([...rows].sort((a, b) => Number(b[4]) - Number(a[4]))); // by MRR, largest first
    expect(t.values('Dash')).not.toEqual(written);
    const again = t.call('runSavedReport', id);
    expect(again.a1).toBe(first.a1);
    expect(t.values('Dash')).toEqual(written);
  });

  test('many rows typed over at once: too many to tell, so it stops saying to clear the block; cleared, it refreshes', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    t.sheet('Dash')
      .getRange(2, 5, 18, 1)
      .setValues(Array.from({ length: 18 }, () => [1]));
    const before = t.world.sheetSnapshot(undefined, 'Dash');
    expect(failure(() => t.call('runSavedReport', id))).toMatch(
      /^Report "MRR" was not refreshed: too many rows changed inside its block A1:[A-Z]+\d+ on "Dash" since its last run to tell yours from its own\. Move yours out of the block and clear it, then refresh\. Nothing was changed\./,
    );
    expect(t.world.sheetSnapshot(undefined, 'Dash')).toEqual(before);
    t.sheet('Dash').getRange(first.a1).clearContent();
    expect(t.call('runSavedReport', id).a1).toBe(first.a1);
  });

  test('a block recorded by an older version (no signature): refreshed as before, and its record gains one', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    const store = t.world.documentStore(t.world.spreadsheet().id);
    store.apply(new Map([['adapty.reports.0', store.data.get('adapty.reports.0')!.replace(/,"sig":"[^"]*"/, '')]]));
    expect(t.report(id).block).not.toHaveProperty('sig');
    insertTwoDeleteTwo(t);
    expect(t.call('runSavedReport', id).a1).toBe(first.a1); // the count check alone: written over, as before
    expect(t.report(id).block.sig).toMatch(/^[0-9a-z]{147}$/);
  });

  test('an append report keeps no signature: its runs write only below the rows there', () => {
    const t = bed();
    const id = t.call('saveReport', {
      name: 'MRR log',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'Hist' },
      mode: 'append',
    }).id;
    t.call('runSavedReport', id);
    t.sheet('Hist').getRange('B3').setValue('mine');
    t.call('runSavedReport', id);
    expect(t.values('Hist')[2][1]).toBe('mine');
    expect(t.report(id).block).not.toHaveProperty('sig');
  });
});

describe('columns the user inserts inside a block', () => {
  test('filled in (a calculation between two series): the refresh stops before writing, by hand or scheduled; deleted, it refreshes', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' }, undefined, 'hourly');
    const first = t.call('runSavedReport', id);
    const header = t.values('Dash')[0];
    const at = header.indexOf('Period status') + 1; // a column after it, inside the block
    t.sheet('Dash').insertColumnsAfter(at, 1);
    t.sheet('Dash')
      .getRange(1, at + 1, 3, 1)
      .setValues([['My calc'], [1], ['=1+1']]);
    const before = t.values('Dash');
    const says =
      /^Report "MRR" was not refreshed: 1 column was inserted and filled in inside its block A1:[A-Z]+\d+ on "Dash" since its last run\. Move it to the right of the block \(formula columns there are kept\) or delete it, then refresh\. Nothing was changed\./;
    expect(failure(() => t.call('runSavedReport', id))).toMatch(says);
    expect(t.values('Dash')).toEqual(before);
    t.fire();
    expect(t.values('Dash')).toEqual(before);
    const row = t.log().find((r) => r[2] === 'schedule');
    expect(row?.[5]).toBe('error');
    expect(String(row?.[6])).toMatch(says);

    t.sheet('Dash').deleteColumns(at + 1, 1);
    expect(t.call('runSavedReport', id).a1).toBe(first.a1);
  });

  test('left empty: part of the block again; the refresh writes the block as it was, no gap left', () => {
    const t = bed();
    const id = saved(t, 'MRR', { kind: 'sheet', sheetName: 'Dash' });
    const first = t.call('runSavedReport', id);
    const header = t.values('Dash')[0];
    t.sheet('Dash').insertColumnsAfter(2, 2);
    expect(t.call('runSavedReport', id).a1).toBe(first.a1);
    expect(t.values('Dash')[0].filter((h) => h !== '')).toEqual(header.filter((h) => h !== ''));
  });
});

describe('destinations at the edges of the sheet', () => {
  test("an anchor cell beyond the sheet's grid: the grid grows to it and the block lands there", () => {
    const t = bed();
    const r = t.call('runReport', {
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'Sheet1', anchor: 'AB1500' },
      mode: 'overwrite',
    });
    expect(r.a1).toBe(`AB1500:AH${1500 + r.rows}`);
    const v = t.values('Sheet1');
    expect(v[1499][27]).toBe('Period');
    expect(v.slice(0, 1499).every((row) => row.every((c) => c === ''))).toBe(true);
  });

  test('an anchor with no room for the columns, or too far to grow to, is refused saying so; the sheet is unchanged', () => {
    const t = bed();
    const before = t.world.sheetSnapshot(undefined, 'Sheet1');
    const right = failure(() =>
      t.call('runReport', { spec: mrr(), destination: { kind: 'sheet', sheetName: 'Sheet1', anchor: 'ZZZ1' } }),
    );
    expect(right).toMatch(/^This report has 7 columns; from column ZZZ there is room for 1/);
    const down = failure(() =>
      t.call('runReport', { spec: mrr(), destination: { kind: 'sheet', sheetName: 'Sheet1', anchor: 'A1048576' } }),
    );
    expect(down).toMatch(/^Anchor cell A1048576 is so far beyond this sheet's grid .*choose one nearer/);
    expect(t.world.sheetSnapshot(undefined, 'Sheet1')).toEqual(before);
  });

  test('the run log is never a destination: refused before anything is sent; a report named like it gets its own sheet', () => {
    const t = bed();
    for (const destination of [
      { kind: 'new_sheet', sheetName: 'Adapty Log' },
      { kind: 'sheet', sheetName: 'adapty log' },
    ]) {
      const sent = t.world.http.length;
      expect(failure(() => t.call('runReport', { spec: mrr(), destination }))).toMatch(
        /sheet name "adapty log" is the add-on's run log: choose another sheet/i,
      );
      expect(t.world.http.length).toBe(sent);
    }
    const id = t.call('saveReport', { name: 'Adapty Log', spec: mrr(), destination: { kind: 'new_sheet' } }).id;
    expect(t.call('runSavedReport', id).sheetName).toBe('Adapty Log (report)');
    const log = t.values('Adapty Log');
    expect(log[0][0]).toBe('Time');
    expect(
      log.slice(1).every((row) => row[0] === '' || Object.prototype.toString.call(row[0]) === '[object Date]'),
    ).toBe(true);
  });
});
