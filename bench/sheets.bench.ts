/**
 * Sheets: (1) writing 100,000 rows × 6 columns with the add-on's block writer into the fakes — Spreadsheet
 * calls and time; (2) the scheduled refresh of 10 reports with 1 s of emulated latency each — the
 * the scheduled refresh's elapsed (virtual, as Apps Script would see it) time against the 2-requests-per-second floor.
 */
import { performance } from 'node:perf_hooks';
import { createWorld } from '../test/fakes';
import { loadBundle } from '../test/harness/bundle';
import { startEmulatorProcess } from '../emulator/process';
import { planTable } from '../src/core/writePlan';
import type { Table } from '../src/core/table';
import { type Row } from './row';

function bigTable(rows: number): Table {
  const start = Date.UTC(2020, 0, 1);
  const out: Table = {
    columns: [
      { key: 'period', label: 'Period', kind: 'date' },
      { key: 'segment', label: 'Segment', kind: 'text' },
      { key: 'key', label: 'Segment key', kind: 'text' },
      { key: 'revenue', label: 'Revenue', kind: 'usd' },
      { key: 'proceeds', label: 'Proceeds', kind: 'usd' },
      { key: 'subs', label: 'Subscriptions', kind: 'integer' },
    ],
    rows: [],
  };
  for (let i = 0; i < rows; i++) {
    const d = new Date(start + (i % 2000) * 86400000).toISOString().slice(0, 10);
    out.rows.push([d, `Country ${i % 50}`, `c${i % 50}`, (i * 7.31) % 1000, (i * 5.17) % 800, i % 97]);
  }
  return out;
}

async function writeBench(): Promise<Row[]> {
  const world = createWorld({ timeZone: 'Europe/Berlin' });
  const g = world.execution('full').globals as Record<string, unknown>;
  // The adapter reads Apps Script globals: give it this execution's fakes.
  Object.assign(globalThis, { SpreadsheetApp: g.SpreadsheetApp, Charts: g.Charts });
  const { writeBlock } = await import('../src/adapters/blockWriter');
  const ss = (g.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).getActiveSpreadsheet();
  const results: Row[] = [];
  for (const n of [10, 100_000]) {
    const table = bigTable(n);
    const t0 = performance.now();
    const plan = planTable(table, { toDate: (d) => new Date(`${d}T00:00:00+01:00`), headers: true, locale: 'en_US' });
    const t1 = performance.now();
    const sheet = ss.insertSheet(`Bench ${n}`);
    world.resetCalls();
    const t2 = performance.now();
    writeBlock(ss, { sheet, row: 1, column: 1, plan, mode: 'overwrite', previous: null, stamp: 'bench' });
    const t3 = performance.now();
    const calls = world.calls;
    results.push({
      name: `${n.toLocaleString('en-US')} rows × 6: Spreadsheet calls to write`,
      value: calls.total,
      unit: 'calls',
      notes: `setValues ${calls.byMethod.setValues ?? 0}, setNumberFormats ${calls.byMethod.setNumberFormats ?? 0}, insertRowsAfter ${calls.byMethod.insertRowsAfter ?? 0}`,
    });
    if (n > 10) {
      results.push({
        name: `${n.toLocaleString('en-US')} rows × 6: building the write plan`,
        value: t1 - t0,
        unit: 'ms',
      });
      results.push({
        name: `${n.toLocaleString('en-US')} rows × 6: writing into the fakes`,
        value: t3 - t2,
        unit: 'ms',
        notes: "the fakes' own cost; real Sheets takes seconds for 600k cells in one setValues",
      });
    }
  }
  return results;
}

async function dispatchBench(): Promise<Row[]> {
  const emu = await startEmulatorProcess();
  try {
    const world = createWorld({ startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
    world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
    world.userStore(world.options.owner).apply(new Map([['ADAPTY_API_KEY', emu.demoKey]]));
    const full = loadBundle(world, 'full');
    for (let i = 0; i < 10; i++) {
      full.call('saveReport', {
        name: `R${i}`,
        spec: { endpoint: 'analytics', chart: 'mrr', start: '2026-10-01', end: `2026-10-${10 + i}` },
        destination: { kind: 'sheet', sheetName: `S${i}` },
        schedule: 'hourly',
      });
    }
    full.end();
    await emu.setFaults(emu.demoKey, { latencyMs: 1000 });
    world.clock.advance(3600e3);
    const b = loadBundle(world, 'trigger');
    const v0 = world.clock.now();
    const t0 = performance.now();
    b.call('runScheduledReports');
    const wall = performance.now() - t0;
    const virtual = world.clock.now() - v0;
    b.end();
    const sent = world.http.length;
    return [
      {
        name: '10 due reports, 1 s latency each: scheduled refresh time (Apps Script clock)',
        value: virtual / 1000,
        unit: 's',
        target: '≈ 5 s floor (2 requests/s)',
        notes: `${sent} requests; time as the add-on sees it under the emulator's virtual-latency protocol`,
      },
      {
        name: '10 due reports: host CPU time for the whole run',
        value: wall,
        unit: 'ms',
        notes: 'fakes + bundle + emulator round trips on loopback',
      },
    ];
  } finally {
    await emu.close();
  }
}

export async function bench(): Promise<Row[]> {
  return [...(await writeBench()), ...(await dispatchBench())];
}
