/** What an Adapty secret key looks like, and how the add-on refers to one without revealing it. */
import { ASSUMPTIONS } from '../catalog/assumptions';
import { ValidationError } from './errors';

/** `secret_live_` + 8 characters + `.` + 32 characters, as in Adapty's docs. */
const DOCUMENTED_SHAPE = /^secret_live_[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$/;

export interface KeyCheck {
  key: string;
  /** A non-blocking remark, e.g. a sandbox key. */
  warning?: string;
}

/** Refuses what cannot be a secret key. Messages never repeat the key itself. */
export function checkApiKey(raw: unknown): KeyCheck {
  const key = typeof raw === 'string' ? raw.trim().replace(/^Api-Key\s+/i, '') : '';
  if (!key)
    throw new ValidationError(
      'api_key',
      'API key is empty: paste the secret key from Adapty › App Settings › General › API keys',
    );
  if (/^public_/i.test(key)) {
    throw new ValidationError(
      'api_key',
      "API key is a public SDK key (public_…): the export API needs the app's secret key (secret_live_…) from Adapty › App Settings › General › API keys",
    );
  }
  if (/\s/.test(key) || !/^[\x21-\x7e]+$/.test(key))
    throw new ValidationError('api_key', 'API key contains spaces or unusual characters: copy it again from Adapty');
  if (!key.startsWith('secret_')) {
    throw new ValidationError(
      'api_key',
      `API key starting "${key.slice(0, 4)}…" is not an Adapty secret key: those start with secret_live_`,
    );
  }
  if (key.length < 20 || key.length > 200)
    throw new ValidationError(
      'api_key',
      `API key of ${key.length} characters is not an Adapty secret key (secret_live_ + 8 + . + 32 characters)`,
    );
  if (DOCUMENTED_SHAPE.test(key)) return { key };
  if (ASSUMPTIONS.warnOnNonLiveSecretKeys && !key.startsWith('secret_live_')) {
    return {
      key,
      warning: `This is not a live key (${key.split('_').slice(0, 2).join('_')}_…): it may only see sandbox or test data.`,
    };
  }
  return {
    key,
    warning:
      'This key does not have the documented shape (secret_live_ + 8 + . + 32 characters); it will be tried as given.',
  };
}

/** Shows a key the way the sidebar may: prefix and last 4 characters. */
export function maskKey(key: string): string {
  const prefix = key.match(/^(secret|public)_[a-z]+_/)?.[0] ?? key.slice(0, 4);
  return `${prefix}…${key.slice(-4)}`;
}

/** Removes a key from any text before it is shown or logged (defence in depth). */
export function redact(text: string, key: string | undefined | null): string {
  if (!key || key.length < 6) return text;
  return text.split(key).join('[redacted key]');
}
