/**
 * The sidebar server functions refuse a bad argument before anything happens: dist/Code.js in the Apps
 * Script fakes against the emulator. For each bad input: one message naming the field as the sidebar
 * labels it, no request reaches Adapty (the emulator's request log), nothing is written (every sheet,
 * note, property and cache entry as before).
 */
import type { World } from '../fakes';
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e), { reset: false });

const revenue = {
  endpoint: 'analytics',
  chart: 'revenue',
  start: '2026-10-01',
  end: '2026-10-31',
  params: { period_unit: 'week' },
};

interface Bed {
  world: World;
  call(name: string, ...args: unknown[]): any;
  /** Every text the world holds: sheets, notes, formulas, properties, caches. */
  state(): string;
}

function bed(): Bed {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  return {
    world,
    call: (name, ...args) => runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 }),
    state: () => JSON.stringify(world.allText()),
  };
}

/** One world with a report already on a sheet and saved, shared by the cases (each leaves it as it was). */
let t: Bed;
beforeAll(() => {
  t = bed();
  t.call('runReport', { spec: revenue, destination: { kind: 'sheet', sheetName: 'Revenue' }, mode: 'overwrite' });
  t.call('saveReport', {
    name: 'Weekly revenue',
    spec: revenue,
    destination: { kind: 'sheet', sheetName: 'Revenue' },
  });
});

const MB = 'x'.repeat(1 << 20);
const spec = revenue;
const toSheet = (destination: unknown, extra: object = {}) => ({ spec, destination, mode: 'overwrite', ...extra });

