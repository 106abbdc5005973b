/**
 * Child process of bench/sweep.ts: a fresh embedded database with the demo county grown to a county's grid, N open
 * cases made with set-based SQL (1 % of them due), then the deadline sweep timed over it, with the evidence that it
 * reads only the due rows. Sends the figures to the parent; throws (exit 1) when a check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addCalendarDays, chinaDate } from '@shared/domain/dates';
import { createDeps, type Deps } from '../functions/src/deps';
import { openPglite } from '../functions/src/adapters/db/pglite';
import { DUE_TASKS_SQL, SWEEP_BATCH, sweepDeadlines, type DeadlineSweepReport } from '../functions/src/app/sweeps';
import { seedDemoCounty } from '../functions/src/seed/demo-county';
import { generateCases, growGrid, type GridCounts } from './sweep-data';
import type { Db } from '../functions/src/ports/db';
import type { PushChannel } from '../functions/src/ports/push';

/** The sweep's clock: fixed, so the data (dates relative to it) and the figures are the same on every run. */
const NOW = new Date('2026-11-20T02:00:00Z');
/** The tables with a row per case (or household): none of them may be scanned whole by the sweep. */
const BIG_TABLES = ['tasks', 'cases', 'households', 'members'];

export interface ScanNode {
  node: string;
  relation: string | null;
  index: string | null;
  rows: number;
  loops: number;
  removedByFilter: number;
}

export interface Explained {
  ms: number;
  scans: ScanNode[];
  /** Shared buffers hit + read by the whole statement. */
  buffers: number;
  plan: unknown;
}

export interface TableCounters {
  seq_scan: number;
  idx_scan: number;
  idx_tup_fetch: number;
  n_tup_upd: number;
  heap_blks: number;
}

export interface SweepRun {
  seconds: number;
  report: DeadlineSweepReport;
  peakRssKb: number;
  /** Counter changes over the sweep, per table (pg_stat_user_tables, pg_statio_user_tables). */
  delta: Record<string, TableCounters>;
  /** Entries read from tasks_to_remind during the sweep (pg_stat_user_indexes.idx_tup_read), when it exists. */
  indexTuplesRead: number | null;
}

/** The same sweep with indexes dropped (and made again afterwards). */
export interface Baseline {
  dropped: string[];
  runs: SweepRun[];
  explain: Explained;
  selectionMs: number[];
}

export interface SweepResult {
  type: 'sweep-result';
  cases: number;
  due: { soon: number; overdue: number };
  grid: GridCounts;
  generateSeconds: number;
  sizes: Record<string, { rows: number; pages: number }>;
  indexEntries: number;
  runs: SweepRun[];
  explain: { ours: Explained; oursAll: Explained };
  /** The selection alone, ms (one batch, rolled back). */
  selectionMs: number[];
  baselines: Baseline[];
  rssBeforeKb: number;
}

function vmHwmKb(): number {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)\s+kB/);
  return m ? Number(m[1]) : process.resourceUsage().maxRSS;
}

