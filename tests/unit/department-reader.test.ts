import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { departmentTemplate } from '@shared/domain/department-data';
import { AppError } from '@shared/domain/errors';
import { planCsvSplit, readDepartmentRows, readInWorker, readInWorkers, type ReadBatch, type ReadOptions } from '../../functions/src/app/department-reader';
import { lookupHashWith } from '../../functions/src/adapters/data-protector';
import { csvText, newIdNumber } from '../support/import-files';

/**
 * Reading a department file in the calling thread and in a worker thread gives the same batches: the staged rows as
 * COPY text (free texts escaped), each bad row's errors, the counts and the file's SHA-256; the worker's errors
 * (a wrong header) arrive as the same AppError.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-reader-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const key = crypto.randomBytes(32);
/** The batches' staged lines, as text. */
const linesOf = (batches: ReadBatch[]) => Buffer.concat(batches.map((b) => b.lines)).toString('utf8').split('\n').filter(Boolean);
const options = (jobId: string): ReadOptions => ({ kind: 'medical', fileKind: 'csv', jobId, today: '2026-11-20', batchSize: 3 });

async function inThread(file: string, o: ReadOptions) {
  const batches: ReadBatch[] = [];
  const { sha256 } = await readDepartmentRows(fs.createReadStream(file), o, (id) => lookupHashWith(key, id), async (b) => {
    batches.push(b);
  });
  return { batches, sha256 };
}

async function inWorker(file: string, o: ReadOptions) {
  const batches: ReadBatch[] = [];
  const { sha256 } = await readInWorker(file, o, key, async (b) => {
    // a slow consumer: the worker waits rather than piling batches up
    await new Promise((resolve) => setTimeout(resolve, 5));
    batches.push(b);
  });
  return { batches, sha256 };
}

test('the same batches, errors, counts and hash in either thread; backslashes escaped for COPY', async () => {
  const rows = Array.from({ length: 8 }, (_, i) => [newIdNumber(30 + i), '王大山', `2026-10-0${i + 1}`, '县医院', '', '', `${100 + i}`]);
  rows[2][3] = 'A\\B\t"分院"\n二楼'; // a quoted cell with a backslash, a tab, quotes and a line break (spaces once checked)
  rows[4][0] = rows[4][0].slice(0, 17) + (rows[4][0][17] === '1' ? '2' : '1'); // bad checksum
  rows[6][2] = '十月五日'; // unknown date format
  const file = path.join(tmp, 'medical.csv');
  fs.writeFileSync(file, csvText([departmentTemplate('medical')[0], ...rows]));
  const jobId = crypto.randomUUID();

  const here = await inThread(file, options(jobId));
  const there = await inWorker(file, options(jobId));
  expect(there).toEqual(here);
  expect(here.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));

  const last = here.batches[here.batches.length - 1];
  expect(last).toMatchObject({ rowsRead: 8, rowsRejected: 2 });
  expect(here.batches.flatMap((b) => b.errors.map((e) => e.row))).toEqual([6, 8]);
  const lines = linesOf(here.batches);
  expect(lines).toHaveLength(6);
  expect(here.batches.reduce((n, b) => n + b.staged, 0)).toBe(6);
  for (const line of lines) {
    const values = line.split('\t');
    expect(values).toHaveLength(9);
    expect(values[0]).toBe(jobId);
    expect(line).not.toMatch(/\d{17}[\dX]/); // no plain ID number
  }
  // the hospital with the special characters: its row key and its fields, escaped so that COPY reads them back whole
  const special = lines.find((l) => l.split('\t')[1] === '4')!.split('\t');
  expect(special[5]).toBe('medical|2026-10-03|10200|A\\\\B "分院" 二楼');
  expect(JSON.parse(special[8].replace(/\\\\/g, '\\')).hospital).toBe('A\\B "分院" 二楼');
});

