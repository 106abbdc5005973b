import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { Role } from '@shared/contracts/common';
import { IMPORT_ERRORS_SHOWN, type ImportJobView } from '@shared/contracts/imports';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import {
  checkHeader, headerProblemText, isBlankRow, rowCells, validateImportRow, type HeaderCheck, type ImportRow,
} from '@shared/domain/household-import';
import { maskIdNumber } from '@shared/domain/id-number';
import { maskPhone } from '@shared/domain/masking';
import type { DataProtector } from '../adapters/data-protector';
import { ByteCounter, fileKindOf, readSheetRows } from '../adapters/import-file';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import {
  applyImport, checkAcrossRows, clearStaging, countRejectedRows, finishJob, insertErrors, insertJob, loadJob,
  setPhase, stageRows, updateProgress, type ApplyCounts, type StagedRow, type StoredImportError,
} from '../store/imports';

/** Who imports: the job records them, and their area bounds what the file may touch (null: the whole registry). */
export interface Importer {
  userId: string | null;
  role: Role | null;
  areaPath: string | null;
}

export interface ImportSource {
  fileName: string;
  bytesTotal: number;
  /** Opened once, read as a stream. */
  open(): Readable;
}

export interface ImportProgress {
  rowsRead: number;
  rowsRejected: number;
  bytesRead: number;
  bytesTotal: number;
  phase: 'reading' | 'checking';
}

