// Redacting the key from an error body before it becomes a message (src/core/secrets.ts): 1 MB and 4 MB
// HTML pages, with and without escapes and echoes of the key. Target: linear, well under 1 s per MB.
import { redactSecret } from '../src/core/secrets';
import { type Row, median } from './row';

const KEY = 'secret_live_AbCd1234.0123456789abcdefghijABCDEFGHIJkl';
const RUNS = 5;

function page(bytes: number, escapes: boolean, echo: boolean): string {
  const unit =
    `<tr><td>row ${escapes ? '&amp; more</td><td>%20 \\u0041' : 'more</td><td>'}` +
    ` ${echo ? `Api-Key ${KEY.replace(/_/g, escapes ? '&#95;' : '_')}` : 'nothing here'}</td></tr>\n`;
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

function time(text: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    redactSecret(text, KEY);
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function bench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [label, escapes, echo] of [
    ['plain, no key', false, false],
    ['plain, the key every 80 bytes', false, true],
    ['escaped, no key', true, false],
    ['escaped, the key HTML-escaped every 90 bytes', true, true],
  ] as const) {
    const one = time(page(1_000_000, escapes, echo));
    const four = time(page(4_000_000, escapes, echo));
    rows.push({ name: `1 MB ${label}`, value: one, unit: 'ms', target: '< 1000 ms' });
    rows.push({
      name: `4 MB ${label}`,
      value: four,
      unit: 'ms',
      notes: `${(four / one).toFixed(1)} × the 1 MB time (linear ≈ 4)`,
    });
  }
  return Promise.resolve(rows);
}
