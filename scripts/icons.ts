/**
 * The Marketplace icons (docs/icons/icon-32.png, icon-128.png): a rounded square in Adapty's violet with
 * three rising white bars, drawn with 4×4 supersampling so the edges are smooth at 32 px too.
 * Deterministic: the same bytes every run (scripts/icons.test.ts compares). Usage: npm run icons
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png';

export const ICON_SIZES = [32, 128] as const;
export const iconPath = (size: number) => join(__dirname, '..', 'docs', 'icons', `icon-${size}.png`);

const VIOLET = [0x67, 0x20, 0xff] as const;
const SS = 4;

/** Coverage of the unit square's shapes at (u, v) in [0, 1): 0 outside, 1 = background, 2 = a bar. */
function shape(u: number, v: number): 0 | 1 | 2 {
  const r = 0.22; // corner radius
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return 0;
  const bars: [number, number][] = [
    [0.2, 0.58],
    [0.42, 0.4],
    [0.64, 0.22],
  ]; // [left, top]; each 0.16 wide, down to 0.8
  for (const [left, top] of bars) if (u >= left && u < left + 0.16 && v >= top && v < 0.8) return 2;
  return 1;
}

export function drawIcon(size: number): Buffer {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0;
      let bar = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const s = shape((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size);
          if (s === 1) bg++;
          else if (s === 2) bar++;
        }
      }
      const covered = bg + bar;
      const i = (y * size + x) * 4;
      if (covered === 0) continue; // transparent
      const white = bar / covered;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(VIOLET[c] * (1 - white) + 255 * white);
      px[i + 3] = Math.round((255 * covered) / (SS * SS));
    }
  }
  return encodePng(size, size, px);
}

if (require.main === module) {
  for (const size of ICON_SIZES) {
    mkdirSync(join(__dirname, '..', 'docs', 'icons'), { recursive: true });
    writeFileSync(iconPath(size), drawIcon(size));
    console.log(`wrote ${iconPath(size)}`);
  }
}
