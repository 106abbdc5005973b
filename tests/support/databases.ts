import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../../functions/src/adapters/db/pglite';
import { openPostgres } from '../../functions/src/adapters/db/postgres';
import type { Db } from '../../functions/src/ports/db';
import { startPostgres, type PostgresServer } from './postgres';

/** A fresh, empty database on one adapter; `again` opens a second handle on it where the adapter can. */
export type OpenDatabase = () => Promise<{ db: Db; again?: () => Promise<Db> }>;

/**
 * The database adapters a store suite runs on: the embedded PGlite always, and a real PostgreSQL server when its
 * binaries are on PATH (they are on CI's machine; elsewhere the reason is printed). Call at a suite's top level:
 * it registers the clean-up of the server and the temporary folders.
 */
export function databaseAdapters(suite: string): [string, OpenDatabase][] {
  const hasPostgres = spawnSync('sh', ['-c', 'command -v initdb && command -v pg_ctl']).status === 0;
  if (!hasPostgres) console.warn(`initdb/pg_ctl not on PATH: the PostgreSQL half of the ${suite} suite is skipped`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-db-'));
  let pgServer: PostgresServer | null = null;
  let counter = 0;

  const adapters: [string, OpenDatabase][] = [
    ['pglite', async () => ({ db: await openPglite(path.join(tmp, `pglite-${++counter}`)) })],
  ];
  if (hasPostgres) {
    adapters.push([
      'postgres',
      async () => {
        pgServer ??= await startPostgres();
        if ('skipped' in pgServer) throw new Error(pgServer.skipped);
        const name = `t${++counter}`;
        const admin = await openPostgres(pgServer.url, 1);
        await admin.query(`create database ${name}`);
        await admin.close();
        const url = pgServer.url.replace(/\/postgres$/, `/${name}`);
        return { db: await openPostgres(url, 30), again: () => openPostgres(url, 5) };
      },
    ]);
  }
  afterAll(() => {
    if (pgServer && 'stop' in pgServer) pgServer.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return adapters;
}
