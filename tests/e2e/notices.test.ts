import crypto from 'node:crypto';
import { useJourney } from '../support/browser';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * 村内公示 on the farmers' phones, in real Chromium against the real gateway and database: a case is driven to its
 * notice over HTTP; a neighbour of the same village opens the village's notices from their household page, reads the
 * notice and objects anonymously; then the farmer whose case it is opens their own case page, explained in plain
 * words. Screenshots go to tests/.artifacts/screenshots (61-…).
 */
const journey = useJourney();

test('a neighbour reads the village notice and objects anonymously; the household reads its own case', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;

  // a farmer of 红星村二组, the same village as the demo farmer (一组)
  const [neighbour] = await app.deps.db.query<{ id: string }>(
    `insert into users (username, name, role, household_id)
     select 'farmer-hx-2', m.name, 'farmer', h.id from households h join members m on m.household_id = h.id and m.relation = 'head'
      where h.area_id = 'qh-al-hx-2' order by h.number limit 1 returning id`,
  );
  // the case, driven to its notice over HTTP as the people would: declaration, 入户核实, 民主评议, 张贴公示
  const token = async (u: string) => (await app.login(u)).token;
  const farmer = await app.login('farmer');
  const [head] = await app.deps.db.query<{ name: string }>(
    `select name from members where household_id = $1 and relation = 'head'`, [farmer.user.householdId],
  );
  const declared = await app.request('POST', '/api/declarations', {
    token: farmer.token,
    body: { householdId: farmer.user.householdId, riskTypes: ['illness'], description: '老伴确诊肺癌，在县医院化疗，自付三万多元', consent: true, clientKey: `e2e-${Date.now()}` },
  });
  const caseId: string = declared.body.case.id;
  const run = async (who: string, command: Record<string, unknown>) => {
    const version = (await app.request('GET', `/api/cases/${caseId}`, { token: await token('county') })).body.case.version;
    const res = await app.request('POST', `/api/cases/${caseId}/commands`, {
      token: await token(who), body: { command, expectedVersion: version, requestId: crypto.randomUUID() },
    });
    expect(res.status).toBe(200);
  };
  await run('grid', {
    type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
    findings: '老伴肺癌化疗，自付3.2万元，人均纯收入5800元',
  });
  await run('village', {
    type: 'deliberate', heldOn: '2026-11-20', attendees: ['周一', '吴二', '郑三'], votesFor: 3, votesAgainst: 0, votesAbstain: 0,
    minutes: '同意纳入',
  });
  await run('village', { type: 'startNotice', startOn: '2026-11-20', endOn: '2026-11-25' });

  /** Taro H5 slides a new page in: wait until it has arrived (its cards at the page's 32-design-px margin) before reading it. */
  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 18, selector,
  );
  /** The whole page from its top (a tap scrolls the page to the field). */
  const shotFromTop = async (name: string) => {
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelectorAll('*').forEach((e) => { if (e.scrollTop > 0) e.scrollTop = 0; });
    });
    await shot(name);
  };

  // ── the neighbour: household page → 村内公示 → the notice → 提出异议, anonymously ───────────────────────────
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#dev-user-farmer-hx-2').click();
  await page.locator('#household-notices').click();
  const notice = page.locator(`#notice-${caseId}`);
  await notice.waitFor();
  await settled(`#notice-${caseId}`);
  const text = await notice.innerText();
  expect(text).toContain('防止返贫监测对象识别公示');
  expect(text).toContain(`拟将红星村一组${Array.from(head.name)[0]}*`);
  expect(text).toContain('主要原因：因病');
  expect(text).toContain('公示截止：2026年11月25日');
  expect(text).toContain('还有5天可以提出异议');
  expect(text).not.toContain(head.name);
  for (const hidden of ['肺癌', '化疗', '医院', '5800', '3.2万']) expect(text).not.toContain(hidden);
  await expect(page.locator('#notices-village').innerText()).resolves.toContain('红星村');
  await shot('61-neighbour-notices');

  await page.locator(`#object-${caseId}`).click();
  await page.locator('#objection-submit').click();
  await expect(page.locator('#error-content').innerText()).resolves.toContain('请写下您的异议');
  await page.locator('#objection-content textarea').fill('该户儿子在县城开店，家里还有一辆小货车。');
  await page.locator('#objection-anonymous').click();
  await expect(page.locator(`#objection-form-${caseId}`).innerText()).resolves.toContain('谁也看不到是您提的');
  await shotFromTop('62-neighbour-objection-form');
  await page.locator('#objection-submit').click();
  await page.locator('#objection-done').waitFor();
  await expect(page.locator('#objection-done').innerText()).resolves.toContain('村里看不到是谁提的');
  await shotFromTop('63-neighbour-objected');
  const events = await app.deps.db.query<{ actor_id: string | null; data: unknown }>(
    `select actor_id, data from case_events where case_id = $1 and type = 'objection_raised'`, [caseId],
  );
  expect(events).toHaveLength(1);
  expect(events[0].actor_id).toBeNull();
  expect(JSON.stringify(events[0].data)).not.toContain(neighbour.id);

  // ── the household: its own case page, from the open case on the household page ─────────────────────────────
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#household-logout').click();
  await page.locator('#dev-user-farmer').click();
  await page.locator('#household-case', { hasText: '村内公示中' }).waitFor();
  await shot('60-farmer-household-case-and-notices');
  await page.locator('#household-case-detail').click();
  await page.locator('#case-now').waitFor();
  await settled('#case-now');
  await expect(page.locator('#case-now').innerText()).resolves.toContain('村内公示中');
  const next = await page.locator('#case-next').innerText();
  expect(next).toContain('村两委');
  expect(next).toContain('2026年11月25日');
  await expect(page.locator('#case-steps').innerText()).resolves.toMatch(/村里公示\s*正在办/);
  await expect(page.locator('#case-notice').innerText()).resolves.toContain('公示期：2026年11月20日至2026年11月25日');
  await expect(page.locator('#case-timeline').innerText()).resolves.toContain('公示期 2026年11月20日 至 2026年11月25日');
  const history = await page.locator('#case-timeline').innerText();
  expect(history).toContain('公示期间有群众提出异议，村里会核实');
  for (const hidden of ['小货车', '县城开店', '周一']) expect(history).not.toContain(hidden);
  await shot('64-farmer-own-case');

  expect(phone.errors).toEqual([]);
}, 120_000);
