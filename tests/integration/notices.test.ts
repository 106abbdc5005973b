import crypto from 'node:crypto';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { startApp, type TestApp } from '../support/app';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * 村内公示 for the village's farmers over real HTTP on the embedded database: a case driven to its notice, the
 * neighbours of the same village reading it and objecting (anonymously or by name), the limits (another village, the
 * notice's end, retries, too many objections) and what each side then sees.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
let householdId: string;
let caseId: string;

/** A farmer bound to the first household of a group other than the demo farmer's. */
async function addFarmer(username: string, groupId: string): Promise<void> {
  const [h] = await app.deps.db.query<{ id: string; name: string }>(
    `select h.id, m.name from households h join members m on m.household_id = h.id and m.relation = 'head'
      where h.area_id = $1 order by h.number limit 1`, [groupId],
  );
  await app.deps.db.query(`insert into users (username, name, role, household_id) values ($1, $2, 'farmer', $3)`, [username, h.name, h.id]);
}

beforeAll(async () => {
  app = await startApp();
  await addFarmer('farmer-hx-2', 'qh-al-hx-2'); // 红星村二组: the same village as the demo farmer
  await addFarmer('farmer-lw-1', 'qh-al-lw-1'); // 柳湾村: another village of the same township
  for (const u of ['farmer', 'farmer-hx-2', 'farmer-lw-1', 'farmer-new', 'grid', 'village', 'township', 'county']) {
    const r = await app.login(u);
    tokens[u] = r.token;
    ids[u] = r.user.id;
    if (u === 'farmer') householdId = r.user.householdId;
  }
  // the demo farmer declares; the grid member verifies; the village deliberates: the case waits for its notice
  const declared = await app.request('POST', '/api/declarations', {
    token: tokens.farmer,
    body: { householdId, riskTypes: ['illness'], description: '老伴确诊肺癌晚期，在西京医院化疗，自付三万多元', consent: true, clientKey: `nt-${Date.now()}` },
  });
  caseId = declared.body.case.id;
  await command('grid', {
    type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
    findings: '老伴肺癌晚期住院化疗，医保报销后自付3.2万元，人均纯收入约5800元',
  });
  await command('village', {
    type: 'deliberate', heldOn: '2026-11-20', attendees: ['周一', '吴二', '郑三'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
    minutes: '该户因病支出大，同意纳入',
  });
});
afterAll(() => app.close());

async function detail(who = 'village') {
  const res = await app.request('GET', `/api/cases/${caseId}`, { token: tokens[who] });
  expect(res.status).toBe(200);
  return res.body;
}
async function command(who: string, cmd: Record<string, unknown>) {
  const { version } = (await detail('county')).case;
  return app.request('POST', `/api/cases/${caseId}/commands`, {
    token: tokens[who], body: { command: cmd, expectedVersion: version, requestId: crypto.randomUUID() },
  });
}
const notices = (who: string) => app.request('GET', '/api/notices', { token: tokens[who] });
const object = (who: string, body: Record<string, unknown>, id = caseId) =>
  app.request('POST', `/api/notices/${id}/objections`, { token: tokens[who], body: { requestId: crypto.randomUUID(), ...body } });
function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}
async function counts() {
  const [r] = await app.deps.db.query<{ events: number; tasks: number; version: number }>(
    `select (select count(*) from case_events where case_id = $1)::int as events,
            (select count(*) from tasks where case_id = $1)::int as tasks,
            (select version from cases where id = $1) as version`, [caseId],
  );
  return r;
}

test('before it is posted there is nothing to read or object to', async () => {
  expect((await notices('farmer-hx-2')).body.notices).toEqual([]);
  expect((await detail()).case.noticeText).toBeNull();
  expectRefused(await object('farmer-hx-2', { content: '有异议', anonymous: true }), 409, 'NOTICE.ENDED');
});

test('the village posts the notice with photos of it; photos it cannot see and too many are refused', async () => {
  const upload = async () => (await app.request('POST', '/api/files', {
    token: tokens.village, body: { contentType: 'image/png', base64: qrPng('村内公示栏', { width: 120 }).toString('base64') },
  })).body.id as string;
  const before = await counts();
  const notice = { type: 'startNotice', startOn: '2026-11-20', endOn: '2026-11-25' };
  expectRefused(await command('village', { ...notice, photoIds: [crypto.randomUUID()] }), 404, 'FILE.NOT_FOUND');
  const four = await command('village', { ...notice, photoIds: [await upload(), await upload(), await upload(), await upload()] });
  expect([four.status, four.body.error.issues[0].path]).toEqual([400, 'command.photoIds']);
  expect(await counts()).toEqual(before);

  const photoIds = [await upload(), await upload()];
  const ok = await command('village', { ...notice, photoIds });
  expect([ok.status, ok.body.case.status]).toEqual([200, 'notice']);
  expect(ok.body.timeline.at(-1).details.photoIds).toEqual(photoIds);
});

test('a farmer of the village reads the notice: head by surname, village and group, category, reasons, period — nothing sensitive', async () => {
  const res = await notices('farmer-hx-2');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ village: '红星村', today: '2026-11-20' });
  expect(res.body.notices).toHaveLength(1);
  const [n] = res.body.notices;
  expect(n).toMatchObject({ id: caseId, procedure: 'identification', title: '防止返贫监测对象识别公示', startOn: '2026-11-20', endOn: '2026-11-25' });
  const household = (await detail()).household;
  const surname = Array.from(household.headName as string)[0];
  expect(n.text).toContain(`拟将红星村一组${surname}*`);
  expect(n.text).toContain('纳入防止返贫监测对象');
  expect(n.text).toContain('主要原因：因病');
  expect(n.text).toContain('公示期：2026年11月20日至2026年11月25日');
  for (const m of household.members) expect(n.text).not.toContain(m.name);
  for (const secret of ['肺癌', '西京医院', '化疗', '3.2万', '5800', '三万']) expect(n.text).not.toContain(secret);
  expect(n.text.replace(/\d{4}年\d{1,2}月\d{1,2}日/g, '')).not.toMatch(/\d/);
  // the staff see the same text on the case
  expect((await detail()).case.noticeText).toBe(n.text);
  // the household itself finds its own notice in the list too
  expect((await notices('farmer')).body.notices.map((x: any) => x.id)).toEqual([caseId]);
});

