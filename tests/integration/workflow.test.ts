import crypto from 'node:crypto';
import { startApp, type TestApp } from '../support/app';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * The case workflow over real HTTP on the embedded database: a farmer's declaration through every identification
 * step to the assistance plan, with the refusals each step must give, retries and the household's own view.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
let householdId: string;
let caseId: string;

beforeAll(async () => {
  app = await startApp();
  for (const u of ['farmer', 'grid', 'village', 'township', 'county', 'inspector', 'dept-medical', 'grid-qh-al-hx-2']) {
    const r = await app.login(u);
    tokens[u] = r.token;
    if (u === 'farmer') householdId = r.user.householdId;
  }
});
afterAll(() => app.close());

const requestId = () => crypto.randomUUID();

async function detail(who = 'village') {
  const res = await app.request('GET', `/api/cases/${caseId}`, { token: tokens[who] });
  expect(res.status).toBe(200);
  return res.body;
}

async function command(who: string, cmd: Record<string, unknown>, opts: { version?: number; requestId?: string; cosignerId?: string } = {}) {
  const version = opts.version ?? (await detail('county')).case.version;
  return app.request('POST', `/api/cases/${caseId}/commands`, {
    token: tokens[who],
    body: { command: cmd, expectedVersion: version, requestId: opts.requestId ?? requestId(), ...(opts.cosignerId ? { cosignerId: opts.cosignerId } : {}) },
  });
}

function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

async function rowCounts() {
  const [r] = await app.deps.db.query<{ events: number; tasks: number; version: number }>(
    `select (select count(*) from case_events where case_id = $1)::int as events,
            (select count(*) from tasks where case_id = $1)::int as tasks,
            (select version from cases where id = $1) as version`, [caseId],
  );
  return r;
}

const VERIFY = {
  type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
  findings: '老伴住院，医保报销后自付3.2万元，人均纯收入约5800元，低于监测线',
};

test('a declaration opens a case; the grid member sees it with its deadline and may verify it', async () => {
  const res = await app.request('POST', '/api/declarations', {
    token: tokens.farmer,
    body: { householdId, riskTypes: ['illness'], description: '老伴住院，自付医疗费三万多元', consent: true, clientKey: `wf-${Date.now()}` },
  });
  expect(res.status).toBe(201);
  caseId = res.body.case.id;
  const d = await detail('grid');
  expect(d.case.status).toBe('verifying');
  expect(d.case.nextDeadline).toMatchObject({ date: '2026-12-05', label: '入户核实', ownerRole: 'grid_member' });
  expect(d.actions.map((a: any) => a.command)).toEqual(['verify']);
  expect(d.timeline.map((e: any) => e.type)).toEqual(['case_opened', 'clue_added']);
  expect(d.clues).toHaveLength(1);
});

test('malformed commands are refused with field paths and change nothing', async () => {
  const before = await rowCounts();
  const res = await command('grid', { type: 'verify', verifiedOn: '20-11-2026', findings: '' });
  expect(res.status).toBe(400);
  expect(res.body.error.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['command.verifiedOn', 'command.findings']));
  expectRefused(await command('grid', { type: 'launchRocket' }), 400, 'REQUEST.INVALID');
  expect(await rowCounts()).toEqual(before);
});

test('refusals: wrong step, wrong level, out of area, missing authorisation, future date — nothing changes', async () => {
  const before = await rowCounts();
  expectRefused(await command('village', { type: 'approveAtTownship', opinion: '同意' }), 409, 'CASE.WRONG_STAGE');
  expectRefused(await command('county', VERIFY), 403, 'CASE.WRONG_ROLE');
  expectRefused(await command('grid-qh-al-hx-2', VERIFY), 404, 'CASE.NOT_FOUND');
  expectRefused(await command('grid', { ...VERIFY, authorisationSigned: false }), 422, 'CASE.AUTHORISATION_MISSING');
  expectRefused(await command('grid', { ...VERIFY, verification: undefined }), 422, 'CASE.VERIFICATION_MISSING');
  expectRefused(await command('grid', { ...VERIFY, verifiedOn: '2026-11-21' }), 422, 'CASE.DATE_IN_FUTURE');
  expectRefused(await command('farmer', VERIFY), 403, 'CASE.WRONG_ROLE');
  expect(await rowCounts()).toEqual(before);
});

