import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addCalendarDays, chinaDate } from '@shared/domain/dates';
import type { WorkflowCommand } from '@shared/domain/workflow';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { submitDeclaration } from '../../functions/src/app/declarations';
import { runCaseCommand } from '../../functions/src/app/case-commands';
import { advanceNotices, remindMonthlyVisits, sweepDeadlines } from '../../functions/src/app/sweeps';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import type { PushChannel, PushMessage } from '../../functions/src/ports/push';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';
import { SAMPLE_VERIFICATION } from '../support/fixtures';
import { TEST_NOW } from '../support/paths';

/**
 * The outbox and the scheduled sweeps (issue 5) on both databases: messages are written with the change that causes
 * them, reminders go out once per level, overdue work rises a level, and a sweep run twice — or several at once, on
 * PostgreSQL's real connections — tells no one twice. Pushes are on (template ids set, a channel that records), so
 * every message has an inbox copy and a pending push copy; the dispatcher itself is tested in push-delivery.test.ts.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-sweep-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('sweeps');

/** Pushes are never sent in this suite (no dispatcher runs); the channel only has to exist for push copies to be written. */
const unusedChannel: PushChannel = {
  name: 'wechat',
  send: (m: PushMessage) => Promise.reject(new Error(`not expected to send ${m.templateId}`)),
};

