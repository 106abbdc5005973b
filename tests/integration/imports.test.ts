import crypto from 'node:crypto';
import { IMPORT_HEADERS } from '@shared/domain/household-import';
import { genderOf } from '@shared/domain/id-number';
import { startApp, type TestApp } from '../support/app';
import { csvText, household, memberRow, newIdNumber, newMobile, table, xlsxBuffer, type SheetRecord } from '../support/import-files';

let app: TestApp;
let admin: { token: string };

beforeAll(async () => {
  app = await startApp();
  admin = await app.login('county');
  // a second county the demo admin does not cover: its rows must read as an unknown area
  await app.deps.db.exec(`
    insert into areas values ('wx', null, 'county', '外县', '/wx/');
    insert into areas values ('wx-a', 'wx', 'township', '安乐镇', '/wx/wx-a/');
    insert into areas values ('wx-a-h', 'wx-a', 'village', '红星村', '/wx/wx-a/wx-a-h/');
    insert into areas values ('wx-a-h-1', 'wx-a-h', 'group', '一组', '/wx/wx-a/wx-a-h/wx-a-h-1/');`);
});
afterAll(() => app.close());

async function upload(fileName: string, content: Buffer | string, token = admin.token) {
  const jobId = crypto.randomUUID();
  const res = await app.request('POST', '/api/imports/households', {
    token, body: { jobId, fileName, contentBase64: Buffer.from(content).toString('base64') },
  });
  return { ...res, jobId };
}

async function counts(numbers?: string[]) {
  const [row] = await app.deps.db.query<{ households: number; members: number }>(
    `select (select count(*) from households where $1::text[] is null or number = any($1))::int as households,
            (select count(*) from members m join households h on h.id = m.household_id
              where $1::text[] is null or h.number = any($1))::int as members`,
    [numbers ?? null],
  );
  return row;
}

let seq = 0;
const nextNumber = () => `61058199${String(++seq).padStart(6, '0')}`;

