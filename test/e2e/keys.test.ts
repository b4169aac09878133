/**
 * Saving a key never breaks a working connection, and a stored key that cannot be a secret key is refused
 * before any request on every path (formulas, sidebar runs, saved-report runs, scheduled runs), with the
 * message the sidebar shows. dist/Code.js in the Apps Script fakes against the emulator in a child process.
 */
import { OWNER, emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { scanSinks } from '../harness/sinks';
import { fromWireError } from '../../src/core/errors';
import type { EmulatorProcess } from '../../emulator/process';
import { keyFingerprint } from '../../src/core/apiKey';

let emu: EmulatorProcess;
let other: string;
useEmulator((e) => {
  emu = e;
  other = emu.apps[1].key;
});

type Any = any;

function bed(stored?: string) {
  const world = emulatedWorld(emu, {
    startTime: Date.UTC(2026, 10, 28, 9, 0),
    timeZone: 'Europe/Berlin',
    keys: stored !== undefined ? { [OWNER]: stored } : {},
  });
  const run = (mode: 'full' | 'trigger' | 'custom_function', name: string, args: unknown[]): Any =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 2000, fromClient: mode === 'full' });
  const fail = (mode: 'full' | 'custom_function', name: string, ...args: unknown[]): string => {
    try {
      run(mode, name, args);
    } catch (e) {
      // What the sidebar shows: the message without the code tag that crosses google.script.run.
      return mode === 'full' ? fromWireError((e as Error).message).message : (e as Error).message;
    }
    throw new Error(`${name} did not fail`);
  };
  return {
    world,
    call: (name: string, ...args: unknown[]) => run('full', name, args),
    fail: (name: string, ...args: unknown[]) => fail('full', name, ...args),
    cfFail: (name: string, ...args: unknown[]) => fail('custom_function', name, ...args),
    trigger: () => run('trigger', 'runScheduledReports', []),
    stored: () => world.userStore(OWNER).data.get('ADAPTY_API_KEY'),
    sent: () => world.http.length,
  };
}

