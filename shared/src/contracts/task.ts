import { z } from 'zod';
import { IdSchema, PlaceSchema, RiskTypeSchema } from './common';
import { HouseholdViewSchema } from './household';
import { WORKFLOW_TASK_KINDS, WORKFLOW_TASK_LABELS } from '../domain/workflow/effects';

export const TaskKindSchema = z.enum(WORKFLOW_TASK_KINDS);
export type TaskKind = z.infer<typeof TaskKindSchema>;
export const TASK_KIND_LABELS: Record<TaskKind, string> = WORKFLOW_TASK_LABELS;

/** The three channels a risk clue comes from (DOMAIN.md "Where clues come from"). */
export const ClueChannelSchema = z.enum(['self_declared', 'grid_visit', 'department_alert']);
export type ClueChannel = z.infer<typeof ClueChannelSchema>;
export const CLUE_CHANNEL_LABELS: Record<ClueChannel, string> = {
  self_declared: '农户自主申报', grid_visit: '网格员走访发现', department_alert: '部门筛查预警',
};

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
export type ClueView = z.infer<typeof ClueViewSchema>;

export const TaskDetailResponseSchema = z.object({
  task: TaskViewSchema,
  household: HouseholdViewSchema,
  clues: z.array(ClueViewSchema),
});
export type TaskDetailResponse = z.infer<typeof TaskDetailResponseSchema>;
