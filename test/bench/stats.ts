// Small statistics helpers for the benchmarks.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function summarize(values: number[]): { n: number; p50: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

/** A progress line on stderr, rewritten in place when stderr is a terminal. */
export function progress(label: string, done: number, total: number): void {
  const line = `${label}: ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}   `);
  else if (done === total || done % Math.max(1, Math.floor(total / 5)) === 0) process.stderr.write(`${line}\n`);
}
