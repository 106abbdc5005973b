import { dispatchPushes, type DispatchReport } from '../../functions/src/app/dispatcher';
import { enqueue, type Outgoing } from '../../functions/src/app/outbox';
import { startApp, type TestApp } from '../support/app';
import { FakeWechat, type FakeWechatOptions, type SendRequest } from '../support/fake-wechat';

/**
 * Pushes end to end: messages written by the outbox, sent by the dispatcher through the WeChat channel that
 * createDeps builds from the environment (WECHAT_API_BASE pointing at the fake of WeChat), over real HTTP.
 *
 * The fake's tokens live on the test's clock, which the loop moves forward by hours of backoff, while the client's
 * token cache lives on the real clock: so WeChat expires tokens the client still trusts (42001), on top of the
 * tokens the fake revokes at random.
 */
const TEMPLATE = 'tmpl-result-test';

interface Recipient {
  userId: string;
  openid: string;
  householdId: string;
  areaPath: string;
}

async function withFake(opts: FakeWechatOptions, env: NodeJS.ProcessEnv = {}) {
  let app: TestApp | undefined;
  const wx = new FakeWechat({ ...opts, now: () => (app ? app.clock.now().getTime() : Date.now()) });
  const base = await wx.listen();
  app = await startApp({
    env: {
      WECHAT_APP_ID: wx.appId, WECHAT_APP_SECRET: wx.appSecret, WECHAT_API_BASE: base,
      WECHAT_TEMPLATE_RESULT: TEMPLATE, WECHAT_TEMPLATE_TODO: 'tmpl-todo-test', PUSH_RETRY_BASE_SECONDS: '60', ...env,
    },
  });
  return { wx, app };
}

/** `n` farmers of households nobody is bound to yet, each with a WeChat openid and `grants` subscriptions. */
async function farmers(app: TestApp, n: number, grants: number, offset = 0): Promise<Recipient[]> {
  const households = await app.deps.db.query<{ id: string; area_path: string }>(
    `select h.id, h.area_path from households h
      where not exists (select 1 from users u where u.household_id = h.id)
      order by h.number limit $1 offset $2`,
    [n, offset],
  );
  expect(households).toHaveLength(n);
  const out: Recipient[] = [];
  for (const [i, h] of households.entries()) {
    const openid = `o-test-farmer-${String(offset + i).padStart(4, '0')}`;
    const [u] = await app.deps.db.query<{ id: string }>(
      `insert into users (name, role, household_id, wechat_openid) values ('测试农户', 'farmer', $1, $2) returning id`,
      [h.id, openid],
    );
    if (grants > 0) {
      await app.deps.db.query(
        'insert into subscription_grants (user_id, template_id, remaining, updated_at) values ($1, $2, $3, $4)',
        [u.id, TEMPLATE, grants, app.clock.now()],
      );
    }
    out.push({ userId: u.id, openid, householdId: h.id, areaPath: h.area_path });
  }
  return out;
}

/** `perUser` results for each farmer, written by the outbox; thing3 (the reason) tells each message apart. */
async function write(app: TestApp, to: Recipient[], perUser: number): Promise<void> {
  const messages: Outgoing[] = to.flatMap((r, i) => Array.from({ length: perUser }, (_, j) => ({
    cause: `push-delivery-test:${j}`,
    kind: 'case.not_included' as const,
    facts: { forHousehold: true, reason: `测试${i + 1}号第${j + 1}条` },
    to: { role: 'farmer' as const, areaPath: r.areaPath, householdId: r.householdId },
  })));
  // inbox copy and push copy for each
  expect(await enqueue(app.deps.db, app.deps, messages, app.clock.now())).toBe(2 * messages.length);
}

/** Runs the dispatcher as the scheduler would, moving the clock to the next retry, until nothing is pending. */
async function dispatchUntilDone(app: TestApp, maxRounds = 1000): Promise<DispatchReport[]> {
  const reports: DispatchReport[] = [];
  for (let round = 0; round < maxRounds; round++) {
    reports.push(await dispatchPushes(app.deps, app.clock.now(), { limit: 50 }));
    const [next] = await app.deps.db.query<{ at: Date | null }>(
      `select min(next_attempt_at) as at from notifications where status = 'pending'`,
    );
    if (!next.at) return reports;
    if (new Date(next.at) > app.clock.now()) app.clock.set(new Date(next.at));
  }
  throw new Error(`still pending after ${maxRounds} rounds`);
}

