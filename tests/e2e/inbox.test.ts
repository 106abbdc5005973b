import { enqueue, householdLabelOf } from '../../functions/src/app/outbox';
import { useJourney, signInAs as signIn } from '../support/browser';

/**
 * 消息 on the phone, in real Chromium against the real gateway and database: a farmer's declaration gives the grid
 * member a new 入户核实 task, and the outbox's writer adds a monthly visit reminder (already read) and an overdue
 * notice. The grid member sees "2条未读" on the task list, opens the inbox (screenshot 75), taps the overdue notice —
 * it opens the case and is read — and marks the rest read. The farmer's household page has the entry too.
 */
const journey = useJourney();

test('the grid member reads their messages: unread marked, a tap opens the case, 全部已读', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const now = () => app.clock.now();

  const farmer = await app.login('farmer');
  const grid = await app.login('grid');
  const group = '/qh/qh-al/qh-al-hx/qh-al-hx-1/';
  const at = (minutes: number) => new Date(now().getTime() + minutes * 60_000);
  // 08:00: this month's visit reminder, which the grid member has read
  await app.deps.db.transaction((tx) => enqueue(tx, app.deps, [{
    cause: 'visits:2026-11', kind: 'visits.monthly', facts: { month: '2026-11', count: 12, dueOn: '2026-11-30' },
    to: { role: 'grid_member', areaPath: group },
  }], at(-120)));
  const [visits] = (await app.request('GET', '/api/inbox', { token: grid.token })).body.messages;
  expect(visits.kind).toBe('visits.monthly');
  expect((await app.request('POST', '/api/inbox/read', { token: grid.token, body: { ids: [visits.id] } })).body.marked).toBe(1);
  // 10:00: the farmer declares; the grid member is told of the new 入户核实 task
  const declared = await app.request('POST', '/api/declarations', {
    token: farmer.token,
    body: { householdId: farmer.user.householdId, riskTypes: ['illness'], description: '老伴住院做手术，自付三万多元', consent: true, clientKey: `e2e-ib-${Date.now()}` },
  });
  expect(declared.status).toBe(201);
  const caseId: string = declared.body.case.id;
  // 10:30: an overdue notice for it, as the deadline sweep writes one
  await app.deps.db.transaction(async (tx) => enqueue(tx, app.deps, [{
    cause: `test:overdue:${caseId}`, kind: 'task.overdue',
    facts: { caseId, household: await householdLabelOf(tx, farmer.user.householdId), what: '入户核实', dueOn: '2026-11-18', daysOverdue: 2 },
    to: { role: 'grid_member', areaPath: group },
  }], at(30)));

  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 40, selector,
  );
  const signInAs = (username: string) => signIn(page, app.baseUrl, username);

  // ── the task list: 消息 with 2 unread ─────────────────────────────────────────────────────────────────
  await signInAs('grid');
  await page.locator('#inbox-unread', { hasText: '2条未读' }).waitFor();

  // ── the inbox: newest first, unread marked ─────────────────────────────────────────────────────────────
  await page.locator('#inbox-entry').click();
  await page.locator('.message').nth(2).waitFor();
  await settled('#inbox-count');
  await expect(page.locator('#inbox-count').innerText()).resolves.toBe('2条未读');
  const cards = page.locator('.message');
  await expect(cards.count()).resolves.toBe(3);
  const titles = await cards.locator('.message__title').allInnerTexts();
  expect(titles).toEqual(['已逾期：入户核实', '新任务：入户核实', '本月帮扶走访']);
  await expect(cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-read')))).resolves.toEqual(['no', 'no', 'yes']);
  await expect(cards.nth(0).innerText()).resolves.toContain('逾期2天');
  await expect(cards.nth(0).locator('.message__dot').count()).resolves.toBe(1);
  await expect(cards.nth(2).locator('.message__dot').count()).resolves.toBe(0);
  // large type for elderly readers: titles ≥ 20 CSS px (42 design px), body ≥ 18
  const sizes = await page.evaluate(() => ['.message__title', '.message__body'].map((s) =>
    parseFloat(getComputedStyle(document.querySelector(s)!).fontSize)));
  expect(sizes[0]).toBeGreaterThanOrEqual(20);
  expect(sizes[1]).toBeGreaterThanOrEqual(18);
  await shot('75-inbox');

  // ── a tap opens the case and marks it read ─────────────────────────────────────────────────────────────
  await cards.nth(0).click();
  await page.locator('#case-page').waitFor();
  expect(page.url()).toContain(caseId);
  /** The server's unread count once it is `n` (the page marks read without waiting), or the last seen after 5 s. */
  const unreadBecomes = async (n: number) => {
    let unread = -1;
    for (let i = 0; i < 50 && unread !== n; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100));
      unread = (await app.request('GET', '/api/inbox', { token: grid.token })).body.unread;
    }
    return unread;
  };
  await expect(unreadBecomes(1)).resolves.toBe(1);
  await page.goBack();
  await page.locator('#inbox-count', { hasText: '1条未读' }).waitFor();
  await expect(cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-read')))).resolves.toEqual(['yes', 'no', 'yes']);

  // ── 全部已读 ────────────────────────────────────────────────────────────────────────────────────────────
  await page.locator('#inbox-read-all').click();
  await page.locator('#inbox-count', { hasText: '没有未读消息' }).waitFor();
  await expect(page.locator('#inbox-read-all').count()).resolves.toBe(0);
  await expect(unreadBecomes(0)).resolves.toBe(0);
  await page.goBack();
  await page.locator('#inbox-entry').waitFor();
  await expect(page.locator('#inbox-unread').count()).resolves.toBe(0);

  // ── the farmer's household page has the entry; their inbox holds none of the grid member's messages ─────
  await signInAs('farmer');
  await page.locator('#inbox-entry').waitFor();
  await page.locator('#inbox-entry').click();
  await page.locator('#inbox-empty').waitFor();

  expect(phone.errors).toEqual([]);
}, 60_000);
