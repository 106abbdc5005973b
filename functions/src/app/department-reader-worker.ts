import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@shared/domain/errors';
import { lookupHashWith } from '../adapters/data-protector';
import { readDepartmentRows, type WorkerInput, type WorkerMessage } from './department-reader';

/**
 * The worker thread of readInWorker: reads the file (or a part of it: its header line, then its bytes), posts each
 * batch, runs at most `ahead` batches ahead.
 */
const { file, part, options, lookupKey, ahead } = workerData as WorkerInput;
const key = Buffer.from(lookupKey);
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  inFlight--;
  wake?.();
  wake = null;
});
const post = (m: WorkerMessage) => port.postMessage(m);

async function* partBytes(p: NonNullable<typeof part>): AsyncGenerator<Buffer> {
  if (p.header.length) yield Buffer.from(p.header);
  // createReadStream's end is inclusive
  yield* fs.createReadStream(file, { start: p.start, ...(p.end !== undefined ? { end: p.end - 1 } : {}) }) as AsyncIterable<Buffer>;
}
const input = part ? Readable.from(partBytes(part), { objectMode: false }) : fs.createReadStream(file);

readDepartmentRows(input, options, (id) => lookupHashWith(key, id), async (batch) => {
  // the batch's lines are its own buffer: handed over, not copied
  port.postMessage({ type: 'batch', batch } satisfies WorkerMessage, [batch.lines.buffer as ArrayBuffer]);
  inFlight++;
  while (inFlight > ahead) await new Promise<void>((resolve) => (wake = resolve));
}).then(
  ({ sha256 }) => post({ type: 'done', sha256 }),
  (err: unknown) => post({
    type: 'error', code: err instanceof AppError ? err.code : null, message: err instanceof Error ? err.message : String(err),
  }),
);
