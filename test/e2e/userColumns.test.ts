/**
 * The user's own columns and formatting around a report block survive refreshes that grow and shrink it:
 * formula columns right of the block follow its row count, typed columns are left alone, and colours,
 * widths, fonts and conditional formats on the block stay (dist/Code.js in the fakes, the emulator).
 */
import { OWNER, START, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import type { EmulatorProcess } from '../../emulator/process';

type Any = any;
let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

function bed() {
  const world = emulatedWorld(emu, { startTime: START, timeZone: 'Europe/Berlin', keys: { [OWNER]: emu.demoKey } });
  const run = (name: string, args: unknown[]) =>
    runOnce(world, { mode: 'full', user: OWNER }, name, args, { advanceMs: 2000 });
  return {
    world,
    call: (name: string, ...args: unknown[]): Any => run(name, args),
    /** What a user does by hand in the spreadsheet. */
    sheet: (name: string): Any =>
      world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet().getSheetByName(name),
    snap: (name: string) => world.sheetSnapshot(undefined, name),
  };
}

const revenue = (end: string) => ({
  endpoint: 'analytics',
  chart: 'revenue',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});
const lastRow = (a1: string) => Number(/(\d+)$/.exec(a1)![1]);

describe('user columns and formatting through refreshes that grow and shrink the block', () => {
  test('formula columns fill down and trim with the block; typed columns, colours, widths, fonts and conditional formats stay', () => {
    const t = bed();
    const saved = t.call('saveReport', {
      name: 'Margins',
      spec: revenue('2026-10-10'),
      destination: { kind: 'sheet', sheetName: 'R' },
    });
    const r1 = t.call('runSavedReport', saved.id);
    expect(r1.a1).toMatch(/^A1:G\d+$/);
    const last1 = lastRow(r1.a1);
    const s = t.sheet('R');
    expect(s.getRange('E1:G1').getValues()[0]).toEqual(['Revenue', 'Proceeds', 'Net revenue']);

    // The analyst's additions: two formula columns filled down by hand, a typed notes column, formatting.
    s.getRange('H1:J1').setValues([['Margin', 'Net × 2', 'Notes']]);
    s.getRange(`H2:I${last1}`).setFormulas(
      Array.from({ length: last1 - 1 }, (_, i) => [`=F${i + 2}/E${i + 2}`, `=G${i + 2}*2`]),
    );
    s.getRange('J2:J4').setValues([['launch'], ['promo'], ['']]);
    s.getRange('E2:E5').setBackground('#ffeeaa');
    s.getRange('A1').setFontWeight('normal');
    s.getRange('B3:B4').setFontColor('#990000');
    s.setColumnWidth(5, 222);
    const app = t.world.execution('full').globals.SpreadsheetApp;
    const rule = app.newConditionalFormatRule().whenNumberGreaterThan(0).setBackground('#ccffcc');
    s.setConditionalFormatRules([rule.setRanges([s.getRange(`E2:E${last1}`)]).build()]);

    const check = (last: number) => {
      const snap = t.snap('R');
      const f = snap.formulas;
      for (let r = 2; r <= last; r++) {
        expect(f[r - 1][7]).toBe(`=F${r}/E${r}`);
        expect(f[r - 1][8]).toBe(`=G${r}*2`);
      }
      // Nothing below the new last row (the block's cells and the followed columns alike).
      for (let r = last + 1; r <= snap.values.length; r++) {
        expect(snap.values[r - 1].slice(0, 9).every((c) => c === '')).toBe(true);
        expect(f[r - 1].slice(0, 9).every((c) => c === '')).toBe(true);
      }
      expect(snap.values.slice(0, 4).map((r) => r[9])).toEqual(['Notes', 'launch', 'promo', '']);
      expect(snap.backgrounds.slice(1, 5).map((r) => r[4])).toEqual(Array(4).fill('#ffeeaa'));
      expect(snap.fontWeights[0][0]).toBe('normal');
      expect(snap.fontWeights[0][1]).toBe('bold');
      expect(snap.styles.fontColor.slice(2, 4).map((r) => r[1])).toEqual(['#990000', '#990000']);
      expect(snap.columnWidths[5]).toBe(222);
      expect(snap.conditionalFormatRules).toHaveLength(1);
      expect(snap.conditionalFormatRules[0]).toMatchObject({ ranges: [expect.objectContaining({ row: 2, col: 5 })] });
      // The add-on's number formats are on the cells it wrote.
      expect(snap.numberFormats[last - 1][4]).toContain('$');
      return snap;
    };

    // Grow: ten more days.
    t.call('saveReport', { id: saved.id, name: 'Margins', spec: revenue('2026-10-20') });
    const r2 = t.call('runSavedReport', saved.id);
    const last2 = lastRow(r2.a1);
    expect(last2).toBeGreaterThan(last1 + 5);
    check(last2);

    // Shrink: five days. The user colours a cell of a row the block is about to give up.
    s.getRange(`E${last2 - 1}`).setBackground('#abcdef');
    t.call('saveReport', { id: saved.id, name: 'Margins', spec: revenue('2026-10-05') });
    const r3 = t.call('runSavedReport', saved.id);
    const last3 = lastRow(r3.a1);
    expect(last3).toBeLessThan(last1);
    const snap = check(last3);
    // The shrunk-away rows keep the user's colour (only values were cleared).
    expect(snap.backgrounds[last2 - 2][4]).toBe('#abcdef');
    expect(snap.values[last2 - 2][4]).toBe('');
  });

  test('a column holding typed values right of the block is the user’s data: it is not filled or trimmed', () => {
    const t = bed();
    const saved = t.call('saveReport', {
      name: 'Typed',
      spec: revenue('2026-10-10'),
      destination: { kind: 'sheet', sheetName: 'T' },
    });
    const last1 = lastRow(t.call('runSavedReport', saved.id).a1);
    const s = t.sheet('T');
    s.getRange('H2').setFormula('=E2*2');
    s.getRange(`H3:H${last1}`).setValues(Array.from({ length: last1 - 2 }, (_, i) => [i]));
    t.call('saveReport', { id: saved.id, name: 'Typed', spec: revenue('2026-10-05') });
    t.call('runSavedReport', saved.id);
    const snap = t.snap('T');
    expect(snap.formulas[1][7]).toBe('=E2*2');
    expect(snap.values.slice(2, last1).map((r) => r[7])).toEqual(Array.from({ length: last1 - 2 }, (_, i) => i));
  });
});

test("a chart added later goes right of the block's formula columns, never over them", () => {
  const t = bed();
  const input = { name: 'Charted', spec: revenue('2026-10-10'), destination: { kind: 'sheet', sheetName: 'C' } };
  const saved = t.call('saveReport', input);
  const r1 = t.call('runSavedReport', saved.id);
  expect(r1.a1).toMatch(/^A1:G\d+$/);
  const last = lastRow(r1.a1);
  const s = t.sheet('C');
  s.getRange('H1:I1').setValues([['Margin', 'Net × 2']]);
  s.getRange(`H2:I${last}`).setFormulas(
    Array.from({ length: last - 1 }, (_, i) => [`=F${i + 2}/E${i + 2}`, `=G${i + 2}*2`]),
  );
  t.call('saveReport', { ...input, id: saved.id, chart: true });
  t.call('runSavedReport', saved.id);
  const snap = t.snap('C');
  expect(snap.charts).toHaveLength(1);
  expect(snap.charts[0].position.col).toBe(11); // A:G the block, H:I the formulas, J free, the chart at K
  expect(snap.formulas[1].slice(7, 9)).toEqual(['=F2/E2', '=G2*2']);
});
