import { useJourney } from '../support/browser';

/**
 * 一户一码 in use: a farmer who has never used the app scans the door plate and binds their WeChat (one wrong try
 * first); the grid member scans the same plate and records a visit; the village cadre finds the household by
 * 户编号 and views a whole ID number, which is audited.
 */
const journey = useJourney();

test('bind by scanning, then a cadre scans, records a visit; the village cadre searches and reveals an ID', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const [h] = await app.deps.db.query<{ id: string; code: string; number: string; head: string; last4: string }>(
    `select h.id, h.code, h.number,
            (select name from members where household_id = h.id and relation = 'head') as head,
            (select right(id_masked, 4) from members where household_id = h.id and relation = 'head') as last4
       from households h where h.area_id = 'qh-al-hx-1' order by h.number desc limit 1`,
  );

  // the farmer scans the door plate for the first time
  await page.goto(`${app.baseUrl}/?code=${h.code}`);
  await page.locator('#dev-user-farmer-new').click();
  await page.locator('#bind-form').waitFor();
  await page.locator('#bind-head-name input').fill(h.head);
  await page.locator('#bind-id-last4 input').fill(h.last4 === '0000' ? '1111' : '0000');
  await page.locator('#bind-submit').click();
  await page.locator('#bind-error', { hasText: '还可以再试4次' }).waitFor();
  await shot('11-farmer-bind-error');
  await page.locator('#bind-id-last4 input').fill(h.last4);
  await page.locator('#bind-submit').click();
  await page.locator('#household-bound').waitFor();
  await expect(page.locator('#household-number').innerText()).resolves.toContain(h.number);
  await shot('12-farmer-bound');
  const [bound] = await app.deps.db.query<{ household_id: string }>(`select household_id from users where username = 'farmer-new'`);
  expect(bound.household_id).toBe(h.id);

  // the grid member scans the same plate: the household with its history, and a visit recorded
  await page.locator('#household-logout').click();
  await page.goto(`${app.baseUrl}/?code=${h.code}`);
  await page.locator('#dev-user-grid').click();
  await page.locator('#staff-household #sh-number', { hasText: h.number }).waitFor();
  await page.locator('#sh-record-visit').click();
  await page.locator('#visit-findings textarea').fill('户主已出院，在家休养，暂无收入来源');
  await page.locator('#visit-submit').click();
  await page.locator('#sh-visit-list', { hasText: '户主已出院' }).waitFor();
  await shot('13-grid-household-visit');
  const visits = await app.deps.db.query<{ findings: string }>('select findings from visits where household_id = $1', [h.id]);
  expect(visits.map((v) => v.findings)).toEqual(['户主已出院，在家休养，暂无收入来源']);
  expect(await page.locator('[id^="reveal-"]').count()).toBe(0); // a grid member cannot see whole ID numbers

  // the village cadre searches by 户编号 and views a whole ID number: shown once, recorded in the audit log
  await page.goto(`${app.baseUrl}/`); // the grid member's task list
  await page.locator('#tasks-logout').click();
  await page.locator('#dev-user-village').click();
  await page.locator('#search-input input').fill(h.number);
  await page.locator('#search-button').click();
  await page.locator(`#search-result-${h.id}`).click();
  await page.locator('#staff-household #sh-number', { hasText: h.number }).waitFor();
  const [head] = await app.deps.db.query<{ id: string }>(`select id from members where household_id = $1 and relation = 'head'`, [h.id]);
  // after page transitions the page is still phone-width (a sliding page once widened it and broke taps)
  expect(await page.evaluate(() => window.innerWidth)).toBe(390);
  await page.locator(`#reveal-${head.id}`).click();
  const shown = await page.locator(`#reveal-id-${head.id}`).innerText();
  expect(shown).toMatch(/\d{17}[\dX]/);
  expect(shown).toContain(h.last4);
  await shot('14-village-revealed');
  const audit = await app.deps.db.query<{ action: string; actor_role: string }>(
    `select action, actor_role from audit_log where household_id = $1 order by id`, [h.id],
  );
  expect(audit).toEqual([
    { action: 'household.bind', actor_role: 'farmer' },
    { action: 'pii.view', actor_role: 'village_cadre' },
  ]);
  expect(phone.errors).toEqual([]);
}, 120_000);
