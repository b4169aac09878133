/** Sidebar server functions for the connection: save, test and remove the API key. */
import { KEY_WHERE } from '../core/apiKey';
import { checkApiKey, maskKey, savedKeyProblem, usableKey } from '../core/apiKey';
import { AdaptyError, ValidationError, isAdaptyError, quote } from '../core/errors';
import { removeFromBook } from '../core/connections';
import { deleteApiKey, readApiKey, readConnections, writeApiKey, writeConnections } from '../adapters/settingsStore';
import { currentEnv, type Env } from '../services/env';
import { fetchReport } from '../services/reportFetcher';
import type { Table } from '../core/table';
import { apiKeyInput } from '../core/sidebarInput';

const TEST_BUDGET_MS = 20000;

export interface KeyStatus {
  saved: boolean;
  /** A fixed prefix and the last 4 characters only. */
  masked?: string;
  warning?: string;
  /** What Save did (saveApiKey only): tested and saved, or saved untested. */
  message?: string;
}

export interface TestKeyResult {
  ok: boolean;
  message: string;
}

export function keyStatus(): KeyStatus {
  const stored = readApiKey();
  if (!stored) return { saved: false };
  const masked = maskKey(usableKey(stored));
  const problem = savedKeyProblem(stored);
  if (problem) return { saved: true, masked, warning: problem };
  const warning = checkApiKey(stored).warning;
  return warning ? { saved: true, masked, warning } : { saved: true, masked };
}

/**
 * Saves a key only once Adapty has accepted it, so Save never breaks a working connection:
 * - Adapty answers the test: the key is saved.
 * - Adapty refuses it (401/403): nothing is saved; a saved key is kept, and the message says so.
 * - The test cannot run (network, 5xx, rate limit, an odd answer): a working saved key is not swapped for
 *   an untested one (the message says to press Save again); with no usable saved key there is nothing
 *   to break, so the new key is saved with a warning that it is untested.
 * A shape that cannot be a secret key is refused before any request (checkApiKey).
 */
export function saveApiKey(raw: string): KeyStatus {
  const checked = checkApiKey(apiKeyInput(raw, false));
  // This field is the default connection's key: another connection's key here would be one app twice.
  const twin = readConnections().others.find((c) => usableKey(c.key) === checked.key);
  if (twin)
    throw new ValidationError(
      'api_key',
      `This key is already saved as the connection ${quote(twin.name)}: one connection per app. Make ${quote(twin.name)} the default instead.`,
    );
  const env = currentEnv();
  const old = env.apiKey && !savedKeyProblem(env.apiKey) ? usableKey(env.apiKey) : null;
  const kept = old ? ` Your saved key (${maskKey(old)}) is kept, so reports and formulas keep working.` : '';
  const probe = tryKey(checked.key, env);
  if (probe.ok) {
    writeApiKey(checked.key);
    return { ...keyStatus(), message: `Saved. ${probe.message}` };
  }
  const e = probe.error;
  if (e.code === 'auth') {
    throw new AdaptyError(
      'auth',
      `Adapty did not accept this key${e.status ? ` (HTTP ${e.status})` : ''}: copy the app's secret key again from ${KEY_WHERE}. The key was not saved.${kept}`,
      e.status,
    );
  }
  if (old) {
    throw new AdaptyError(
      e.code,
      `The new key could not be tested, so it was not saved: ${e.message}${kept} Press Save again in a minute.`,
      e.status,
    );
  }
  writeApiKey(checked.key);
  const warning = `Saved without a test: ${e.message} Press "Test saved key" once Adapty answers.`;
  return { ...keyStatus(), warning, message: warning };
}

/**
 * Removes the default connection's key. With other connections saved, the next one becomes the default
 * (as removing the default connection does), so reports and formulas without app= keep working with it.
 */
export function removeApiKey(): KeyStatus {
  const book = readConnections();
  if (!book.default) {
    deleteApiKey();
    return keyStatus();
  }
  const gone = book.default.name;
  const defaultName = removeFromBook(book, book.default);
  writeConnections(book, defaultName);
  if (!book.default) return keyStatus();
  return {
    ...keyStatus(),
    message: `Removed ${quote(gone)}'s key. ${quote(book.default.name)} is the default connection now.`,
  };
}

/** One cheap request: yesterday's installs. Tests the given key, or the saved one when empty. */
export function testApiKey(key: string): TestKeyResult {
  key = apiKeyInput(key, true);
  const env = currentEnv();
  let apiKey = env.apiKey;
  if (key && key.trim()) apiKey = checkApiKey(key).key;
  if (!apiKey) return { ok: false, message: 'No key to test: paste your secret key first.' };
  const probe = tryKey(apiKey, env);
  return probe.ok ? probe : { ok: false, message: probe.error.message };
}

export function tryKey(apiKey: string, env: Env): { ok: true; message: string } | { ok: false; error: AdaptyError } {
  try {
    const r = fetchReport(
      { endpoint: 'analytics', chart: 'installs', start: 'yesterday', params: { period_unit: 'day' } },
      { ...env, apiKey },
      { caller: 'sidebar', budgetMs: TEST_BUDGET_MS, cacheSeconds: 0 },
    );
    const installs = installsIn(r.table);
    return {
      ok: true,
      message: `Connected. Adapty answered: ${installs === null ? 'no installs reported' : installs.toLocaleString('en-US') + ' installs'} yesterday (${r.built.range?.[0]}).`,
    };
  } catch (e) {
    return {
      ok: false,
      error: isAdaptyError(e) ? e : new AdaptyError('internal', 'The test failed unexpectedly.'),
    };
  }
}

/** The first count column, summed over the dated rows (summary rows have no period). */
function installsIn(table: Table): number | null {
  const col = table.columns.findIndex((c) => c.kind === 'integer' || c.kind === 'number');
  if (col < 0) return null;
  let sum: number | null = null;
  for (const row of table.rows)
    if (row[0] !== null && row[0] !== '' && typeof row[col] === 'number') sum = (sum ?? 0) + row[col];
  return sum;
}