describe('a good .xlsx', () => {
  const numbers = [nextNumber(), nextNumber(), nextNumber()];
  const records: SheetRecord[] = [
    ...household(numbers[0], '王大山', [{}, { 与户主关系: '之女', 成员姓名: '王小红', 在校生情况: '初中' }]),
    ...household(numbers[1], '张建国', [{ 健康状况: '残疾', 残疾等级: '二级', 劳动技能: '弱劳动力或半劳动力' }]),
    ...household(numbers[2], '刘德明').map((r) => ({ ...r, 户类型: '脱贫户', 脱贫年度: '2018', 是否低保: '是', 组: '二组' })),
  ];
  let file: Buffer;
  let firstUpdatedAt: Record<string, string>;

  test('imports every household and member, encrypted, each household with a fresh code', async () => {
    file = await xlsxBuffer(table(records));
    const before = await counts();
    const res = await upload('清河县农户.xlsx', file);
    expect(res.status).toBe(201);
    expect(res.body.job).toMatchObject({
      id: res.jobId, status: 'done', phase: 'done', percent: 100, rowsRead: 6, rowsRejected: 0, householdsCreated: 3,
      householdsUpdated: 0, membersCreated: 6, membersUpdated: 0, errorsTotal: 0, errors: [],
    });
    expect(await counts()).toEqual({ households: before.households + 3, members: before.members + 6 });
    const rows = await app.deps.db.query<{ number: string; code: string; area_path: string; category: string; lifted_year: number | null; low_income: boolean; updated_at: Date }>(
      `select number, code, area_path, category, lifted_year, low_income, updated_at from households where number = any($1) order by number`, [numbers]);
    expect(rows.map((r) => r.code)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), expect.any(String), expect.any(String)]);
    expect(new Set(rows.map((r) => r.code)).size).toBe(3);
    expect(rows[2]).toMatchObject({ area_path: '/qh/qh-al/qh-al-hx/qh-al-hx-2/', category: 'lifted', lifted_year: 2018, low_income: true });
    firstUpdatedAt = Object.fromEntries(rows.map((r) => [r.number, r.updated_at.toISOString()]));
    const members = await app.deps.db.query<{ name: string; relation: string; id_masked: string; id_cipher: string; health: string; disability_level: number | null }>(
      `select m.name, m.relation, m.id_masked, m.id_cipher, m.health, m.disability_level from members m join households h on h.id = m.household_id
        where h.number = $1 order by m.relation = 'head' desc, m.name`, [numbers[1]]);
    expect(members.map((m) => [m.relation, m.health, m.disability_level])).toEqual([['head', 'healthy', null], ['spouse', 'disabled', 2]]);
    const spouseId = records[4].证件号码!;
    expect(app.deps.protector.decrypt(members[1].id_cipher)).toBe(spouseId);
    expect(members[1].id_masked).toBe(`${spouseId.slice(0, 4)}**********${spouseId.slice(-4)}`);
    // the job is there to read again, and an audit row names it for each new household
    const job = await app.request('GET', `/api/imports/${res.jobId}`, { token: admin.token });
    expect(job.body.job.householdsCreated).toBe(3);
    const [audit] = await app.deps.db.query<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'import.household_created' and after->>'importJobId' = $1`, [res.jobId]);
    expect(audit.n).toBe(3);
  });

  test('the same file again changes nothing: no duplicates, same counts, updated_at untouched', async () => {
    const before = await counts();
    const res = await upload('清河县农户.xlsx', file);
    expect(res.body.job).toMatchObject({
      status: 'done', rowsRead: 6, rowsRejected: 0, householdsCreated: 0, householdsUpdated: 0, membersCreated: 0, membersUpdated: 0,
    });
    expect(await counts()).toEqual(before);
    const rows = await app.deps.db.query<{ number: string; updated_at: Date }>(
      `select number, updated_at from households where number = any($1)`, [numbers]);
    for (const r of rows) expect(r.updated_at.toISOString()).toBe(firstUpdatedAt[r.number]);
  });

  test('a changed row updates only that household; members missing from the file are kept', async () => {
    app.clock.advanceDays(1);
    try {
      const changed = records.filter((r) => r.户编号 === numbers[0] && r.与户主关系 !== '之女')
        .map((r) => (r.与户主关系 === '户主' ? { ...r, 是否低保: '是' } : r));
      const res = await upload('变更.xlsx', await xlsxBuffer(table(changed)));
      // with the status and the whole body, to see why if it fails (it failed once under a full run's load: no job in the body)
      expect({ status: res.status, body: res.body }).toMatchObject({
        body: { job: { householdsCreated: 0, householdsUpdated: 1, membersCreated: 0, membersUpdated: 0 } },
      });
      expect(await counts([numbers[0]])).toEqual({ households: 1, members: 3 });
    } finally {
      app.clock.advanceDays(-1);
    }
  });
});

describe('a file with every kind of fault', () => {
  test('names every bad row with row, column and reason; good rows go in; the bad households are untouched', async () => {
    const [seeded] = await app.deps.db.query<{ id_cipher: string; number: string }>(
      `select m.id_cipher, h.number from members m join households h on h.id = m.household_id where m.relation = 'spouse' limit 1`);
    const registered = app.deps.protector.decrypt(seeded.id_cipher);
    const shared = newIdNumber(30, 'female');
    const good = nextNumber();
    const n = Array.from({ length: 9 }, nextNumber);
    const bad = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const rows: SheetRecord[] = [
      ...household(good, '赵永福'), // row 2: goes in
      ...household(n[0], '钱多多', [{ 证件号码: bad(newIdNumber(30, 'female')) }]), // row 4: checksum
      ...household(n[1], '孙立新', [{ 证件号码: '610581' + '19990231' + '0028' }]), // row 6: impossible birth date
      ...household(n[2], '李国强', [{ 证件号码: '61058119900101' }, { 联系电话: '电话12345', 证件号码: newIdNumber(8, 'female') }]), // rows 8, 9
      ...household(n[3], '周平安', [{ 证件号码: shared }]), // row 11: one ID in two households …
      ...household(n[4], '吴天明', [{ 证件号码: shared }]), // row 13: … of this file
      ...household(n[5], '郑和平', [{ 证件号码: registered, 性别: genderOf(registered) === 'male' ? '男' : '女' }]), // row 15: already registered elsewhere
      ...household(n[6], '王朝阳').map((r) => ({ ...r, 村: '不存在村' })), // row 16: unknown village
      memberRow(n[7], '冯大海', { 与户主关系: '配偶', 成员姓名: '陈秀兰', 性别: '女', 证件号码: newIdNumber(40, 'female') }), // 17, 18: no head
      memberRow(n[7], '冯大海', { 与户主关系: '之子', 成员姓名: '冯小海', 证件号码: newIdNumber(10) }),
      ...household(n[8], '褚红军', [{ 成员姓名: '' }, { 健康状况: '很好', 证件号码: newIdNumber(20, 'female') }]), // rows 20, 21
      ...household(nextNumber(), '卫东方').map((r) => ({ ...r, 县: '外县' })), // row 22: a county outside the admin's area
    ];
    const before = await counts();
    const beforeBad = await counts([...n, seeded.number]);
    const res = await upload('有误.xlsx', await xlsxBuffer(table(rows)));
    // the refusal's code, if any, shows in the failure (this once failed with a 422 in a full run and never alone)
    expect([res.status, res.body.error]).toEqual([201, undefined]);
    const errors: { row: number; column: string; reason: string }[] = res.body.job.errors;
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.reason}`);
    expect(at(2)).toEqual([]);
    expect(at(4)).toEqual([expect.stringMatching(/^证件号码:证件号码校验位不正确/)]);
    expect(at(6)).toEqual([expect.stringMatching(/^证件号码:证件号码中的出生日期 19990231 不存在/)]);
    expect(at(8)).toEqual([expect.stringMatching(/^证件号码:证件号码格式不正确/)]);
    expect(at(9)).toEqual([expect.stringMatching(/^联系电话:联系电话「电话12345」格式不正确/)]);
    expect(at(11)).toEqual([expect.stringMatching(/^证件号码:同一证件号码出现在文件的不同户中（第 11、13 行）/)]);
    expect(at(13)).toEqual(at(11));
    expect(at(15)).toEqual([`证件号码:该证件号码已登记在户编号 ${seeded.number} 的户中，一人不能属于两户`]);
    expect(at(16)).toEqual(['村:村「不存在村」不在安乐镇下']);
    expect(at(17)).toEqual([expect.stringMatching(/^与户主关系:户编号 \d+ 没有有效的户主行/)]);
    expect(at(18)).toEqual(at(17));
    expect(at(20)).toEqual(['成员姓名:成员姓名不能为空']);
    expect(at(21)).toEqual([expect.stringMatching(/^健康状况:「很好」不是可选的健康状况/)]);
    expect(at(22)).toEqual(['县:县「外县」不存在或不在您的管辖范围内']);
    const badRows = [4, 6, 8, 9, 11, 13, 15, 16, 17, 18, 20, 21, 22];
    expect([...new Set(errors.map((e) => e.row))].sort((a, b) => a - b)).toEqual(badRows);
    expect(res.body.job).toMatchObject({ status: 'done', rowsRead: 21, rowsRejected: badRows.length, errorsTotal: errors.length });

    // what passed went in (heads of the faulty households, whose own rows are fine); nothing of the bad rows did
    const after = await counts();
    expect(after.members - before.members).toBe(21 - badRows.length);
    expect((await counts([good])).members).toBe(1);
    const afterBad = await counts([...n, seeded.number]);
    expect(afterBad.members - beforeBad.members).toBe(21 - badRows.length - 1);
    expect(await counts([n[6], n[7]])).toEqual({ households: 0, members: 0 }); // unknown village, no head: nothing
    const [seededAfter] = await app.deps.db.query<{ number: string }>(
      `select h.number from members m join households h on h.id = m.household_id where m.id_cipher = $1`, [seeded.id_cipher]);
    expect(seededAfter.number).toBe(seeded.number);
  });

  test('a wrong header refuses the whole file and changes nothing', async () => {
    const before = await counts();
    const headers = IMPORT_HEADERS.filter((h) => h !== '证件号码' && h !== '组');
    const res = await upload('表头错.xlsx', await xlsxBuffer(table(household(nextNumber(), '蒋大为'), headers)));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT.BAD_HEADER');
    expect(res.body.error.message).toContain('缺少这些列：证件号码、组');
    expect(await counts()).toEqual(before);
    const job = await app.request('GET', `/api/imports/${res.jobId}`, { token: admin.token });
    expect(job.body.job).toMatchObject({ status: 'failed', rowsRead: 0, householdsCreated: 0 });
    expect(job.body.job.message).toContain('缺少这些列');
  });

  test('a file that is not what its name says → IMPORT.UNREADABLE; an .xls → refused before anything', async () => {
    const before = await counts();
    const res = await upload('假的.xlsx', 'not a zip file at all');
    expect([res.status, res.body.error.code]).toEqual([422, 'IMPORT.UNREADABLE']);
    const xls = await upload('旧版.xls', 'x');
    expect([xls.status, xls.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    expect(await counts()).toEqual(before);
  });
});

