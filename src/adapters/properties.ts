/**
 * Every property the add-on stores, named in one place, with the store it lives in and how much it may
 * hold (Apps Script: 9 KB a value, 500 KB a store). Settings a person may set by hand (the key through the
 * sidebar, the base URL in the script's properties for the emulator) keep their documented UPPER_CASE
 * names; the add-on's own bookkeeping lives under `adapty.`.
 *
 * The API key lives only in the user's store: never document or script properties (which every editor of
 * the file, or every user of the add-on, could read).
 */
import { AdaptyError } from '../core/errors';
import { utf8Length } from '../core/propertyChunks';

export type PropertyScope = 'user' | 'document' | 'script';

export interface StoredProperty {
  scope: PropertyScope;
  /** The property's name; a per-spreadsheet entry appends `.<spreadsheet id>`. */
  name: string;
  /** UTF-8 bytes its value may hold (a property holds 9 KB with its name). */
  maxBytes: number;
}

export const STORED = {
  /** The user's Adapty secret key. */
  apiKey: { scope: 'user', name: 'ADAPTY_API_KEY', maxBytes: 300 },
  /**
   * The user's other named connections (issue 15) and the default's name: JSON {defaultName, others:
   * [{name, key}]}, at most CONNECTIONS.max (src/catalog/connections.ts). Keys, so the user's store only.
   */
  connections: { scope: 'user', name: 'adapty.connections', maxBytes: 2000 },
  /** Base URL override (the local emulator); set by hand in the script's properties. */
  baseUrl: { scope: 'script', name: 'ADAPTY_API_BASE_URL', maxBytes: 300 },
  /** Which view the next sidebar opens on (the menu's Settings item). */
  sidebarView: { scope: 'user', name: 'adapty.sidebarView', maxBytes: 20 },
  /** The sidebar's last draft, per spreadsheet, so reopening the sidebar keeps the form. */
  lastSpec: { scope: 'user', name: 'adapty.lastSpec', maxBytes: 8500 },
  /** Saved reports: one JSON list split across numbered entries (src/core/propertyChunks.ts). */
  reports: { scope: 'document', name: 'adapty.reports', maxBytes: 8500 },
  /** The spreadsheet the saved reports belong to (a copy of the file carries them along). */
  spreadsheetId: { scope: 'document', name: 'adapty.spreadsheetId', maxBytes: 200 },
  /**
   * The scheduled refresh's last status line per user (each user's trigger runs their own reports), shown
   * in their sidebar, and when a "nothing can run" notice was last logged: JSON, the 8 most recent users.
   */
  schedulerStatus: { scope: 'document', name: 'adapty.scheduler.status', maxBytes: 8000 },
  /** This user's random id, the owner id on the reports they own (src/adapters/userIdentity.ts). */
  userId: { scope: 'user', name: 'adapty.userId', maxBytes: 40 },
  /** The name this user shows other editors on the reports they own. */
  ownerName: { scope: 'user', name: 'adapty.ownerName', maxBytes: 200 },
} as const satisfies Record<string, StoredProperty>;

/** Apps Script's quotas: 9 KB a value (its key counted), 500 KB a store (https://developers.google.com/apps-script/guides/services/quotas). */
export const STORE_LIMITS = { valueBytes: 9 * 1024, storeBytes: 500 * 1024 } as const;

/** Bytes a store takes as Google counts them: UTF-8 of every key plus its value. */
export function storeBytes(all: Record<string, string>): number {
  let n = 0;
  for (const k of Object.keys(all)) n += utf8Length(k) + utf8Length(all[k]);
  return n;
}

/** Room kept free in the document store for the add-on's other document properties (id, status). */
export function reservedDocumentBytes(except: StoredId): number {
  let n = 0;
  for (const id of Object.keys(STORED) as StoredId[]) {
    const def = STORED[id];
    if (def.scope === 'document' && id !== except) n += utf8Length(def.name) + def.maxBytes;
  }
  return n;
}

export type StoredId = keyof typeof STORED;

export function propertiesOf(scope: PropertyScope): GoogleAppsScript.Properties.Properties {
  if (scope === 'user') return PropertiesService.getUserProperties();
  if (scope === 'document') return PropertiesService.getDocumentProperties();
  return PropertiesService.getScriptProperties();
}

function nameOf(id: StoredId, suffix?: string): string {
  return suffix ? `${STORED[id].name}.${suffix}` : STORED[id].name;
}

export function readProperty(id: StoredId, suffix?: string): string | null {
  const v = propertiesOf(STORED[id].scope).getProperty(nameOf(id, suffix));
  return v ? v : null;
}

/** Refuses (before writing anything) a value over its bound, or one the store has no room for. */
export function writeProperty(id: StoredId, value: string, suffix?: string): void {
  const def = STORED[id];
  const bytes = utf8Length(value);
  if (bytes > def.maxBytes) {
    throw new AdaptyError(
      'limit',
      `${def.name} would hold ${bytes} bytes; at most ${def.maxBytes}. Nothing was saved.`,
    );
  }
  const store = propertiesOf(def.scope);
  const name = nameOf(id, suffix);
  const all = store.getProperties() as Record<string, string>;
  const old = Object.prototype.hasOwnProperty.call(all, name) ? utf8Length(name) + utf8Length(all[name]) : 0;
  const after = storeBytes(all) - old + utf8Length(name) + bytes;
  if (after > STORE_LIMITS.storeBytes)
    throw new AdaptyError(
      'limit',
      `The ${def.scope} properties would hold ${after} bytes; Apps Script allows ${STORE_LIMITS.storeBytes}. Nothing was saved.`,
    );
  store.setProperty(name, value);
}

export function deleteProperty(id: StoredId, suffix?: string): void {
  propertiesOf(STORED[id].scope).deleteProperty(nameOf(id, suffix));
}
