/**
 * Whose key refreshes a saved report, end to end: dist/Code.js in the fakes with two users (each with
 * their own user store, key and hourly trigger) against the emulator's demo apps, which hold different
 * data. Every request must carry its report owner's key, and every sheet must show its owner's app.
 */
import type { World } from '../fakes';
import { loadBundle } from '../harness/bundle';
import { emulatedWorld, logRows, runOnce, sheetValues, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';
import { DEMO_APPS } from '../../emulator/apps';

const A = 'owner@example.com';
const B = 'editor@example.com';
const HOUR = 3600e3;
const KEY_A = DEMO_APPS[0].key;
const KEY_B = DEMO_APPS[1].key;
const KEY_A2 = DEMO_APPS[2].key;
const APP_OF = new Map([
  [KEY_A, DEMO_APPS[0].name],
  [KEY_B, DEMO_APPS[1].name],
  [KEY_A2, DEMO_APPS[2].name],
]);

let emu: EmulatorProcess;
useEmulator((e) => (emu = e));

type Any = any;

function bed() {
  const world: World = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    keys: { [A]: KEY_A, [B]: KEY_B },
  });
  const run = (mode: 'full' | 'trigger', user: string, name: string, args: unknown[]): Any =>
    runOnce(world, { mode, user }, name, args);
  return {
    world,
    as: (user: string, name: string, ...args: unknown[]) => run('full', user, name, args),
    fail: (user: string, name: string, ...args: unknown[]): string =>
      failure(() => run('full', user, name, args), name),
    fire: (user: string) => run('trigger', user, 'runScheduledReports', []),
    reports: () => run('full', A, 'listReports', []) as Any[],
    log: (): unknown[][] => logRows(world),
    values: (sheet: string) => sheetValues(world, sheet),
    triggersOf: (user: string) => world.triggers.filter((t) => t.handler === 'runScheduledReports' && t.user === user),
    docText: () => JSON.stringify(world.documentStore(world.spreadsheet().id).toObject()),
  };
}

const spec = (end: string) => ({
  endpoint: 'analytics',
  chart: 'mrr',
  start: '2026-10-01',
  end,
  params: { period_unit: 'day' },
});
const END_A = '2026-10-10';
const END_B = '2026-10-12';

/** The Authorization key and the app of every request sent since `from`, by the spec's end date. */
function requestsSince(world: World, from: number): { end: string; key: string }[] {
  return world.http.slice(from).map((h) => {
    const body = JSON.parse(h.payload ?? '{}') as { filters?: { date?: string[] } };
    return { end: String(body.filters?.date?.[1] ?? ''), key: h.headers.Authorization.replace(/^Api-Key /, '') };
  });
}

