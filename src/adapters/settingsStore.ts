/** The connection settings: the user's API key (user properties only) and the base URL override. */
import { checkBaseUrl } from '../core/baseUrl';
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
