/**
 * Browser-test helpers: a headless Chromium (see chromium.ts for which one) driven by playwright-core (no
 * downloaded browsers), offline-friendly flags, a fresh profile per launch; screenshots into
 * test-artifacts/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../scripts/playground/server';
import { resolveChromium, type ChromiumChoice } from './chromium';

export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Dialogs (alert/confirm/prompt) any frame opened. */
  dialogs: string[];
  /** Uncaught errors in any frame. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'adapty-chromium-'));
  let context: BrowserContext;
  try {
    context = await launchIn(profile, resolveChromium());
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    context,
    page,
    dialogs,
    pageErrors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function launchIn(profile: string, browser: ChromiumChoice): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: { ...process.env, ...browser.env },
    headless: true,
    timeout: 60_000,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...browser.args,
    ],
  });
}

let shot = 0;
/** Saves a screenshot of the whole page (or of the sidebar frame only). */
export async function screenshot(page: Page, name: string, opts: { sidebarOnly?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${String(++shot).padStart(2, '0')}-${name}.png`);
  if (opts.sidebarOnly) {
    const frame = page.frame({ name: 'sidebar' });
    const h = frame ? await frame.evaluate(() => document.documentElement.scrollHeight) : 900;
    const iframe = page.locator('#sidebar');
    await iframe.evaluate((el, height) => {
      (el as HTMLIFrameElement).style.height = `${height}px`;
      (el as HTMLIFrameElement).style.flex = 'none';
    }, h);
    await iframe.screenshot({ path: file });
    await iframe.evaluate((el) => {
      (el as HTMLIFrameElement).style.height = '';
      (el as HTMLIFrameElement).style.flex = '';
    });
  } else {
    await page.screenshot({ path: file });
  }
  return file;
}

export function sidebar(page: Page): FrameLocator {
  return page.frameLocator('#sidebar');
}

/** Polls `fn` until it returns a truthy value (for state that changes outside the browser). */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Registers the suite's playground and browser: both started together and each kept as soon as it starts,
 * so afterAll closes whichever did even when the other failed (a playground left listening would keep jest
 * from exiting). `clean` (default) makes every test fail that leaves an uncaught page error or a dialog.
 * `ready` receives both once started, before any test.
 */
export function usePlayground(
  ready: (pg: Playground, br: Browser) => void | Promise<void>,
  opts: { clean?: boolean } = {},
): void {
  let pg: Playground | undefined;
  let br: Browser | undefined;
  beforeAll(async () => {
    const [p, b] = await Promise.allSettled([startPlayground({ port: 0 }), launch()]);
    if (p.status === 'fulfilled') pg = p.value;
    if (b.status === 'fulfilled') br = b.value;
    for (const r of [p, b]) if (r.status === 'rejected') throw r.reason;
    await ready(pg!, br!);
  });
  afterAll(async () => {
    await br?.close();
    await pg?.close();
  });
  if (opts.clean !== false)
    afterEach(() => {
      expect(br?.pageErrors).toEqual([]);
      expect(br?.dialogs).toEqual([]);
    });
}
