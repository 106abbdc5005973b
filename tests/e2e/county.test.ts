import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useJourney } from '../support/browser';
import { csvText, household, memberRow, table } from '../support/import-files';

/**
 * The county office at work: uploads the households file in the H5 app, sees the progress and the report of bad
 * rows, and prints a village's door plates.
 */
const journey = useJourney();

test('county admin imports a file with one bad row and prints door plates', async () => {
  const { app, phone } = journey;
  const { page, shot } = phone;
  const good = [...household('6105280101019001', '韩立新', [{}]), ...household('6105280101019002', '邵春花', [])];
  const bad = memberRow('6105280101019003', '马德福');
  bad.证件号码 = `${bad.证件号码!.slice(0, 17)}${bad.证件号码![17] === '0' ? '1' : '0'}`; // wrong check character
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ff-upload-')), '红星村一组.csv');
  fs.writeFileSync(file, `\ufeff${csvText(table([...good, bad]))}`);

  await page.goto(`${app.baseUrl}/`);
  await page.locator('#dev-user-county').click();
  const chooser = page.waitForEvent('filechooser');
  await page.locator('#import-choose').click();
  await (await chooser).setFiles(file);
  await page.locator('#import-summary').waitFor({ timeout: 30_000 });
  const report = await page.locator('#import-errors').innerText();
  expect(report).toContain('证件号码');
  expect(report).toMatch(/校验/);
  await shot('21-county-import-report');
  const rows = await app.deps.db.query<{ number: string }>(
    `select number from households where number like '610528010101900%' order by number`,
  );
  expect(rows.map((r) => r.number)).toEqual(['6105280101019001', '6105280101019002']);

  await page.locator('#import-codes').click();
  await page.locator('#print-qh-al-hx').click(); // 红星村's door plates
  await page.locator('#plates-ready').waitFor({ timeout: 30_000 });
  await shot('22-county-door-plates-ready');
  const [{ n }] = await app.deps.db.query<{ n: number }>(
    `select count(*)::int as n from audit_log where action = 'code.print_plates'`,
  );
  expect(n).toBe(1);
  expect(phone.errors).toEqual([]);
}, 120_000);
