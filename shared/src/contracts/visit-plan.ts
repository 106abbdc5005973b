import { z } from 'zod';
import { PlaceSchema } from './common';
import { PRIORITY_KINDS } from '../domain/visit-plan';

/** ?month=YYYY-MM; without it, the current month in China. */
export const VisitPlanQuerySchema = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM，例如 2026-11' }).optional(),
});
export type VisitPlanQuery = z.infer<typeof VisitPlanQuerySchema>;

export const PriorityFlagSchema = z.object({
  kind: z.enum(PRIORITY_KINDS),
  /** The 八必访 item: 大病或慢性病 … */
  label: z.string(),
  /** What the data shows: 大病1人、慢性病2人 … */
  detail: z.string(),
});

export const VisitPlanItemSchema = z.object({
  householdId: z.string(),
  number: z.string(),
  headName: z.string(),
  place: PlaceSchema,
  /** Why the household is on the plan: a 脱贫户, a monitored household (监测对象), or both. */
  lifted: z.boolean(),
  monitored: z.boolean(),
  /** The monitored case's state in words (监测中（帮扶中） …), or null. */
  caseStatusLabel: z.string().nullable(),
  /** Visited (入户走访 or 帮扶走访) in the plan's month. */
  visited: z.boolean(),
  /** The latest visit on or before the month's last day (YYYY-MM-DD), or null when never visited. */
  lastVisitOn: z.string().nullable(),
  /** The 八必访 priorities the data supports, in their order; empty when none. */
  flags: z.array(PriorityFlagSchema),
});
export type VisitPlanItem = z.infer<typeof VisitPlanItemSchema>;

export const VisitPlanResponseSchema = z.object({
  month: z.string(),
  /** 2026年11月 */
  monthLabel: z.string(),
  counts: z.object({ households: z.number().int(), visited: z.number().int(), flagged: z.number().int() }),
  /** Flagged first, then not yet visited, then by 户编号. */
  households: z.array(VisitPlanItemSchema),
});
export type VisitPlanResponse = z.infer<typeof VisitPlanResponseSchema>;
