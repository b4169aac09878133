/** `npm start` opens on the real time (issue 12), not the test bed's fixed 2026-11-28 09:00. */
import { startPlayground } from './server';
import { startOptions } from './startOptions';

test('the command line becomes the playground options: port, locale, --fast', () => {
  const now = Date.UTC(2027, 0, 15, 12, 0);
  expect(startOptions([], {}, now)).toMatchObject({ port: 8080, locale: 'en_US', realTime: true, startTime: now });
  expect(startOptions(['--port', '9000', '--locale=de_DE', '--fast'], {}, now)).toMatchObject({
    port: 9000,
    locale: 'de_DE',
    realTime: false,
  });
  expect(startOptions([], { PORT: '7001' }, now).port).toBe(7001);
});

test("the playground started with npm start's options says the real time as its Now", async () => {
  const realNow = Date.now();
  const { port: _port, ...opts } = startOptions(['--fast'], {}, realNow);
  const pg = await startPlayground({ ...opts, port: 0 });
  try {
    const state = (await (await fetch(new URL('/state', pg.url))).json()) as { now: string };
    const shown = Date.parse(state.now);
    expect(Math.abs(shown - realNow)).toBeLessThan(60_000);
    // Not the fakes' fixed start: the point of the option.
    expect(state.now.startsWith('2026-11-28T09:00')).toBe(false);
  } finally {
    await pg.close();
  }
}, 60_000);
