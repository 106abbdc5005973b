/**
 * The deadline sweep (functions/src/app/sweeps.ts sweepDeadlines) over 1,000,000 open cases of which 1 % are due, on
 * a fresh embedded database in a child process (bench/sweep-child.ts; the data: bench/sweep-data.ts). Target: ≤ 5 s,
 * touching only the due rows — shown by the selection's plan and by the table statistics around each sweep, and the
 * run fails when either says otherwise. Baseline: the same sweep without the partial index tasks_to_remind.
 * BENCH_SWEEP_CASES sets the size (a multiple of 100).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SWEEP_BATCH } from '../functions/src/app/sweeps';
import { forkChild } from './child';
import type { ScanNode, SweepResult, SweepRun } from './sweep-child';
import { formatNumber, median, type Benchmark } from './types';

const TARGET_SECONDS = 5;
const BUDGET_RSS_MB = 2048;

async function runChild(root: string, cases: number): Promise<SweepResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sweep-db-'));
  try {
    return await forkChild<SweepResult>(root, 'sweep-child.ts', [dataDir, String(cases)]);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const seconds = (runs: SweepRun[]) => median(runs.map((r) => r.seconds));
const list = (runs: SweepRun[]) => runs.map((r) => r.seconds.toFixed(2)).join(', ');
const plan = (scans: ScanNode[]) => scans.map((s) => `${s.node} on ${s.relation}${s.index ? ` (${s.index})` : ''}: ` +
  `${formatNumber(s.rows)} row${s.rows === 1 ? '' : 's'}${s.loops > 1 ? ` × ${formatNumber(s.loops)}` : ''}` +
  `${s.removedByFilter ? `, ${formatNumber(s.removedByFilter)} filtered out` : ''}`).join('; ');
const readFromTasks = (scans: ScanNode[]) => scans.filter((s) => s.relation === 'tasks')
  .reduce((n, s) => n + (s.rows + s.removedByFilter) * s.loops, 0);

/** "0/0/0/0 seq scans …" for each run, said once when the runs agree. */
function counters(runs: SweepRun[]): string {
  const each = runs.map((r) => `${r.delta.tasks.seq_scan + r.delta.cases.seq_scan + r.delta.households.seq_scan + r.delta.members.seq_scan} ` +
    `Seq Scans of tasks, cases, households or members, ${formatNumber(r.delta.tasks.n_tup_upd)} tasks updated, ` +
    `${formatNumber(r.indexTuplesRead ?? 0)} tasks_to_remind entries read`);
  return new Set(each).size === 1 ? `in each of the ${runs.length} runs ${each[0]}` : each.map((e, i) => `run ${i + 1}: ${e}`).join('; ');
}