test('a version other than the case\'s is refused; a retried request is answered once and applied once', async () => {
  const { version } = (await detail()).case;
  expectRefused(await command('grid', VERIFY, { version: version + 1 }), 409, 'CASE.VERSION_CONFLICT');
  const id = requestId();
  const first = await command('grid', VERIFY, { version, requestId: id });
  expect(first.status).toBe(200);
  expect([first.body.case.status, first.body.replayed]).toEqual(['deliberating', false]);
  const after = await rowCounts();
  const again = await command('grid', VERIFY, { version, requestId: id });
  expect([again.status, again.body.replayed, again.body.case.version]).toEqual([200, true, version + 1]);
  expect(await rowCounts()).toEqual(after);
  expectRefused(await command('grid', { ...VERIFY, findings: '别的内容' }, { version, requestId: id }), 409, 'CASE.REQUEST_REUSED');
  // the grid member's task is done, the village's deliberation task is open with the same 15-day deadline
  const d = await detail();
  expect(d.openTasks).toEqual([expect.objectContaining({ kind: 'deliberate', dueOn: '2026-12-05', ownerRole: 'village_cadre' })]);
  expect(d.timeline.at(-1)).toMatchObject({ type: 'verified', fromLabel: '待入户核实', toLabel: '待民主评议', actorRole: 'grid_member' });
  // the eligibility evaluation of the record against the region's line: (12000+4500+2400−1500)/3 = 5800 a head
  expect(d.evaluation).toMatchObject({ perCapitaNetIncomeYuan: 5800, monitoringLineYuan: d.policy.monitoringLineYuan, anyConditionHolds: true });
  expect(d.evaluation.suggestedRiskTypes).toContain('illness');
});

test('优亲厚友: a village cadre who is a member of the household cannot deliberate alone; with an unrelated cosigner it passes', async () => {
  const deliberate = {
    type: 'deliberate', heldOn: '2026-11-20', attendees: ['张三', '李四', '王五', '赵六', '钱七'],
    votesFor: 4, votesAgainst: 1, votesAbstain: 0, minutes: '村两委和村民代表评议，认为该户因病支出大，同意纳入',
  };
  expectRefused(await command('village', { ...deliberate, votesFor: 2, votesAgainst: 3 }), 422, 'CASE.NO_MAJORITY');
  expectRefused(await command('village', { ...deliberate, votesFor: 6 }), 422, 'CASE.VOTES_EXCEED_ATTENDANCE');

  await app.deps.db.query(`update users set household_id = $1 where username = 'village'`, [householdId]);
  const [{ id: cosignerId }] = await app.deps.db.query<{ id: string }>(
    `insert into users (username, name, role, area_id) values ('village-2', '周八', 'village_cadre', 'qh-al-hx') returning id`,
  );
  try {
    expectRefused(await command('village', deliberate), 403, 'CASE.RELATED_CADRE');
    const ok = await command('village', deliberate, { cosignerId });
    expect([ok.status, ok.body.case.status]).toEqual([200, 'notice_due']);
    const [event] = await app.deps.db.query<{ data: any }>(
      `select data from case_events where case_id = $1 and type = 'deliberated'`, [caseId],
    );
    expect(event.data.cosignedBy).toBe(cosignerId);
  } finally {
    await app.deps.db.query(`update users set household_id = null where username = 'village'`);
  }
});

test('the notice: shorter than the minimum refused; it cannot end early; an objection must be verified first', async () => {
  expectRefused(await command('village', { type: 'startNotice', startOn: '2026-11-20', endOn: '2026-11-24' }), 422, 'CASE.NOTICE_TOO_SHORT');
  const ok = await command('village', { type: 'startNotice', startOn: '2026-11-20', endOn: '2026-11-25' });
  expect([ok.status, ok.body.case.status, ok.body.case.notice]).toEqual([200, 'notice', { startOn: '2026-11-20', endOn: '2026-11-25' }]);
  expectRefused(await command('village', { type: 'endNotice' }), 409, 'CASE.NOTICE_NOT_OVER');

  const objectionId = crypto.randomUUID();
  expect((await command('village', { type: 'object', objectionId, raisedOn: '2026-11-20', content: '该户子女在城里有房有车' })).status).toBe(200);
  let d = await detail();
  expect(d.case.openObjections).toEqual([{ id: objectionId, raisedOn: '2026-11-20', content: '该户子女在城里有房有车' }]);
  expect(d.openTasks.map((t: any) => t.kind).sort()).toEqual(['end_notice', 'verify_objection']);

  app.clock.advanceDays(5); // 2026-11-25: the notice's last day
  expectRefused(await command('village', { type: 'endNotice' }), 409, 'CASE.OPEN_OBJECTION');
  const resolved = await command('grid', {
    type: 'resolveObjection', objectionId, outcome: 'dismissed', verifiedOn: '2026-11-25', findings: '经核实子女已分户，车辆为营运车辆，异议不成立',
  });
  expect([resolved.status, resolved.body.case.status]).toEqual([200, 'notice']);
  d = await detail();
  expect(d.case.openObjections).toEqual([]);
  const ended = await command('village', { type: 'endNotice' });
  expect([ended.status, ended.body.case.status]).toEqual([200, 'township_review']);
});

