/**
 * "Did you mean" for mistyped names: the closest candidate within a small edit distance.
 * Bounded work: the distance is at least the difference in length, so a candidate whose length differs by
 * more than the allowed distance is skipped without comparing, and so is an input far longer than any
 * name (a pasted megabyte costs one length check, not a 1,000,000 × 30 table).
 */
const MAX_INPUT = 100;

export function closest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > MAX_INPUT) return undefined;
  const a = input.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(a.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (Math.abs(c.length - a.length) > limit) continue;
    const d = distance(a, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= limit ? best : undefined;
}

function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function didYouMean(input: string, candidates: readonly string[]): string {
  const c = closest(input, candidates);
  return c ? ` — did you mean "${c}"?` : '';
}
