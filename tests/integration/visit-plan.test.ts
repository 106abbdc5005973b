import crypto from 'node:crypto';
import { compareVisitPlan } from '@shared/domain/visit-plan';
import { startApp, type TestApp } from '../support/app';

/**
 * 每月走访计划 over real HTTP on the seeded demo county (清河县), clock at 2026-11-20: every 脱贫户 and every household
 * with an open monitored case in the caller's area, whether visited this month, and the 八必访 flags.
 */
let app: TestApp;
const tokens: Record<string, string> = {};
let group: string;

type Item = {
  householdId: string; number: string; headName: string; place: { village: string; group: string; township: string };
  lifted: boolean; monitored: boolean; caseStatusLabel: string | null; visited: boolean; lastVisitOn: string | null;
  flags: { kind: string; label: string; detail: string }[];
};

/** Fixture households in the demo grid member's group (一组 of 红星村) and in 二组 next to it. */
const H: Record<'monitored' | 'identifying' | 'eliminated' | 'otherGroup' | 'liftedNov' | 'liftedOct' | 'liftedClue', string> = {} as never;

async function pick(where: string): Promise<string> {
  const [h] = await app.deps.db.query<{ id: string }>(
    `select id from households h where ${where}
        and id not in (select household_id from cases) and id not in (select household_id from users where household_id is not null)
      order by number limit 1`,
  );
  return h.id;
}
async function caseAt(householdId: string, status: string): Promise<string> {
  const [c] = await app.deps.db.query<{ id: string }>(
    `insert into cases (household_id, status, is_open, clue_date, version, created_at, updated_at)
     values ($1, $2, $3, '2026-08-01', 1, $4, $4) returning id`,
    [householdId, status, !['not_included', 'eliminated'].includes(status), app.clock.now()],
  );
  return c.id;
}
const plan = (who: string, month?: string) =>
  app.request('GET', `/api/visit-plan${month ? `?month=${month}` : ''}`, { token: tokens[who] });

beforeAll(async () => {
  app = await startApp();
  for (const u of ['farmer', 'grid', 'village', 'township', 'county', 'dept-medical']) tokens[u] = (await app.login(u)).token;
  [{ area_id: group }] = await app.deps.db.query<{ area_id: string }>(`select area_id from users where username = 'grid'`);
  const inGroup = (g: string, category: string) => `area_id = '${g}' and category = '${category}'`;

  // an ordinary household monitored since the summer, income 12000 last year; the grid member records a visit
  // through the workflow (帮扶走访) that finds 7000 per person
  H.monitored = await pick(inGroup(group, 'ordinary'));
  await app.deps.db.query('update households set income_per_capita_yuan = 12000 where id = $1', [H.monitored]);
  const monitoredCase = await caseAt(H.monitored, 'tracking');
  const tracked = await app.request('POST', `/api/cases/${monitoredCase}/commands`, {
    token: tokens.grid,
    body: {
      command: { type: 'recordTracking', visitedOn: '2026-11-05', note: '务工返乡，收入下降', incomePerCapitaYuan: 7000, newRisk: false },
      expectedVersion: 1, requestId: crypto.randomUUID(),
    },
  });
  expect(tracked.status).toBe(200);

  // open cases that are not monitored (still being identified) or closed ones do not put a household on the plan
  H.identifying = await pick(inGroup(group, 'ordinary'));
  await caseAt(H.identifying, 'verifying');
  H.eliminated = await pick(inGroup(group, 'ordinary'));
  await caseAt(H.eliminated, 'eliminated');
  // monitored, but in the next group: the village and township see it, the grid member of 一组 does not
  H.otherGroup = await pick(inGroup(`${group.slice(0, -1)}2`, 'ordinary'));
  await caseAt(H.otherGroup, 'plan_made');

  // 脱贫户 visited in November (入户走访) and in October
  H.liftedNov = await pick(inGroup(group, 'lifted'));
  H.liftedOct = await pick(`${inGroup(group, 'lifted')} and id <> '${H.liftedNov}'`);
  for (const [id, visitedOn] of [[H.liftedNov, '2026-11-10'], [H.liftedOct, '2026-10-15']]) {
    const v = await app.request('POST', `/api/households/${id}/visits`, {
      token: tokens.grid, body: { visitedOn, findings: '入户走访，生活正常', clientKey: `vp-${visitedOn}-${id.slice(0, 8)}` },
    });
    expect(v.status).toBe(201);
  }
  // a 脱贫户 whose grid member reports a disaster on a visit (一键申报 for the household): flagged 重大事故或灾害
  H.liftedClue = await pick(`${inGroup(group, 'lifted')} and id not in ('${H.liftedNov}', '${H.liftedOct}')`);
  const declared = await app.request('POST', '/api/declarations', {
    token: tokens.grid,
    body: { householdId: H.liftedClue, riskTypes: ['disaster'], description: '暴雨冲毁房屋和庄稼', consent: true, clientKey: `vp-clue-${Date.now()}` },
  });
  expect(declared.status).toBe(201);
});
afterAll(() => app.close());

