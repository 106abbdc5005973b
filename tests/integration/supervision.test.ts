import crypto from 'node:crypto';
import { drainPushes } from '../../functions/src/app/dispatcher';
import { supervisionDeadlines } from '../../functions/src/app/supervision';
import type { PushChannel, PushMessage } from '../../functions/src/ports/push';
import { startApp, type TestApp } from '../support/app';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * 督导 over real HTTP on the embedded database. Cases are opened and driven through the workflow's own routes at
 * dates in the past (the test clock moves), then read on 2026-11-20 (TEST_NOW) by the township, the county and the
 * inspector: the overdue and due-soon lists with their counts, the timeliness rates of a known set of cases, and
 * whether each owner could be reached by push (the real dispatcher, with a WeChat channel that answers per openid).
 *
 * The cases (policy of 清河县: decision within 15 days of the clue, plan within 10 days, calendar days):
 *   A 红星村一组 clue 10-01, never verified                  → verify overdue since 10-16; identification late
 *   B 红星村一组 clue 10-01, approved 10-16, plan 10-20      → on time, plan on time; its track task (due 11-15) and a
 *                                                            医保局 measure (due 11-10) overdue, another (11-22) due soon
 *   C 红星村二组 clue 10-01, not included 10-20              → late
 *   D 红星村二组 clue 11-10, open                            → pending (due 11-25, outside the window)
 *   E 红星村三组 clue 10-02, approved 10-17, no plan         → on time; make_plan overdue since 10-27 (plan late), track since 11-16
 *   F 红星村二组 clue 11-06, open                            → verify due soon (11-21); pending
 *   G 石桥村一组 clue 10-05, open                            → verify overdue since 10-20; late
 */
let app: TestApp;
const tokens: Record<string, string> = {};
const cases: Record<string, string> = {};
const pushedTo: string[] = [];

/** WeChat as seen through the push port: one openid refuses (43101), one is a request WeChat rejects, the rest go out. */
const channel: PushChannel = {
  name: 'wechat',
  async send(m: PushMessage) {
    pushedTo.push(m.openid);
    if (m.openid === 'o-refuses') return { ok: false, kind: 'refused', code: 43101, message: 'user refuse to accept the msg' };
    if (m.openid === 'o-broken') return { ok: false, kind: 'fatal', code: 40003, message: 'invalid openid' };
    return { ok: true };
  },
};

const day = (d: string) => app.clock.set(`${d}T02:00:00.000Z`); // 10:00 in Beijing

async function household(groupId: string, skip: string[]): Promise<{ id: string; category: string }> {
  const [h] = await app.deps.db.query<{ id: string; category: string }>(
    `select h.id, h.category from households h where h.area_id = $1 and h.id <> all($2::uuid[])
        and not exists (select 1 from users u where u.household_id = h.id) order by h.number limit 1`,
    [groupId, skip],
  );
  return h;
}

const used: string[] = [];
const groupOf: Record<string, string> = {};

/** The county enters a department's alert for a household of the group on `on`: a case with that clue date. */
async function openCase(name: string, groupId: string, on: string) {
  day(on);
  const h = await household(groupId, used);
  used.push(h.id);
  const res = await app.request('POST', '/api/clues', {
    token: tokens.county,
    body: {
      householdId: h.id, channel: 'department_alert', riskTypes: ['illness'], description: '医保数据：住院自付费用超过2万元',
      foundOn: on, department: '医保局', clientKey: `sup-${name}-${crypto.randomUUID().slice(0, 8)}`,
    },
  });
  expect(res.status).toBe(201);
  cases[name] = res.body.case.id;
  groupOf[name] = groupId;
  return h;
}

async function gridOf(groupId: string): Promise<string> {
  const [u] = await app.deps.db.query<{ username: string }>(`select username from users where role = 'grid_member' and area_id = $1`, [groupId]);
  if (!tokens[u.username]) tokens[u.username] = (await app.login(u.username)).token;
  return u.username;
}

