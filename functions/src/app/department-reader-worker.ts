import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '@shared/domain/errors';
import { lookupHashWith } from '../adapters/data-protector';
import { readDepartmentRows, type WorkerInput, type WorkerMessage } from './department-reader';

/** The worker thread of readInWorker: reads the file, posts each batch, runs at most `ahead` batches ahead. */
const { file, options, lookupKey, ahead } = workerData as WorkerInput;
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

readDepartmentRows(fs.createReadStream(file), options, (id) => lookupHashWith(key, id), async (batch) => {
  post({ type: 'batch', batch });
  inFlight++;
  while (inFlight > ahead) await new Promise<void>((resolve) => (wake = resolve));
}).then(
  ({ sha256 }) => post({ type: 'done', sha256 }),
  (err: unknown) => post({
    type: 'error', code: err instanceof AppError ? err.code : null, message: err instanceof Error ? err.message : String(err),
  }),
);
