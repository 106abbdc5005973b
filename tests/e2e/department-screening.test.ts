import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskIdNumber } from '@shared/domain/id-number';
import { SAMPLE_VERIFICATION } from '../support/fixtures';
import { newIdNumber } from '../support/import-files';
import { useJourney, signInAs as signIn } from '../support/browser';

/**
 * 部门筛查预警 on screen: the 医保局 account uploads its monthly file with one large bill of a demo household's member,
 * a person missing from the registry and a row with a date nobody can read; the summary says so. The household's
 * grid member finds the 入户核实 task with the rule's explanation; once verified, the 医保局 sees it in 核实反馈.
 */
const journey = useJourney();

test('a 医保 file with one large bill becomes a 入户核实 task, and its outcome flows back to the department', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const db = app.deps.db;

  // a household of the demo grid member's group with no case yet, and its head's real (synthetic) ID number
  const [h] = await db.query<{ id: string; number: string; name: string; id_cipher: string }>(
    `select h.id, h.number, m.name, m.id_cipher from households h
       join members m on m.household_id = h.id and m.relation = 'head' and m.removed_at is null
      where h.area_id = 'qh-al-hx-1' and not exists (select 1 from cases c where c.household_id = h.id)
      order by h.number limit 1`,
  );
  const idNumber = app.deps.protector.decrypt(h.id_cipher);
  const stranger = newIdNumber(52, 'female');
  const csv = [
    '身份证号,姓名,结算日期,医疗机构,医疗总费用,医保报销金额,个人自付金额',
    `${idNumber},${h.name},2026-11-10,清河县人民医院,86000.00,48000.00,38000.00`,
    `${stranger},赵秀英,2026-10-28,清河县中医院,5200.00,3900.00,1300.00`,
    `${newIdNumber(47)},钱广平,11/05/2026,清河县人民医院,9000.00,6000.00,3000.00`,
  ].join('\r\n');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ff-dept-')), '医保局2026年11月个人自付.csv');
  fs.writeFileSync(file, `\ufeff${csv}\r\n`);

  // Taro H5 slides a new page in from the right: wait until it is in place before a screenshot
  const settled = (selector: string) => page.waitForFunction(
    (sel) => (document.querySelector(sel)?.getBoundingClientRect().left ?? 999) < 40, selector,
  );
  const signInAs = (username: string) => signIn(page, app.baseUrl, username);

  // ── 医保局: from its measures to 数据比对; its one kind is already chosen ──────────────────────────────
  await signInAs('dept-medical');
  await page.locator('#dept-screening').click();
  await page.locator('#screening-kind-medical.screening__kind--on').waitFor();
  await expect(page.locator('.screening__kind').count()).resolves.toBe(1);
  await expect(page.locator('#screening-columns').innerText()).resolves.toContain('个人自付金额');
  // the template comes as .xlsx from the server
  const template = page.waitForEvent('download');
  await page.locator('#screening-template').click();
  expect((await template).suggestedFilename()).toMatch(/\.xlsx$/);

  const chooser = page.waitForEvent('filechooser');
  await page.locator('#screening-choose').click();
  await (await chooser).setFiles(file);
  await page.locator('#screening-summary').waitFor({ timeout: 30_000 });
  await expect(page.locator('#screening-read').innerText()).resolves.toContain('3 行');
  await expect(page.locator('#screening-matched').innerText()).resolves.toContain('1 行');
  await expect(page.locator('#screening-clues').innerText()).resolves.toContain('新增 1 条');
  const errors = await page.locator('#screening-errors').innerText();
  expect(errors).toContain('结算日期');
  expect(errors).toContain('日期格式无法识别');
  const unmatched = await page.locator('#screening-unmatched').innerText();
  expect(unmatched).toContain('赵秀英');
  expect(unmatched).toContain(maskIdNumber(stranger));
  expect(unmatched).not.toContain(stranger);
  await settled('#screening-summary');
  await shot('80-screening-summary');
  // from the summary to this import's clues in 核实反馈; then every import's
  await page.locator('#screening-to-feedback').click();
  await expect(page.locator('#feedback-job').innerText()).resolves.toContain(path.basename(file));
  await page.locator('.screening-alert', { hasText: '医疗费用个人自付过高' }).waitFor();
  await expect(page.locator('#feedback-total').innerText()).resolves.toBe('共 1 条');
  await expect(page.locator('#feedback-from').innerText()).resolves.toBe('不限');
  await settled('#feedback-job');
  await shot('83-feedback-this-import');
  await page.locator('#feedback-job-clear').click();
  await expect(page.locator('#feedback-job').count()).resolves.toBe(0);
  await page.locator('.screening-alert').first().waitFor();

  const [clue] = await db.query<{ channel: string; department: string; found_on: string; case_id: string; description: string }>(
    'select channel, department, found_on, case_id, description from clues where household_id = $1', [h.id],
  );
  expect([clue.channel, clue.department, clue.found_on]).toEqual(['department_alert', '医保局', '2026-11-20']);

  // ── the group's grid member: the 入户核实 task, the case with the clue and the rule's explanation ─────────
  await signInAs('grid');
  const task = page.locator('.task-card', { hasText: h.number }).filter({ hasText: '入户核实' });
  await task.waitFor();
  await expect(task.innerText()).resolves.toContain('部门');
  await task.click();
  await page.locator('#case-status-label', { hasText: '待入户核实' }).waitFor();
  const clues = page.locator('#case-clues');
  await expect(clues.innerText()).resolves.toContain('医疗费用个人自付过高');
  await expect(clues.innerText()).resolves.toContain('请入户核实');
  await settled('#case-clues');
  await shot('81-grid-task-from-department');

  // ── verified (over the API), the outcome shows in the 医保局's 核实反馈 ──────────────────────────────────
  const grid = await app.login('grid');
  const detail = await app.request('GET', `/api/cases/${clue.case_id}`, { token: grid.token });
  const verified = await app.request('POST', `/api/cases/${clue.case_id}/commands`, {
    token: grid.token,
    body: {
      command: {
        type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
        findings: '户主住院手术，医保报销后自付3.8万元，家庭人均纯收入明显下降',
      },
      expectedVersion: detail.body.case.version,
      requestId: crypto.randomUUID(),
    },
  });
  expect([verified.status, verified.body.error?.code]).toEqual([200, undefined]);

  await signInAs('dept-medical');
  await page.locator('#dept-screening').click();
  await page.locator('#screening-tab-feedback').click();
  const alert = page.locator('.screening-alert', { hasText: '医疗费用个人自付过高' });
  await alert.waitFor();
  const text = await alert.innerText();
  expect(text).toContain('核实中');
  expect(text).toContain('2026年11月20日');
  expect(text).not.toContain(idNumber);
  expect(text).not.toContain(h.name);
  const exported = page.waitForEvent('download');
  await page.locator('#feedback-export').click();
  expect((await exported).suggestedFilename()).toMatch(/\.xlsx$/);
  await settled('.screening-alert');
  await shot('82-department-feedback');
  expect(phone.errors).toEqual([]);
}, 120_000);

test('the county office reaches 部门数据比对 from its import page: every kind, and the county\'s 反馈', async () => {
  const { app, phone } = journey;
  const { page } = phone;
  await page.goto(`${app.baseUrl}/`);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${app.baseUrl}/`);
  await page.locator('#dev-user-county').click();
  await page.locator('#import-screening').click();
  await page.locator('#screening-kind-housing').waitFor();
  await expect(page.locator('.screening__kind').count()).resolves.toBe(8);
  // nothing chosen yet: no upload until the kind is picked
  await expect(page.locator('#screening-choose').count()).resolves.toBe(0);
  await page.locator('#screening-kind-housing').click();
  await expect(page.locator('#screening-columns').innerText()).resolves.toContain('鉴定等级');
  await page.locator('#screening-choose').waitFor();
  await page.locator('#screening-tab-feedback').click();
  await page.locator('.screening-alert', { hasText: '医疗费用个人自付过高' }).waitFor();
  await expect(page.locator('#feedback-total').innerText()).resolves.toBe('共 1 条');
  expect(phone.errors).toEqual([]);
});
