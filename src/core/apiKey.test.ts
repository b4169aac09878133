/** Pasted keys: cleaned, refused when they cannot be a secret key, masked without revealing the middle. */
import { findTrace } from '../../test/harness/sinks';
import { checkApiKey, cleanPastedKey, maskKey, savedKeyProblem } from './apiKey';

const KEY = 'secret_live_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';
const refusal = (raw: unknown): string => {
  try {
    checkApiKey(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`accepted ${String(raw)}`);
};

describe('a pasted key is cleaned first', () => {
  test.each([
    KEY,
    `  ${KEY}\n`,
    `\t${KEY}\r\n`,
    `"${KEY}"`,
    `'${KEY}'`,
    `\`${KEY}\``,
    `“${KEY}”`,
    `‘${KEY}’`,
    ` " ${KEY} " `,
    `Api-Key ${KEY}`,
    `api-key   ${KEY}`,
    `Authorization: Api-Key ${KEY}`,
    `authorization:Api-Key ${KEY}`,
    `"Authorization: Api-Key ${KEY}"`,
    `Authorization: "Api-Key ${KEY}",`,
    `Bearer ${KEY}`,
    `'Api-Key ${KEY}';`,
    `\u200b${KEY}\ufeff`,
    `${KEY.slice(0, 30)}\n${KEY.slice(30)}`,
    `${KEY.slice(0, 30)}  \r\n  ${KEY.slice(30)}`,
  ])('%j → the key', (raw) => {
    expect(cleanPastedKey(raw)).toBe(KEY);
    expect(checkApiKey(raw)).toEqual({ key: KEY });
  });

  test('inner spaces are not guessed at: refused', () => {
    expect(refusal(`${KEY.slice(0, 30)} ${KEY.slice(30)}`)).toMatch(/spaces or unusual characters/);
  });
});

describe('what cannot be a secret key is refused, saying why, never quoting it', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['empty', '   ', /^Secret API key is empty/],
    ['not text', 42, /^Secret API key is empty/],
    ['a public SDK key', 'public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345', /public SDK key .*secret key/],
    [
      'another service',
      'sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv',
      /^Secret API key does not start with secret_live_, so it is not an Adapty secret key/,
    ],
    ['no dot', 'secret_live_AbCd12340123456789abcdefghijABCDEFGHIJkl', /not an Adapty secret key \(secret_live_ \+ 8/],
    ['secret_ + body only', 'secret_AbCd1234567890abcdefghijklmnopqrstuv', /not an Adapty secret key/],
    ['cut off', KEY.slice(0, -3), /has 29 characters after the dot instead of 32 \(it looks cut off\)/],
    [
      'cut in the first part',
      'secret_live_AbCd.0123456789abcdefghijABCDEFGHIJkl',
      /4 characters between secret_live_ and the dot instead of 8/,
    ],
    ['too long', KEY + 'xyz', /has 35 characters after the dot instead of 32: copy/],
    ['punctuation', 'secret_live_AbCd-234.0123456789abcdefghijABCDEFGHIJkl', /not an Adapty secret key/],
    ['uppercase environment', 'secret_LIVE_AbCd1234.0123456789abcdefghijABCDEFGHIJkl', /not an Adapty secret key/],
    ['non-ASCII', 'secret_live_AbCd1234.0123456789abcdéfghijABCDEFGHIJkl', /unusual characters/],
  ];
  test.each(cases)('%s', (_, raw, re) => {
    const m = refusal(raw);
    expect(m).toMatch(re);
    if (typeof raw === 'string') expect(findTrace(m, raw)).toBeNull();
  });

  test('a paste that is not a secret key is refused without quoting even its first characters', () => {
    const m = refusal('sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv');
    expect(m).not.toMatch(/sk_l|sk_/);
    expect(m).toMatch(/App settings › General › API keys/);
  });

  test('a non-live secret key of the documented shape is accepted with a warning that names no more of it', () => {
    const sandbox = 'secret_sandbox_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';
    const r = checkApiKey(sandbox);
    expect(r.key).toBe(sandbox);
    expect(r.warning).toMatch(/not a live key .*sandbox or test data/);
    expect(findTrace(r.warning!, sandbox)).toBeNull();
  });
});

describe('a stored key', () => {
  test('of the right shape has no problem; a public key, garbage or a cut key has, in one message', () => {
    expect(savedKeyProblem(KEY)).toBeNull();
    expect(savedKeyProblem(` ${KEY} `)).toBeNull();
    expect(savedKeyProblem('public_live_AbCdEfGh.abcdefghijklmnopqrstuvwxyz012345')).toMatch(
      /^The saved Adapty API key cannot be used: it is a public SDK key .*Open Extensions › Adapty › Settings/,
    );
    expect(savedKeyProblem('hello')).toMatch(/cannot be used: it is not an Adapty secret key/);
    expect(savedKeyProblem(KEY.slice(0, -1))).toMatch(/cannot be used: it has 31 characters after the dot/);
    expect(findTrace(savedKeyProblem(KEY.slice(0, -1))!, KEY)).toBeNull();
  });
});

describe('the mask: a fingerprint tail, never a character run of the key', () => {
  test.each([
    KEY,
    'secret_sandbox_AbCd1234.0123456789abcdefghijABCDEFGHIJkl',
    'secret_abcdefghijklmnopqrstuvwxyz0123',
    'short',
  ])('%s: shown by a fingerprint tail, with no 4 characters of the key', (key) => {
    const shown = maskKey(key);
    expect(shown).toMatch(/^fingerprint …[0-9a-f]{6}$/);
    for (let i = 0; i + 4 <= key.length; i++) expect(shown).not.toContain(key.slice(i, i + 4));
  });
  test('two keys with the same last 4 characters are told apart; the same key always reads the same', () => {
    expect(maskKey(KEY)).toBe(maskKey(KEY));
    expect(maskKey(KEY)).not.toBe(maskKey(KEY.replace('AbCd', 'WxYz')));
  });
});
