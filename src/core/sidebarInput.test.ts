import {
  apiKeyInput,
  cellInput,
  destinationInput,
  modeInput,
  ownerNameInput,
  rangeInput,
  rememberSpecInput,
  reportIdInput,
  runOptionsInput,
  runSavedReportArgs,
  runReportInput,
  saveReportInput,
  selectRangeInput,
  sheetNameInput,
  specInput,
} from './sidebarInput';
import { ValidationError } from './errors';

const spec = { endpoint: 'analytics', chart: 'revenue', start: 'last_30_days' };

function refusal(f: () => unknown): { field: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return { field: (e as ValidationError).field, message: (e as Error).message };
  }
  throw new Error('expected a ValidationError');
}

describe('runReport', () => {
  test('a valid request comes back typed; an absent mode is overwrite', () => {
    expect(runReportInput({ spec, destination: { kind: 'new_sheet' } })).toEqual({
      spec,
      destination: { kind: 'new_sheet' },
      mode: 'overwrite',
    });
    expect(
      runReportInput({
        spec,
        destination: { kind: 'sheet', sheetName: 'Revenue', anchor: '$b$5' },
        mode: 'append',
        chart: true,
        headers: false,
      }),
    ).toEqual({
      spec,
      destination: { kind: 'sheet', sheetName: 'Revenue', anchor: 'B5' },
      mode: 'append',
      chart: true,
      headers: false,
    });
  });

  test.each([
    [null, 'Run request', 'Run request null is not a report to run'],
    [undefined, 'Run request', 'Run request is missing: give a report to run'],
    [3, 'Run request', 'Run request 3 is not a report to run'],
    [[], 'Run request', 'Run request [] is not a report to run'],
    [
      { spec, destination: { kind: 'new_sheet' }, mode: 'apend' },
      'Write mode',
      'Write mode "apend" is not allowed: overwrite (Replace), append (Append below), or merge (Merge)',
    ],
    [
      { spec, destination: { kind: 'new_sheet' }, extra: 1 },
      'Run request',
      'Run request has an unknown part "extra": it takes only spec, destination, mode, chart, chartStyle, headers',
    ],
    [
      { spec: null, destination: { kind: 'new_sheet' } },
      'Report',
      'Report null is not a report: build one in the form above',
    ],
    [
      { spec },
      'Write to',
      'Write to is missing: give a destination: new_sheet (New sheet), sheet (Existing sheet) or active_cell (Active cell)',
    ],
  ])('%p → %s', (input, label, message) => {
    const r = refusal(() => runReportInput(input));
    expect(r.message).toBe(message);
    expect(r.message.startsWith(label + ' ')).toBe(true);
  });

  test('the error carries the field id the sidebar maps to its control; the message, the sidebar’s words', () => {
    const base = { spec, destination: { kind: 'sheet', sheetName: 'S' } };
    expect(refusal(() => runReportInput({ ...base, mode: 'apend' })).field).toBe('mode');
    expect(
      refusal(() => runReportInput({ ...base, destination: { kind: 'sheet', sheetName: 'S', anchor: 'A0' } })).field,
    ).toBe('destination.anchor');
    expect(refusal(() => runReportInput({ ...base, destination: { kind: 'sheet', sheetName: '' } })).field).toBe(
      'destination.sheetName',
    );
    for (const id of ['mode', 'destination.anchor', 'destination.sheetName', 'api_key', 'spec', 'request'])
      expect(id).toMatch(/^[A-Za-z0-9_.]{1,60}$/); // what the wire tag carries
  });
});

describe('run options (the second argument of runReport and runSavedReport)', () => {
  test('absent, or {confirmReplace: boolean}', () => {
    expect(runOptionsInput(undefined)).toBeUndefined();
    expect(runOptionsInput({ confirmReplace: true })).toEqual({ confirmReplace: true });
    expect(runOptionsInput({})).toEqual({});
    expect(runSavedReportArgs('r1', { confirmReplace: false })).toEqual({
      id: 'r1',
      options: { confirmReplace: false },
    });
    for (const bad of ['yes', 1, [], { confirmReplace: 'true' }, { replace: true }]) {
      const r = refusal(() => runOptionsInput(bad));
      expect(r.field).toBe('confirmReplace');
      expect(r.message).toMatch(/^Replace confirmation /);
    }
  });
});

