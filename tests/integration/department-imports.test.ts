import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { DEPARTMENT_DATA_KINDS, departmentTemplate } from '@shared/domain/department-data';
import { startApp, type TestApp } from '../support/app';
import { csvText, newIdNumber, xlsxBuffer } from '../support/import-files';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * 部门筛查预警 over real HTTP: department files (built here, synthetic people) matched against the demo registry by
 * the ID's keyed hash, the rules' clues on the households' cases, repeats, bad rows, unmatched rows, scope, and the
 * feedback list with the verification outcome.
 */
let app: TestApp;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  app = await startApp();
  for (const u of ['county', 'dept-medical', 'grid']) tokens[u] = (await app.login(u)).token;
});
afterAll(() => app.close());

const MEDICAL_HEADER = departmentTemplate('medical')[0];

/** A medical row by header: 身份证号 姓名 结算日期 医疗机构 医疗总费用 医保报销金额 个人自付金额. */
function medicalRow(p: { idNumber: string; name: string }, over: Partial<Record<'on' | 'hospital' | 'amount', string>> = {}): string[] {
  const amount = over.amount ?? '32000.00';
  return [p.idNumber, p.name, over.on ?? '2026-11-02', over.hospital ?? '清河县人民医院', '', '', amount];
}

async function upload(kind: string, fileName: string, content: Buffer | string, token = tokens['dept-medical']) {
  const jobId = crypto.randomUUID();
  const res = await app.request('POST', '/api/department-imports', {
    token, body: { jobId, kind, fileName, contentBase64: Buffer.from(content).toString('base64') },
  });
  return { ...res, jobId };
}

/** A present member of a household in `areaId` with no open case (the first by household number), ID decrypted. */
async function personWithoutCase(areaId: string, skip = 0) {
  const [m] = await app.deps.db.query<{ id: string; name: string; id_cipher: string; id_masked: string; household_id: string }>(
    `select m.id, m.name, m.id_cipher, m.id_masked, m.household_id
       from members m join households h on h.id = m.household_id
      where h.area_id = $1 and m.removed_at is null and m.relation = 'head'
        and not exists (select 1 from cases c where c.household_id = h.id)
      order by h.number offset $2 limit 1`,
    [areaId, skip],
  );
  return { ...m, idNumber: app.deps.protector.decrypt(m.id_cipher) };
}

async function cluesOf(householdId: string) {
  return app.deps.db.query<{ id: string; case_id: string; channel: string; department: string; description: string; found_on: string; risk_types: string[] }>(
    `select id, case_id, channel, department, description, found_on, risk_types from clues where household_id = $1 order by created_at`,
    [householdId],
  );
}

async function clueCount(): Promise<number> {
  const [r] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from clues');
  return r.n;
}

const hitsOf = (job: { hitsByRule: { ruleId: string; hits: number }[] }) =>
  Object.fromEntries(job.hitsByRule.filter((r) => r.hits > 0).map((r) => [r.ruleId, r.hits]));

