import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { departmentTemplate, validateDepartmentRow } from '@shared/domain/department-data';
import { createDeps, type Deps } from '../../functions/src/deps';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import { importDepartmentData } from '../../functions/src/app/department-imports';
import { stagingLine } from '../../functions/src/app/department-reader';
import { copyValue } from '../../functions/src/ports/db';
import { insertJob, matchAndKeep, saveMatchCounts, stageLines } from '../../functions/src/store/department-imports';
import type { Db } from '../../functions/src/ports/db';
import type { Actor } from '../../functions/src/http/auth';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';
import { csvText } from '../support/import-files';

/**
 * The department import's SQL on every adapter: the set-based match, records kept once, an import interrupted after
 * matching finished by the next one, and — on PostgreSQL with a real pool — the same file imported twice at once
 * raising one clue.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-dept-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('department-imports');
const HEADER = departmentTemplate('medical')[0];
const LINES = { medicalSelfPayFen: 1_000_000, medicalShareOfIncome: 0.5 };

describe.each(adapters)('department imports on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let medical: Actor;
  let skip = 0;

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    const [u] = await db.query<{ id: string; area_id: string; path: string }>(
      `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id where u.username = 'dept-medical'`);
    medical = { userId: u.id, role: 'department_user', areaId: u.area_id, areaPath: u.path, householdId: null };
  });
  afterAll(() => db.close());

  /** The head of the next household of 石桥村一组 without a case, ID decrypted. */
  async function nextPerson() {
    const [m] = await db.query<{ name: string; id_cipher: string; household_id: string }>(
      `select m.name, m.id_cipher, m.household_id from members m join households h on h.id = m.household_id
        where h.area_id = 'qh-sq-sq-1' and m.relation = 'head' and not exists (select 1 from cases c where c.household_id = h.id)
        order by h.number offset $1 limit 1`, [skip++]);
    return { name: m.name, idNumber: deps.protector.decrypt(m.id_cipher), householdId: m.household_id };
  }
  const bill = (p: { idNumber: string; name: string }, yuan: string) => [p.idNumber, p.name, '2026-11-03', '石桥乡卫生院', '', '', yuan];
  const run = (csv: string) => importDepartmentData(deps, {
    fileName: 'medical.csv', bytesTotal: Buffer.byteLength(csv), open: () => Readable.from([Buffer.from(csv)]),
  }, { kind: 'medical', importer: medical, now: clock.now(), batchSize: 2 });
  const alerts = async (householdId: string) => (await db.query<{ n: number }>(
    `select count(*)::int as n from department_alerts where household_id = $1`, [householdId]))[0].n;

  test('match, keep and raise in batches: unmatched rows listed, repeats recognised, one clue per household and rule', async () => {
    const a = await nextPerson();
    const b = await nextPerson();
    const csv = csvText([HEADER, bill(a, '12000'), bill(b, '300'), bill(a, '12000'), ['610581199001011234'.slice(0, 17) + '5', '某人', '2026-11-03', '', '', '', '1']]);
    const job = await run(csv);
    expect(job).toMatchObject({ rowsRead: 4, rowsRejected: 1, rowsMatched: 3, rowsRepeated: 1, rowsUnmatched: 0, cluesCreated: 1 });
    expect(await alerts(a.householdId)).toBe(1);
    expect(await alerts(b.householdId)).toBe(0);
    const again = await run(csv);
    expect(again).toMatchObject({ rowsMatched: 3, rowsRepeated: 3, cluesCreated: 0 });
    const [staging] = await db.query<{ n: number }>('select count(*)::int as n from department_staging');
    expect(staging.n).toBe(0);
  });

  test('copyIn loads COPY text exactly: null, tabs, line breaks and backslashes in values come back as they were', async () => {
    const values = ['a\tb', 'line\nbreak\r', 'back\\slash \\N', '', null, '王大山'];
    // a plain table: the pool's next connection must see it
    await db.exec('create table copied (n int, v text)');
    await db.copyIn('copied', ['n', 'v'], values.map((v, i) => `${i}\t${copyValue(v)}\n`).join(''));
    const back = await db.query<{ v: string | null }>('select v from copied order by n');
    expect(back.map((r) => r.v)).toEqual(values);
  });

  test('records an interrupted import kept but never raised are raised by the next import that carries them', async () => {
    const p = await nextPerson();
    const row = bill(p, '20000');
    // an import that stopped after its match: records kept, not raised, no clue
    const checked = validateDepartmentRow('medical', { idNumber: row[0], name: row[1], on: row[2], hospital: row[3], amount: row[6] }, 2, '2026-11-20');
    if (!checked.ok) throw new Error('bad row');
    const crashed = '00000000-0000-4000-8000-00000000000' + (kind === 'pglite' ? '1' : '2');
    await insertJob(db, { id: crashed, kind: 'medical', department: '医保局', fileName: 'crashed.csv', createdBy: medical.userId, areaPath: medical.areaPath, bytesTotal: 1, now: clock.now() });
    await stageLines(db, stagingLine(crashed, checked.value, (id) => deps.protector.lookupHash(id)));
    // the match and its counts commit together, as the import does them
    expect(await db.transaction(async (tx) => {
      const counts = await matchAndKeep(tx, { id: crashed, kind: 'medical', scope: medical.areaPath!, now: clock.now(), staged: 1 }, LINES);
      await saveMatchCounts(tx, crashed, counts);
      return counts;
    })).toEqual({
      matched: 1, unmatched: 0, repeated: 0, candidates: [{ member_id: expect.any(String), household_id: p.householdId }],
    });
    await db.query('delete from department_staging where job_id = $1', [crashed]);
    // while that import still counts as running, it raises its own records: the next import leaves them alone
    expect(await run(csvText([HEADER, row]))).toMatchObject({ rowsMatched: 1, rowsRepeated: 1, cluesCreated: 0 });
    await db.query(`update department_imports set status = 'failed', message = '中断', finished_at = $2 where id = $1`, [crashed, clock.now()]);
    expect(await alerts(p.householdId)).toBe(0);

    const job = await run(csvText([HEADER, row]));
    expect(job).toMatchObject({ rowsMatched: 1, rowsRepeated: 0, cluesCreated: 1 });
    expect(await alerts(p.householdId)).toBe(1);
  });

  test('the database passes over no hit: a share of a low income, bills adding up across imports, a region\'s lower line', async () => {
    const billOn = (p: { idNumber: string; name: string }, on: string, yuan: string) => [p.idNumber, p.name, on, '石桥乡卫生院', '', '', yuan];
    // a household of low income: 50 % of its year (per capita × members) is far below the 10,000-yuan line
    const poor = await nextPerson();
    const [{ n }] = await db.query<{ n: number }>(
      `update households set income_per_capita_yuan = 2000 where id = $1
       returning (select count(*)::int from members where household_id = $1 and removed_at is null) as n`, [poor.householdId]);
    const share = 2000 * n * 0.5;
    const under = await nextPerson();
    await db.query('update households set income_per_capita_yuan = 2000 where id = $1', [under.householdId]);
    const [{ m }] = await db.query<{ m: number }>(
      'select count(*)::int as m from members where household_id = $1 and removed_at is null', [under.householdId]);
    // bills that add up: 6,000 now, 5,000 in the next file
    const adding = await nextPerson();
    const first = await run(csvText([HEADER, billOn(poor, '2026-11-03', String(share)), billOn(under, '2026-11-03', String(2000 * m * 0.5 - 1)),
      billOn(adding, '2026-09-03', '6000')]));
    expect(first).toMatchObject({ rowsMatched: 3, cluesCreated: 1 });
    expect(await alerts(poor.householdId)).toBe(1);
    expect(await alerts(under.householdId)).toBe(0);
    expect(await alerts(adding.householdId)).toBe(0);
    expect(await run(csvText([HEADER, billOn(adding, '2026-11-04', '5000')]))).toMatchObject({ cluesCreated: 1 });
    expect(await alerts(adding.householdId)).toBe(1);

    // a region whose line is 3,000 yuan this year: a 4,000-yuan bill there hits, anywhere else it does not
    const local = await nextPerson();
    const [{ area_path }] = await db.query<{ area_path: string }>('select area_path from households where id = $1', [local.householdId]);
    const year = Number(clock.now().toISOString().slice(0, 4));
    const regional = { ...deps, config: { ...deps.config, departmentThresholds: [{ areaPath: area_path, year, thresholds: { medicalSelfPayYuan: 3000 } }] } };
    const csv = csvText([HEADER, billOn(local, '2026-11-05', '4000')]);
    const job = await importDepartmentData(regional, {
      fileName: 'medical.csv', bytesTotal: Buffer.byteLength(csv), open: () => Readable.from([Buffer.from(csv)]),
    }, { kind: 'medical', importer: medical, now: clock.now() });
    expect(job).toMatchObject({ cluesCreated: 1 });
    expect(await alerts(local.householdId)).toBe(1);
  });

  if (kind === 'postgres') {
    test('the same file imported twice at once: one record, one clue', async () => {
      const p = await nextPerson();
      const csv = csvText([HEADER, bill(p, '25000')]);
      const jobs = await Promise.all([run(csv), run(csv)]);
      expect(jobs.map((j) => j.cluesCreated).sort()).toEqual([0, 1]);
      expect(jobs.map((j) => j.rowsRepeated).sort()).toEqual([0, 1]);
      const [clues] = await db.query<{ n: number }>(
        `select count(*)::int as n from clues where household_id = $1 and channel = 'department_alert'`, [p.householdId]);
      expect(clues.n).toBe(1);
    });
  }
});
