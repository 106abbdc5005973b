import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { submitDeclaration } from '../../functions/src/app/declarations';
import { runCaseCommand } from '../../functions/src/app/case-commands';
import { findPolicy } from '../../functions/src/store/policies';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * policies.day_count (migration 005): a region may count its procedural deadlines in working days. The clock is
 * TEST_NOW, Fri 2026-11-20; no holiday until 元旦, so 15 working days on is Fri 2026-12-11 (three whole weeks),
 * 15 calendar days Sat 2026-12-05.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-daycount-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('policy day-count');

describe.each(adapters)('policy day count on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let grid: Actor;
  let township: string;

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    const [u] = await db.query<{ id: string; area_id: string; path: string }>(
      `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = 'grid'`,
    );
    grid = { userId: u.id, role: 'grid_member', areaId: u.area_id, areaPath: u.path, householdId: null };
    township = u.path.split('/')[2];
  });
  afterAll(() => db.close());

  /** 一键申报 for a household of the grid member's group that has no case yet; returns the case and its open task. */
  async function declare() {
    const [h] = await db.query<{ id: string }>(
      `select id from households where area_id = $1 and id not in (select household_id from cases) limit 1`, [grid.areaId],
    );
    const r = await submitDeclaration(deps, grid, {
      householdId: h.id, riskTypes: ['illness'], description: '户主住院，自付费用很高', consent: true, clientKey: `dc-${h.id}`,
    }, clock.now());
    const [c] = await db.query<{ id: string; version: number }>('select id, version from cases where id = $1', [r.body.case.id]);
    return c;
  }
  const openTasks = (caseId: string) => db.query<{ kind: string; due_on: string }>(
    `select kind, due_on from tasks where case_id = $1 and status = 'open'`, [caseId],
  );

  test("the demo county counts calendar days (the column's default), and the schema allows only the two modes", async () => {
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from policies where day_count <> 'calendar'`);
    expect(n).toBe(0);
    expect(await findPolicy(db, grid.areaPath!, 2026)).toMatchObject({ areaId: 'qh', dayCount: 'calendar' });
    await expect(db.query(`update policies set day_count = 'weekly' where area_id = 'qh'`)).rejects.toThrow(/policies_day_count_check/);
    const c = await declare();
    expect(await openTasks(c.id)).toEqual([{ kind: 'verify', due_on: '2026-12-05' }]);
  });

  test('a township in working-day mode: the first task and the next owner work to clue + 15 working days', async () => {
    await db.query(
      `insert into policies (area_id, year, monitoring_line_yuan, identification_days, notice_min_days, plan_days, day_count)
       values ($1, 2026, 7300, 15, 5, 10, 'working')`, [township],
    );
    try {
      expect(await findPolicy(db, grid.areaPath!, 2026)).toMatchObject({ areaId: township, dayCount: 'working' });
      const c = await declare();
      expect(await openTasks(c.id)).toEqual([{ kind: 'verify', due_on: '2026-12-11' }]);

      // runCaseCommand passes the policy's calendar to the workflow: the deliberation is due on the same date
      await runCaseCommand(deps, grid, c.id,
        { type: 'verify', verifiedOn: '2026-11-20', findings: '入户核实：住院自付费用高', authorisationSigned: true, verification: SAMPLE_VERIFICATION }, c.version, clock.now());
      expect(await openTasks(c.id)).toEqual([{ kind: 'deliberate', due_on: '2026-12-11' }]);
    } finally {
      await db.query(`delete from policies where area_id = $1`, [township]);
    }
  });
});
