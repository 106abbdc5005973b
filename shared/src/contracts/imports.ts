import { z } from 'zod';
import { MAX_UPLOAD_BASE64_CHARS, MAX_UPLOAD_BYTES } from '../domain/household-import';
import { IdSchema } from './common';

const MB = MAX_UPLOAD_BYTES / 1024 / 1024;

/**
 * 县 staff upload a spreadsheet of households from the H5 app: the file's bytes as base64 inside JSON (works the same
 * through the local gateway and API Gateway → Lambda, whose request limit is 6 MB), at most 4 MB of file.
 * The client chooses the job id, so it can poll the job's progress while this request is still running.
 */
export const StartHouseholdImportRequestSchema = z.strictObject({
  jobId: IdSchema,
  fileName: z.string().trim().min(1).max(200)
    .regex(/\.(xlsx|csv)$/i, { error: '只支持 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）' }),
  contentBase64: z.string()
    .min(1, { error: '文件是空的' })
    .max(MAX_UPLOAD_BASE64_CHARS, { error: `文件过大：网页导入不能超过 ${MB} MB，更大的文件请用命令行导入` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '文件内容编码不正确' }),
});
export type StartHouseholdImportRequest = z.infer<typeof StartHouseholdImportRequestSchema>;

export const ImportStatusSchema = z.enum(['running', 'done', 'failed']);
export const IMPORT_STATUS_LABELS: Record<z.infer<typeof ImportStatusSchema>, string> = {
  running: '导入中', done: '已完成', failed: '未导入',
};
/** reading: rows are read and checked one by one; checking: the checks across rows and the registry, and the writing. */
export const ImportPhaseSchema = z.enum(['reading', 'checking', 'done']);
export const IMPORT_PHASE_LABELS: Record<z.infer<typeof ImportPhaseSchema>, string> = {
  reading: '正在读取并检查每一行', checking: '正在核对重复证件号码、村组和户主，并写入', done: '已结束',
};

export const ImportErrorViewSchema = z.object({
  /** The row as numbered in the file (the header is row 1). */
  row: z.number().int(),
  /** The Chinese column header; null when the problem is the whole row. */
  column: z.string().nullable(),
  reason: z.string(),
});
export type ImportErrorView = z.infer<typeof ImportErrorViewSchema>;

export const ImportJobViewSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: ImportStatusSchema,
  statusLabel: z.string(),
  phase: ImportPhaseSchema,
  phaseLabel: z.string(),
  /** Data rows read so far (the header not counted). */
  rowsRead: z.number().int(),
  rowsRejected: z.number().int(),
  /** Progress of reading the file, 0–100; null while it cannot be told (an .xlsx is unpacked before its rows are read). */
  percent: z.number().int().min(0).max(100).nullable(),
  householdsCreated: z.number().int(),
  householdsUpdated: z.number().int(),
  membersCreated: z.number().int(),
  membersUpdated: z.number().int(),
  /** The summary in a sentence, or why the file was refused. */
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** How many problems were found in all; `errors` holds the first 500, by row. */
  errorsTotal: z.number().int(),
  errors: z.array(ImportErrorViewSchema),
});
export type ImportJobView = z.infer<typeof ImportJobViewSchema>;

export const ImportJobResponseSchema = z.object({ job: ImportJobViewSchema });
export type ImportJobResponse = z.infer<typeof ImportJobResponseSchema>;

export const ImportJobParamsSchema = z.strictObject({ id: IdSchema });

/** How many errors a job view carries. */
export const IMPORT_ERRORS_SHOWN = 500;