async function command(name: string, who: string, on: string, cmd: Record<string, unknown>) {
  day(on);
  const d = await app.request('GET', `/api/cases/${cases[name]}`, { token: tokens.county });
  const res = await app.request('POST', `/api/cases/${cases[name]}/commands`, {
    token: tokens[who], body: { command: cmd, expectedVersion: d.body.case.version, requestId: crypto.randomUUID() },
  });
  expect([res.status, res.body.error?.code]).toEqual([200, undefined]);
}

/** 入户核实 → 民主评议 → 村内公示 (5 days) → 乡镇审核 → 县级审定 on the given days. */
async function identify(name: string, category: string, days: { verify: string; notice: string; end: string; township: string; county: string }) {
  const grid = await gridOf(groupOf[name]);
  await command(name, grid, days.verify, { type: 'verify', verifiedOn: days.verify, authorisationSigned: true, verification: SAMPLE_VERIFICATION, findings: '住院自付较多，人均纯收入低于监测线' });
  await command(name, 'village', days.verify, {
    type: 'deliberate', heldOn: days.verify, attendees: ['张三', '李四', '王五', '赵六', '钱七'], votesFor: 5, votesAgainst: 0, votesAbstain: 0,
    minutes: '村两委和村民代表评议，同意拟纳入监测对象',
  });
  await command(name, 'village', days.notice, { type: 'startNotice', startOn: days.notice, endOn: days.end });
  await command(name, 'village', days.end, { type: 'endNotice' });
  await command(name, 'township', days.township, { type: 'approveAtTownship', opinion: '程序完整，同意上报' });
  await command(name, 'county', days.county, {
    type: 'approveAtCounty', category: category === 'lifted' ? 'unstable_lifted' : 'marginal', riskTypes: ['illness'],
    identifiedOn: days.county, opinion: '同意纳入监测',
  });
}

beforeAll(async () => {
  app = await startApp({
    env: {
      PUSH_CHANNEL: 'wechat', WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'test-secret', WECHAT_API_BASE: 'http://127.0.0.1:9',
      WECHAT_TEMPLATE_TODO: 'tmpl-todo', WECHAT_TEMPLATE_RESULT: 'tmpl-result',
    },
    overrides: { push: channel },
  });
  for (const u of ['grid', 'village', 'township', 'county', 'inspector', 'dept-medical']) tokens[u] = (await app.login(u)).token;

  // who can be pushed to: 'grid' (红星村一组) never signed in through WeChat; the village cadre did but granted nothing;
  // 医保局 granted and then refuses; 红星村二组's grid member is reachable; 石桥村一组's openid is rejected by WeChat
  const setPush = async (username: string, openid: string, grants: number) => {
    const [u] = await app.deps.db.query<{ id: string }>('update users set wechat_openid = $2 where username = $1 returning id', [username, openid]);
    if (grants) {
      await app.deps.db.query(
        `insert into subscription_grants (user_id, template_id, remaining, updated_at) values ($1, 'tmpl-todo', $2, now())`, [u.id, grants],
      );
    }
  };
  await setPush('village', 'o-village', 0);
  await setPush('dept-medical', 'o-refuses', 5);
  await setPush('grid-qh-al-hx-2', 'o-reachable', 20);
  await setPush('grid-qh-sq-sq-1', 'o-broken', 5);

  const a = await openCase('A', 'qh-al-hx-1', '2026-10-01');
  expect(a).toBeDefined();
  const b = await openCase('B', 'qh-al-hx-1', '2026-10-01');
  await openCase('C', 'qh-al-hx-2', '2026-10-01');
  const e = await openCase('E', 'qh-al-hx-3', '2026-10-02');
  await openCase('G', 'qh-sq-sq-1', '2026-10-05');
  await identify('B', b.category, { verify: '2026-10-02', notice: '2026-10-04', end: '2026-10-09', township: '2026-10-10', county: '2026-10-16' });
  await identify('E', e.category, { verify: '2026-10-03', notice: '2026-10-05', end: '2026-10-10', township: '2026-10-11', county: '2026-10-17' });
  await command('C', 'village', '2026-10-20', { type: 'notInclude', reason: '经核实家庭收入高于监测线，暂不纳入' });
  await command('B', 'village', '2026-10-20', {
    type: 'makePlan', madeOn: '2026-10-20', measures: [
      { measure: '医疗救助', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: '2026-11-10' },
      { measure: '大病保险报销', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: '2026-11-22' },
      { measure: '公益性岗位', memberName: null, responsible: { kind: 'department', name: '人社局' }, dueOn: '2026-12-30' },
      { measure: '结对帮扶', memberName: null, responsible: { kind: 'person', name: '帮扶责任人' }, dueOn: '2026-11-10' },
    ],
  });
  await openCase('F', 'qh-al-hx-2', '2026-11-06');
  await openCase('D', 'qh-al-hx-2', '2026-11-10');
  day('2026-11-20');
  await drainPushes(app.deps, app.clock.now());
});
afterAll(() => app.close());

