import { fromEntries, staleKeys, toEntries } from './propertyChunks';

test('long text splits into ≤ 9 KB entries and reads back', () => {
  const text = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, name: `report ${i}` })));
  const e = toEntries('p', text);
  expect(Number(e.p)).toBeGreaterThan(1);
  for (const [k, v] of Object.entries(e)) expect(Buffer.byteLength(k + v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
  expect(fromEntries('p', e)).toBe(text);
});

test('non-ASCII text stays within 9 KB per entry', () => {
  const text = 'Отчёт 📈 '.repeat(3000);
  const e = toEntries('p', text);
  for (const [k, v] of Object.entries(e)) expect(Buffer.byteLength(k + v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
  expect(fromEntries('p', e)).toBe(text);
});

test('a missing part reads as nothing; stale parts are found', () => {
  const e = toEntries('p', 'x'.repeat(20000));
  const broken = { ...e };
  delete broken['p.1'];
  expect(fromEntries('p', broken)).toBeNull();
  expect(staleKeys('p', { ...e, other: '1' }, toEntries('p', 'short'))).toEqual(['p.1', 'p.2']);
});
