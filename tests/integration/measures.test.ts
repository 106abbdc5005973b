import crypto from 'node:crypto';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { startApp, type TestApp } from '../support/app';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * The assistance plan's measures over real HTTP on the embedded database: a case driven to 待制定帮扶计划, a plan with
 * measures ordered to departments and a person; the department sees its own open orders and reports one done with
 * evidence (once, whatever the retries), others see nothing, a revision supersedes what is still open.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
let householdId: string;
let caseId: string;
let headName: string;

beforeAll(async () => {
  app = await startApp();
  // a second department in the county, and a 医保局 user scoped to another township
  await app.deps.db.query(
    `insert into users (username, name, role, area_id, department) values
       ('dept-civil', '民政局测试', 'department_user', 'qh', '民政局'),
       ('dept-medical-sq', '医保局石桥', 'department_user', 'qh-sq', '医保局')`,
  );
  for (const u of ['farmer', 'grid', 'village', 'township', 'county', 'inspector', 'dept-medical', 'dept-civil', 'dept-medical-sq', 'grid-qh-al-hx-2']) {
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

async function command(who: string, cmd: Record<string, unknown>) {
  const { version } = (await detail('county')).case;
  const res = await app.request('POST', `/api/cases/${caseId}/commands`, {
    token: tokens[who], body: { command: cmd, expectedVersion: version, requestId: requestId() },
  });
  expect([res.status, res.body.error?.code]).toEqual([200, undefined]);
  return res.body;
}

function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

const list = (who: string, status?: 'open' | 'done') =>
  app.request('GET', `/api/measures${status ? `?status=${status}` : ''}`, { token: tokens[who] });
const complete = (who: string, id: string, body: Record<string, unknown>) =>
  app.request('POST', `/api/measures/${id}/complete`, { token: tokens[who], body });

async function counts() {
  const [r] = await app.deps.db.query<{ events: number; done: number; measures: number }>(
    `select (select count(*) from case_events where case_id = $1)::int as events,
            (select count(*) from plan_measures where case_id = $1 and status = 'done')::int as done,
            (select count(*) from plan_measures where case_id = $1)::int as measures`, [caseId],
  );
  return r;
}

const PLAN = () => ({
  type: 'makePlan', madeOn: '2026-11-25', measures: [
    { measure: '医疗救助、大病保险报销', memberName: headName, responsible: { kind: 'department', name: '医保局' }, dueOn: '2026-12-20' },
    { measure: '公益性岗位', memberName: null, responsible: { kind: 'department', name: '人社局' }, dueOn: '2026-12-31' },
    { measure: '结对帮扶，每月走访', memberName: null, responsible: { kind: 'person', name: '王建国' }, dueOn: '2026-12-31' },
  ],
});

test('a case driven to 待制定帮扶计划 over HTTP: declaration, verification, deliberation, notice, township, county', async () => {
  const declared = await app.request('POST', '/api/declarations', {
    token: tokens.farmer,
    body: { householdId, riskTypes: ['illness'], description: '老伴住院，自付医疗费三万多元', consent: true, clientKey: `ms-${Date.now()}` },
  });
  expect(declared.status).toBe(201);
  caseId = declared.body.case.id;
  await command('grid', {
    type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
    findings: '老伴住院，医保报销后自付3.2万元，人均纯收入约5800元，低于监测线',
  });
  await command('village', {
    type: 'deliberate', heldOn: '2026-11-20', attendees: ['张三', '李四', '王五'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
    minutes: '一致同意纳入监测',
  });
  await command('village', { type: 'startNotice', startOn: '2026-11-20', endOn: '2026-11-25' });
  app.clock.advanceDays(5); // 2026-11-25
  await command('village', { type: 'endNotice' });
  await command('township', { type: 'approveAtTownship', opinion: '同意上报' });
  const lifted = (await detail()).household.category === 'lifted';
  await command('county', {
    type: 'approveAtCounty', category: lifted ? 'unstable_lifted' : 'marginal', riskTypes: ['illness'], identifiedOn: '2026-11-25',
    opinion: '同意纳入监测',
  });
  const d = await detail();
  expect(d.case.status).toBe('plan_due');
  expect(d.measures).toEqual([]);
  headName = d.household.headName;
});

test('a plan writes its measures, in the command\'s transaction: the case lists them open with responsible and due date', async () => {
  const plan = await command('village', PLAN());
  expect(plan.case.status).toBe('plan_made');
  expect(plan.measures.map((m: any) => [m.measure, m.memberName, m.responsible.name, m.dueOn, m.status, m.overdue])).toEqual([
    ['医疗救助、大病保险报销', headName, '医保局', '2026-12-20', 'open', false],
    ['公益性岗位', null, '人社局', '2026-12-31', 'open', false],
    ['结对帮扶，每月走访', null, '王建国', '2026-12-31', 'open', false],
  ]);
  expect(plan.measures[2].responsible.kind).toBe('person');
  // a refused plan writes no measures
  const before = await counts();
  const bad = await app.request('POST', `/api/cases/${caseId}/commands`, {
    token: tokens.village,
    body: { command: { ...PLAN(), measures: [{ ...PLAN().measures[0], dueOn: '2026-11-01' }] }, expectedVersion: plan.case.version, requestId: requestId() },
  });
  expectRefused(bad, 422, 'CASE.MEASURE_INCOMPLETE');
  expect(await counts()).toEqual(before);
});

test("the department sees the open measures ordered to it within its area, with who and where, no ID numbers", async () => {
  const res = await list('dept-medical');
  expect(res.status).toBe(200);
  expect(res.body.department).toBe('医保局');
  const mine = res.body.measures.filter((m: any) => m.caseId === caseId);
  expect(mine).toHaveLength(1);
  expect(mine[0]).toMatchObject({
    measure: '医疗救助、大病保险报销', memberName: headName, headName, dueOn: '2026-12-20', daysLeft: 25, status: 'open',
    responsible: { kind: 'department', name: '医保局' }, place: { county: '清河县', township: '安乐镇', village: '红星村' },
  });
  expect(JSON.stringify(res.body)).not.toMatch(/\d{17}[\dX]|\d{4}\*{6,}/);
  // ordered soonest due first
  const dues = res.body.measures.map((m: any) => m.dueOn);
  expect(dues).toEqual([...dues].sort());
});

test('another department, the same department in another township, farmers and other staff see none of it', async () => {
  expect((await list('dept-civil')).body.measures.filter((m: any) => m.caseId === caseId)).toEqual([]);
  expect((await list('dept-medical-sq')).body.measures.filter((m: any) => m.caseId === caseId)).toEqual([]);
  for (const who of ['farmer', 'village', 'county']) expectRefused(await list(who), 403, 'AUTH.FORBIDDEN');
  expect((await app.request('GET', '/api/measures')).status).toBe(401);
  expectRefused(await app.request('GET', '/api/measures?status=late', { token: tokens['dept-medical'] }), 400, 'REQUEST.INVALID');
});

test('completing: only the department it is ordered to, only with evidence; others change nothing', async () => {
  const [medical, labour, person] = (await detail()).measures.map((m: any) => m.id);
  const before = await counts();
  const body = { evidence: '已办理医疗救助，发放救助金2300元', requestId: requestId() };
  expectRefused(await complete('dept-civil', medical, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('dept-medical-sq', medical, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('dept-medical', labour, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('dept-medical', person, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('farmer', medical, body), 403, 'AUTH.FORBIDDEN');
  expectRefused(await complete('county', medical, body), 403, 'AUTH.FORBIDDEN');
  // a department's measure is not the village's to close
  expectRefused(await complete('village', medical, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('dept-medical', crypto.randomUUID(), body), 404, 'MEASURE.NOT_FOUND');
  const short = await complete('dept-medical', medical, { ...body, evidence: '已办' });
  expect([short.status, short.body.error.issues[0].path]).toEqual([400, 'evidence']);
  expect(await counts()).toEqual(before);
});

test('the department reports its measure done: once, on the case timeline; a retry answers the same and adds nothing', async () => {
  const medical = (await detail()).measures[0].id;
  const body = { evidence: '已办理医疗救助，发放救助金2300元，大病保险报销1.1万元', requestId: requestId() };
  const before = await counts();
  const first = await complete('dept-medical', medical, body);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ replayed: false, measure: { id: medical, status: 'done', evidence: body.evidence, doneOn: '2026-11-25' } });
  expect(await counts()).toEqual({ ...before, events: before.events + 1, done: 1 });

  const again = await complete('dept-medical', medical, body);
  expect([again.status, again.body.replayed, again.body.measure.status]).toEqual([200, true, 'done']);
  expect(await counts()).toEqual({ ...before, events: before.events + 1, done: 1 });
  expectRefused(await complete('dept-medical', medical, { ...body, evidence: '别的办理情况说明' }), 409, 'MEASURE.REQUEST_REUSED');
  expectRefused(await complete('dept-medical', medical, { ...body, requestId: requestId() }), 409, 'MEASURE.ALREADY_DONE');

  // the open list no longer has it, the done list does
  expect((await list('dept-medical')).body.measures.some((m: any) => m.id === medical)).toBe(false);
  expect((await list('dept-medical', 'done')).body.measures.map((m: any) => m.id)).toContain(medical);

  const d = await detail();
  expect(d.measures[0]).toMatchObject({ status: 'done', evidence: body.evidence, doneOn: '2026-11-25', doneByName: expect.any(String) });
  expect(d.timeline.at(-1)).toMatchObject({
    type: 'measure_completed', label: '帮扶措施办结', actorRole: 'department_user', on: '2026-11-25',
    summary: `医保局：医疗救助、大病保险报销（${headName}）已办结。${body.evidence}`,
  });
  // the household sees it done, not who did it
  const own = await app.request('GET', `/api/cases/${caseId}`, { token: tokens.farmer });
  expect(own.body.measures[0]).toMatchObject({ status: 'done', doneByName: null, photoIds: [] });
  expect(own.body.timeline.at(-1).summary).toBe(`医疗救助、大病保险报销（${headName}）已办好`);
});

test('concurrent retries of one completion record it once', async () => {
  const labour = (await detail()).measures[1].id;
  await app.deps.db.query(`update users set department = '人社局' where username = 'dept-civil'`);
  const body = { evidence: '已安排村公益性岗位（保洁员），月补贴800元', requestId: requestId() };
  const before = await counts();
  const answers = await Promise.all(Array.from({ length: 8 }, () => complete('dept-civil', labour, body)));
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
  expect(await counts()).toEqual({ ...before, events: before.events + 1, done: before.done + 1 });
});

test("a person's measure is closed by the village or grid member of the area, with the photos they took", async () => {
  const person = (await detail()).measures[2].id;
  const png = qrPng('帮扶照片', { width: 120 }).toString('base64');
  const mine = await app.request('POST', '/api/files', { token: tokens.grid, body: { contentType: 'image/png', base64: png } });
  const theirs = await app.request('POST', '/api/files', { token: tokens.village, body: { contentType: 'image/png', base64: png } });
  expect([mine.status, theirs.status]).toEqual([201, 201]);
  const body = { evidence: '本月已入户结对帮扶，协助申请医疗救助', requestId: requestId() };
  expectRefused(await complete('grid-qh-al-hx-2', person, body), 404, 'MEASURE.NOT_FOUND');
  expectRefused(await complete('grid', person, { ...body, photoIds: [theirs.body.id] }), 404, 'FILE.NOT_FOUND');
  const ok = await complete('grid', person, { ...body, photoIds: [mine.body.id] });
  expect([ok.status, ok.body.measure.photoIds]).toEqual([200, [mine.body.id]]);
  expect((await detail('county')).measures[2]).toMatchObject({ status: 'done', photoIds: [mine.body.id] });
});

test('a revised plan supersedes what is still open and keeps what is done; the superseded measure cannot be closed', async () => {
  // a fresh open measure, then the revision
  await command('village', {
    type: 'makePlan', madeOn: '2026-11-25', measures: [
      { measure: '技能培训', memberName: null, responsible: { kind: 'department', name: '人社局' }, dueOn: '2027-01-31' },
    ],
  });
  const stale = (await detail()).measures.find((m: any) => m.measure === '技能培训').id;
  const revised = await command('village', {
    type: 'makePlan', madeOn: '2026-11-25', measures: [
      { measure: '产业帮扶（产业奖补、小额信贷）', memberName: null, responsible: { kind: 'department', name: '农业农村局' }, dueOn: '2027-03-31' },
    ],
  });
  expect(revised.measures.map((m: any) => [m.measure, m.status])).toEqual([
    ['医疗救助、大病保险报销', 'done'], ['公益性岗位', 'done'], ['结对帮扶，每月走访', 'done'], ['产业帮扶（产业奖补、小额信贷）', 'open'],
  ]);
  const [history] = await app.deps.db.query<{ superseded: number }>(
    `select count(*)::int as superseded from plan_measures where case_id = $1 and status = 'superseded'`, [caseId],
  );
  expect(history.superseded).toBe(1);
  expectRefused(await complete('dept-civil', stale, { evidence: '已完成技能培训报名', requestId: requestId() }), 409, 'MEASURE.SUPERSEDED');
  expect((await list('dept-civil')).body.measures.some((m: any) => m.id === stale)).toBe(false);
});
