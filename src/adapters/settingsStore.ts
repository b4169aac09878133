/**
 * Where settings live. The API key: the user's properties only (never document properties, a cell,
 * a log or the sidebar's HTML). The base URL override: script properties, for the local emulator.
 */
import { checkBaseUrl } from '../core/baseUrl';

export const API_KEY_PROPERTY = 'ADAPTY_API_KEY';
export const BASE_URL_PROPERTY = 'ADAPTY_API_BASE_URL';

export function readApiKey(): string | null {
  const v = PropertiesService.getUserProperties().getProperty(API_KEY_PROPERTY);
  return v ? v : null;
}

export function writeApiKey(key: string): void {
  PropertiesService.getUserProperties().setProperty(API_KEY_PROPERTY, key);
}

export function deleteApiKey(): void {
  PropertiesService.getUserProperties().deleteProperty(API_KEY_PROPERTY);
}

export function readBaseUrl(): string {
  return checkBaseUrl(PropertiesService.getScriptProperties().getProperty(BASE_URL_PROPERTY));
}
