import { createHash, createHmac } from 'crypto';
import { createWorld } from './index';

type Any = any;

const U = (): Any => createWorld().execution().globals.Utilities;

describe('Utilities fake', () => {
  test('computeDigest returns Java-style signed bytes matching Node', () => {
    const u = U();
    const bytes: number[] = u.computeDigest(u.DigestAlgorithm.SHA_256, 'héllo wörld');
    const expected = [...createHash('sha256').update('héllo wörld', 'utf8').digest()].map((b) =>
      b > 127 ? b - 256 : b,
    );
    expect(bytes).toEqual(expected);
    expect(bytes.some((b) => b < 0)).toBe(true);
    expect(bytes.every((b) => b >= -128 && b <= 127)).toBe(true);
    const md5 = u.computeDigest(u.DigestAlgorithm.MD5, 'abc');
    expect(Buffer.from(md5.map((b: number) => b & 0xff)).toString('hex')).toBe('900150983cd24fb0d6963f7d28e17f72');
    const hmac = u.computeHmacSha256Signature('msg', 'key');
    expect(Buffer.from(hmac.map((b: number) => b & 0xff)).toString('hex')).toBe(
      createHmac('sha256', 'key').update('msg').digest('hex'),
    );
  });

  test('base64 round trips (strings and signed byte arrays)', () => {
    const u = U();
    expect(u.base64Encode('Api-Key: ä')).toBe(Buffer.from('Api-Key: ä').toString('base64'));
    const digest = u.computeDigest(u.DigestAlgorithm.SHA_1, 'x');
    expect(u.base64Decode(u.base64Encode(digest))).toEqual(digest);
    expect(u.base64EncodeWebSafe([-5, -17, -1])).toBe('--__');
    expect(u.base64Encode([-5, -17, -1])).toBe('++//');
    expect(u.newBlob(u.base64Decode(u.base64Encode('hi ✓'))).getDataAsString()).toBe('hi ✓');
  });

  test('formatDate across DST in Europe/Berlin', () => {
    const u = U();
    const f = (iso: string, p = 'yyyy-MM-dd HH:mm:ss Z XXX') => u.formatDate(new Date(iso), 'Europe/Berlin', p);
    expect(f('2026-03-29T00:59:59Z')).toBe('2026-03-29 01:59:59 +0100 +01:00');
    expect(f('2026-03-29T01:00:00Z')).toBe('2026-03-29 03:00:00 +0200 +02:00');
    expect(f('2026-10-25T00:59:59Z')).toBe('2026-10-25 02:59:59 +0200 +02:00');
    expect(f('2026-10-25T01:00:00Z')).toBe('2026-10-25 02:00:00 +0100 +01:00');
    expect(f('2026-11-28T09:00:00.042Z', "EEE, d MMM yy H:mm:ss.SSS 'at' EEEE MMMM M/d")).toBe(
      'Sat, 28 Nov 26 10:00:00.042 at Saturday November 11/28',
    );
    expect(f('2026-01-05T12:00:00Z', "''yyyy'' 'o''clock'")).toBe("'2026' o'clock");
  });

  test('formatDate across DST in America/New_York and UTC', () => {
    const u = U();
    const f = (iso: string, tz = 'America/New_York') => u.formatDate(new Date(iso), tz, "yyyy-MM-dd'T'HH:mmXXX");
    expect(f('2026-03-08T06:59:00Z')).toBe('2026-03-08T01:59-05:00');
    expect(f('2026-03-08T07:00:00Z')).toBe('2026-03-08T03:00-04:00');
    expect(f('2026-11-01T05:59:00Z')).toBe('2026-11-01T01:59-04:00');
    expect(f('2026-11-01T06:00:00Z')).toBe('2026-11-01T01:00-05:00');
    expect(f('2026-11-01T06:00:00Z', 'UTC')).toBe('2026-11-01T06:00Z');
    expect(f('2026-11-01T06:00:00Z', 'GMT+05:30')).toBe('2026-11-01T11:30+05:30');
    expect(() => u.formatDate(new Date(), 'UTC', 'yyyy-qq')).toThrow("Illegal pattern character 'q'");
    expect(() => u.formatDate('2026-01-01', 'UTC', 'yyyy')).toThrow(/don't match the method signature/);
  });

  test('sleep advances the virtual clock instantly', () => {
    const w = createWorld();
    const u: Any = w.execution().globals.Utilities;
    const t0 = w.clock.now();
    const real0 = Date.now();
    u.sleep(120_000);
    expect(w.clock.now() - t0).toBe(120_000);
    expect(Date.now() - real0).toBeLessThan(10_000); // a real sleep would take 120 s
    expect(() => u.sleep(300_001)).toThrow(/milliseconds/);
  });

  test('parseCsv, getUuid, formatString', () => {
    const u = U();
    expect(u.parseCsv('a,"b,c","d ""q"""\r\n1,2,3\n"multi\nline",,')).toEqual([
      ['a', 'b,c', 'd "q"'],
      ['1', '2', '3'],
      ['multi\nline', '', ''],
    ]);
    expect(u.parseCsv('a;b', ';')).toEqual([['a', 'b']]);
    expect(u.getUuid()).toMatch(/^[0-9a-f-]{36}$/);
    expect(u.formatString('%s has %d rows (%.1f%%)', 'tab', 12.7, 3.14159)).toBe('tab has 12 rows (3.1%)');
  });
});