describe.each(adapters)('outbox and sweeps on %s', (kind, open) => {
  let db: Db;
  let again: (() => Promise<Db>) | undefined;
  let deps: Deps;
  const clock = new TestClock();
  let grid: Actor;
  let village: Actor;
  let township: Actor;

  async function staff(username: string): Promise<Actor> {
    const [u] = await db.query<{ id: string; role: Actor['role']; area_id: string; path: string }>(
      'select u.id, u.role, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = $1', [username],
    );
    return { userId: u.id, role: u.role, areaId: u.area_id, areaPath: u.path, householdId: null };
  }

  async function openCase(n: number): Promise<{ id: string; householdId: string }> {
    const [h] = await db.query<{ id: string }>(
      `select id from households where area_id = $1 and id not in (select household_id from cases)
          and id not in (select household_id from users where household_id is not null) order by number limit 1`, [grid.areaId],
    );
    const r = await submitDeclaration(deps, grid, {
      householdId: h.id, riskTypes: ['illness'], description: '户主住院，自付费用很高', consent: true, clientKey: `sweep-${kind}-${n}`,
    }, clock.now());
    return { id: r.body.case.id, householdId: h.id };
  }

  async function run(actor: Actor, caseId: string, command: WorkflowCommand) {
    const [c] = await db.query<{ version: number }>('select version from cases where id = $1', [caseId]);
    return runCaseCommand(deps, actor, caseId, command, c.version, clock.now());
  }

  /** Inbox messages of one kind per recipient username, for one case (or all). */
  async function inbox(kindOf: string, caseId?: string): Promise<string[]> {
    const rows = await db.query<{ username: string }>(
      `select u.username from notifications n join users u on u.id = n.recipient_id
        where n.channel = 'inbox' and n.kind = $1 and ($2::uuid is null or n.case_id = $2::uuid) order by u.username`,
      [kindOf, caseId ?? null],
    );
    return rows.map((r) => r.username);
  }

  const total = async () => (await db.query<{ n: number }>('select count(*)::int as n from notifications'))[0].n;

  beforeAll(async () => {
    ({ db, again } = await open());
    deps = await createDeps(
      { DATA_DIR: path.join(tmp, `secrets-${kind}`), WECHAT_TEMPLATE_TODO: 'tmpl-todo', WECHAT_TEMPLATE_RESULT: 'tmpl-result' },
      { db, clock, push: unusedChannel },
    );
    await seedDemoCounty(db, deps.protector, clock.now());
    [grid, village, township] = await Promise.all(['grid', 'village', 'township'].map(staff));
  });
  afterAll(() => db.close());

  test('a declaration tells the group\'s grid member of the new task, once, in the inbox and as a pending push', async () => {
    const c = await openCase(1);
    const rows = await db.query<{ channel: string; status: string; title: string; template_id: string | null; data: Record<string, string>; page: string }>(
      `select channel, status, title, template_id, data, page from notifications where case_id = $1 and kind = 'task.new' order by channel`, [c.id],
    );
    // the declaring grid member is not told of their own act; the demo has one grid member per group
    expect(rows).toEqual([]);
    // a farmer's own declaration: the grid member hears of it
    const [farmer] = await db.query<{ id: string; household_id: string }>(`select id, household_id from users where username = 'farmer'`);
    const [farmerHousehold] = await db.query<{ area_id: string }>('select area_id from households where id = $1', [farmer.household_id]);
    expect(farmerHousehold.area_id).toBe(grid.areaId);
    const declared = await submitDeclaration(deps, { userId: farmer.id, role: 'farmer', areaId: null, areaPath: null, householdId: farmer.household_id }, {
      householdId: farmer.household_id, riskTypes: ['illness'], description: '住院花了很多钱', consent: true, clientKey: `sweep-${kind}-farmer`,
    }, clock.now());
    const told = await db.query<{ username: string; channel: string; status: string; template_id: string | null; page: string; data: Record<string, string> }>(
      `select u.username, n.channel, n.status, n.template_id, n.page, n.data from notifications n join users u on u.id = n.recipient_id
        where n.case_id = $1 and n.kind = 'task.new' order by n.channel`, [declared.body.case.id],
    );
    expect(told).toEqual([
      { username: 'grid', channel: 'inbox', status: 'sent', template_id: null, page: `packages/staff/pages/case/index?id=${declared.body.case.id}`, data: {} },
      {
        username: 'grid', channel: 'wechat', status: 'pending', template_id: 'tmpl-todo', page: `packages/staff/pages/case/index?id=${declared.body.case.id}`,
        data: { thing1: expect.stringMatching(/^入户核实 .某某户/), time2: addCalendarDays(chinaDate(clock.now()), 15), thing3: expect.any(String) },
      },
    ]);
    // no ID, phone or full name in what goes out
    const [{ body }] = await db.query<{ body: string }>(`select body from notifications where case_id = $1 and channel = 'inbox'`, [declared.body.case.id]);
    expect(body).not.toMatch(/\d{6}/);
    expect(body).toMatch(/某某户（红星村/);
  });

  test('posting a notice tells the household (result template) and the village\'s other cadres, not the cadre who posted it', async () => {
    const today = chinaDate(clock.now());
    // the farmer's own case, opened by their declaration above: the household has a bound account
    const [c] = await db.query<{ id: string }>(
      `select c.id from cases c join users u on u.household_id = c.household_id where u.username = 'farmer' and c.is_open`,
    );
    await run(grid, c.id, { type: 'verify', verifiedOn: chinaDate(clock.now()), findings: '入户核实：住院自付费用高', authorisationSigned: true, verification: SAMPLE_VERIFICATION });
    expect(await inbox('task.new', c.id)).toEqual(['grid', 'village']); // verify (the declaration), then deliberate
    await run(village, c.id, {
      type: 'deliberate', heldOn: chinaDate(clock.now()), attendees: ['甲', '乙', '丙'], votesFor: 3, votesAgainst: 0, votesAbstain: 0, minutes: '同意',
    });
    const before = await total();
    await run(village, c.id, { type: 'startNotice', startOn: today, endOn: addCalendarDays(today, 5) });
    // the household hears of it; the poster, the demo village's only cadre, is not told of their own act
    expect(await inbox('case.notice_posted', c.id)).toEqual(['farmer']);
    const told = await db.query<{ channel: string; template_id: string | null; title: string; page: string; data: Record<string, string> }>(
      `select channel, template_id, title, page, data from notifications where case_id = $1 and kind = 'case.notice_posted' order by channel`, [c.id],
    );
    expect(told).toEqual([
      { channel: 'inbox', template_id: null, title: '您家的申请已公示', page: `pages/case/index?id=${c.id}`, data: {} },
      {
        channel: 'wechat', template_id: 'tmpl-result', title: '您家的申请已公示', page: `pages/case/index?id=${c.id}`,
        data: { thing1: '监测对象申请', phrase2: '公示中', thing3: expect.stringMatching(/^\d+月\d+日至\d+月\d+日$/) },
      },
    ]);
    // a second cadre of the village is told too (added here: the demo has one)
    const [second] = await db.query<{ id: string }>(
      `insert into users (username, name, role, area_id) values ($1, '第二村干部', 'village_cadre', $2) returning id`, [`village-2-${kind}`, village.areaId],
    );
    const c2 = await openCase(2);
    await run(grid, c2.id, { type: 'verify', verifiedOn: today, findings: '核实', authorisationSigned: true, verification: SAMPLE_VERIFICATION });
    await run(village, c2.id, { type: 'deliberate', heldOn: today, attendees: ['甲', '乙', '丙'], votesFor: 3, votesAgainst: 0, votesAbstain: 0, minutes: '同意' });
    await run(village, c2.id, { type: 'startNotice', startOn: today, endOn: addCalendarDays(today, 5) });
    expect(await inbox('case.notice_posted', c2.id)).toEqual([`village-2-${kind}`]);
    await db.query('delete from notifications where recipient_id = $1', [second.id]);
    await db.query('delete from users where id = $1', [second.id]);
    expect(before).toBeLessThan(await total());
  });

  test('due soon → the owner once; overdue → the owner and the level above once; a second sweep tells no one', async () => {
    const c = await openCase(3);
    const [task] = await db.query<{ id: string; due_on: string }>(
      `select id, to_char(due_on, 'YYYY-MM-DD') as due_on from tasks where case_id = $1 and status = 'open'`, [c.id],
    );
    clock.set(new Date(`${addCalendarDays(task.due_on, -1)}T02:00:00Z`));
    const first = await sweepDeadlines(deps, clock.now());
    expect(first.dueSoon).toBeGreaterThanOrEqual(1);
    expect(await inbox('task.due_soon', c.id)).toEqual(['grid']);
    expect(await sweepDeadlines(deps, clock.now())).toEqual({ dueSoon: 0, overdue: 0, messages: 0 });

    clock.set(new Date(`${addCalendarDays(task.due_on, 2)}T02:00:00Z`));
    await sweepDeadlines(deps, clock.now());
    expect(await inbox('task.overdue', c.id)).toEqual(['grid']);
    expect(await inbox('task.escalated', c.id)).toEqual(['village']);
    const [escalation] = await db.query<{ body: string }>(
      `select body from notifications where case_id = $1 and kind = 'task.escalated' and channel = 'inbox'`, [c.id],
    );
    expect(escalation.body).toMatch(/入户核实（网格员办理）已于.+到期，逾期2天/);
    const count = await total();
    expect(await sweepDeadlines(deps, clock.now())).toEqual({ dueSoon: 0, overdue: 0, messages: 0 });
    expect(await total()).toBe(count);
    expect((await db.query<{ reminded: number }>('select reminded from tasks where id = $1', [task.id]))[0].reminded).toBe(2);
    clock.set(TEST_NOW);
  });

  test('sweeps at once over many due tasks: every owner and every level above told exactly once per channel', async () => {
    const cases = [];
    for (let i = 0; i < 8; i++) cases.push(await openCase(100 + i));
    // half overdue, half due tomorrow (the demo group has 17 households)
    await db.query(
      `update tasks set due_on = case when row_number <= 4 then $2::date - 3 else $2::date + 1 end
         from (select id, row_number() over (order by id) as row_number from tasks where case_id = any($1::uuid[])) x
        where tasks.id = x.id`,
      [cases.map((c) => c.id), chinaDate(clock.now())],
    );
    const handles = again ? await Promise.all([1, 2, 3].map(() => again!())) : [];
    try {
      const sweepers = [deps, ...handles.map((h) => ({ ...deps, db: h }))];
      // several sweepers at once, each with a small batch so they interleave, and then one more after them
      const reports = await Promise.all([...sweepers, ...sweepers].map((d) => sweepDeadlines(d, clock.now(), { batch: 2 })));
      expect(await sweepDeadlines(deps, clock.now())).toEqual({ dueSoon: 0, overdue: 0, messages: 0 });
      expect(reports.reduce((n, r) => n + r.overdue, 0)).toBe(4);
      expect(reports.reduce((n, r) => n + r.dueSoon, 0)).toBe(4);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
    }
    const ids = cases.map((c) => c.id);
    const counts = await db.query<{ kind: string; channel: string; n: number; distinct_keys: number }>(
      `select kind, channel, count(*)::int as n, count(distinct (case_id, recipient_id))::int as distinct_keys
         from notifications where case_id = any($1::uuid[]) and kind like 'task.%' and kind <> 'task.new'
        group by kind, channel order by kind, channel`,
      [ids],
    );
    expect(counts).toEqual([
      { kind: 'task.due_soon', channel: 'inbox', n: 4, distinct_keys: 4 },
      { kind: 'task.due_soon', channel: 'wechat', n: 4, distinct_keys: 4 },
      { kind: 'task.escalated', channel: 'inbox', n: 4, distinct_keys: 4 },
      { kind: 'task.escalated', channel: 'wechat', n: 4, distinct_keys: 4 },
      { kind: 'task.overdue', channel: 'inbox', n: 4, distinct_keys: 4 },
      { kind: 'task.overdue', channel: 'wechat', n: 4, distinct_keys: 4 },
    ]);
  });

  test('a notice past its last day with no open objection goes to the township by itself, once; one with an objection waits', async () => {
    const today = chinaDate(clock.now());
    const start = addCalendarDays(today, -7);
    const cases = [await openCase(200), await openCase(201)];
    for (const c of cases) {
      await run(grid, c.id, { type: 'verify', verifiedOn: today, findings: '核实', authorisationSigned: true, verification: SAMPLE_VERIFICATION });
      await run(village, c.id, { type: 'deliberate', heldOn: today, attendees: ['甲', '乙', '丙'], votesFor: 3, votesAgainst: 0, votesAbstain: 0, minutes: '同意' });
    }
    // notices posted a week ago (the clock moved back for it), ended yesterday
    clock.set(new Date(`${start}T02:00:00Z`));
    for (const c of cases) await run(village, c.id, { type: 'startNotice', startOn: start, endOn: addCalendarDays(start, 6) });
    await run(village, cases[1].id, { type: 'object', objectionId: 'obj-sweep', raisedOn: start, content: '有人反映' });
    clock.set(TEST_NOW);

    const results = await Promise.all([advanceNotices(deps, clock.now()), advanceNotices(deps, clock.now())]);
    expect(results.reduce((n, r) => n + r.advanced, 0)).toBe(1);
    expect(await advanceNotices(deps, clock.now())).toEqual({ advanced: 0 });
    const status = async (id: string) => (await db.query<{ status: string }>('select status from cases where id = $1', [id]))[0].status;
    expect([await status(cases[0].id), await status(cases[1].id)]).toEqual(['township_review', 'notice']);
    const [ended] = await db.query<{ actor_id: string | null; data: { automatic?: boolean } }>(
      `select actor_id, data from case_events where case_id = $1 and type = 'notice_ended'`, [cases[0].id],
    );
    expect(ended).toEqual({ actor_id: null, data: expect.objectContaining({ automatic: true }) });
    expect(await inbox('notice.advanced', cases[0].id)).toEqual(['village']);
    expect(await inbox('task.new', cases[0].id)).toEqual(expect.arrayContaining(['township']));
    void township;
  });

  test('measures: the department hears of its order; overdue → the department again and the township above', async () => {
    const c = await openCase(300);
    const today = chinaDate(clock.now());
    await db.query(`update cases set status = 'plan_due', facts = jsonb_set(facts, '{identifiedOn}', to_jsonb($2::text)) where id = $1`, [c.id, today]);
    await run(village, c.id, {
      type: 'makePlan', madeOn: today,
      measures: [
        { measure: '医疗救助', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: addCalendarDays(today, 3) },
        { measure: '临时救助', memberName: null, responsible: { kind: 'department', name: '民政局' }, dueOn: addCalendarDays(today, 3) },
      ],
    });
    expect(await inbox('measure.ordered', c.id)).toEqual(['dept-medical']);
    clock.set(new Date(`${addCalendarDays(today, 5)}T02:00:00Z`));
    await sweepDeadlines(deps, clock.now());
    expect(await inbox('measure.overdue', c.id)).toEqual(['dept-medical']);
    expect(await inbox('measure.escalated', c.id)).toEqual(['township', 'township']);
    clock.set(TEST_NOW);
  });

  test('the monthly visit reminder reaches each grid member once a month', async () => {
    const first = await remindMonthlyVisits(deps, clock.now());
    expect(first.messages).toBeGreaterThan(0);
    expect((await remindMonthlyVisits(deps, clock.now())).messages).toBe(0);
    const [mine] = await db.query<{ body: string }>(
      `select n.body from notifications n join users u on u.id = n.recipient_id where u.username = 'grid' and n.kind = 'visits.monthly' and n.channel = 'inbox'`,
    );
    expect(mine.body).toMatch(/^本月（\d{4}-\d{2}）还有\d+户需要入户走访/);
  });
});