const byId = (items: Item[], id: string) => items.find((i) => i.householdId === id);

describe('the grid member sees their group', () => {
  let body: { month: string; monthLabel: string; counts: Record<string, number>; households: Item[] };
  beforeAll(async () => {
    const res = await plan('grid');
    expect(res.status).toBe(200);
    body = res.body;
  });

  test('every 脱贫户 of the group and every monitored household, nothing else', async () => {
    const lifted = await app.deps.db.query<{ id: string }>(`select id from households where area_id = $1 and category = 'lifted'`, [group]);
    expect(lifted.length).toBeGreaterThan(3);
    const expected = [...lifted.map((h) => h.id), H.monitored].sort();
    expect(body.households.map((h) => h.householdId).sort()).toEqual(expected);
    for (const id of [H.identifying, H.eliminated, H.otherGroup]) expect(byId(body.households, id)).toBeUndefined();
    expect(new Set(body.households.map((h) => `${h.place.village}${h.place.group}`))).toEqual(new Set(['红星村一组']));
    expect(body).toMatchObject({ month: '2026-11', monthLabel: '2026年11月' });
  });

  test('visited this month by either kind of visit, with the last visit date', () => {
    expect(byId(body.households, H.monitored)).toMatchObject({
      lifted: false, monitored: true, caseStatusLabel: expect.stringContaining('监测中'), visited: true, lastVisitOn: '2026-11-05',
    });
    expect(byId(body.households, H.liftedNov)).toMatchObject({ lifted: true, monitored: false, caseStatusLabel: null, visited: true, lastVisitOn: '2026-11-10' });
    expect(byId(body.households, H.liftedOct)).toMatchObject({ visited: false, lastVisitOn: '2026-10-15' });
    expect(body.counts).toEqual({
      households: body.households.length,
      visited: body.households.filter((h) => h.visited).length,
      flagged: body.households.filter((h) => h.flags.length > 0).length,
    });
    expect(body.counts.visited).toBe(2);
  });

  test('八必访 flags from the registry, the visits and the clues', async () => {
    expect(byId(body.households, H.monitored)!.flags).toContainEqual({
      kind: 'income', label: '收入低或骤减',
      detail: '人均纯收入7000元，低于监测线7300元；人均纯收入由上年12000元降至7000元（2026-11-05走访）',
    });
    expect(byId(body.households, H.liftedClue)!.flags).toContainEqual({
      kind: 'accident_or_disaster', label: '重大事故或灾害', detail: '近一年线索因灾',
    });
    // the registry's own data: every household with a member recorded 患有大病 or 长期慢性病 is flagged for it, no other
    const ill = await app.deps.db.query<{ household_id: string }>(
      `select distinct household_id from members m join households h on h.id = m.household_id
        where h.area_id = $1 and (h.category = 'lifted' or h.id = $2) and m.health in ('serious', 'chronic') and m.removed_at is null`,
      [group, H.monitored],
    );
    expect(ill.length).toBeGreaterThan(0);
    const flaggedIll = body.households.filter((h) => h.flags.some((f) => f.kind === 'illness' && /(大病|慢性病)\d人/.test(f.detail)));
    expect(flaggedIll.map((h) => h.householdId).sort()).toEqual(ill.map((h) => h.household_id).sort());
  });

  test('flagged households first, then the ones not yet visited', () => {
    expect(body.households).toEqual([...body.households].sort(compareVisitPlan));
    const flagged = body.households.map((h) => h.flags.length > 0);
    expect(flagged.indexOf(false)).toBe(body.counts.flagged);
    expect(body.counts.flagged).toBeGreaterThan(0);
    expect(body.counts.flagged).toBeLessThan(body.households.length);
  });

  test('no ID or phone numbers in the plan', () => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\d{6}(19|20)\d{2}[01]\d[0-3]\d{4}|\d{3}\*+\d|1[3-9]\d{9}/);
    expect(Object.keys(body.households[0]).sort()).toEqual([
      'caseStatusLabel', 'flags', 'headName', 'householdId', 'lastVisitOn', 'lifted', 'monitored', 'number', 'place', 'visited',
    ]);
  });
});

