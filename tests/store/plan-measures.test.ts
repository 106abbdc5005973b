import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowCommand } from '@shared/domain/workflow';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { runCaseCommand } from '../../functions/src/app/case-commands';
import { completeMeasure } from '../../functions/src/app/measures';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';

/**
 * Plan measures (migration 007) on every database adapter: written with the plan in the command's transaction, a
 * revision superseding what is open, and completions that stay single under concurrency — on PostgreSQL with a
 * real connection pool, where the requests truly overlap.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-measures-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('plan-measures');

const plan = (measures: [string, string, string][]): WorkflowCommand => ({
  type: 'makePlan', madeOn: '2026-11-20',
  measures: measures.map(([measure, department, dueOn]) => ({ measure, memberName: null, responsible: { kind: 'department', name: department }, dueOn })),
});

describe.each(adapters)('plan measures on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let village: Actor;
  let medical: Actor;

  const actor = async (username: string): Promise<Actor> => {
    const [u] = await db.query<{ id: string; role: Actor['role']; area_id: string; path: string }>(
      'select u.id, u.role, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = $1', [username],
    );
    return { userId: u.id, role: u.role, areaId: u.area_id, areaPath: u.path, householdId: null };
  };

  /** A case of the village's first group, already identified and waiting for its plan. */
  async function monitoredCase(): Promise<string> {
    const [c] = await db.query<{ id: string }>(
      `insert into cases (household_id, status, clue_date, created_at, updated_at, facts)
       select h.id, 'plan_due', '2026-11-01', $1, $1, '{"notice":null,"openObjectionIds":[],"identifiedOn":"2026-11-15","eliminationProposedOn":null}'
         from households h where h.area_id = 'qh-al-hx-1' and h.id not in (select household_id from cases) order by h.number limit 1
       returning id`, [clock.now()],
    );
    return c.id;
  }
  const version = async (id: string) => (await db.query<{ version: number }>('select version from cases where id = $1', [id]))[0].version;
  const rows = (id: string) => db.query<{ measure: string; status: string; plan_version: number; position: number }>(
    'select measure, status, plan_version, position from plan_measures where case_id = $1 order by plan_version, position', [id],
  );

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    village = await actor('village');
    medical = await actor('dept-medical');
  });
  afterAll(() => db.close());

  test('a plan writes its measures with the version it made; a revision supersedes the open ones and keeps the done', async () => {
    const id = await monitoredCase();
    const first = await runCaseCommand(deps, village, id, plan([['医疗救助', '医保局', '2026-12-20'], ['公益性岗位', '人社局', '2026-12-31']]), await version(id), clock.now());
    expect(await rows(id)).toEqual([
      { measure: '医疗救助', status: 'open', plan_version: first.version, position: 1 },
      { measure: '公益性岗位', status: 'open', plan_version: first.version, position: 2 },
    ]);
    const [medicalId] = (await db.query<{ id: string }>(`select id from plan_measures where case_id = $1 and measure = '医疗救助'`, [id])).map((r) => r.id);
    await completeMeasure(deps, medical, medicalId, { evidence: '已发放医疗救助金2300元', requestId: 'store-req-1' }, clock.now());

    const second = await runCaseCommand(deps, village, id, plan([['技能培训', '人社局', '2027-01-31']]), await version(id), clock.now());
    expect(await rows(id)).toEqual([
      { measure: '医疗救助', status: 'done', plan_version: first.version, position: 1 },
      { measure: '公益性岗位', status: 'superseded', plan_version: first.version, position: 2 },
      { measure: '技能培训', status: 'open', plan_version: second.version, position: 1 },
    ]);
    // the schema refuses a done measure without its evidence, and a superseded one without its time
    await expect(db.query(`update plan_measures set status = 'done' where case_id = $1 and measure = '技能培训'`, [id])).rejects.toThrow(/check/);
    await expect(db.query(`update plan_measures set status = 'superseded' where case_id = $1 and measure = '技能培训'`, [id])).rejects.toThrow(/check/);
  });

  test('a refused plan writes no measures', async () => {
    const id = await monitoredCase();
    await expect(runCaseCommand(deps, village, id, plan([['医疗救助', '医保局', '2026-11-01']]), await version(id), clock.now()))
      .rejects.toMatchObject({ code: 'CASE.MEASURE_INCOMPLETE' });
    expect(await rows(id)).toEqual([]);
  });

  test('twenty concurrent retries of one completion, and twenty different ones: one completion, one timeline event', async () => {
    const id = await monitoredCase();
    await runCaseCommand(deps, village, id, plan([['医疗救助', '医保局', '2026-12-20'], ['大病保险报销', '医保局', '2026-12-20']]), await version(id), clock.now());
    const [a, b] = (await db.query<{ id: string }>('select id from plan_measures where case_id = $1 order by position', [id])).map((r) => r.id);

    const retries = await Promise.all(Array.from({ length: 20 }, () =>
      completeMeasure(deps, medical, a, { evidence: '已办理医疗救助', requestId: 'same-request' }, clock.now())));
    expect(retries.filter((r) => !r.replayed)).toHaveLength(1);

    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      completeMeasure(deps, medical, b, { evidence: `已报销，第${i}次提交`, requestId: `req-${i}-abcdef` }, clock.now())
        .then(() => 'ok', (e: { code?: string }) => e.code ?? String(e))));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(new Set(outcomes.filter((o) => o !== 'ok'))).toEqual(new Set(['MEASURE.ALREADY_DONE']));

    const [counts] = await db.query<{ done: number; events: number }>(
      `select (select count(*)::int from plan_measures where case_id = $1 and status = 'done') as done,
              (select count(*)::int from case_events where case_id = $1 and type = 'measure_completed') as events`, [id],
    );
    expect(counts).toEqual({ done: 2, events: 2 });
  });

  test('a completion racing a revision: either it lands first and stays done, or it finds the measure superseded', async () => {
    const id = await monitoredCase();
    await runCaseCommand(deps, village, id, plan([['医疗救助', '医保局', '2026-12-20']]), await version(id), clock.now());
    const [{ id: m }] = await db.query<{ id: string }>('select id from plan_measures where case_id = $1', [id]);
    const [completion] = await Promise.all([
      completeMeasure(deps, medical, m, { evidence: '已办理医疗救助', requestId: 'race-request' }, clock.now())
        .then(() => 'ok', (e: { code?: string }) => e.code ?? String(e)),
      runCaseCommand(deps, village, id, plan([['临时救助', '民政局', '2026-12-20']]), await version(id), clock.now()),
    ]);
    const [{ status }] = await db.query<{ status: string }>('select status from plan_measures where id = $1', [m]);
    expect([completion, status]).toEqual(completion === 'ok' ? ['ok', 'done'] : ['MEASURE.SUPERSEDED', 'superseded']);
    const [{ events }] = await db.query<{ events: number }>(
      `select count(*)::int as events from case_events where case_id = $1 and type = 'measure_completed'`, [id],
    );
    expect(events).toBe(completion === 'ok' ? 1 : 0);
  });
});
