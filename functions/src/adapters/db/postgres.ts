import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, types, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, Sql } from '../../ports/db';

// Keep `date` values as the plain 'YYYY-MM-DD' text they are; pg would otherwise turn them into local midnights.
types.setTypeParser(types.builtins.DATE, (v) => v);
// int8 (count(*), identity ids) as numbers, as PGlite returns them; our counts stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

async function copyIn(client: PoolClient, table: string, columns: readonly string[], text: string | Uint8Array): Promise<void> {
  await pipeline(Readable.from([text]), client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)));
}

export async function openPostgres(connectionString: string, maxConnections = 10): Promise<Db> {
  const pool = new Pool({ connectionString, max: maxConnections });
  await pool.query('select 1');
  return {
    kind: 'postgres',
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async exec(script) {
      await pool.query(script);
    },
    async copyIn(table, columns, text) {
      const client = await pool.connect();
      try {
        await copyIn(client, table, columns, text);
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const sql: Sql = {
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
          exec: async (script) => {
            await client.query(script);
          },
          copyIn: (table, columns, text) => copyIn(client, table, columns, text),
        };
        const result = await fn(sql);
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
