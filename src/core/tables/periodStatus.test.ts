import { finishTable, normalise } from './index';
import type { NormaliseContext } from './context';
import { markPeriods, periodStatus, type PeriodContext } from './periodStatus';
import { localDateOf } from '../dates/zones';
import { intlTimeZonePort } from '../timezoneIntl';
import { CONVERSION_DOC, FUNNEL_DOC } from '../../../test/fixtures/answers';
import type { Table } from '../table';

const X = (d: string, offset = '+0000') => `${d}T00:00:00.000000${offset}`;

/** An unsegmented revenue answer with one point per period date. */
function revenue(points: Array<[string, number]>) {
  const s = (k: number) => ({
    value: points.reduce((a, [, y]) => a + y * k, 0),
    unit: 'USD',
    data: [{ type: 'total', title: 'Total', value: 0, values: points.map(([x, y]) => ({ x, y: y * k })) }],
  });
  return { data: { revenue: s(1), proceeds: s(0.85) } };
}

const nctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'analytics',
  chartId: 'revenue',
  chartLabel: 'Revenue',
  chartKind: 'money',
  params: {},
  hasCompare: false,
  ...o,
});

function marked(answer: unknown, n: Partial<NormaliseContext>, p: Omit<PeriodContext, 'endpoint'>): Table {
  const ctx = nctx(n);
  return markPeriods(finishTable(normalise(answer, ctx), ctx), { endpoint: ctx.endpoint, ...p });
}

const statusByPeriod = (t: Table) => {
  const p = t.columns.findIndex((c) => c.key === 'period');
  const s = t.columns.findIndex((c) => c.key === 'period_status');
  return t.rows.map((r) => [r[p], r[s]]);
};

