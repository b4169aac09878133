/**
 * Bounded bookkeeping, end to end (dist/Code.js in the fakes, whose PropertiesService enforces 9 KB a
 * value and 500 KB a store in UTF-8 bytes): a 400 answer's full error list never fills the document store,
 * a save that would pass the limit is refused before anything changes, and the trigger never throws —
 * every run, whatever happened, leaves a status and a log row.
 */
import type { World } from '../fakes';
import { HOUR, OWNER, emulatedWorld, logRows, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

type Any = any;

function bed(start: number) {
  const world: World = emulatedWorld(emu, { startTime: start, keys: { [OWNER]: emu.demoKey } });
  const run = (mode: 'full' | 'trigger', name: string, args: unknown[]): Any =>
    runOnce(world, { mode, user: OWNER }, name, args);
  const store = () => world.documentStore(world.spreadsheet().id);
  return {
    world,
    call: (name: string, ...args: unknown[]) => run('full', name, args),
    fail: (name: string, ...args: unknown[]): string => failure(() => run('full', name, args), name),
    /** Fires the hourly trigger; it must not throw whatever happens. */
    fire: () => run('trigger', 'runScheduledReports', []),
    reports: () => run('full', 'listReports', []) as Any[],
    status: () => run('full', 'getBootstrap', []).schedulerStatus as string,
    log: (): unknown[][] => logRows(world),
    store,
    storeBytes: () => store().bytes(),
  };
}

const mrr = (end: string) => ({
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});

describe('a 400 with its full error list', () => {
  test('two such failures: each stored error ≤ 500 characters, the store stays small, both runs are recorded; the retry runs, and no more', async () => {
    // 08:30 UTC = 09:30 in Berlin; the reports run daily at 10.
    const t = bed(Date.UTC(2026, 10, 28, 8, 30));
    t.call('saveReport', {
      name: 'Daily append',
      spec: mrr('2026-10-10'),
      destination: { kind: 'sheet', sheetName: 'Hist' },
      mode: 'append',
      schedule: 'daily at 10',
    });
    t.call('saveReport', {
      name: 'Daily',
      spec: mrr('2026-10-12'),
      destination: { kind: 'sheet', sheetName: 'D' },
      schedule: 'daily at 10',
    });
    t.world.clock.set(Date.UTC(2026, 10, 28, 9, 17));
    t.fire();
    const firstSnapshot = t.world.sheetSnapshot(undefined, 'Hist').values;
    expect(t.reports().map((r) => r.lastRun.status)).toEqual(['ok', 'ok']);

    // Next day: both answers are 400s listing 2,500 problems (~300 KB of text each).
    await emu.setFaults(emu.demoKey, { queue: ['400list=2500', '400list=2500'] });
    t.world.clock.set(Date.UTC(2026, 10, 29, 9, 17));
    t.fire();
    const failed = t.reports();
    expect(failed.map((r) => [r.lastRun.status, r.lastRun.code])).toEqual([
      ['error', 'api_validation'],
      ['error', 'api_validation'],
    ]);
    for (const r of failed) {
      expect(r.lastRun.error).toMatch(
        /^Adapty refused the analytics request \(HTTP 400\): filters\.store_product_id\.0/,
      );
      expect(r.lastRun.error.length).toBeLessThanOrEqual(500);
    }
    expect(t.storeBytes()).toBeLessThan(20 * 1024);
    expect(t.status()).toMatch(/0 refreshed, 2 failed/);
    expect(
      t
        .log()
        .slice(-2)
        .map((r) => [r[1], r[5]]),
    ).toEqual([
      ['Daily append', 'error'],
      ['Daily', 'error'],
    ]);

    // The retry an hour later runs both; the append report adds its snapshot under the first one.
    const sent = t.world.http.length;
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.world.http.length).toBe(sent + 2);
    const hist = t.world.sheetSnapshot(undefined, 'Hist').values;
    expect(hist.slice(0, firstSnapshot.length)).toEqual(firstSnapshot);
    expect(hist.length).toBe(2 * firstSnapshot.length - 1); // one header, two snapshots
    // Recorded, so a daily report is not fetched again hourly.
    for (let i = 0; i < 3; i++) {
      t.world.clock.advance(HOUR);
      t.fire();
    }
    expect(t.world.http.length).toBe(sent + 2);
  });

  test('a store filled by an older version (whole error lists kept): the next run records and shrinks it', () => {
    const t = bed(Date.UTC(2026, 10, 28, 9, 0));
    for (const n of ['A', 'B', 'C'])
      t.call('saveReport', {
        name: n,
        spec: mrr('2026-10-10'),
        destination: { kind: 'sheet', sheetName: n },
        schedule: 'hourly',
      });
    const list = t.reports().map((r) => ({
      ...r,
      lastRun: {
        at: '2026-11-28T08:00:00.000Z',
        status: 'error',
        trigger: 'schedule',
        retry: 2,
        error: 'x'.repeat(150_000),
      },
    }));
    // Written as the old version did, in 8,000-character entries: ~450 KB of 500.
    const text = JSON.stringify(list);
    const entries = new Map<string, string>([['adapty.reports', String(Math.ceil(text.length / 8000))]]);
    for (let i = 0; i * 8000 < text.length; i++)
      entries.set(`adapty.reports.${i}`, text.slice(i * 8000, (i + 1) * 8000));
    t.store().apply(entries);
    expect(t.storeBytes()).toBeGreaterThan(440 * 1024);
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports().map((r) => r.lastRun.status)).toEqual(['ok', 'ok', 'ok']);
    expect(t.storeBytes()).toBeLessThan(20 * 1024);
  });
});

