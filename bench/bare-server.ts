/**
 * Child process: the baseline. A bare node:http server over the same kind of database (fresh PGlite, same migrations,
 * seed and preparatory declarations — bench/fixture.ts) doing the same database work as the real endpoints with no
 * gateway, no contract parsing, no token check, no idempotency lookup, no policy lookup and no response mapping:
 *
 *  - POST /api/declarations: in one transaction, the case upsert on the partial unique index, the clue insert, the
 *    case_events insert(s) and, when the case is new, the verification task insert — the writes
 *    functions/src/app/declarations.ts makes. The reporting farmer comes from an in-memory household → user map.
 *  - GET /api/tasks: the SELECT of functions/src/app/tasks.ts (listTasks) for the demo grid member's area, rows
 *    returned as they come.
 *
 * Started by bench/http.ts; not meant to be run by hand.
 */
import http from 'node:http';
import type { Sql } from '../functions/src/ports/db';
import { LIST_TASKS_SQL as TASKS_SQL } from '../functions/src/app/tasks';
import { prepareDatabase, runChild, serveToParent } from './fixture';

/** The seed's policy: identification due 15 calendar days after the clue (policies.identification_days). */
const IDENTIFICATION_DAYS = 15;
const DAY_MS = 86_400_000;

// The same read as the real task list: the one SQL text, imported.
const LIST_TASKS_SQL = TASKS_SQL;

interface DeclarationBody {
  householdId: string;
  riskTypes: string[];
  description: string;
  clientKey: string;
}

/** YYYY-MM-DD in China (UTC+8, no DST) at `now`, plus `days`. */
function chinaDay(now: Date, days = 0): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * DAY_MS).toISOString().slice(0, 10);
}

async function declare(tx: Sql, d: DeclarationBody, userId: string, now: Date) {
  const today = chinaDay(now);
  const [c] = await tx.query<{ id: string; opened: boolean }>(
    `insert into cases (household_id, status, clue_date, created_at, updated_at) values ($1, 'verifying', $2, $3, $3)
     on conflict (household_id) where is_open
       do update set version = cases.version + 1, updated_at = excluded.updated_at,
                     clue_date = least(cases.clue_date, excluded.clue_date)
     returning id, (xmax = 0) as opened`,
    [d.householdId, today, now],
  );
  const [clue] = await tx.query<{ id: string }>(
    `insert into clues (case_id, household_id, channel, risk_types, description, consent_at, found_on,
                        reported_by, client_key, request_hash, created_at)
     values ($1, $2, 'self_declared', $3, $4, $5, $6, $7, $8, '', $5) returning id`,
    [c.id, d.householdId, d.riskTypes, d.description, now, today, userId, d.clientKey],
  );
  const event = (type: string, data: object) =>
    tx.query(
      `insert into case_events (case_id, at, actor_id, actor_role, type, data) values ($1, $2, $3, 'farmer', $4, $5)`,
      [c.id, now, userId, type, JSON.stringify(data)],
    );
  if (c.opened) await event('case_opened', { status: 'verifying', clueDate: today, clueId: clue.id });
  await event('clue_added', { channel: 'self_declared', riskTypes: d.riskTypes, foundOn: today, clueId: clue.id });
  if (c.opened) {
    await tx.query(
      `insert into tasks (case_id, kind, assignee_role, area_id, area_path, due_on, created_at)
       select $1, 'verify', 'grid_member', area_id, area_path, $3, $4 from households where id = $2
       on conflict (case_id, kind) where status = 'open' do nothing`,
      [c.id, d.householdId, chinaDay(now, IDENTIFICATION_DAYS), now],
    );
  }
  return { clueId: clue.id, caseId: c.id };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

runChild(async () => {
  const fixture = await prepareDatabase();
  const { db } = fixture.deps;
  const farmerOf = new Map(fixture.farmers.map((f) => [f.householdId, f.userId]));

  const server = http.createServer((req, res) => {
    const handle = async () => {
      if (req.method === 'POST' && req.url === '/api/declarations') {
        const d = JSON.parse(await readBody(req)) as DeclarationBody;
        const userId = farmerOf.get(d.householdId);
        if (!userId) return json(res, 404, { error: 'unknown household' });
        const now = new Date();
        return json(res, 201, await db.transaction((tx) => declare(tx, d, userId, now)));
      }
      if (req.method === 'GET' && req.url === '/api/tasks') {
        return json(res, 200, { tasks: await db.query(LIST_TASKS_SQL, ['grid_member', fixture.grid.areaPath]) });
      }
      return json(res, 404, { error: 'not found' });
    };
    handle().catch((err: unknown) => {
      console.error(err);
      json(res, 500, { error: String(err) });
    });
  });
  await serveToParent(server, fixture);
});
