import { z } from 'zod';
import { AreaRefSchema, PlaceSchema, RoleSchema } from './common';
import { isCalendarDate } from '../domain/supervision';

/**
 * 督导: what township reviewers (their villages), the county (everything) and inspectors (read-only) see of deadlines —
 * the overdue and due-soon work of the workflow and the departments' measures, counted per township and village —
 * the timeliness of decisions and plans over a period, and the pushes that did not reach their person.
 */

const AreaIdSchema = z.string({ error: '地区编号格式不正确' }).trim().min(1, { error: '地区编号不能为空' })
  .max(64, { error: '地区编号格式不正确' });

export const DeadlineStatusSchema = z.enum(['overdue', 'due_soon'], { error: '状态只能是 overdue（已逾期）或 due_soon（即将到期）' });
export type DeadlineStatus = z.infer<typeof DeadlineStatusSchema>;

/** ?status=overdue|due_soon (default overdue) &areaId= (a township or village within the caller's area). */
export const SupervisionDeadlinesQuerySchema = z.strictObject({
  status: DeadlineStatusSchema.optional(),
  areaId: AreaIdSchema.optional(),
});
export type SupervisionDeadlinesQuery = z.infer<typeof SupervisionDeadlinesQuerySchema>;

export const PushProblemSchema = z.enum(['no_grant', 'no_openid', 'refused', 'failed']);

/** A person who must act on a row, and whether the latest push to them about that case went undelivered. */
export const DeadlineOwnerSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** The latest WeChat push to them about this case was parked (unreachable or failed): only the inbox has it. */
  unreachable: z.boolean(),
  reason: PushProblemSchema.nullable(),
  /** 未订阅消息 / 未绑定微信 / 拒收 / 推送失败 */
  reasonLabel: z.string().nullable(),
});
export type DeadlineOwner = z.infer<typeof DeadlineOwnerSchema>;

export const DeadlineItemSchema = z.object({
  /** A workflow task (入户核实 …) or a department's measure of an assistance plan. */
  kind: z.enum(['task', 'measure']),
  id: z.string(),
  /** The staff case page opens it. */
  caseId: z.string(),
  /** The task label (入户核实, 乡镇审核 …) or the measure (医疗救助 …). */
  label: z.string(),
  headName: z.string(),
  householdNumber: z.string(),
  place: PlaceSchema,
  /** Whose work: the role (网格员, 村两委 …) or, for a measure, the department (医保局 …). */
  ownerRole: RoleSchema,
  ownerLabel: z.string(),
  dueOn: z.string(),
  /** Days past the due date (0 when not yet due). */
  daysOverdue: z.number().int(),
  /** Days until the due date (negative when overdue). */
  daysLeft: z.number().int(),
  owners: z.array(DeadlineOwnerSchema),
});
export type DeadlineItem = z.infer<typeof DeadlineItemSchema>;

export const DeadlineCountsSchema = z.object({ overdue: z.number().int(), dueSoon: z.number().int() });
export type DeadlineCounts = z.infer<typeof DeadlineCountsSchema>;

export const VillageCountsSchema = DeadlineCountsSchema.extend({ areaId: z.string(), name: z.string() });
export const TownshipCountsSchema = VillageCountsSchema.extend({ villages: z.array(VillageCountsSchema) });
export type TownshipCounts = z.infer<typeof TownshipCountsSchema>;

export const SupervisionDeadlinesResponseSchema = z.object({
  today: z.string(),
  /** Due soon means due from today up to this day (the reminders' lead time). */
  soonUntil: z.string(),
  /** The area the answer covers. */
  area: AreaRefSchema,
  status: DeadlineStatusSchema,
  /** Every open task and department measure of the area, counted — never capped. */
  counts: z.object({ total: DeadlineCountsSchema, townships: z.array(TownshipCountsSchema) }),
  /** The rows of `status`: the most overdue (or soonest due) first, at most `limit`. */
  items: z.array(DeadlineItemSchema),
  limit: z.number().int(),
  truncated: z.boolean(),
});
export type SupervisionDeadlinesResponse = z.infer<typeof SupervisionDeadlinesResponseSchema>;

const PeriodDateSchema = z.string({ error: '请填写日期' })
  .refine(isCalendarDate, { error: '日期应为实际存在的日期，格式 YYYY-MM-DD，例如 2026-01-01' });

/** ?from=&to= (YYYY-MM-DD, default: 1 January of this year to today) &areaId= */
export const TimelinessQuerySchema = z.strictObject({
  from: PeriodDateSchema.optional(),
  to: PeriodDateSchema.optional(),
  areaId: AreaIdSchema.optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { error: '开始日期不能晚于结束日期', path: ['from'] });
export type TimelinessQuery = z.infer<typeof TimelinessQuerySchema>;

export const RateSchema = z.object({
  onTime: z.number().int(),
  late: z.number().int(),
  /** Not yet decided (or planned) and the deadline not yet passed: left out of the total. */
  pending: z.number().int(),
  total: z.number().int(),
  /** onTime / total; null when there is nothing to judge. */
  rate: z.number().nullable(),
});

export const TimelinessRatesSchema = z.object({
  /** Cases whose clue came in the period: decided (县级审定 or 不予纳入) within the identification days of the clue. */
  identification: RateSchema,
  /** Cases identified in the period: the assistance plan made within the plan days of identification. */
  plan: RateSchema,
});
export type TimelinessRates = z.infer<typeof TimelinessRatesSchema>;

export const VillageTimelinessSchema = TimelinessRatesSchema.extend({ areaId: z.string(), name: z.string() });
export const TownshipTimelinessSchema = VillageTimelinessSchema.extend({ villages: z.array(VillageTimelinessSchema) });

export const TimelinessResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  today: z.string(),
  area: AreaRefSchema,
  /** The policy of the area for the period's last year, for the labels (15天, 10天); null when none is set. */
  policy: z.object({ identificationDays: z.number().int(), planDays: z.number().int(), dayCount: z.enum(['calendar', 'working']) }).nullable(),
  overall: TimelinessRatesSchema,
  townships: z.array(TownshipTimelinessSchema),
});
export type TimelinessResponse = z.infer<typeof TimelinessResponseSchema>;

export const UnreachableQuerySchema = z.strictObject({ areaId: AreaIdSchema.optional() });

/** A push that was parked: the person, why, and what it was about. */
export const UnreachablePushSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  role: RoleSchema,
  roleLabel: z.string(),
  /** Where the person works (their area), or the household's village and group for a farmer. */
  areaName: z.string(),
  reason: PushProblemSchema,
  reasonLabel: z.string(),
  title: z.string(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
});
export type UnreachablePush = z.infer<typeof UnreachablePushSchema>;

export const UnreachableResponseSchema = z.object({
  area: AreaRefSchema,
  /** Newest first, at most `limit`. */
  pushes: z.array(UnreachablePushSchema),
  limit: z.number().int(),
  truncated: z.boolean(),
});
export type UnreachableResponse = z.infer<typeof UnreachableResponseSchema>;