describe('the store limit', () => {
  test('saves stop, before anything changes, while the list with room for its run records would pass 500 KB; runs then always fit', async () => {
    const t = bed(Date.UTC(2026, 10, 28, 9, 0));
    // A spec of ~3.9 KB (many products): the largest a saved report may hold.
    const big = (i: number) => ({
      ...mrr('2026-10-10'),
      filters: {
        store_product_id: Array.from({ length: 120 }, (_, j) => `app_store:premium_${i}_${String(j).padStart(6, '0')}`),
      },
    });
    expect(
      t.fail('saveReport', {
        name: 'Too big',
        spec: {
          ...big(0),
          filters: { store_product_id: [...big(0).filters.store_product_id, ...big(1).filters.store_product_id] },
        },
      }),
    ).toMatch(
      /this report's options take [\d,]+ bytes; a saved report may take at most 4,000: use fewer filter values \[\[adapty:validation:spec\]\]$/,
    );
    let saved = 0;
    let refusal = '';
    for (let i = 0; i < 200 && !refusal; i++) {
      const before = JSON.stringify(t.store().toObject());
      try {
        t.call('saveReport', {
          name: `R${i}`,
          spec: big(i),
          destination: { kind: 'sheet', sheetName: `S${i}` },
          schedule: 'hourly',
        });
        saved++;
      } catch (e) {
        refusal = (e as Error).message;
        expect(JSON.stringify(t.store().toObject())).toBe(before); // nothing changed
      }
    }
    expect(refusal).toMatch(
      /saved reports would need \d+ KB of document properties \(with room for their run records\); Apps Script allows 500 KB\. .*Nothing was saved\. \[\[adapty:limit\]\]$/,
    );
    expect(saved).toBeGreaterThan(50);
    // Every report now fails with the longest error it can store: all runs are still recorded.
    await emu.setFaults(emu.demoKey, { queue: Array(saved).fill('400list=300') });
    t.world.clock.advance(HOUR);
    t.fire();
    const reports = t.reports();
    expect(reports.filter((r) => r.lastRun?.status === 'error')).toHaveLength(saved);
    expect(t.storeBytes()).toBeLessThanOrEqual(500 * 1024);
    expect(t.status()).toMatch(new RegExp(`0 refreshed, ${saved} failed`));
  }, 120000);
});

describe('the trigger never throws', () => {
  test('an unexpected problem (a report this version cannot read) is recorded in the status and the log, and swallowed', () => {
    const t = bed(Date.UTC(2026, 10, 28, 9, 0));
    t.call('saveReport', { name: 'A', spec: mrr('2026-10-10'), schedule: 'hourly' });
    const s = t.store();
    s.apply(
      new Map([
        ['adapty.reports.0', s.data.get('adapty.reports.0')!.replace('{"every":"hour"}', '{"every":"fortnight"}')],
      ]),
    );
    t.world.clock.advance(HOUR);
    expect(() => t.fire()).not.toThrow();
    expect(t.status()).toMatch(/stopped on an unexpected problem: .*It runs again next hour/);
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([['Scheduled refresh', 'error']]);
  });

  test('no key: the status says so every run, the log once a day; a saved key runs the report at the next hour', () => {
    const t = bed(Date.UTC(2026, 10, 28, 9, 0));
    t.call('saveReport', { name: 'A', spec: mrr('2026-10-10'), schedule: 'hourly' });
    t.call('removeApiKey');
    for (let h = 0; h < 26; h++) {
      t.world.clock.advance(HOUR);
      t.fire();
      expect(t.status()).toMatch(/1 scheduled report not refreshed at .*No Adapty API key is saved/);
    }
    // 10:00 on the 28th to 11:00 on the 29th (Berlin): two days, two rows.
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([
      ['A', 'error'],
      ['A', 'error'],
    ]);
    expect(String(t.log()[0][6])).toMatch(/No Adapty API key is saved .*logged once a day/);
    expect(t.world.http).toHaveLength(0);
    t.call('saveApiKey', emu.demoKey);
    t.world.clock.advance(HOUR);
    t.fire();
    expect(t.reports()[0].lastRun.status).toBe('ok');
    expect(t.status()).toMatch(/1 refreshed, 0 failed/);
  });

  test('missing authorisation: a status every run, a log row once a day', () => {
    const t = bed(Date.UTC(2026, 10, 28, 9, 0));
    t.call('saveReport', { name: 'A', spec: mrr('2026-10-10'), schedule: 'hourly' });
    t.world.setAuthorizationRequired(true);
    for (let h = 0; h < 3; h++) {
      t.world.clock.advance(HOUR);
      t.fire();
    }
    t.world.setAuthorizationRequired(false);
    expect(t.status()).toMatch(/^Authorisation needed since/);
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([['Scheduled refresh', 'skipped']]);
  });
});