/** Resets the resident-memory high-water mark (Linux ≥ 4.0); false where that is not possible. */
function resetHwm(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** What did not hold; the run goes on to print all the evidence, then fails with every problem listed. */
const problems: string[] = [];
function fail(message: string): void {
  console.error(`  FAILED: ${message}`);
  problems.push(message);
}

async function counters(db: Db): Promise<{ tables: Record<string, TableCounters>; indexRead: number | null }> {
  // the statistics are flushed at the end of each transaction the sweep ran; make sure the last one is in
  await db.query('select pg_stat_force_next_flush()');
  await db.query('select pg_stat_clear_snapshot()');
  const rows = await db.query<TableCounters & { relname: string }>(
    `select s.relname, coalesce(s.seq_scan, 0)::float8 as seq_scan, coalesce(s.idx_scan, 0)::float8 as idx_scan,
            coalesce(s.idx_tup_fetch, 0)::float8 as idx_tup_fetch, s.n_tup_upd::float8 as n_tup_upd,
            (coalesce(io.heap_blks_hit, 0) + coalesce(io.heap_blks_read, 0))::float8 as heap_blks
       from pg_stat_user_tables s join pg_statio_user_tables io using (relid)
      where s.relname = any($1::text[])`,
    [[...BIG_TABLES, 'areas', 'users', 'notifications']],
  );
  const [idx] = await db.query<{ n: number }>(
    `select idx_tup_read::float8 as n from pg_stat_user_indexes where indexrelname = 'tasks_to_remind'`,
  );
  return { tables: Object.fromEntries(rows.map(({ relname, ...c }) => [relname, c])), indexRead: idx ? idx.n : null };
}

/** Back to the state before any sweep: no task reminded, no message; then vacuumed and analysed. Not timed. */
async function reset(db: Db): Promise<void> {
  await db.query('update tasks set reminded = 0 where reminded > 0');
  await db.query('delete from notifications');
  for (const sql of ['vacuum analyze tasks', 'vacuum analyze notifications', 'checkpoint']) await db.query(sql);
}

async function timedSweep(deps: Deps, label: string): Promise<SweepRun> {
  await reset(deps.db);
  const before = await counters(deps.db);
  resetHwm();
  const t = performance.now();
  const report = await sweepDeadlines(deps, NOW);
  const seconds = (performance.now() - t) / 1000;
  const peakRssKb = vmHwmKb();
  const after = await counters(deps.db);
  const delta: Record<string, TableCounters> = {};
  for (const [name, a] of Object.entries(after.tables)) {
    const b = before.tables[name];
    delta[name] = {
      seq_scan: a.seq_scan - (b?.seq_scan ?? 0), idx_scan: a.idx_scan - (b?.idx_scan ?? 0),
      idx_tup_fetch: a.idx_tup_fetch - (b?.idx_tup_fetch ?? 0), n_tup_upd: a.n_tup_upd - (b?.n_tup_upd ?? 0),
      heap_blks: a.heap_blks - (b?.heap_blks ?? 0),
    };
  }
  const indexTuplesRead = after.indexRead !== null && before.indexRead !== null ? after.indexRead - before.indexRead : null;
  console.log(`  ${label}: ${seconds.toFixed(2)} s — ${JSON.stringify(report)}, peak RSS ${Math.round(peakRssKb / 1024)} MB, ` +
    `tasks: ${delta.tasks.seq_scan} seq scans, ${delta.tasks.n_tup_upd} rows updated, ${delta.tasks.heap_blks} heap blocks` +
    (indexTuplesRead !== null ? `, ${indexTuplesRead} tasks_to_remind entries read` : ''));
  return { seconds, report, peakRssKb, delta, indexTuplesRead };
}

/** The plan's scans of tables; a bitmap heap scan is named with the index (or indexes) its bitmap came from. */
function scans(plan: Record<string, unknown>, out: ScanNode[] = []): ScanNode[] {
  const type = String(plan['Node Type']);
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  if (plan['Relation Name']) {
    const bitmapIndexes = type === 'Bitmap Heap Scan'
      ? JSON.stringify(children).match(/"Index Name":"[^"]+"/g)?.map((m) => m.slice(14, -1)).join('+') : null;
    out.push({
      node: type, relation: plan['Relation Name'] as string, index: (plan['Index Name'] as string) ?? bitmapIndexes ?? null,
      rows: Number(plan['Actual Rows'] ?? 0), loops: Number(plan['Actual Loops'] ?? 0),
      removedByFilter: Number(plan['Rows Removed by Filter'] ?? 0) + Number(plan['Rows Removed by Index Recheck'] ?? 0),
    });
  }
  for (const child of children) scans(child, out);
  return out;
}

/** EXPLAIN ANALYZE of the sweep's selection as it runs (for update: in a transaction that is rolled back). */
async function explainSelection(db: Db, params: unknown[]): Promise<Explained> {
  let explained: Explained | null = null;
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown>; 'Execution Time': number }] }>(
      `explain (analyze, buffers, format json) ${DUE_TASKS_SQL}`, params,
    );
    const [{ Plan, 'Execution Time': ms }] = row['QUERY PLAN'];
    explained = {
      ms, scans: scans(Plan), buffers: Number(Plan['Shared Hit Blocks'] ?? 0) + Number(Plan['Shared Read Blocks'] ?? 0), plan: Plan,
    };
    throw new Rollback();
  }).catch((err: unknown) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return explained!;
}
class Rollback extends Error {}

/** The selection itself, timed without EXPLAIN's overhead (rolled back: it locks the rows it selects). */
async function timeSelection(db: Db, params: unknown[]): Promise<number> {
  let ms = 0;
  await db.transaction(async (tx) => {
    const t = performance.now();
    await tx.query(DUE_TASKS_SQL, params);
    ms = performance.now() - t;
    throw new Rollback();
  }).catch((err: unknown) => {
    if (!(err instanceof Rollback)) throw err;
  });
  return ms;
}

