import { z } from 'zod';
import { IdSchema, PlaceSchema, RiskTypeSchema } from './common';
import { HouseholdViewSchema } from './household';

export const TaskKindSchema = z.enum(['verify']);
export const TASK_KIND_LABELS: Record<z.infer<typeof TaskKindSchema>, string> = { verify: '入户核实' };

export const ClueChannelSchema = z.enum(['self_declared']);
export const CLUE_CHANNEL_LABELS: Record<z.infer<typeof ClueChannelSchema>, string> = { self_declared: '农户自主申报' };

export const TaskViewSchema = z.object({
  id: z.string(),
  kind: TaskKindSchema,
  kindLabel: z.string(),
  status: z.enum(['open', 'done']),
  caseId: z.string(),
  householdId: z.string(),
  householdNumber: z.string(),
  headName: z.string(),
  place: PlaceSchema,
  channel: ClueChannelSchema,
  channelLabel: z.string(),
  riskTypes: z.array(RiskTypeSchema),
  clueDate: z.string(),
  dueDate: z.string(),
  /** Days left until the due date, counted in China's calendar from the request time; negative when overdue. */
  daysLeft: z.number().int(),
  createdAt: z.string(),
});
export type TaskView = z.infer<typeof TaskViewSchema>;

export const TaskListResponseSchema = z.object({ tasks: z.array(TaskViewSchema) });
export type TaskListResponse = z.infer<typeof TaskListResponseSchema>;

export const TaskParamsSchema = z.strictObject({ id: IdSchema });

export const ClueViewSchema = z.object({
  id: z.string(),
  channel: ClueChannelSchema,
  channelLabel: z.string(),
  riskTypes: z.array(RiskTypeSchema),
  description: z.string(),
  clueDate: z.string(),
  reportedAt: z.string(),
});

export const TaskDetailResponseSchema = z.object({
  task: TaskViewSchema,
  household: HouseholdViewSchema,
  clues: z.array(ClueViewSchema),
});
export type TaskDetailResponse = z.infer<typeof TaskDetailResponseSchema>;
