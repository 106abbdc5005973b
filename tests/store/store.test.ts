import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeps, type Deps } from '../../functions/src/deps';
import { openPglite } from '../../functions/src/adapters/db/pglite';
import { MIGRATIONS, migrate } from '../../functions/src/adapters/db/migrations';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { submitDeclaration } from '../../functions/src/app/declarations';
import { BIND_MAX_FAILURES, bindHousehold, recordVisit } from '../../functions/src/app/registry';
import { insertOpenCase } from '../../functions/src/store/cases';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';

/**
 * One suite, every database adapter: the embedded PGlite always, and a real PostgreSQL server when its binaries
 * are on PATH (they are on CI's machine).
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-store-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('store');

describe.each(adapters)('store on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
  });
  afterAll(() => db.close());

  test('migrations are recorded and a second run applies nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  test('two migrators at once on a fresh database: each migration applied exactly once', async () => {
    const { db: fresh, again } = await open();
    // on PostgreSQL a second pool races for real (the advisory lock orders them); PGlite has one connection and queues
    const second = again ? await again() : fresh;
    const results = await Promise.all([migrate(fresh), migrate(second), migrate(fresh)]);
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.id).sort());
    if (second !== fresh) await second.close();
    await fresh.close();
  });

  test('a transaction that throws leaves nothing behind', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into areas values ('tmp', null, 'county', '临时县', '/tmp/')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query(`select 1 from areas where id = 'tmp'`)).toEqual([]);
  });

  test('values come back in the same shapes on every adapter', async () => {
    const [row] = await db.query<Record<string, unknown>>(
      `select '2026-11-20'::date as d, count(*) as n, now() as ts, array['a','b'] as arr, '{"x":1}'::jsonb as j
         from areas`,
    );
    expect(row.d).toBe('2026-11-20');
    expect(typeof row.n).toBe('number');
    expect(row.ts).toBeInstanceOf(Date);
    expect(row.arr).toEqual(['a', 'b']);
    expect(row.j).toEqual({ x: 1 });
  });

  test('no plain ID number or phone number anywhere in the raw tables; the ciphertext opens to a valid number', async () => {
    const rows = await db.query<Record<string, string | null>>('select * from members');
    expect(rows.length).toBeGreaterThan(500);
    const raw = JSON.stringify([rows, await db.query('select * from households'), await db.query('select * from users')]);
    const plain = rows.flatMap((r) => [deps.protector.decrypt(r.id_cipher!), ...(r.phone_cipher ? [deps.protector.decrypt(r.phone_cipher)] : [])]);
    expect(plain.filter((p) => /^\d{17}[\dX]$/.test(p)).length).toBe(rows.length);
    const leaked = plain.filter((p) => raw.includes(p));
    expect(leaked).toEqual([]);
    const first = rows[0];
    const id = deps.protector.decrypt(first.id_cipher!);
    expect(deps.protector.lookupHash(id)).toBe(first.id_hash);
    expect(first.id_masked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
  });

  test('the timeline is append-only', async () => {
    const [h] = await db.query<{ id: string }>('select id from households limit 1');
    const c = await insertOpenCase(db, h.id, 'verifying', '2026-11-20', clock.now());
    await db.query(`insert into case_events (case_id, at, type) values ($1, now(), 'case_opened')`, [c!.id]);
    await expect(db.query(`update case_events set type = 'x' where case_id = $1`, [c!.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from case_events where case_id = $1`, [c!.id])).rejects.toThrow(/append-only/);
    // a second open case for the same household cannot exist
    expect(await insertOpenCase(db, h.id, 'verifying', '2026-11-21', clock.now())).toBeNull();
  });

  test('twenty declarations for one household at once → one case, one task, twenty clues', async () => {
    const [h] = await db.query<{ id: string; area_id: string; area_path: string }>(
      `select id, area_id, area_path from households where id not in (select household_id from cases) limit 1`,
    );
    const [farmer] = await db.query<{ id: string }>(
      `insert into users (name, role, household_id) values ('测试农户', 'farmer', $1) returning id`, [h.id],
    );
    const actor: Actor = { userId: farmer.id, role: 'farmer', areaId: null, areaPath: null, householdId: h.id };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        submitDeclaration(deps, actor, {
          householdId: h.id, riskTypes: ['illness'], description: `第${i}次申报，住院费用很高`, consent: true, clientKey: `conc-${i}-xxxx`,
        }, clock.now()),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const [n] = await db.query<{ cases: number; tasks: number; clues: number; events: number }>(
      `select (select count(*) from cases where household_id = $1)::int as cases,
              (select count(*) from tasks t join cases c on c.id = t.case_id where c.household_id = $1)::int as tasks,
              (select count(*) from clues where household_id = $1)::int as clues,
              (select count(*) from case_events e join cases c on c.id = e.case_id where c.household_id = $1)::int as events`,
      [h.id],
    );
    expect(n).toEqual({ cases: 1, tasks: 1, clues: 20, events: 21 });
    expect(new Set(results.map((r) => r.body.case.id)).size).toBe(1);
    const [{ version }] = await db.query<{ version: number }>('select version from cases where household_id = $1', [h.id]);
    expect(version).toBe(20); // created at 1, then one version step per joining clue
  });

  test('the same client key from twenty concurrent requests → one clue', async () => {
    const [h] = await db.query<{ id: string }>(
      `select id from households where id not in (select household_id from cases) limit 1`,
    );
    const [farmer] = await db.query<{ id: string }>(
      `insert into users (name, role, household_id) values ('测试农户', 'farmer', $1) returning id`, [h.id],
    );
    const actor: Actor = { userId: farmer.id, role: 'farmer', areaId: null, areaPath: null, householdId: h.id };
    const input = { householdId: h.id, riskTypes: ['disaster' as const], description: '冰雹砸坏了大棚', consent: true as const, clientKey: 'same-key-123' };
    const results = await Promise.all(Array.from({ length: 20 }, () => submitDeclaration(deps, actor, input, clock.now())));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.declaration.id)).size).toBe(1);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from clues where household_id = $1', [h.id]);
    expect(n).toBe(1);
  });

  test('twenty concurrent retries of one visit record → one visit', async () => {
    const [grid] = await db.query<{ id: string; area_id: string; path: string }>(
      `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = 'grid'`,
    );
    const [h] = await db.query<{ id: string }>(`select id from households where area_id = $1 limit 1`, [grid.area_id]);
    const actor: Actor = { userId: grid.id, role: 'grid_member', areaId: grid.area_id, areaPath: grid.path, householdId: null };
    const input = { visitedOn: '2026-11-19', findings: '家中老人卧床，需要照料', clientKey: 'visit-concurrent' };
    const results = await Promise.all(Array.from({ length: 20 }, () => recordVisit(deps, actor, h.id, input, clock.now())));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.visit.id)).size).toBe(1);
  });

  test('thirty concurrent wrong binding attempts → exactly the allowed failures recorded', async () => {
    const [h] = await db.query<{ id: string; code: string }>(
      `select id, code from households where id not in (select household_id from users where household_id is not null) limit 1`,
    );
    const farmers = await db.query<{ id: string }>(
      `insert into users (name, role) select '试探者' || g, 'farmer' from generate_series(1, 3) g returning id`,
    );
    const settled = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => bindHousehold(
      deps, { userId: farmers[i % 3].id, role: 'farmer', areaId: null, areaPath: null, householdId: null },
      h.code, { headName: '不是户主', idLast4: '1234' }, clock.now(),
    )));
    const codes = settled.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(codes.filter((c) => c === 'HOUSEHOLD.BIND_MISMATCH')).toHaveLength(BIND_MAX_FAILURES - 1);
    expect(codes.filter((c) => c === 'HOUSEHOLD.BIND_LOCKED')).toHaveLength(30 - BIND_MAX_FAILURES + 1);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from bind_attempts where household_id = $1', [h.id]);
    expect(n).toBe(BIND_MAX_FAILURES);
  });
});

test('the embedded database refuses a second opener of its data directory, and recovers a dead one\'s lock', async () => {
  const dir = path.join(tmp, 'locked');
  const first = await openPglite(dir);
  const lock = path.join(dir, 'pglite.lock');
  expect(fs.readFileSync(lock, 'utf8')).toBe(String(process.pid));
  await first.close();
  expect(fs.existsSync(lock)).toBe(false);

  fs.writeFileSync(lock, String(process.ppid)); // held by a live process (jest's parent)
  await expect(openPglite(dir)).rejects.toThrow(/正被进程/);

  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
  fs.writeFileSync(lock, dead); // left by a process that has exited
  const reopened = await openPglite(dir);
  await reopened.close();
});