const get = (who: string, path: string) => app.request('GET', path, { token: tokens[who] });

function expectRefused(res: { status: number; body: any }, status: number, code: string) {
  expect([res.status, res.body.error?.code]).toEqual([status, code]);
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

/** "A:入户核实" for each row, by which case it belongs to. */
function rowsOf(body: any): string[] {
  const name = (id: string) => Object.entries(cases).find(([, c]) => c === id)?.[0] ?? '?';
  return body.items.map((i: any) => `${name(i.caseId)}:${i.label}`);
}

function countsByVillage(body: any): Record<string, { overdue: number; dueSoon: number }> {
  const out: Record<string, { overdue: number; dueSoon: number }> = {};
  for (const t of body.counts.townships) for (const v of t.villages) out[v.name] = { overdue: v.overdue, dueSoon: v.dueSoon };
  return out;
}

describe('deadlines', () => {
  test('the township sees its villages\' overdue work, most overdue first, with the owners and whether a push reaches them', async () => {
    const res = await get('township', '/api/supervision/deadlines?status=overdue');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ today: '2026-11-20', soonUntil: '2026-11-22', status: 'overdue', area: { id: 'qh-al', name: '安乐镇' }, truncated: false });
    expect(rowsOf(res.body)).toEqual(['A:入户核实', 'E:制定帮扶计划', 'B:医疗救助', 'B:帮扶走访', 'E:帮扶走访']);
    const [a, e, measure] = res.body.items;
    expect(a).toMatchObject({
      kind: 'task', dueOn: '2026-10-16', daysOverdue: 35, daysLeft: -35, ownerRole: 'grid_member', ownerLabel: '网格员',
      place: { township: '安乐镇', village: '红星村', group: '一组' },
    });
    expect(a.headName).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    expect(a.householdNumber).toMatch(/^\d{16}$/);
    // 'grid' never signed in through WeChat: the push was parked, the inbox copy is all they have
    expect(a.owners).toEqual([expect.objectContaining({ role: 'grid_member', unreachable: true, reason: 'no_openid', reasonLabel: '未绑定微信' })]);
    expect(e.owners).toEqual([expect.objectContaining({ role: 'village_cadre', unreachable: true, reasonLabel: '未订阅消息' })]);
    expect(measure).toMatchObject({ kind: 'measure', ownerRole: 'department_user', ownerLabel: '医保局', dueOn: '2026-11-10', daysOverdue: 10 });
    expect(measure.owners).toEqual([expect.objectContaining({ role: 'department_user', unreachable: true, reasonLabel: '拒收' })]);
  });

  test('due soon: from today to the reminders\' lead time; a reachable owner is not flagged', async () => {
    const res = await get('township', '/api/supervision/deadlines?status=due_soon');
    expect(res.status).toBe(200);
    expect(rowsOf(res.body)).toEqual(['F:入户核实', 'B:大病保险报销']);
    expect(res.body.items.map((i: any) => [i.daysLeft, i.daysOverdue])).toEqual([[1, 0], [2, 0]]);
    expect(res.body.items[0].owners).toEqual([expect.objectContaining({ role: 'grid_member', unreachable: false, reason: null, reasonLabel: null })]);
    expect(pushedTo).toContain('o-reachable');
  });

  test('the counts per village add up to the rows; a township sees only its own villages', async () => {
    const overdue = (await get('township', '/api/supervision/deadlines?status=overdue')).body;
    const soon = (await get('township', '/api/supervision/deadlines?status=due_soon')).body;
    expect(overdue.counts).toEqual(soon.counts);
    expect(overdue.counts.total).toEqual({ overdue: overdue.items.length, dueSoon: soon.items.length });
    expect(overdue.counts.townships.map((t: any) => t.name)).toEqual(['安乐镇']);
    expect(countsByVillage(overdue)).toEqual({ 红星村: { overdue: 5, dueSoon: 2 }, 柳湾村: { overdue: 0, dueSoon: 0 } });
    expect(overdue.counts.townships[0]).toMatchObject({ overdue: 5, dueSoon: 2 });
    // every row of the township's list is in its area
    expect(new Set([...overdue.items, ...soon.items].map((i: any) => i.place.township))).toEqual(new Set(['安乐镇']));
  });

  test('the county and the inspector see every township and village; the county may narrow to one village', async () => {
    for (const who of ['county', 'inspector']) {
      const res = await get(who, '/api/supervision/deadlines');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('overdue');
      expect(res.body.counts.townships.map((t: any) => [t.name, t.overdue, t.dueSoon])).toEqual([['安乐镇', 5, 2], ['石桥乡', 1, 0]]);
      expect(countsByVillage(res.body)).toMatchObject({ 石桥村: { overdue: 1, dueSoon: 0 }, 杨庄村: { overdue: 0, dueSoon: 0 } });
      expect(res.body.counts.total).toEqual({ overdue: 6, dueSoon: 2 });
      expect(rowsOf(res.body)).toEqual(['A:入户核实', 'G:入户核实', 'E:制定帮扶计划', 'B:医疗救助', 'B:帮扶走访', 'E:帮扶走访']);
      const g = res.body.items[1];
      expect(g.owners).toEqual([expect.objectContaining({ unreachable: true, reason: 'failed', reasonLabel: '推送失败' })]);
    }
    const village = await get('county', '/api/supervision/deadlines?areaId=qh-sq-sq');
    expect(village.status).toBe(200);
    expect(village.body.area).toEqual({ id: 'qh-sq-sq', level: 'village', name: '石桥村' });
    expect(rowsOf(village.body)).toEqual(['G:入户核实']);
    expect(village.body.counts.townships).toEqual([
      { areaId: 'qh-sq', name: '石桥乡', overdue: 1, dueSoon: 0, villages: [{ areaId: 'qh-sq-sq', name: '石桥村', overdue: 1, dueSoon: 0 }] },
    ]);
  });

  test('the rows are capped, most overdue first; the counts never are', async () => {
    const [county] = await app.deps.db.query<{ id: string }>(`select id from users where username = 'county'`);
    const actor = { userId: county.id, role: 'county_admin' as const, areaId: 'qh', areaPath: '/qh/', householdId: null };
    const capped = await supervisionDeadlines(app.deps, actor, { status: 'overdue' }, app.clock.now(), { limit: 2 });
    expect([capped.items.length, capped.limit, capped.truncated]).toEqual([2, 2, true]);
    expect(rowsOf(capped)).toEqual(['A:入户核实', 'G:入户核实']);
    expect(capped.counts.total).toEqual({ overdue: 6, dueSoon: 2 });
  });

  test('a grid member or village cadre is refused; another township\'s area is refused; a bad status is a 400', async () => {
    expectRefused(await get('grid', '/api/supervision/deadlines'), 403, 'AUTH.FORBIDDEN');
    expectRefused(await get('village', '/api/supervision/deadlines'), 403, 'AUTH.FORBIDDEN');
    expectRefused(await get('dept-medical', '/api/supervision/deadlines'), 403, 'AUTH.FORBIDDEN');
    expectRefused(await get('township', '/api/supervision/deadlines?areaId=qh-sq-sq'), 404, 'AREA.NOT_FOUND');
    expectRefused(await get('township', '/api/supervision/deadlines?areaId=qh'), 404, 'AREA.NOT_FOUND');
    expectRefused(await get('county', '/api/supervision/deadlines?areaId=nowhere'), 404, 'AREA.NOT_FOUND');
    const bad = await get('township', '/api/supervision/deadlines?status=late');
    expectRefused(bad, 400, 'REQUEST.INVALID');
    expect(bad.body.error.issues[0].message).toContain('overdue');
    expectRefused(await app.request('GET', '/api/supervision/deadlines'), 401, 'AUTH.REQUIRED');
  });
});

