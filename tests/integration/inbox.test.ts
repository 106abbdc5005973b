import crypto from 'node:crypto';
import { enqueue, type Outgoing } from '../../functions/src/app/outbox';
import { startApp, type TestApp } from '../support/app';

/**
 * 消息 and subscriptions over real HTTP on the embedded database. Messages reach the inbox the real way: a farmer's
 * declaration tells the grid member of the new 入户核实 task (the outbox, in the declaration's transaction), and
 * more are written through the outbox's own writer (enqueue) for paging. Each person lists and marks only their own.
 * Subscriptions: one grant per accepted template, a retried request adds none, unknown templates are refused.
 */
const GROUP_1 = '/qh/qh-al/qh-al-hx/qh-al-hx-1/';

function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

describe('the inbox', () => {
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let householdId: string;
  let caseId: string;

  const inbox = (who: string, before?: string) =>
    app.request('GET', `/api/inbox${before ? `?before=${before}` : ''}`, { token: tokens[who] });
  const markRead = (who: string, body: unknown) => app.request('POST', '/api/inbox/read', { token: tokens[who], body });

  /** Messages through the outbox's writer, as a sweep would write them: `n` to-dos for the grid member of 一组. */
  async function remindGrid(n: number, tag: string): Promise<void> {
    const messages: Outgoing[] = Array.from({ length: n }, (_, i) => ({
      cause: `test:${tag}:${i}`, kind: 'task.due_soon',
      facts: { caseId, household: '王某某户（红星村一组）', what: `入户核实 ${i + 1}`, dueOn: '2026-11-25' },
      to: { role: 'grid_member', areaPath: GROUP_1 },
    }));
    await app.deps.db.transaction((tx) => enqueue(tx, app.deps, messages, app.clock.now()));
  }

  beforeAll(async () => {
    app = await startApp();
    for (const u of ['farmer', 'farmer-new', 'grid', 'grid-qh-al-hx-2', 'village', 'county', 'dept-medical', 'inspector']) {
      const r = await app.login(u);
      tokens[u] = r.token;
      ids[u] = r.user.id;
      if (u === 'farmer') householdId = r.user.householdId;
    }
  });
  afterAll(() => app.close());

  test('a declaration tells the grid member: one unread message, opening the case; the farmer is not told of it', async () => {
    const before = await inbox('grid');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ messages: [], nextBefore: null, unread: 0 });

    const declared = await app.request('POST', '/api/declarations', {
      token: tokens.farmer,
      body: { householdId, riskTypes: ['illness'], description: '老伴住院做手术，自付三万多元', consent: true, clientKey: `ib-${Date.now()}` },
    });
    expect(declared.status).toBe(201);
    caseId = declared.body.case.id;

    const res = await inbox('grid');
    expect(res.status).toBe(200);
    expect(res.body.unread).toBe(1);
    expect(res.body.messages).toHaveLength(1);
    const [m] = res.body.messages;
    expect(m).toMatchObject({ kind: 'task.new', caseId, read: false, page: `packages/staff/pages/case/index?id=${caseId}` });
    expect(m.title).toContain('入户核实');
    expect(m.body).toMatch(/某某户（红星村一组）/);
    expect(new Date(m.createdAt).toISOString()).toBe(app.clock.now().toISOString());

    // the other grid member, of 二组, is told nothing; the farmer who declared is not sent the staff's to-do
    expect((await inbox('grid-qh-al-hx-2')).body).toEqual({ messages: [], nextBefore: null, unread: 0 });
    expect((await inbox('farmer')).body.messages.map((x: any) => x.kind)).not.toContain('task.new');
  });

  test('every role may read its own inbox, farmers included; without a session it is refused', async () => {
    for (const who of ['farmer', 'farmer-new', 'village', 'county', 'dept-medical', 'inspector']) {
      const res = await inbox(who);
      expect([who, res.status]).toEqual([who, 200]);
    }
    // a result for the household reaches the farmer's own account, and nobody else's
    await app.deps.db.transaction((tx) => enqueue(tx, app.deps, [{
      cause: `test:result:${caseId}`, kind: 'case.identified', facts: { forHousehold: true, caseId, on: '2026-11-20' },
      to: { role: 'farmer', areaPath: GROUP_1, householdId },
    }], app.clock.now()));
    const farmer = await inbox('farmer');
    expect(farmer.body.unread).toBe(1);
    expect(farmer.body.messages[0]).toMatchObject({ kind: 'case.identified', page: `pages/case/index?id=${caseId}`, read: false });
    expect((await inbox('farmer-new')).body.messages).toEqual([]);

    expectRefused(await app.request('GET', '/api/inbox'), 401, 'AUTH.REQUIRED');
    expectRefused(await app.request('POST', '/api/inbox/read', { body: { all: true } }), 401, 'AUTH.REQUIRED');
  });

  test('pages of 30, newest first, down to the oldest; the unread count is of the whole inbox', async () => {
    await remindGrid(35, 'paging'); // with the declaration's: 36
    const first = await inbox('grid');
    expect(first.status).toBe(200);
    expect(first.body.messages).toHaveLength(30);
    expect(first.body.unread).toBe(36);
    const firstIds: number[] = first.body.messages.map((m: any) => m.id);
    expect(firstIds).toEqual([...firstIds].sort((a, b) => b - a));
    expect(first.body.nextBefore).toBe(String(firstIds[29]));

    const second = await inbox('grid', first.body.nextBefore);
    expect(second.body.messages).toHaveLength(6);
    expect(second.body.nextBefore).toBeNull();
    expect(second.body.unread).toBe(36);
    const secondIds: number[] = second.body.messages.map((m: any) => m.id);
    expect(Math.max(...secondIds)).toBeLessThan(Math.min(...firstIds));
    expect(second.body.messages.at(-1).kind).toBe('task.new'); // the oldest: the declaration's
    const titles = [...first.body.messages, ...second.body.messages].map((m: any) => m.title);
    expect(new Set(titles).size).toBe(36);
    for (let i = 1; i <= 35; i++) expect(titles).toContain(`即将到期：入户核实 ${i}`);

    // exactly a full page older than this one: no next page is promised
    const exact = await inbox('grid', String(firstIds[5]));
    expect(exact.body.messages.map((m: any) => m.id)).toEqual([...firstIds.slice(6), ...secondIds]);
    expect(exact.body.nextBefore).toBeNull();

    expectRefused(await inbox('grid', 'abc'), 400, 'REQUEST.INVALID');
    expectRefused(await app.request('GET', '/api/inbox?page=2', { token: tokens.grid }), 400, 'REQUEST.INVALID');
  });

  test("another person's ids change nothing; marking is idempotent; read all leaves none unread", async () => {
    const gridIds: number[] = (await inbox('grid')).body.messages.map((m: any) => m.id);
    const other = await markRead('grid-qh-al-hx-2', { ids: gridIds.slice(0, 5) });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ marked: 0, unread: 0 });
    const farmerTry = await markRead('farmer', { all: true });
    expect(farmerTry.body.marked).toBe(1); // the farmer's own result only
    expect((await inbox('grid')).body.unread).toBe(36);

    const two = await markRead('grid', { ids: gridIds.slice(0, 2) });
    expect(two.body).toEqual({ marked: 2, unread: 34 });
    expect(await markRead('grid', { ids: gridIds.slice(0, 2) })).toMatchObject({ status: 200, body: { marked: 0, unread: 34 } });
    const listed = (await inbox('grid')).body.messages;
    expect(listed.slice(0, 3).map((m: any) => m.read)).toEqual([true, true, false]);

    const all = await markRead('grid', { all: true });
    expect(all.body).toEqual({ marked: 34, unread: 0 });
    expect(await markRead('grid', { all: true })).toMatchObject({ status: 200, body: { marked: 0, unread: 0 } });
    const [row] = await app.deps.db.query<{ unread: number; stamped: number }>(
      `select count(*) filter (where read_at is null)::int as unread,
              count(*) filter (where read_at = $2)::int as stamped
         from notifications where recipient_id = $1 and channel = 'inbox'`, [ids.grid, app.clock.now()],
    );
    expect(row).toEqual({ unread: 0, stamped: 36 });
  });

  test('a read request names ids or all, not both and not neither; nothing is marked by a refused one', async () => {
    await remindGrid(1, 'invalid');
    for (const body of [{}, { ids: [] }, { all: false }, { ids: [1], all: true }, { ids: ['x'] }, { ids: [-1] }, { all: true, extra: 1 }]) {
      const res = await markRead('grid', body);
      expectRefused(res, 400, 'REQUEST.INVALID');
    }
    expect((await inbox('grid')).body.unread).toBe(1);
  });
});

