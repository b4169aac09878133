/** Small helpers for talking to the emulator over real HTTP in tests (and scripts). */
import { API_PREFIX } from '../src/catalog/catalog';
import type { Emulator } from './server';

export interface CallOptions {
  key?: string | null;
  tz?: string | null;
  headers?: Record<string, string>;
  method?: string;
  /** Raw body text instead of JSON.stringify(body). */
  raw?: string;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: any;
}

/** POSTs `body` to `path` (relative to the API prefix, e.g. `metrics/analytics/`). */
export async function call(emu: Emulator, path: string, body: unknown, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...o.headers };
  const key = o.key === undefined ? emu.demoKey : o.key;
  if (key !== null) headers.Authorization = `Api-Key ${key}`;
  const tz = o.tz === undefined ? 'UTC' : o.tz;
  if (tz !== null) headers['Adapty-Tz'] = tz;
  const res = await fetch(emu.url + (path.startsWith('/') ? path : API_PREFIX + path), {
    method: o.method ?? 'POST',
    headers,
    body: o.method === 'GET' ? undefined : (o.raw ?? JSON.stringify(body)),
    signal: o.signal,
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A virtual clock for the X-Emulator-Virtual protocol: each call advances it by `stepMs`. */
export function virtualClock(startMs = 1_700_000_000_000, stepMs = 600) {
  let now = startMs;
  return {
    headers(extra: Record<string, string> = {}): Record<string, string> {
      now += stepMs;
      return { 'X-Emulator-Virtual': '1', 'X-Emulator-Now': String(now), ...extra };
    },
    now: () => now,
  };
}

/** Dollars to integer cents (for exact sums of money). */
export const cents = (x: number): number => Math.round(x * 100);
