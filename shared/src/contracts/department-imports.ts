import { z } from 'zod';
import { MAX_UPLOAD_BASE64_CHARS, MAX_UPLOAD_BYTES } from '../domain/household-import';
import { IdSchema, IsoDateSchema } from './common';
import { ImportErrorViewSchema, ImportStatusSchema } from './imports';

/**
 * 部门筛查预警 (issue 6): a department's monthly file (医保, 民政, 残联 …) is matched against the registry by the keyed
 * hash of the ID number; the rules of its kind (shared/src/domain/department-data.ts) turn hits into department-alert
 * clues; the department follows what became of them (反馈).
 */

/** The kinds of department data, each from one department (DEPARTMENT_DATA_KINDS in the domain holds the columns). */
export const DepartmentDataKindSchema = z.enum([
  'medical', 'social_assistance', 'disability', 'housing', 'education', 'accident', 'job_loss', 'disaster',
], { error: '不是可导入的部门数据类型' });
export type DepartmentDataKind = z.infer<typeof DepartmentDataKindSchema>;

const MB = MAX_UPLOAD_BYTES / 1024 / 1024;

/**
 * Upload from the H5 app: the file's bytes as base64 inside JSON, at most 4 MB of file (as the household import).
 * The department is the kind's own (a department user may only send their department's kinds; the county any).
 * jobId: chosen by the client to poll GET /api/department-imports/{id} while this request runs; a new one otherwise.
 */
export const StartDepartmentImportRequestSchema = z.strictObject({
  jobId: IdSchema.optional(),
  kind: DepartmentDataKindSchema,
  fileName: z.string().trim().min(1).max(200)
    .regex(/\.(xlsx|csv)$/i, { error: '只支持 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）' }),
  contentBase64: z.string()
    .min(1, { error: '文件是空的' })
    .max(MAX_UPLOAD_BASE64_CHARS, { error: `文件过大：网页导入不能超过 ${MB} MB，更大的文件请用命令行导入` })
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '文件内容编码不正确' }),
});
export type StartDepartmentImportRequest = z.infer<typeof StartDepartmentImportRequestSchema>;

/**
 * reading: rows are read, checked and staged (percent follows the bytes of a .csv); matching: the rows are matched to
 * the registry and kept; raising: the rules run and the clues are written; done: finished (or refused).
 */
export const DepartmentImportPhaseSchema = z.enum(['reading', 'matching', 'raising', 'done']);
export type DepartmentImportPhase = z.infer<typeof DepartmentImportPhaseSchema>;
export const DEPARTMENT_IMPORT_PHASE_LABELS: Record<DepartmentImportPhase, string> = {
  reading: '正在读取并检查每一行',
  matching: '正在按身份证号比对户籍信息',
  raising: '正在按预警规则筛查并生成风险线索',
  done: '已结束',
};

/** A row of the file that matched no member of the registry (in the importer's area): listed, raises nothing. */
export const UnmatchedRowViewSchema = z.object({
  /** The row as numbered in the file (the header is row 1). */
  row: z.number().int(),
  /** The name as the department's file gives it. */
  name: z.string(),
  /** The ID number masked (110105********1234); the plain number is never stored. */
  idMasked: z.string(),
});
export type UnmatchedRowView = z.infer<typeof UnmatchedRowViewSchema>;

export const RuleHitsViewSchema = z.object({
  ruleId: z.string(),
  /** The rule as the cadre reads it, e.g. 医疗费用个人自付过高. */
  label: z.string(),
  hits: z.number().int(),
});
export type RuleHitsView = z.infer<typeof RuleHitsViewSchema>;

export const DepartmentImportJobViewSchema = z.object({
  id: z.string(),
  kind: DepartmentDataKindSchema,
  /** 医疗费用个人自付 … */
  kindLabel: z.string(),
  /** 医保局 … */
  department: z.string(),
  fileName: z.string(),
  status: ImportStatusSchema,
  statusLabel: z.string(),
  phase: DepartmentImportPhaseSchema,
  phaseLabel: z.string(),
  bytesRead: z.number().int(),
  bytesTotal: z.number().int(),
  /** Progress 0–100; null while it cannot be told (an .xlsx is unpacked before its rows are read). */
  percent: z.number().int().min(0).max(100).nullable(),
  /** Data rows read (the header and blank rows not counted). */
  rowsRead: z.number().int(),
  /** Good rows whose ID matched a member of the registry in the importer's area. */
  rowsMatched: z.number().int(),
  /** Good rows that matched nobody: listed below, no clue. */
  rowsUnmatched: z.number().int(),
  /** Matched rows already imported before (the same record in an earlier file or twice in this one): nothing raised. */
  rowsRepeated: z.number().int(),
  /** Rows refused by their own checks (bad ID, missing or bad cell …), each reported in errors. */
  rowsRejected: z.number().int(),
  /** Hits of each rule of the kind (every rule listed, 0 included). */
  hitsByRule: z.array(RuleHitsViewSchema),
  /** Clues written (one per household and rule hit); cluesJoined of them joined a case already open. */
  cluesCreated: z.number().int(),
  cluesJoined: z.number().int(),
  /** The summary in a sentence, or why the file was refused. */
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  errorsTotal: z.number().int(),
  /** The first DEPARTMENT_IMPORT_ROWS_SHOWN problems, by row. */
  errors: z.array(ImportErrorViewSchema),
  unmatchedTotal: z.number().int(),
  /** The first DEPARTMENT_IMPORT_ROWS_SHOWN unmatched rows, by row. */
  unmatched: z.array(UnmatchedRowViewSchema),
});
export type DepartmentImportJobView = z.infer<typeof DepartmentImportJobViewSchema>;

