/**
 * The scheduled refresh end to end: dist/Code.js in the Apps Script fakes, the hourly trigger fired as
 * Apps Script would (no active spreadsheet, no UI), against the emulator in a child process.
 * Slot arithmetic itself is unit-tested in src/core/schedule.test.ts; here the trigger is fired every hour
 * of the virtual clock across clock changes and month ends, and the runs the add-on makes are counted.
 */
import type { World } from '../fakes';
import { HOUR, OWNER, emulatedWorld, logRows, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

type Any = any;

interface Bed {
  world: World;
  ssId: string;
  call(name: string, ...args: unknown[]): Any;
  fail(name: string, ...args: unknown[]): string;
  /** Fires the hourly trigger now (as its owner, no active spreadsheet, no UI). */
  fire(user?: string): void;
  /** Data rows of the Adapty Log sheet. */
  log(): unknown[][];
  reports(): Any[];
  docProps(): Record<string, string>;
}

function bed(opts: { timeZone?: string; start: number; key?: boolean }): Bed {
  const world = emulatedWorld(emu, {
    startTime: opts.start,
    timeZone: opts.timeZone ?? 'Europe/Berlin',
    keys: opts.key !== false ? { [OWNER]: emu.demoKey } : {},
  });
  const ssId = world.spreadsheet().id;
  const run = (mode: 'full' | 'trigger', name: string, args: unknown[], user = OWNER) =>
    runOnce(world, { mode, user }, name, args);
  const t: Bed = {
    world,
    ssId,
    call: (name, ...args) => run('full', name, args),
    fail: (name, ...args) => failure(() => run('full', name, args), name),
    fire: (user = OWNER) => {
      run('trigger', 'runScheduledReports', [], user);
    },
    log: () => logRows(world),
    reports: () => run('full', 'listReports', []) as Any[],
    docProps: () => world.documentStore(ssId).toObject(),
  };
  return t;
}

const mrr = (end = '2026-10-10') => ({
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';

/** Fires the trigger at minute 17 of every hour from `from` to `to` (UTC ms); returns the fire times that ran the report. */
function fireHourly(t: Bed, from: number, to: number): string[] {
  const ran: string[] = [];
  for (let at = from; at <= to; at += HOUR) {
    t.world.clock.set(at);
    const before = t.log().length;
    t.fire();
    if (t.log().length > before) ran.push(iso(at));
  }
  return ran;
}

describe('due times through the hourly trigger (three zones, clock changes, month ends)', () => {
  test('Europe/Berlin, daily at 2 across the spring-forward night: once a day, the skipped 02:00 runs right after the gap', () => {
    const t = bed({ start: Date.UTC(2026, 2, 27, 12, 0) });
    t.call('saveReport', {
      name: 'Daily',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'D' },
      schedule: 'daily at 2',
    });
    const ran = fireHourly(t, Date.UTC(2026, 2, 27, 12, 17), Date.UTC(2026, 2, 31, 12, 17));
    expect(ran).toEqual([
      '2026-03-28T01:17Z', // 02:17 CET
      '2026-03-29T01:17Z', // 03:17 CEST: 02:00 did not exist, the slot is 03:00
      '2026-03-30T00:17Z', // 02:17 CEST
      '2026-03-31T00:17Z',
    ]);
    expect(t.log().every((r) => r[2] === 'schedule' && r[5] === 'ok')).toBe(true);
  });

  test('America/New_York, daily at 1 across the fall-back night: the repeated 01:00 runs once', () => {
    const t = bed({ timeZone: 'America/New_York', start: Date.UTC(2026, 9, 30, 12, 0) });
    t.call('saveReport', {
      name: 'Daily',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'D' },
      schedule: { every: 'day', hour: 1 },
    });
    const ran = fireHourly(t, Date.UTC(2026, 9, 30, 12, 17), Date.UTC(2026, 10, 3, 12, 17));
    expect(ran).toEqual([
      '2026-10-31T05:17Z', // 01:17 EDT
      '2026-11-01T05:17Z', // 01:17 EDT; at 06:17Z it is 01:17 EST again, and the report does not run twice
      '2026-11-02T06:17Z', // 01:17 EST
      '2026-11-03T06:17Z',
    ]);
  });

  test('Australia/Sydney, monthly on the 31st at 6: the last day of shorter months, once each', () => {
    const t = bed({ timeZone: 'Australia/Sydney', start: Date.UTC(2027, 0, 29, 0, 0) });
    t.call('saveReport', {
      name: 'Monthly',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'M' },
      schedule: 'monthly 31 6',
    });
    const ran = fireHourly(t, Date.UTC(2027, 0, 29, 0, 17), Date.UTC(2027, 2, 3, 0, 17));
    expect(ran).toEqual([
      '2027-01-30T19:17Z', // 31 January 06:17 AEDT
      '2027-02-27T19:17Z', // 28 February 06:17 AEDT (no 31st)
    ]);
  }, 120000);
});

