import { useJourney } from '../support/browser';

/**
 * The first slice as its users live it, in real Chromium against the real gateway and database:
 * the farmer scans the household code, declares a risk with one tap, and the grid member of that group finds the
 * new 入户核实 task with its due date. Screenshots go to tests/.artifacts/screenshots.
 */
const journey = useJourney();

test('farmer declares from the household page; the grid member sees the task', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const [h] = await app.deps.db.query<{ id: string; code: string; number: string }>(
    `select h.id, h.code, h.number from households h join users u on u.household_id = h.id where u.username = 'farmer'`,
  );
  const clueCount = async () =>
    (await app.deps.db.query<{ n: number }>('select count(*)::int as n from clues where household_id = $1', [h.id]))[0].n;

  // scanning the code opens the app with ?code=; not yet logged in → the login page, then back to the household
  await page.goto(`${app.baseUrl}/?code=${h.code}`);
  await page.locator('#dev-user-farmer').waitFor();
  await shot('01-farmer-login');
  await page.locator('#dev-user-farmer').click();
  await page.locator('#declare-button').waitFor();
  await expect(page.locator('#household-number').innerText()).resolves.toContain(h.number);
  const pageText = await page.locator('body').innerText();
  expect(pageText).toMatch(/\d{4}\*{10}[\dX]{4}/); // masked ID numbers are shown …
  expect(pageText).not.toMatch(/\d{17}[\dX]/); // … and never a whole one
  await shot('02-farmer-household');

  // an empty form is refused beside the fields, in Chinese, and nothing is sent
  await page.locator('#declare-button').click();
  await page.locator('#submit-declaration').click();
  await expect(page.locator('#error-riskTypes').innerText()).resolves.toContain('请至少选择一种风险类型');
  await expect(page.locator('#error-consent').innerText()).resolves.toContain('授权承诺');
  expect(await clueCount()).toBe(0);
  await shot('03-farmer-declare-errors');

  await page.locator('#risk-illness').click();
  await page.locator('#risk-disaster').click();
  await page.locator('#description textarea').fill('今年8月老伴住院做手术，自费花了3万多元，家里没有其他收入。');
  await page.locator('#consent-checkbox').click();
  await shot('04-farmer-declare-filled');
  await page.locator('#submit-declaration').click();
  await page.locator('#declare-success').waitFor();
  await expect(page.locator('#success-title').innerText()).resolves.toContain('申报成功');
  await expect(page.locator('#declare-success .status-card__label').innerText()).resolves.toContain('待入户核实');
  await expect(page.locator('#declare-success .status-card__deadline').innerText()).resolves.toContain('2026年12月5日');
  await shot('05-farmer-declared');
  expect(await clueCount()).toBe(1);
  const [stored] = await app.deps.db.query<{ risk_types: string[]; consent_at: Date | null }>(
    'select risk_types, consent_at from clues where household_id = $1', [h.id],
  );
  expect(stored.risk_types).toEqual(['illness', 'disaster']);
  expect(stored.consent_at).not.toBeNull();

  await page.locator('#back-to-household').click();
  // the page reloads when shown again: wait for the new status rather than read the old one
  await page.locator('#household-case', { hasText: '待入户核实' }).waitFor({ timeout: 5000 });
  await shot('06-farmer-status');

  // the grid member of that group logs in and finds the task, due on the clue date + 15 days
  await page.locator('#household-logout').click();
  await page.locator('#dev-user-grid').click();
  const card = page.locator('.task-card', { hasText: h.number });
  await card.waitFor();
  const cardText = await card.innerText();
  expect(cardText).toContain('入户核实');
  expect(cardText).toContain('剩余15天');
  await shot('07-grid-tasks');
  await card.click();
  await page.locator('#case-deadline').waitFor();
  await expect(page.locator('#case-deadline').innerText()).resolves.toContain('2026年12月5日');
  // the case page has slid in and the task list out (Taro H5 animates the navigation)
  await page.waitForFunction(() => (document.querySelector('#case-status')?.getBoundingClientRect().left ?? 999) < 40
    && document.getAnimations().every((a) => a.playState !== 'running'));
  const detail = await page.locator('body').innerText();
  expect(detail).toContain('老伴住院做手术');
  expect(detail).not.toMatch(/\d{17}[\dX]/);
  await shot('08-grid-task-detail');

  expect(phone.errors).toEqual([]);
}, 120_000);
