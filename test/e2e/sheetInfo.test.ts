/**
 * describeSheet through the built bundle: what the sidebar's sheet-name field says about a destination
 * before anything runs (exists or not, the used area, whose report blocks sit there, the user's own cells).
 */
import { ownerBed, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

const bed = () => ownerBed(emu);

const mrr = {
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-10-01',
  end: '2026-10-10',
  params: { period_unit: 'day' },
};

test('a sheet that does not exist is said to be new; nothing is created', () => {
  const t = bed();
  const before = t.world.spreadsheet().sheets.length;
  expect(t.call('describeSheet', 'Nowhere')).toEqual({
    name: 'Nowhere',
    exists: false,
    rows: 0,
    columns: 0,
    blocks: [],
    otherCells: 0,
  });
  expect(t.world.spreadsheet().sheets.length).toBe(before);
});

test("a sheet with a saved report's block and the user's own notes: both are told apart", () => {
  const t = bed();
  const id = t.call('saveReport', {
    name: 'Daily MRR',
    spec: mrr,
    destination: { kind: 'sheet', sheetName: 'Dash' },
    mode: 'overwrite',
    schedule: null,
  }).id;
  const ran = t.call('runSavedReport', id);
  const dash = t.ss().getSheetByName('Dash');
  dash.getRange('H2:H4').setValues([['my'], ['own'], ['notes']]);
  const info = t.call('describeSheet', 'Dash');
  expect(info).toMatchObject({ name: 'Dash', exists: true, otherCells: 3 });
  expect(info.blocks).toEqual([{ a1: ran.a1, report: 'Daily MRR' }]);
  expect(info.rows).toBe(dash.getLastRow());
  expect(info.columns).toBe(8);
});

test('a bad sheet name is refused with its field, as every sidebar input', () => {
  const t = bed();
  expect(() => t.call('describeSheet', '')).toThrow(/Sheet name is empty/);
});