test('another village sees none of it; staff and unbound accounts have no notice list', async () => {
  const other = await notices('farmer-lw-1');
  expect([other.status, other.body.village, other.body.notices]).toEqual([200, '柳湾村', []]);
  expectRefused(await notices('village'), 403, 'AUTH.FORBIDDEN');
  expectRefused(await notices('farmer-new'), 409, 'HOUSEHOLD.NOT_BOUND');
});

test('an anonymous objection: recorded with no one\'s identity, and the village must verify it', async () => {
  const before = await counts();
  const requestId = crypto.randomUUID();
  const body = { content: '该户儿子在县城有商品房和小汽车', anonymous: true, requestId };
  const res = await object('farmer-hx-2', body);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ noticeId: caseId, raisedOn: '2026-11-20', anonymous: true, replayed: false });
  expect(res.body.message).toContain('村里看不到是谁提的');

  // stored as the workflow's objection, with no actor
  const [event] = await app.deps.db.query<{ actor_id: string | null; actor_role: string; data: any }>(
    `select actor_id, actor_role, data from case_events where case_id = $1 and type = 'objection_raised'`, [caseId],
  );
  expect([event.actor_id, event.actor_role]).toEqual([null, 'farmer']);
  expect(event.data.command).toEqual({ type: 'object', objectionId: res.body.objectionId, raisedOn: '2026-11-20', content: body.content });
  expect(JSON.stringify(event.data)).not.toContain(ids['farmer-hx-2']);

  // the village sees the objection and its task, and nobody's name on it
  const d = await detail();
  expect(d.case.openObjections).toEqual([{ id: res.body.objectionId, raisedOn: '2026-11-20', content: body.content }]);
  expect(d.openTasks.map((t: any) => t.kind).sort()).toEqual(['end_notice', 'verify_objection']);
  const entry = d.timeline.at(-1);
  expect(entry).toMatchObject({ type: 'objection_raised', actorRole: 'farmer', actorLabel: '农户', actorName: null, summary: body.content });
  expect(JSON.stringify(d)).not.toContain(ids['farmer-hx-2']);
  expect(await counts()).toEqual({ events: before.events + 1, tasks: before.tasks + 1, version: before.version + 1 });

  // a retry answers the same and stores nothing; the same request id with other words is refused
  const again = await app.request('POST', `/api/notices/${caseId}/objections`, { token: tokens['farmer-hx-2'], body });
  expect([again.status, again.body.replayed, again.body.objectionId, again.body.anonymous]).toEqual([200, true, res.body.objectionId, true]);
  expectRefused(await app.request('POST', `/api/notices/${caseId}/objections`, {
    token: tokens['farmer-hx-2'], body: { ...body, content: '别的内容' },
  }), 409, 'CASE.REQUEST_REUSED');
  expect(await counts()).toEqual({ events: before.events + 1, tasks: before.tasks + 1, version: before.version + 1 });
});

