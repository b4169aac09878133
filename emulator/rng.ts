/**
 * Deterministic noise: every number the emulator invents is a pure function of (app seed, what, where,
 * when). No state, no Math.random, so the same request always gets the same answer.
 */

// Globals are slow to look up inside a vm context (jest runs tests in one): bind them once.
const imul = Math.imul,
  floor = Math.floor;

/** murmur3's finaliser over a running mix of up to five integers. */
export function hash32(a: number, b = 0, c = 0, d = 0, e = 0): number {
  let h = imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = imul(h ^ (h >>> 16) ^ c, 0x85ebca6b);
  h = imul(h ^ (h >>> 13) ^ d, 0xc2b2ae35);
  h = imul(h ^ (h >>> 16) ^ e, 0x27d4eb2f);
  h ^= h >>> 15;
  h = imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function unit(a: number, b = 0, c = 0, d = 0, e = 0): number {
  return hash32(a, b, c, d, e) / 4294967296;
}

/** A uniform in [0, 1) derived from hash `h` for sub-stream `k` (cheaper than a fresh hash32). */
export function sub(h: number, k: number): number {
  let x = (h + imul(k + 1, 0x9e3779b9)) | 0;
  x = imul(x ^ (x >>> 16), 0x7feb352d);
  x = imul(x ^ (x >>> 15), 0x846ca68b);
  x ^= x >>> 16;
  return (x >>> 0) / 4294967296;
}

/** A stable integer for a string (FNV-1a). */
export function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An integer draw with expectation `x`: floor(x + u). Deterministic "Poisson-ish" counts. */
export function draw(x: number, u: number): number {
  return x <= 0 ? 0 : floor(x + u);
}

/** A seeded sequence, for building an app's fixed catalogue of products, campaigns, cells. */
export class Seq {
  private i = 0;
  constructor(
    private readonly seed: number,
    private readonly stream: number,
  ) {}
  next(): number {
    return unit(this.seed, this.stream, this.i++);
  }
  int(n: number): number {
    return floor(this.next() * n);
  }
  pick<T>(items: readonly T[], weights?: readonly number[]): T {
    if (!weights) return items[this.int(items.length)];
    const total = weights.reduce((s, w) => s + w, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` deterministic alphanumeric characters. */
export function alnum(seed: string, n: number): string {
  const base = strHash(seed);
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[hash32(base, i, 7) % ALNUM.length];
  return out;
}

/**
 * Splits an integer into parts proportional to `weights` that sum to it exactly (largest remainder,
 * ties by index). Works for negative totals too.
 */
export function splitInt(total: number, weights: readonly number[]): number[] {
  const sign = total < 0 ? -1 : 1;
  const abs = total < 0 ? -total : total;
  const wsum = weights.reduce((s, w) => s + w, 0);
  if (wsum <= 0 || abs === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (abs * w) / wsum);
  const parts = raw.map(floor);
  let left = abs - parts.reduce((s, p) => s + p, 0);
  const order = raw.map((r, i) => [r - floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k][1]]++;
  return parts.map((p) => p * sign);
}