describe('.csv files', () => {
  test('UTF-8 with a BOM imports', async () => {
    const number = nextNumber();
    const res = await upload('农户.csv', `\uFEFF${csvText(table(household(number, '沈春华', [{}])))}`);
    expect(res.body.job).toMatchObject({ status: 'done', rowsRead: 2, rowsRejected: 0, householdsCreated: 1, membersCreated: 2 });
    expect(await counts([number])).toEqual({ households: 1, members: 2 });
  });

  test('GB18030 (as Excel on Chinese Windows saves it) imports too', async () => {
    const number = nextNumber();
    const text = csvText(table(household(number, '韩梅梅')));
    // encode to GB18030 through the table of a decoder: every character here is in GBK
    const res = await upload('农户-gbk.csv', gb18030(text));
    expect(res.body.job).toMatchObject({ status: 'done', rowsRead: 1, rowsRejected: 0, householdsCreated: 1 });
    const [m] = await app.deps.db.query<{ name: string }>(
      `select m.name from members m join households h on h.id = m.household_id where h.number = $1`, [number]);
    expect(m.name).toBe('韩梅梅');
  });
});

describe('who may import, and what is stored', () => {
  test('the upload route takes bodies over the gateway\'s usual 1 MB, up to its own limit', async () => {
    const big = 'A'.repeat(2 * 1024 * 1024); // 1.5 MB of zero bytes once decoded: read, then refused for its header
    const res = await app.request('POST', '/api/imports/households', {
      token: admin.token, body: { jobId: crypto.randomUUID(), fileName: 'big.csv', contentBase64: big },
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'IMPORT.BAD_HEADER']);
    const elsewhere = await app.request('POST', '/api/declarations', { token: admin.token, body: { padding: big } });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([413, 'REQUEST.TOO_LARGE']);
    const tooBig = await app.request('POST', '/api/imports/households', {
      token: admin.token, body: { jobId: crypto.randomUUID(), fileName: 'big.csv', contentBase64: 'A'.repeat(6 * 1024 * 1024) },
    });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'REQUEST.TOO_LARGE']);
  });

  test('only county admins; the job is theirs to read; an unknown job → 404', async () => {
    const grid = await app.login('grid');
    const res = await upload('农户.csv', csvText(table(household(nextNumber(), '杨过'))), grid.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    expect((await app.request('GET', `/api/imports/${res.jobId}`, { token: admin.token })).status).toBe(404);
    expect((await app.request('GET', `/api/imports/${crypto.randomUUID()}`, { token: grid.token })).status).toBe(403);
  });

  test('the same job id twice → 409, the first job stands', async () => {
    const first = await upload('农户.csv', csvText(table(household(nextNumber(), '郭靖'))));
    const again = await app.request('POST', '/api/imports/households', {
      token: admin.token, body: { jobId: first.jobId, fileName: 'x.csv', contentBase64: Buffer.from(csvText(table([]))).toString('base64') },
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'IMPORT.JOB_EXISTS']);
  });

  test('no plain ID or phone number anywhere in the raw tables after imports; the staging table is empty', async () => {
    const phone = newMobile();
    const number = nextNumber();
    const res = await upload('农户.csv', csvText(table(household(number, '黄蓉').map((r) => ({ ...r, 联系电话: phone })))));
    expect(res.body.job.status).toBe('done');
    const members = await app.deps.db.query<{ id_cipher: string; phone_cipher: string | null }>('select id_cipher, phone_cipher from members');
    const plain = members.flatMap((m) => [app.deps.protector.decrypt(m.id_cipher), ...(m.phone_cipher ? [app.deps.protector.decrypt(m.phone_cipher)] : [])]);
    expect(plain).toContain(phone);
    const raw = JSON.stringify(await Promise.all(
      ['members', 'households', 'import_jobs', 'import_errors', 'import_staging', 'audit_log'].map((t) => app.deps.db.query(`select * from ${t}`)),
    ));
    expect(plain.filter((p) => raw.includes(p))).toEqual([]);
    expect(await app.deps.db.query('select 1 from import_staging')).toEqual([]);
  });
});

/** UTF-8 text → GB18030 bytes, built from the decoder's table for the characters used (tests only). */
function gb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK bytes for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
