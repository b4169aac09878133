import { keyFingerprint, maskKey } from './apiKey';
import { connectionOf, describeConnection, ownerLabel, refusalFor } from './ownership';

const OLD = 'secret_live_AbCdEfGh.0123456789abcdefghijABCDEFGHIJkl';
const NEW = 'secret_live_ZyXwVuTs.9876543210ZYXWVUTSRQzyxwvutsrqpo';

describe('a key is named by the same fingerprint tail everywhere', () => {
  const tailOf = (key: string) => maskKey(key).replace(/^fingerprint /, '');

  test("an unnamed owner is shown by the tail Settings shows for that owner's key", () => {
    expect(ownerLabel({ id: 'u1', keyFingerprint: keyFingerprint(OLD) })).toBe(tailOf(OLD));
    expect(tailOf(OLD)).toMatch(/^…[0-9a-f]{6}$/);
  });

  test('a changed key names the old and the new key by the tails Settings showed for them', () => {
    const me = { id: 'u1', keyFingerprint: keyFingerprint(NEW) };
    const r = { name: 'MRR', owner: { id: 'u1', keyFingerprint: keyFingerprint(OLD) } };
    expect(describeConnection(connectionOf(r, me))).toBe(
      `yours, but your key changed since (${tailOf(OLD)} then, ${tailOf(NEW)} now)`,
    );
    expect(refusalFor(r, me)?.message).toContain(`(${tailOf(OLD)}; now ${tailOf(NEW)})`);
  });
});