describe('the one hourly trigger', () => {
  test('stays at exactly one through saves, edits, duplicates and runs; an old duplicate is removed; none once no schedule remains', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    const mine = () => t.world.triggers.filter((x) => x.handler === 'runScheduledReports' && x.user === OWNER);
    const a = t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'hourly',
    });
    const b = t.call('saveReport', {
      name: 'B',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'B' },
      schedule: 'daily at 6',
    });
    t.call('saveReport', { id: a.id, name: 'A', spec: mrr('2026-10-11'), schedule: 'weekly mon 6' });
    const c = t.call('duplicateReport', b.id);
    expect(mine()).toHaveLength(1);
    expect(mine()[0].schedule).toEqual({ everyHours: 1 });
    expect(mine()[0].spreadsheetId).toBe(t.ssId);
    for (let i = 0; i < 3; i++) {
      t.world.clock.advance(HOUR);
      t.fire();
    }
    expect(mine()).toHaveLength(1);
    // A second trigger left by an older version of the add-on: the next run keeps only one.
    t.world.triggers.push({ ...mine()[0], id: 'stale-copy' });
    t.world.clock.advance(HOUR);
    t.fire();
    expect(mine()).toHaveLength(1);
    t.call('deleteReport', c.id);
    t.call('saveReport', { id: b.id, name: 'B', spec: mrr(), schedule: 'none' });
    expect(mine()).toHaveLength(1); // A is still scheduled
    t.call('saveReport', { id: a.id, name: 'A', spec: mrr(), schedule: null });
    expect(mine()).toHaveLength(0);
  });

  test('a trigger that fires when no schedule remains removes itself and runs nothing', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', { name: 'A', spec: mrr(), schedule: 'hourly' });
    const trig = { ...t.world.triggers[0] };
    t.call('saveReport', { id: t.reports()[0].id, name: 'A', spec: mrr(), schedule: null });
    t.world.triggers.push(trig); // e.g. deleting the trigger failed or another version made it
    const sent = t.world.http.length;
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.world.triggers).toHaveLength(0);
    expect(t.world.http.length).toBe(sent);
  });
});

