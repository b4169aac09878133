import { allZeroOrEmpty, matchForm, nearestKnown, unknownValues, valuesFromAnswer } from './filterValues';

const known = [
  { key: 'Facebook Ads', label: 'Facebook Ads' },
  { key: 'app_store:monthly.premium.599', label: 'monthly.premium.599' },
  { key: 'TikTok', label: 'TikTok' },
];

test('segments of every series, raw key and label, without Total and empty keys, first seen first', () => {
  const answer = {
    data: {
      revenue: {
        data: [
          { type: 'total', title: 'Total', values: [] },
          { type: 'Facebook Ads', title: 'Facebook Ads', values: [] },
          { type: '', title: 'Not set', values: [] },
        ],
      },
      proceeds: {
        data: [
          { type: 'Facebook Ads', title: 'Facebook Ads' },
          { type: 'TikTok', title: 'TikTok' },
        ],
      },
    },
  };
  expect(valuesFromAnswer(answer)).toEqual([
    { key: 'Facebook Ads', label: 'Facebook Ads' },
    { key: 'TikTok', label: 'TikTok' },
  ]);
  expect(valuesFromAnswer({ data: null })).toEqual([]);
});

test('"did you mean": case and spacing first (key or label), then the nearest by a small edit distance', () => {
  expect(matchForm(' Facebook_Ads ')).toBe(matchForm('facebook ads'));
  expect(nearestKnown('facebook ads', known)).toEqual({ value: known[0], sure: true });
  expect(nearestKnown('monthly.premium.599', known)).toEqual({ value: known[1], sure: true });
  expect(nearestKnown('TikTak', known)).toEqual({ value: known[2], sure: false });
  expect(nearestKnown('Snapchat', known)).toBeUndefined();
  expect(unknownValues(['Facebook Ads', 'facebook ads'], known)).toEqual(['facebook ads']);
});

test("all zero or empty: a numeric row identity (LTV's period 1, 2, 3) is not a value", () => {
  const cols = [
    { key: 'period', label: 'Period', kind: 'integer' as const },
    { key: 'ltv_revenue', label: 'LTV (revenue)', kind: 'usd' as const },
    { key: 'cohort_size', label: 'Cohort size', kind: 'integer' as const },
  ];
  expect(allZeroOrEmpty({ columns: cols, rows: [1, 2, 3].map((p) => [p, 0, 0]) })).toBe(true);
  expect(allZeroOrEmpty({ columns: cols, rows: [[1, 0, 12]] })).toBe(false);
});

test('all zero or empty: numeric columns only; no rows counts', () => {
  const cols = [
    { key: 'period', label: 'Period', kind: 'date' as const },
    { key: 'revenue', label: 'Revenue', kind: 'usd' as const },
  ];
  expect(allZeroOrEmpty({ columns: cols, rows: [] })).toBe(true);
  expect(
    allZeroOrEmpty({
      columns: cols,
      rows: [
        ['2026-01-01', 0],
        [null, null],
      ],
    }),
  ).toBe(true);
  expect(
    allZeroOrEmpty({
      columns: cols,
      rows: [
        ['2026-01-01', 0],
        [null, -0.5],
      ],
    }),
  ).toBe(false);
});