test('a wrong header refuses the file from the worker with the same AppError as in the thread', async () => {
  const file = path.join(tmp, 'wrong.csv');
  fs.writeFileSync(file, csvText([['姓名', '金额'], ['王大山', '1']]));
  const here = await inThread(file, options(crypto.randomUUID())).catch((e: unknown) => e);
  const there = await inWorker(file, options(crypto.randomUUID())).catch((e: unknown) => e);
  expect(here).toBeInstanceOf(AppError);
  expect(there).toBeInstanceOf(AppError);
  expect((there as AppError).code).toBe('IMPORT.BAD_HEADER');
  expect((there as AppError).message).toBe((here as AppError).message);
});

describe('a csv read in two halves by two workers', () => {
  const rows = Array.from({ length: 41 }, (_, i) => [newIdNumber(20 + i), '李小红', `2026-09-${String((i % 28) + 1).padStart(2, '0')}`, '镇卫生院', '', '', `${50 + i}.5`]);
  rows[3][6] = '-1'; // not an amount
  rows[30][0] = '123'; // not an ID number
  const sorted = (batches: ReadBatch[]) => ({
    lines: linesOf(batches).sort(),
    errors: batches.flatMap((b) => b.errors).sort((a, b) => a.row - b.row),
  });

  test('the same rows, row numbers, errors and file hash as one reader; the counts add up', async () => {
    const file = path.join(tmp, 'halves.csv');
    // a blank line and a first line that is the header: row numbers count every line, as the parser does
    const text = csvText([departmentTemplate('medical')[0], ...rows.slice(0, 10), [''], ...rows.slice(10)]);
    fs.writeFileSync(file, `\ufeff${text}`);
    const cut = (await planCsvSplit(file)).cut;
    expect(cut).not.toBeNull();
    expect(cut!.rowsBefore).toBeGreaterThan(10);
    const o = options(crypto.randomUUID());
    const one = await inThread(file, o);
    const two: ReadBatch[] = [];
    const { sha256 } = await readInWorkers(file, o, key, async (b) => {
      two.push(b);
    });
    expect(sha256).toBe(one.sha256);
    expect(sorted(two)).toEqual(sorted(one.batches));
    expect(sorted(two).errors.map((e) => e.row)).toEqual([5, 33]);
    expect(two[two.length - 1]).toMatchObject({ rowsRead: 41, rowsRejected: 2, bytesRead: fs.statSync(file).size });
  });

  test('a quote before the middle (a line break may be inside a cell): not cut, one reader', async () => {
    const quoted = rows.map((r) => [...r]);
    quoted[2][3] = '镇卫生院\n"东院"';
    const file = path.join(tmp, 'quoted.csv');
    fs.writeFileSync(file, csvText([departmentTemplate('medical')[0], ...quoted]));
    expect((await planCsvSplit(file)).cut).toBeNull();
    const o = options(crypto.randomUUID());
    const two: ReadBatch[] = [];
    await readInWorkers(file, o, key, async (b) => {
      two.push(b);
    });
    expect(sorted(two)).toEqual(sorted((await inThread(file, o)).batches));
  });

  test('a wrong header: the import fails with the AppError and nothing more is loaded', async () => {
    const file = path.join(tmp, 'halves-wrong.csv');
    fs.writeFileSync(file, csvText([['姓名', '金额'], ...rows.map((r) => [r[1], r[6]])]));
    let loaded = 0;
    const err = await readInWorkers(file, options(crypto.randomUUID()), key, async () => {
      loaded++;
    }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('IMPORT.BAD_HEADER');
    expect(loaded).toBe(0);
  });
});

test('a batch that fails to load ends the reading: the error comes back once that batch is over, no later batch is loaded', async () => {
  const file = path.join(tmp, 'failing.csv');
  fs.writeFileSync(file, csvText([departmentTemplate('medical')[0], ...Array.from({ length: 12 }, (_, i) => [newIdNumber(25 + i), '赵六', '2026-10-01', '', '', '', '10'])]));
  let calls = 0;
  let inFlight = false;
  const err = await readInWorker(file, options(crypto.randomUUID()), key, async () => {
    calls++;
    inFlight = true;
    await new Promise((resolve) => setTimeout(resolve, 20));
    inFlight = false;
    if (calls === 2) throw new Error('database down');
  }).catch((e: unknown) => e);
  expect((err as Error).message).toBe('database down');
  expect(inFlight).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(calls).toBe(2);
});
