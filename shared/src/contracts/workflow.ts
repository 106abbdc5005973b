import { z } from 'zod';
import { IdSchema, IsoDateSchema, PlaceSchema, RiskTypeSchema, RoleSchema } from './common';
import { CaseSummarySchema } from './case';
import { HouseholdViewSchema } from './household';
import { ClueViewSchema, TaskKindSchema } from './task';
import { EligibilityEvaluationSchema, VerificationSchema } from './verification';
import { PlanMeasureViewSchema } from './measures';
import type { WorkflowCommand } from '../domain/workflow/commands';
import { MONITORED_CATEGORIES, PROCEDURE_STEPS } from '../domain/workflow/states';

/**
 * The workflow's commands as they travel: one zod schema per command (shared/src/domain/workflow/commands.ts), so a
 * malformed one is refused with field paths before the workflow sees it. The workflow's guards then judge the content.
 */
const text = (label: string, max = 2000) =>
  z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` }).max(max, { error: `${label}不能超过${max}字` });
const date = (label: string) => IsoDateSchema.describe(label);
const count = (label: string) => z.number({ error: `请填写${label}` }).int({ error: `${label}应为整数` }).min(0, { error: `${label}不能为负数` }).max(10_000);
export const MAX_NOTICE_PHOTOS = 3;
const yuan = (label: string) => z.number({ error: `请填写${label}` }).min(0, { error: `${label}不能为负数` }).max(100_000_000);

export const EliminationFindingsSchema = z.strictObject({
  incomePerCapitaYuan: yuan('人均纯收入'),
  basicNeedsSecured: z.boolean(),
  identifiedRiskRemoved: z.boolean(),
  noNewRisk: z.boolean(),
});

export const VerifyCommandSchema = z.strictObject({
  type: z.literal('verify'),
  verifiedOn: date('核实日期'),
  findings: text('核实情况'),
  authorisationSigned: z.boolean().optional(),
  verification: VerificationSchema.optional(),
  elimination: EliminationFindingsSchema.optional(),
});
export const DeliberateCommandSchema = z.strictObject({
  type: z.literal('deliberate'),
  heldOn: date('评议日期'),
  attendees: z.array(text('参会人员姓名', 20), { error: '请填写参会人员' }).min(1, { error: '请填写参会人员' }).max(200),
  votesFor: count('赞成票'),
  votesAgainst: count('反对票'),
  votesAbstain: count('弃权票'),
  minutes: text('评议记录'),
});
export const StartNoticeCommandSchema = z.strictObject({
  type: z.literal('startNotice'), startOn: date('公示开始日期'), endOn: date('公示结束日期'),
  /** Photos of the notice as posted (POST /api/files). */
  photoIds: z.array(IdSchema, { error: '照片列表格式不正确' }).max(MAX_NOTICE_PHOTOS, { error: `公示照片最多${MAX_NOTICE_PHOTOS}张` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一张照片不能重复添加' }).optional(),
});
export const ObjectCommandSchema = z.strictObject({
  type: z.literal('object'), objectionId: IdSchema, raisedOn: date('异议日期'), content: text('异议内容', 1000),
});
export const ResolveObjectionCommandSchema = z.strictObject({
  type: z.literal('resolveObjection'),
  objectionId: IdSchema,
  outcome: z.enum(['upheld', 'dismissed'], { error: '请选择异议是否成立' }),
  verifiedOn: date('核实日期'),
  findings: text('核实情况'),
});
export const EndNoticeCommandSchema = z.strictObject({ type: z.literal('endNotice') });
export const ApproveAtTownshipCommandSchema = z.strictObject({ type: z.literal('approveAtTownship'), opinion: text('审核意见') });
export const ApproveAtCountyCommandSchema = z.strictObject({
  type: z.literal('approveAtCounty'),
  category: z.enum(MONITORED_CATEGORIES, { error: '请选择监测对象类别' }),
  riskTypes: z.array(RiskTypeSchema).max(13).refine((a) => new Set(a).size === a.length, { error: '风险类型不能重复' }),
  identifiedOn: date('审定日期'),
  opinion: text('审定意见'),
});
export const ReturnCaseCommandSchema = z.strictObject({
  type: z.literal('returnCase'), reason: z.string().trim().max(1000), resumeAt: z.enum(PROCEDURE_STEPS).optional(),
});
export const NotIncludeCommandSchema = z.strictObject({ type: z.literal('notInclude'), reason: z.string().trim().max(1000) });
export const PlanMeasureSchema = z.strictObject({
  measure: text('帮扶措施', 100),
  memberName: z.string().trim().max(20).nullable(),
  responsible: z.strictObject({ kind: z.enum(['department', 'person']), name: z.string().trim().max(50) }),
  dueOn: date('完成期限'),
});
export const MakePlanCommandSchema = z.strictObject({
  type: z.literal('makePlan'), madeOn: date('制定日期'), measures: z.array(PlanMeasureSchema).max(30, { error: '帮扶措施最多30项' }),
});
export const RecordTrackingCommandSchema = z.strictObject({
  type: z.literal('recordTracking'),
  visitedOn: date('走访日期'),
  note: text('走访情况'),
  incomePerCapitaYuan: yuan('人均纯收入').nullable(),
  newRisk: z.boolean(),
  /** Photos of the visit (POST /api/files), listed by id. */
  photoIds: z.array(IdSchema, { error: '照片列表格式不正确' }).max(9, { error: '最多上传9张照片' }).optional(),
});
export const ProposeEliminationCommandSchema = z.strictObject({
  type: z.literal('proposeElimination'), proposedOn: date('提出日期'), reason: text('提出理由'),
});
export const ApproveEliminationCommandSchema = z.strictObject({
  type: z.literal('approveElimination'),
  method: z.enum(['stable', 'natural'], { error: '请选择消除方式' }),
  eliminatedOn: date('审定日期'),
  opinion: text('审定意见'),
});
export const MarkSafetyNetCommandSchema = z.strictObject({ type: z.literal('markSafetyNet'), opinion: text('审定意见') });
export const KeepMonitoringCommandSchema = z.strictObject({ type: z.literal('keepMonitoring'), reason: z.string().trim().max(1000) });

export const CaseCommandSchema = z.discriminatedUnion('type', [
  VerifyCommandSchema, DeliberateCommandSchema, StartNoticeCommandSchema, ObjectCommandSchema,
  ResolveObjectionCommandSchema, EndNoticeCommandSchema, ApproveAtTownshipCommandSchema, ApproveAtCountyCommandSchema,
  ReturnCaseCommandSchema, NotIncludeCommandSchema, MakePlanCommandSchema, RecordTrackingCommandSchema,
  ProposeEliminationCommandSchema, ApproveEliminationCommandSchema, MarkSafetyNetCommandSchema, KeepMonitoringCommandSchema,
], { error: '不是可办理的操作' });
export type CaseCommand = z.infer<typeof CaseCommandSchema>;
// every parsed command is a workflow command, and every workflow command has a schema
const _parsedIsWorkflow = (c: CaseCommand): WorkflowCommand => c;
const _everyCommandHasSchema = (c: WorkflowCommand): CaseCommand['type'] => c.type;
void _parsedIsWorkflow; void _everyCommandHasSchema;

export const CaseParamsSchema = z.strictObject({ id: IdSchema });

export const RunCaseCommandRequestSchema = z.strictObject({
  command: CaseCommandSchema,
  /** The case version the person saw; if it has moved on, the command is refused (CASE.VERSION_CONFLICT). */
  expectedVersion: z.number().int().min(1),
  /** Made once per submission by the client; a retried request returns the first answer and changes nothing. */
  requestId: z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' }),
  /** 优亲厚友: an unrelated cadre of the same level who acts together with a related one. */
  cosignerId: IdSchema.nullable().optional(),
});
export type RunCaseCommandRequest = z.infer<typeof RunCaseCommandRequestSchema>;

export const TimelineEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** The day in China the act is dated. */
  on: z.string(),
  type: z.string(),
  label: z.string(),
  /** One line in plain words: what happened and, where there is one, the reason. */
  summary: z.string(),
  actorRole: RoleSchema.nullable(),
  actorLabel: z.string(),
  /** Staff see who acted; the household sees the role only. */
  actorName: z.string().nullable(),
  fromLabel: z.string().nullable(),
  toLabel: z.string().nullable(),
  /** The command or clue as recorded, for staff; null for the household. */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const ObjectionViewSchema = z.object({ id: z.string(), raisedOn: z.string(), content: z.string() });

export const CaseDetailResponseSchema = z.object({
  case: CaseSummarySchema.extend({
    version: z.number().int(),
    isOpen: z.boolean(),
    place: PlaceSchema,
    notice: z.object({ startOn: z.string(), endOn: z.string() }).nullable(),
    /** The 村内公示 text as posted (shared/src/domain/notice.ts: nothing sensitive), while the case is in its notice. */
    noticeText: z.string().nullable(),
    openObjections: z.array(ObjectionViewSchema),
    identifiedOn: z.string().nullable(),
    category: z.enum(MONITORED_CATEGORIES).nullable(),
    categoryLabel: z.string().nullable(),
    riskTypes: z.array(RiskTypeSchema),
    /** The decision the household was told (不予纳入 / 退回 reason), in plain words; null while none. */
    outcome: z.string().nullable(),
  }),
  household: HouseholdViewSchema,
  clues: z.array(ClueViewSchema),
  timeline: z.array(TimelineEntrySchema),
  openTasks: z.array(z.object({ kind: TaskKindSchema, label: z.string(), dueOn: z.string(), ownerRole: RoleSchema, ownerLabel: z.string() })),
  /** What this person may do now (their role, this stage); empty for the household and for closed cases. */
  actions: z.array(z.object({ command: z.string(), label: z.string() })),
  /** Today in China, for forms' default dates. */
  today: z.string(),
  /** The policy of the household's region this year, for the forms (the eligibility preview, the notice length). */
  policy: z.object({
    monitoringLineYuan: z.number(), noticeMinDays: z.number().int(), dayCount: z.enum(['calendar', 'working']),
    /** The earliest end of a notice posted today. */
    noticeEarliestEndOn: z.string().nullable(),
  }),
  /** The eligibility evaluation of the latest 入户核实 record (staff only; people decide). */
  evaluation: EligibilityEvaluationSchema.nullable(),
  /** The assistance plan's measures (the current plan's, and what earlier plans got done), with status and evidence. */
  measures: z.array(PlanMeasureViewSchema),
});
export type CaseDetailResponse = z.infer<typeof CaseDetailResponseSchema>;

export const RunCaseCommandResponseSchema = CaseDetailResponseSchema.extend({
  /** True when this answers a retry of a command that was already applied. */
  replayed: z.boolean(),
});
export type RunCaseCommandResponse = z.infer<typeof RunCaseCommandResponseSchema>;
