import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Sql } from '../../ports/db';

/**
 * PGlite keeps real PostgreSQL in a data directory, but only one process may open it. A lock file beside the
 * data says which process has it; a second process gets a clear error instead of a corrupted database.
 */
// data directories this process has open (shared by every bundle of the handlers loaded into the process)
const OPEN = Symbol.for('fangfan.pglite.open');
const openHere: Set<string> = ((globalThis as { [OPEN]?: Set<string> })[OPEN] ??= new Set());

function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'pglite.lock');
  if (openHere.has(lockPath)) throw new Error(`数据目录 ${dataDir} 已在本进程中打开 (the embedded database is already open here)`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      openHere.add(lockPath);
      return () => {
        openHere.delete(lockPath);
        fs.rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockPath, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(`数据目录 ${dataDir} 正被进程 ${pid} 使用 (the embedded database is open in another process)`);
      }
      fs.rmSync(lockPath, { force: true }); // left by a process that has died
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `dataDir` undefined → an in-memory database (tests that need no persistence). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  let pg: PGlite;
  try {
    // Same value shapes as the pg adapter: dates as 'YYYY-MM-DD' text, int8 as numbers.
    pg = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined, {
      parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const run = async <T>(q: Pick<PGlite, 'query'>, text: string, params?: unknown[]) =>
    (await q.query<T>(text, params)).rows;
  const exec = async (q: Pick<PGlite, 'exec'>, script: string) => {
    await q.exec(script);
  };
  // PGlite reads COPY's input from a blob it mounts at /dev/blob
  const copyIn = async (q: Pick<PGlite, 'query'>, table: string, columns: readonly string[], text: string | Uint8Array) => {
    await q.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) });
  };
  return {
    kind: 'pglite',
    query: (text, params) => run(pg, text, params),
    exec: (script) => exec(pg, script),
    copyIn: (table, columns, text) => copyIn(pg, table, columns, text),
    transaction: (fn) =>
      pg.transaction((tx) => {
        const sql: Sql = {
          query: (text, params) => run(tx, text, params),
          exec: (script) => exec(tx, script),
          copyIn: (table, columns, text) => copyIn(tx, table, columns, text),
        };
        return fn(sql);
      }),
    async close() {
      await pg.close();
      unlock();
    },
  };
}
