/**
 * Which headless Chromium the browser tests drive, so `npm ci && npm test` passes on a machine with only
 * Node: CHROMIUM_PATH when set, else Debian's /usr/bin/chromium when installed, else the one the
 * `@sparticuz/chromium` devDependency ships inside its npm package (brotli-packed, no download).
 *
 * The packed binary is unpacked once into node_modules/.cache/sparticuz-chromium/<version>. Parallel jest
 * workers may all arrive there at once: each unpacks in a child Node process whose TMPDIR is a private
 * folder (the package unpacks into os.tmpdir()), and the finished folder is renamed into place, which is
 * atomic; a worker that loses the race throws its copy away and uses the winner's.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const ROOT = path.join(__dirname, '..', '..');
export const SPARTICUZ_CACHE = path.join(ROOT, 'node_modules', '.cache', 'sparticuz-chromium');

export interface ChromiumChoice {
  source: 'CHROMIUM_PATH' | 'debian' | '@sparticuz/chromium';
  executablePath: string;
  /** Extra environment for the browser process (the packed build's own NSS and other libraries). */
  env: Record<string, string>;
  /** Flags this build needs beyond the common ones. */
  args: string[];
}

export interface ResolveDeps {
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  unpackSparticuz(): ChromiumChoice;
}

export function resolveChromium(
  deps: ResolveDeps = { env: process.env, exists: fs.existsSync, unpackSparticuz },
): ChromiumChoice {
  const explicit = deps.env.CHROMIUM_PATH;
  if (explicit) {
    // A path the developer chose that is wrong should say so, not quietly run another browser.
    if (!deps.exists(explicit)) throw new Error(`CHROMIUM_PATH is ${explicit}, which does not exist`);
    return { source: 'CHROMIUM_PATH', executablePath: explicit, env: {}, args: [] };
  }
  if (deps.exists(DEBIAN_CHROMIUM)) return { source: 'debian', executablePath: DEBIAN_CHROMIUM, env: {}, args: [] };
  return deps.unpackSparticuz();
}

function sparticuzVersion(): string {
  // Its exports hide package.json: find it from the entry point (build/cjs/index.cjs).
  const main = require.resolve('@sparticuz/chromium', { paths: [ROOT] });
  const pkg = path.join(path.dirname(main), '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/** The child's job: unpack chromium, its fonts, SwiftShader and the Amazon Linux 2023 libraries (NSS…). */
const UNPACK = `
process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs20.x'; // makes the package unpack al2023.tar.br (its libs) too
require(require.resolve('@sparticuz/chromium', { paths: [process.argv[1]] }))
  .executablePath()
  .then((p) => process.stdout.write(p), (e) => { console.error(e); process.exit(1); });
`;

/** Unpacks @sparticuz/chromium's binary once (see the header) and says how to run it. */
export function unpackSparticuz(cacheRoot = SPARTICUZ_CACHE): ChromiumChoice {
  const version = sparticuzVersion();
  const dir = path.join(cacheRoot, version);
  const binary = path.join(dir, 'chromium');
  if (!fs.existsSync(binary)) {
    fs.mkdirSync(cacheRoot, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(cacheRoot, `.unpack-${version}-`));
    try {
      execFileSync(process.execPath, ['-e', UNPACK, ROOT], {
        env: { ...process.env, TMPDIR: tmp },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 180_000,
      });
      // The package's fonts.conf looks in /tmp/fonts (Lambda's layout): ours points at the unpacked fonts.
      // Without any font the renderer aborts (Skia's FontConfigInterface "Not implemented").
      fs.mkdirSync(path.join(tmp, 'fontconfig'));
      fs.writeFileSync(path.join(tmp, 'fontconfig', 'fonts.conf'), fontsConf(dir));
      try {
        fs.renameSync(tmp, dir);
      } catch (e) {
        // Another worker renamed its copy first: use that one.
        if (!fs.existsSync(binary)) throw e;
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return {
    source: '@sparticuz/chromium',
    executablePath: binary,
    env: {
      LD_LIBRARY_PATH: [path.join(dir, 'al2023', 'lib'), dir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_PATH: path.join(dir, 'fontconfig'),
    },
    // It is a chrome-headless-shell build for serverless hosts: no zygote process.
    args: ['--no-zygote'],
  };
}

function fontsConf(dir: string): string {
  return [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>`,
    `  <cachedir>${path.join(dir, 'fontconfig', 'cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
}
