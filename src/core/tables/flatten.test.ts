import { flatten, flattenFields, leaves } from './flatten';
import { TableBuilder, inferKind } from './builder';
import { human, kindFromName } from './labels';

describe('flatten', () => {
  test('nested keys joined with ".", arrays of strings joined, other arrays indexed, first-seen order', () => {
    expect(leaves({ b: 1, a: { y: 2, x: [3, { z: 4 }] }, t: ['p', 'q'], n: null, e: [], o: {} })).toEqual([
      ['b', 1],
      ['a.y', 2],
      ['a.x[0]', 3],
      ['a.x[1].z', 4],
      ['t', 'p, q'],
      ['n', null],
    ]);
    expect(leaves(5)).toEqual([['', 5]]);
    expect(leaves([1, 'a'], 'v')).toEqual([
      ['v[0]', 1],
      ['v[1]', 'a'],
    ]);
  });

  test('flattenFields skips known keys; metadata keys give their numbers only', () => {
    const out: Array<[string, unknown]> = [];
    flattenFields({ title: 'x', data: [1], description: { text: 'a', n: 2 }, foo: 'bar' }, (p, l) => out.push([p, l]), {
      skip: ['data'],
      numbersOnly: ['title', 'description'],
    });
    expect(out).toEqual([
      ['description.n', 2],
      ['foo', 'bar'],
    ]);
  });

  test('every number of any JSON value is a leaf', () => {
    const v = { a: [[1, 2], [3]], b: { c: [{ d: [4, 'x'] }] }, e: -0.5 };
    const nums: number[] = [];
    flatten(v, (_p, l) => {
      if (typeof l === 'number') nums.push(l);
    });
    expect(nums).toEqual([1, 2, 3, 4, -0.5]);
  });
});

describe('builder and labels', () => {
  test('auto kinds from values; duplicate headers made unique; groups and sort order columns', () => {
    const b = new TableBuilder();
    const r = b.row();
    r[b.col('z', 'Same', 'auto', { group: 1, sort: 2 })] = 1.5;
    r[b.col('y', 'Same', 'auto', { group: 1, sort: 1 })] = 2;
    r[b.col('x', 'X', 'auto', { group: 0 })] = '2026-01-01';
    b.row()[b.index('y')!] = 3;
    const t = b.build();
    expect(t.columns).toEqual([
      { key: 'x', label: 'X', kind: 'date' },
      { key: 'y', label: 'Same (y)', kind: 'integer' },
      { key: 'z', label: 'Same (z)', kind: 'number' },
    ]);
    expect(t.rows).toEqual([
      ['2026-01-01', 2, 1.5],
      [null, 3, null],
    ]);
    expect(inferKind([[1], ['a']], 0)).toBe('text');
    expect(inferKind([[true], [null]], 0)).toBe('boolean');
    expect(inferKind([['2026-01-01T10:00:00Z']], 0)).toBe('datetime');
  });

  test('headers and kinds from names', () => {
    expect(human('total_revenue_usd')).toBe('Total revenue, USD');
    expect(human('predict.arpu_usd')).toBe('Predict: ARPU, USD');
    expect(human('subscribers_relative')).toBe('Subscribers, %');
    expect(human('churn_reasons[0].value')).toBe('Churn reasons [0]: value');
    expect(kindFromName('a.revenue_usd')).toBe('usd');
    expect(kindFromName('value_relative')).toBe('percent_points');
    expect(kindFromName('count')).toBe('auto');
  });
});