function describe(scanList: ScanNode[]): string {
  return scanList.map((s) => `${s.node} on ${s.relation}${s.index ? ` using ${s.index}` : ''} (${s.rows} rows × ${s.loops}` +
    `${s.removedByFilter ? `, ${s.removedByFilter} removed by filter` : ''})`).join('; ');
}

async function main() {
  const [dataDir, casesArg] = process.argv.slice(2);
  const cases = Number(casesArg);
  const db = await openPglite(path.join(dataDir, 'db'));
  // pushes on, as in production: every message gets an inbox copy and a pending push copy; nothing is ever sent
  const neverCalled: PushChannel = {
    name: 'wechat', send: (m) => Promise.reject(new Error(`the sweep benchmark sends no push (${m.templateId})`)),
  };
  const deps = await createDeps(
    { DATA_DIR: dataDir, WECHAT_TEMPLATE_TODO: 'bench-tmpl-todo', WECHAT_TEMPLATE_RESULT: 'bench-tmpl-result' },
    { db, push: neverCalled },
  );
  const today = chinaDate(NOW);
  const soon = addCalendarDays(today, deps.config.push.remindDaysBefore);
  await seedDemoCounty(db, deps.protector, NOW);

  const t0 = performance.now();
  const grid = await growGrid(db);
  await generateCases(db, cases, today, deps.config.push.remindDaysBefore);
  const generateSeconds = (performance.now() - t0) / 1000;
  const [due] = await db.query<{ soon: number; overdue: number; open: number }>(
    `select count(*) filter (where due_on between $1::date and $2::date)::int as soon,
            count(*) filter (where due_on < $1::date)::int as overdue, count(*)::int as open
       from tasks where status = 'open'`, [today, soon],
  );
  const dueRows = due.soon + due.overdue;
  console.log(`  made ${cases} open cases (${due.soon} due soon, ${due.overdue} overdue) over ${grid.groups} groups in ${generateSeconds.toFixed(1)} s`);
  if (due.open !== cases || dueRows !== cases / 100) fail(`expected ${cases} open tasks, 1 % due; found ${due.open}, ${dueRows} due`);
  const sizes = Object.fromEntries((await db.query<{ relname: string; rows: number; pages: number }>(
    `select relname, reltuples::float8 as rows, relpages::int as pages from pg_class
      where relname = any($1::text[]) order by relname`, [[...BIG_TABLES, 'tasks_to_remind']],
  )).map((r) => [r.relname, { rows: r.rows, pages: r.pages }]));
  const [{ n: indexEntries }] = await db.query<{ n: number }>(
    `select count(*)::int as n from tasks where status = 'open' and reminded < 2`,
  );
  const rssBeforeKb = vmHwmKb();

  // ── evidence: the plan of the sweep's selection as it runs (its first batch), and of all due rows at once ──
  await reset(db);
  const batch = await explainSelection(db, [today, soon, SWEEP_BATCH]);
  const all = await explainSelection(db, [today, soon, cases]);
  for (const [name, e] of [[`batch of ${SWEEP_BATCH}`, batch], ['all at once', all]] as const) {
    console.log(`  selection (${name}): ${e.ms.toFixed(1)} ms, ${e.buffers} buffers — ${describe(e.scans)}`);
  }
  for (const [name, e] of [['batch', batch], ['all at once', all]] as const) {
    const whole = e.scans.filter((s) => s.node === 'Seq Scan' && BIG_TABLES.includes(s.relation ?? ''));
    if (whole.length) fail(`the sweep's selection (${name}) scans whole tables: ${describe(whole)}`);
    const onTasks = e.scans.filter((s) => s.relation === 'tasks');
    if (onTasks.length !== 1 || onTasks[0].index !== 'tasks_to_remind') fail(`tasks not read through tasks_to_remind (${name}): ${describe(onTasks)}`);
  }
  const batchTasks = batch.scans.find((s) => s.relation === 'tasks');
  if (batchTasks && batchTasks.rows + batchTasks.removedByFilter > Math.min(dueRows, SWEEP_BATCH + 1)) {
    fail(`the first batch read ${batchTasks.rows + batchTasks.removedByFilter} tasks for a batch of ${SWEEP_BATCH}`);
  }
  const allTasks = all.scans.find((s) => s.relation === 'tasks');
  if (!allTasks || allTasks.rows !== dueRows || allTasks.removedByFilter !== 0) {
    fail(`tasks_to_remind gave ${allTasks?.rows} rows (${allTasks?.removedByFilter} filtered) for ${dueRows} due`);
  }

  // ── ours: median of 3 sweeps, each from the unreminded state ──
  const runs: SweepRun[] = [];
  for (let i = 1; i <= 3; i++) runs.push(await timedSweep(deps, `sweep ${i}`));
  for (const r of runs) {
    const messages = 2 * (r.report.dueSoon + 2 * r.report.overdue); // inbox + push, owner (+ the level above when overdue)
    if (r.report.dueSoon !== due.soon || r.report.overdue !== due.overdue || r.report.messages !== messages) {
      fail(`the sweep did ${JSON.stringify(r.report)}; expected ${due.soon} due soon, ${due.overdue} overdue, ${messages} messages`);
    }
    for (const t of BIG_TABLES) if (r.delta[t].seq_scan !== 0) fail(`the sweep scanned ${t} whole ${r.delta[t].seq_scan} times`);
    if (r.delta.tasks.n_tup_upd !== dueRows) fail(`the sweep updated ${r.delta.tasks.n_tup_upd} tasks for ${dueRows} due`);
    for (const t of ['cases', 'households', 'members']) if (r.delta[t].n_tup_upd !== 0) fail(`the sweep updated ${t}`);
    // each due entry is read by at most three batches (taken; passed over as told or dead until vacuumed)
    if (r.indexTuplesRead === null || r.indexTuplesRead < dueRows || r.indexTuplesRead > 3 * dueRows) {
      fail(`the sweep read ${r.indexTuplesRead} tasks_to_remind entries for ${dueRows} due`);
    }
  }
  const [stored] = await db.query<{ inbox: number; push: number }>(
    `select count(*) filter (where channel = 'inbox' and status = 'sent')::int as inbox,
            count(*) filter (where channel = 'wechat' and status = 'pending' and template_id = 'bench-tmpl-todo')::int as push
       from notifications`,
  );
  if (stored.inbox !== runs[0].report.messages / 2 || stored.push !== stored.inbox) fail(`stored messages: ${JSON.stringify(stored)}`);

  await reset(db);
  const selectionMs: number[] = [];
  for (let i = 0; i < 3; i++) selectionMs.push(await timeSelection(db, [today, soon, SWEEP_BATCH]));

  // ── baselines: without the partial index (what the planner falls back on), and with no index on due_on at all ──
  const baselines: Baseline[] = [];
  for (const dropped of [['tasks_to_remind'], ['tasks_to_remind', 'tasks_open_by_area']]) {
    const defs = await db.query<{ indexdef: string }>(`select indexdef from pg_indexes where indexname = any($1::text[])`, [dropped]);
    if (defs.length !== dropped.length) fail(`indexes ${dropped.join(', ')} not all found`);
    for (const name of dropped) await db.query(`drop index ${name}`);
    await reset(db);
    const explain = await explainSelection(db, [today, soon, SWEEP_BATCH]);
    console.log(`  without ${dropped.join(' and ')}: selection ${explain.ms.toFixed(1)} ms — ${describe(explain.scans)}`);
    const baselineMs: number[] = [];
    for (let i = 0; i < 3; i++) baselineMs.push(await timeSelection(db, [today, soon, SWEEP_BATCH]));
    const baselineRuns: SweepRun[] = [];
    for (let i = 1; i <= 3; i++) baselineRuns.push(await timedSweep(deps, `sweep ${i} without ${dropped.join(' and ')}`));
    for (const r of baselineRuns) {
      if (r.report.dueSoon !== due.soon || r.report.overdue !== due.overdue) fail(`the baseline sweep did ${JSON.stringify(r.report)}`);
    }
    for (const { indexdef } of defs) await db.query(indexdef);
    await db.query('analyze tasks');
    baselines.push({ dropped, runs: baselineRuns, explain, selectionMs: baselineMs });
  }
  // the plain one must be what it says: the whole of tasks read
  const plain = baselines[1].explain.scans.filter((sc) => sc.relation === 'tasks');
  if (plain.length !== 1 || plain[0].node !== 'Seq Scan') fail(`the baseline without an index on due_on is not a Seq Scan: ${describe(plain)}`);
  await db.close();
  if (problems.length) throw new Error(`sweep benchmark: ${problems.join('; ')}`);

  const result: SweepResult = {
    type: 'sweep-result', cases, due: { soon: due.soon, overdue: due.overdue }, grid, generateSeconds, sizes, indexEntries,
    runs, explain: { ours: batch, oursAll: all }, selectionMs, baselines, rssBeforeKb,
  };
  process.send?.(result);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
