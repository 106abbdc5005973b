import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_EXPLAINER_IMAGE_BYTES, MAX_EXPLAINER_IMAGES } from '@shared/contracts/awareness';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { startApp, type TestApp } from '../support/app';

/**
 * 政策明白纸 over real HTTP on the embedded database: the county publishes (sanitised, versions kept, images inlined,
 * retries replayed), a household's farmer and the staff over it open the explainers in force for its region (each
 * opening recorded once), with the policy's figures filled in when read. Today is 2026-11-20 (TEST_NOW).
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const userIds: Record<string, string> = {};
let householdId: string; // the demo farmer's, in 安乐镇 红星村 一组
let otherHouseholdId: string; // 柳湾村 一组, with its own farmer

const PNG = qrPng('明白纸插图', { width: 120 });
const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(size - 4)]);
const key = () => `k-${crypto.randomUUID()}`;

const DECLARATION_SOURCE = `## 哪些家庭可以申报
家庭年人均纯收入低于{{监测线}}的，可以申报。

- 从发现到认定不超过{{认定时限}}
- 村内公示不少于{{公示天数}}
- 认定后{{帮扶计划时限}}内制定帮扶计划

{{年度}}年度标准。`;
const QUESTIONS = [
  { kind: 'true_false', stem: '收入低于监测线可以申报吗？', answer: 0, explanation: '对，这是申报条件之一。', key: true },
  { kind: 'single', stem: '怎样申报最方便？', options: ['扫码一键申报', '去省城'], answer: 0, explanation: '扫自家门牌上的码即可。', key: false },
];
const draft = (over: Record<string, unknown> = {}) => ({
  clientKey: key(), topic: 'declaration', title: '怎样申报', source: DECLARATION_SOURCE, areaId: 'qh',
  validFrom: '2026-01-01', validTo: null, questions: QUESTIONS, ...over,
});

const publish = (who: string, body: unknown) => app.request('POST', '/api/explainers', { token: tokens[who], body });
const upload = (who: string, body: unknown) => app.request('POST', '/api/explainer-images', { token: tokens[who], body });
const listFor = (who: string, hh = householdId) => app.request('GET', `/api/households/${hh}/explainers`, { token: tokens[who] });
const open = (who: string, id: string, clientKey = key(), hh = householdId) =>
  app.request('POST', `/api/households/${hh}/explainers/${id}/open`, { token: tokens[who], body: { clientKey } });
function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body?.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}
async function counts() {
  const [r] = await app.deps.db.query<{ explainers: number; versions: number; questions: number; opens: number }>(
    `select (select count(*) from explainers)::int as explainers, (select count(*) from explainer_versions)::int as versions,
            (select count(*) from quiz_questions)::int as questions, (select count(*) from explainer_opens)::int as opens`,
  );
  return r;
}
/** Titles grouped by topic in the order the page shows the topics (怎样申报, 帮扶政策, other); sorted within a topic. */
function byTopic(explainers: { topic: string; title: string }[]): string[][] {
  const topics = [...new Set(explainers.map((e) => e.topic))];
  expect(topics).toEqual(['declaration', 'assistance', 'other'].filter((t) => topics.includes(t)));
  return topics.map((t) => explainers.filter((e) => e.topic === t).map((e) => e.title).sort());
}
const storedHtml = async (id: string) =>
  (await app.deps.db.query<{ html: string }>('select html from explainer_versions where id = $1', [id]))[0].html;

beforeAll(async () => {
  app = await startApp();
  // a neighbouring county with its own admin, and a farmer of 柳湾村 (another village of the same township)
  await app.deps.db.query(`insert into areas (id, parent_id, level, name, path) values ('ly', null, 'county', '临远县', '/ly/')`);
  await app.deps.db.query(`insert into users (username, name, role, area_id) values ('county-ly', '临远管理员', 'county_admin', 'ly')`);
  const [other] = await app.deps.db.query<{ id: string }>(`select id from households where area_id = 'qh-al-lw-1' order by number limit 1`);
  otherHouseholdId = other.id;
  await app.deps.db.query(`insert into users (username, name, role, household_id) values ('farmer-lw', '柳湾农户', 'farmer', $1)`, [other.id]);
  for (const u of ['farmer', 'farmer-lw', 'grid', 'grid-qh-al-hx-2', 'village', 'township', 'county', 'county-ly', 'inspector', 'dept-medical']) {
    const r = await app.login(u);
    tokens[u] = r.token;
    userIds[u] = r.user.id;
    if (u === 'farmer') householdId = r.user.householdId;
  }
});
afterAll(() => app.close());