describe('a 医保 file with one large bill for a demo household', () => {
  let person: Awaited<ReturnType<typeof personWithoutCase>>;
  let file: Buffer;
  let caseId: string;

  test('raises a department-alert clue on the household, opening its case with the 入户核实 task', async () => {
    person = await personWithoutCase('qh-al-lw-1');
    file = await xlsxBuffer([MEDICAL_HEADER, medicalRow(person)]);
    const res = await upload('medical', '医保局2026年10月个人自付.xlsx', file);
    expect(res.status).toBe(201);
    const { job } = res.body;
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({
      id: res.jobId, kind: 'medical', department: '医保局', status: 'done', phase: 'done', percent: 100, rowsRead: 1,
      rowsMatched: 1, rowsUnmatched: 0, rowsRepeated: 0, rowsRejected: 0, cluesCreated: 1, cluesJoined: 0,
      errorsTotal: 0, unmatchedTotal: 0,
    });
    expect(Object.values(hitsOf(job))).toEqual([1]);
    expect(job.message).toContain('生成风险线索 1 条');

    const clues = await cluesOf(person.household_id);
    expect(clues).toHaveLength(1);
    expect(clues[0]).toMatchObject({ channel: 'department_alert', department: '医保局', found_on: '2026-11-20' });
    expect(clues[0].risk_types).toContain('illness');
    const rule = job.hitsByRule.find((r: { hits: number }) => r.hits === 1);
    expect(clues[0].description).toContain(rule.label);
    expect(clues[0].description).toContain('累计 3.2 万元，超过 1 万元的预警线');
    caseId = clues[0].case_id;
    // no plain ID number anywhere in what the import stored
    const stored = await app.deps.db.query<{ t: string }>(
      `select row_to_json(x)::text as t from (
         select * from department_records where household_id = $1) x
       union all select row_to_json(a)::text from department_alerts a where a.household_id = $1
       union all select row_to_json(j)::text from department_imports j where j.id = $2`,
      [person.household_id, res.jobId],
    );
    expect(stored.length).toBeGreaterThanOrEqual(3);
    for (const s of stored) expect(s.t).not.toContain(person.idNumber);
  });

  test("appears as a 入户核实 task for the group's grid member, whose clue carries the rule's explanation", async () => {
    const grid = await app.login('grid-qh-al-lw-1');
    const list = await app.request('GET', '/api/tasks', { token: grid.token });
    const task = list.body.tasks.find((t: { caseId: string }) => t.caseId === caseId);
    expect(task).toMatchObject({ kind: 'verify', kindLabel: '入户核实', channel: 'department_alert', channelLabel: '部门筛查预警', clueDate: '2026-11-20' });
    const detail = await app.request('GET', `/api/tasks/${task.id}`, { token: grid.token });
    const [alert] = await app.deps.db.query<{ explanation: string; summary: string }>(
      'select explanation, summary from department_alerts where case_id = $1', [caseId]);
    expect(alert.explanation).toMatch(/[\u4e00-\u9fa5]/);
    expect(detail.body.clues[0].description).toContain(alert.explanation);
    expect(detail.body.clues[0].description).toContain(alert.summary);
    // and a message told the grid member
    const [msg] = await app.deps.db.query<{ n: number }>(
      `select count(*)::int as n from notifications n join users u on u.id = n.recipient_id
        where u.username = 'grid-qh-al-lw-1' and n.case_id = $1 and n.kind = 'task.new'`, [caseId]);
    expect(msg.n).toBeGreaterThan(0);
    // the demo grid member of another village sees nothing of it
    const other = await app.request('GET', '/api/tasks', { token: tokens.grid });
    expect(other.body.tasks.map((t: { caseId: string }) => t.caseId)).not.toContain(caseId);
  });

  test('the same file again: no new clue; the summary shows the repeated row', async () => {
    const before = await clueCount();
    const res = await upload('medical', '医保局2026年10月个人自付（重发）.xlsx', file);
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ rowsRead: 1, rowsMatched: 1, rowsRepeated: 1, cluesCreated: 0, cluesJoined: 0 });
    expect(hitsOf(res.body.job)).toEqual({});
    expect(res.body.job.message).toMatch(/^此文件与 2026-11-20 导入的「医保局2026年10月个人自付\.xlsx」内容完全相同。/);
    expect(await clueCount()).toBe(before);
    // the same row twice within one file: one record, one clue at most, the second counted as repeated
    const twice = await upload('medical', '两行相同.csv', csvText([MEDICAL_HEADER, medicalRow(person, { on: '2026-11-05', amount: '200' }), medicalRow(person, { on: '2026-11-05', amount: '200' })]));
    expect(twice.body.job).toMatchObject({ rowsRead: 2, rowsMatched: 2, rowsRepeated: 1 });
    // that small bill keeps the member over the 12-month line, but the alert's case is still open: no second clue
    expect(twice.body.job).toMatchObject({ cluesCreated: 0 });
    expect(Object.values(hitsOf(twice.body.job))).toEqual([1]);
    expect(twice.body.job.message).toContain('案件仍在办理中，不再重复生成线索');
    expect(await clueCount()).toBe(before);
  });

  test("the department's feedback list shows the alert 待核实, then 核实中 once the grid member has verified", async () => {
    const list = await app.request('GET', `/api/department-alerts?jobId=`, { token: tokens['dept-medical'] });
    expect(list.status).toBe(400); // an empty jobId is not an id
    const first = await app.request('GET', '/api/department-alerts?from=2026-11-20&to=2026-11-20', { token: tokens['dept-medical'] });
    expect(first.status).toBe(200);
    const alert = first.body.alerts.find((a: { caseId: string }) => a.caseId === caseId);
    const surname = [...(await app.deps.db.query<{ name: string }>(
      `select name from members where household_id = $1 and relation = 'head'`, [person.household_id]))[0].name][0];
    expect(alert).toMatchObject({
      department: '医保局', kind: 'medical', household: `${surname}某某户（柳湾村一组）`, memberIdMasked: person.id_masked,
      clueDate: '2026-11-20', joinedOpenCase: false, outcome: 'to_verify', outcomeLabel: '待核实', outcomeOn: null,
    });
    expect(alert.memberIdMasked).toContain('**********');

    const grid = await app.login('grid-qh-al-lw-1');
    const [{ version }] = await app.deps.db.query<{ version: number }>('select version from cases where id = $1', [caseId]);
    const verified = await app.request('POST', `/api/cases/${caseId}/commands`, {
      token: grid.token,
      body: {
        command: {
          type: 'verify', verifiedOn: '2026-11-20', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
          findings: '户主住院，医保报销后自付3.2万元，人均纯收入低于监测线',
        },
        expectedVersion: version, requestId: crypto.randomUUID(),
      },
    });
    expect(verified.status).toBe(200);
    const after = await app.request('GET', '/api/department-alerts', { token: tokens['dept-medical'] });
    expect(after.body.alerts.find((a: { caseId: string }) => a.caseId === caseId))
      .toMatchObject({ outcome: 'verifying', outcomeOn: '2026-11-20' });
    expect(after.body.alerts.find((a: { caseId: string }) => a.caseId === caseId).outcomeLabel).toMatch(/^核实中/);
  });

  test('the export parses back as a spreadsheet with the same alerts', async () => {
    const json = await app.request('GET', '/api/department-alerts', { token: tokens['dept-medical'] });
    const res = await app.request('GET', '/api/department-alerts?format=xlsx', { token: tokens['dept-medical'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: 'xlsx', total: json.body.total, file: { fileName: expect.stringMatching(/\.xlsx$/) } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.body.file.contentBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['线索日期', '农户', '身份证号（脱敏）', '预警规则', '核实结果']));
    expect(ws.rowCount - 1).toBe(json.body.total);
    const col = (name: string) => header.indexOf(name) + 1;
    const row = ws.getRow(2);
    expect(row.getCell(col('农户')).value).toBe(json.body.alerts[0].household);
    expect(row.getCell(col('核实结果')).value).toBe(json.body.alerts[0].outcomeLabel);
    expect(String(row.getCell(col('身份证号（脱敏）')).value)).toContain('**********');
  });
});

