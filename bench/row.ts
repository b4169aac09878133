// What every bench returns (bench/run.ts writes it to BENCHMARKS.md) and the statistic they report.

export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  notes?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