test('another month: the visits of that month count', async () => {
  const res = await plan('grid', '2026-10');
  expect(res.status).toBe(200);
  expect(res.body.monthLabel).toBe('2026年10月');
  expect(byId(res.body.households, H.liftedOct)).toMatchObject({ visited: true, lastVisitOn: '2026-10-15' });
  expect(byId(res.body.households, H.liftedNov)).toMatchObject({ visited: false, lastVisitOn: null });
  expect(byId(res.body.households, H.monitored)).toMatchObject({ visited: false, lastVisitOn: null });
  // the November clue is not in October's past year
  expect(byId(res.body.households, H.liftedClue)!.flags.map((f) => f.kind)).not.toContain('accident_or_disaster');
});

test('the village sees all its groups, the township all its villages, nothing outside', async () => {
  const village = await plan('village');
  expect(village.status).toBe(200);
  const vIds = village.body.households.map((h: Item) => h.householdId);
  expect(vIds).toEqual(expect.arrayContaining([H.monitored, H.otherGroup, H.liftedNov]));
  expect(new Set(village.body.households.map((h: Item) => h.place.village))).toEqual(new Set(['红星村']));
  const [{ n }] = await app.deps.db.query<{ n: number }>(
    `select count(*)::int as n from households where area_path like '/qh/qh-al/qh-al-hx/%' and category = 'lifted'`,
  );
  expect(vIds).toHaveLength(n + 2);

  const township = await plan('township');
  expect(township.status).toBe(200);
  expect(new Set(township.body.households.map((h: Item) => h.place.township))).toEqual(new Set(['安乐镇']));
  expect(new Set(township.body.households.map((h: Item) => h.place.village))).toEqual(new Set(['红星村', '柳湾村']));
  expect(township.body.households.length).toBeGreaterThan(vIds.length);
});

test('farmers and department users are refused; a bad month is refused in Chinese; no sign-in is 401', async () => {
  for (const who of ['farmer', 'dept-medical']) {
    const res = await plan(who);
    expect([res.status, res.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
  }
  const bad = await plan('grid', '2026-13');
  expect([bad.status, bad.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
  expect(bad.body.error.issues[0]).toEqual({ path: 'month', message: '月份格式应为 YYYY-MM，例如 2026-11' });
  const extra = await app.request('GET', '/api/visit-plan?month=2026-11&all=1', { token: tokens.grid });
  expect(extra.status).toBe(400);
  expect((await app.request('GET', '/api/visit-plan')).status).toBe(401);
});