test('a file with bad rows imports the good ones and reports each bad one with row, column and reason', async () => {
  const good = await personWithoutCase('qh-al-lw-2');
  const other = await personWithoutCase('qh-al-lw-2', 1);
  const badChecksum = other.idNumber.slice(0, 17) + (other.idNumber[17] === '1' ? '2' : '1');
  const rows = [
    MEDICAL_HEADER,
    medicalRow(good, { amount: '300.50', on: '2026/10/3' }),
    medicalRow({ idNumber: badChecksum, name: other.name }),
    medicalRow(other, { amount: '' }),
    medicalRow(other, { on: '10/2026/03' }),
  ];
  const before = await clueCount();
  const res = await upload('medical', '有误的行.csv', csvText(rows));
  expect(res.status).toBe(201);
  expect(res.body.job).toMatchObject({ rowsRead: 4, rowsRejected: 3, rowsMatched: 1, cluesCreated: 0, errorsTotal: 3 });
  expect(res.body.job.errors).toEqual([
    { row: 3, column: '身份证号', reason: expect.stringContaining('校验位') },
    { row: 4, column: '个人自付金额', reason: expect.stringContaining('不能为空') },
    { row: 5, column: '结算日期', reason: expect.stringContaining('日期格式无法识别') },
  ]);
  expect(await clueCount()).toBe(before);
  const [kept] = await app.deps.db.query<{ amount_fen: number; happened_on: string }>(
    `select amount_fen, happened_on from department_records where job_id = $1`, [res.jobId]);
  expect(kept).toEqual({ amount_fen: 30050, happened_on: '2026-10-03' });
  // the job reads back the same way
  const again = await app.request('GET', `/api/department-imports/${res.jobId}`, { token: tokens['dept-medical'] });
  expect(again.body.job.errors).toEqual(res.body.job.errors);
});

