/**
 * The demo apps the emulator serves. Each key is one Adapty app with its own seed, size and history.
 * Keys are shaped like real secret keys (`secret_live_` + 8 + `.` + 32 characters) but are fakes:
 * printing them is fine.
 */
import { alnum } from './rng';

export interface DemoApp {
  /** The secret key that selects this app: `secret_live_XXXXXXXX.<32 chars>`. */
  key: string;
  name: string;
  /** Drives every invented number. */
  seed: number;
  /** Installs per day once the app is mature (before trend and seasonality). Default 4000. */
  installsPerDay?: number;
  /** First day with data, `YYYY-MM-DD`. Default 2021-03-01. */
  launchDate?: string;
  /** The app's own zone, used when a request has no `Adapty-Tz` header (API.md §6.7). Default UTC. */
  timeZone?: string;
  /** How many dimension combinations ("cells") the app's users fall into. Default 160. */
  cells?: number;
  /** Store mix. Default ios_first. */
  flavor?: 'ios_first' | 'android_first';
}

/** `secret_live_` + the 8-character head + `.` + 32 deterministic characters. */
export function demoKey(head: string): string {
  if (!/^[A-Za-z0-9]{8}$/.test(head)) throw new Error(`key head must be 8 alphanumerics: ${head}`);
  return `secret_live_${head}.${alnum(`adapty-emulator:${head}`, 32)}`;
}

export const DEMO_APPS: readonly DemoApp[] = [
  {
    key: demoKey('DEMOAPP1'),
    name: 'Demo Fitness Pro',
    seed: 101,
    installsPerDay: 4000,
    launchDate: '2021-03-01',
    timeZone: 'UTC',
    cells: 160,
    flavor: 'ios_first',
  },
  {
    key: demoKey('DEMOAPP2'),
    name: 'Demo Calm Sleep',
    seed: 202,
    installsPerDay: 900,
    launchDate: '2023-06-15',
    timeZone: 'Europe/Berlin',
    cells: 110,
    flavor: 'android_first',
  },
  {
    key: demoKey('DEMOAPP3'),
    name: 'Demo Tiny Startup',
    seed: 303,
    installsPerDay: 60,
    launchDate: '2026-01-12',
    timeZone: 'America/New_York',
    cells: 48,
    flavor: 'ios_first',
  },
];

/** The first demo app's key: the one `npm start` and most tests use. */
export const DEMO_KEY = DEMO_APPS[0].key;

/** Does `key` look like a real secret key? (The emulator serves any key it was given, shaped or not.) */
export function isSecretKeyShape(key: string): boolean {
  return /^secret_live_[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$/.test(key);
}