interface PushRow {
  id: string;
  recipient_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  data: Record<string, string>;
}

const pushRows = (app: TestApp) => app.deps.db.query<PushRow>(
  `select id, recipient_id, status, attempts, last_error, next_attempt_at, sent_at, data
     from notifications where channel = 'wechat' order by id`,
);

/**
 * The dispatcher's tries of one message, read from the fake's log of its requests: a request is a new try unless
 * it is the client's one resend after a stale token (40001/42001) on the try's first request.
 */
function triesIn(requests: SendRequest[]): number {
  let tries = 0;
  let prevFirstAndStale = false;
  for (const r of requests) {
    const first: boolean = !prevFirstAndStale;
    if (first) tries++;
    prevFirstAndStale = first && (r.answer === 42001 || r.answer === 40001);
  }
  return tries;
}

describe('pushes through the fake of WeChat', () => {
  test('200 messages to 20 people, half of all sends failing (token expiry included): each delivered exactly once', async () => {
    const { wx, app } = await withFake({ failureRate: 0.5, seed: 2026 }, { PUSH_MAX_ATTEMPTS: '30' });
    try {
      const people = await farmers(app, 20, 10);
      await write(app, people, 10);
      const start = app.clock.now();

      const reports = await dispatchUntilDone(app);

      // the fake's record: every message once, none twice, none missing
      const key = (openid: string, data: Record<string, string>) => `${openid}|${data.thing3}`;
      const expected = people.flatMap((p, i) => Array.from({ length: 10 }, (_, j) => `${p.openid}|测试${i + 1}号第${j + 1}条`));
      const delivered = wx.delivered.map((d) => key(d.openid, d.data));
      expect(delivered).toHaveLength(200);
      expect(new Set(delivered).size).toBe(200);
      expect([...delivered].sort()).toEqual([...expected].sort());
      expect(wx.delivered.every((d) => d.templateId === TEMPLATE && d.data.thing1 === '监测对象申请' && d.data.phrase2 === '未纳入'))
        .toBe(true);

      // the fake really failed about half of the sends, in every way, and tokens expired and were replaced
      const failures = wx.sendRequests.filter((r) => r.answer !== 0);
      expect(failures.length / wx.sendRequests.length).toBeGreaterThan(0.4);
      expect(new Set(failures.map((r) => r.answer))).toEqual(new Set([-1, 45009, 42001, 'http500', 'reset']));
      expect(wx.tokenRequests.length).toBeGreaterThan(5);
      // some 42001s were not revoked at random: the token had passed its two hours on WeChat's clock
      expect(app.clock.now().getTime() - start.getTime()).toBeGreaterThan(2 * 3600_000);
      expect(wx.sendRequests.filter((r) => r.answer === 42001 && !r.injected).length).toBeGreaterThan(0);

      // the outbox: every push copy sent, its tries counted as the fake saw them
      const rows = await pushRows(app);
      expect(rows).toHaveLength(200);
      expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
      const byUser = new Map(people.map((p) => [p.userId, p.openid]));
      for (const r of rows) {
        const requests = wx.sendRequests.filter((q) => {
          const b = q.body as { touser?: string; data?: { thing3?: { value?: string } } } | null;
          return b?.touser === byUser.get(r.recipient_id) && b?.data?.thing3?.value === r.data.thing3;
        });
        expect({ id: r.id, attempts: r.attempts }).toEqual({ id: r.id, attempts: triesIn(requests) });
        expect([r.last_error, r.next_attempt_at, r.sent_at]).toEqual([null, null, expect.any(Date)]);
      }
      const attempts = rows.reduce((s, r) => s + r.attempts, 0);
      expect(attempts).toBe(reports.reduce((s, r) => s + r.claimed, 0));
      expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThan(50);
      expect(reports.reduce((s, r) => s + r.sent, 0)).toBe(200);
      expect(reports.reduce((s, r) => s + r.failed + r.unreachable, 0)).toBe(0);

      // each delivery used up one of that person's grants, and only deliveries did
      const grants = await app.deps.db.query<{ remaining: number }>(
        'select remaining from subscription_grants where template_id = $1', [TEMPLATE],
      );
      expect(grants.map((g) => g.remaining)).toEqual(Array(20).fill(0));

      // and running the dispatcher again sends nothing
      const before = wx.sendRequests.length;
      expect(await dispatchPushes(app.deps, new Date(app.clock.now().getTime() + 86_400_000))).toMatchObject({ claimed: 0 });
      expect(wx.sendRequests).toHaveLength(before);
    } finally {
      await app.close();
      await wx.close();
    }
  });

  test('every send failing and PUSH_MAX_ATTEMPTS=3: parked as failed after 3 tries, with the last error', async () => {
    const { wx, app } = await withFake({ failureRate: 1, seed: 5 }, { PUSH_MAX_ATTEMPTS: '3' });
    try {
      const people = await farmers(app, 4, 5);
      await write(app, people, 3);
      await dispatchUntilDone(app);

      expect(wx.delivered).toHaveLength(0);
      const rows = await pushRows(app);
      expect(rows).toHaveLength(12);
      for (const r of rows) {
        expect(r).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
        expect(r.last_error).toMatch(/^(-1|45009|42001) /);
      }
      // parked rows are what the admins' view reads (the notifications_parked index: failed or unreachable)
      const parked = await app.deps.db.query<{ n: number }>(
        `select count(*)::int as n from notifications where status in ('failed', 'unreachable') and channel = 'wechat'`,
      );
      expect(parked[0].n).toBe(12);
      // and nothing used up a grant
      const grants = await app.deps.db.query<{ remaining: number }>('select remaining from subscription_grants');
      expect(grants.map((g) => g.remaining)).toEqual([5, 5, 5, 5]);
    } finally {
      await app.close();
      await wx.close();
    }
  });

  test('a person who refused (43101) is unreachable and their grant is gone; no grant → unreachable without calling WeChat', async () => {
    const { wx, app } = await withFake({ refuse: ['o-test-farmer-0001'] });
    try {
      const [reachable, refusing] = await farmers(app, 2, 3);
      const [ungranted] = await farmers(app, 1, 0, 2);
      expect(refusing.openid).toBe('o-test-farmer-0001');
      await write(app, [reachable, refusing, ungranted], 1);

      const reports = await dispatchUntilDone(app);
      expect(reports[0]).toMatchObject({ claimed: 3, sent: 1, unreachable: 2 });

      const rows = new Map((await pushRows(app)).map((r) => [r.recipient_id, r]));
      expect(rows.get(reachable.userId)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
      expect(rows.get(refusing.userId)).toMatchObject({ status: 'unreachable', attempts: 1, last_error: '43101', next_attempt_at: null });
      expect(rows.get(ungranted.userId)).toMatchObject({ status: 'unreachable', last_error: 'no_grant', next_attempt_at: null });

      const grants = new Map((await app.deps.db.query<{ user_id: string; remaining: number }>(
        'select user_id, remaining from subscription_grants',
      )).map((g) => [g.user_id, g.remaining]));
      expect(grants.get(reachable.userId)).toBe(2);
      expect(grants.get(refusing.userId)).toBe(0);

      const asked = wx.sendRequests.map((r) => (r.body as { touser?: string }).touser);
      expect(asked.sort()).toEqual([reachable.openid, refusing.openid].sort());
      expect(asked).not.toContain(ungranted.openid);
      expect(wx.delivered.map((d) => d.openid)).toEqual([reachable.openid]);
    } finally {
      await app.close();
      await wx.close();
    }
  });

  test('one grant, three messages in one batch: one is sent, the others wait in the inbox as unreachable', async () => {
    const { wx, app } = await withFake({});
    try {
      const [one] = await farmers(app, 1, 1);
      await write(app, [one], 3);
      expect(await dispatchPushes(app.deps, app.clock.now(), { limit: 50 })).toMatchObject({ claimed: 3, sent: 1, unreachable: 2 });
      expect(wx.delivered).toHaveLength(1);
      expect((await pushRows(app)).map((r) => [r.status, r.last_error]).sort()).toEqual([
        ['sent', null], ['unreachable', 'no_grant'], ['unreachable', 'no_grant'],
      ]);
      const [{ remaining }] = await app.deps.db.query<{ remaining: number }>('select remaining from subscription_grants where user_id = $1', [one.userId]);
      expect(remaining).toBe(0);
      const inbox = await app.deps.db.query(`select 1 from notifications where recipient_id = $1 and channel = 'inbox'`, [one.userId]);
      expect(inbox).toHaveLength(3);
    } finally {
      await app.close();
      await wx.close();
    }
  });
});
