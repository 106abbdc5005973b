/**
 * What both server children (ours and the bare baseline) start from: a fresh embedded database in $DATA_DIR with the
 * migrations, the demo county, one farmer account per household, and one declaration for each household of the demo
 * grid member's group (so GET /api/tasks has real open tasks to list). Setup goes through the app's own code;
 * only what happens after `ready` is measured.
 */
import type http from 'node:http';
import { createDeps, type Deps } from '../functions/src/deps';
import { submitDeclaration } from '../functions/src/app/declarations';
import { issueToken, type Actor } from '../functions/src/http/auth';
import { DEMO, seedDemoCounty } from '../functions/src/seed/demo-county';
import type { Sql } from '../functions/src/ports/db';
import { isParentMessage, type ChildMessage, type Farmer, type TableCounts } from './protocol';

export interface Fixture {
  deps: Deps;
  farmers: Farmer[];
  grid: { userId: string; areaId: string; areaPath: string; token: string };
  gridOpenTasks: number;
  setupMs: number;
}

export async function prepareDatabase(): Promise<Fixture> {
  const started = performance.now();
  const deps = await createDeps(process.env);
  const now = deps.clock.now();
  if (!(await seedDemoCounty(deps.db, deps.protector, now))) throw new Error(`DATA_DIR ${process.env.DATA_DIR} is not fresh`);

  // A farmer account bound to every household, so that declarations spread over households like real traffic.
  await deps.db.query(
    `insert into users (username, name, role, household_id)
     select 'bench-farmer-' || h.number, '测试农户', 'farmer', h.id from households h
      where not exists (select 1 from users u where u.household_id = h.id)`,
  );
  const farmerRows = await deps.db.query<{ id: string; household_id: string; area_id: string }>(
    `select u.id, u.household_id, h.area_id from users u join households h on h.id = u.household_id
      where u.role = 'farmer' order by u.id`, // uuid order: households of all groups interleaved
  );
  const farmers: Farmer[] = [];
  for (const r of farmerRows) {
    const actor = farmerActor(r.id, r.household_id);
    farmers.push({ userId: r.id, householdId: r.household_id, token: await issueToken(actor, deps.config, now) });
  }

  const [g] = await deps.db.query<{ id: string; area_id: string; path: string }>(
    `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = $1`,
    [DEMO.gridMember],
  );
  if (!g) throw new Error(`seed has no user '${DEMO.gridMember}'`);
  const gridActor: Actor = { userId: g.id, role: 'grid_member', areaId: g.area_id, areaPath: g.path, householdId: null };
  const grid = { userId: g.id, areaId: g.area_id, areaPath: g.path, token: await issueToken(gridActor, deps.config, now) };

  let n = 0;
  for (const r of farmerRows.filter((f) => f.area_id === g.area_id)) {
    await submitDeclaration(deps, farmerActor(r.id, r.household_id), {
      householdId: r.household_id, riskTypes: ['illness'], description: '家中老人住院，医药费负担较重', consent: true,
      clientKey: `prep-${String(++n).padStart(4, '0')}`,
    }, now);
  }
  const gridOpenTasks = await countOpenTasks(deps.db, grid.areaPath);
  if (gridOpenTasks === 0) throw new Error('no open tasks in the grid member\'s area after the preparatory declarations');
  return { deps, farmers, grid, gridOpenTasks, setupMs: Math.round(performance.now() - started) };
}

function farmerActor(userId: string, householdId: string): Actor {
  return { userId, role: 'farmer', areaId: null, areaPath: null, householdId };
}

async function countOpenTasks(sql: Sql, areaPath: string): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    `select count(*)::int as n from tasks where status = 'open' and area_path like $1 || '%'`, [areaPath],
  );
  return n;
}

export async function countRows(sql: Sql): Promise<TableCounts> {
  const [row] = await sql.query<TableCounts>(
    `select (select count(*)::int from cases) as cases, (select count(*)::int from clues) as clues,
            (select count(*)::int from case_events) as "caseEvents",
            (select count(*)::int from tasks where status = 'open') as "openTasks"`,
  );
  return row;
}

function send(message: ChildMessage): void {
  process.send!(message);
}

/**
 * Listens on a free port, tells the parent it is ready, answers its `counts` request and exits on `stop` (or when
 * the parent goes away). Both server children end with this.
 */
export async function serveToParent(server: http.Server, fixture: Fixture): Promise<void> {
  if (!process.send) throw new Error('run this file through bench/run.ts (it needs an IPC channel to its parent)');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');

  const stop = async () => {
    server.closeAllConnections();
    server.close();
    await fixture.deps.db.close();
    process.exit(0);
  };
  process.on('message', (m: unknown) => {
    if (!isParentMessage(m)) return;
    if (m.type === 'stop') void stop();
    else void countRows(fixture.deps.db).then((counts) => send({ type: 'counts', counts }));
  });
  process.on('disconnect', () => void stop());
  send({
    type: 'ready', port: address.port, farmers: fixture.farmers, gridToken: fixture.grid.token,
    gridOpenTasks: fixture.gridOpenTasks, setupMs: fixture.setupMs,
  });
}

/** Entry-point wrapper for the children: any setup failure ends the process with the error on stderr. */
export function runChild(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