describe('destination, mode, sheet names, cells', () => {
  test('destinations', () => {
    expect(destinationInput({ kind: 'active_cell' })).toEqual({ kind: 'active_cell' });
    expect(destinationInput({ kind: 'new_sheet', sheetName: '' })).toEqual({ kind: 'new_sheet' });
    expect(destinationInput({ kind: 'new_sheet', sheetName: 'Q1 revenue' })).toEqual({
      kind: 'new_sheet',
      sheetName: 'Q1 revenue',
    });
    expect(refusal(() => destinationInput({ kind: 'active_cell', anchor: 'A1' })).message).toMatch(/^Write to /);
    expect(refusal(() => destinationInput({ kind: 'sheet' })).message).toBe(
      'Sheet name is missing: give 1 to 100 characters',
    );
    expect(refusal(() => destinationInput({ kind: 'sheet', sheetName: 'S', x: 1 })).message).toMatch(
      /unknown part "x"/,
    );
  });

  test('modes', () => {
    expect(modeInput(undefined)).toBe('overwrite');
    expect(modeInput('append')).toBe('append');
    for (const bad of ['Append', 'apend', 1, true, {}])
      expect(refusal(() => modeInput(bad)).message).toMatch(/^Write mode /);
  });

  test('sheet names follow Sheets: 1–100 characters, none of : \\ / ? * [ ]', () => {
    expect(sheetNameInput('Revenue (2026)')).toBe('Revenue (2026)');
    expect(sheetNameInput('x'.repeat(100))).toHaveLength(100);
    for (const ch of [':', '\\', '/', '?', '*', '[', ']'])
      expect(refusal(() => sheetNameInput(`a${ch}b`)).message).toBe(
        `Sheet name "a${ch === '\\' ? '\\\\' : ch}b" contains "${ch}": a sheet name has 1 to 100 characters, none of : \\ / ? * [ ]`,
      );
    expect(refusal(() => sheetNameInput('   ')).message).toMatch(/^Sheet name is empty/);
    expect(refusal(() => sheetNameInput('x'.repeat(101))).message).toMatch(/101 characters: at most 100/);
  });

  test('anchor cells: A1 notation within ZZZ × 10,000,000; no sheet, no range', () => {
    expect(cellInput('a1')).toBe('A1');
    expect(cellInput(' $ZZZ$10000000 ')).toBe('ZZZ10000000');
    expect(refusal(() => cellInput('ZZZ0')).message).toBe(
      'Anchor cell "ZZZ0" is outside the sheet: Sheets has columns A to ZZZ (18,278) and rows 1 to 10,000,000',
    );
    expect(refusal(() => cellInput('A10000001')).message).toMatch(/outside the sheet/);
    expect(refusal(() => cellInput('A1:B')).message).toMatch(/is a range: give one cell/);
    expect(refusal(() => cellInput('Sheet1!A1')).message).toMatch(/names a sheet: give only the cell/);
    expect(refusal(() => cellInput('AAAA1')).message).toMatch(/is not a cell/);
    expect(refusal(() => cellInput('R1C1')).message).toMatch(/is not a cell/);
    expect(refusal(() => cellInput(5)).message).toBe('Anchor cell 5 is not text: a cell such as B5');
  });

  test('ranges for selectRange', () => {
    expect(rangeInput('a1:f31')).toBe('A1:F31');
    expect(rangeInput('C3')).toBe('C3');
    expect(selectRangeInput('Revenue', 'A1:B2')).toEqual({ sheetName: 'Revenue', a1: 'A1:B2' });
    for (const bad of ['A1:B', 'A1:B2:C3', 'ZZZ0:A1', 'S!A1', ''])
      expect(refusal(() => rangeInput(bad)).message).toMatch(/^Range /);
  });
});

describe('saved reports', () => {
  test('a valid save comes back typed, the schedule parsed', () => {
    expect(
      saveReportInput({
        id: 'r0123456789ab',
        name: ' Weekly ',
        spec,
        mode: 'append',
        chart: false,
        schedule: 'daily at 6',
      }),
    ).toEqual({
      id: 'r0123456789ab',
      name: 'Weekly',
      spec,
      mode: 'append',
      chart: false,
      schedule: { every: 'day', hour: 6 },
    });
    expect(saveReportInput({ name: 'R', spec, schedule: null })).toEqual({ name: 'R', spec, schedule: null });
  });

  test.each([
    [{ spec }, 'Report name'],
    [{ name: '  ', spec }, 'Report name'],
    [{ name: 'x'.repeat(101), spec }, 'Report name'],
    [{ name: 'R', spec: [] }, 'Report'],
    [{ name: 'R', spec, id: 5 }, 'Saved report id'],
    [{ name: 'R', spec, destination: 'new' }, 'Write to'],
    [{ name: 'R', spec, schedule: { every: 'day', hour: 25 } }, 'schedule.hour'],
    [{ name: 'R', spec, chart: 'no' }, 'Add a chart'],
    [{ name: 'R', spec, when: 'now' }, 'Saved report'],
  ])('%p → %s', (input, label) => {
    expect(refusal(() => saveReportInput(input)).message.startsWith(label + ' ')).toBe(true);
  });

  test('ids', () => {
    expect(reportIdInput('r0123456789ab')).toBe('r0123456789ab');
    for (const bad of [null, undefined, 1, ['r1'], '', 'r 1', 'x'.repeat(65)])
      expect(refusal(() => reportIdInput(bad)).message).toMatch(/^Saved report id /);
  });
});