describe('two users, two keys, two schedules', () => {
  test("each user's trigger refreshes only their own report, with their own key, whichever fires first", async () => {
    const t = bed();
    const a = t.as(A, 'saveReport', {
      name: 'A mrr',
      spec: spec(END_A),
      destination: { kind: 'sheet', sheetName: 'SA' },
      schedule: 'hourly',
    });
    const b = t.as(B, 'saveReport', {
      name: 'B mrr',
      spec: spec(END_B),
      destination: { kind: 'sheet', sheetName: 'SB' },
      schedule: 'hourly',
    });
    expect(a.owner.id).not.toBe(b.owner.id);
    expect(t.triggersOf(A)).toHaveLength(1);
    expect(t.triggersOf(B)).toHaveLength(1);

    const sent = t.world.http.length;
    const emuSeen = (await emu.requests()).length;
    for (const order of [
      [A, B],
      [B, A],
      [A, B],
    ]) {
      t.world.clock.advance(HOUR);
      for (const user of order) t.fire(user);
    }
    const reqs = requestsSince(t.world, sent);
    expect(reqs).toHaveLength(6); // each report once an hour, three hours
    for (const r of reqs) expect(r.key).toBe(r.end === END_A ? KEY_A : KEY_B);
    expect(reqs.filter((r) => r.end === END_A)).toHaveLength(3);
    // The emulator agrees on which app each request hit.
    const hits = (await emu.requests()).slice(emuSeen);
    expect(hits.map((h) => [JSON.parse(h.body).filters.date[1], h.app])).toEqual(
      reqs.map((r) => [r.end, APP_OF.get(r.key)]),
    );

    // Each sheet shows its owner's app: the same numbers a draft run by the owner gets, not the other's.
    t.as(A, 'runReport', { spec: spec(END_A), destination: { kind: 'new_sheet', sheetName: 'checkA' } });
    t.as(B, 'runReport', { spec: spec(END_B), destination: { kind: 'new_sheet', sheetName: 'checkB' } });
    t.as(A, 'runReport', { spec: spec(END_B), destination: { kind: 'new_sheet', sheetName: 'crossB' } });
    expect(t.values('SA')).toEqual(t.values('checkA'));
    expect(t.values('SB')).toEqual(t.values('checkB'));
    expect(t.values('SB')).not.toEqual(t.values('crossB'));
    expect(t.reports().map((r) => [r.name, r.lastRun.status, r.lastRun.trigger])).toEqual([
      ['A mrr', 'ok', 'schedule'],
      ['B mrr', 'ok', 'schedule'],
    ]);

    // The owner is recorded as an id and the key's fingerprint: no 8 characters of either key.
    const text = t.docText();
    for (const key of [KEY_A, KEY_B]) {
      const secret = key.slice('secret_live_'.length);
      for (let i = 0; i + 8 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 8));
    }
  });

  test("another editor's report: a plain Run is refused with a code; run into a copy, or take it over", () => {
    const t = bed();
    const a = t.as(A, 'saveReport', {
      name: 'A mrr',
      spec: spec(END_A),
      destination: { kind: 'sheet', sheetName: 'SA' },
      schedule: 'hourly',
    });
    t.as(A, 'setOwnerName', 'Alice');
    const sent = t.world.http.length;
    const refused = t.fail(B, 'runSavedReport', a.id);
    expect(refused).toMatch(/another editor's Adapty connection \(Alice\)/);
    expect(refused).toMatch(/Run with my key into a copy.*Take it over/);
    expect(refused).toMatch(/\[\[adapty:not_owner\]\]$/);
    expect(t.world.http.length).toBe(sent);
    // Nor may B change it silently.
    expect(t.fail(B, 'saveReport', { id: a.id, name: 'mine now', spec: spec(END_B) })).toMatch(
      /take it over .* before changing it.*\[\[adapty:not_owner\]\]$/,
    );

    // Run with my key into a copy: B's own unscheduled report on a new sheet, with B's app; A's untouched.
    const { report: copy, result } = t.as(B, 'runSavedReportCopy', a.id);
    expect(copy).toMatchObject({ name: 'A mrr (copy)', schedule: null, lastRun: { status: 'ok' } });
    expect(requestsSince(t.world, sent).map((r) => r.key)).toEqual([KEY_B]);
    expect(result.sheetName).toBe('A mrr (copy)');
    const listed = t.reports();
    expect(listed.find((r) => r.id === a.id).owner.name).toBe('Alice');
    expect(listed.find((r) => r.id === copy.id).owner.id).not.toBe(a.owner.id);

    // Take it over: ownership and schedule move to B; A's trigger no longer runs it (and goes).
    const taken = t.as(B, 'takeOverReport', a.id);
    expect(taken.owner.id).toBe(copy.owner.id);
    expect(t.triggersOf(B)).toHaveLength(1);
    const before = t.world.http.length;
    t.world.clock.advance(HOUR);
    t.fire(A);
    expect(t.world.http.length).toBe(before);
    expect(t.triggersOf(A)).toHaveLength(0);
    t.fire(B);
    expect(requestsSince(t.world, before).map((r) => r.key)).toEqual([KEY_B]);
    const ran = t.as(B, 'runSavedReport', a.id);
    expect(ran.sheetName).toBe('SA');
  });

  test("over the user's own cells: the owner is asked before a write, another editor is refused before a request, the trigger writes to a new sheet", () => {
    const t = bed();
    const g = loadBundle(t.world, { mode: 'full', user: A });
    try {
      const plan = (g.globals as Any).SpreadsheetApp.getActiveSpreadsheet().insertSheet('Plan');
      plan.getRange('A1').setValue('keep me');
    } finally {
      g.end();
    }
    const a = t.as(A, 'saveReport', {
      name: 'A plan',
      spec: spec(END_A),
      destination: { kind: 'sheet', sheetName: 'Plan' },
      schedule: 'hourly',
    });
    // Another editor, even with the confirmation, is refused before anything is sent.
    const sent = t.world.http.length;
    expect(t.fail(B, 'runSavedReport', a.id, { confirmReplace: true })).toMatch(/\[\[adapty:not_owner\]\]$/);
    expect(t.world.http.length).toBe(sent);
    // The owner is asked first; nothing is written until they confirm.
    const asked = t.as(A, 'runSavedReport', a.id);
    expect(asked.confirm.message).toMatch(/^Replace 1 non-empty cell/);
    expect(t.values('Plan')[0][0]).toBe('keep me');
    // Nobody to ask at the hourly run: the owner's trigger writes to a new sheet, with the owner's key.
    const before = t.world.http.length;
    t.world.clock.advance(HOUR);
    t.fire(B);
    expect(t.world.http.length).toBe(before);
    t.fire(A);
    expect(requestsSince(t.world, before).map((r) => r.key)).toEqual([KEY_A]);
    expect(t.values('Plan')[0][0]).toBe('keep me');
    const block = t.reports().find((r) => r.id === a.id).block;
    expect(block.sheetName).not.toBe('Plan');
    expect(t.values(block.sheetName)[0][0]).toBe('Period');
  });

  test("the owner's key changed: the trigger refuses with a log row, Run asks first; Use my current key re-pins it", () => {
    const t = bed();
    const a = t.as(A, 'saveReport', {
      name: 'A mrr',
      spec: spec(END_A),
      destination: { kind: 'sheet', sheetName: 'SA' },
      schedule: 'hourly',
    });
    t.as(A, 'saveApiKey', KEY_A2); // another app's key
    const sent = t.world.http.length;
    t.world.clock.advance(HOUR);
    t.fire(A);
    expect(t.world.http.length).toBe(sent);
    expect(t.log().map((r) => [r[1], r[5]])).toEqual([['A mrr', 'skipped']]);
    expect(String(t.log()[0][6])).toMatch(/owner's Adapty key changed.*Use my current key/);
    expect(t.reports()[0].lastRun).toMatchObject({ status: 'error', code: 'key_changed' });
    expect(t.as(A, 'getBootstrap').schedulerStatus).toMatch(/1 refused/);
    // Not retried hourly within the slot, and a plain Run asks first.
    expect(t.fail(A, 'runSavedReport', a.id)).toMatch(
      /different Adapty key of yours.*Use my current key.*\[\[adapty:key_changed\]\]$/,
    );
    expect(t.world.http.length).toBe(sent);
    t.as(A, 'takeOverReport', a.id);
    t.as(A, 'runSavedReport', a.id);
    expect(requestsSince(t.world, sent).map((r) => r.key)).toEqual([KEY_A2]);
  });

  test('reports saved before owners: no trigger refreshes them; one log row per slot says to take it over; a claim fixes it', () => {
    const t = bed();
    const a = t.as(A, 'saveReport', {
      name: 'Old',
      spec: spec(END_A),
      destination: { kind: 'sheet', sheetName: 'SO' },
      schedule: 'daily at 11',
    });
    t.as(B, 'saveReport', { name: 'B, unscheduled', spec: spec(END_B) });
    // As an older version stored it: no owner.
    const store = t.world.documentStore(t.world.spreadsheet().id);
    const legacy = store.data.get('adapty.reports.0')!.replace(/,"owner":\{[^}]*\}/g, '');
    store.apply(new Map([['adapty.reports.0', legacy]]));
    expect(t.reports().every((r) => r.owner === undefined)).toBe(true);

    const sent = t.world.http.length;
    t.world.clock.set(Date.UTC(2026, 10, 28, 10, 20)); // 11:20 in Berlin: the slot is due
    t.fire(B);
    t.fire(A);
    expect(t.world.http.length).toBe(sent);
    expect(t.log().map((r) => [r[1], r[5], r[6]])).toEqual([
      ['Old', 'skipped', expect.stringMatching(/^No owner: open the sidebar and take it over/)],
    ]);
    t.world.clock.advance(HOUR);
    t.fire(A);
    expect(t.log()).toHaveLength(1); // once per slot, not hourly
    expect(t.fail(A, 'runSavedReport', a.id)).toMatch(/has no owner yet.*Take it over.*\[\[adapty:no_owner\]\]$/);
    t.as(A, 'takeOverReport', a.id);
    expect(t.as(A, 'runSavedReport', a.id).sheetName).toBe('SO');
    expect(requestsSince(t.world, sent).map((r) => r.key)).toEqual([KEY_A]);
  });

  test("Refresh all reports now refreshes the clicking user's reports only and says what it skipped", () => {
    const t = bed();
    t.as(A, 'saveReport', { name: 'A mrr', spec: spec(END_A), destination: { kind: 'sheet', sheetName: 'SA' } });
    t.as(B, 'saveReport', { name: 'B mrr', spec: spec(END_B), destination: { kind: 'sheet', sheetName: 'SB' } });
    const sent = t.world.http.length;
    t.as(B, 'refreshAllReportsNow');
    expect(requestsSince(t.world, sent)).toEqual([{ end: END_B, key: KEY_B }]);
    expect(t.world.ui.alerts.at(-1)?.prompt).toMatch(/1 refreshed, 0 failed, 1 refused/);
    expect(t.log().map((r) => [r[1], r[2], r[5]])).toEqual([
      ['A mrr', 'manual', 'skipped'],
      ['B mrr', 'manual', 'ok'],
    ]);
  });
});

