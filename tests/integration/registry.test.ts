import { idCheckChar } from '@shared/domain/id-number';
import { BIND_MAX_FAILURES } from '../../functions/src/app/registry';
import { startApp, type TestApp } from '../support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

type H = { id: string; code: string; number: string; area_id: string };
/** A household of the demo county not yet touched by another test, with its head's name and a member's last 4. */
async function household(where = `area_id like 'qh-al-hx-%'`): Promise<H & { head: string; last4: string }> {
  const [h] = await app.deps.db.query<H & { head: string; last4: string }>(
    `select h.id, h.code, h.number, h.area_id,
            (select name from members where household_id = h.id and relation = 'head') as head,
            (select right(id_masked, 4) from members where household_id = h.id order by birth_date desc limit 1) as last4
       from households h
      where ${where} and h.id not in (select household_id from users where household_id is not null)
        and h.id not in (select household_id from bind_attempts) and h.id not in (select household_id from audit_log where household_id is not null)
      order by h.number limit 1`,
  );
  return h;
}

async function wechatFarmer(code: string) {
  const res = await app.request('POST', '/api/auth/wechat', { body: { code } });
  return res.body.token as string;
}

describe('binding a WeChat to a household (扫码绑定)', () => {
  test('an unbound farmer is asked to bind; the right head name and last four digits bind; then the page opens', async () => {
    const h = await household();
    const token = await wechatFarmer('bind-ok');
    const before = await app.request('GET', `/api/households/by-code/${h.code}`, { token });
    expect([before.status, before.body.error.code]).toEqual([409, 'HOUSEHOLD.NOT_BOUND']);
    const bound = await app.request('POST', `/api/households/by-code/${h.code}/bind`, {
      token, body: { headName: h.head, idLast4: h.last4.toLowerCase() },
    });
    expect(bound.status).toBe(200);
    expect(bound.body.user).toMatchObject({ householdId: h.id, householdCode: h.code });
    const page = await app.request('GET', `/api/households/by-code/${h.code}`, { token: bound.body.token });
    expect(page.status).toBe(200);
    expect(page.body.staff).toBeNull();
    const [audit] = await app.deps.db.query<{ action: string }>(`select action from audit_log where household_id = $1`, [h.id]);
    expect(audit.action).toBe('household.bind');
    // bound to this household, the farmer cannot bind another one
    const other = await household();
    const again = await app.request('POST', `/api/households/by-code/${other.code}/bind`, {
      token: bound.body.token, body: { headName: other.head, idLast4: other.last4 },
    });
    expect(again.body.error.code).toBe('HOUSEHOLD.ALREADY_BOUND');
  });

  test('five wrong tries lock binding for an hour, even for the right answer; an hour later it works', async () => {
    const h = await household();
    const token = await wechatFarmer('bind-brute');
    const wrong = { headName: h.head, idLast4: h.last4 === '0000' ? '0001' : '0000' };
    for (let i = 1; i < BIND_MAX_FAILURES; i++) {
      const res = await app.request('POST', `/api/households/by-code/${h.code}/bind`, { token, body: wrong });
      expect([res.status, res.body.error.message]).toEqual([422, `户主姓名或身份证号后四位不对，还可以再试${BIND_MAX_FAILURES - i}次`]);
    }
    const fifth = await app.request('POST', `/api/households/by-code/${h.code}/bind`, { token, body: wrong });
    expect([fifth.status, fifth.body.error.code]).toEqual([429, 'HOUSEHOLD.BIND_LOCKED']);
    const right = { headName: h.head, idLast4: h.last4 };
    const locked = await app.request('POST', `/api/households/by-code/${h.code}/bind`, { token, body: right });
    expect([locked.status, locked.body.error.code]).toEqual([429, 'HOUSEHOLD.BIND_LOCKED']);
    app.clock.advanceDays(61 / (24 * 60));
    try {
      const later = await app.request('POST', `/api/households/by-code/${h.code}/bind`, { token, body: right });
      expect(later.status).toBe(200);
    } finally {
      app.clock.advanceDays(-61 / (24 * 60));
    }
  });

  test('a burst of 30 simultaneous wrong tries records no more than the limit', async () => {
    const h = await household();
    const tokens = await Promise.all([1, 2, 3].map((i) => wechatFarmer(`burst-${i}`)));
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      app.request('POST', `/api/households/by-code/${h.code}/bind`, {
        token: tokens[i % 3], body: { headName: '不是户主', idLast4: '1234' },
      })));
    expect(answers.filter((a) => a.status === 422)).toHaveLength(BIND_MAX_FAILURES - 1);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30 - BIND_MAX_FAILURES + 1);
    const [{ n }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from bind_attempts where household_id = $1', [h.id]);
    expect(n).toBe(BIND_MAX_FAILURES);
  });

  test('an unknown code answers as always, and staff cannot bind', async () => {
    const token = await wechatFarmer('bind-unknown');
    const res = await app.request('POST', '/api/households/by-code/AAAAAAAAAAAAAAAAAAAAAA/bind', { token, body: { headName: '张三', idLast4: '1234' } });
    expect([res.status, res.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
    const grid = await app.login('grid');
    const h = await household();
    const staff = await app.request('POST', `/api/households/by-code/${h.code}/bind`, { token: grid.token, body: { headName: h.head, idLast4: h.last4 } });
    expect(staff.status).toBe(403);
  });
});