test('the owner name: text of at most 40 characters, runs of spaces collapsed; empty shows the fingerprint', () => {
  expect(ownerNameInput('  Bea   Lopez ')).toBe('Bea Lopez');
  expect(ownerNameInput('')).toBe('');
  expect(ownerNameInput(undefined)).toBe('');
  for (const bad of [5, ['Bea'], { name: 'Bea' }, 'B'.repeat(41)]) {
    const r = refusal(() => ownerNameInput(bad));
    expect(r.field).toBe('ownerName');
    expect(r.message).toMatch(/^Your name on the reports you own /);
  }
});

describe('specs, drafts and keys', () => {
  test('a report must be an object of bounded size', () => {
    expect(specInput(spec)).toBe(spec);
    expect(rememberSpecInput(null)).toBeNull();
    expect(refusal(() => specInput('analytics')).message).toBe(
      'Report "analytics" is not a report: build one in the form above',
    );
    expect(refusal(() => specInput({ ...spec, chart: 'x'.repeat(200_000) })).message).toMatch(
      /^Report is 200,\d{3} characters as JSON: a report has at most 100,000$/,
    );
    const cyclic: Record<string, unknown> = { endpoint: 'analytics' };
    cyclic.self = cyclic;
    expect(refusal(() => specInput(cyclic)).message).toBe('Report is not plain data');
  });

  test('API keys: text of bounded length, never repeated in the message', () => {
    expect(apiKeyInput(undefined, true)).toBe('');
    expect(apiKeyInput(' secret_live_x ', false)).toBe(' secret_live_x ');
    const key = 'secret_live_abcdefgh.' + 'a'.repeat(32);
    for (const bad of [[key], { key }, 5, null]) {
      const r = refusal(() => apiKeyInput(bad, false));
      expect(r.field).toBe('api_key');
      expect(r.message).toMatch(/^Secret API key /);
      expect(r.message).not.toContain('abcdefgh');
    }
    expect(refusal(() => apiKeyInput(key.repeat(100), false)).message).not.toContain('abcdefgh');
  });
});

test('an existing sheet is written to whatever its name (the user already has it); a new one avoids : \\ / ? * [ ]', () => {
  expect(sheetNameInput('Q1/Q2 [final]', undefined, true)).toBe('Q1/Q2 [final]');
  expect(() => sheetNameInput('Q1/Q2 [final]')).toThrow(/contains "\/"/);
  expect(() => sheetNameInput('  ', undefined, true)).toThrow(/is empty/);
});

describe('chart style', () => {
  const funnel = { endpoint: 'funnel', start: 'last_month' };
  const cohort = { endpoint: 'cohort', start: 'last_month', layout: 'triangle' };

  test('a style of the report’s layout is kept; none given is the layout’s default (absent)', () => {
    expect(runReportInput({ spec: funnel, destination: { kind: 'new_sheet' }, chartStyle: 'bar' }).chartStyle).toBe(
      'bar',
    );
    expect(saveReportInput({ name: 'K', spec: cohort, chartStyle: 'red_green' }).chartStyle).toBe('red_green');
    expect(saveReportInput({ name: 'K', spec: cohort, chart: true })).not.toHaveProperty('chartStyle');
  });

  test('an unknown style names the field, the value and the layout’s styles', () => {
    expect(refusal(() => saveReportInput({ name: 'K', spec: cohort, chartStyle: 'blue' }))).toEqual({
      field: 'chartStyle',
      message: 'Chart style "blue" is not allowed: green (Green scale) or red_green (Red (low) to green)',
    });
    // Another layout's style is not this one's.
    expect(refusal(() => saveReportInput({ name: 'K', spec: cohort, chartStyle: 'bar' })).message).toMatch(
      /^Chart style "bar" is not allowed: green/,
    );
    expect(refusal(() => runReportInput({ spec, destination: { kind: 'new_sheet' }, chartStyle: 'bar' }))).toEqual({
      field: 'chartStyle',
      message: 'Chart style "bar" is not allowed: this report’s layout has none',
    });
    expect(
      refusal(() => runReportInput({ spec: funnel, destination: { kind: 'new_sheet' }, chartStyle: 3 })).field,
    ).toBe('chartStyle');
  });
});