describe('timeliness', () => {
  const rates = (r: any) => [r.onTime, r.late, r.pending, r.total, r.rate];

  test('this year to today: decisions within 15 days of the clue, plans within 10 days of identification', async () => {
    const res = await get('county', '/api/supervision/timeliness');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-01-01', to: '2026-11-20', policy: { identificationDays: 15, planDays: 10, dayCount: 'calendar' } });
    // B and E on time; C decided late, A and G still open past their deadline (late); D and F not yet due (pending)
    expect(rates(res.body.overall.identification)).toEqual([2, 3, 2, 5, 0.4]);
    // B's plan within 10 days; E identified on 10-17 and still without a plan on 11-20
    expect(rates(res.body.overall.plan)).toEqual([1, 1, 0, 2, 0.5]);
    const [anle, shiqiao] = res.body.townships;
    expect(rates(anle.identification)).toEqual([2, 2, 2, 4, 0.5]);
    expect(rates(anle.villages[0].identification)).toEqual([2, 2, 2, 4, 0.5]);
    expect(anle.villages[1]).toMatchObject({ name: '柳湾村', identification: { total: 0, rate: null }, plan: { total: 0, rate: null } });
    expect(rates(shiqiao.identification)).toEqual([0, 1, 0, 1, 0]);
    expect(rates(shiqiao.plan)).toEqual([0, 0, 0, 0, null]);
  });

  test('a chosen period takes the cases whose clue (or identification) falls in it; the township sees its own', async () => {
    const oct = await get('county', '/api/supervision/timeliness?from=2026-10-02&to=2026-10-31');
    expect(rates(oct.body.overall.identification)).toEqual([1, 1, 0, 2, 0.5]); // E on time, G late
    expect(rates(oct.body.overall.plan)).toEqual([1, 1, 0, 2, 0.5]); // identified 10-16 (B) and 10-17 (E)
    const township = await get('township', '/api/supervision/timeliness?from=2026-10-02&to=2026-10-31');
    expect(township.body.townships.map((t: any) => t.name)).toEqual(['安乐镇']);
    expect(rates(township.body.overall.identification)).toEqual([1, 0, 0, 1, 1]);
    const nov = await get('inspector', '/api/supervision/timeliness?from=2026-11-01&to=2026-11-20');
    expect(rates(nov.body.overall.identification)).toEqual([0, 0, 2, 0, null]);
  });

  test('a region counting working days judges by working days (15 from 10-01 is 10-27, past the National Day holiday)', async () => {
    await app.deps.db.query(
      `insert into policies (area_id, year, monitoring_line_yuan, identification_days, notice_min_days, plan_days, day_count)
       values ('qh-al', 2026, 7300, 15, 5, 10, 'working')`,
    );
    try {
      const res = await get('county', '/api/supervision/timeliness');
      const [anle, shiqiao] = res.body.townships;
      // C's decision on 10-20 is now within its deadline; A, still open on 11-20, is late either way
      expect(rates(anle.identification)).toEqual([3, 1, 2, 4, 0.75]);
      expect(rates(anle.plan)).toEqual([1, 1, 0, 2, 0.5]);
      expect(rates(shiqiao.identification)).toEqual([0, 1, 0, 1, 0]);
      const township = await get('township', '/api/supervision/timeliness');
      expect(township.body.policy).toEqual({ identificationDays: 15, planDays: 10, dayCount: 'working' });
    } finally {
      await app.deps.db.query(`delete from policies where area_id = 'qh-al'`);
    }
  });

  test('bad dates and a period that ends before it starts are refused in Chinese; grid members are refused', async () => {
    for (const q of ['from=2026-02-30', 'to=2026-13-01', 'from=20261001', 'from=2026-11-01&to=2026-10-01']) {
      const res = await get('county', `/api/supervision/timeliness?${q}`);
      expectRefused(res, 400, 'REQUEST.INVALID');
      expect(res.body.error.issues[0].message).toMatch(/日期/);
    }
    // without `to` the period ends today: a start after today is the same mistake
    const future = await get('county', '/api/supervision/timeliness?from=2027-01-01');
    expectRefused(future, 400, 'REQUEST.INVALID');
    expect(future.body.error.message).toBe('开始日期不能晚于结束日期');
    expectRefused(await get('grid', '/api/supervision/timeliness'), 403, 'AUTH.FORBIDDEN');
    expectRefused(await get('township', '/api/supervision/timeliness?areaId=qh-sq'), 404, 'AREA.NOT_FOUND');
  });
});