describe('a cadre scans a household in their area', () => {
  test('sees members, flags, case history and visits, and records a visit once', async () => {
    const h = await household(`area_id = 'qh-al-hx-1'`);
    const grid = await app.login('grid');
    const page = await app.request('GET', `/api/households/by-code/${h.code}`, { token: grid.token });
    expect(page.status).toBe(200);
    expect(page.body.staff.can).toEqual({ recordVisit: true, edit: false, viewIdNumbers: false });
    const visit = { visitedOn: '2026-11-19', findings: '户主腿伤未愈，暂不能外出务工', clientKey: 'visit-0001' };
    const first = await app.request('POST', `/api/households/${h.id}/visits`, { token: grid.token, body: visit });
    expect(first.status).toBe(201);
    const retry = await app.request('POST', `/api/households/${h.id}/visits`, { token: grid.token, body: visit });
    expect([retry.status, retry.body.replayed, retry.body.visit.id]).toEqual([200, true, first.body.visit.id]);
    const reused = await app.request('POST', `/api/households/${h.id}/visits`, { token: grid.token, body: { ...visit, findings: '别的内容' } });
    expect(reused.body.error.code).toBe('VISIT.KEY_REUSED');
    const future = await app.request('POST', `/api/households/${h.id}/visits`, { token: grid.token, body: { ...visit, visitedOn: '2026-11-21', clientKey: 'visit-0002' } });
    expect(future.body.error.code).toBe('VISIT.DATE_IN_FUTURE');
    const after = await app.request('GET', `/api/households/${h.id}`, { token: grid.token });
    expect(after.body.staff.visits).toEqual([{ id: first.body.visit.id, visitedOn: '2026-11-19', visitorName: grid.user.name, findings: visit.findings }]);
  });

  test('outside the area the household does not exist for them', async () => {
    const h = await household(`area_id = 'qh-sq-yz-2'`);
    const grid = await app.login('grid');
    for (const path of [`/api/households/by-code/${h.code}`, `/api/households/${h.id}`]) {
      const res = await app.request('GET', path, { token: grid.token });
      expect([res.status, Object.keys(res.body)]).toEqual([404, ['error']]);
    }
    const visit = await app.request('POST', `/api/households/${h.id}/visits`, { token: grid.token, body: { visitedOn: '2026-11-19', findings: '走访', clientKey: 'visit-0003' } });
    expect(visit.status).toBe(404);
  });
});

describe('search within the area', () => {
  test('by name, by 户编号 and by the last digits of an ID number; never outside the area', async () => {
    const village = await app.login('village'); // 红星村
    const [m] = await app.deps.db.query<{ name: string; number: string; last4: string; id: string }>(
      `select m.name, h.number, right(m.id_masked, 4) as last4, h.id from members m join households h on h.id = m.household_id
        where h.area_id like 'qh-al-hx-%' order by h.number desc limit 1`,
    );
    const byName = await app.request('GET', `/api/households?q=${encodeURIComponent(m.name)}`, { token: village.token });
    expect(byName.body.results.map((r: { id: string }) => r.id)).toContain(m.id);
    const byNumber = await app.request('GET', `/api/households?q=${m.number}`, { token: village.token });
    expect(byNumber.body.results).toEqual([expect.objectContaining({ id: m.id, matched: expect.objectContaining({ by: 'number' }) })]);
    const byDigits = await app.request('GET', `/api/households?q=${m.last4}`, { token: village.token });
    const hit = byDigits.body.results.find((r: { id: string }) => r.id === m.id);
    expect(hit.matched.idNumberMasked).toMatch(new RegExp(`\\*{10}${m.last4}$`));
    for (const res of [byName, byNumber, byDigits]) {
      for (const r of res.body.results) expect(r.place.village).toBe('红星村');
    }
    const outside = await app.request('GET', '/api/households?q=6105280202', { token: village.token }); // 石桥乡 numbers
    expect(outside.body.results).toEqual([]);
    const county = await app.login('county');
    expect((await app.request('GET', '/api/households?q=6105280202', { token: county.token })).body.results.length).toBeGreaterThan(0);
  });

  test('an empty query → 400; a farmer or department user → 403', async () => {
    const village = await app.login('village');
    const empty = await app.request('GET', '/api/households?q=', { token: village.token });
    expect([empty.status, empty.body.error.issues[0].path]).toEqual([400, 'q']);
    const farmer = await app.login('farmer');
    expect((await app.request('GET', `/api/households?q=${encodeURIComponent('张')}`, { token: farmer.token })).status).toBe(403);
    const dept = await app.login('dept-medical');
    expect((await app.request('GET', `/api/households?q=${encodeURIComponent('张')}`, { token: dept.token })).status).toBe(403);
    // LIKE wildcards in the query match themselves only
    expect((await app.request('GET', '/api/households?q=%25', { token: village.token })).body.results).toEqual([]);
  });
});

