/**
 * Child process of bench/department.ts, in one of two modes:
 *
 *   generate <dataDir> <csv> <members> <rows>   a fresh embedded database with the demo county grown to a county's
 *       grid and a registry of <members> members (bench/department-data.ts), closed cleanly; and the 医保 file.
 *   run <dataDir> <csv>   on a copy of that database: the real import as the CLI runs it (importDepartmentData, as the
 *       医保局's account), timed end to end with its peak RSS and where the time went; then the baseline on the same
 *       data in the same PGlite: the file COPYed into a table and hash-joined with members on the ID's keyed hash.
 *
 * Sends its figures to the parent; throws (exit 1) when a check fails.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Extension } from '@electric-sql/pglite';
import { importDepartmentData, type DepartmentImportProgress } from '../functions/src/app/department-imports';
import { loadConfig } from '../functions/src/config/env';
import { createDeps } from '../functions/src/deps';
import type { DataProtector } from '../functions/src/adapters/data-protector';
import type { Actor } from '../functions/src/http/auth';
import type { Db, Sql } from '../functions/src/ports/db';
import { seedDemoCounty } from '../functions/src/seed/demo-county';
import { findUserBy } from '../functions/src/store/users';
import { generateRegistry, NOW, writeMedicalCsv, type FileStats, type RegistryStats } from './department-data';
import { growGrid, type GridCounts } from './sweep-data';

/** The account the CLI uses without --as for a 医保 file: the demo's one 医保局 account. */
const IMPORTER = 'dept-medical';

export interface GenerateResult {
  type: 'generate-result';
  grid: GridCounts;
  registry: RegistryStats;
  file: FileStats;
  steps: { label: string; seconds: number }[];
  seconds: number;
  sizes: Record<string, { rows: number; mb: number }>;
  /** The generating process's peak RSS. */
  peakRssKb: number;
}

/** Time and calls per SQL statement (its first words), and per phase of the import. */
export interface StatementTime { phase: string; statement: string; calls: number; seconds: number }

export interface RunResult {
  type: 'run-result';
  seconds: number;
  peakRssKb: number;
  rssBeforeKb: number;
  reset: boolean;
  /** Seconds from the start to each phase's first progress report, in order. */
  phases: { phase: string; at: number }[];
  statements: StatementTime[];
  sqlSeconds: number;
  job: {
    status: string; message: string | null; rowsRead: number; rowsMatched: number; rowsUnmatched: number;
    rowsRejected: number; rowsRepeated: number; hits: number; hitsByRule: Record<string, number>; cluesCreated: number;
    cluesJoined: number;
  };
  /** What the import left in the tables. */
  stored: { records: number; unmatched: number; alerts: number; clues: number; casesOpened: number; tasks: number; messages: number };
  baseline: BaselineResult;
}

export interface BaselineRun {
  /** Reading the file (and hashing, for nodeHash) and COPY. */
  copySeconds: number;
  joinSeconds: number;
  seconds: number;
  matched: number;
}

/** The two ways of the plain match (see baseline()). */
export interface BaselineResult { nodeHash: BaselineRun; sqlHash: BaselineRun }

function vmHwmKb(): number {
  const m = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)\s+kB/);
  return m ? Number(m[1]) : process.resourceUsage().maxRSS;
}

function resetHwm(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The database with every statement timed by its first words (parameters aside) and the import's phase at the time:
 * where an import spends its time. Transactions are not timed on their own (their statements are).
 */
function profiled(db: Db, phase: () => string): { db: Db; statements: () => StatementTime[] } {
  const times = new Map<string, StatementTime>();
  const timed = async <T>(text: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      const statement = text.replace(/\s+/g, ' ').trim().slice(0, 90);
      const key = `${phase()}|${statement}`;
      const s = times.get(key) ?? { phase: phase(), statement, calls: 0, seconds: 0 };
      s.calls++;
      s.seconds += (performance.now() - t) / 1000;
      times.set(key, s);
    }
  };
  const wrap = (sql: Sql): Sql => ({
    query: (text, params) => timed(text, () => sql.query(text, params)),
    exec: (script) => timed(script, () => sql.exec(script)),
    copyIn: (table, columns, text) => timed(`copy ${table}`, () => sql.copyIn(table, columns, text)),
  });
  return {
    db: { kind: db.kind, ...wrap(db), transaction: (fn) => db.transaction((tx) => fn(wrap(tx))), close: () => db.close() },
    statements: () => [...times.values()].sort((a, b) => b.seconds - a.seconds),
  };
}

