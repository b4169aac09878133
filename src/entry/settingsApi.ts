/** Sidebar server functions for the connection: save, test and remove the API key. */
import { checkApiKey, maskKey } from '../core/apiKey';
import { isAdaptyError } from '../core/errors';
import { deleteApiKey, readApiKey, writeApiKey } from '../adapters/settingsStore';
import { currentEnv } from '../services/env';
import { fetchReport } from '../services/reportFetcher';
import type { Table } from '../core/table';
import { apiKeyInput } from '../core/sidebarInput';

export interface KeyStatus {
  saved: boolean;
  /** Prefix and last 4 characters only. */
  masked?: string;
  warning?: string;
}

export interface TestKeyResult {
  ok: boolean;
  message: string;
}

export function keyStatus(): KeyStatus {
  const key = readApiKey();
  if (!key) return { saved: false };
  let warning: string | undefined;
  try {
    warning = checkApiKey(key).warning;
  } catch {
    warning = 'The saved key does not look like an Adapty secret key; save it again.';
  }
  return { saved: true, masked: maskKey(key), warning };
}

export function saveApiKey(key: string): KeyStatus {
  key = apiKeyInput(key, false);
  const checked = checkApiKey(key);
  writeApiKey(checked.key);
  return { ...keyStatus(), warning: checked.warning };
}

export function removeApiKey(): KeyStatus {
  deleteApiKey();
  return keyStatus();
}

/** One cheap request: yesterday's installs. Tests the given key, or the saved one when empty. */
export function testApiKey(key: string): TestKeyResult {
  key = apiKeyInput(key, true);
  const env = currentEnv();
  let apiKey = env.apiKey;
  if (key && key.trim()) apiKey = checkApiKey(key).key;
  if (!apiKey) return { ok: false, message: 'No key to test: paste your secret key first.' };
  try {
    const r = fetchReport(
      { endpoint: 'analytics', chart: 'installs', start: 'yesterday', params: { period_unit: 'day' } },
      { ...env, apiKey },
      { caller: 'sidebar', budgetMs: 20000, cacheSeconds: 0 },
    );
    const installs = installsIn(r.table);
    return {
      ok: true,
      message: `Connected. Adapty answered: ${installs === null ? 'no installs reported' : installs.toLocaleString('en-US') + ' installs'} yesterday (${r.built.range?.[0]}).`,
    };
  } catch (e) {
    return { ok: false, message: isAdaptyError(e) ? e.message : 'The test failed unexpectedly.' };
  }
}

/** The first count column, summed over the dated rows (summary rows have no period). */
function installsIn(table: Table): number | null {
  const col = table.columns.findIndex((c) => c.kind === 'integer' || c.kind === 'number');
  if (col < 0) return null;
  let sum: number | null = null;
  for (const row of table.rows)
    if (row[0] !== null && row[0] !== '' && typeof row[col] === 'number') sum = (sum ?? 0) + (row[col] as number);
  return sum;
}
