/**
 * `npm run bench`: runs every benchmark in BENCHMARKS, prints one table and writes it into README.md between
 * <!-- bench:start --> and <!-- bench:end --> (nothing outside the markers is touched), raw figures into
 * bench/.out/results.json.
 *
 *   BENCH_SECONDS=10   seconds of load per HTTP measurement (after a 2 s warm-up)
 *   BENCH_ROUNDS=3     rounds of the HTTP measurements; the table shows the median
 *   BENCH_ONLY=http    run only these benchmarks (comma-separated names); prints, does not touch README.md
 *   BENCH_REBUILD=1    rebuild the clients even when their dist exists
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpBenchmark } from './http';
import { sizesBenchmark } from './sizes';
import { importBenchmark } from './import';
import { sweepBenchmark } from './sweep';
import { departmentBenchmark } from './department';
import { awarenessBenchmark } from './awareness';
import type { Benchmark, BenchContext, BenchOutput, Row } from './types';

const BENCHMARKS: Benchmark[] = [sizesBenchmark, httpBenchmark, importBenchmark, sweepBenchmark, departmentBenchmark, awarenessBenchmark];

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- bench:start -->';
const loadAtStart = os.loadavg()[0];
const END = '<!-- bench:end -->';

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return n;
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

function header(ctx: BenchContext): string {
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain') ? ' + uncommitted changes' : '';
  const cpus = os.cpus();
  const machine = `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ` +
    `${Math.round(os.totalmem() / 1024 ** 3)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`;
  // other work on the machine skews the figures: say how busy it was when the run began
  const load = `1-min load average at the start ${loadAtStart.toFixed(2)}`;
  return `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, commit \`${commit}\`${dirty}; ${load}. ` +
    (ctx.rounds > 1
      ? `HTTP figures are the **median of ${ctx.rounds} rounds** run inside one \`npm run bench\`.`
      : 'HTTP figures are from **a single round** (BENCH_ROUNDS=1).');
}

function table(rows: Row[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    '| measure | ours | baseline | ours ÷ baseline |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${[r.measure, r.ours, r.baseline, r.ratio].map(cell).join(' | ')} |`),
  ].join('\n');
}

function section(ctx: BenchContext, outputs: BenchOutput[]): string {
  return [
    '## Benchmarks',
    '',
    header(ctx),
    '',
    table(outputs.flatMap((o) => o.rows)),
    '',
    ...outputs.flatMap((o) => o.notes).map((n) => `- ${n}`),
    '',
    'Run: `npm run bench` (BENCH_SECONDS, BENCH_ROUNDS, BENCH_REBUILD=1: see bench/run.ts). Code: bench/.',
  ].join('\n');
}

/** Replaces what lies between the markers; creates a README with only a title and the markers if there is none. */
function writeReadme(content: string): void {
  const file = path.join(ROOT, 'README.md');
  if (!fs.existsSync(file)) fs.writeFileSync(file, `# 防止返贫动态监测和帮扶\n\n${START}\n${END}\n`);
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    console.error(`README.md has no ${START} … ${END} section: the table was not written there.`);
    process.exitCode = 1;
    return;
  }
  fs.writeFileSync(file, `${text.slice(0, a + START.length)}\n${content}\n${text.slice(b)}`);
  console.log('Wrote the table into README.md.');
}

async function main() {
  const started = Date.now();
  const ctx: BenchContext = {
    root: ROOT, rounds: positiveInt('BENCH_ROUNDS', 3), seconds: positiveInt('BENCH_SECONDS', 10),
  };
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((n) => !BENCHMARKS.some((b) => b.name === n)) ?? [];
  if (unknown.length) throw new Error(`BENCH_ONLY: no benchmark named ${unknown.join(', ')}`);
  const selected = only ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;

  const outputs: BenchOutput[] = [];
  for (const b of selected) {
    console.log(`[${b.name}]`);
    outputs.push(await b.run(ctx));
  }
  const md = section(ctx, outputs);
  console.log(`\n${md}\n`);

  const outDir = path.join(ROOT, 'bench/.out');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({
    date: new Date().toISOString(), ctx, results: Object.fromEntries(selected.map((b, i) => [b.name, outputs[i]])),
  }, null, 2));

  if (only) console.log('BENCH_ONLY is set: README.md left as it is.');
  else writeReadme(md);
  console.log(`Done in ${Math.round((Date.now() - started) / 1000)} s.`);
}

// Ctrl-C: exit normally, so that the server children and their temp dirs are cleaned up (bench/http.ts)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((err: unknown) => {
  console.error(`\nBENCHMARK FAILED: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.stack) console.error(err.stack);
  process.exit(1);
});