test('township and county: approval at the wrong level refused; a return resumes where the rules say', async () => {
  expectRefused(await command('village', { type: 'approveAtTownship', opinion: '同意' }), 403, 'CASE.WRONG_ROLE');
  const approved = await command('township', { type: 'approveAtTownship', opinion: '程序完整，同意上报' });
  expect(approved.body.case.status).toBe('county_review');

  expectRefused(await command('county', { type: 'returnCase', reason: '' }), 422, 'CASE.REASON_REQUIRED');
  const back = await command('county', { type: 'returnCase', reason: '乡镇审核意见不完整，请补充', resumeAt: 'township_review' });
  expect([back.status, back.body.case.status]).toEqual([200, 'township_review']);
  expect(back.body.case.outcome).toContain('乡镇审核意见不完整');
  expect((await command('township', { type: 'approveAtTownship', opinion: '已补充入户核实材料，同意上报' })).body.case.status).toBe('county_review');

  expectRefused(await command('county', {
    type: 'approveAtCounty', category: 'marginal', riskTypes: [], identifiedOn: '2026-11-25', opinion: '同意',
  }), 422, 'CASE.RISK_TYPES_REQUIRED');
  const county = await command('county', {
    type: 'approveAtCounty', category: 'unstable_lifted', riskTypes: ['illness'], identifiedOn: '2026-11-25', opinion: '同意纳入监测',
  });
  // the demo farmer's household is a 脱贫户 or not; the category must fit it
  if (county.status !== 200) {
    expectRefused(county, 422, 'CASE.CATEGORY_MISMATCH');
    const marginal = await command('county', {
      type: 'approveAtCounty', category: 'marginal', riskTypes: ['illness'], identifiedOn: '2026-11-25', opinion: '同意纳入监测',
    });
    expect(marginal.status).toBe(200);
  }
  const d = await detail();
  expect(d.case.status).toBe('plan_due');
  expect(d.case.identifiedOn).toBe('2026-11-25');
  expect(d.case.riskTypes).toEqual(['illness']);
  // the plan within 10 days of identification, the first monthly visit 30 days on
  expect(d.openTasks).toEqual(expect.arrayContaining([
    expect.objectContaining({ kind: 'make_plan', dueOn: '2026-12-05', ownerRole: 'village_cadre' }),
    expect.objectContaining({ kind: 'track', dueOn: '2026-12-25', ownerRole: 'grid_member' }),
  ]));
});

test('the assistance plan moves the case into tracking; the timeline is complete and ordered', async () => {
  expectRefused(await command('village', { type: 'makePlan', madeOn: '2026-11-25', measures: [] }), 422, 'CASE.PLAN_EMPTY');
  const plan = await command('village', {
    type: 'makePlan', madeOn: '2026-11-25', measures: [
      { measure: '医疗救助', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: '2026-12-31' },
    ],
  });
  expect([plan.status, plan.body.case.status]).toEqual([200, 'plan_made']);
  const d = await detail();
  expect(d.timeline.map((e: any) => e.type)).toEqual([
    'case_opened', 'clue_added', 'verified', 'deliberated', 'notice_started', 'objection_raised', 'objection_resolved',
    'notice_ended', 'township_approved', 'returned', 'township_approved', 'county_approved', 'plan_made',
  ]);
  const versions = (await app.deps.db.query<{ before: number; after: number }>(
    `select (data->'before'->>'version')::int as before, (data->'after'->>'version')::int as after
       from case_events where case_id = $1 and data ? 'after' order by id`, [caseId],
  ));
  for (const [i, v] of versions.entries()) {
    expect(v.after).toBe(v.before + 1);
    if (i > 0) expect(v.before).toBe(versions[i - 1].after);
  }
});

