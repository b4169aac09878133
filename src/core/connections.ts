/**
 * Named connections as data: the stored book of a user's keys, the rules for a name, and which key a
 * report's `app` means. The default connection's key stays in ADAPTY_API_KEY (as before names existed);
 * the book (`adapty.connections`) holds the default's name and the other connections.
 */
import { CONNECTIONS } from '../catalog/connections';
import { AdaptyError, ValidationError, quote } from './errors';

export interface NamedKey {
  name: string;
  key: string;
}

export interface ConnectionBook {
  /** The default connection: the key in ADAPTY_API_KEY, under this name. Null when no key is saved. */
  default: NamedKey | null;
  others: NamedKey[];
}

interface StoredBook {
  defaultName?: string;
  others?: NamedKey[];
}

/** The book from the two stored values; a damaged book is read as empty (the default key still works). */
export function readBook(defaultKey: string | null, bookText: string | null): ConnectionBook {
  let stored: StoredBook = {};
  try {
    const parsed: unknown = bookText ? JSON.parse(bookText) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) stored = parsed;
  } catch {
    stored = {};
  }
  const name =
    typeof stored.defaultName === 'string' && stored.defaultName ? stored.defaultName : CONNECTIONS.defaultName;
  const others = Array.isArray(stored.others)
    ? stored.others.filter(
        (c): c is NamedKey => !!c && typeof c.name === 'string' && typeof c.key === 'string' && !!c.name && !!c.key,
      )
    : [];
  return { default: defaultKey ? { name, key: defaultKey } : null, others };
}

/** What is stored besides the default key. */
export function bookText(book: ConnectionBook, defaultName: string): string {
  return JSON.stringify({ defaultName, others: book.others });
}

export function allOf(book: ConnectionBook): NamedKey[] {
  return book.default ? [book.default, ...book.others] : [...book.others];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findByName(book: ConnectionBook, name: string): NamedKey | null {
  return allOf(book).find((c) => same(c.name, name.trim())) ?? null;
}

/**
 * A name the user typed, cleaned and checked: 1–40 printable characters, no comma (app= lists names with
 * commas), not "all", not a key (names are shown in sheets), and not another connection's name.
 */
export function checkConnectionName(raw: unknown, book: ConnectionBook, renaming?: string): string {
  const field = 'connection_name';
  if (typeof raw !== 'string') throw new ValidationError(field, `Connection name must be text, not ${quote(raw)}`);
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) throw new ValidationError(field, 'Connection name is empty: name the app, e.g. "Meditation iOS"');
  // First, so no message below repeats a pasted key.
  if (/secret_|public_/i.test(name))
    throw new ValidationError(
      field,
      'Connection name looks like an API key: paste the key in the key field, and name the app here',
    );
  if (name.length > CONNECTIONS.maxNameLength)
    throw new ValidationError(
      field,
      `Connection name ${quote(name)} has ${name.length} characters: at most ${CONNECTIONS.maxNameLength}`,
    );
  if (/[,;=]|\p{Cc}/u.test(name))
    throw new ValidationError(
      field,
      `Connection name ${quote(name)} may not contain a comma, ";" or "=" (formulas list apps as app=A, B)`,
    );
  if (same(name, CONNECTIONS.allKeyword))
    throw new ValidationError(field, `Connection name "${name}" is kept for app=all (every app): choose another name`);
  const taken = allOf(book).find((c) => same(c.name, name) && !(renaming && same(c.name, renaming)));
  if (taken)
    throw new ValidationError(field, `A connection named ${quote(taken.name)} already exists: choose another name`);
  return name;
}

/** The names `app` asks for: one name, several separated by commas, or "all" (every connection). */
export function appNames(app: string): string[] | 'all' {
  const t = app.trim();
  if (same(t, CONNECTIONS.allKeyword)) return 'all';
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Why `app` names no connection (null = it does): names what exists, in the user's words. */
export function unknownAppMessage(name: string, book: ConnectionBook): string {
  const names = allOf(book).map((c) => JSON.stringify(c.name));
  return `No connection named ${quote(name)}: ${
    names.length ? `the connections are ${names.join(', ')}` : 'no key is saved yet'
  }. Add or rename one in Extensions › Adapty › Settings.`;
}

/** Does `app` ask for several connections (a portfolio: "all" or a list of names)? */
export function isPortfolio(app: string | undefined): boolean {
  if (!app) return false;
  const names = appNames(app);
  return names === 'all' || names.length > 1;
}

/** The connections a portfolio's `app` names, each once, in the order asked ("all": the book's order). */
export function portfolioApps(book: ConnectionBook, app: string): NamedKey[] {
  const names = appNames(app);
  if (names === 'all') {
    const every = allOf(book);
    if (every.length === 0) throw new AdaptyError('no_key', unknownAppMessage(CONNECTIONS.allKeyword, book));
    return every;
  }
  const out: NamedKey[] = [];
  for (const n of names) {
    const c = findByName(book, n);
    if (!c) throw new AdaptyError('no_key', unknownAppMessage(n, book));
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * Takes `c` out of the book; when it was the default, the next connection becomes the default (so reports
 * without app= keep a key while any is saved). Returns the default's name to store.
 */
export function removeFromBook(book: ConnectionBook, c: NamedKey): string {
  if (c === book.default) {
    const [next, ...rest] = book.others;
    book.default = next ?? null;
    book.others = rest;
  } else book.others = book.others.filter((o) => o !== c);
  return book.default?.name ?? CONNECTIONS.defaultName;
}
