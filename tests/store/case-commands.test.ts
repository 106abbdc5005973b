import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKFLOW_STATES, WORKFLOW_TASK_KINDS, type WorkflowCommand } from '@shared/domain/workflow';
import { addCalendarDays } from '@shared/domain/dates';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { submitDeclaration } from '../../functions/src/app/declarations';
import { runCaseCommand } from '../../functions/src/app/case-commands';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * Workflow commands persisted (issue 4): one transaction per command, optimistic concurrency on cases.version, an
 * append-only timeline and the tasks handed over. Same adapters as store.test.ts: PGlite always, PostgreSQL 15 when
 * its binaries are on PATH.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-cmd-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('case-command');

const VERIFY: WorkflowCommand = { type: 'verify', verifiedOn: '2026-11-20', findings: '入户核实：住院自付费用高', authorisationSigned: true, verification: SAMPLE_VERIFICATION };

interface CaseNow { version: number; status: string; events: number; openTasks: string[] }

describe.each(adapters)('case commands on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let grid: Actor;
  let otherGrid: Actor;
  let village: Actor;

  async function staff(where: string, param: string): Promise<Actor> {
    const [u] = await db.query<{ id: string; role: Actor['role']; area_id: string; path: string }>(
      `select u.id, u.role, u.area_id, a.path from users u join areas a on a.id = u.area_id where ${where} limit 1`, [param],
    );
    return { userId: u.id, role: u.role, areaId: u.area_id, areaPath: u.path, householdId: null };
  }

  /** A household of the grid member's group with no case yet gets one through 一键申报: it is 'verifying'. */
  async function openCase(): Promise<{ id: string; version: number; householdId: string }> {
    const [h] = await db.query<{ id: string }>(
      `select id from households where area_id = $1 and id not in (select household_id from cases) limit 1`, [grid.areaId],
    );
    const r = await submitDeclaration(deps, grid, {
      householdId: h.id, riskTypes: ['illness'], description: '户主住院，自付费用很高', consent: true,
      clientKey: `cmd-${h.id}`,
    }, clock.now());
    const [c] = await db.query<{ version: number; status: string }>('select version, status from cases where id = $1', [r.body.case.id]);
    expect(c.status).toBe('verifying');
    return { id: r.body.case.id, version: c.version, householdId: h.id };
  }

  async function caseNow(id: string): Promise<CaseNow> {
    const [c] = await db.query<{ version: number; status: string }>('select version, status from cases where id = $1', [id]);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from case_events where case_id = $1', [id]);
    const tasks = await db.query<{ kind: string }>(`select kind from tasks where case_id = $1 and status = 'open' order by kind`, [id]);
    return { version: c.version, status: c.status, events: n, openTasks: tasks.map((t) => t.kind) };
  }

  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    grid = await staff('u.username = $1', 'grid');
    otherGrid = await staff(`u.role = 'grid_member' and u.area_id <> $1`, grid.areaId!);
    village = await staff('u.username = $1', 'village');
  });
  afterAll(() => db.close());

  test('the schema holds every workflow state and task kind, and nothing else', async () => {
    const defs = await db.query<{ name: string; def: string }>(
      `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
        where conname in ('cases_status_check', 'tasks_kind_check')`,
    );
    const def = (n: string) => defs.find((d) => d.name === n)!.def;
    for (const s of WORKFLOW_STATES) expect(def('cases_status_check')).toContain(`'${s}'`);
    for (const k of WORKFLOW_TASK_KINDS) expect(def('tasks_kind_check')).toContain(`'${k}'`);
    const c = await openCase();
    await expect(db.query(`update cases set status = 'made_up' where id = $1`, [c.id])).rejects.toThrow(/cases_status_check/);
    await expect(db.query(`update cases set status = 'eliminated' where id = $1`, [c.id])).rejects.toThrow(/cases_open_matches_status/);
  });

  test('a valid verify by the group\'s grid member applies: state, version, timeline, tasks', async () => {
    const c = await openCase();
    const before = await caseNow(c.id);
    expect(before.openTasks).toEqual(['verify']);

    const r = await runCaseCommand(deps, grid, c.id, VERIFY, c.version, clock.now());
    expect(r).toMatchObject({ status: 'deliberating', version: c.version + 1, before: { status: 'verifying', version: c.version } });

    const after = await caseNow(c.id);
    expect(after).toEqual({ version: c.version + 1, status: 'deliberating', events: before.events + 1, openTasks: ['deliberate'] });
    const [e] = await db.query<{ actor_id: string; actor_role: string; type: string; at: Date; data: Record<string, unknown> }>(
      'select actor_id, actor_role, type, at, data from case_events where case_id = $1 order by id desc limit 1', [c.id],
    );
    expect(e).toMatchObject({
      actor_id: grid.userId, actor_role: 'grid_member', type: 'verified',
      data: {
        on: '2026-11-20', before: { status: 'verifying', version: c.version },
        after: { status: 'deliberating', version: c.version + 1 }, cosignedBy: null, command: VERIFY,
      },
    });
    expect(e.at).toEqual(clock.now());
    const tasks = await db.query<{ kind: string; status: string; assignee_role: string; due_on: string; area_path: string; done_at: Date | null }>(
      'select kind, status, assignee_role, due_on, area_path, done_at from tasks where case_id = $1 order by status, kind', [c.id],
    );
    const [{ area_path }] = await db.query<{ area_path: string }>('select area_path from households where id = $1', [c.householdId]);
    expect(tasks).toEqual([
      { kind: 'verify', status: 'done', assignee_role: 'grid_member', due_on: '2026-12-05', area_path, done_at: clock.now() },
      // the next owner's task: the village deliberates, by the same identification deadline (clue + 15 days)
      { kind: 'deliberate', status: 'open', assignee_role: 'village_cadre', due_on: '2026-12-05', area_path, done_at: null },
    ]);
  });

  test('100 concurrent conflicting commands → exactly one applied, the rest refused, the timeline consistent', async () => {
    const c = await openCase();
    const before = await caseNow(c.id);
    const codes = await Promise.all(
      Array.from({ length: 100 }, () => codeOf(runCaseCommand(deps, grid, c.id, VERIFY, c.version, clock.now()))),
    );
    expect(codes.filter((x) => x === 'ok')).toHaveLength(1);
    // a loser either saw the old version and lost the write (or read the new one): CASE.VERSION_CONFLICT; a coded
    // stage refusal would be a refusal too, but the version check runs first, so none is expected
    const refused = codes.filter((x) => x !== 'ok');
    expect(refused.every((x) => x === 'CASE.VERSION_CONFLICT' || x === 'CASE.WRONG_STAGE')).toBe(true);
    expect(refused).toHaveLength(99);

    const after = await caseNow(c.id);
    expect(after).toEqual({ version: c.version + 1, status: 'deliberating', events: before.events + 1, openTasks: ['deliberate'] });
    const [{ n }] = await db.query<{ n: number }>(
      `select count(*)::int as n from case_events where case_id = $1 and type = 'verified'`, [c.id],
    );
    expect(n).toBe(1);
    const [{ tasks }] = await db.query<{ tasks: number }>(`select count(*)::int as tasks from tasks where case_id = $1`, [c.id]);
    expect(tasks).toBe(2);
  });

  test('a refused command changes nothing: wrong role, out of area, a guard, a stale version', async () => {
    const c = await openCase();
    const before = await caseNow(c.id);
    await expect(runCaseCommand(deps, village, c.id, VERIFY, c.version, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.WRONG_ROLE', status: 403 });
    await expect(runCaseCommand(deps, otherGrid, c.id, VERIFY, c.version, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.OUT_OF_AREA', status: 403, message: '该户不在您的管辖范围内', guard: 'actorInArea' });
    await expect(runCaseCommand(deps, grid, c.id, { ...VERIFY, authorisationSigned: false }, c.version, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.AUTHORISATION_MISSING', status: 422, guard: 'authorisationSigned' });
    await expect(runCaseCommand(deps, grid, c.id, VERIFY, c.version - 1, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.VERSION_CONFLICT', status: 409, message: '该案件已被他人更新，请刷新后重试' });
    await expect(runCaseCommand(deps, grid, '00000000-0000-0000-0000-000000000000', VERIFY, 1, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    expect(await caseNow(c.id)).toEqual(before);
  });

  test('a grid member who is a member of the household does not verify alone (membership = related)', async () => {
    const c = await openCase();
    const [u] = await db.query<{ id: string }>(
      `insert into users (name, role, area_id, household_id) values ('本户网格员', 'grid_member', $1, $2) returning id`,
      [grid.areaId, c.householdId],
    );
    const related: Actor = { ...grid, userId: u.id };
    const before = await caseNow(c.id);
    await expect(runCaseCommand(deps, related, c.id, VERIFY, c.version, clock.now()))
      .rejects.toMatchObject({ code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' });
    expect(await caseNow(c.id)).toEqual(before);
    // with an unrelated grid member of the same group as cosigner it passes, and the timeline names the cosigner
    const r = await runCaseCommand(deps, related, c.id, VERIFY, c.version, clock.now(), { cosignerId: grid.userId });
    expect(r.status).toBe('deliberating');
    const [e] = await db.query<{ data: { cosignedBy: string } }>(
      `select data from case_events where case_id = $1 and type = 'verified'`, [c.id],
    );
    expect(e.data.cosignedBy).toBe(grid.userId);
  });

  test('through the notice with an objection: facts and tasks follow the commands', async () => {
    const c = await openCase();
    let v = c.version;
    const run = async (actor: Actor, cmd: WorkflowCommand, now = clock.now()) => {
      const r = await runCaseCommand(deps, actor, c.id, cmd, v, now);
      v = r.version;
      return r;
    };
    await run(grid, VERIFY);
    await run(village, {
      type: 'deliberate', heldOn: '2026-11-20', attendees: ['甲', '乙', '丙'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
      minutes: '一致同意纳入',
    });
    const endOn = addCalendarDays('2026-11-20', 5);
    await run(village, { type: 'startNotice', startOn: '2026-11-20', endOn });
    expect((await caseNow(c.id)).openTasks).toEqual(['end_notice']);
    await run(village, { type: 'object', objectionId: 'obj-1', raisedOn: '2026-11-20', content: '有人反映该户有车' });
    await run(village, { type: 'object', objectionId: 'obj-2', raisedOn: '2026-11-20', content: '同上' });
    expect((await caseNow(c.id)).openTasks).toEqual(['end_notice', 'verify_objection']);
    await run(grid, { type: 'resolveObjection', objectionId: 'obj-1', outcome: 'dismissed', verifiedOn: '2026-11-20', findings: '车辆为借用' });
    // one objection still open: the shared objection task stays, and the notice cannot end
    expect((await caseNow(c.id)).openTasks).toEqual(['end_notice', 'verify_objection']);
    const later = new Date(clock.now().getTime() + 5 * 86_400_000);
    await expect(runCaseCommand(deps, village, c.id, { type: 'endNotice' }, v, later)).rejects.toMatchObject({ code: 'CASE.OPEN_OBJECTION' });
    await run(grid, { type: 'resolveObjection', objectionId: 'obj-2', outcome: 'dismissed', verifiedOn: '2026-11-20', findings: '同上' });
    expect((await caseNow(c.id)).openTasks).toEqual(['end_notice']);
    await expect(runCaseCommand(deps, village, c.id, { type: 'endNotice' }, v, clock.now())).rejects.toMatchObject({ code: 'CASE.NOTICE_NOT_OVER' });
    const r = await run(village, { type: 'endNotice' }, later);
    expect(r).toMatchObject({ status: 'township_review', facts: { notice: { startOn: '2026-11-20', endOn }, openObjectionIds: [] } });
    const after = await caseNow(c.id);
    expect(after.openTasks).toEqual(['township_review']);
    const types = await db.query<{ type: string }>('select type from case_events where case_id = $1 order by id', [c.id]);
    expect(types.map((t) => t.type)).toEqual([
      'case_opened', 'clue_added', 'verified', 'deliberated', 'notice_started', 'objection_raised', 'objection_raised',
      'objection_resolved', 'objection_resolved', 'notice_ended',
    ]);
    expect(after.version).toBe(c.version + 8);
  });

  test('the timeline a command wrote cannot be updated or deleted', async () => {
    const c = await openCase();
    await runCaseCommand(deps, grid, c.id, VERIFY, c.version, clock.now());
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from case_events where case_id = $1', [c.id]);
    await expect(db.query(`update case_events set data = '{}' where case_id = $1 and type = 'verified'`, [c.id])).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from case_events where case_id = $1`, [c.id])).rejects.toThrow(/append-only/);
    const [{ trigger }] = await db.query<{ trigger: string }>(
      `select tgname as trigger from pg_trigger where tgrelid = 'case_events'::regclass and not tgisinternal`,
    );
    expect(trigger).toBe('case_events_append_only');
    const [{ m }] = await db.query<{ m: number }>('select count(*)::int as m from case_events where case_id = $1', [c.id]);
    expect(m).toBe(n);
  });
});