export interface ImportOptions {
  importer: Importer;
  now: Date;
  /** Chosen by the caller (the H5 client polls it while uploading); a new one otherwise. */
  jobId?: string;
  /** Rows per staging batch; each batch is one transaction and one progress update. */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

const BATCH_SIZE = 2000;

function protect(r: ImportRow, p: DataProtector): StagedRow {
  return {
    row: r.row, householdNumber: r.householdNumber,
    newCode: r.relation === 'head' ? crypto.randomBytes(16).toString('base64url') : null,
    headName: r.headName, name: r.name, relation: r.relation, gender: r.gender, birthDate: r.birthDate,
    idCipher: p.encrypt(r.idNumber), idHash: p.lookupHash(r.idNumber), idMasked: maskIdNumber(r.idNumber),
    phoneCipher: r.phone ? p.encrypt(r.phone) : null, phoneHash: r.phone ? p.lookupHash(r.phone) : null,
    phoneMasked: r.phone ? maskPhone(r.phone) : null,
    health: r.health, disabilityLevel: r.disabilityLevel, labour: r.labour, schooling: r.schooling,
    county: r.county, township: r.township, village: r.village, group: r.group, category: r.category,
    liftedYear: r.liftedYear, lowIncome: r.lowIncome, extremePoverty: r.extremePoverty,
    incomePerCapitaYuan: r.incomePerCapitaYuan,
  };
}

function summary(rowsRead: number, rejected: number, c: ApplyCounts): string {
  const hUpdated = c.householdsUpserted - c.householdsCreated;
  const mUpdated = c.membersUpserted - c.membersCreated;
  return `共读取 ${rowsRead} 行：${rowsRead - rejected} 行通过检查，${rejected} 行有误未导入。` +
    `新增 ${c.householdsCreated} 户、更新 ${hUpdated} 户；新增 ${c.membersCreated} 人、更新 ${mUpdated} 人；其余与系统中一致，未作改动。`;
}

/**
 * 导入农户: reads the file a row at a time, checks each row on its own and stages the good ones (ID and phone
 * numbers encrypted) in batches, then — in one transaction — runs the checks across rows and against the registry
 * and upserts what passed. Bad rows are listed in import_errors with row, column and reason; they change nothing.
 * A file with a wrong header is refused whole (IMPORT.BAD_HEADER), as is a file that cannot be read.
 */
export async function importHouseholds(deps: Deps, source: ImportSource, opts: ImportOptions): Promise<ImportJobView> {
  const kind = fileKindOf(source.fileName);
  if (!kind) throw new AppError('IMPORT.UNSUPPORTED_FILE');
  const jobId = opts.jobId ?? crypto.randomUUID();
  const scope = opts.importer.areaPath ?? '/';
  const today = chinaDate(opts.now);
  const created = await insertJob(deps.db, {
    id: jobId, fileName: source.fileName, createdBy: opts.importer.userId, areaPath: opts.importer.areaPath,
    bytesTotal: source.bytesTotal, now: opts.now,
  });
  if (!created) throw new AppError('IMPORT.JOB_EXISTS');

  const batchSize = opts.batchSize ?? BATCH_SIZE;
  const counter = new ByteCounter();
  let rowsRead = 0;
  let rowsRejected = 0;
  try {
    const input = source.open();
    input.on('error', (err) => counter.destroy(err));
    input.pipe(counter);

    let header: HeaderCheck | null = null;
    let staged: StagedRow[] = [];
    let errors: StoredImportError[] = [];
    const flush = async () => {
      const [rows, errs] = [staged, errors];
      staged = [];
      errors = [];
      await deps.db.transaction(async (tx) => {
        await stageRows(tx, jobId, rows);
        await insertErrors(tx, jobId, errs);
        await updateProgress(tx, jobId, { rowsRead, rowsRejected, bytesRead: counter.bytes });
      });
      opts.onProgress?.({ rowsRead, rowsRejected, bytesRead: counter.bytes, bytesTotal: source.bytesTotal, phase: 'reading' });
    };

    for await (const { row, cells } of readSheetRows(counter, kind)) {
      if (isBlankRow(cells)) continue;
      if (!header) {
        header = checkHeader(cells);
        if (!header.ok) throw new AppError('IMPORT.BAD_HEADER', headerProblemText(header));
        continue;
      }
      if (!header.ok) continue;
      rowsRead++;
      const checked = validateImportRow(rowCells(cells, header.index), row, today);
      if (checked.ok) staged.push(protect(checked.value, deps.protector));
      else {
        rowsRejected++;
        errors.push(...checked.errors);
      }
      if (staged.length + errors.length >= batchSize) await flush();
    }
    if (!header) header = checkHeader([]); // an empty file: every column is missing
    if (!header.ok) throw new AppError('IMPORT.BAD_HEADER', headerProblemText(header));
    await flush();

    await setPhase(deps.db, jobId, 'checking');
    opts.onProgress?.({ rowsRead, rowsRejected, bytesRead: counter.bytes, bytesTotal: source.bytesTotal, phase: 'checking' });
    await deps.db.transaction(async (tx) => {
      await checkAcrossRows(tx, jobId, scope);
      const counts = await applyImport(tx, jobId, scope, {
        now: opts.now, actorId: opts.importer.userId, actorRole: opts.importer.role,
      });
      rowsRejected = await countRejectedRows(tx, jobId);
      await finishJob(tx, jobId, { status: 'done', message: summary(rowsRead, rowsRejected, counts), now: opts.now, rowsRejected, counts });
    });
  } catch (err) {
    const message = err instanceof AppError ? err.message : '导入因系统错误中断，没有写入任何户籍数据，请稍后重试';
    await finishJob(deps.db, jobId, { status: 'failed', message, now: opts.now }).catch(() => {});
    throw err;
  } finally {
    counter.destroy();
    await deps.db.transaction((tx) => clearStaging(tx, jobId)).catch(() => {});
  }
  const job = await loadJob(deps.db, jobId, IMPORT_ERRORS_SHOWN);
  if (!job) throw new Error(`import job ${jobId} vanished`);
  return job.view;
}

/** County administrators import for their county. */
export function assertMayImport(actor: Actor): Importer {
  if (actor.role !== 'county_admin' || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  return { userId: actor.userId, role: actor.role, areaPath: actor.areaPath };
}

/** The upload from the H5 client: the file's bytes, decoded from base64, streamed through the same importer. */
export async function importUploadedHouseholds(
  deps: Deps, actor: Actor, input: { jobId: string; fileName: string; contentBase64: string }, now: Date,
): Promise<ImportJobView> {
  const importer = assertMayImport(actor);
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (!fileKindOf(input.fileName)) throw new AppError('IMPORT.UNSUPPORTED_FILE');
  return importHouseholds(deps, {
    fileName: input.fileName, bytesTotal: bytes.length, open: () => Readable.from([bytes]),
  }, { importer, now, jobId: input.jobId });
}

/** A job and its first 500 errors: for the county admins of the importer's area (and the importer). */
export async function getImportJob(deps: Deps, actor: Actor, jobId: string): Promise<ImportJobView> {
  if (actor.role !== 'county_admin') throw new AppError('AUTH.FORBIDDEN');
  const job = await loadJob(deps.db, jobId, IMPORT_ERRORS_SHOWN);
  const visible = job && (job.access.createdBy === actor.userId ||
    (job.access.areaPath !== null && actor.areaPath !== null && job.access.areaPath.startsWith(actor.areaPath)));
  if (!job || !visible) throw new AppError('IMPORT.NOT_FOUND');
  return job.view;
}
