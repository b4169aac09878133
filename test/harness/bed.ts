/**
 * The e2e test bed: the emulator in a child process for a test file, a World wired to it (base URL, saved
 * keys, the built sidebar), one execution of the built bundle at a time, and the sheets it leaves.
 * Each e2e file composes its own `bed()` from these, with the calls its tests need.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorld, type World, type WorldOptions } from '../fakes';
import type { ExecutionMode, ExecutionOptions } from '../fakes/execution';
import { loadBundle } from './bundle';
import { startEmulatorProcess, type EmulatorProcess } from '../../emulator/process';

export const OWNER = 'owner@example.com';
export const EDITOR = 'editor@example.com';
/** 2026-11-28 10:00 in Berlin. */
export const START = Date.UTC(2026, 10, 28, 9, 0);
export const HOUR = 3600e3;
export const KEY_PROPERTY = 'ADAPTY_API_KEY';

/**
 * Starts the emulator before the file's tests and stops it after; `ready` receives it. Unless
 * `reset: false`, its requests, faults and rate limits are cleared before each test.
 */
export function useEmulator(ready: (emu: EmulatorProcess) => void, opts: { reset?: boolean } = {}): void {
  let emu: EmulatorProcess | undefined;
  beforeAll(async () => {
    emu = await startEmulatorProcess();
    ready(emu);
  }, 60000);
  afterAll(async () => {
    await emu?.close();
  });
  if (opts.reset !== false)
    beforeEach(async () => {
      await emu?.reset();
    });
}

/** The built sidebar page (dist/Sidebar.html). */
export function sidebarHtml(): string {
  return readFileSync(join(__dirname, '..', '..', 'dist', 'Sidebar.html'), 'utf8');
}

export interface BedWorldOptions extends WorldOptions {
  /** API keys to save, by user (their user store's ADAPTY_API_KEY). */
  keys?: Record<string, string>;
  /** Serve the built sidebar as the `Sidebar` file. */
  sidebar?: boolean;
}

/** A World whose add-on talks to the emulator, with the given keys saved. */
export function emulatedWorld(emu: EmulatorProcess, opts: BedWorldOptions = {}): World {
  const { keys, sidebar, ...worldOpts } = opts;
  const world = createWorld(sidebar ? { files: { Sidebar: sidebarHtml() }, ...worldOpts } : worldOpts);
  world.scriptProperties.apply(new Map([['ADAPTY_API_BASE_URL', emu.url]]));
  for (const [user, key] of Object.entries(keys ?? {})) world.userStore(user).apply(new Map([[KEY_PROPERTY, key]]));
  return world;
}

export interface RunOptions {
  /** Virtual ms the clock moves before the execution starts (a user's pace). */
  advanceMs?: number;
  /** Call as google.script.run would (the sidebar's rules for names, arguments and results). */
  fromClient?: boolean;
}

/** One execution: loads the bundle, calls `name`, and ends it (its locks released) whatever happens. */
export function runOnce(
  world: World,
  exec: ExecutionMode | ExecutionOptions,
  name: string,
  args: unknown[],
  opts: RunOptions = {},
): any {
  if (opts.advanceMs) world.clock.advance(opts.advanceMs);
  const b = loadBundle(world, exec);
  try {
    return opts.fromClient ? b.callFromClient(name, ...args) : b.call(name, ...args);
  } finally {
    b.end();
  }
}

/** The values of a sheet of the active spreadsheet. */
export const sheetValues = (world: World, name: string): unknown[][] => world.sheetSnapshot(undefined, name).values;

/** Data rows of the Adapty Log sheet ([] while there is none). */
export function logRows(world: World): unknown[][] {
  if (!world.spreadsheet().sheets.some((s) => s.name === 'Adapty Log')) return [];
  return sheetValues(world, 'Adapty Log')
    .slice(1)
    .filter((r) => r[0] !== '');
}

/**
 * One user (OWNER, with the emulator's demo key) in a Berlin spreadsheet: the calls most e2e files need,
 * each one execution of the built bundle, two virtual seconds apart.
 */
export function ownerBed(emu: EmulatorProcess, opts: BedWorldOptions = {}) {
  const world: World = emulatedWorld(emu, {
    startTime: START,
    timeZone: 'Europe/Berlin',
    keys: { [OWNER]: emu.demoKey },
    ...opts,
  });
  const run = (mode: 'full' | 'trigger', name: string, args: unknown[]) =>
    runOnce(world, { mode, user: OWNER }, name, args, { advanceMs: 2000 });
  const t = {
    world,
    call: (name: string, ...args: unknown[]): any => run('full', name, args),
    /** The hourly trigger, an hour later (no active spreadsheet, nobody to ask). */
    fire: () => {
      world.clock.advance(HOUR);
      run('trigger', 'runScheduledReports', []);
    },
    /** What a user does by hand in the spreadsheet. */
    ss: (): any => world.execution('full').globals.SpreadsheetApp.getActiveSpreadsheet(),
    sheet: (name: string): any => t.ss().getSheetByName(name),
    values: (name: string) => sheetValues(world, name),
    sheets: () => world.spreadsheet().sheets.map((s) => s.name),
    report: (id: string): any => (run('full', 'listReports', []) as any[]).find((r) => r.id === id),
    log: () => logRows(world),
  };
  return t;
}
