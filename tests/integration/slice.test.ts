import { startApp, type TestApp } from '../support/app';

let app: TestApp;
let farmer: { token: string; user: { householdId: string; householdCode: string } };
let grid: { token: string };

beforeAll(async () => {
  app = await startApp();
  farmer = await app.login('farmer');
  grid = await app.login('grid');
});
afterAll(() => app.close());

const declaration = (over: Record<string, unknown> = {}) => ({
  householdId: farmer.user.householdId,
  riskTypes: ['illness'],
  description: '老伴住院，自付医疗费三万多元',
  consent: true,
  clientKey: `key-${Math.random().toString(36).slice(2, 12)}`,
  ...over,
});

async function counts() {
  const [row] = await app.deps.db.query<{ clues: number; cases: number; tasks: number; events: number }>(
    `select (select count(*) from clues)::int as clues, (select count(*) from cases)::int as cases,
            (select count(*) from tasks)::int as tasks, (select count(*) from case_events)::int as events`,
  );
  return row;
}

describe('the farmer opens the household page by its code', () => {
  test('sees the household with every ID number masked', async () => {
    const res = await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`, { token: farmer.token });
    expect(res.status).toBe(200);
    const h = res.body.household;
    expect(h.id).toBe(farmer.user.householdId);
    expect(h.place).toEqual({ county: '清河县', township: '安乐镇', village: '红星村', group: '一组' });
    expect(h.members.length).toBeGreaterThan(0);
    for (const m of h.members) expect(m.idNumberMasked).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/\d{17}[\dX]/);
    expect(h.openCase).toBeNull();
  });

  test("another household's code → refused, with nothing of that household in the answer", async () => {
    const [other] = await app.deps.db.query<{ code: string; number: string; id: string }>(
      `select code, number, id from households where id <> $1 limit 1`, [farmer.user.householdId],
    );
    const res = await app.request('GET', `/api/households/by-code/${other.code}`, { token: farmer.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('HOUSEHOLD.NOT_YOURS');
    expect(Object.keys(res.body)).toEqual(['error']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(other.number);
    expect(text).not.toContain(other.id);
  });

  test('an unknown code → 404; no token → 401; a forged token → 401', async () => {
    expect((await app.request('GET', '/api/households/by-code/AAAAAAAAAAAAAAAAAAAAAA', { token: farmer.token })).status).toBe(404);
    const anon = await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`);
    expect([anon.status, anon.body.error.code]).toEqual([401, 'AUTH.REQUIRED']);
    const forged = farmer.token.slice(0, -4) + 'AAAA';
    const bad = await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`, { token: forged });
    expect([bad.status, bad.body.error.code]).toEqual([401, 'AUTH.INVALID_TOKEN']);
  });
});

describe('一键申报 → the grid member of that group gets a 入户核实 task', () => {
  let caseId: string;

  test('the declaration is stored, a case opens, the due date is clue date + the policy limit', async () => {
    const before = await counts();
    const res = await app.request('POST', '/api/declarations', { token: farmer.token, body: declaration() });
    expect(res.status).toBe(201);
    expect(res.body.replayed).toBe(false);
    expect(res.body.declaration.clueDate).toBe('2026-11-20');
    expect(res.body.case).toMatchObject({
      status: 'verifying', statusLabel: '待入户核实', clueDate: '2026-11-20',
      nextDeadline: { date: '2026-12-05', label: '入户核实', ownerRole: 'grid_member', ownerLabel: '网格员' },
    });
    caseId = res.body.case.id;
    expect(await counts()).toEqual({
      clues: before.clues + 1, cases: before.cases + 1, tasks: before.tasks + 1, events: before.events + 2,
    });
    const page = await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`, { token: farmer.token });
    expect(page.body.household.openCase.id).toBe(caseId);
    expect(page.body.household.declarations[0].description).toBe('老伴住院，自付医疗费三万多元');
  });

  test("the task is in the group grid member's list, with its due date; not in another group's", async () => {
    const list = await app.request('GET', '/api/tasks', { token: grid.token });
    expect(list.status).toBe(200);
    const task = list.body.tasks.find((t: { caseId: string }) => t.caseId === caseId);
    expect(task).toMatchObject({
      kind: 'verify', kindLabel: '入户核实', householdId: farmer.user.householdId, channelLabel: '农户自主申报',
      riskTypes: ['illness'], clueDate: '2026-11-20', dueDate: '2026-12-05', daysLeft: 15,
    });
    const detail = await app.request('GET', `/api/tasks/${task.id}`, { token: grid.token });
    expect(detail.status).toBe(200);
    expect(detail.body.clues).toHaveLength(1);
    expect(detail.body.household.members[0].idNumberMasked).toContain('**********');

    const other = await app.login('grid-qh-al-hx-2');
    const otherList = await app.request('GET', '/api/tasks', { token: other.token });
    expect(otherList.body.tasks.map((t: { id: string }) => t.id)).not.toContain(task.id);
    expect((await app.request('GET', `/api/tasks/${task.id}`, { token: other.token })).status).toBe(404);
  });

  test('days left follow the injected clock; a session token expires after its lifetime', async () => {
    app.clock.advanceDays(16);
    try {
      expect((await app.request('GET', '/api/tasks', { token: grid.token })).body.error.code).toBe('AUTH.INVALID_TOKEN');
      const fresh = await app.login('grid');
      const list = await app.request('GET', '/api/tasks', { token: fresh.token });
      expect(list.body.tasks.find((t: { caseId: string }) => t.caseId === caseId).daysLeft).toBe(-1);
    } finally {
      app.clock.advanceDays(-16);
    }
  });

  test('a second declaration with a new key joins the open case: no second case or task', async () => {
    const before = await counts();
    const res = await app.request('POST', '/api/declarations', {
      token: farmer.token, body: declaration({ riskTypes: ['education'], description: '孩子考上大学，学费交不起' }),
    });
    expect(res.status).toBe(201);
    expect(res.body.case.id).toBe(caseId);
    expect(await counts()).toEqual({ ...before, clues: before.clues + 1, events: before.events + 1 });
    const list = await app.request('GET', '/api/tasks', { token: grid.token });
    const task = list.body.tasks.find((t: { caseId: string }) => t.caseId === caseId);
    expect(task.riskTypes.sort()).toEqual(['education', 'illness']);
  });
});