test('a wrong header refuses the whole file with a Chinese message; nothing is kept', async () => {
  const person = await personWithoutCase('qh-al-lw-3');
  const header = MEDICAL_HEADER.map((h) => (h.startsWith('个人自付') ? '自费' : h));
  const res = await upload('medical', '表头不对.csv', csvText([header, medicalRow(person)]));
  expect([res.status, res.body.error.code]).toEqual([422, 'IMPORT.BAD_HEADER']);
  expect(res.body.error.message).toContain('个人自付金额');
  expect(res.body.error.message).toContain('自费');
  const job = await app.request('GET', `/api/department-imports/${res.jobId}`, { token: tokens['dept-medical'] });
  expect(job.body.job).toMatchObject({ status: 'failed', rowsRead: 0 });
  const [n] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from department_records where job_id = $1', [res.jobId]);
  expect(n.n).toBe(0);
});

test('rows that match nobody in the registry are listed (name, masked ID) and raise nothing', async () => {
  const stranger = newIdNumber(50);
  const before = await clueCount();
  const res = await upload('medical', '外来人员.csv', csvText([MEDICAL_HEADER, medicalRow({ idNumber: stranger, name: '赵外来' }, { amount: '50000' })]));
  expect(res.body.job).toMatchObject({ rowsRead: 1, rowsMatched: 0, rowsUnmatched: 1, cluesCreated: 0, unmatchedTotal: 1 });
  expect(res.body.job.unmatched).toEqual([{ row: 2, name: '赵外来', idMasked: `${stranger.slice(0, 4)}**********${stranger.slice(-4)}` }]);
  expect(await clueCount()).toBe(before);
  const raw = await app.deps.db.query<{ t: string }>(
    'select row_to_json(u)::text as t from department_unmatched u where job_id = $1', [res.jobId]);
  expect(raw[0].t).not.toContain(stranger);
});

test('a household with an open case: the alert joins it (clues joined), no second case', async () => {
  // the grid member found a risk on a visit: the household's case is open, waiting for 入户核实
  const visited = await personWithoutCase('qh-al-hx-1');
  const reported = await app.request('POST', '/api/clues', {
    token: tokens.grid,
    body: {
      householdId: visited.household_id, channel: 'grid_visit', riskTypes: ['illness'], description: '户主腰伤，干不了重活',
      foundOn: '2026-11-18', clientKey: `visit-${crypto.randomUUID()}`,
    },
  });
  expect(reported.status).toBe(201);
  const open = { case_id: reported.body.case.id as string, household_id: visited.household_id };
  const [m] = await app.deps.db.query<{ name: string; id_cipher: string }>(
    `select name, id_cipher from members where household_id = $1 and removed_at is null order by relation = 'head' desc limit 1`,
    [open.household_id]);
  const person = { idNumber: app.deps.protector.decrypt(m.id_cipher), name: m.name };
  const casesBefore = await app.deps.db.query('select id from cases where household_id = $1', [open.household_id]);
  const res = await upload('medical', '已有案件.csv', csvText([MEDICAL_HEADER, medicalRow(person, { amount: '15000', on: '2026-11-10' })]));
  expect(res.body.job).toMatchObject({ rowsMatched: 1, cluesCreated: 1, cluesJoined: 1 });
  const clues = await cluesOf(open.household_id);
  expect(clues.map((c) => [c.channel, c.case_id]).sort()).toEqual([['department_alert', open.case_id], ['grid_visit', open.case_id]]);
  expect(await app.deps.db.query('select id from cases where household_id = $1', [open.household_id])).toHaveLength(casesBefore.length);
  const list = await app.request('GET', `/api/department-alerts?jobId=${res.jobId}`, { token: tokens.county });
  expect(list.body.alerts).toEqual([expect.objectContaining({ caseId: open.case_id, joinedOpenCase: true })]);
});

