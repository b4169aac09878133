import { normalise } from './index';
import type { NormaliseContext } from './context';
import { LTV_DOC } from '../../../test/fixtures/answers';
import { missingNumbers, numericStrings, rowObjects } from '../../../test/fixtures/tableKit';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'ltv',
  params: {},
  hasCompare: false,
  ...o,
});
import { clone } from '../../../test/harness/testUtils';

describe('LTV', () => {
  test('metrics as USD columns joined on segment + period; sparse → null; summary rows', () => {
    const t = normalise(LTV_DOC, ctx({ params: { segmentation: 'country' } }));
    expect(t.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['segment', 'Segment (Country)', 'text'],
      ['segment_key', 'Segment key', 'text'],
      ['period', 'Period', 'integer'],
      ['revenue', 'LTV (revenue)', 'usd'],
      ['proceeds', 'LTV (proceeds)', 'usd'],
      ['net_revenue', 'LTV (net revenue)', 'usd'],
      ['cohort_size', 'Cohort size', 'integer'],
    ]);
    const rows = rowObjects(t);
    expect(rows.map((r) => [r.segment_key, r.period])).toEqual([
      ['total', 1],
      ['total', 2],
      ['total', 3],
      ['us', 1],
      ['us', 3],
      ['total', null],
      ['us', null],
    ]);
    expect(rows[4]).toMatchObject({ revenue: 4.4, proceeds: 4.4 * 0.85, net_revenue: 4.4 * 0.7 });
    expect(rows[5]).toMatchObject({ revenue: 3.3, cohort_size: 1000 });
    expect(missingNumbers(LTV_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
  });

  test('metric keys are iterated; fields the metrics disagree on get their own column', () => {
    const a = clone(LTV_DOC) as any;
    a.gross_margin = clone(a.revenue);
    a.proceeds.data[0].cohort_size = 999; // disagrees with revenue's 1000
    a.revenue.data[0].values[0].days = 30; // an extra axis field on one metric only
    a.revenue.data[0].values[1].payers = 17;
    a.currency = 'USD';
    const t = normalise(a, ctx());
    expect(t.columns.map((c) => c.key)).toEqual(
      expect.arrayContaining(['gross_margin', 'proceeds.cohort_size', 'payers']),
    );
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('one metric without the wrapper, days axis', () => {
    const a = {
      data: [
        {
          type: 'total',
          title: 'Total',
          values: [
            { days: 0, value: 1 },
            { days: 7, value: 1.5 },
          ],
          cohort_size: 5,
        },
      ],
      value: 1.5,
      unit: 'USD',
    };
    const t = normalise(a, ctx({ params: { period_type: 'days' } }));
    expect(rowObjects(t).map((r) => [r.days, r.value])).toEqual([
      [0, 1],
      [7, 1.5],
      [null, 1.5],
    ]);
    expect(t.columns.find((c) => c.key === 'days')!.label).toBe('Day');
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('no metric at all is a bad answer naming what was found', () => {
    expect(() => normalise({ revenue: 5, foo: 'x' }, ctx())).toThrow(
      /LTV answer .*metrics .*found an object with keys revenue, foo/,
    );
    expect(() => normalise({ revenue: { data: [7] } }, ctx())).toThrow(/item 1 of "revenue.data" to be an object/);
  });
});