describe('the scheduled refresh', () => {
  test('runs in the document its trigger belongs to, never opening a file by id', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'Hourly MRR',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'MRR' },
      schedule: 'hourly',
    });
    expect(t.docProps()['adapty.spreadsheetId']).toBe(t.ssId);
    t.world.clock.advance(HOUR);
    t.world.resetCalls();
    t.fire();
    // spreadsheets.currentonly: the add-on's trigger reaches its document without openById.
    expect(t.world.serviceCalls.byQualified['SpreadsheetApp.openById']).toBeUndefined();
    const s = t.world.sheetSnapshot(undefined, 'MRR');
    expect(s.values[0][0]).toBe('Period');
    expect(s.notes[0][0]).toMatch(/Adapty report "Hourly MRR" \(r[0-9a-f]+\)\nRefreshed .* schedule\./);
    expect(t.log().map((r) => [r[1], r[2], r[5]])).toEqual([['Hourly MRR', 'schedule', 'ok']]);
    expect(t.reports()[0].lastRun).toMatchObject({ status: 'ok', trigger: 'schedule' });
  });

  test('ten due reports with 1 s latency each are fetched together: ≤ 2 requests/s, about 5 s, not 10', async () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    for (let i = 0; i < 10; i++) {
      t.call('saveReport', {
        name: `R${i}`,
        spec: mrr(`2026-10-${10 + i}`),
        destination: { kind: 'sheet', sheetName: `S${i}` },
        schedule: 'hourly',
      });
    }
    await emu.setFaults(emu.demoKey, { latencyMs: 1000 });
    t.world.clock.advance(HOUR);
    const sent = t.world.http.length;
    const v0 = t.world.clock.now();
    t.fire();
    const elapsed = t.world.clock.now() - v0;
    const sends = t.world.http.slice(sent).map((h) => h.virtualTime);
    expect(sends).toHaveLength(10);
    for (let i = 2; i < sends.length; i++) expect(sends[i] - sends[i - 2]).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeGreaterThanOrEqual(4500); // the rate limit's floor for 10 requests
    expect(elapsed).toBeLessThan(9000); // one after another would take more than 10 s
    expect(t.log()).toHaveLength(10);
    expect(t.reports().every((r: Any) => r.lastRun?.status === 'ok')).toBe(true);
  });

  test('a refresh already holding the document lock: the scheduled run changes and sends nothing, the next hour does the work', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'hourly',
    });
    t.world.clock.advance(HOUR);
    const held = t.world.holdLock('document', t.ssId);
    const sent = t.world.http.length;
    t.fire();
    expect(t.world.http.length).toBe(sent);
    expect(t.reports()[0].lastRun).toBeUndefined();
    // A manual run of the same report meanwhile is refused too: never two runs of one report at once.
    expect(t.fail('runSavedReport', t.reports()[0].id)).toMatch(/Another refresh of this spreadsheet is running/);
    // The skipped run says so: in the status and in the log.
    expect(t.call('getBootstrap').schedulerStatus).toMatch(
      /^Skipped at .*another refresh of this spreadsheet was running/,
    );
    held.release();
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports()[0].lastRun.status).toBe('ok');
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([
      ['Scheduled refresh', 'skipped'],
      ['A', 'ok'],
    ]);
  });

  test('failed scheduled runs: the old block stays, lastRun shows the error, the stamp is flagged after two; a success clears it', async () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'hourly',
    });
    t.world.clock.advance(HOUR);
    t.fire();
    const good = t.world.sheetSnapshot(undefined, 'A');
    await emu.setFaults(emu.demoKey, { queue: Array(40).fill('500') });
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports()[0]).toMatchObject({ failures: 1, lastRun: { status: 'error', trigger: 'schedule' } });
    expect(t.world.sheetSnapshot(undefined, 'A').notes[0][0]).not.toMatch(/^⚠/);
    t.world.clock.advance(HOUR);
    t.fire();
    const r = t.reports()[0];
    expect(r.failures).toBe(2);
    expect(r.lastRun.error).toMatch(/server/i);
    const bad = t.world.sheetSnapshot(undefined, 'A');
    expect(bad.values).toEqual(good.values);
    expect(bad.numberFormats).toEqual(good.numberFormats);
    expect(bad.notes[0][0]).toMatch(/^⚠ The last 2 refreshes failed/);
    await emu.clearFaults(emu.demoKey);
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports()[0]).toMatchObject({ failures: 0, lastRun: { status: 'ok' } });
    expect(t.world.sheetSnapshot(undefined, 'A').notes[0][0]).toMatch(/^Adapty report "A"/);
    expect(t.log().map((r) => r[5])).toEqual(['ok', 'error', 'error', 'ok']);
  });

  test('missing authorisation is recorded where the sidebar shows it; the run stops cleanly, and resumes once authorised', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'hourly',
    });
    t.world.setAuthorizationRequired(true);
    t.world.clock.advance(HOUR);
    const sent = t.world.http.length;
    t.fire();
    expect(t.world.http.length).toBe(sent);
    t.world.setAuthorizationRequired(false);
    expect(t.call('getBootstrap').schedulerStatus).toMatch(
      /Authorisation needed since .*: open Extensions › Adapty › Open sidebar once to re-authorise/,
    );
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports()[0].lastRun.status).toBe('ok');
    expect(t.call('getBootstrap').schedulerStatus).toMatch(/1 refreshed, 0 failed/);
  });

  test("no key for the trigger's user (removed after scheduling): every due report is logged with the reason, nothing is sent", () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', { name: 'A', spec: mrr(), schedule: 'hourly' });
    t.call('saveReport', { name: 'B', spec: mrr(), schedule: 'hourly' });
    t.call('removeApiKey');
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.world.http).toHaveLength(0);
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([
      ['A', 'error'],
      ['B', 'error'],
    ]);
    expect(String(t.log()[0][6])).toMatch(/No Adapty API key is saved/);
    expect(t.call('getBootstrap').schedulerStatus).toMatch(/No Adapty API key/);
  });
});

