import type { Cell, Table } from '../table';
import { applyTotals, dropCohortTitle, dropRepeatedKey, spreadCohortSize } from './totals';

const analytics = (rows: Cell[][]): Table => ({
  columns: [
    { key: 'period', label: 'Period', kind: 'date' },
    { key: 'segment', label: 'Segment (Country)', kind: 'text' },
    { key: 'segment_key', label: 'Segment key', kind: 'text' },
    { key: 'revenue', label: 'Revenue', kind: 'usd' },
  ],
  rows,
});
const SEGMENTED: Cell[][] = [
  ['2026-10-01', 'Total', 'total', 30],
  ['2026-10-01', 'United States', 'us', 20],
  ['2026-10-01', 'Germany', 'de', 10],
  ['2026-10-02', 'Total', 'total', 40],
  ['2026-10-02', 'United States', 'us', 40],
  [null, 'Total', 'total', 70],
  [null, 'United States', 'us', 60],
];
const sum = (t: Table, pick: (r: Cell[]) => boolean) =>
  t.rows.filter(pick).reduce((s, r) => s + (r[t.columns.findIndex((c) => c.key === 'revenue')] as number), 0);

describe('Row column and totals=', () => {
  test('include (default): Row beside the segment, total first in each period; SUMIF Row=segment is the total', () => {
    const t = applyTotals(analytics(SEGMENTED), 'analytics');
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Row', 'Segment (Country)', 'Segment key', 'Revenue']);
    expect(t.rows.map((r) => r[1])).toEqual(['total', 'segment', 'segment', 'total', 'segment', 'total', 'total']);
    expect(t.rows.map((r) => r[3])).toEqual(['total', 'us', 'de', 'total', 'us', 'total', 'us']);
    // Segment rows never overlap: their sum is the range total Adapty gives.
    expect(sum(t, (r) => r[1] === 'segment')).toBe(70);
  });

  test('separate: every segment row first, then the totals and summaries in their own section', () => {
    const t = applyTotals(analytics(SEGMENTED), 'analytics', 'separate');
    expect(t.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['2026-10-01', 'segment', 'us'],
      ['2026-10-01', 'segment', 'de'],
      ['2026-10-02', 'segment', 'us'],
      ['2026-10-01', 'total', 'total'],
      ['2026-10-02', 'total', 'total'],
      [null, 'total', 'total'],
      [null, 'total', 'us'],
    ]);
  });

  test('none: only segment rows, so a plain SUM counts each once', () => {
    const t = applyTotals(analytics(SEGMENTED), 'analytics', 'none');
    expect(t.rows).toHaveLength(3);
    expect(sum(t, () => true)).toBe(70);
  });

  test('unsegmented: the period rows are the rows of their own; only the summary is a total', () => {
    const rows: Cell[][] = [
      ['2026-10-01', 'Total', 'total', 30],
      ['2026-10-02', 'Total', 'total', 40],
      [null, 'Total', 'total', 70],
    ];
    expect(applyTotals(analytics(rows), 'analytics').rows.map((r) => r[1])).toEqual(['segment', 'segment', 'total']);
    expect(sum(applyTotals(analytics(rows), 'analytics', 'none'), () => true)).toBe(70);
  });

  test('a table of totals alone keeps them with none (nothing else would be left)', () => {
    const t = applyTotals(analytics([[null, 'Total', 'total', 70]]), 'analytics', 'none');
    expect(t.rows).toEqual([[null, 'total', 'Total', 'total', 70]]);
  });

  test('cohorts: Row takes the place of Type; a cohort without periods is not a summary', () => {
    const t: Table = {
      columns: [
        { key: 'cohort', label: 'Cohort', kind: 'date' },
        { key: 'type', label: 'Type', kind: 'text' },
        { key: 'title', label: 'Title', kind: 'text' },
        { key: 'period', label: 'Period', kind: 'integer' },
      ],
      rows: [
        ['2026-01-01', 'total', 'Total', 1],
        ['2026-01-01', 'single', 'January 2026', 1],
        ['2026-02-01', 'single', 'February 2026', null],
      ],
    };
    const out = applyTotals(t, 'cohort', 'separate');
    expect(out.columns.map((c) => c.label)).toEqual(['Cohort', 'Row', 'Title', 'Period']);
    expect(out.rows.map((r) => [r[1], r[2]])).toEqual([
      ['segment', 'January 2026'],
      ['segment', 'February 2026'],
      ['total', 'Total'],
    ]);
  });

  test('a table without segments is left as it is', () => {
    const t: Table = { columns: [{ key: 'period', label: 'Period', kind: 'date' }], rows: [['2026-10-01']] };
    expect(applyTotals(t, 'analytics', 'none')).toBe(t);
  });
});

describe('one column per fact: the raw key only where it differs from the title', () => {
  test('a key beside a different title stays, headed Key', () => {
    const t = dropRepeatedKey(analytics(SEGMENTED));
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Segment (Country)', 'Key', 'Revenue']);
  });

  test('keys that only repeat their titles (total/Total, a campaign named by itself) give the column up', () => {
    const t = dropRepeatedKey(
      analytics([
        ['2026-10-01', 'Total', 'total', 30],
        ['2026-10-01', 'spring_sale', 'spring_sale', 30],
      ]),
    );
    expect(t.columns.map((c) => c.label)).toEqual(['Period', 'Segment (Country)', 'Revenue']);
    expect(t.rows).toEqual([
      ['2026-10-01', 'Total', 30],
      ['2026-10-01', 'spring_sale', 30],
    ]);
  });
});

describe('cohort size and cohort titles', () => {
  test('a segment’s cohort size is on each of its period rows, not only on its summary', () => {
    const t: Table = {
      columns: [
        { key: 'segment', label: 'Segment', kind: 'text' },
        { key: 'segment_key', label: 'Segment key', kind: 'text' },
        { key: 'period', label: 'Period', kind: 'integer' },
        { key: 'value', label: 'Subscribers', kind: 'integer' },
        { key: 'cohort_size', label: 'Cohort size', kind: 'integer' },
      ],
      rows: [
        ['Total', 'total', 1, 500, null],
        ['United States', 'us', 1, 300, null],
        ['Germany', 'de', 1, 20, null],
        ['Total', 'total', null, null, 500],
        ['United States', 'us', null, null, 300],
      ],
    };
    expect(spreadCohortSize(t).rows.map((r) => r[4])).toEqual([500, 300, null, 500, 300]);
    // totals=none keeps it.
    const none = applyTotals(spreadCohortSize(t), 'retention', 'none');
    expect(none.rows.map((r) => [r[2], r[5]])).toEqual([
      ['us', 300],
      ['de', null],
    ]);
  });

  test('cohorts: Cohort and Row say it all; the title column goes', () => {
    const t = applyTotals(
      {
        columns: [
          { key: 'cohort', label: 'Cohort', kind: 'date' },
          { key: 'type', label: 'Type', kind: 'text' },
          { key: 'title', label: 'Title', kind: 'text' },
          { key: 'total_installs', label: 'Installs', kind: 'integer' },
        ],
        rows: [
          ['2026-01-01', 'total', 'Total', 10],
          ['2026-01-01', 'single', 'January 2026', 10],
        ],
      },
      'cohort',
    );
    const out = dropCohortTitle(t);
    expect(out.columns.map((c) => c.label)).toEqual(['Cohort', 'Row', 'Installs']);
    expect(out.rows).toEqual([
      ['2026-01-01', 'total', 10],
      ['2026-01-01', 'segment', 10],
    ]);
  });
});