/** A valid synthetic ID number that no seeded member has (region 999999 is not used by the seed). */
function newIdNumber(seq: number): string {
  const first17 = `999999199005${String(10 + (seq % 18)).padStart(2, '0')}${String(100 + seq).slice(-3)}`;
  return first17 + idCheckChar(first17);
}

describe('maintenance, each change audited with who, when and before/after', () => {
  const member = (over: Record<string, unknown> = {}) => ({
    name: '测试新成员', idNumber: newIdNumber(1), relation: 'child', health: 'healthy', disabilityLevel: null,
    labour: 'ordinary', schooling: 'none', phone: '13800001111', ...over,
  });
  const audits = async (householdId: string) =>
    app.deps.db.query<{ action: string; actor_role: string; before: any; after: any }>(
      'select action, actor_role, before, after from audit_log where household_id = $1 order by id', [householdId],
    );

  test('add a member (ID checked, stored encrypted), remove one, change the head', async () => {
    const h = await household(`area_id = 'qh-al-hx-2'`);
    const village = await app.login('village');
    const bad = await app.request('POST', `/api/households/${h.id}/members`, { token: village.token, body: member({ idNumber: newIdNumber(1).slice(0, 17) + 'Y' }) });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'MEMBER.ID_INVALID']);
    const wrongCheck = newIdNumber(1).slice(0, 17) + (newIdNumber(1)[17] === '0' ? '1' : '0');
    expect((await app.request('POST', `/api/households/${h.id}/members`, { token: village.token, body: member({ idNumber: wrongCheck }) })).body.error.message).toContain('校验位');
    const added = await app.request('POST', `/api/households/${h.id}/members`, { token: village.token, body: member() });
    expect(added.status).toBe(201);
    const newMember = added.body.household.members.find((m: { name: string }) => m.name === '测试新成员');
    expect(newMember.idNumberMasked).toBe(`9999**********${newIdNumber(1).slice(-4)}`);
    expect(newMember.phoneMasked).toBe('138****1111');
    const dup = await app.request('POST', `/api/households/${h.id}/members`, { token: village.token, body: member({ name: '重复' }) });
    expect(dup.body.error.code).toBe('MEMBER.ID_EXISTS');

    const removed = await app.request('POST', `/api/households/${h.id}/members/${newMember.id}/remove`, { token: village.token, body: { reason: 'moved_out' } });
    expect(removed.body.household.members.map((m: { id: string }) => m.id)).not.toContain(newMember.id);
    const head = added.body.household.members.find((m: { relation: string }) => m.relation === 'head');
    const removeHead = await app.request('POST', `/api/households/${h.id}/members/${head.id}/remove`, { token: village.token, body: { reason: 'deceased' } });
    expect(removeHead.body.error.code).toBe('MEMBER.IS_HEAD');

    const other = added.body.household.members.find((m: { relation: string; id: string }) => m.relation !== 'head' && m.id !== newMember.id);
    if (other) {
      const changed = await app.request('POST', `/api/households/${h.id}/head`, { token: village.token, body: { memberId: other.id, formerHeadRelation: 'parent' } });
      expect(changed.body.household.headName).toBe(other.name);
    }
    const log = await audits(h.id);
    expect(log.map((a) => a.action)).toEqual(['member.add', 'member.remove', ...(other ? ['household.head'] : [])]);
    expect(log[0].actor_role).toBe('village_cadre');
    expect(log[1].before.removed_at).toBeNull();
    expect(log[1].after.removed_reason).toBe('moved_out');
    expect(JSON.stringify(log)).not.toContain(newIdNumber(1));
    expect(JSON.stringify(log)).not.toContain('13800001111');
  });

  test('move to another group (its open tasks follow), set flags; out-of-area and the wrong role refused', async () => {
    const h = await household(`area_id = 'qh-al-hx-3'`);
    const village = await app.login('village');
    const moved = await app.request('POST', `/api/households/${h.id}/move`, { token: village.token, body: { groupId: 'qh-al-hx-1' } });
    expect(moved.body.household.place.group).toBe('一组');
    const away = await app.request('POST', `/api/households/${h.id}/move`, { token: village.token, body: { groupId: 'qh-sq-yz-1' } });
    expect([away.status, away.body.error.code]).toEqual([404, 'AREA.NOT_FOUND']);
    const flags = await app.request('POST', `/api/households/${h.id}/flags`, { token: village.token, body: { category: 'lifted', liftedYear: 2018, lowIncome: true, extremePoverty: false } });
    expect(flags.body.household).toMatchObject({ category: 'lifted', liftedYear: 2018, lowIncome: true });
    const inconsistent = await app.request('POST', `/api/households/${h.id}/flags`, { token: village.token, body: { category: 'lifted', liftedYear: null, lowIncome: true, extremePoverty: false } });
    expect([inconsistent.status, inconsistent.body.error.issues[0].path]).toEqual([400, 'liftedYear']);
    const log = await audits(h.id);
    expect(log.map((a) => a.action)).toEqual(['household.move', 'household.flags']);
    expect(log[0]).toMatchObject({ before: { areaId: 'qh-al-hx-3' }, after: { areaId: 'qh-al-hx-1' } });
    expect(log[1].after).toMatchObject({ category: 'lifted', lifted_year: 2018 });

    const grid = await app.login('grid');
    expect((await app.request('POST', `/api/households/${h.id}/flags`, { token: grid.token, body: { category: 'ordinary', liftedYear: null, lowIncome: false, extremePoverty: false } })).status).toBe(403);
    const elsewhere = await household(`area_id like 'qh-sq-%'`);
    expect((await app.request('POST', `/api/households/${elsewhere.id}/flags`, { token: village.token, body: { category: 'ordinary', liftedYear: null, lowIncome: false, extremePoverty: false } })).status).toBe(404);
  });

  test('open tasks follow their household to the new group', async () => {
    const h = await household(`area_id = 'qh-al-lw-1'`);
    const [farmer] = await app.deps.db.query<{ id: string }>(`insert into users (name, role, household_id) values ('迁移农户', 'farmer', $1) returning id`, [h.id]);
    const { issueToken } = await import('../../functions/src/http/auth');
    const token = await issueToken({ userId: farmer.id, role: 'farmer', areaId: null, areaPath: null, householdId: h.id }, app.deps.config, app.clock.now());
    await app.request('POST', '/api/declarations', { token, body: { householdId: h.id, riskTypes: ['illness'], description: '住院花费很大', consent: true, clientKey: 'move-task-1' } });
    const township = await app.login('township');
    await app.request('POST', `/api/households/${h.id}/move`, { token: township.token, body: { groupId: 'qh-al-lw-2' } });
    const newGrid = await app.login('grid-qh-al-lw-2');
    const tasks = await app.request('GET', '/api/tasks', { token: newGrid.token });
    expect(tasks.body.tasks.map((t: { householdId: string }) => t.householdId)).toContain(h.id);
    const oldGrid = await app.login('grid-qh-al-lw-1');
    expect((await app.request('GET', '/api/tasks', { token: oldGrid.token })).body.tasks.map((t: { householdId: string }) => t.householdId)).not.toContain(h.id);
  });
});

