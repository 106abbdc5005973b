import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import {
  departmentHeaderProblemText, departmentRowCells, mapHeader, rowKey, validateDepartmentRow,
  type DepartmentDataKind, type DepartmentHeaderCheck, type DepartmentRow,
} from '@shared/domain/department-data';
import { AppError, type ErrorCode } from '@shared/domain/errors';
import { maskIdNumber } from '@shared/domain/id-number';
import { ByteCounter, readSheetRowBatches, type ImportFileKind } from '../adapters/import-file';
import { copyValue } from '../ports/db';
import type { StoredRowError } from '../store/department-imports';

/**
 * Reading a department file: each row checked on its own, the good ones turned into staging lines (COPY text: the ID
 * number only as its keyed hash and masked form), the bad ones into errors, a batch at a time. The same code runs in
 * the calling thread or, for a large file on disk, in a worker thread (readInWorker) while the calling thread loads
 * the batches into the database: on two cores the checks and hashes of one batch overlap the load of the one before.
 */

export interface ReadOptions {
  kind: DepartmentDataKind;
  fileKind: ImportFileKind;
  jobId: string;
  /** YYYY-MM-DD (Beijing): no record may be dated after it. */
  today: string;
  batchSize: number;
}

/** One batch: the staged rows as COPY lines for department_staging, the rows' errors, the counts so far. */
export interface ReadBatch {
  lines: string;
  staged: number;
  errors: StoredRowError[];
  rowsRead: number;
  rowsRejected: number;
  bytesRead: number;
}

/**
 * A staged row as one line of COPY text: job_id, row_number, id_hash, id_masked, name, row_key, happened_on,
 * amount_fen, data. Built as one string (a million rows): only the free texts can hold a character to escape.
 */
export function stagingLine(jobId: string, r: DepartmentRow, lookupHash: (id: string) => string): string {
  return `${jobId}\t${r.row}\t${lookupHash(r.idNumber)}\t${maskIdNumber(r.idNumber)}\t${copyValue(r.name)}\t` +
    `${copyValue(rowKey(r))}\t${r.on}\t${copyValue(r.amountFen)}\t${copyValue(JSON.stringify(r.fields))}\n`;
}

/**
 * Reads `input` to the end, handing each batch to `onBatch` (awaited: a slow consumer slows the reading, memory
 * stays flat). A wrong header refuses the whole file (IMPORT.BAD_HEADER). Returns the SHA-256 of the bytes read.
 */
export async function readDepartmentRows(
  input: Readable, o: ReadOptions, lookupHash: (id: string) => string, onBatch: (b: ReadBatch) => Promise<void>,
): Promise<{ sha256: string }> {
  const counter = new ByteCounter();
  const sha = crypto.createHash('sha256');
  counter.on('data', (c: Buffer) => sha.update(c));
  input.on('error', (err) => counter.destroy(err));
  input.pipe(counter);
  let rowsRead = 0;
  let rowsRejected = 0;
  let header: DepartmentHeaderCheck | null = null;
  let staged: string[] = [];
  let errors: StoredRowError[] = [];
  const flush = async () => {
    const batch = { lines: staged.join(''), staged: staged.length, errors, rowsRead, rowsRejected, bytesRead: counter.bytes };
    staged = [];
    errors = [];
    await onBatch(batch);
  };
  try {
    for await (const rows of readSheetRowBatches(counter, o.fileKind)) {
      for (const { row, cells } of rows) {
        if (cells.every((c) => !c.trim())) continue;
        if (!header) {
          header = mapHeader(o.kind, cells);
          if (!header.ok) throw new AppError('IMPORT.BAD_HEADER', departmentHeaderProblemText(o.kind, header));
          continue;
        }
        rowsRead++;
        const checked = validateDepartmentRow(o.kind, departmentRowCells(o.kind, cells, header.index), row, o.today);
        if (checked.ok) staged.push(stagingLine(o.jobId, checked.value, lookupHash));
        else {
          rowsRejected++;
          for (const e of checked.errors) errors.push({ row: e.row, column: e.column, reason: e.message });
        }
        if (staged.length + errors.length >= o.batchSize) await flush();
      }
    }
    if (!header) header = mapHeader(o.kind, []); // an empty file: every required column is missing
    if (!header.ok) throw new AppError('IMPORT.BAD_HEADER', departmentHeaderProblemText(o.kind, header));
    await flush();
    return { sha256: sha.digest('hex') };
  } finally {
    counter.destroy();
  }
}

/** What the worker posts; the calling thread answers each batch with 'next' once it is loaded. */
export type WorkerMessage =
  | { type: 'batch'; batch: ReadBatch }
  | { type: 'done'; sha256: string }
  | { type: 'error'; code: ErrorCode | null; message: string };

export interface WorkerInput { file: string; options: ReadOptions; lookupKey: Uint8Array; ahead: number }

/** Batches the worker may read ahead of the ones loaded: enough to keep both threads busy, memory still flat. */
const AHEAD = 2;

/**
 * readDepartmentRows on the file at `file` in a worker thread; each batch is handed to `onBatch` here, in order. The
 * worker runs the compiled module next to this one, or this source through tsx where the code runs as TypeScript.
 */
export function readInWorker(
  file: string, options: ReadOptions, lookupKey: Buffer, onBatch: (b: ReadBatch) => Promise<void>,
): Promise<{ sha256: string }> {
  const ext = path.extname(__filename);
  const workerData: WorkerInput = { file, options, lookupKey: new Uint8Array(lookupKey), ahead: AHEAD };
  const entry = path.join(__dirname, `department-reader-worker${ext}`);
  // a million rows make a lot of short-lived garbage: a larger young generation collects it in fewer, cheaper passes
  const resourceLimits = { maxYoungGenerationSizeMb: 32 };
  // a worker thread does not inherit the loader TypeScript runs under: it registers tsx itself
  const worker = ext === '.ts'
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, workerData, resourceLimits })
    : new Worker(entry, { workerData, resourceLimits });
  return new Promise((resolve, reject) => {
    let chain = Promise.resolve();
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'batch') {
        chain = chain.then(() => onBatch(m.batch)).then(() => worker.postMessage('next'), fail);
      } else if (m.type === 'done') {
        chain = chain.then(() => {
          if (settled) return;
          settled = true;
          void worker.terminate();
          resolve({ sha256: m.sha256 });
        });
      } else fail(m.code ? new AppError(m.code, m.message) : new Error(m.message));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the department file reader stopped (exit code ${code})`)));
  });
}
