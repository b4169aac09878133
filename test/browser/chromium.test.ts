/**
 * Which Chromium the browser tests drive (chromium.ts): the order CHROMIUM_PATH > Debian's > the npm
 * package's, and the package's binary unpacked once, runnable, and safe to unpack from parallel workers.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEBIAN_CHROMIUM, resolveChromium, unpackSparticuz, type ChromiumChoice } from './chromium';

const packed: ChromiumChoice = { source: '@sparticuz/chromium', executablePath: '/cache/chromium', env: {}, args: [] };
const pick = (env: NodeJS.ProcessEnv, files: string[]) =>
  resolveChromium({ env, exists: (f) => files.includes(f), unpackSparticuz: () => packed });

describe('the order', () => {
  test('CHROMIUM_PATH wins over Debian’s chromium', () => {
    const c = pick({ CHROMIUM_PATH: '/opt/chrome/chrome' }, ['/opt/chrome/chrome', DEBIAN_CHROMIUM]);
    expect(c).toMatchObject({ source: 'CHROMIUM_PATH', executablePath: '/opt/chrome/chrome' });
  });

  test('a CHROMIUM_PATH that does not exist is an error naming it, not another browser', () => {
    expect(() => pick({ CHROMIUM_PATH: '/nope/chrome' }, [DEBIAN_CHROMIUM])).toThrow(
      'CHROMIUM_PATH is /nope/chrome, which does not exist',
    );
  });

  test('Debian’s chromium when it is installed and CHROMIUM_PATH is unset', () => {
    expect(pick({}, [DEBIAN_CHROMIUM])).toMatchObject({ source: 'debian', executablePath: DEBIAN_CHROMIUM });
  });

  test('the npm package’s when neither is there', () => {
    expect(pick({ CHROMIUM_PATH: '' }, [])).toBe(packed);
  });
});

describe('@sparticuz/chromium', () => {
  test('unpacks into node_modules/.cache and runs with its own libraries', () => {
    const c = unpackSparticuz();
    expect(c.executablePath).toMatch(/node_modules\/\.cache\/sparticuz-chromium\/[\d.]+\/chromium$/);
    const libs = c.env.LD_LIBRARY_PATH.split(':');
    expect(libs.some((d) => fs.existsSync(path.join(d, 'libnss3.so')))).toBe(true);
    const out = execFileSync(c.executablePath, ['--version'], { env: { ...process.env, ...c.env } });
    expect(out.toString()).toMatch(/^Chromium \d+\./);
  });

  test('two workers unpacking at once both get the one finished copy', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sparticuz-race-'));
    try {
      const script = `process.stdout.write(require(${JSON.stringify(require.resolve('./chromium'))}).unpackSparticuz(${JSON.stringify(root)}).executablePath)`;
      const tsx = require.resolve('tsx/cjs');
      const run = () => promisify(execFile)(process.execPath, ['--require', tsx, '-e', script], { timeout: 170_000 });
      const [a, b] = await Promise.all([run(), run()]);
      expect(a.stdout).toBe(b.stdout);
      expect(fs.existsSync(a.stdout)).toBe(true);
      // No half-unpacked folder is left behind, only the version's.
      expect(fs.readdirSync(root)).toEqual([path.basename(path.dirname(a.stdout))]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
