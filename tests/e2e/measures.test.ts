import { seedDemoCases } from '../../functions/src/seed/demo-cases';
import { useJourney, signInAs as signIn } from '../support/browser';

/**
 * 帮扶计划 and 开单 on the phone: the village cadre makes the plan from the catalogue's suggestions; the 医保局 user
 * lands on the measures ordered to the department, closes one with evidence and finds it under 已办结; the case's
 * timeline shows it done. A staff member reports a risk clue from a household's page.
 */
const journey = useJourney();

test('the village makes the plan; the department closes its measure with evidence', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  await seedDemoCases(app.deps, app.clock.now());
  const [due] = await app.deps.db.query<{ id: string; number: string }>(
    `select c.id, h.number from cases c join households h on h.id = c.household_id where c.status = 'plan_due'`,
  );
  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 40, selector,
  );
  const signInAs = (username: string) => signIn(page, app.baseUrl, username);

  // ── 村两委: the plan form comes filled with the catalogue's suggestions ──────────────────────────────
  await signInAs('village');
  await page.locator('#search-tasks').click();
  await page.locator('.task-card', { hasText: due.number }).filter({ hasText: '制定帮扶计划' }).click();
  await page.locator('#action-makePlan').click();
  await page.locator('#plan-form').waitFor();
  await settled('#plan-form');
  const items = page.locator('.plan-item');
  expect(await items.count()).toBeGreaterThan(1);
  // the demo case is 因病: a 医保局 measure is among the suggestions
  await expect(page.locator('#plan-form').innerText()).resolves.toContain('医保局');
  // one measure removed, an incomplete one added: it is checked before anything is sent
  const before = await items.count();
  await page.locator('#plan-m-0-remove').click();
  await page.locator('#plan-add').click();
  await expect(items.count()).resolves.toBe(before);
  await page.locator('#plan-form-submit').click();
  await page.locator(`#plan-m-${before - 1}-measure-error`).waitFor();
  await page.locator(`#plan-m-${before - 1}-remove`).click();
  await page.locator('#plan-form').evaluate((e) => e.scrollIntoView());
  await shot('51-village-plan-form');
  await page.locator('#plan-form-submit').click();
  await page.locator('#case-status-label', { hasText: '已制定帮扶计划' }).waitFor();
  await expect(page.locator('#case-measures .plan-measure').count()).resolves.toBe(before - 1);
  await page.locator('#case-measures').evaluate((e) => e.scrollIntoView());
  await shot('52-village-plan-made');
  const planned = await app.deps.db.query<{ measure: string; responsible_name: string }>(
    `select measure, responsible_name from plan_measures where case_id = $1 and status = 'open' order by position`, [due.id],
  );
  expect(planned).toHaveLength(before - 1);
  expect(planned.some((m) => m.responsible_name === '医保局')).toBe(true);

  // ── 医保局: lands on its measures, the overdue first; closes one with evidence ─────────────────────────
  await signInAs('dept-medical');
  await page.locator('#dept-tab-open', { hasText: '待办理' }).waitFor();
  await page.locator('.dept-measure').first().waitFor();
  await settled('.dept-measure');
  await page.locator('#dept-overdue').waitFor();
  const first = page.locator('.dept-measure').first();
  await expect(first.innerText()).resolves.toContain('已超期');
  await shot('53-department-measures');
  const measureId = await first.getAttribute('data-measure-id');
  const name = (await first.locator('.dept-measure__name').innerText()).trim();
  await page.locator(`#measure-${measureId}-complete`).click();
  await page.locator('#dept-complete-submit').click();
  await page.locator('#dept-evidence-error').waitFor();
  await page.locator('#dept-evidence textarea').fill('11月20日已审批，发放临时救助金1500元，单据号MZ2026-1120-007');
  await shot('54-department-complete-form');
  await page.locator('#dept-complete-submit').click();
  await page.locator('#dept-notice', { hasText: `已办结：${name}` }).waitFor();
  await expect(page.locator(`#measure-${measureId}`).count()).resolves.toBe(0);
  await page.locator('#dept-tab-done').click();
  await page.locator(`#measure-${measureId}`, { hasText: '单据号MZ2026-1120-007' }).waitFor();
  await shot('55-department-done');

  const [row] = await app.deps.db.query<{ status: string; evidence: string; events: number }>(
    `select pm.status, pm.evidence,
            (select count(*)::int from case_events e where e.case_id = pm.case_id and e.type = 'measure_completed') as events
       from plan_measures pm where pm.id = $1`, [measureId],
  );
  expect(row).toEqual({ status: 'done', evidence: '11月20日已审批，发放临时救助金1500元，单据号MZ2026-1120-007', events: 1 });
  expect(phone.errors).toEqual([]);
});

test('a grid member reports a risk clue from a household page; it opens a case', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const [h] = await app.deps.db.query<{ id: string; code: string }>(
    `select h.id, h.code from households h where h.area_id = 'qh-al-hx-1'
        and not exists (select 1 from cases c where c.household_id = h.id) order by h.number limit 1`,
  );
  await page.goto(`${app.baseUrl}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${app.baseUrl}/?code=${h.code}`);
  await page.locator('#dev-user-grid').click();
  await page.locator('#sh-report-clue').click();
  await page.locator('#clue-submit').click();
  await page.locator('#clue-risks-error').waitFor();
  await page.locator('#clue-risk-disaster').click();
  await page.locator('#clue-description textarea').fill('暴雨冲毁蔬菜大棚，损失约两万元，家中无其他收入');
  await shot('56-grid-clue-form');
  await page.locator('#clue-submit').click();
  await page.locator('#sh-notice', { hasText: '已立案' }).waitFor();
  await page.locator('#sh-clue-case').click();
  await page.locator('#case-status-label', { hasText: '待入户核实' }).waitFor();
  const [c] = await app.deps.db.query<{ channel: string; found_on: string }>(
    'select channel, found_on from clues where household_id = $1', [h.id],
  );
  expect(c).toEqual({ channel: 'grid_visit', found_on: '2026-11-20' });
  expect(phone.errors).toEqual([]);
});
