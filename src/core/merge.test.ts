import { mergeRows, mergeRule, mergeWindow, MERGE_NOTE } from './merge';
import type { Cell, Table } from './table';
import { thrown } from '../../test/harness/testUtils';
import { AdaptyError, ValidationError } from './errors';

const cols: Table['columns'] = [
  { key: 'period', label: 'Period', kind: 'date' },
  { key: 'segment', label: 'Segment (Country)', kind: 'text' },
  { key: 'segment_key', label: 'Segment key', kind: 'text' },
  { key: 'revenue', label: 'Revenue', kind: 'usd' },
];
const header = cols.map((c) => c.label);
const LONG = mergeRule('analytics', 'long');
const table = (rows: Cell[][]): Table => ({ columns: cols, rows });

describe('merge rule: the catalog says which layouts keep history', () => {
  test('analytics long keys by period, segment (title and key) and app; wide by period and app; conversion by period and segment', () => {
    expect(LONG).toEqual({ period: 'period', by: ['segment', 'segment_key', 'app'] });
    expect(mergeRule('analytics', 'wide')).toEqual({ period: 'period', by: ['app'] }); // a portfolio: a row per app
    expect(mergeRule('analytics', undefined)).toBe(LONG);
    expect(mergeRule('conversion', 'table').period).toBe('period');
  });

  test('a cohort triangle is refused with one message naming the mode, the layout, why and what to choose', () => {
    const e = thrown(() => mergeRule('cohort', 'triangle'), ValidationError);
    expect(e).toMatchObject({ code: 'validation', field: 'mode' });
    expect(e.message).toBe(
      "Write mode Merge does not work for the Cohorts report's Triangle layout: its rows are install cohorts whose later periods Adapty keeps filling in, not one row per period and segment. Choose Replace or Append below.",
    );
    for (const [ep, l] of [
      ['funnel', 'steps'],
      ['ltv', 'table'],
      ['retention', 'table'],
      ['placements', 'table'],
      ['cohort', 'long'],
    ] as const)
      expect(() => mergeRule(ep, l)).toThrow(/Write mode Merge does not work/);
  });
});

describe('merge window', () => {
  test('the last N days of the range, widened back to the start of their period, never before the range', () => {
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'day', 30)).toEqual(['2026-11-01', '2026-11-30']);
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'month', 30)).toEqual(['2026-11-01', '2026-11-30']);
    expect(mergeWindow(['2026-01-01', '2026-11-29'], undefined, 30)).toEqual(['2026-10-01', '2026-11-29']);
    // 2026-11-01 is a Sunday: its ISO week starts on Monday 2026-10-26.
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'week', 30)).toEqual(['2026-10-26', '2026-11-30']);
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'quarter', 30)).toEqual(['2026-10-01', '2026-11-30']);
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'year', 30)).toEqual(['2026-01-01', '2026-11-30']);
    expect(mergeWindow(['2026-11-20', '2026-11-30'], 'day', 30)).toEqual(['2026-11-20', '2026-11-30']);
    expect(mergeWindow(['2026-01-01', '2026-11-30'], 'day', 1)).toEqual(['2026-11-30', '2026-11-30']);
  });
});

