/** The connection settings: the user's API key (user properties only) and the base URL override. */
import { checkBaseUrl } from '../core/baseUrl';
import { deleteProperty, readProperty, writeProperty } from './properties';

export function readApiKey(): string | null {
  return readProperty('apiKey');
}

export function writeApiKey(key: string): void {
  writeProperty('apiKey', key);
}

export function deleteApiKey(): void {
  deleteProperty('apiKey');
}

export function readBaseUrl(): string {
  return checkBaseUrl(readProperty('baseUrl'));
}