async function generate(dataDir: string, csv: string, members: number, rows: number): Promise<GenerateResult> {
  const started = performance.now();
  const steps: { label: string; seconds: number }[] = [];
  const log = (label: string, seconds: number) => {
    steps.push({ label, seconds });
    console.log(`    ${label}: ${seconds.toFixed(1)} s`);
  };
  let t = performance.now();
  const deps = await createDeps({ ...process.env, DATA_DIR: dataDir });
  await seedDemoCounty(deps.db, deps.protector, NOW);
  const grid = await growGrid(deps.db);
  log(`database, demo county and grid (${grid.groups} groups, ${grid.staff} staff)`, (performance.now() - t) / 1000);
  const { stats, ids, names, householdOf } = await generateRegistry(deps.db, deps.protector, members, log);
  t = performance.now();
  await deps.db.query('analyze');
  await deps.db.query('checkpoint');
  log('analyze, checkpoint', (performance.now() - t) / 1000);
  const sizes = Object.fromEntries((await deps.db.query<{ relname: string; rows: number; mb: number }>(
    `select relname, reltuples::float8 as rows, round(pg_total_relation_size(oid) / 1048576.0)::int as mb from pg_class
      where relname = any($1::text[])`, [['households', 'members']],
  )).map((r) => [r.relname, { rows: r.rows, mb: r.mb }]));
  await deps.db.close();
  t = performance.now();
  const file = await writeMedicalCsv(csv, rows, ids, names, householdOf);
  log(`the 医保 file (${rows} rows, ${(file.bytes / 1048576).toFixed(1)} MB)`, (performance.now() - t) / 1000);
  return {
    type: 'generate-result', grid, registry: stats, file, steps, seconds: (performance.now() - started) / 1000, sizes,
    peakRssKb: vmHwmKb(),
  };
}

/**
 * The same match in plain SQL, in the same PGlite on the same data, two ways, each timed from the file on disk to
 * the matches inserted into a table:
 *   nodeHash — the file read, the keyed hash of each row's ID number computed in Node by the app's DataProtector (as
 *     the import does) and put in front of the row, the lot COPYed into a table, then joined with the members (present,
 *     in a household under the importer's area) on id_hash;
 *   sqlHash — the file COPYed as it is, the hash computed in SQL (pgcrypto's HMAC under the app's lookup key) in the
 *     join.
 * No checks, no records, no rules, no clues.
 */
async function baseline(
  dataDir: string, csv: string, scope: string, protector: DataProtector, sampleId: string, sampleHash: string,
): Promise<BaselineResult> {
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
  // the lookup key exactly as DataProtector derives it from the data key
  const macKey = Buffer.from(crypto.hkdfSync('sha256', config.dataKey, Buffer.alloc(0), 'lookup-hash', 32));
  // a subpath export, which the repository's moduleResolution (node10) cannot type: loaded by name
  const contrib = '@electric-sql/pglite/contrib/pgcrypto';
  const { pgcrypto } = (await import(contrib)) as { pgcrypto: Extension };
  const pg = await PGlite.create(path.join(dataDir, 'db', 'pgdata'), { extensions: { pgcrypto } });
  try {
    await pg.exec('create extension if not exists pgcrypto');
    const hashSql = (col: string) => `translate(rtrim(encode(hmac(convert_to(${col}, 'UTF8'), $1::bytea, 'sha256'), 'base64'), '='), '+/', '-_')`;
    const [check] = (await pg.query<{ h: string }>(`select ${hashSql('$2::text')} as h`, [macKey, sampleId])).rows;
    if (check.h !== sampleHash || protector.lookupHash(sampleId) !== sampleHash) {
      throw new Error(`the keyed hash in SQL (${check.h}) or in Node differs from the stored one (${sampleHash})`);
    }
    const columns = 'id_number text, name text, on_text text, hospital text, total text, fund text, self_pay text';
    await pg.exec(`create table bench_file_hashed (id_hash text, ${columns}); create table bench_file (${columns});
                   create table bench_matches (member_id uuid, household_id uuid, self_pay text)`);
    const join = (table: string, hash: string, params: unknown[]) => pg.query<{ n: number }>(
      `with m as (
         insert into bench_matches (member_id, household_id, self_pay)
         select m.id, m.household_id, f.self_pay
           from ${table} f
           join members m on m.id_hash = ${hash} and m.removed_at is null
           join households h on h.id = m.household_id and starts_with(h.area_path, $${params.length})
         returning 1)
       select count(*)::int as n from m`,
      params,
    );

    let t0 = performance.now();
    const lines = (await fs.promises.readFile(csv, 'utf8')).split('\r\n');
    const hashed: string[] = [];
    for (let i = 1; i < lines.length; i++) {
      if (lines[i]) hashed.push(`${protector.lookupHash(lines[i].slice(0, lines[i].indexOf(',')))},${lines[i]}`);
    }
    await pg.query(`copy bench_file_hashed from '/dev/blob' with (format csv)`, [], { blob: new Blob([hashed.join('\n')]) });
    let t1 = performance.now();
    const [a] = (await join('bench_file_hashed', 'f.id_hash', [scope])).rows;
    let t2 = performance.now();
    const nodeHash = { copySeconds: (t1 - t0) / 1000, joinSeconds: (t2 - t1) / 1000, seconds: (t2 - t0) / 1000, matched: a.n };
    await pg.exec('truncate bench_matches');

    t0 = performance.now();
    await pg.query(`copy bench_file from '/dev/blob' with (format csv, header true)`, [], { blob: new Blob([await fs.promises.readFile(csv)]) });
    t1 = performance.now();
    const [b] = (await join('bench_file', hashSql('f.id_number'), [macKey, scope])).rows;
    t2 = performance.now();
    const sqlHash = { copySeconds: (t1 - t0) / 1000, joinSeconds: (t2 - t1) / 1000, seconds: (t2 - t0) / 1000, matched: b.n };
    return { nodeHash, sqlHash };
  } finally {
    await pg.close();
  }
}