describe('mergeRows', () => {
  const old = {
    header,
    rows: [
      ['2026-11-01', 'Total', 'total', 10],
      ['2026-11-01', 'United States', 'us', 6],
      ['2026-11-02', 'Total', 'total', 20],
      ['2026-11-02', 'Germany', 'de', 5],
      ['2026-11-03', 'Total', 'total', 30],
      [null, 'Total', 'total', 60],
    ] as Cell[][],
  };

  test('the covered periods are replaced (restated values, a vanished segment gone), older rows kept, sorted, no key twice', () => {
    const fresh = table([
      ['2026-11-02', 'Total', 'total', 22],
      ['2026-11-02', 'United States', 'us', 4],
      ['2026-11-03', 'Total', 'total', 31],
      ['2026-11-04', 'Total', 'total', 40],
      ['2026-11-04', 'Total', 'total', 99], // a twin key in one answer: the first wins
      [null, 'Total', 'total', 93],
    ]);
    const m = mergeRows(old, fresh, LONG, ['2026-11-02', '2026-11-04']);
    expect(m.columns).toEqual(cols);
    expect(m.rows).toEqual([
      ['2026-11-01', 'Total', 'total', 10],
      ['2026-11-01', 'United States', 'us', 6],
      ['2026-11-02', 'Total', 'total', 22],
      ['2026-11-02', 'United States', 'us', 4],
      ['2026-11-03', 'Total', 'total', 31],
      ['2026-11-04', 'Total', 'total', 40],
    ]);
    expect(m.notes).toEqual([MERGE_NOTE]);
  });

  test('old columns are matched by header text: moved columns line up, a column the answer lacks is kept after', () => {
    const moved = {
      header: ['Segment key', 'Period', 'Note', 'Revenue', 'Segment (Country)'],
      rows: [['total', '2026-10-01', 'kept', 5, 'Total']] as Cell[][],
    };
    const m = mergeRows(moved, table([['2026-11-01', 'Total', 'total', 1]]), LONG, ['2026-11-01', '2026-11-30']);
    expect(m.columns.map((c) => c.label)).toEqual([...header, 'Note']);
    expect(m.columns[4].kind).toBe('text');
    expect(m.rows).toEqual([
      ['2026-10-01', 'Total', 'total', 5, 'kept'],
      ['2026-11-01', 'Total', 'total', 1, null],
    ]);
  });

  test('an answer with fewer periods than the window still removes every old row of the window', () => {
    const m = mergeRows(old, table([]), LONG, ['2026-11-02', '2026-11-30']);
    expect(m.rows).toEqual([old.rows[0], old.rows[1]]);
  });

  test('a block whose header lacks a key column is refused, not guessed', () => {
    const e = thrown(
      () => mergeRows({ header: ['Period', 'Revenue'], rows: [['2026-10-01', 1]] }, table([]), LONG, null),
      AdaptyError,
    );
    expect(e.message).toMatch(
      /^Merge cannot match the rows already in the block: its header has no "Segment \(Country\)" column/,
    );
    expect(e.message).toMatch(/Nothing was written/);
  });

  test('without a header row old rows line up by position, and only when the widths agree', () => {
    const m = mergeRows({ header: null, rows: [['2026-10-01', 'Total', 'total', 3]] }, table([]), LONG, null);
    expect(m.rows).toEqual([['2026-10-01', 'Total', 'total', 3]]);
    expect(() => mergeRows({ header: null, rows: [['2026-10-01', 3]] }, table([]), LONG, null)).toThrow(
      /they have 2 columns and this answer 4/,
    );
  });

  test('a column only the summary rows fill (the comparison period’s starting value) is left out with them, not kept empty', () => {
    const withSummary: Table = {
      columns: [
        ...cols,
        { key: 'revenue.compare_value_from', label: 'Revenue (comparison period, starting value)', kind: 'usd' },
      ],
      rows: [
        ['2026-11-02', 'Total', 'total', 22, null],
        [null, 'Total', 'total', 22, 18],
      ],
    };
    // A block a Replace run wrote, with its summary row and that column, now merged.
    const replaced = {
      header: withSummary.columns.map((c) => c.label),
      rows: [
        ['2026-11-01', 'Total', 'total', 10, null],
        [null, 'Total', 'total', 10, 9],
      ] as Cell[][],
    };
    for (const old of [{ header, rows: [] }, replaced]) {
      const m = mergeRows(old, withSummary, LONG, ['2026-11-02', '2026-11-02']);
      expect(m.columns.map((c) => c.label)).toEqual(header);
      expect(m.rows.every((r) => r.length === header.length)).toBe(true);
    }
    // Headerless blocks line up by position: every column stays.
    const h = mergeRows({ header: null, rows: [] }, withSummary, LONG, null, false, true);
    expect(h.columns).toHaveLength(5);
    // A column a period row fills stays, even when the summary row fills it too.
    const filled = { ...withSummary, rows: [['2026-11-02', 'Total', 'total', 22, 1], ...withSummary.rows.slice(1)] };
    expect(mergeRows({ header, rows: [] }, filled, LONG, null).columns).toHaveLength(5);
  });

  test('a headerless block written before the Period status column keeps its history: its columns shift past it', () => {
    const withStatus: Table = {
      columns: [cols[0], { key: 'period_status', label: 'Period status', kind: 'text' }, ...cols.slice(1)],
      rows: [['2026-11-01', null, 'Total', 'total', 9]],
    };
    const m = mergeRows({ header: null, rows: [['2026-10-01', 'Total', 'total', 3]] }, withStatus, LONG, [
      '2026-11-01',
      '2026-11-30',
    ]);
    expect(m.rows).toEqual([
      ['2026-10-01', null, 'Total', 'total', 3],
      ['2026-11-01', null, 'Total', 'total', 9],
    ]);
  });

  test('an old portfolio row saying an app failed is not kept: the next refresh says again if it still fails', () => {
    const m = mergeRows(
      {
        header,
        rows: [
          ['2026-10-01', 'Total', 'total', 3],
          ['⚠ Not included: "B": Adapty did not accept the API key (HTTP 401).', null, null, null],
        ],
      },
      table([['2026-11-01', 'Total', 'total', 9]]),
      LONG,
      ['2026-11-01', '2026-11-30'],
    );
    expect(m.rows).toEqual([
      ['2026-10-01', 'Total', 'total', 3],
      ['2026-11-01', 'Total', 'total', 9],
    ]);
  });

  test('totals=separate: the total rows stay in their section below the segments, old and fresh alike', () => {
    const rowCols: Table['columns'] = [cols[0], { key: 'row', label: 'Row', kind: 'text' }, ...cols.slice(1)];
    const prev = {
      header: rowCols.map((c) => c.label),
      rows: [
        ['2026-11-01', 'segment', 'United States', 'us', 6],
        ['2026-11-01', 'total', 'Total', 'total', 10],
      ] as Cell[][],
    };
    const fresh: Table = {
      columns: rowCols,
      rows: [
        ['2026-11-02', 'segment', 'United States', 'us', 4],
        ['2026-11-02', 'total', 'Total', 'total', 22],
      ],
    };
    const m = mergeRows(prev, fresh, LONG, ['2026-11-02', '2026-11-02'], true);
    expect(m.rows.map((r) => [r[0], r[1]])).toEqual([
      ['2026-11-01', 'segment'],
      ['2026-11-02', 'segment'],
      ['2026-11-01', 'total'],
      ['2026-11-02', 'total'],
    ]);
  });

  test('a block written with the old "Segment key" column still merges: its keys go into the Key column, not a column of their own', () => {
    const fresh: Table = {
      columns: [cols[0], cols[1], { ...cols[2], label: 'Key' }, cols[3]],
      rows: [['2026-11-03', 'United States', 'us', 7]],
    };
    const m = mergeRows(old, fresh, LONG, ['2026-11-03', '2026-11-03']);
    expect(m.columns.map((c) => c.label)).toEqual(['Period', 'Segment (Country)', 'Key', 'Revenue']);
    expect(m.rows.find((r) => r[0] === '2026-11-02' && r[1] === 'Germany')).toEqual(['2026-11-02', 'Germany', 'de', 5]);
    expect(m.rows.filter((r) => r[0] === '2026-11-03')).toEqual([['2026-11-03', 'United States', 'us', 7]]);
  });

  test('headers a compared run wrote with its ranges match the role of each column, whatever the ranges', () => {
    const fresh: Table = {
      columns: [
        cols[0],
        cols[1],
        { key: 'revenue', label: 'Revenue', kind: 'usd' },
        { key: 'revenue@compare', label: 'Revenue, previous period', kind: 'usd' },
        { key: 'revenue@delta', label: 'Revenue, Δ', kind: 'usd' },
      ],
      rows: [['2026-11-03', 'Total', 7, 5, 2]],
    };
    const m = mergeRows(
      {
        header: [
          'Period',
          'Segment (Country)',
          'Revenue, Oct 5 – Nov 3 2026',
          'Revenue, Sep 5 – Oct 4 2026',
          'Revenue, Δ',
        ],
        rows: [['2026-11-02', 'Total', 4, 3, 1]],
      },
      fresh,
      mergeRule('analytics', 'long'),
      ['2026-11-03', '2026-11-03'],
    );
    expect(m.columns.map((c) => c.label)).toEqual(fresh.columns.map((c) => c.label));
    expect(m.rows).toEqual([
      ['2026-11-02', 'Total', 4, 3, 1],
      ['2026-11-03', 'Total', 7, 5, 2],
    ]);
  });
});