describe('scope', () => {
  test('a department user cannot import another department\'s kind; a grid member cannot import at all', async () => {
    const file = csvText(departmentTemplate('disability'));
    const dept = await upload('disability', '残疾证.csv', file);
    expect([dept.status, dept.body.error.code]).toEqual([403, 'DEPARTMENT_IMPORT.NOT_YOUR_DEPARTMENT']);
    expect(dept.body.error.message).toContain('残联');
    const grid = await upload('medical', '医保.csv', csvText(departmentTemplate('medical')), tokens.grid);
    expect([grid.status, grid.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    for (const jobId of [dept.jobId, grid.jobId]) {
      expect((await app.deps.db.query('select 1 from department_imports where id = $1', [jobId]))).toHaveLength(0);
    }
    expect((await app.request('GET', '/api/department-alerts', { token: tokens.grid })).status).toBe(403);
  });

  test("the county imports any kind, under the kind's department; a department user sees only its own alerts and jobs", async () => {
    const person = await personWithoutCase('qh-sq-sq-1');
    const [header] = departmentTemplate('disability');
    const res = await upload('disability', '残联新办证.csv', csvText([header, [person.idNumber, person.name, '2026-11-01', '肢体残疾', '一级']]), tokens.county);
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({ department: DEPARTMENT_DATA_KINDS.disability.department, rowsMatched: 1, cluesCreated: 1 });
    const [clue] = await cluesOf(person.household_id);
    expect(clue).toMatchObject({ department: '残联' });

    const county = await app.request('GET', '/api/department-alerts', { token: tokens.county });
    expect(county.body.alerts.map((a: { department: string }) => a.department)).toEqual(expect.arrayContaining(['残联', '医保局']));
    const medical = await app.request('GET', '/api/department-alerts', { token: tokens['dept-medical'] });
    expect(new Set(medical.body.alerts.map((a: { department: string }) => a.department))).toEqual(new Set(['医保局']));
    const job = await app.request('GET', `/api/department-imports/${res.jobId}`, { token: tokens['dept-medical'] });
    expect([job.status, job.body.error.code]).toEqual([404, 'IMPORT.NOT_FOUND']);
  });
});

test('the template of each kind downloads as .xlsx with its headers and a sample row that imports cleanly', async () => {
  const res = await app.request('GET', '/api/department-templates/medical', { token: tokens['dept-medical'] });
  expect(res.status).toBe(200);
  expect(res.body.fileName).toMatch(/医保局.*\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(res.body.contentBase64, 'base64') as unknown as ArrayBuffer);
  const values = (n: number) => (wb.worksheets[0].getRow(n).values as unknown[]).slice(1);
  expect(values(1)).toEqual(departmentTemplate('medical')[0]);
  expect(values(2)).toEqual(departmentTemplate('medical')[1]);
  // the sample person is synthetic and in nobody's registry: the template itself imports as one unmatched row
  const imported = await upload('medical', res.body.fileName, Buffer.from(res.body.contentBase64, 'base64'));
  expect(imported.body.job).toMatchObject({ rowsRead: 1, rowsRejected: 0, rowsUnmatched: 1, cluesCreated: 0 });
  expect((await app.request('GET', '/api/department-templates/housing', { token: tokens.grid })).status).toBe(403);
  expect((await app.request('GET', '/api/department-templates/rockets', { token: tokens.county })).status).toBe(400);
});
