/** Which API base URLs the add-on will talk to: Adapty's, any https URL, or plain http on loopback (the emulator). */
import { DEFAULT_BASE_URL } from '../catalog/catalog';
import { ValidationError, asText, quote } from './errors';

export function checkBaseUrl(value: unknown): string {
  if (value === undefined || value === null || value === '') return DEFAULT_BASE_URL;
  const s = asText(value).trim().replace(/\/+$/, '');
  const m = s.match(/^(https?):\/\/(\[[^\]]+\]|[^/:?#]+)(:\d{1,5})?(\/[^?#]*)?$/i);
  if (!m)
    throw new ValidationError(
      'ADAPTY_API_BASE_URL',
      `ADAPTY_API_BASE_URL ${quote(value)} is not a URL like https://api-admin.adapty.io`,
    );
  const scheme = m[1].toLowerCase();
  const host = m[2].toLowerCase();
  const loopback = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (scheme === 'https' || loopback) return s;
  throw new ValidationError(
    'ADAPTY_API_BASE_URL',
    `ADAPTY_API_BASE_URL ${quote(value)} is refused: use https://, or http:// only on loopback (127.0.0.1, localhost) for the local emulator`,
  );
}
