/**
 * The sidebar's only way to the server: a promise client over `google.script.run`, typed by the server's
 * own module (`SidebarApi` = typeof the functions src/entry/sidebarApi.ts publishes). At most 10 calls may
 * be in flight in Apps Script; extra calls wait their turn here.
 */
import { fromWireError, type AdaptyErrorCode } from '../src/core/errors';
import type { SidebarApi } from '../src/entry/sidebarApi';

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: unknown) => void): ScriptRun;
  [name: string]: unknown;
}

declare global {
  interface Window {
    google?: { script?: { run?: ScriptRun; host?: { close(): void } } };
  }
}

const MAX_IN_FLIGHT = 8;
let inFlight = 0;
const waiting: (() => void)[] = [];

function slot(): Promise<void> {
  if (inFlight < MAX_IN_FLIGHT) {
    inFlight++;
    return Promise.resolve();
  }
  return new Promise((resolve) =>
    waiting.push(() => {
      inFlight++;
      resolve();
    }),
  );
}

function release(): void {
  inFlight--;
  const next = waiting.shift();
  if (next) next();
}

/** A failed server call: the server's message, and the code and field it sent (src/core/errors.ts). */
export class ServerError extends Error {
  readonly code: AdaptyErrorCode;
  readonly field?: string;
  constructor(message: string, code: AdaptyErrorCode = 'internal', field?: string) {
    super(message);
    this.name = 'ServerError';
    this.code = code;
    this.field = field;
  }
}

/** The failure handler receives an Error (or, from some hosts, a string). */
export function toServerError(e: unknown): ServerError {
  const raw =
    e instanceof Error
      ? e.message
      : typeof e === 'string'
        ? e
        : e && typeof e === 'object' && 'message' in e
          ? String(e.message)
          : '';
  const w = fromWireError(raw);
  return new ServerError(
    w.message || 'The server did not answer. Check your connection and try again.',
    w.code,
    w.field,
  );
}

type Fn<K extends keyof SidebarApi> = SidebarApi[K] extends (...args: infer A) => infer R ? (...args: A) => R : never;

/** Calls a server function; resolves with its result, rejects with a ServerError. */
export async function call<K extends keyof SidebarApi>(
  name: K,
  ...args: Parameters<Fn<K>>
): Promise<ReturnType<Fn<K>>> {
  const run = window.google?.script?.run;
  if (!run)
    throw new ServerError(
      'This page must be opened from the spreadsheet (Extensions › Adapty): the connection to Apps Script is missing.',
    );
  await slot();
  try {
    return await new Promise<ReturnType<Fn<K>>>((resolve, reject) => {
      const runner = run
        .withSuccessHandler((v) => resolve(v as ReturnType<Fn<K>>))
        .withFailureHandler((e) => reject(toServerError(e)));
      const fn = runner[name as string];
      if (typeof fn !== 'function') {
        reject(new ServerError(`The server function ${String(name)} is not available.`));
        return;
      }
      (fn as (...a: unknown[]) => void).apply(runner, args);
    });
  } finally {
    release();
  }
}