/** [function, arguments, the field the message must start with, and a part of it]. */
const CASES: Array<[string, unknown[], string, RegExp]> = [
  [
    'runReport',
    [toSheet({ kind: 'sheet', sheetName: 'Revenue' }, { mode: 'apend' })],
    'Write mode',
    /"apend".*overwrite \(Replace\), append \(Append below\), or merge \(Merge\)/,
  ],
  [
    'runReport',
    [toSheet({ kind: 'sheet', sheetName: 'Revenue', anchor: 'ZZZ0' })],
    'Anchor cell',
    /"ZZZ0" is outside the sheet/,
  ],
  ['runReport', [toSheet({ kind: 'sheet', sheetName: 'Revenue', anchor: 'A1:B' })], 'Anchor cell', /"A1:B" is a range/],
  [
    'runReport',
    [toSheet({ kind: 'sheet', sheetName: 'Revenue', anchor: 'Sheet1!A1' })],
    'Anchor cell',
    /names a sheet/,
  ],
  ['runReport', [toSheet({ kind: 'sheet', sheetName: 'Revenue', anchor: 'AAAA1' })], 'Anchor cell', /is not a cell/],
  [
    'runReport',
    [toSheet({ kind: 'sheet', sheetName: 'Revenue', anchor: 'A10000001' })],
    'Anchor cell',
    /outside the sheet/,
  ],
  ['runReport', [toSheet({ kind: 'new_sheet', sheetName: 'Q1: revenue' })], 'New sheet name', /contains ":"/],
  ['runReport', [toSheet({ kind: 'sheet', sheetName: '' })], 'Sheet name', /is empty/],
  ['runReport', [toSheet({ kind: 'sheet', sheetName: 'r'.repeat(101) })], 'Sheet name', /101 characters: at most 100/],
  ['runReport', [toSheet({ kind: 'sheet', sheetName: MB })], 'Sheet name', /1,048,576 characters/],
  ['runReport', [toSheet({ kind: 'new_sheet', sheetName: 'a/b' })], 'New sheet name', /contains "\/"/],
  ['runReport', [toSheet({ kind: 'new_sheet', anchor: 'B2' })], 'Anchor cell', /existing sheet/],
  ['runReport', [toSheet({ kind: 'sheets' })], 'Write to', /"sheets".*new_sheet \(New sheet\)/],
  ['runReport', [toSheet('Revenue')], 'Write to', /"Revenue" is not a destination/],
  ['runReport', [toSheet({ kind: 'new_sheet' }, { chart: 'yes' })], 'Add a chart', /"yes".*true or false/],
  ['runReport', [toSheet({ kind: 'new_sheet' }, { headers: 0 })], 'Header row', /true or false/],
  [
    'runReport',
    [{ ...toSheet({ kind: 'new_sheet' }, { chart: true, chartStyle: 'pie' }), spec: { endpoint: 'funnel' } }],
    'Chart style',
    /"pie" is not allowed: column \(Column chart\), bar \(Bar chart\), or line \(Line chart\)/,
  ],
  ['saveReport', [{ name: 'R', spec, chart: true, chartStyle: 'bar' }], 'Chart style', /"bar".*layout has none/],
  ['runReport', [toSheet({ kind: 'new_sheet' }, { mdoe: 'append' })], 'Run request', /unknown part "mdoe"/],
  ['runReport', [{ ...toSheet({ kind: 'new_sheet' }), spec: 'revenue' }], 'Report', /"revenue" is not a report/],
  ['runReport', [null], 'Run request', /null is not a report to run/],
  ['runReport', [undefined], 'Run request', /is missing: give a report to run/],
  ['runReport', [42], 'Run request', /42 is not a report to run/],
  ['runReport', [[spec]], 'Run request', /is not a report to run/],
  [
    'runReport',
    [toSheet({ kind: 'new_sheet' }), { confirmReplace: 'yes' }],
    'Replace confirmation',
    /"yes".*true or false/,
  ],
  ['runReport', [toSheet({ kind: 'new_sheet' }), 'replace'], 'Replace confirmation', /is not run options/],
  ['runSavedReport', ['r0123456789ab', { confirm: true }], 'Replace confirmation', /unknown part "confirm"/],
  ['saveReport', [{ name: '', spec }], 'Report name', /is empty/],
  ['saveReport', [{ name: 7, spec }], 'Report name', /7 is not text/],
  ['saveReport', [{ name: 'n'.repeat(101), spec }], 'Report name', /at most 100/],
  ['saveReport', [{ name: 'R', spec, mode: 'apend' }], 'Write mode', /"apend"/],
  [
    'saveReport',
    [{ name: 'R', spec, destination: { kind: 'sheet', sheetName: 'R', anchor: 'ZZZ0' } }],
    'Anchor cell',
    /outside/,
  ],
  ['saveReport', [{ name: 'R', spec, schedule: 'every blue moon' }], 'schedule', /is not a schedule/],
  ['saveReport', [{ name: 'R', spec, id: 'no such id!' }], 'Saved report id', /is not a saved report's id/],
  ['saveReport', [null], 'Saved report', /null is not a report to save/],
  ['runSavedReport', [null], 'Saved report id', /null is not text/],
  ['runSavedReport', [123], 'Saved report id', /123 is not text/],
  ['runSavedReport', [['r0123456789ab']], 'Saved report id', /is not text/],
  ['runSavedReport', [MB], 'Saved report id', /1,048,576 characters/],
  ['duplicateReport', [{ id: 'r1' }], 'Saved report id', /is not text/],
  ['deleteReport', [undefined], 'Saved report id', /is missing/],
  ['runSavedReportCopy', [42], 'Saved report id', /42 is not text/],
  ['runSavedReportCopy', ['r 1'], 'Saved report id', /is not a saved report's id/],
  ['takeOverReport', [{ id: 'r1' }], 'Saved report id', /is not text/],
  ['takeOverReport', [MB], 'Saved report id', /1,048,576 characters/],
  ['setOwnerName', ['B'.repeat(41)], 'Your name on the reports you own', /41 characters: at most 40/],
  ['setOwnerName', [{ name: 'Bea' }], 'Your name on the reports you own', /is not text/],
  ['setOwnerName', [MB], 'Your name on the reports you own', /1,048,576 characters/],
  ['selectRange', ['Revenue', 'ZZZ0'], 'Range', /outside/],
  ['selectRange', ['Revenue', 'A1:B'], 'Range', /is not a range/],
  ['selectRange', ['   ', 'A1'], 'Sheet name', /is empty/],
  ['selectRange', [1, 2], 'Sheet name', /1 is not text/],
  ['rememberSpec', [5], 'Report', /5 is not a report/],
  [
    'rememberSpec',
    [{ endpoint: 'analytics', chart: MB }],
    'Report',
    /characters as JSON: a report has at most 100,000/,
  ],
  ['insertFormula', [null], 'Report', /null is not a report/],
  ['insertFormula', [[spec]], 'Report', /is not a report/],
  ['saveApiKey', [12345678], 'Secret API key', /must be text \(number was given\)/],
  ['saveApiKey', [null], 'Secret API key', /must be text \(null was given\)/],
  ['testApiKey', [{ key: 'secret_live_x' }], 'Secret API key', /must be text \(object was given\)/],
  ['testApiKey', [MB], 'Secret API key', /of 1,048,576 characters/],
];

describe('a bad sidebar argument: one message naming the field, nothing sent, nothing written', () => {
  test.each(CASES.map(([fn, args, field, re], i) => [`${i + 1}. ${fn} → ${field}`, fn, args, field, re] as const))(
    '%s',
    async (_label, fn, args, field, re) => {
      const before = t.state();
      const sent = (await emu.requests()).length;
      let message = '';
      try {
        t.call(fn, ...args);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message.startsWith(field + ' ')).toBe(true);
      // The one error boundary tags it as a validation error, with the control's id where there is one.
      expect(message).toMatch(/ \[\[adapty:validation(:[A-Za-z0-9_.]+)?\]\]$/);
      expect(message).toMatch(re);
      expect(message.length).toBeLessThan(400); // a short excerpt of the value at most
      expect(message).not.toMatch(/TypeError|undefined|is not a function|Cannot read/);
      expect((await emu.requests()).length).toBe(sent);
      expect(t.state()).toBe(before);
    },
  );

  test('the API key is never repeated in a refusal of it', () => {
    const key = emu.demoKey;
    for (const bad of [[key], { key }]) {
      let message = '';
      try {
        t.call('saveApiKey', bad);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^Secret API key must be text/);
      expect(message).not.toContain(key.slice(12, 20));
    }
  });

  test('the same arguments, valid, still run, save, select and remove (the checks refuse only what is wrong)', async () => {
    const w = bed();
    const sent = (await emu.requests()).length;
    const r = w.call('runReport', toSheet({ kind: 'sheet', sheetName: 'Anchored', anchor: '$c$5' }, { chart: false }));
    expect(r.a1).toMatch(/^C5:/);
    expect((await emu.requests()).length).toBe(sent + 1);
    const s = w.call('saveReport', { name: 'R', spec, mode: 'append', schedule: 'daily at 6' });
    expect(s).toMatchObject({ mode: 'append', schedule: { every: 'day', hour: 6 } });
    w.call('selectRange', r.sheetName, r.a1);
    w.call('rememberSpec', spec);
    expect(w.call('deleteReport', s.id)).toEqual([]);
  });
});
