/** One line of the results table. Every benchmark returns its own rows; bench/run.ts renders them in order. */
export interface Row {
  measure: string;
  ours: string;
  /** What `ours` is compared with (a bare implementation, a platform limit); '—' when nothing. */
  baseline: string;
  /** ours ÷ baseline, formatted; '—' when there is no baseline. */
  ratio: string;
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** Rounds of each repeatable measurement; the table shows the median. */
  rounds: number;
  /** Seconds of load per HTTP measurement (BENCH_SECONDS). */
  seconds: number;
}

export interface BenchOutput {
  rows: Row[];
  /** Lines printed under the table (how it was measured, caveats). */
  notes: string[];
  /** Raw figures, written to bench/.out/results.json. */
  raw?: unknown;
}

/**
 * A benchmark: a name and a function producing rows. To add one (an Excel import, a deadline sweep), write
 * bench/<name>.ts exporting a Benchmark and list it in BENCHMARKS in bench/run.ts.
 * Throw to fail the whole run (wrong answers, non-2xx responses); put expected, reportable failures in rows instead.
 */
export interface Benchmark {
  name: string;
  run(ctx: BenchContext): Promise<BenchOutput>;
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
