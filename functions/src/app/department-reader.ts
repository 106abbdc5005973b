import crypto from 'node:crypto';
import fs from 'node:fs';
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
import type { StoredImportError } from '../store/imports';

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
  /** Added to each row's number: the rows of the file before this part (the part's own header not counted). */
  rowOffset?: number;
}

/** One batch: the staged rows as COPY lines for department_staging (UTF-8), the rows' errors, the counts so far. */
export interface ReadBatch {
  lines: Uint8Array;
  staged: number;
  errors: StoredImportError[];
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
 * Lines written straight into UTF-8 bytes outside the JavaScript heap: a batch of ten thousand lines kept as strings
 * until it is sent lives long enough to be copied through the young generation and promoted, and collecting them
 * cost the reading a fifth of its time. A taken buffer is the batch's own (it may be transferred to another thread).
 */
export class LineBuffer {
  private bytes = Buffer.allocUnsafeSlow(1 << 20);
  private used = 0;
  count = 0;

  push(line: string): void {
    // a character is at most 3 bytes in UTF-8 (a surrogate pair: 4 bytes for 2 UTF-16 units)
    if (this.used + line.length * 3 > this.bytes.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.used + line.length * 3));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(line, this.used);
    this.count++;
  }

  /** The lines so far, as a buffer of their own; the buffer starts again empty. */
  take(): Uint8Array {
    const taken = new Uint8Array(this.used);
    taken.set(this.bytes.subarray(0, this.used));
    this.used = 0;
    this.count = 0;
    return taken;
  }
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
  const staged = new LineBuffer();
  let errors: StoredImportError[] = [];
  const flush = async () => {
    const count = staged.count;
    const batch = { lines: staged.take(), staged: count, errors, rowsRead, rowsRejected, bytesRead: counter.bytes };
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
        const checked = validateDepartmentRow(o.kind, departmentRowCells(o.kind, cells, header.index), row + (o.rowOffset ?? 0), o.today);
        if (checked.ok) staged.push(stagingLine(o.jobId, checked.value, lookupHash));
        else {
          rowsRejected++;
          for (const e of checked.errors) errors.push({ row: e.row, column: e.column, reason: e.message });
        }
        if (staged.count + errors.length >= o.batchSize) await flush();
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

/** A part of a csv file: its header line, then the bytes from `start` to the end (or to before `end`). */
export interface FilePart { header: Uint8Array; start: number; end?: number }

export interface WorkerInput { file: string; part: FilePart | null; options: ReadOptions; lookupKey: Uint8Array; ahead: number }

/** Batches the worker may read ahead of the ones loaded: enough to keep both threads busy, memory still flat. */
const AHEAD = 1;

/**
 * readDepartmentRows on the file at `file` in a worker thread; each batch is handed to `onBatch` here, in order. The
 * worker runs the compiled module next to this one, or this source through tsx where the code runs as TypeScript.
 */
export function readInWorker(
  file: string, options: ReadOptions, lookupKey: Buffer, onBatch: (b: ReadBatch) => Promise<void>,
  { part = null, signal }: { part?: FilePart | null; signal?: AbortSignal } = {},
): Promise<{ sha256: string }> {
  const ext = path.extname(__filename);
  const workerData: WorkerInput = { file, part, options, lookupKey: new Uint8Array(lookupKey), ahead: AHEAD };
  const entry = path.join(__dirname, `department-reader-worker${ext}`);
  // a worker thread does not inherit the loader TypeScript runs under: it registers tsx itself
  const worker = ext === '.ts'
    ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(entry)});`, { eval: true, workerData })
    : new Worker(entry, { workerData });
  return new Promise((resolve, reject) => {
    let chain = Promise.resolve();
    let settled = false;
    // after a failure no further batch is loaded, and the caller hears of it once the batch being loaded is in:
    // nothing reaches the database after the import has failed
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      chain.then(() => reject(err), () => reject(err));
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'batch') {
        chain = chain.then(() => (settled ? undefined : onBatch(m.batch))).then(() => worker.postMessage('next'), fail);
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
    signal?.addEventListener('abort', () => fail(signal.reason));
  });
}

/**
 * Where a csv file can be cut in two and each half parsed on its own: at the first line break after the middle, when
 * the file has no quote before it (so no line break before it is inside a quoted cell) and its first line is the
 * header. Also the SHA-256 of the whole file and how many records come before the cut. Null when it cannot be cut.
 */
export async function planCsvSplit(file: string): Promise<{ sha256: string; cut: FilePart & { rowsBefore: number } | null }> {
  const sha = crypto.createHash('sha256');
  const size = (await fs.promises.stat(file)).size;
  const middle = Math.floor(size / 2);
  let at = 0;
  let quoteBefore = false;
  let lineBreaks = 0;
  let cutAt = -1;
  let header: Buffer | null = null;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    sha.update(chunk);
    if (!header) {
      const nl = chunk.indexOf(10);
      header = nl > 0 ? chunk.subarray(0, nl + 1) : Buffer.alloc(0);
    }
    if (cutAt < 0) {
      // only the bytes up to the cut matter for the quotes and the records before it
      const searchFrom = Math.max(0, middle - at);
      const nl = searchFrom < chunk.length ? chunk.indexOf(10, searchFrom) : -1;
      const upTo = nl >= 0 ? nl + 1 : chunk.length;
      if (chunk.subarray(0, upTo).indexOf(34) >= 0) quoteBefore = true;
      for (let i = chunk.indexOf(10); i >= 0 && i < upTo; i = chunk.indexOf(10, i + 1)) lineBreaks++;
      if (nl >= 0) cutAt = at + nl + 1;
    }
    at += chunk.length;
  }
  const usable = header && header.length > 1 && !/^[\s,\ufeff]*$/.test(header.toString('utf8')) && !quoteBefore && cutAt > header.length && cutAt < size;
  return {
    sha256: sha.digest('hex'),
    cut: usable ? { header: new Uint8Array(header!), start: cutAt, rowsBefore: lineBreaks } : null,
  };
}

/**
 * A large csv read by two workers, each checking and hashing its half (planCsvSplit), the batches loaded here as
 * they come; the counts handed on are the two halves' together. A file that cannot be cut is read by one worker.
 */
export async function readInWorkers(
  file: string, options: ReadOptions, lookupKey: Buffer, onBatch: (b: ReadBatch) => Promise<void>,
): Promise<{ sha256: string }> {
  const { sha256, cut } = await planCsvSplit(file);
  if (!cut) return readInWorker(file, options, lookupKey, onBatch);
  const latest = [
    { rowsRead: 0, rowsRejected: 0, bytesRead: 0 },
    { rowsRead: 0, rowsRejected: 0, bytesRead: 0 },
  ];
  let chain = Promise.resolve();
  // the first half to fail stops the other: nothing is loaded after the import has failed
  const stop = new AbortController();
  const part = (i: 0 | 1) => (b: ReadBatch) => {
    // the second half's reader also read the header again
    latest[i] = { rowsRead: b.rowsRead, rowsRejected: b.rowsRejected, bytesRead: i ? Math.max(0, b.bytesRead - cut.header.length) : b.bytesRead };
    const sum = {
      ...b, rowsRead: latest[0].rowsRead + latest[1].rowsRead, rowsRejected: latest[0].rowsRejected + latest[1].rowsRejected,
      bytesRead: latest[0].bytesRead + latest[1].bytesRead,
    };
    // one batch at a time into the database, whichever half it comes from
    chain = chain.then(() => (stop.signal.aborted ? undefined : onBatch(sum)));
    return chain;
  };
  const halves = [
    readInWorker(file, options, lookupKey, part(0), { part: { header: new Uint8Array(0), start: 0, end: cut.start }, signal: stop.signal }),
    readInWorker(file, { ...options, rowOffset: cut.rowsBefore - 1 }, lookupKey, part(1), { part: cut, signal: stop.signal }),
  ];
  try {
    await Promise.all(halves);
  } catch (err) {
    stop.abort(err);
    await Promise.allSettled([...halves, chain]);
    throw err;
  }
  return { sha256 };
}
