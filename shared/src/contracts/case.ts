import { z } from 'zod';
import { RoleSchema } from './common';
import { WORKFLOW_STATES, WORKFLOW_STATE_LABELS } from '../domain/workflow/states';

/** Every state of a case: the workflow's (shared/src/domain/workflow/states.ts). */
export const CaseStatusSchema = z.enum(WORKFLOW_STATES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = WORKFLOW_STATE_LABELS;
/** What the household is told about each state, in plain words (the farmer's own case page reads these). */
export const CASE_STATUS_EXPLAINED: Record<CaseStatus, string> = {
  verifying: '已收到您反映的情况。本组网格员会在期限内上门核实，了解收入和支出，请保持电话畅通，并准备好相关票据。',
  deliberating: '网格员已上门核实。村里会召开民主评议会，大家一起评议您家的情况。',
  notice_due: '村里已评议。评议结果将在村里张贴公示，请留意村务公开栏。',
  notice: '评议结果正在村里公示。公示期满没有异议，将报乡镇审核。',
  township_review: '公示已结束，正在等乡镇审核。',
  county_review: '乡镇已审核通过，正在等县里审定。',
  not_included: '经核实和审核，您家这次不纳入监测对象，原因见下方。如有新的困难，可以随时再次申报。',
  plan_due: '县里已审定，您家已纳入监测。村里会在期限内和您一起制定帮扶计划。',
  plan_made: '帮扶计划已制定，各项措施正在落实。网格员每月会上门走访。',
  tracking: '帮扶措施正在落实，网格员每月上门走访，了解收入和困难的变化。',
  safety_net: '您家由兜底保障政策长期保障，网格员会继续定期走访。',
  elimination_verifying: '您家的情况已经好转，村里提出风险消除，网格员会上门核实。',
  elimination_deliberating: '风险消除已核实，村里会召开民主评议会。',
  elimination_notice_due: '风险消除已评议，结果将在村里张贴公示。',
  elimination_notice: '风险消除正在村里公示。',
  elimination_township_review: '风险消除公示已结束，正在等乡镇审核。',
  elimination_county_review: '风险消除乡镇已审核，正在等县里审定。',
  eliminated: '您家的返贫风险已经消除。以后如有新的困难，可以随时再次申报。',
};

export const DeadlineSchema = z.object({
  date: z.string(),
  /** What must be done by then, e.g. 入户核实. */
  label: z.string(),
  ownerRole: RoleSchema,
  ownerLabel: z.string(),
});

export const CaseSummarySchema = z.object({
  id: z.string(),
  status: CaseStatusSchema,
  statusLabel: z.string(),
  explanation: z.string(),
  clueDate: z.string(),
  nextDeadline: DeadlineSchema.nullable(),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;
