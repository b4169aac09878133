/** The connection settings: the user's API keys (user properties only) and the base URL override. */
import { checkBaseUrl } from '../core/baseUrl';
import { bookText, readBook, type ConnectionBook } from '../core/connections';
import { forgetUserContext } from './answerCache';
import { deleteProperty, readProperty, writeProperty } from './properties';

export function readApiKey(): string | null {
  return readProperty('apiKey');
}

/** A new or removed key also forgets the formula context that names the old key's fingerprint. */
export function writeApiKey(key: string): void {
  writeProperty('apiKey', key);
  forgetUserContext();
}

export function deleteApiKey(): void {
  deleteProperty('apiKey');
  forgetUserContext();
}

export function readBaseUrl(): string {
  return checkBaseUrl(readProperty('baseUrl'));
}

/** The user's named connections: the default's key (ADAPTY_API_KEY) and the book of the others. */
export function readConnections(): ConnectionBook {
  return readBook(readApiKey(), readProperty('connections'));
}

/** Stores a whole book; the book first, so a refused write (too big) changes nothing. */
export function writeConnections(book: ConnectionBook, defaultName: string): void {
  writeProperty('connections', bookText(book, defaultName));
  if (book.default) writeApiKey(book.default.key);
  else deleteApiKey();
}