export const DEPARTMENT_IMPORT_ROWS_SHOWN = 500;

export const DepartmentImportJobResponseSchema = z.object({ job: DepartmentImportJobViewSchema });
export type DepartmentImportJobResponse = z.infer<typeof DepartmentImportJobResponseSchema>;

export const DepartmentImportParamsSchema = z.strictObject({ id: IdSchema });

export const DepartmentTemplateParamsSchema = z.strictObject({ kind: DepartmentDataKindSchema });

/** A generated spreadsheet: the file name to save it as and its bytes in base64. */
export const SpreadsheetFileSchema = z.object({ fileName: z.string(), contentBase64: z.string() });
export type SpreadsheetFile = z.infer<typeof SpreadsheetFileSchema>;

/** 导入模板: the kind's headers and one synthetic sample row, as .xlsx. */
export const DepartmentTemplateResponseSchema = SpreadsheetFileSchema;
export type DepartmentTemplateResponse = z.infer<typeof DepartmentTemplateResponseSchema>;

/**
 * What became of an alert so far, from its case (反馈):
 *   to_verify     待核实 — waiting for the 入户核实
 *   verifying     核实中 — verified; 民主评议, 公示 or the reviews are under way
 *   monitored     已纳入监测（类别） — the county included the household (also while it is assisted)
 *   not_included  未纳入（原因）
 *   eliminating   风险消除程序中 — monitored, the risk's elimination is being decided
 *   eliminated    已消除
 */
export const AlertOutcomeSchema = z.enum(['to_verify', 'verifying', 'monitored', 'not_included', 'eliminating', 'eliminated']);
export type AlertOutcome = z.infer<typeof AlertOutcomeSchema>;

export const DepartmentAlertViewSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  fileName: z.string(),
  kind: DepartmentDataKindSchema,
  department: z.string(),
  /** "王某某户（红星村一组）": the head's surname and the village and group only. */
  household: z.string(),
  /** The matched member's ID number, masked. */
  memberIdMasked: z.string(),
  ruleId: z.string(),
  ruleLabel: z.string(),
  /** The rule's explanation as shown to the cadre, with the thresholds that applied. */
  explanation: z.string(),
  /** The figures behind the hit in words (e.g. 近12个月个人自付 12,000.00 元 …). */
  summary: z.string(),
  figures: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The clue's date: the import date. */
  clueDate: z.string(),
  /** The alert joined a case that was already open (rather than opening one). */
  joinedOpenCase: z.boolean(),
  caseId: z.string(),
  outcome: AlertOutcomeSchema,
  /** 待核实 / 核实中 / 已纳入监测（边缘易致贫户） / 未纳入（原因） / 风险消除程序中 / 已消除. */
  outcomeLabel: z.string(),
  /** The date of the step that gave the outcome (verification, decision, elimination); null while to_verify. */
  outcomeOn: z.string().nullable(),
  createdAt: z.string(),
});
export type DepartmentAlertView = z.infer<typeof DepartmentAlertViewSchema>;

/**
 * 反馈 list: department users see their department's alerts (within their area), the county all alerts in its
 * county. from/to bound the clue date (inclusive). format=xlsx answers the same list as a spreadsheet.
 */
export const ListDepartmentAlertsQuerySchema = z.strictObject({
  jobId: IdSchema.optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  format: z.enum(['json', 'xlsx']).optional(),
});
export type ListDepartmentAlertsQuery = z.infer<typeof ListDepartmentAlertsQuerySchema>;

/** How many alerts a list shows; the export holds up to DEPARTMENT_ALERTS_EXPORTED, newest first. */
export const DEPARTMENT_ALERTS_SHOWN = 500;
export const DEPARTMENT_ALERTS_EXPORTED = 20_000;

export const ListDepartmentAlertsResponseSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('json'),
    /** How many alerts match the filters; `alerts` holds the newest DEPARTMENT_ALERTS_SHOWN. */
    total: z.number().int(),
    alerts: z.array(DepartmentAlertViewSchema),
  }),
  z.object({ format: z.literal('xlsx'), total: z.number().int(), file: SpreadsheetFileSchema }),
]);
export type ListDepartmentAlertsResponse = z.infer<typeof ListDepartmentAlertsResponseSchema>;