describe('publishing', () => {
  let v1: any;

  test('the county publishes version 1: stored sanitised, placeholders kept for reading time, questions with it', async () => {
    const before = await counts();
    const res = await publish('county', draft({ clientKey: 'decl-v1-key' }));
    expect(res.status).toBe(201);
    v1 = res.body.explainer;
    expect(res.body.replayed).toBe(false);
    expect(v1).toMatchObject({
      version: 1, topic: 'declaration', topicLabel: '怎样申报', title: '怎样申报', area: { id: 'qh', level: 'county', name: '清河县' },
      validFrom: '2026-01-01', validTo: null, questionCount: 2, current: true, source: DECLARATION_SOURCE,
      publishedAt: '2026-11-20T02:00:00.000Z',
    });
    expect(v1.publishedBy).toBe((await app.login('county')).user.name);
    expect(v1.html).toContain('<h2>哪些家庭可以申报</h2>');
    expect(v1.html).toContain('<li>从发现到认定不超过{{认定时限}}</li>');
    expect(v1.questions.map((q: any) => [q.kind, q.options, q.answer, q.key])).toEqual([
      ['true_false', ['对', '错'], 0, true], ['single', ['扫码一键申报', '去省城'], 0, false],
    ]);
    expect(await counts()).toEqual({ ...before, explainers: before.explainers + 1, versions: before.versions + 1, questions: before.questions + 2 });
  });

  test('the same clientKey again answers with the first version and stores nothing; another body under it is refused', async () => {
    const before = await counts();
    const again = await publish('county', draft({ clientKey: 'decl-v1-key' }));
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.explainer).toEqual(v1);
    expectRefused(await publish('county', draft({ clientKey: 'decl-v1-key', title: '另一个标题' })), 409, 'EXPLAINER.KEY_REUSED');
    expect(await counts()).toEqual(before);
  });

  test('version 2 supersedes version 1, which stays stored exactly as it was', async () => {
    const [rowBefore] = await app.deps.db.query('select * from explainer_versions where id = $1', [v1.id]);
    const res = await publish('county', draft({ explainerId: v1.explainerId, title: '怎样申报（修订）', source: `${DECLARATION_SOURCE}\n\n新增：也可以拨打12317。` }));
    expect(res.status).toBe(201);
    const v2 = res.body.explainer;
    expect([v2.explainerId, v2.version, v2.current, v2.title]).toEqual([v1.explainerId, 2, true, '怎样申报（修订）']);
    expect(v2.id).not.toBe(v1.id);
    const [rowAfter] = await app.deps.db.query('select * from explainer_versions where id = $1', [v1.id]);
    expect(rowAfter).toEqual(rowBefore);
    // the county's list: both versions, newest first, only v2 current; reading v1 still gives v1
    const list = await app.request('GET', '/api/explainers', { token: tokens.county });
    expect(list.status).toBe(200);
    const mine = list.body.explainers.filter((e: any) => e.explainerId === v1.explainerId);
    expect(mine.map((e: any) => [e.version, e.current])).toEqual([[2, true], [1, false]]);
    const old = await app.request('GET', `/api/explainers/${v1.id}`, { token: tokens.county });
    expect(old.status).toBe(200);
    expect(old.body.explainer).toEqual({ ...v1, current: false });
    // the household sees version 2 only
    const seen = await listFor('farmer');
    expect(seen.body.explainers.filter((e: any) => e.explainerId === v1.explainerId).map((e: any) => e.version)).toEqual([2]);
    expectRefused(await open('farmer', v1.id), 404, 'EXPLAINER.NOT_FOUND');
  });

  test('a <script> tag, event handlers and links out in the source are stored without them', async () => {
    const source = `## 申报渠道
<script>alert('x')</script>
<p onclick="alert(1)" style="color:red">点<b onmouseover="steal()">这里</b>申报</p>

[官方网站](javascript:alert(2)) 与 [外部链接](https://evil.example/x)

<img src="x" onerror="alert(3)">
<iframe src="https://evil.example"></iframe>
<svg onload="alert(4)"><circle /></svg>

- 列表<span onclick="x()">项</span>`;
    const res = await publish('county', draft({ topic: 'other', title: '安全检查', source, questions: [] }));
    expect(res.status).toBe(201);
    const html = await storedHtml(res.body.explainer.id);
    expect(html).toBe(res.body.explainer.html);
    for (const bad of [/<script/i, /alert\('x'\)/, /\son\w+=/i, /javascript:/i, /href/i, /<a\b/i, /<iframe/i, /<svg/i, /style=/i, /<img/i, /<span/i]) {
      expect([String(bad), bad.test(html)]).toEqual([String(bad), false]);
    }
    // the text around them is kept
    expect(html).toContain('<h2>申报渠道</h2>');
    expect(html).toContain('<b>这里</b>');
    expect(html).toContain('官方网站');
    expect(html).toContain('<li>列表项</li>');
    // the source is kept as the author sent it, to be edited into the next version
    expect(res.body.explainer.source).toBe(source);
  });

  test('a text that is nothing but what the whitelist removes is refused', async () => {
    const before = await counts();
    expectRefused(await publish('county', draft({ source: '<script>alert(1)</script><iframe></iframe>' })), 422, 'EXPLAINER.EMPTY_BODY');
    expect(await counts()).toEqual(before);
  });

  test('an unknown placeholder is refused and named; placeholders in questions are refused; nothing is stored', async () => {
    const before = await counts();
    const res = await publish('county', draft({ source: `${DECLARATION_SOURCE}\n收入低于{{收入线}}，期限{{ 期限 }}。` }));
    expectRefused(res, 422, 'EXPLAINER.UNKNOWN_PLACEHOLDER');
    expect(res.body.error.message).toContain('{{收入线}}、{{期限}}');
    expect(res.body.error.message).toContain('{{监测线}}');
    const inQuestion = [{ ...QUESTIONS[0], stem: '监测线是{{监测线}}吗？' }];
    expectRefused(await publish('county', draft({ questions: inQuestion })), 422, 'EXPLAINER.PLACEHOLDER_IN_QUESTION');
    expect(await counts()).toEqual(before);
  });

  test('only the county admin publishes, lists and reads versions; every other role is refused and nothing is stored', async () => {
    const before = await counts();
    const [{ id }] = await app.deps.db.query<{ id: string }>('select id from explainer_versions limit 1');
    for (const who of ['farmer', 'grid', 'village', 'township', 'inspector', 'dept-medical']) {
      expectRefused(await publish(who, draft()), 403, 'AUTH.FORBIDDEN');
      expectRefused(await app.request('GET', '/api/explainers', { token: tokens[who] }), 403, 'AUTH.FORBIDDEN');
      expectRefused(await app.request('GET', `/api/explainers/${id}`, { token: tokens[who] }), 403, 'AUTH.FORBIDDEN');
      expectRefused(await upload(who, { contentType: 'image/png', base64: PNG.toString('base64') }), 403, 'AUTH.FORBIDDEN');
    }
    expectRefused(await app.request('POST', '/api/explainers', { body: draft() }), 401, 'AUTH.REQUIRED');
    expect(await counts()).toEqual(before);
  });

  test('a region outside the county, or a group, is refused; another county can neither see nor version ours', async () => {
    const before = await counts();
    expectRefused(await publish('county', draft({ areaId: 'ly' })), 404, 'AREA.NOT_FOUND');
    expectRefused(await publish('county', draft({ areaId: 'no-such-area' })), 404, 'AREA.NOT_FOUND');
    expectRefused(await publish('county', draft({ areaId: 'qh-al-hx-1' })), 422, 'EXPLAINER.AREA_LEVEL');
    expectRefused(await publish('county-ly', draft({ areaId: 'qh' })), 404, 'AREA.NOT_FOUND');
    expectRefused(await publish('county-ly', draft({ areaId: 'ly', explainerId: v1.explainerId })), 404, 'EXPLAINER.NOT_FOUND');
    expectRefused(await app.request('GET', `/api/explainers/${v1.id}`, { token: tokens['county-ly'] }), 404, 'EXPLAINER.NOT_FOUND');
    expect((await app.request('GET', '/api/explainers', { token: tokens['county-ly'] })).body).toEqual({ explainers: [] });
    expectRefused(await publish('county', draft({ explainerId: crypto.randomUUID() })), 404, 'EXPLAINER.NOT_FOUND');
    expect(await counts()).toEqual(before);
  });

  test('bad input is refused with field messages: an end before the start, a wrong answer index, a missing title', async () => {
    const before = await counts();
    for (const body of [
      draft({ validFrom: '2026-12-01', validTo: '2026-11-01' }),
      draft({ questions: [{ ...QUESTIONS[1], answer: 2 }] }),
      draft({ title: '' }),
      draft({ topic: 'gossip' }),
    ]) {
      const res = await publish('county', body);
      expectRefused(res, 400, 'REQUEST.INVALID');
      expect(res.body.error.issues.length).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('images', () => {
  test('an uploaded PNG is inlined as a data: URI when published; the text needs nothing else to show it', async () => {
    const up = await upload('county', { contentType: 'image/png', base64: PNG.toString('base64') });
    expect(up.status).toBe(201);
    const res = await publish('county', draft({
      topic: 'other', title: '图解申报', questions: [], source: `## 图解\n![申报流程图](file:${up.body.id})\n\n按图办理。`,
    }));
    expect(res.status).toBe(201);
    const html = await storedHtml(res.body.explainer.id);
    expect(html).toContain(`<img src="data:image/png;base64,${PNG.toString('base64')}" alt="申报流程图" />`);
    expect(html).not.toContain('file:');
  });

  test('an image over the limit is refused on upload; a wrong type by its bytes too; nothing is stored', async () => {
    const filesDir = path.join(app.deps.config.dataDir, 'files');
    const stored = () => (fs.existsSync(filesDir) ? fs.readdirSync(filesDir, { recursive: true }).length : 0);
    const before = stored();
    const tooLarge = await upload('county', { contentType: 'image/jpeg', base64: jpeg(MAX_EXPLAINER_IMAGE_BYTES + 1).toString('base64') });
    expectRefused(tooLarge, 413, 'FILE.TOO_LARGE');
    expect(tooLarge.body.error.message).toContain('512 KB');
    expectRefused(await upload('county', { contentType: 'image/png', base64: jpeg(1000).toString('base64') }), 422, 'FILE.TYPE_MISMATCH');
    expect(stored()).toBe(before);
    expect((await upload('county', { contentType: 'image/jpeg', base64: jpeg(MAX_EXPLAINER_IMAGE_BYTES).toString('base64') })).status).toBe(201);
  });

  test('an image not uploaded by the county (unknown, or a grid member’s visit photo) refuses publishing; so do too many', async () => {
    const before = await counts();
    const withImage = (id: string) => draft({ source: `${DECLARATION_SOURCE}\n\n![图](file:${id})` });
    expectRefused(await publish('county', withImage(crypto.randomUUID())), 422, 'EXPLAINER.IMAGE_NOT_FOUND');
    const photo = await app.request('POST', '/api/files', { token: tokens.grid, body: { contentType: 'image/png', base64: PNG.toString('base64') } });
    expect(photo.status).toBe(201);
    expectRefused(await publish('county', withImage(photo.body.id)), 422, 'EXPLAINER.IMAGE_NOT_FOUND');
    const ids: string[] = [];
    for (let i = 0; i <= MAX_EXPLAINER_IMAGES; i++) ids.push((await upload('county', { contentType: 'image/png', base64: PNG.toString('base64') })).body.id);
    const many = await publish('county', draft({ source: `${DECLARATION_SOURCE}\n\n${ids.map((id) => `![图](file:${id})`).join('\n')}` }));
    expectRefused(many, 422, 'EXPLAINER.TOO_MANY_IMAGES');
    expect(many.body.error.message).toContain(String(MAX_EXPLAINER_IMAGES));
    expect(await counts()).toEqual(before);
  });
});

describe('reading: the household’s current explainers', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    // start from a clean slate for this part: only what is published here is in force
    await app.deps.db.query(`update explainer_versions set valid_to = '2026-01-01'`);
    const pub = async (name: string, over: Record<string, unknown>) => {
      const res = await publish('county', draft(over));
      expect([name, res.status]).toEqual([name, 201]);
      ids[name] = res.body.explainer.id;
    };
    await pub('declaration', {});
    await pub('assistance', { topic: 'assistance', title: '帮扶政策', source: '## 帮扶\n认定后{{帮扶计划时限}}内制定帮扶计划。', questions: [QUESTIONS[1]] });
    await pub('township', { topic: 'other', title: '安乐镇产业帮扶', areaId: 'qh-al', source: '## 安乐镇\n本镇发展蔬菜大棚。', questions: [] });
    await pub('otherVillage', { topic: 'other', title: '柳湾村专项', areaId: 'qh-al-lw', source: '## 柳湾村\n本村的专项政策。', questions: [] });
    await pub('expired', { topic: 'other', title: '去年的明白纸', validFrom: '2025-01-01', validTo: '2025-12-31' });
    await pub('future', { topic: 'other', title: '明年的明白纸', validFrom: '2027-01-01' });
    await pub('endsToday', { topic: 'other', title: '今天到期', validFrom: '2026-11-01', validTo: '2026-11-20', questions: [] });
  });

  test('the farmer sees what is in force for their region today, 怎样申报 first, with the questions in force', async () => {
    const res = await listFor('farmer');
    expect(res.status).toBe(200);
    expect(byTopic(res.body.explainers)).toEqual([['怎样申报'], ['帮扶政策'], ['今天到期', '安乐镇产业帮扶']]);
    expect(res.body.explainers.every((e: any) => e.current && e.openedAt === null)).toBe(true);
    expect(res.body.questionCount).toBe(QUESTIONS.length + 1);
    // 柳湾村's farmer sees the county's, the township's and their own village's
    const lw = await listFor('farmer-lw', otherHouseholdId);
    expect(byTopic(lw.body.explainers)).toEqual([['怎样申报'], ['帮扶政策'], ['今天到期', '安乐镇产业帮扶', '柳湾村专项']]);
  });

  test('another household’s farmer is refused, to read the list or open one', async () => {
    expectRefused(await listFor('farmer-lw'), 403, 'HOUSEHOLD.NOT_YOURS');
    expectRefused(await open('farmer-lw', ids.declaration), 403, 'HOUSEHOLD.NOT_YOURS');
    expectRefused(await listFor('grid-qh-al-hx-2'), 404, 'HOUSEHOLD.NOT_FOUND');
    expectRefused(await open('grid-qh-al-hx-2', ids.declaration), 404, 'HOUSEHOLD.NOT_FOUND');
    expectRefused(await listFor('dept-medical'), 403, 'AUTH.FORBIDDEN');
    expect((await counts()).opens).toBe(0);
  });

  test('an explainer not in force for the household cannot be opened', async () => {
    for (const name of ['otherVillage', 'expired', 'future']) expectRefused(await open('farmer', ids[name]), 404, 'EXPLAINER.NOT_FOUND');
    expectRefused(await open('farmer', crypto.randomUUID()), 404, 'EXPLAINER.NOT_FOUND');
    expect((await counts()).opens).toBe(0);
  });

  test('opening fills the figures from the household region’s policy; change the policy and the text follows', async () => {
    const first = await open('farmer', ids.declaration);
    expect(first.status).toBe(200);
    expect(first.body.explainer).toMatchObject({ id: ids.declaration, title: '怎样申报', current: true });
    const html = first.body.explainer.html;
    expect(html).toContain('家庭年人均纯收入低于7300元的，可以申报。');
    expect(html).toContain('<li>从发现到认定不超过15天</li>');
    expect(html).toContain('<li>村内公示不少于5天</li>');
    expect(html).toContain('<li>认定后10天内制定帮扶计划</li>');
    expect(html).toContain('2026年度标准。');
    expect(html).not.toContain('{{');
    // the stored text is unchanged: the figures are read at opening time
    expect(await storedHtml(ids.declaration)).toContain('{{监测线}}');

    await app.deps.db.query(
      `update policies set monitoring_line_yuan = 7800, identification_days = 20, day_count = 'working' where area_id = 'qh' and year = 2026`,
    );
    const after = (await open('farmer', ids.declaration)).body.explainer.html;
    expect(after).toContain('低于7800元的');
    expect(after).toContain('<li>从发现到认定不超过20个工作日</li>');
    expect(after).toContain('<li>村内公示不少于5个工作日</li>');
    // a township's own policy is nearer to the household than the county's
    await app.deps.db.query(
      `insert into policies (area_id, year, monitoring_line_yuan, identification_days, notice_min_days, plan_days)
       values ('qh-al', 2026, 8000, 15, 7, 10)`,
    );
    const township = (await open('farmer', ids.declaration)).body.explainer.html;
    expect(township).toContain('低于8000元的');
    expect(township).toContain('<li>村内公示不少于7天</li>');
    const lw = (await open('farmer-lw', ids.declaration, key(), otherHouseholdId)).body.explainer.html;
    expect(lw).toContain('低于8000元的'); // 柳湾村 is in 安乐镇 too
  });

  test('each opening is recorded once per clientKey: household, who, their role, when', async () => {
    await app.deps.db.query('delete from explainer_opens');
    const k = key();
    expect((await open('farmer', ids.assistance, k)).status).toBe(200);
    app.clock.advanceDays(1);
    expect((await open('farmer', ids.assistance, k)).status).toBe(200); // a retry: nothing more recorded
    const rows = await app.deps.db.query(
      'select explainer_id, explainer_version_id, household_id, user_id, role, opened_at, client_key from explainer_opens',
    );
    expect(rows).toEqual([{
      explainer_id: expect.any(String), explainer_version_id: ids.assistance, household_id: householdId,
      user_id: userIds.farmer, role: 'farmer', opened_at: new Date('2026-11-20T02:00:00.000Z'), client_key: k,
    }]);
    // the same key for another explainer is a client's mistake, refused
    expectRefused(await open('farmer', ids.declaration, k), 409, 'EXPLAINER.KEY_REUSED');
    // a new opening the next day is another record; the grid member opening it on a visit is one too
    expect((await open('farmer', ids.assistance)).status).toBe(200);
    expect((await open('grid', ids.declaration)).status).toBe(200);
    const all = await app.deps.db.query<{ role: string; opened_at: Date; user_id: string }>(
      'select role, opened_at, user_id from explainer_opens order by id',
    );
    expect(all.map((r) => [r.role, r.opened_at.toISOString(), r.user_id])).toEqual([
      ['farmer', '2026-11-20T02:00:00.000Z', userIds.farmer],
      ['farmer', '2026-11-21T02:00:00.000Z', userIds.farmer],
      ['grid_member', '2026-11-21T02:00:00.000Z', userIds.grid],
    ]);
    app.clock.set('2026-11-20T02:00:00.000Z');
    // the household page shows when each was last opened (by anyone for the household)
    const seen = (await listFor('farmer')).body.explainers;
    expect(Object.fromEntries(seen.map((e: any) => [e.title, e.openedAt]))).toEqual({
      怎样申报: '2026-11-21T02:00:00.000Z', 帮扶政策: '2026-11-21T02:00:00.000Z', 安乐镇产业帮扶: null, 今天到期: null,
    });
  });

  test('staff over the household may open on a visit; the inspector may only look; a department sees nothing', async () => {
    for (const who of ['village', 'township', 'county']) expect([who, (await open(who, ids.township)).status]).toEqual([who, 200]);
    expect((await listFor('inspector')).status).toBe(200);
    const before = await counts();
    expectRefused(await open('inspector', ids.township), 403, 'AUTH.FORBIDDEN');
    expectRefused(await open('dept-medical', ids.township), 403, 'AUTH.FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  test('tomorrow the explainer that ended today is no longer in force', async () => {
    app.clock.set('2026-11-20T16:00:00.000Z'); // 00:00 on 21 November in Beijing
    expect(byTopic((await listFor('farmer')).body.explainers)).toEqual([['怎样申报'], ['帮扶政策'], ['安乐镇产业帮扶']]);
    expectRefused(await open('farmer', ids.endsToday), 404, 'EXPLAINER.NOT_FOUND');
    app.clock.set('2026-11-20T02:00:00.000Z');
  });
});