describe('pushes that did not reach their person', () => {
  test('the county sees every parked push, newest first, with the person, role and reason', async () => {
    const res = await get('county', '/api/supervision/unreachable');
    expect(res.status).toBe(200);
    const reasons = new Set(res.body.pushes.map((p: any) => `${p.roleLabel}:${p.reasonLabel}`));
    expect(reasons).toEqual(new Set([
      '网格员:未绑定微信', '村两委:未订阅消息', '行业部门:拒收', '网格员:推送失败', '乡镇审核:未绑定微信', '县乡村振兴局:未绑定微信',
    ]));
    const times = res.body.pushes.map((p: any) => p.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    const [parked] = await app.deps.db.query<{ n: number }>(`select count(*)::int as n from notifications where status in ('failed', 'unreachable')`);
    expect(res.body.pushes).toHaveLength(parked.n);
    expect(res.body.pushes.find((p: any) => p.reason === 'refused')).toMatchObject({ areaName: '医保局', title: expect.stringContaining('帮扶措施') });
  });

  test('the township sees only the people of its area; inspectors and grid members are refused', async () => {
    const res = await get('township', '/api/supervision/unreachable');
    expect(res.status).toBe(200);
    // the grid members of 红星村一组 and 三组 (no WeChat), the village cadre (no grant), the township itself — not 医保局
    // (county-wide), not 石桥村's grid member, not the county
    expect(new Set(res.body.pushes.map((p: any) => `${p.areaName}:${p.reasonLabel}`)))
      .toEqual(new Set(['红星村一组:未绑定微信', '红星村三组:未绑定微信', '红星村:未订阅消息', '安乐镇:未绑定微信']));
    expect(res.body.pushes.length).toBeGreaterThan(0);
    expectRefused(await get('inspector', '/api/supervision/unreachable'), 403, 'AUTH.FORBIDDEN');
    expectRefused(await get('grid', '/api/supervision/unreachable'), 403, 'AUTH.FORBIDDEN');
  });
});
