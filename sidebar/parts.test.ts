/** The sidebar's pure parts: filter values, messages in the form's words, the destination line, the saved list's words. */
import { filterDef } from '../src/catalog/catalog';
import type { SavedReport } from '../src/entry/sidebarApi';
import { describeInfo } from './destination';
import { catalogValues, fromServerValues, mergeChoices, searchChoices } from './filterValues';
import { defaultForm, withEndpoint } from './form';
import { nextRunOf, whatOf } from './savedWords';
import { checkSpec, inFormWords } from './validate';

describe('filter values', () => {
  const country = filterDef('country')!;
  const store = filterDef('store')!;

  test('the catalog offers closed sets and countries by name; free text has none', async () => {
    expect((await catalogValues.known(store, null)).map((c) => c.id)).toContain('app_store');
    expect((await catalogValues.known(country, null)).some((c) => c.id === 'de' && c.label === 'Germany')).toBe(true);
  });

  test("the server's values come first, labelled from the catalog; one request per filter and range; a failure falls back", async () => {
    const asked: string[] = [];
    let fail = false;
    const src = fromServerValues((f, r) => {
      asked.push(`${f}|${r?.join('..') ?? ''}`);
      return fail ? Promise.reject(new Error('down')) : Promise.resolve(['play_store', { id: 'custom_x' }]);
    });
    const range = ['2026-10-01', '2026-10-31'] as const;
    const first = await src.known(store, range);
    expect(first.slice(0, 2)).toEqual([
      { id: 'play_store', label: store.values!.find((v) => v.id === 'play_store')!.label },
      { id: 'custom_x', label: 'custom_x' },
    ]);
    expect(first.map((c) => c.id)).toContain('app_store'); // a closed set stays complete
    await src.known(store, range);
    expect(asked).toEqual(['store|2026-10-01..2026-10-31']);
    fail = true;
    expect(await src.known(store, null)).toEqual(store.values);
  });

  test('search matches ids and labels, case-insensitively', () => {
    const choices = mergeChoices([], ['premium_monthly', 'premium_yearly', 'lite']);
    expect(searchChoices(choices, 'PREM').map((c) => c.id)).toEqual(['premium_monthly', 'premium_yearly']);
    expect(searchChoices(choices, '')).toHaveLength(3);
  });
});

describe("messages in the form's words", () => {
  const ctx = { today: '2026-11-15', timeZone: 'Europe/Berlin', separator: ',' as const };

  test('From/To instead of start/end, dates as the sheet writes them', () => {
    const e = checkSpec(
      { endpoint: 'analytics', chart: 'revenue', start: '2026-10-05', end: '2026-10-01' },
      { ...ctx, dateFormat: 'dd.MM.yyyy' },
    ).error!;
    expect(e.message).toBe('To 01.10.2026 is before From 05.10.2026');
    expect(e.control).toBe('end');
  });

  test('a filter or option is named by its label in the form, not by its key', () => {
    const bad = (spec: Record<string, unknown>) =>
      checkSpec({ endpoint: 'analytics', chart: 'revenue', start: 'last_month', ...spec }, ctx).error!;
    const country = bad({ filters: { country: ['us', 'xx'] } });
    expect(country.message).toMatch(/^Country "xx" is not an ISO 3166-1 alpha-2 country code/);
    expect(country.control).toBe('country');
    const unit = bad({ params: { period_unit: 'fortnight' } });
    expect(unit.message).toMatch(/^Period "fortnight" is not one of: /);
    expect(unit.message).not.toMatch(/period_unit/);
  });

  test('a date that is not one stays as typed', () => {
    expect(
      inFormWords(
        'start "2026-13-01" is not a valid date: use YYYY-MM-DD, a date cell, or a preset such as last_30_days',
        'M/d/yyyy',
      ),
    ).toBe('From "2026-13-01" is not a valid date: choose a date');
    expect(inFormWords('compare[1] "2026-09-01" is before compare[0] "2026-09-10"', 'M/d/yyyy')).toBe(
      'Compare to 9/1/2026 is before Compare from 9/10/2026',
    );
  });
});

describe('switching endpoint applies its defaults', () => {
  test('the layout and format go back to the new endpoint’s defaults; dates stay', () => {
    const a = { ...defaultForm('analytics'), layout: 'wide', format: 'csv', datePreset: 'last_month' };
    const c = withEndpoint(a, 'cohort').state;
    expect(c.layout).toBe(defaultForm('cohort').layout);
    expect(c.format).toBe('');
    expect(c.datePreset).toBe('last_month');
    expect(withEndpoint(c, 'cohort').state).toBe(c);
  });
});

describe('the destination line', () => {
  const base = { name: 'Dash', exists: true, rows: 31, columns: 6, blocks: [], otherCells: 0 };
  test('new, empty, a report block, cells of the user', () => {
    expect(describeInfo({ ...base, exists: false, rows: 0, columns: 0 }, true)).toEqual({
      text: 'A new sheet “Dash” will be added.',
      warn: false,
    });
    expect(describeInfo({ ...base, rows: 0, columns: 0 }, false).text).toBe(
      '“Dash” exists and is empty: the report goes into it.',
    );
    const held = describeInfo({ ...base, blocks: [{ a1: 'A1:F31', report: 'MRR' }], otherCells: 3 }, false);
    expect(held).toEqual({
      text: "“Dash” exists (31 rows × 6 columns used); it holds report “MRR” at A1:F31; 3 cells there are no report's. You are asked before any of it is replaced.",
      warn: true,
    });
  });
});

describe('the saved list in words', () => {
  const r = {
    id: 'r1',
    name: 'MRR',
    spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: '2026-10-20' },
    destination: { kind: 'sheet', sheetName: 'Dash' },
    mode: 'overwrite',
    chart: false,
    headers: true,
    schedule: { every: 'day', hour: 6 },
    createdAt: '2026-10-01T00:00:00Z',
    failures: 0,
  } as unknown as SavedReport;
  test('what it is, and the next run in the sheet’s zone', () => {
    expect(whatOf(r)).toBe('MRR, Oct 1 – Oct 20, 2026');
    // The app it uses, by the name it is saved under (All apps for app=all).
    expect(whatOf({ ...r, spec: { ...r.spec, app: 'Calm Sleep' } })).toBe('MRR, Oct 1 – Oct 20, 2026 · Calm Sleep');
    expect(whatOf({ ...r, spec: { ...r.spec, app: 'ALL' } })).toBe('MRR, Oct 1 – Oct 20, 2026 · All apps');
    // 2026-11-15 10:00 UTC is 11:00 in Berlin: the next 06:00 there is the 16th.
    expect(nextRunOf(r, Date.UTC(2026, 10, 15, 10), 'Europe/Berlin')).toBe('Nov 16, 2026, 06:00');
    expect(nextRunOf({ ...r, schedule: null }, 0, 'UTC')).toBeNull();
  });
});
