import { drainPushes } from '../../functions/src/app/dispatcher';
import { sweepDeadlines } from '../../functions/src/app/sweeps';
import { seedDemoCases } from '../../functions/src/seed/demo-cases';
import { assertBrowserPrerequisites, openPhone, type Phone } from '../support/browser';
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

test('the township sees its overdue verification, who owns it and that they are not reachable by push', async () => {
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
  expect(phone.errors).toEqual([]);
});
