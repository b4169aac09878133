import { stackApps, totalsNote } from './portfolio';
import type { Table } from '../table';

const t = (revenue: number): Table => ({
  columns: [
    { key: 'period', label: 'Period', kind: 'date' },
    { key: 'row', label: 'Row', kind: 'text' },
    { key: 'revenue', label: 'Revenue', kind: 'usd' },
  ],
  rows: [['2026-11-01', 'segment', revenue]],
});

test('a failed app is one row saying why, in no Total; the note names it as left out', () => {
  const s = stackApps(
    [
      { app: 'A', table: t(10) },
      { app: 'C', table: t(5) },
    ],
    undefined,
    false,
    false,
    [{ app: 'B', why: '"B": Adapty did not accept the API key (HTTP 401).' }],
  );
  expect(s.rows).toEqual([
    ['A', '2026-11-01', 'segment', 10],
    ['C', '2026-11-01', 'segment', 5],
    ['B', '⚠ Not included: "B": Adapty did not accept the API key (HTTP 401).', null, null],
    ['Total', '2026-11-01', 'total', 15],
  ]);
  expect(s.notes?.at(-1)).toBe(
    "Total rows: the sum of the apps' values (A, C) per row. Left out, as their reports failed (see their rows): B.",
  );
  expect(totalsNote(['A'], 'ARPU (averages per user)')).toBe(
    'No Total across apps (A): ARPU (averages per user) do not add up.',
  );
});