test("a report whose owner's hourly run no longer runs it: another editor's run says so once, in the log and on the block's note, and changes nothing else", () => {
  const t = bed();
  t.as(A, 'setOwnerName', 'Ann');
  const id = t.as(A, 'saveReport', {
    name: 'Ann MRR',
    spec: spec(END_A),
    destination: { kind: 'sheet', sheetName: 'Ann' },
    schedule: 'hourly',
  }).id;
  t.as(A, 'runSavedReport', id);
  const before = t.values('Ann');
  const lastRun = t.reports().find((r) => r.id === id).lastRun;
  // Ann has left: her trigger no longer fires. Within the grace, Bea's run says nothing.
  t.world.clock.advance(2 * HOUR);
  t.fire(B);
  expect(t.log().filter((r) => r[1] === 'Ann MRR' && r[5] === 'skipped')).toEqual([]);
  t.world.clock.advance(3 * HOUR);
  t.fire(B);
  const rows = t.log().filter((r) => r[1] === 'Ann MRR' && r[5] === 'skipped');
  expect(rows).toHaveLength(1);
  expect(String(rows[0][6])).toMatch(
    /^Not refreshed since 2026-11-28 10:\d\d: Ann's hourly run has missed it since 2026-11-28 11:00 \(they may have left or lost access\)\. Take it over to refresh it with your key \(Saved reports › Run\)\.$/,
  );
  const note = t.world.sheetSnapshot(undefined, 'Ann').notes[0][0];
  expect(note.split('\n')[0]).toBe(`⚠ ${String(rows[0][6])}`);
  // Once, and nothing else changed: Ann's data, her report's last run, no request with Bea's key for it.
  t.world.clock.advance(HOUR);
  t.fire(B);
  expect(t.log().filter((r) => r[1] === 'Ann MRR' && r[5] === 'skipped')).toHaveLength(1);
  expect(t.values('Ann')).toEqual(before);
  expect(t.reports().find((r) => r.id === id).lastRun).toEqual(lastRun);
});
