/** The connection: save, test and remove the API key through dist/Code.js against the emulator. */
import type { World } from '../fakes';
import { emulatedWorld, runOnce, useEmulator } from '../harness/bed';
import { failure } from '../harness/testUtils';
import type { EmulatorProcess } from '../../emulator/process';
import { keyFingerprint } from '../../src/core/apiKey';

let emu: EmulatorProcess;
useEmulator((e) => (emu = e), { reset: false });

function bed(): { world: World; call: (name: string, ...args: unknown[]) => any } {
  const world = emulatedWorld(emu, { startTime: Date.UTC(2026, 10, 28, 9, 0), timeZone: 'Europe/Berlin' });
  return {
    world,
    call: (name, ...args) => runOnce(world, 'full', name, args, { advanceMs: 2000, fromClient: true }),
  };
}

test('a public SDK key, an empty key and a non-key are refused, and nothing is stored or sent', () => {
  const t = bed();
  expect(failure(() => t.call('saveApiKey', 'public_live_abcdefgh.1234567890abcdefghij'))).toMatch(
    /public SDK key .* needs the app's secret key/,
  );
  expect(failure(() => t.call('saveApiKey', '   '))).toMatch(/^Secret API key is empty/);
  expect(failure(() => t.call('saveApiKey', 'hello world'))).toMatch(/spaces/);
  expect(t.world.userStore('owner@example.com').toObject()).toEqual({});
  expect(t.world.http).toHaveLength(0);
});

test('save shows the key masked, test answers from Adapty, remove forgets it', () => {
  const t = bed();
  const saved = t.call('saveApiKey', `  ${emu.demoKey}  `);
  expect(saved).toEqual({
    saved: true,
    masked: `fingerprint …${keyFingerprint(emu.demoKey).slice(-6)}`,
    message: expect.stringMatching(/^Saved\. Connected\. Adapty answered: [\d,]+ installs yesterday/),
  });
  expect(JSON.stringify(saved)).not.toContain(emu.demoKey);
  const tested = t.call('testApiKey', '');
  expect(tested.ok).toBe(true);
  expect(tested.message).toMatch(/^Connected\. Adapty answered: [\d,]+ installs yesterday \(2026-11-27\)\.$/);
  expect(t.world.http).toHaveLength(2); // Save's own test, then Test
  expect(t.world.http[1].headers['Adapty-Tz']).toBe('Europe/Berlin');
  expect(t.call('removeApiKey')).toEqual({ saved: false });
  expect(t.call('testApiKey', '').message).toMatch(/No key to test/);
});

test('a wrong key is reported as such, without echoing it', () => {
  const t = bed();
  const wrong = 'secret_live_WRONGKEY.abcdefghijklmnopqrstuvwxyz012345';
  const r = t.call('testApiKey', wrong);
  expect(r.ok).toBe(false);
  expect(r.message).toMatch(/did not accept the API key \(HTTP 401\)/);
  expect(r.message).not.toContain('WRONGKEY');
  expect(t.world.userStore('owner@example.com').toObject()).toEqual({});
});
