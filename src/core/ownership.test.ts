import { keyFingerprint, maskKey } from './apiKey';
import { connectionOf, describeConnection, followConnection, ownerLabel, refusalFor } from './ownership';

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

describe('saved reports follow a renamed or re-keyed connection of their owner', () => {
  const r = (name: string, app: string | undefined, owner = 'me', fp = 'old') =>
    ({
      name,
      spec: { endpoint: 'analytics', ...(app ? { app } : {}) },
      owner: { id: owner, keyFingerprint: fp },
    }) as never;
  const change = { from: 'Calm Sleep', to: 'Sleep', was: 'old', now: 'new', isDefault: false };

  test("a rename changes app= (in a portfolio's list too) of my reports only; a new key re-pins the single-app ones", () => {
    const list = [
      r('one', 'calm sleep'),
      r('two', 'Calm Sleep, Tiny', 'me', 'dflt'),
      r('theirs', 'Calm Sleep', 'bea'),
      r('default', undefined, 'me', 'dflt'),
    ];
    expect(followConnection(list, 'me', change)).toBe(2);
    const [one, two, theirs, dflt] = list as unknown as { spec: { app?: string }; owner: { keyFingerprint: string } }[];
    expect([one.spec.app, two.spec.app, theirs.spec.app, dflt.spec.app]).toEqual([
      'Sleep',
      'Sleep, Tiny',
      'Calm Sleep',
      undefined,
    ]);
    expect([one, two, theirs, dflt].map((x) => x.owner.keyFingerprint)).toEqual(['new', 'dflt', 'old', 'dflt']);
  });

  test("the default's new key re-pins reports without app= and portfolios (pinned to the default's key)", () => {
    const list = [r('none', undefined), r('all', 'all'), r('other', 'Tiny')];
    expect(followConnection(list, 'me', { ...change, from: 'Fit', to: 'Fit', isDefault: true })).toBe(2);
    expect((list as unknown as { owner: { keyFingerprint: string } }[]).map((x) => x.owner.keyFingerprint)).toEqual([
      'new',
      'new',
      'old',
    ]);
  });
});