async function run(dataDir: string, csv: string): Promise<RunResult> {
  const base = await createDeps({ ...process.env, DATA_DIR: dataDir });
  const user = await findUserBy(base.db, 'username', IMPORTER);
  if (!user) throw new Error(`no ${IMPORTER} account in the demo county`);
  const importer: Actor = { userId: user.id, role: user.role, areaId: user.area_id, areaPath: user.area_path, householdId: null };
  const [sample] = await base.db.query<{ id_cipher: string; id_hash: string }>('select id_cipher, id_hash from members limit 1');
  const sampleId = base.protector.decrypt(sample.id_cipher);
  const [before] = await base.db.query<{ clues: number; cases: number; tasks: number; messages: number }>(
    `select (select count(*) from clues)::int as clues, (select count(*) from cases)::int as cases,
            (select count(*) from tasks where kind = 'verify')::int as tasks,
            (select count(*) from notifications)::int as messages`,
  );
  // the phase as the import reports it; the first report comes after the first batch, the job row is written before
  const phases: { phase: string; at: number }[] = [{ phase: 'reading', at: 0 }];
  const { db, statements } = profiled(base.db, () => phases[phases.length - 1].phase);
  const deps = { ...base, db };
  const rssBeforeKb = vmHwmKb();
  const reset = resetHwm();
  const started = performance.now();
  const onProgress = (p: DepartmentImportProgress) => {
    if (phases[phases.length - 1].phase !== p.phase) phases.push({ phase: p.phase, at: (performance.now() - started) / 1000 });
  };
  const job = await importDepartmentData(deps, {
    fileName: path.basename(csv), bytesTotal: fs.statSync(csv).size, open: () => fs.createReadStream(csv), path: csv,
  }, { kind: 'medical', importer, now: NOW, onProgress });
  const seconds = (performance.now() - started) / 1000;
  const peakRssKb = vmHwmKb();
  const stmts = statements();
  const sqlSeconds = stmts.reduce((a, s) => a + s.seconds, 0);
  const [after] = await base.db.query<RunResult['stored'] & { cases: number; tasks_all: number; messages_all: number }>(
    `select (select count(*) from department_records where job_id = $1)::int as records,
            (select count(*) from department_unmatched where job_id = $1)::int as unmatched,
            (select count(*) from department_alerts where job_id = $1)::int as alerts,
            (select count(*) from clues)::int as clues,
            (select count(*) from cases)::int as cases, (select count(*) from tasks where kind = 'verify')::int as tasks_all,
            (select count(*) from notifications)::int as messages_all`,
    [job.id],
  );
  await base.db.close();
  const hitsByRule = Object.fromEntries(job.hitsByRule.map((r) => [r.ruleId, r.hits]));
  const result: RunResult = {
    type: 'run-result', seconds, peakRssKb, rssBeforeKb, reset, phases, statements: stmts, sqlSeconds,
    job: {
      status: job.status, message: job.message, rowsRead: job.rowsRead, rowsMatched: job.rowsMatched,
      rowsUnmatched: job.rowsUnmatched, rowsRejected: job.rowsRejected, rowsRepeated: job.rowsRepeated,
      hits: Object.values(hitsByRule).reduce((a, b) => a + b, 0), hitsByRule, cluesCreated: job.cluesCreated,
      cluesJoined: job.cluesJoined,
    },
    stored: {
      records: after.records, unmatched: after.unmatched, alerts: after.alerts, clues: after.clues - before.clues,
      casesOpened: after.cases - before.cases, tasks: after.tasks_all - before.tasks, messages: after.messages_all - before.messages,
    },
    baseline: await baseline(dataDir, csv, importer.areaPath ?? '/', base.protector, sampleId, sample.id_hash),
  };
  return result;
}

async function main() {
  const [mode, dataDir, csv, ...rest] = process.argv.slice(2);
  if (mode === 'generate') process.send?.(await generate(dataDir, csv, Number(rest[0]), Number(rest[1])));
  else if (mode === 'run') process.send?.(await run(dataDir, csv));
  else throw new Error(`unknown mode ${mode}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
