/**
 * Sidebar server functions for named connections (issue 15): list, add (tested before saving), rename,
 * replace a key, remove, and choose the default. Keys stay in the user's properties; the sidebar only
 * ever receives names and key fingerprints.
 */
import { CONNECTIONS } from '../catalog/connections';
import { checkApiKey, maskKey, savedKeyProblem, usableKey } from '../core/apiKey';
import {
  allOf,
  checkConnectionName,
  findByName,
  removeFromBook,
  type ConnectionBook,
  type NamedKey,
} from '../core/connections';
import { AdaptyError, ValidationError, quote } from '../core/errors';
import { apiKeyInput } from '../core/sidebarInput';
import { followConnection, type ConnectionChange } from '../core/ownership';
import { readConnections, writeConnections } from '../adapters/settingsStore';
import { myUserId } from '../adapters/userIdentity';
import { currentEnv } from '../services/env';
import { keyFingerprint } from '../services/reportFetcher';
import { loadReports, storeReports } from '../services/reportStore';
import { withDocumentLock } from './reportActions';
import { tryKey } from './settingsApi';

export interface ConnectionInfo {
  name: string;
  /** "fingerprint …" and 6 hex of a hash of the key: no character of the key. */
  masked: string;
  isDefault: boolean;
  warning?: string;
}

export interface ConnectionsStatus {
  connections: ConnectionInfo[];
  /** What the last action did. */
  message?: string;
}

export interface ConnectionInput {
  /** The connection's name (new, or the new name when renaming). */
  name: string;
  /** A new secret key; empty to keep the key (a rename). */
  key?: string;
  /** The connection being renamed or given a new key; absent to add one. */
  connection?: string;
}

function info(c: NamedKey, isDefault: boolean): ConnectionInfo {
  const problem = savedKeyProblem(c.key);
  const warning = problem ?? checkApiKey(c.key).warning;
  return { name: c.name, masked: maskKey(usableKey(c.key)), isDefault, ...(warning ? { warning } : {}) };
}

export function listConnections(): ConnectionsStatus {
  const book = readConnections();
  return {
    connections: allOf(book).map((c) => info(c, c === book.default)),
  };
}

function textArg(v: unknown, label: string, field: string): string {
  if (typeof v !== 'string' || v.length > 200)
    throw new ValidationError(field, `${label} ${quote(v)} is not allowed: the name of one of your connections`);
  return v;
}

function existing(book: ConnectionBook, name: unknown): NamedKey {
  const c = findByName(book, textArg(name, 'Connection', 'connection'));
  if (!c)
    throw new ValidationError('connection', `No connection named ${quote(name)}: reopen the sidebar to see yours`);
  return c;
}

function save(book: ConnectionBook, defaultName: string, message: string): ConnectionsStatus {
  writeConnections(book, defaultName);
  return { ...listConnections(), message };
}

/**
 * Adds a connection, renames one, or gives one a new key. A new key is tested first: one Adapty refuses
 * is never saved; one that cannot be tested now is saved only where it replaces nothing that works.
 */
export function saveConnection(input: ConnectionInput): ConnectionsStatus {
  if (!input || typeof input !== 'object')
    throw new ValidationError('connection', `Connection ${quote(input)} is not allowed: a name and a key`);
  const book = readConnections();
  const target = input.connection !== undefined && input.connection !== '' ? existing(book, input.connection) : null;
  const name = checkConnectionName(input.name, book, target?.name);
  const rawKey = apiKeyInput(input.key ?? '', true);
  if (!target && !rawKey.trim())
    throw new ValidationError('api_key', `Secret API key is empty: paste the secret key of ${quote(name)}`);
  if (!target && allOf(book).length >= CONNECTIONS.max)
    throw new ValidationError(
      'connection_name',
      `You have ${CONNECTIONS.max} connections, the most one user may keep: remove one first`,
    );
  let key = target?.key ?? '';
  let message = '';
  if (rawKey.trim()) {
    key = checkApiKey(rawKey).key;
    const twin = allOf(book).find((c) => c !== target && usableKey(c.key) === key);
    if (twin)
      throw new ValidationError('api_key', `This key is already saved as ${quote(twin.name)}: one connection per app`);
    const probe = tryKey(key, currentEnv());
    if (!probe.ok) {
      const e = probe.error;
      const worked = target && !savedKeyProblem(target.key);
      if (e.code === 'auth' || worked)
        throw new AdaptyError(
          e.code,
          `${e.code === 'auth' ? `Adapty did not accept this key${e.status ? ` (HTTP ${e.status})` : ''}` : `The key could not be tested (${e.message})`}: nothing was saved.${worked ? ` ${quote(target.name)} keeps its key (${maskKey(usableKey(target.key))}).` : ''}`,
          e.status,
        );
      message = `Saved without a test: ${e.message}`;
    } else message = `Saved. ${probe.message}`;
  }
  const entry = { name, key };
  let defaultName = book.default?.name ?? name;
  if (target && target === book.default) {
    book.default = entry;
    defaultName = name;
  } else if (target) book.others = book.others.map((c) => (c === target ? entry : c));
  else if (!book.default) book.default = entry;
  else book.others = [...book.others, entry];
  if (!target) return save(book, defaultName, message);
  const change: ConnectionChange = {
    from: target.name,
    to: name,
    was: keyFingerprint(usableKey(target.key)),
    now: keyFingerprint(usableKey(key)),
    isDefault: entry === book.default,
  };
  // One lock for both, so a saved report is never left naming a connection that no longer exists.
  return withDocumentLock(() => {
    const list = loadReports();
    const followed = followConnection(list, myUserId(), change);
    if (followed) storeReports(list, undefined, { forSave: true });
    return save(book, defaultName, (message + followedMessage(change, followed)).trim());
  });
}

/** What a rename or a new key did to the saved reports that use the connection: they follow its name. */
function followedMessage(ch: ConnectionChange, n: number): string {
  const renamed = ch.from !== ch.to;
  const one = n === 1 ? 's' : '';
  const what = [renamed ? `the new name (app=${ch.to})` : '', ch.was !== ch.now ? 'the new key' : ''].filter(Boolean);
  return (
    (renamed ? ` Renamed ${quote(ch.from)} to ${quote(ch.to)}.` : '') +
    (n ? ` ${n} saved report${n === 1 ? '' : 's'} here use${one} it and follow${one} ${what.join(' and ')}.` : '') +
    (renamed ? ` Formulas that say app=${ch.from} need app=${ch.to}.` : '')
  );
}

/** Removes a connection; removing the default makes the next one the default. */
export function removeConnection(name: string): ConnectionsStatus {
  const book = readConnections();
  const c = existing(book, name);
  const defaultName = removeFromBook(book, c);
  const after = book.default ? ` ${quote(book.default.name)} is the default.` : '';
  return save(book, defaultName, `Removed ${quote(c.name)}.${after}`);
}

/** Makes a connection the default: formulas and reports without app= use it. */
export function setDefaultConnection(name: string): ConnectionsStatus {
  const book = readConnections();
  const c = existing(book, name);
  if (c !== book.default) {
    book.others = [...(book.default ? [book.default] : []), ...book.others.filter((o) => o !== c)];
    book.default = c;
  }
  return save(book, c.name, `${quote(c.name)} is the default connection.`);
}
