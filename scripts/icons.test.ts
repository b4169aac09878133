/** The committed Marketplace icons are valid PNGs of the sizes the listing needs, and what scripts/icons.ts draws. */
import { readFileSync } from 'node:fs';
import { crc32, decodePng } from './png';
import { ICON_SIZES, drawIcon, iconPath } from './icons';

test('the CRC is the PNG spec’s (check value of "123456789", and every IEND chunk’s)', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
});

test.each(ICON_SIZES)(
  'docs/icons/icon-%i.png: a valid RGBA PNG of that size, transparent corners, opaque middle',
  (size) => {
    const file = readFileSync(iconPath(size));
    expect(file.subarray(file.length - 12).toString('hex')).toBe('0000000049454e44ae426082'); // the IEND chunk
    const png = decodePng(file); // signature, every CRC, IHDR first, IEND last, inflated size
    expect([png.width, png.height]).toEqual([size, size]);
    expect([png.bitDepth, png.colorType]).toEqual([8, 6]);
    const alpha = (x: number, y: number) => png.rgba[(y * size + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(size - 1, size - 1)).toBe(0);
    expect(alpha(size >> 1, size >> 1)).toBe(255);
    // Not one flat colour: the white bars are there.
    const colours = new Set<string>();
    for (let i = 0; i < png.rgba.length; i += 4)
      if (png.rgba[i + 3] === 255) colours.add(png.rgba.toString('hex', i, i + 3));
    expect(colours.has('ffffff')).toBe(true);
    expect(colours.has('6720ff')).toBe(true);
    // The committed file is the script's output (npm run icons regenerates it).
    expect(drawIcon(size).equals(file)).toBe(true);
  },
);

test('a damaged PNG is refused', () => {
  const file = Buffer.from(readFileSync(iconPath(32)));
  file[40] ^= 0xff;
  expect(() => decodePng(file)).toThrow(/CRC/);
});
