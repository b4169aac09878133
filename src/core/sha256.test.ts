import { createHash } from 'node:crypto';
import { sha256 } from './sha256';

const reference = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');

test.each([
  ['empty', ''],
  ['abc', 'abc'],
  ['55 bytes (one block with the length)', 'x'.repeat(55)],
  ['56 bytes (the length spills into a second block)', 'x'.repeat(56)],
  ['64 bytes', 'y'.repeat(64)],
  ['ü and €', 'Müller zahlt 5 €'],
  ['a surrogate pair', 'chart 📈 up'],
  ['long JSON', JSON.stringify({ filters: { country: Array.from({ length: 500 }, (_, i) => `c${i}`) } })],
])('%s: the same digest as SHA-256 of the UTF-8 bytes', (_name, text) => {
  expect(sha256(text)).toBe(reference(text));
});

test('a lone surrogate is hashed as U+FFFD, as a UTF-8 encoder writes it', () => {
  expect(sha256('a\ud800b')).toBe(reference('a\ufffdb'));
});
