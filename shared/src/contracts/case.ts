import { z } from 'zod';
import { RoleSchema } from './common';

/** States of a case that this release drives; later stages extend this union. */
export const CaseStatusSchema = z.enum(['verifying']);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = { verifying: '待入户核实' };
/** What the household is told about each state, in plain words. */
export const CASE_STATUS_EXPLAINED: Record<CaseStatus, string> = {
  verifying: '已收到您的申报。本组网格员会在期限内上门核实情况，请保持电话畅通。',
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