describe('the same client key twice → one declaration', () => {
  test('sequential retry replays the first answer', async () => {
    const body = declaration();
    const first = await app.request('POST', '/api/declarations', { token: farmer.token, body });
    const before = await counts();
    const again = await app.request('POST', '/api/declarations', { token: farmer.token, body });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    expect(again.body.declaration).toEqual(first.body.declaration);
    expect(await counts()).toEqual(before);
  });

  test('twenty concurrent retries store exactly one', async () => {
    const body = declaration();
    const before = await counts();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.request('POST', '/api/declarations', { token: farmer.token, body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(answers.map((a) => a.body.declaration.id)).size).toBe(1);
    expect((await counts()).clues).toBe(before.clues + 1);
  });

  test('the same key with different content is refused, not silently merged', async () => {
    const body = declaration();
    await app.request('POST', '/api/declarations', { token: farmer.token, body });
    const res = await app.request('POST', '/api/declarations', { token: farmer.token, body: { ...body, description: '另一件事情需要申报' } });
    expect([res.status, res.body.error.code]).toEqual([409, 'DECLARATION.KEY_REUSED']);
  });
});

describe('bad input → 400 with the field path and a Chinese message, and nothing stored', () => {
  test.each([
    ['malformed JSON', '{"householdId": "x",', 'REQUEST.BAD_JSON', []],
    ['wrong types', { riskTypes: 'illness', description: 5 }, 'REQUEST.INVALID', ['riskTypes', 'description']],
    ['an unknown field', { role: 'county_admin' }, 'REQUEST.INVALID', ['(根)']],
    ['consent missing', { consent: undefined }, 'REQUEST.INVALID', ['consent']],
    ['consent false', { consent: false }, 'REQUEST.INVALID', ['consent']],
    ['an empty body', '', 'REQUEST.INVALID', ['householdId', 'riskTypes', 'description', 'consent', 'clientKey']],
    ['a JSON array', '[]', 'REQUEST.INVALID', ['(根)']],
  ])('%s', async (_name, change, code, paths) => {
    const before = await counts();
    const body = typeof change === 'string' ? change : declaration(change);
    const res = await app.request('POST', '/api/declarations', { token: farmer.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.body.error.requestId).toBeTruthy();
    const issues: { path: string; message: string }[] = res.body.error.issues ?? [];
    expect(issues.map((i) => i.path).sort()).toEqual([...paths].sort());
    for (const i of issues) expect(i.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await counts()).toEqual(before);
  });
});

describe('scope', () => {
  test("a farmer cannot declare for another household, and learns nothing of it", async () => {
    const [other] = await app.deps.db.query<{ id: string }>(`select id from households where id <> $1 limit 1`, [
      farmer.user.householdId,
    ]);
    const before = await counts();
    const res = await app.request('POST', '/api/declarations', { token: farmer.token, body: declaration({ householdId: other.id }) });
    expect([res.status, res.body.error.code]).toEqual([403, 'HOUSEHOLD.NOT_YOURS']);
    expect(await counts()).toEqual(before);
  });

  test('a grid member may enter a declaration for a household of the group, not for one outside it', async () => {
    const [inGroup] = await app.deps.db.query<{ id: string }>(
      `select id from households where area_id = 'qh-al-hx-1' and id <> $1 limit 1`, [farmer.user.householdId],
    );
    const [outside] = await app.deps.db.query<{ id: string }>(`select id from households where area_id = 'qh-sq-yz-3' limit 1`);
    const ok = await app.request('POST', '/api/declarations', { token: grid.token, body: declaration({ householdId: inGroup.id }) });
    expect(ok.status).toBe(201);
    const refused = await app.request('POST', '/api/declarations', { token: grid.token, body: declaration({ householdId: outside.id }) });
    expect([refused.status, refused.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
  });

  test('roles that do not declare are refused; department users see no household', async () => {
    const county = await app.login('county');
    const res = await app.request('POST', '/api/declarations', { token: county.token, body: declaration() });
    expect([res.status, res.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const dept = await app.login('dept-medical');
    const page = await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`, { token: dept.token });
    expect(page.status).toBe(403);
    expect((await app.request('GET', `/api/households/by-code/${farmer.user.householdCode}`, { token: county.token })).status).toBe(200);
  });

  test('a farmer has no task list', async () => {
    expect((await app.request('GET', '/api/tasks', { token: farmer.token })).status).toBe(403);
  });
});