describe('retrying a failed slot', () => {
  test('a daily report that failed is tried again at the next two hourly runs, then waits for its next slot', async () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 4, 0) }); // 05:00 in Berlin
    t.call('saveReport', {
      name: 'Daily',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'D' },
      schedule: 'daily at 6',
    });
    await emu.setFaults(emu.demoKey, { queue: Array(400).fill('500') });
    const ran = fireHourly(t, Date.UTC(2026, 10, 28, 5, 17), Date.UTC(2026, 10, 28, 10, 17));
    expect(ran).toEqual(['2026-11-28T05:17Z', '2026-11-28T06:17Z', '2026-11-28T07:17Z']); // the slot and two retries
    expect(t.reports()[0]).toMatchObject({ failures: 3, lastRun: { status: 'error', retry: 2 } });
    await emu.clearFaults(emu.demoKey);
    expect(fireHourly(t, Date.UTC(2026, 10, 29, 4, 17), Date.UTC(2026, 10, 29, 6, 17))).toEqual(['2026-11-29T05:17Z']);
    expect(t.reports()[0]).toMatchObject({ failures: 0, lastRun: { status: 'ok' } });
    expect(t.reports()[0].lastRun.retry).toBeUndefined();
  });

  test('a passing fault costs an hour, not a day', async () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 4, 0) });
    t.call('saveReport', {
      name: 'Daily',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'D' },
      schedule: 'daily at 6',
    });
    await emu.setFaults(emu.demoKey, { queue: ['truncated'] });
    const ran = fireHourly(t, Date.UTC(2026, 10, 28, 5, 17), Date.UTC(2026, 10, 28, 9, 17));
    expect(ran).toEqual(['2026-11-28T05:17Z', '2026-11-28T06:17Z']);
    expect(t.log().map((r) => r[5])).toEqual(['error', 'ok']);
    expect(t.world.sheetSnapshot(undefined, 'D').values[0][0]).toBe('Period');
  });
});

describe('the Adapty Log sheet', () => {
  test('one setValues per run for the log, and trimmed to the last 500 runs', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'hourly',
    });
    t.call('saveReport', {
      name: 'B',
      spec: mrr('2026-10-12'),
      destination: { kind: 'sheet', sheetName: 'B' },
      schedule: 'hourly',
    });
    t.world.clock.advance(HOUR);
    t.fire(); // creates the log sheet
    // 499 old runs already in the log.
    const g = t.world.execution({ mode: 'full', user: OWNER }).globals as Any;
    const sheet = g.SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Adapty Log');
    const old = Array.from({ length: 497 }, (_, i) => [
      new Date(Date.UTC(2026, 0, 1) + i * HOUR),
      `Old ${i}`,
      'schedule',
      1,
      0.1,
      'ok',
      'old',
    ]);
    sheet.insertRowsAfter(sheet.getMaxRows(), 600);
    sheet.getRange(4, 1, old.length, 7).setValues(old);
    expect(t.log()).toHaveLength(499);
    t.world.clock.advance(HOUR);
    t.world.resetCalls();
    t.fire();
    // Two report blocks and one log write.
    expect(t.world.calls.byMethod.setValues).toBe(3);
    const log = t.log();
    expect(log).toHaveLength(500);
    // 501 lines: the oldest (the first run's line for A) went from the top.
    expect(log.slice(0, 2).map((r) => r[1])).toEqual(['B', 'Old 0']);
    expect(log.slice(-2).map((r) => [r[1], r[2], r[5]])).toEqual([
      ['A', 'schedule', 'ok'],
      ['B', 'schedule', 'ok'],
    ]);
    const header = t.world.sheetSnapshot(undefined, 'Adapty Log').values[0];
    expect(header).toEqual(['Time', 'Report', 'Trigger', 'Rows', 'Duration (s)', 'Outcome', 'Message']);
  });

  test('Refresh all reports now runs every saved report (scheduled or not) as manual, and says how it went', () => {
    const t = bed({ start: Date.UTC(2026, 10, 28, 9, 0) });
    t.call('saveReport', {
      name: 'A',
      spec: mrr(),
      destination: { kind: 'sheet', sheetName: 'A' },
      schedule: 'monthly 1 6',
    });
    t.call('saveReport', { name: 'B', spec: mrr('2026-10-12'), destination: { kind: 'sheet', sheetName: 'B' } });
    t.call('refreshAllReportsNow');
    expect(t.log().map((r) => [r[1], r[2], r[5]])).toEqual([
      ['A', 'manual', 'ok'],
      ['B', 'manual', 'ok'],
    ]);
    expect(t.world.ui.alerts.at(-1)?.prompt).toMatch(/2 refreshed, 0 failed/);
  });
});