describe('a whole ID number is shown only to roles that need it, and every view is audited', () => {
  test('village cadre sees it (audited); grid member does not', async () => {
    const h = await household(`area_id = 'qh-al-hx-1'`);
    const [m] = await app.deps.db.query<{ id: string; id_masked: string }>('select id, id_masked from members where household_id = $1 limit 1', [h.id]);
    const village = await app.login('village');
    const res = await app.request('GET', `/api/households/${h.id}/members/${m.id}/personal-data`, { token: village.token });
    expect(res.status).toBe(200);
    expect(res.body.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(res.body.idNumber.slice(-4)).toBe(m.id_masked.slice(-4));
    const [audit] = await app.deps.db.query<{ action: string; member_id: string; actor_role: string }>(
      `select action, member_id, actor_role from audit_log where household_id = $1 and action = 'pii.view'`, [h.id],
    );
    expect(audit).toEqual({ action: 'pii.view', member_id: m.id, actor_role: 'village_cadre' });
    const grid = await app.login('grid');
    expect((await app.request('GET', `/api/households/${h.id}/members/${m.id}/personal-data`, { token: grid.token })).status).toBe(403);
    await expect(app.deps.db.query(`delete from audit_log where household_id = $1`, [h.id])).rejects.toThrow(/append-only/);
  });
});
