import { drainPushes } from '../../functions/src/app/dispatcher';
import { sweepDeadlines } from '../../functions/src/app/sweeps';
import { seedDemoCases } from '../../functions/src/seed/demo-cases';
import { assertBrowserPrerequisites, openPhone, signInAs, type Phone } from '../support/browser';
import { startApp, type TestApp } from '../support/app';

/**
 * 督导 on the phone: the township reviewer opens it from their home screen and finds the demo's overdue 入户核实 in
 * 红星村, with the grid member flagged as not reachable by push (the deadline sweep told them, but they never signed
 * in through WeChat, so the dispatcher parked the push), the counts per village, the timeliness rates; tapping the row opens the case.
 */
let app: TestApp;
let phone: Phone;

beforeAll(async () => {
  assertBrowserPrerequisites();
  app = await startApp({
    env: {
      PUSH_CHANNEL: 'wechat', WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'test-secret', WECHAT_API_BASE: 'http://127.0.0.1:9',
      WECHAT_TEMPLATE_TODO: 'tmpl-todo', WECHAT_TEMPLATE_RESULT: 'tmpl-result',
    },
    // nobody in the demo has an openid: the dispatcher parks every push before it would reach the channel
    overrides: { push: { name: 'wechat', send: async () => { throw new Error('no push is sent to people without WeChat'); } } },
  });
  phone = await openPhone();
}, 60_000);
afterAll(async () => {
  await phone?.close();
  await app?.close();
});

test('an overdue verification: in the township\'s 督导 list (owner not reachable by push), in the grid member\'s and the village cadre\'s inbox', async () => {
  const { page, shot } = phone;
  await seedDemoCases(app.deps, app.clock.now());
  // the deadline sweep tells the owners (and the level above) of what is overdue; the dispatcher parks the pushes
  await sweepDeadlines(app.deps, app.clock.now());
  await drainPushes(app.deps, app.clock.now());

  await page.goto(`${app.baseUrl}/`);
  await page.locator('#dev-user-township').click();
  await page.locator('#search-supervision').click();
  await page.locator('#supervision-counts').waitFor();
  await page.locator('.due-card').first().waitFor();

  // the demo's 医保局 measure is 8 days late, the verification 2: most overdue first
  await expect(page.locator('.due-card__label').allInnerTexts()).resolves.toEqual(['临时救助', '入户核实']);
  const verification = page.locator('.due-card', { hasText: '入户核实' });
  await expect(verification.innerText()).resolves.toMatch(/逾期2天/);
  await expect(verification.innerText()).resolves.toContain('未绑定微信，收不到推送');
  // the township sees its villages only: 红星村 has the demo's work, 柳湾村 none
  const counts = await page.locator('#supervision-counts').innerText();
  expect(counts).toContain('红星村');
  expect(counts).toContain('柳湾村');
  expect(counts).not.toContain('石桥');
  await page.locator('#rate-identification').waitFor();
  await page.locator('#unreachable').waitFor();
  await page.waitForFunction(() => (document.querySelector('.due-card')?.getBoundingClientRect().left ?? 999) < 40);
  await shot('70-supervision');

  await page.locator('#supervision-tab-due_soon').click();
  await page.locator('#supervision-tab-due_soon.supervision__tab--active').waitFor();
  await page.locator('#supervision-items .section-title', { hasText: '即将到期事项' }).waitFor();

  await page.locator('#supervision-tab-overdue').click();
  const caseId = await page.locator('.due-card', { hasText: '入户核实' }).first().getAttribute('data-case-id');
  await page.locator('.due-card', { hasText: '入户核实' }).first().click();
  await page.waitForURL(new RegExp(`packages/staff/pages/case/index\\?id=${caseId}`));
  await page.locator('#case-status-label').waitFor();

  // ── the same overdue verification in the inboxes: the grid member's own, and the village cadre's escalation ──
  const [{ head }] = await app.deps.db.query<{ head: string }>(
    `select m.name as head from cases c join members m on m.household_id = c.household_id and m.relation = 'head' and m.removed_at is null
      where c.id = $1`, [caseId],
  );
  const household = `${[...head][0]}某某户（红星村`;
  const told = async (kind: string) => (await app.deps.db.query<{ username: string }>(
    `select u.username from notifications n join users u on u.id = n.recipient_id
      where n.case_id = $1 and n.kind = $2 and n.channel = 'inbox'`, [caseId, kind],
  )).map((r) => r.username);
  const [gridUser] = await told('task.overdue');
  expect(await told('task.overdue')).toEqual([gridUser]);
  expect(gridUser).toMatch(/^grid/);
  expect(await told('task.escalated')).toEqual(['village']);
  for (const [username, title, screenshot] of [
    [gridUser, '已逾期：入户核实', '71-grid-inbox-overdue'],
    ['village', '逾期督办：入户核实', '72-village-inbox-escalated'],
  ] as const) {
    await signInAs(page, app.baseUrl, username);
    await page.locator('#inbox-entry').click();
    const message = page.locator('.message', { hasText: title }).filter({ hasText: household });
    await message.waitFor();
    await expect(message.innerText()).resolves.toMatch(/逾期2天/);
    await expect(message.getAttribute('data-read')).resolves.toBe('no');
    await page.waitForFunction(() => (document.querySelector('.message')?.getBoundingClientRect().left ?? 999) < 40);
    await shot(screenshot);
    // a tap opens that case
    await message.click();
    await page.waitForURL(new RegExp(`packages/staff/pages/case/index\\?id=${caseId}`));
    await page.locator('#case-status-label').waitFor();
  }
  expect(phone.errors).toEqual([]);
});
