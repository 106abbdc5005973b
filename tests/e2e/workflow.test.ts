import crypto from 'node:crypto';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { useJourney } from '../support/browser';

/**
 * 识别认定 as its people live it, in real Chromium against the real gateway and database, each signing in with the
 * demo login: the farmer declares; the grid member fills in the 入户核实 record (with a photo) and sees the eligibility
 * preview; the village cadre holds the 民主评议 and posts the 村内公示, registers an objection (after someone else
 * changed the case under the open form) and dismisses both objections; the clock runs past the notice; the village
 * ends it; the township approves; the county approves; the village makes the assistance plan the catalogue suggests.
 * Screenshots of each role's screen go to tests/.artifacts/screenshots (41–50).
 */
const journey = useJourney();

test('from a declaration through verification, deliberation, notice, township and county approval', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const [h] = await app.deps.db.query<{ id: string; code: string; number: string; category: string; head: string }>(
    `select h.id, h.code, h.number, h.category,
            (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head
       from households h join users u on u.household_id = h.id where u.username = 'farmer'`,
  );
  const headName = h.head;
  const caseRow = async () => (await app.deps.db.query<{ id: string; status: string; version: number }>(
    'select id, status, version from cases where household_id = $1', [h.id],
  ))[0];
  /** Taro H5 slides a new page in and the last one out: wait until both have stopped before reading or photographing. */
  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 40
      && document.getAnimations().every((a) => a.playState !== 'running'),
    selector,
  );
  /** Whoever is signed in signs out on their home page; then `username` signs in with the demo login. */
  const signInAs = async (username: string) => {
    await page.goto(`${app.baseUrl}/`);
    await page.locator('#tasks-logout, #search-logout, #household-logout, #import-logout').first().click();
    await page.locator(`#dev-user-${username}`).click();
  };
  /** From the task list (reached from the home page by `via`), the task of this household opens its case. */
  const openTask = async (kindLabel: string, via?: string) => {
    if (via) await page.locator(via).click();
    await page.locator('.task-card', { hasText: h.number }).filter({ hasText: kindLabel }).click();
    await page.locator('#case-page').waitFor();
    await settled('#case-status');
  };
  const statusIs = (label: string) => page.locator('#case-status-label', { hasText: label }).waitFor();
  const fill = (selector: string, value: string) => page.locator(selector).fill(value);
  /** Scrolls the page so that this element is at the top of the screenshot, just under the navigation bar. */
  const top = (selector: string) => page.locator(selector).evaluate((e) => {
    e.scrollIntoView({ block: 'start' });
    let scroller = e.parentElement;
    while (scroller && scroller.scrollTop === 0) scroller = scroller.parentElement;
    scroller?.scrollBy(0, -60);
  });

  // ── 农户: one-tap declaration, then the case explained on the household page ──────────────────────────────
  await page.goto(`${app.baseUrl}/?code=${h.code}`);
  await page.locator('#dev-user-farmer').click();
  await page.locator('#declare-button').click();
  await page.locator('#risk-illness').click();
  await fill('#description textarea', '老伴住院做手术，医保报销后自付3万多元，家里没有其他收入。');
  await page.locator('#consent-checkbox').click();
  await page.locator('#submit-declaration').click();
  await page.locator('#declare-success').waitFor();
  await page.locator('#back-to-household').click();
  await page.locator('#household-case', { hasText: '待入户核实' }).waitFor();
  await page.locator('#household-case-detail').click(); // the household's own case, in plain words
  await page.locator('#case-now', { hasText: '待入户核实' }).waitFor();
  await settled('#case-now');
  await shot('41-farmer-case-explained');
  const caseId = (await caseRow()).id;

  // ── 网格员: the task opens the case; the 入户核实 form is checked before anything is sent ──────────────────
  await signInAs('grid');
  await openTask('入户核实');
  await expect(page.locator('#case-deadline').innerText()).resolves.toContain('剩余15天');
  await page.locator('#action-verify').click();
  await expect(page.locator('#verify-size input').inputValue()).resolves.toMatch(/^\d+$/); // prefilled from the household
  await page.locator('#verify-form-submit').click();
  await page.locator('#verify-wages-error', { hasText: '请填写工资性收入' }).waitFor();
  await expect(page.locator('#verify-need-housing-error').innerText()).resolves.toContain('请选择是否有保障');
  await expect(page.locator('#verify-signed-error').innerText()).resolves.toContain('授权承诺书');
  await expect(page.locator('#verify-form-error').innerText()).resolves.toMatch(/有\d+项需要修改/);
  expect((await caseRow()).version).toBe(1);

  // the record: 3 people, (12000 + 4500 + 0 + 2400 − 1500) / 3 = 5800 a head, 32000 paid for the hospital
  for (const [field, value] of [['wages', '12000'], ['business', '4500'], ['property', '0'], ['transfers', '2400'],
    ['costs', '1500'], ['medical', '32000'], ['schooling', '0'], ['disaster', '0'], ['other', '0']]) {
    await fill(`#verify-${field} input`, value);
  }
  await fill('#verify-size input', '3');
  await expect(page.locator('#verify-preview-pending').count()).resolves.toBe(1); // not yet: the checks are missing
  for (const need of ['education', 'medical', 'housing', 'drinkingWater']) await page.locator(`#verify-need-${need}-yes`).click();
  await fill('#verify-need-medical-note input', '已参加城乡居民医保');
  const photo = qrPng('入户核实照片：住房', { width: 240 });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#verify-photos-add').click()]);
  await chooser.setFiles({ name: 'house.png', mimeType: 'image/png', buffer: photo });
  await page.locator('#verify-photos .photos__item', { hasText: '已上传' }).waitFor();
  await fill('#verify-findings textarea', '老伴8月住院手术，医保报销后自付3.2万元；户主在家务农，无外出务工收入。');
  await page.locator('#verify-signed').click();
  // the live preview, computed on the phone as the server will
  await expect(page.locator('#verify-preview-per-capita').innerText()).resolves.toBe('5800元');
  const suggestion = h.category === 'lifted' ? '脱贫不稳定户' : '边缘易致贫户';
  await expect(page.locator('#verify-preview-suggestion').innerText()).resolves.toContain(suggestion);
  await expect(page.locator('#verify-preview').innerText()).resolves.toContain('仅供参考，由评议和审核决定');
  await top('#verify-form');
  await shot('42-grid-verify-form');
  await page.locator('#verify-form-submit').click();
  await statusIs('待民主评议');
  await expect(page.locator('#case-done').innerText()).resolves.toContain('已办理：入户核实');
  await expect(page.locator('#case-evaluation-per-capita').innerText()).resolves.toBe('5800元');
  await page.locator('[id$="-photos"] .photos__image').first().waitFor(); // the stored photo, loaded back
  await expect(page.locator('#case-no-actions').innerText()).resolves.toContain('村两委');

  // ── 村两委: 民主评议, then the 村内公示 ───────────────────────────────────────────────────────────────────
  await signInAs('village');
  await openTask('民主评议', '#search-tasks');
  await page.locator('#action-deliberate').click();
  await expect(page.locator('#case-form-evaluation').innerText()).resolves.toContain('人均纯收入5800元'); // the facts beside the decision
  await fill('#deliberate-attendees textarea', '张三\n李四\n王五\n赵六\n钱七');
  await fill('#deliberate-for input', '4');
  await fill('#deliberate-against input', '1');
  await fill('#deliberate-abstain input', '0');
  await fill('#deliberate-minutes textarea', '村两委和村民代表评议：该户因病支出大、收入低于监测线，同意纳入监测对象。');
  await top('#case-status');
  await shot('43-village-deliberation');
  await page.locator('#deliberate-form-submit').click();
  await statusIs('待村内公示');

  await page.locator('#action-startNotice').click();
  await expect(page.locator('#notice-start').getAttribute('data-value')).resolves.toBe('2026-11-20');
  await expect(page.locator('#notice-end').getAttribute('data-value')).resolves.toBe('2026-11-25'); // 5 days on
  const noticeText = await page.locator('#notice-text').innerText();
  expect(noticeText).toContain('公示期：2026年11月20日至2026年11月25日');
  expect(noticeText).not.toMatch(/\d{6}/); // no ID, phone or amounts on the board
  await top('#notice-form');
  await shot('44-village-notice');
  await page.locator('#notice-form-submit').click();
  await statusIs('村内公示中');
  const posted = await page.locator('#case-notice-text').innerText(); // the text as posted, on the case
  expect(posted).toContain('公示期：2026年11月20日至2026年11月25日');
  expect(posted).not.toContain(headName);

  // an objection received on paper; while the form is open the township registers another one: the version
  // conflict reloads the case and keeps what was typed, and the second try goes through
  await page.locator('#action-object').click();
  await fill('#object-content textarea', '有村民反映该户子女在县城有房有车。');
  const township = await app.login('township');
  const version = (await caseRow()).version;
  const other = await app.request('POST', `/api/cases/${caseId}/commands`, {
    token: township.token,
    body: {
      command: { type: 'object', objectionId: crypto.randomUUID(), raisedOn: '2026-11-20', content: '镇里接到电话反映该户有经营性收入。' },
      expectedVersion: version, requestId: `e2e-${Date.now()}`,
    },
  });
  expect(other.status).toBe(200);
  await page.locator('#object-form-submit').click();
  await page.locator('#object-form-error', { hasText: '刚被其他人办理过' }).waitFor();
  await expect(page.locator('#object-content textarea').inputValue()).resolves.toBe('有村民反映该户子女在县城有房有车。');
  await page.locator('#case-objections', { hasText: '有经营性收入' }).waitFor();
  await top('#object-form');
  await shot('45-village-conflict');
  await page.locator('#object-form-submit').click();
  await page.locator('#case-done', { hasText: '登记公示异议' }).waitFor();
  await expect(page.locator('#case-objections .case__objection').count()).resolves.toBe(2);

  // both objections are checked and dismissed
  for (const findings of ['经核实，子女已分户，车辆为营运车辆，异议不成立。', '经核实，经营性收入已计入，异议不成立。']) {
    await page.locator('#action-resolveObjection').click();
    await page.locator('#resolve-objections .option-row').first().click();
    await page.locator('#resolve-outcome-dismissed').click();
    await fill('#resolve-findings textarea', findings);
    await page.locator('#resolve-form-submit').click();
    await page.locator('#case-done', { hasText: '异议核实结果' }).waitFor();
    await page.locator('#action-endNotice').waitFor(); // the form closed, the actions are back
  }
  await page.locator('#case-objections-none').waitFor();

  // ── five days later the notice has run its course; the village sends the case to the township ────────────
  app.clock.advanceDays(5);
  await page.clock.setSystemTime(app.clock.now());
  await page.reload();
  await page.locator('#case-page').waitFor();
  await page.locator('#action-endNotice').click();
  await expect(page.locator('#end-notice-early').count()).resolves.toBe(0);
  await page.locator('#end-notice-form-submit').click();
  await statusIs('待乡镇审核');

  // ── 乡镇 ────────────────────────────────────────────────────────────────────────────────────────────
  await signInAs('township');
  await openTask('乡镇审核', '#search-tasks');
  await page.locator('#action-approveAtTownship').click();
  await fill('#township-opinion textarea', '入户核实、民主评议、公示程序完整，异议已核实，同意上报县级审定。');
  await top('#case-status');
  await shot('46-township-review');
  await page.locator('#township-form-submit').click();
  await statusIs('待县级审定');

  // ── 县乡村振兴局: category and risk types come preselected from the evaluation and the clue ───────────────
  await signInAs('county');
  await openTask('县级审定', '#import-tasks');
  await page.locator('#action-approveAtCounty').click();
  const category = h.category === 'lifted' ? 'unstable_lifted' : 'marginal';
  await expect(page.locator(`#county-category-${category}`).getAttribute('class')).resolves.toContain('choice__chip--selected');
  await expect(page.locator('#county-risk-illness').getAttribute('class')).resolves.toContain('choice__chip--selected');
  await fill('#county-opinion textarea', '经审定，同意纳入防止返贫监测对象。');
  await top('#case-status');
  await shot('47-county-approval');
  await page.locator('#county-form-submit').click();
  await statusIs('监测中（待制定帮扶计划）');
  await expect(page.locator('#case-monitored').innerText()).resolves.toContain(suggestion);
  await expect(page.locator('#case-tasks').innerText()).resolves.toContain('制定帮扶计划');

  // ── 村两委: the assistance plan, prefilled from the measure catalogue ────────────────────────────────────
  await signInAs('village');
  await openTask('制定帮扶计划', '#search-tasks');
  await page.locator('#action-makePlan').click();
  await page.locator('#plan-form .plan-item').first().waitFor();
  await top('#plan-form');
  await shot('48-village-plan-form');
  await page.locator('#plan-form-submit').click();
  await statusIs('已制定帮扶计划');
  await page.locator('#case-measures .plan-measure').first().waitFor();
  await top('#case-timeline');
  await shot('49-village-case-timeline');

  // ── the farmer reads where the case stands ───────────────────────────────────────────────────────────
  await signInAs('farmer');
  await page.locator('#household-case', { hasText: '监测中（已制定帮扶计划）' }).waitFor();
  await page.locator('#household-case-detail').click();
  await page.locator('#case-now', { hasText: '已制定帮扶计划' }).waitFor();
  await settled('#case-now');
  const farmerView = await page.locator('body').innerText();
  expect(farmerView).not.toContain('子女在县城有房有车'); // what others said stays with the staff
  expect(farmerView).not.toMatch(/\d{17}[\dX]/);
  await shot('50-farmer-monitored');

  // the database: the case where the journey left it, every step once, in order, each version one after the last
  const c = await caseRow();
  expect(c.status).toBe('plan_made');
  const events = await app.deps.db.query<{ type: string; actor_role: string | null; before: number | null; after: number | null }>(
    `select type, actor_role, (data->'before'->>'version')::int as before, (data->'after'->>'version')::int as after
       from case_events where case_id = $1 order by id`, [caseId],
  );
  expect(events.map((e) => [e.type, e.actor_role])).toEqual([
    ['case_opened', 'farmer'], ['clue_added', 'farmer'], ['verified', 'grid_member'], ['deliberated', 'village_cadre'],
    ['notice_started', 'village_cadre'], ['objection_raised', 'township_reviewer'], ['objection_raised', 'village_cadre'],
    ['objection_resolved', 'village_cadre'], ['objection_resolved', 'village_cadre'], ['notice_ended', 'village_cadre'],
    ['township_approved', 'township_reviewer'], ['county_approved', 'county_admin'], ['plan_made', 'village_cadre'],
  ]);
  const versioned = events.filter((e) => e.after !== null);
  versioned.forEach((e, i) => {
    expect(e.after).toBe((e.before ?? 0) + 1);
    if (i > 0) expect(e.before).toBe(versioned[i - 1].after);
  });
  expect(c.version).toBe(versioned.at(-1)!.after);
  const [verified] = await app.deps.db.query<{ data: any }>(
    `select data from case_events where case_id = $1 and type = 'verified'`, [caseId],
  );
  expect(verified.data.command.verification).toMatchObject({ householdSize: 3, productionCostsYuan: 1500 });
  expect(verified.data.command.verification.photoIds).toHaveLength(1);
  const [approved] = await app.deps.db.query<{ data: any }>(
    `select data from case_events where case_id = $1 and type = 'county_approved'`, [caseId],
  );
  expect(approved.data.command).toMatchObject({ category, identifiedOn: '2026-11-25' });
  expect(approved.data.command.riskTypes).toContain('illness');
  expect(phone.errors).toEqual([]);
}, 180_000);
