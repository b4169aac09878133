import { normalise } from './index';
import type { NormaliseContext } from './context';
import { RETENTION_DOC } from '../../../test/fixtures/answers';
import { missingNumbers, numericStrings, rowObjects } from '../../../test/fixtures/tableKit';

const ctx = (o: Partial<NormaliseContext> = {}): NormaliseContext => ({
  endpoint: 'retention',
  params: {},
  hasCompare: false,
  ...o,
});

describe('retention', () => {
  test('a row per segment × period, segment-major; cohort sizes on the summary rows', () => {
    const t = normalise(RETENTION_DOC, ctx({ params: { segmentation: 'country' } }));
    expect(t.columns.map((c) => [c.key, c.label, c.kind])).toEqual([
      ['segment', 'Segment (Country)', 'text'],
      ['segment_key', 'Segment key', 'text'],
      ['period', 'Period', 'integer'],
      ['value', 'Subscribers', 'integer'],
      ['value_relative', 'Retained, %', 'percent_points'],
      ['cohort_size', 'Cohort size', 'integer'],
    ]);
    expect(t.rows).toEqual([
      ['Total', 'total', 1, 500, 100, null],
      ['Total', 'total', 2, 210, 42, null],
      ['United States', 'us', 1, 300, 100, null],
      ['United States', 'us', 2, 141, 47, null],
      ['Total', 'total', null, null, null, 500],
      ['United States', 'us', null, null, null, 300],
    ]);
    expect(missingNumbers(RETENTION_DOC, t)).toEqual([]);
    expect(numericStrings(t)).toEqual([]);
  });

  test('relative value_type: value is a percentage', () => {
    const t = normalise({ ...RETENTION_DOC, value_type: 'relative' }, ctx());
    expect(t.columns.find((c) => c.key === 'value')).toMatchObject({ kind: 'percent_points' });
  });

  test('unknown shapes: flat points, nested values, unordered periods, extra top-level numbers', () => {
    const a = {
      data: [
        { period: 3, value: 10, extra: { churned: 2 } },
        { period: 1, value: 30 },
        { period: 2, value: 20, tags: ['x'] },
      ],
      title: 'Subscription retention',
      retention_score: 7.5,
      value_type: null,
    };
    const t = normalise(a, ctx());
    expect(rowObjects(t).map((r) => [r.period, r.value])).toEqual([
      [1, 30],
      [2, 20],
      [3, 10],
      [null, null],
    ]);
    expect(rowObjects(t)[3]).toMatchObject({ retention_score: 7.5 });
    expect(missingNumbers(a, t)).toEqual([]);
  });

  test('data that is not a list is a bad answer', () => {
    expect(() => normalise({ data: { total: 1 } }, ctx())).toThrow(
      /retention answer .*"data" to be a list, but found an object with key total/,
    );
  });
});
