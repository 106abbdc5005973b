import { z } from 'zod';
import { IdSchema, IsoDateSchema, RiskTypeSchema } from './common';
import { CaseSummarySchema } from './case';

/**
 * A risk clue from staff: a grid member's or village cadre's visit (网格员走访发现), or a department's alert
 * (部门筛查预警: a department user, or the county entering one by hand). Self-declaration has its own route.
 */
export const ReportClueRequestSchema = z.strictObject({
  householdId: IdSchema,
  channel: z.enum(['grid_visit', 'department_alert'], { error: '请选择线索来源' }),
  riskTypes: z
    .array(RiskTypeSchema, { error: '请选择风险类型' })
    .min(1, { error: '请至少选择一种风险类型' })
    .max(13)
    .refine((a) => new Set(a).size === a.length, { error: '风险类型不能重复' }),
  description: z.string({ error: '请说明发现的情况' }).trim().min(4, { error: '请用几句话说明发现的情况（至少4个字）' })
    .max(1000, { error: '情况说明不能超过1000字' }),
  /** The day the risk was found: the identification clock starts here. Not after today. */
  foundOn: IsoDateSchema,
  /** For a department alert: which department's data (e.g. 医保局). Filled from the account for department users. */
  department: z.string().trim().min(1).max(30).optional(),
  clientKey: z.string({ error: '缺少线索编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '线索编号格式不正确' }),
});
export type ReportClueRequest = z.infer<typeof ReportClueRequestSchema>;

export const ReportClueResponseSchema = z.object({
  clueId: z.string(),
  case: CaseSummarySchema,
  /** False when the clue joined the household's open case. */
  openedCase: z.boolean(),
  replayed: z.boolean(),
});
export type ReportClueResponse = z.infer<typeof ReportClueResponseSchema>;
