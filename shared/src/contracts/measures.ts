import { z } from 'zod';
import { IdSchema, PlaceSchema } from './common';

/**
 * 帮扶措施 as records: each measure of an assistance plan (makePlan) with its responsible department or person, due
 * date, status and the evidence it was done with (销号 only with evidence). Department users see the open ones
 * ordered to their department (开单) and report them done.
 */
export const MeasureStatusSchema = z.enum(['open', 'done', 'superseded']);
export type MeasureStatus = z.infer<typeof MeasureStatusSchema>;
export const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = { open: '未完成', done: '已完成', superseded: '已被新计划替换' };

export const ResponsibleSchema = z.object({ kind: z.enum(['department', 'person']), name: z.string() });

/** One measure of a case's plan, as the case detail lists it. */
export const PlanMeasureViewSchema = z.object({
  id: z.string(),
  measure: z.string(),
  /** The member it is for (一人一措施); null for the whole household. */
  memberName: z.string().nullable(),
  responsible: ResponsibleSchema,
  dueOn: z.string(),
  status: MeasureStatusSchema,
  /** Open and past its due date. */
  overdue: z.boolean(),
  planMadeOn: z.string(),
  evidence: z.string().nullable(),
  /** Photos of the evidence (GET /api/files/{id}); empty for the household. */
  photoIds: z.array(z.string()),
  /** The day in China it was reported done. */
  doneOn: z.string().nullable(),
  /** Who reported it done; null for the household. */
  doneByName: z.string().nullable(),
});
export type PlanMeasureView = z.infer<typeof PlanMeasureViewSchema>;

/** A measure as the department it is ordered to sees it: who and where, never ID or phone numbers. */
export const MeasureOrderViewSchema = PlanMeasureViewSchema.extend({
  caseId: z.string(),
  headName: z.string(),
  place: PlaceSchema,
  /** Days until due (negative: overdue). */
  daysLeft: z.number().int(),
});
export type MeasureOrderView = z.infer<typeof MeasureOrderViewSchema>;

export const ListMeasuresQuerySchema = z.strictObject({
  status: z.enum(['open', 'done'], { error: '状态只能是 open 或 done' }).optional(),
});
export type ListMeasuresQuery = z.infer<typeof ListMeasuresQuerySchema>;

export const ListMeasuresResponseSchema = z.object({
  /** The department the list is for (the caller's). */
  department: z.string().nullable(),
  today: z.string(),
  measures: z.array(MeasureOrderViewSchema),
});
export type ListMeasuresResponse = z.infer<typeof ListMeasuresResponseSchema>;

export const MeasureParamsSchema = z.strictObject({ id: IdSchema });

export const CompleteMeasureRequestSchema = z.strictObject({
  evidence: z.string({ error: '请填写办理情况' }).trim().min(4, { error: '请写明办理情况（至少4个字），例如发放金额、办理日期、单据号' })
    .max(1000, { error: '办理情况不能超过1000字' }),
  photoIds: z.array(IdSchema).max(9, { error: '照片最多9张' }).optional(),
  /** Made once per submission by the client; a retried request returns the first answer and changes nothing. */
  requestId: z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' }),
});
export type CompleteMeasureRequest = z.infer<typeof CompleteMeasureRequestSchema>;

export const CompleteMeasureResponseSchema = z.object({
  measure: MeasureOrderViewSchema,
  /** True when this answers a retry of a completion already recorded. */
  replayed: z.boolean(),
});
export type CompleteMeasureResponse = z.infer<typeof CompleteMeasureResponseSchema>;