test("the household's own view: the decisions in plain words, nothing others said, no actions", async () => {
  const res = await app.request('GET', `/api/cases/${caseId}`, { token: tokens.farmer });
  expect(res.status).toBe(200);
  expect(res.body.actions).toEqual([]);
  expect(res.body.clues).toEqual([]);
  expect(res.body.evaluation).toBeNull();
  expect(res.body.case.explanation).toContain('帮扶计划');
  expect(res.body.case.outcome).toMatch(/纳入监测对象/);
  const text = JSON.stringify(res.body);
  for (const hidden of ['子女在城里有房有车', '张三', '营运车辆']) expect(text).not.toContain(hidden);
  for (const e of res.body.timeline) expect([e.actorName, e.details]).toEqual([null, null]);
  expect(text).not.toMatch(/\d{17}[\dX]/);
});

test('who may read a case: staff of its area and the household; others see nothing', async () => {
  expect((await app.request('GET', `/api/cases/${caseId}`, { token: tokens.inspector })).status).toBe(200);
  expect((await app.request('GET', `/api/cases/${caseId}`, { token: tokens['grid-qh-al-hx-2'] })).status).toBe(404);
  expect((await app.request('GET', `/api/cases/${caseId}`, { token: tokens['dept-medical'] })).status).toBe(403);
  const other = await app.login('farmer-new');
  expect((await app.request('GET', `/api/cases/${caseId}`, { token: other.token })).status).toBe(404);
  expect((await app.request('GET', `/api/cases/${crypto.randomUUID()}`, { token: tokens.county })).status).toBe(404);
});

describe('clues from the other channels', () => {
  let otherHousehold: string;
  beforeAll(async () => {
    [{ id: otherHousehold }] = await app.deps.db.query<{ id: string }>(
      `select h.id from households h where h.area_path like '%/qh-al-hx-1/' and h.id <> $1
          and not exists (select 1 from cases c where c.household_id = h.id) limit 1`, [householdId],
    );
  });
  const clue = (over: Record<string, unknown> = {}) => ({
    householdId: otherHousehold, channel: 'grid_visit', riskTypes: ['disaster'], description: '暴雨冲毁大棚，损失约两万元',
    foundOn: '2026-11-23', clientKey: `clue-${crypto.randomUUID()}`, ...over,
  });

  test("a grid member's visit opens a case dated the day it was found; a department alert joins it", async () => {
    const first = await app.request('POST', '/api/clues', { token: tokens.grid, body: clue() });
    expect([first.status, first.body.openedCase]).toEqual([201, true]);
    expect(first.body.case).toMatchObject({ status: 'verifying', clueDate: '2026-11-23' });
    const dept = await app.request('POST', '/api/clues', {
      token: tokens['dept-medical'], body: clue({ channel: 'department_alert', riskTypes: ['illness'], description: '住院自付费用超过2万元' }),
    });
    expect([dept.status, dept.body.openedCase, dept.body.case.id]).toEqual([201, false, first.body.case.id]);
    const d = await app.request('GET', `/api/cases/${first.body.case.id}`, { token: tokens.county });
    expect(d.body.clues.map((c: any) => c.channelLabel)).toEqual(['网格员走访发现', '部门筛查预警（医保局）']);
  });

  test('the county enters an alert by hand naming the department; a retry stores nothing new', async () => {
    const body = clue({ channel: 'department_alert', riskTypes: ['education'], description: '子女高职在读，学费负担重', department: '教育局' });
    const a = await app.request('POST', '/api/clues', { token: tokens.county, body });
    const b = await app.request('POST', '/api/clues', { token: tokens.county, body });
    expect([a.status, b.status, b.body.replayed, b.body.clueId]).toEqual([201, 200, true, a.body.clueId]);
    expectRefused(await app.request('POST', '/api/clues', { token: tokens.county, body: { ...body, department: undefined, clientKey: `k-${crypto.randomUUID()}` } }), 422, 'CLUE.DEPARTMENT_REQUIRED');
  });

  test('refusals: wrong channel for the role, out of area, a future date', async () => {
    expectRefused(await app.request('POST', '/api/clues', { token: tokens.grid, body: clue({ channel: 'department_alert' }) }), 403, 'AUTH.FORBIDDEN');
    expectRefused(await app.request('POST', '/api/clues', { token: tokens['grid-qh-al-hx-2'], body: clue() }), 404, 'HOUSEHOLD.NOT_FOUND');
    expectRefused(await app.request('POST', '/api/clues', { token: tokens.grid, body: clue({ foundOn: '2026-12-01' }) }), 422, 'CASE.DATE_IN_FUTURE');
    expectRefused(await app.request('POST', '/api/clues', { token: tokens.farmer, body: clue() }), 403, 'AUTH.FORBIDDEN');
  });
});