export const sweepBenchmark: Benchmark = {
  name: 'sweep',
  async run(ctx) {
    const cases = Number(process.env.BENCH_SWEEP_CASES ?? 1_000_000);
    if (!Number.isInteger(cases) || cases < 100 || cases % 100 !== 0) throw new Error('BENCH_SWEEP_CASES must be a multiple of 100');
    const res = await runChild(ctx.root, cases);
    const due = res.due.soon + res.due.overdue;
    const [fallback, plain] = res.baselines;
    const ours = seconds(res.runs);
    const base = seconds(plain.runs);
    const peakMb = Math.max(...res.runs.map((r) => r.peakRssKb)) / 1024;
    const oursMs = median(res.selectionMs);
    const baseMs = median(plain.selectionMs);
    const label = `deadline sweep, ${formatNumber(cases)} open cases (${formatNumber(due)} due)`;
    const r0 = res.runs[0];
    const rows = [
      { measure: `${label} — seconds`, ours: `${ours.toFixed(2)} s`, baseline: `${TARGET_SECONDS} s (target)`,
        ratio: `${Math.round((ours / TARGET_SECONDS) * 100)} % of target` },
      { measure: `${label} — vs. the same with tasks read by a Seq Scan`, ours: `${ours.toFixed(2)} s`,
        baseline: `${base.toFixed(2)} s`, ratio: `${(ours / base).toFixed(2)}×` },
      { measure: `${label} — its selection of one batch (${formatNumber(Math.min(due, SWEEP_BATCH))} tasks)`,
        ours: `${formatNumber(oursMs)} ms, ${formatNumber(readFromTasks(res.explain.ours.scans))} tasks read`,
        baseline: `${formatNumber(baseMs)} ms, ${formatNumber(readFromTasks(plain.explain.scans))} tasks read`,
        ratio: `${(oursMs / baseMs).toFixed(2)}×` },
      { measure: `${label} — peak RSS`, ours: `${formatNumber(peakMb)} MB`, baseline: `${formatNumber(BUDGET_RSS_MB)} MB (budget)`,
        ratio: `${Math.round((peakMb / BUDGET_RSS_MB) * 100)} % of budget` },
    ];
    const notes = [
      `Deadline sweep: \`sweepDeadlines\` over ${formatNumber(cases)} open cases, each with its household, head and one ` +
        `open task (60 % 入户核实 by the grid member, 15 % 民主评议 by the village cadre, 10 % 乡镇审核 by the township ` +
        `reviewer, 15 % 帮扶走访), spread over the demo county grown to ${res.grid.townships} townships, ${formatNumber(res.grid.villages)} ` +
        `villages and ${formatNumber(res.grid.groups)} groups with ${formatNumber(res.grid.staff)} staff (a grid member per group, ` +
        `a cadre per village, a reviewer per township); ${formatNumber(res.due.soon)} tasks due within the reminder window ` +
        `and ${formatNumber(res.due.overdue)} overdue, spread evenly through the tables (every 100th row: no locality helps), ` +
        `the rest due later. Made with set-based SQL in ${res.generateSeconds.toFixed(0)} s (not timed), then ANALYZE and CHECKPOINT.`,
      `Each sweep: ${formatNumber(r0.report.dueSoon)} due-soon reminders to the owner, ${formatNumber(r0.report.overdue)} overdue ` +
        `notices to the owner and escalations to the level above, ${formatNumber(r0.report.messages)} outbox rows written ` +
        `(an inbox copy and a pending push copy each: pushes on, nothing sent), in batches of ${formatNumber(SWEEP_BATCH)}. ` +
        `Median of ${res.runs.length} runs (${list(res.runs)} s), each from the unreminded state (reminded reset, messages ` +
        `deleted, VACUUM ANALYZE, not timed), on one embedded PGlite database in one child process; peak RSS is that process's ` +
        `VmHWM, reset before each sweep (${formatNumber(res.rssBeforeKb / 1024)} MB while the data was made).`,
      `Only the due rows: the plan of the sweep's selection (EXPLAIN ANALYZE, first batch) — ${plan(res.explain.ours.scans)}. ` +
        `All due at once: ${plan(res.explain.oursAll.scans.filter((s) => s.relation === 'tasks'))}, exactly the ${formatNumber(due)} due ` +
        `of the ${formatNumber(res.indexEntries)} tasks the index holds. Table statistics around each sweep: ${counters(res.runs)} ` +
        '(an entry can be read by two batches: one told as due soon is passed over by the next, an overdue one\'s old entry ' +
        'stays until VACUUM). The benchmark fails if the selection scans a whole table, tasks are not read through ' +
        'tasks_to_remind, or the counts differ.',
      `Baseline: the same data and code with no index on tasks.due_on (tasks_to_remind and tasks_open_by_area dropped, ` +
        `made again afterwards): ${plan(plain.explain.scans.filter((s) => s.relation === 'tasks'))}; median of ` +
        `${plain.runs.length} sweeps (${list(plain.runs)} s). With only tasks_to_remind dropped (tasks_open_by_area on ` +
        `(area_path, due_on) left): ${plan(fallback.explain.scans.filter((s) => s.relation === 'tasks'))}` +
        `${fallback.explain.scans.some((s) => s.index === 'tasks_open_by_area') ? ', found by going through all of that index' : ''}; ` +
        `selection ${formatNumber(median(fallback.selectionMs))} ms, sweep ${seconds(fallback.runs).toFixed(2)} s ` +
        `(${list(fallback.runs)}). Selection times are the statement alone, median of 3, in a transaction rolled back.`,
    ];
    if (ours > TARGET_SECONDS) notes.push(`The sweep took ${ours.toFixed(2)} s, over the ${TARGET_SECONDS} s target.`);
    return { rows, notes, raw: res };
  },
};