describe('Period status: which periods are not final yet', () => {
  test('this month is incomplete, past months complete; the column sits after Period; summary rows are unmarked', () => {
    const t = marked(
      revenue([
        [X('2026-10-01'), 10],
        [X('2026-11-01'), 20],
        [X('2026-12-01'), 5],
      ]),
      { params: { period_unit: 'month' } },
      { range: ['2026-10-01', '2026-12-03'], unit: 'month', today: '2026-12-03' },
    );
    expect(t.columns.slice(0, 3).map((c) => c.label)).toEqual(['Period', 'Period status', 'Row']);
    expect(statusByPeriod(t)).toEqual([
      ['2026-10-01', 'complete'],
      ['2026-11-01', 'complete'],
      ['2026-12-01', 'incomplete'],
      [null, null],
    ]);
  });

  test('a week or month that starts before the range is partial; the week holding today is incomplete', () => {
    // Range Wed 2026-11-04 .. Thu 2026-11-19, today Thu 2026-11-19: Adapty's weeks start on Monday.
    const weekly = marked(
      revenue([
        [X('2026-11-02'), 1],
        [X('2026-11-09'), 2],
        [X('2026-11-16'), 3],
      ]),
      { params: { period_unit: 'week' } },
      { range: ['2026-11-04', '2026-11-19'], unit: 'week', today: '2026-11-19' },
    );
    expect(statusByPeriod(weekly).slice(0, 3)).toEqual([
      ['2026-11-02', 'partial'],
      ['2026-11-09', 'complete'],
      ['2026-11-16', 'incomplete'],
    ]);
    // Last 30 days by month, on a day when both months are over: the first and the last are each only partly in the range.
    expect(
      ['2026-10-01', '2026-11-01'].map((d) =>
        periodStatus(d, { range: ['2026-10-15', '2026-11-13'], unit: 'month', today: '2026-12-03' }),
      ),
    ).toEqual(['partial', 'partial']);
    // A month that starts before the range and holds today: incomplete says what changes.
    expect(
      periodStatus('2026-12-01', { range: ['2026-12-02', '2026-12-03'], unit: 'month', today: '2026-12-03' }),
    ).toBe('incomplete');
  });

  test('today is incomplete in a daily report; yesterday complete', () => {
    const t = marked(
      revenue([
        [X('2026-12-02'), 1],
        [X('2026-12-03'), 2],
      ]),
      { params: { period_unit: 'day' } },
      { range: ['2026-12-02', '2026-12-03'], unit: 'day', today: '2026-12-03' },
    );
    expect(statusByPeriod(t).slice(0, 2)).toEqual([
      ['2026-12-02', 'complete'],
      ['2026-12-03', 'incomplete'],
    ]);
  });

  test('a DST week (Europe/Berlin, clocks back on Sun 2026-10-25) ends on its Sunday, not an hour early or late', () => {
    const answer = revenue([
      [X('2026-10-19', '+0200'), 1],
      [X('2026-10-26', '+0100'), 2],
    ]);
    const on = (today: string) =>
      statusByPeriod(
        marked(
          answer,
          { params: { period_unit: 'week' } },
          { range: ['2026-10-19', '2026-11-01'], unit: 'week', today },
        ),
      ).slice(0, 2);
    expect(on('2026-10-25')).toEqual([
      ['2026-10-19', 'incomplete'],
      ['2026-10-26', 'incomplete'],
    ]);
    expect(on('2026-10-26')).toEqual([
      ['2026-10-19', 'complete'],
      ['2026-10-26', 'incomplete'],
    ]);
  });

  test("today is the sheet's, not UTC's: at 2026-11-30 12:00 UTC November is over in Auckland, not in UTC", () => {
    const instant = Date.UTC(2026, 10, 30, 12, 0);
    const status = (zone: string) =>
      periodStatus('2026-11-01', {
        range: ['2026-11-01', '2026-11-30'],
        unit: 'month',
        today: localDateOf(instant, zone, intlTimeZonePort),
      });
    expect(status('Pacific/Auckland')).toBe('complete');
    expect(status('Etc/UTC')).toBe('incomplete');
    expect(status('America/Los_Angeles')).toBe('incomplete');
  });

  test('the finished (cached) table already holds the empty column, so marking a cache hit only fills it', () => {
    const ctx = nctx({ params: { period_unit: 'month' } });
    const t = finishTable(normalise(revenue([[X('2026-11-01'), 1]]), ctx), ctx);
    expect(t.columns[1]).toEqual({ key: 'period_status', label: 'Period status', kind: 'text' });
    expect(t.rows.map((r) => r[1])).toEqual([null, null]);
    const width = t.rows[0].length;
    markPeriods(t, { endpoint: 'analytics', range: ['2026-11-01', '2026-11-30'], unit: 'month', today: '2026-12-01' });
    expect(t.rows.map((r) => [r[1], r.length])).toEqual([
      ['complete', width],
      [null, width],
    ]);
  });

  test('marking again (a cached table on a later day) replaces the status, it does not add a column', () => {
    const t = marked(
      revenue([[X('2026-11-01'), 1]]),
      { params: { period_unit: 'month' } },
      { range: ['2026-11-01', '2026-11-30'], unit: 'month', today: '2026-11-30' },
    );
    expect(statusByPeriod(t)[0]).toEqual(['2026-11-01', 'incomplete']);
    markPeriods(t, { endpoint: 'analytics', range: ['2026-11-01', '2026-11-30'], unit: 'month', today: '2026-12-01' });
    expect(t.columns.filter((c) => c.key === 'period_status')).toHaveLength(1);
    expect(statusByPeriod(t)[0]).toEqual(['2026-11-01', 'complete']);
  });

  test('the analytics wide layout and conversion get the column too; cohorts, LTV and retention do not', () => {
    const wide = marked(
      revenue([[X('2026-12-01'), 1]]),
      { layout: 'wide', params: { period_unit: 'month' } },
      { range: ['2026-12-01', '2026-12-03'], unit: 'month', today: '2026-12-03' },
    );
    expect(wide.columns.map((c) => c.label).slice(0, 2)).toEqual(['Period', 'Period status']);
    expect(wide.rows[0].slice(0, 2)).toEqual(['2026-12-01', 'incomplete']);
    const conversion = marked(
      CONVERSION_DOC,
      { endpoint: 'conversion', params: { period_unit: 'month' } },
      { range: ['2026-07-01', '2026-08-31'], unit: 'month', today: '2026-08-20' },
    );
    expect(statusByPeriod(conversion).slice(0, 2)).toEqual([
      ['2026-07-01', 'complete'],
      ['2026-08-01', 'incomplete'],
    ]);
    const cohortLike: Table = { columns: [{ key: 'period', label: 'Period', kind: 'date' }], rows: [['2026-12-01']] };
    markPeriods(cohortLike, { endpoint: 'ltv', range: null, unit: 'month', today: '2026-12-03' });
    expect(cohortLike.columns).toHaveLength(1);
  });

  test('funnel steps: the dated headers are flagged as dates and the current period’s header carries a note', () => {
    const ctx = nctx({ endpoint: 'funnel', layout: 'steps', params: { period_unit: 'month' } });
    const t = markPeriods(finishTable(normalise(FUNNEL_DOC, ctx), ctx), {
      endpoint: 'funnel',
      range: ['2026-07-01', '2026-08-12'],
      unit: 'month',
      today: '2026-08-12',
    });
    const dated = t.columns.filter((c) => c.dateHeader);
    expect(dated.map((c) => c.label)).toEqual(['2026-07-01', '2026-08-01']);
    expect(dated[0].note).toBeUndefined();
    expect(dated[1].note).toBe('Period status: incomplete (2026-08-01 – 2026-08-31)');
    expect(t.columns.some((c) => c.key === 'period_status')).toBe(false);
  });
});
