import { REPORT_BOUNDS, bookkeepingBytes, boundedReport, clipText, jsonBytes } from './reportBounds';

test('clipText: within characters and JSON bytes, never inside a surrogate pair, marked when cut', () => {
  expect(clipText('short', 10)).toBe('short');
  const cut = clipText('x'.repeat(1000), 500);
  expect(cut).toHaveLength(500);
  expect(cut.endsWith('…')).toBe(true);
  // Control characters take 6 bytes each in JSON; emoji are surrogate pairs.
  for (const unit of ['\u0001', '"', '📈', 'é', 'Ж📈\\']) {
    const s = clipText(unit.repeat(2000), 500, 700);
    expect(s.length).toBeLessThanOrEqual(500);
    expect(jsonBytes(s)).toBeLessThanOrEqual(700);
    expect(s).not.toMatch(/[\ud800-\udbff]…$/);
  }
});

test.each([
  ['control characters (6 bytes each in JSON)', '\u0001'.repeat(10_000)],
  ['emoji', '📈'.repeat(10_000)],
  ['Cyrillic', 'Ж'.repeat(10_000)],
])("a report's bookkeeping at its largest stays within the reserve a save keeps for it: %s", (_, worst) => {
  const r = boundedReport({
    id: 'r0123456789ab',
    name: 'n',
    spec: { endpoint: 'analytics' },
    destination: { kind: 'new_sheet' },
    mode: 'append',
    chart: false,
    headers: true,
    schedule: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    failures: 1_000_000_000,
    lastRun: {
      at: new Date().toISOString(),
      status: 'error',
      rows: 10_000_000,
      ms: 360_000_000,
      error: worst,
      trigger: 'schedule',
      retry: 2,
      code: 'api_validation',
    },
    block: { sheetName: worst, a1: worst, sheetId: 2 ** 31 - 1, chart: -Number.MAX_SAFE_INTEGER, sig: worst },
    owner: { id: worst, keyFingerprint: worst, name: worst },
  });
  expect(bookkeepingBytes(r)).toBeLessThanOrEqual(REPORT_BOUNDS.bookkeepingBytes);
  expect(r.lastRun!.error!.length).toBeLessThanOrEqual(REPORT_BOUNDS.errorChars);
});

test('a block record keeps only a chart id, the colour scale or nothing as what the add-on drew', () => {
  const block = (chart: unknown) => boundedReport({ block: { sheetName: 'S', a1: 'A1:B2', chart } } as never).block;
  for (const kept of [1234567890, 'scale', null]) expect(block(kept)!.chart).toBe(kept);
  for (const dropped of [1.5, 'x'.repeat(5000), { id: 1 }, Number.NaN, 2 ** 60])
    expect(block(dropped)).not.toHaveProperty('chart');
});

test("a block's row signature is kept as written; a damaged one stays within its bytes", () => {
  const sig = 'a0'.repeat(73) + 'z';
  expect(boundedReport({ block: { sheetName: 'S', a1: 'A1', sig } } as never).block).toEqual({
    sheetName: 'S',
    a1: 'A1',
    sig,
  });
  const bad = boundedReport({ block: { sheetName: 'S', a1: 'A1', sig: '\u0001'.repeat(5000) } } as never).block!;
  expect(jsonBytes(bad.sig)).toBeLessThanOrEqual(149);
});