describe('Save tests the key first and never replaces a working key with one that fails', () => {
  test('a key Adapty accepts is saved after one cheap request, with what Adapty answered', () => {
    const t = bed();
    const s = t.call('saveApiKey', `Authorization: Api-Key "${emu.demoKey}"`);
    expect(s.message).toMatch(/^Saved\. Connected\. Adapty answered: [\d,]+ installs yesterday \(2026-11-27\)\.$/);
    expect(t.stored()).toBe(emu.demoKey);
    expect(t.world.http.map((h) => h.headers.Authorization)).toEqual([`Api-Key ${emu.demoKey}`]);
  });

  test('a cut-off or malformed key is refused before any request; the working key stays', () => {
    const t = bed(emu.demoKey);
    expect(t.fail('saveApiKey', other.slice(0, -2))).toMatch(
      /^Secret API key has 30 characters after the dot instead of 32 \(it looks cut off\): copy the whole secret key again/,
    );
    expect(t.fail('saveApiKey', `secret_${other.slice(12)}`)).toMatch(/^Secret API key is not an Adapty secret key/);
    expect(t.fail('saveApiKey', 'public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345')).toMatch(/public SDK key/);
    expect(t.sent()).toBe(0);
    expect(t.stored()).toBe(emu.demoKey);
  });

  test('a key Adapty refuses (401) is not saved: the message says so and that the saved key is kept', () => {
    const t = bed(emu.demoKey);
    const wrong = 'secret_live_WRONGKEY.abcdefghijklmnopqrstuvwxyz012345';
    const m = t.fail('saveApiKey', wrong);
    expect(m).toBe(
      `Adapty did not accept this key (HTTP 401): copy the app's secret key again from Adapty › App settings › General › API keys. The key was not saved. Your saved key (fingerprint …${keyFingerprint(emu.demoKey).slice(-6)}) is kept, so reports and formulas keep working.`,
    );
    expect(t.stored()).toBe(emu.demoKey);
    expect(t.sent()).toBe(1);
    // With nothing saved before, nothing is saved either.
    const fresh = bed();
    expect(fresh.fail('saveApiKey', wrong)).toMatch(/did not accept this key \(HTTP 401\).*The key was not saved\.$/);
    expect(fresh.stored()).toBeUndefined();
    expect(scanSinks(t.world, wrong, { thrown: [m] })).toEqual([]);
  });

  test('Adapty unreachable during the test: a working key is kept (try again); with none saved, the new key is saved untested', async () => {
    await emu.setFaults(other, { queue: Array(12).fill('503') });
    const t = bed(emu.demoKey);
    const m = t.fail('saveApiKey', other);
    expect(m).toMatch(/^The new key could not be tested, so it was not saved: Adapty's server failed .*HTTP 503/);
    expect(m).toMatch(
      /Your saved key \(fingerprint …[0-9a-f]{6}\) is kept, so reports and formulas keep working\. Press Save again in a minute\.$/,
    );
    expect(t.stored()).toBe(emu.demoKey);
    // Nothing to break: saved, with a warning that it is untested.
    await emu.setFaults(other, { queue: Array(12).fill('reset') });
    const fresh = bed();
    const s = fresh.call('saveApiKey', other);
    expect(s.saved).toBe(true);
    expect(s.warning).toMatch(
      /^Saved without a test: Could not reach Adapty .* Press "Test saved key" once Adapty answers\.$/,
    );
    expect(fresh.stored()).toBe(other);
    // Once Adapty answers again, Save goes through.
    await emu.clearFaults();
    expect(t.call('saveApiKey', other).message).toMatch(/^Saved\. Connected/);
    expect(t.stored()).toBe(other);
  });
});

describe('a stored key that cannot be a secret key is refused before any request, with one message', () => {
  const BAD: Array<[string, string, RegExp]> = [
    ['a public SDK key', 'public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345', /it is a public SDK key/],
    ['garbage', 'my adapty key', /it is not an Adapty secret key/],
    ['a cut-off key', 'secret_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz01', /it has 28 characters after the dot/],
  ];
  test.each(BAD)('%s', (_, stored, why) => {
    const t = bed(stored);
    const status = t.call('getBootstrap').key;
    expect(status.saved).toBe(true);
    const message: string = status.warning;
    expect(message).toMatch(/^The saved Adapty API key cannot be used: /);
    expect(message).toMatch(why);
    expect(message).toMatch(/Open Extensions › Adapty › Settings and save the app's secret key/);

    // Formulas
    expect(t.cfFail('ADAPTY_ANALYTICS', 'installs', '2026-11-01', '2026-11-27')).toBe(
      `ADAPTY_ANALYTICS: ${message} Formulas use the key saved by the spreadsheet's owner.`,
    );
    // Sidebar run, saved-report run, Test saved key
    const spec = { endpoint: 'analytics', chart: 'installs', start: 'last_7_days' };
    expect(t.fail('runReport', { spec, destination: { kind: 'new_sheet' } })).toBe(message);
    const saved = t.call('saveReport', {
      name: 'Installs',
      spec,
      destination: { kind: 'sheet', sheetName: 'I' },
      schedule: 'hourly',
    });
    expect(t.fail('runSavedReport', saved.id)).toBe(message);
    expect(t.call('testApiKey', '')).toEqual({ ok: false, message });
    // Scheduled run: logged, never thrown
    t.world.clock.advance(3600e3);
    expect(() => t.trigger()).not.toThrow();
    const log = t.world.sheetSnapshot(undefined, 'Adapty Log').values.slice(1);
    expect(log.map((r) => [r[1], r[2], r[5], r[6]])).toEqual([['Installs', 'schedule', 'error', message]]);

    expect(t.sent()).toBe(0);
  });
});