describe('subscriptions', () => {
  /** Pushes on, with both templates configured. These tests send no push, so no channel object is made (push: null). */
  const TODO = 'tmpl-todo-0123456789';
  const RESULT = 'tmpl-result-0123456789';
  let app: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const post = (who: string, results: Record<string, string>, requestId: string = crypto.randomUUID()) =>
    app.request('POST', '/api/push/subscriptions', { token: tokens[who], body: { results, requestId } });
  async function grants(who: string) {
    return app.deps.db.query<{ template_id: string; remaining: number }>(
      'select template_id, remaining from subscription_grants where user_id = $1 order by template_id', [ids[who]],
    );
  }
  const requests = async (who: string) =>
    (await app.deps.db.query<{ n: number }>('select count(*)::int as n from subscription_requests where user_id = $1', [ids[who]]))[0].n;

  beforeAll(async () => {
    app = await startApp({
      env: {
        PUSH_CHANNEL: 'wechat', WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'test-secret', WECHAT_API_BASE: 'http://127.0.0.1:9',
        WECHAT_TEMPLATE_TODO: TODO, WECHAT_TEMPLATE_RESULT: RESULT,
      },
      overrides: { push: null },
    });
    for (const u of ['farmer', 'farmer-new', 'grid', 'village', 'township', 'county', 'dept-medical']) {
      const r = await app.login(u);
      tokens[u] = r.token;
      ids[u] = r.user.id;
    }
  });
  afterAll(() => app.close());

  test('farmers are asked for the result template, staff for the to-do one', async () => {
    for (const who of ['farmer', 'farmer-new']) {
      expect((await app.request('GET', '/api/push/templates', { token: tokens[who] })).body)
        .toEqual({ templates: [{ purpose: 'result', templateId: RESULT }] });
    }
    for (const who of ['grid', 'village', 'township', 'county', 'dept-medical']) {
      expect((await app.request('GET', '/api/push/templates', { token: tokens[who] })).body)
        .toEqual({ templates: [{ purpose: 'todo', templateId: TODO }] });
    }
    expectRefused(await app.request('GET', '/api/push/templates'), 401, 'AUTH.REQUIRED');
  });

  test('an accept adds one grant; the same request again adds none; a later accept adds one more', async () => {
    const requestId = crypto.randomUUID();
    const first = await post('grid', { [TODO]: 'accept' }, requestId);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: [TODO], replayed: false });
    expect(await grants('grid')).toEqual([{ template_id: TODO, remaining: 1 }]);

    const retry = await post('grid', { [TODO]: 'accept' }, requestId);
    expect(retry.body).toEqual({ accepted: [TODO], replayed: true });
    expect(await grants('grid')).toEqual([{ template_id: TODO, remaining: 1 }]);

    expect((await post('grid', { [TODO]: 'accept' })).body).toEqual({ accepted: [TODO], replayed: false });
    expect(await grants('grid')).toEqual([{ template_id: TODO, remaining: 2 }]);
  });

  test('a retry sent twice at once still adds one grant', async () => {
    const requestId = crypto.randomUUID();
    const answers = await Promise.all([1, 2, 3].map(() => post('village', { [TODO]: 'accept' }, requestId)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
    expect(await grants('village')).toEqual([{ template_id: TODO, remaining: 1 }]);
  });

  test('reject, ban and filter add nothing and take nothing away', async () => {
    for (const answer of ['reject', 'ban', 'filter']) {
      expect((await post('grid', { [TODO]: answer })).body).toEqual({ accepted: [], replayed: false });
    }
    expect(await grants('grid')).toEqual([{ template_id: TODO, remaining: 2 }]);
    expect((await post('farmer', { [RESULT]: 'reject' })).status).toBe(200);
    expect(await grants('farmer')).toEqual([]);
    expect((await post('farmer', { [RESULT]: 'accept' })).status).toBe(200);
    expect(await grants('farmer')).toEqual([{ template_id: RESULT, remaining: 1 }]);
  });

  test('a template the user is not asked for is refused in Chinese and nothing is stored', async () => {
    const beforeGrants = await grants('county');
    const beforeRequests = await requests('county');
    expectRefused(await post('county', { 'no-such-template': 'accept' }), 400, 'PUSH.UNKNOWN_TEMPLATE');
    // one known and one unknown: the known accept is not recorded either
    expectRefused(await post('county', { [TODO]: 'accept', 'no-such-template': 'accept' }), 400, 'PUSH.UNKNOWN_TEMPLATE');
    // staff are not asked for the farmers' template, nor farmers for the staff's
    expectRefused(await post('county', { [RESULT]: 'accept' }), 400, 'PUSH.UNKNOWN_TEMPLATE');
    expectRefused(await post('farmer-new', { [TODO]: 'accept' }), 400, 'PUSH.UNKNOWN_TEMPLATE');
    expect(await grants('county')).toEqual(beforeGrants);
    expect(await requests('county')).toBe(beforeRequests);
    expect(await grants('farmer-new')).toEqual([]);
    expect(await requests('farmer-new')).toBe(0);

    // not WeChat's answer: refused by the contract
    expectRefused(await post('county', { [TODO]: 'maybe' }), 400, 'REQUEST.INVALID');
    expectRefused(await post('county', {}), 400, 'REQUEST.INVALID');
    expectRefused(await post('county', { [TODO]: 'accept' }, 'short'), 400, 'REQUEST.INVALID');
    expect(await requests('county')).toBe(beforeRequests);
  });
});

test('with pushes off nobody is asked to subscribe, and any answer is refused', async () => {
  const app = await startApp({ env: { WECHAT_TEMPLATE_TODO: 'tmpl-todo-0123456789', WECHAT_TEMPLATE_RESULT: 'tmpl-result-0123456789' } });
  try {
    for (const who of ['farmer', 'grid']) {
      const { token } = await app.login(who);
      expect((await app.request('GET', '/api/push/templates', { token })).body).toEqual({ templates: [] });
      const res = await app.request('POST', '/api/push/subscriptions', {
        token, body: { results: { 'tmpl-todo-0123456789': 'accept' }, requestId: crypto.randomUUID() },
      });
      expectRefused(res, 400, 'PUSH.UNKNOWN_TEMPLATE');
    }
    const [row] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from subscription_grants');
    expect(row.n).toBe(0);
  } finally {
    await app.close();
  }
});
