/**
 * The sidebar's only way to the server: a typed promise client over `google.script.run`, typed by the one
 * list of server functions (src/shared/serverApi.ts). At most 10 calls may be in flight in Apps Script;
 * extra calls wait their turn here.
 */
import type { ServerApi } from '../src/shared/serverApi';

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

/** Apps Script prefixes thrown errors' messages ("Exception: …", "Error: …"); users need only the message. */
export function errorMessage(e: unknown): string {
  const raw =
    e instanceof Error
      ? e.message
      : typeof e === 'string'
        ? e
        : e && typeof e === 'object' && 'message' in e
          ? String((e as { message: unknown }).message)
          : '';
  const msg = raw.replace(/^(?:(?:Exception|Error|ValidationError|AdaptyError|TypeError|ScriptError):\s*)+/, '').trim();
  return msg || 'The server did not answer. Check your connection and try again.';
}

export class ServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerError';
  }
}

/** Calls a server function; resolves with its result, rejects with a ServerError holding a readable message. */
export async function call<K extends keyof ServerApi>(
  name: K,
  ...args: Parameters<ServerApi[K]>
): Promise<ReturnType<ServerApi[K]>> {
  const run = window.google?.script?.run;
  if (!run)
    throw new ServerError(
      'This page must be opened from the spreadsheet (Extensions › Adapty): the connection to Apps Script is missing.',
    );
  await slot();
  try {
    return await new Promise<ReturnType<ServerApi[K]>>((resolve, reject) => {
      const runner = run
        .withSuccessHandler((v) => resolve(v as ReturnType<ServerApi[K]>))
        .withFailureHandler((e) => reject(new ServerError(errorMessage(e))));
      const fn = runner[name];
      if (typeof fn !== 'function') {
        reject(new ServerError(`The server function ${name} is not available.`));
        return;
      }
      (fn as (...a: unknown[]) => void).apply(runner, args);
    });
  } finally {
    release();
  }
}