test('a named objection: the village sees who raised it; the household is told only that there is one', async () => {
  const res = await object('farmer-hx-2', { content: '该户去年新盖了两层楼房', anonymous: false });
  expect([res.status, res.body.anonymous]).toEqual([201, false]);
  const entry = (await detail()).timeline.at(-1);
  const [{ name }] = await app.deps.db.query<{ name: string }>(`select name from users where username = 'farmer-hx-2'`);
  expect(entry).toMatchObject({ type: 'objection_raised', actorRole: 'farmer', actorName: name });

  const own = await detail('farmer');
  const text = JSON.stringify(own);
  for (const hidden of ['商品房', '两层楼房', name, ids['farmer-hx-2']]) expect(text).not.toContain(hidden);
  expect(own.timeline.filter((e: any) => e.type === 'objection_raised').map((e: any) => e.summary))
    .toEqual(['公示期间有群众提出异议，村里会核实', '公示期间有群众提出异议，村里会核实']);
  expect(own.case.noticeText).toContain('纳入防止返贫监测对象');
});

test('refusals: bad input, another village, an unknown notice, too many objections — nothing is stored', async () => {
  const before = await counts();
  const empty = await object('farmer-hx-2', { content: '  ', anonymous: true });
  expect([empty.status, empty.body.error.issues.map((i: any) => i.path)]).toEqual([400, ['content']]);
  const noChoice = await object('farmer-hx-2', { content: '有异议' });
  expect([noChoice.status, noChoice.body.error.issues.map((i: any) => i.path)]).toEqual([400, ['anonymous']]);
  expectRefused(await object('farmer-lw-1', { content: '有异议', anonymous: true }), 404, 'NOTICE.NOT_FOUND');
  expectRefused(await object('farmer-hx-2', { content: '有异议', anonymous: true }, crypto.randomUUID()), 404, 'NOTICE.NOT_FOUND');
  expectRefused(await object('village', { content: '有异议', anonymous: true }), 403, 'AUTH.FORBIDDEN');
  expectRefused(await object('farmer-new', { content: '有异议', anonymous: true }), 409, 'HOUSEHOLD.NOT_BOUND');
  expect(await counts()).toEqual(before);

  // the neighbour has raised two; the third is accepted, the fourth refused (anonymous or not); others may still object
  expect((await object('farmer-hx-2', { content: '该户有营运货车', anonymous: true })).status).toBe(201);
  const after = await counts();
  expectRefused(await object('farmer-hx-2', { content: '再补充一条', anonymous: true }), 429, 'NOTICE.TOO_MANY_OBJECTIONS');
  expectRefused(await object('farmer-hx-2', { content: '再补充一条', anonymous: false }), 429, 'NOTICE.TOO_MANY_OBJECTIONS');
  expect(await counts()).toEqual(after);
  // the same request sent twice at once (a double tap on a slow network) is stored once
  const body = { content: '我家情况属实，请村里尽快核实', anonymous: false, requestId: crypto.randomUUID() };
  const both = await Promise.all([1, 2].map(() => app.request('POST', `/api/notices/${caseId}/objections`, { token: tokens.farmer, body })));
  expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
  expect(both[0].body.objectionId).toBe(both[1].body.objectionId);
  expect((await detail()).case.openObjections).toHaveLength(4);
});

test('the objections hold the notice until verified; after its end no objection is taken, from farmers or staff', async () => {
  app.clock.advanceDays(6); // 2026-11-26: the day after the notice's last day
  expect((await notices('farmer-hx-2')).body.notices).toEqual([]);
  const before = await counts();
  expectRefused(await object('farmer-hx-2', { content: '还有异议', anonymous: true }), 409, 'NOTICE.ENDED');
  expectRefused(await command('village', { type: 'object', objectionId: crypto.randomUUID(), raisedOn: '2026-11-26', content: '电话反映' }), 409, 'CASE.NOT_DURING_NOTICE');
  expectRefused(await command('village', { type: 'endNotice' }), 409, 'CASE.OPEN_OBJECTION');
  expect(await counts()).toEqual(before);
  // a written objection received on the last day may still be registered by the village
  const late = await command('village', { type: 'object', objectionId: crypto.randomUUID(), raisedOn: '2026-11-25', content: '书面异议：该户有店铺' });
  expect(late.status).toBe(200);

  for (const o of (await detail()).case.openObjections) {
    const r = await command('grid', { type: 'resolveObjection', objectionId: o.id, outcome: 'dismissed', verifiedOn: '2026-11-26', findings: '经核实不属实' });
    expect(r.status).toBe(200);
  }
  const ended = await command('village', { type: 'endNotice' });
  expect([ended.status, ended.body.case.status, ended.body.case.noticeText]).toEqual([200, 'township_review', null]);
});
