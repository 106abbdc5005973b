import { useJourney } from '../support/browser';

/**
 * 每月走访计划 on the phone: the grid member opens the month's plan from the task list, sees the 八必访 households first,
 * opens one not yet visited, records the visit, and comes back to find it marked visited; last month is a tap away.
 */
const journey = useJourney();

test('the grid member works through the month\'s visit plan', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;

  await page.goto(`${app.baseUrl}/`);
  await page.locator('#dev-user-grid').click();
  await page.locator('#open-visit-plan').click();
  await page.locator('#plan-month', { hasText: '2026年11月' }).waitFor();
  await page.locator('#plan-summary').waitFor();
  // the page has slid in (Taro H5 animates the navigation)
  await page.waitForFunction(() => (document.querySelector('#plan-summary')?.getBoundingClientRect().left ?? 999) < 40);
  const summary = await page.locator('#plan-summary').innerText();
  expect(summary.replace(/\s+/g, '')).toMatch(/应走访\d+户已走访0户八必访\d+户/);
  await shot('31-grid-visit-plan');

  // the first card is a 八必访 household not yet visited this month (the server's order)
  const first = page.locator('.plan-card').first();
  await expect(first.getAttribute('class')).resolves.toContain('plan-card--flagged');
  await expect(first.innerText()).resolves.toContain('本月未走访');
  const householdId = await first.getAttribute('data-household-id');

  // record the visit on the household's page, then back to the plan
  await first.click();
  await page.locator('#sh-record-visit').click();
  await page.locator('#visit-findings textarea').fill('入户走访：家中老人慢性病稳定，收入无变化');
  await page.locator('#visit-submit').click();
  await page.locator('#sh-visit-list', { hasText: '慢性病稳定' }).waitFor();
  await page.goBack();
  await page.locator(`#plan-${householdId}`, { hasText: '本月已走访' }).waitFor();
  await expect(page.locator(`#plan-${householdId}`).innerText()).resolves.toContain('2026年11月20日');
  await page.locator('#plan-filter-unvisited').click();
  await expect(page.locator(`#plan-${householdId}`).count()).resolves.toBe(0);
  await shot('32-grid-visit-plan-unvisited');

  await page.locator('#plan-prev').click();
  await page.locator('#plan-month', { hasText: '2026年10月' }).waitFor();
  expect(phone.errors).toEqual([]);
});
