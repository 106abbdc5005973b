import { seedDemoCases } from '../../functions/src/seed/demo-cases';
import { startApp, type TestApp } from '../support/app';

/** `npm start` seeds cases at every stage through the real use cases; a workflow change that breaks them fails here. */
let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

test('the demo cases reach their stages, each with its open task and a consistent timeline', async () => {
  expect(await seedDemoCases(app.deps, app.clock.now())).toBe(9);
  const rows = await app.deps.db.query<{ status: string; tasks: string[]; events: number; version: number }>(
    `select c.status, array(select kind from tasks t where t.case_id = c.id and t.status = 'open' order by kind) as tasks,
            (select count(*)::int from case_events e where e.case_id = c.id) as events, c.version
       from cases c order by c.status, c.clue_date`,
  );
  expect(rows.map((r) => [r.status, r.tasks])).toEqual([
    ['county_review', ['county_review']],
    ['deliberating', ['deliberate']],
    ['not_included', []],
    ['notice', ['end_notice']],
    ['plan_due', ['make_plan', 'track']],
    ['plan_made', ['track']],
    ['township_review', ['township_review']],
    ['verifying', ['verify']],
    ['verifying', ['verify']],
  ]);
  // opening wrote two events at version 1; every accepted command since added one event and one version
  for (const r of rows) expect(r.version).toBe(r.events - 1);
  // the farmer's own household is left free to declare
  const [{ n }] = await app.deps.db.query<{ n: number }>(
    `select count(*)::int as n from cases c join users u on u.household_id = c.household_id where u.username = 'farmer'`,
  );
  expect(n).toBe(0);
  // overdue work shows as overdue: the case found 17 days ago is past its 15-day limit
  const res = await app.request('GET', '/api/tasks', { token: (await app.login('grid-qh-al-hx-2')).token });
  expect(res.body.tasks.some((t: any) => t.daysLeft < 0)).toBe(true);
  // the demo 医保局 user finds the plan's two measures ordered to it, the overdue one first
  const orders = await app.request('GET', '/api/measures', { token: (await app.login('dept-medical')).token });
  expect(orders.body.measures.map((m: any) => [m.measure, m.daysLeft])).toEqual([['临时救助', -8], ['医疗救助、大病保险报销', 2]]);
});
