import type { CaseStatus } from '../contracts/case';
import { CASE_STATUS_EXPLAINED, CASE_STATUS_LABELS } from '../contracts/case';
import type { RiskType, Role } from '../contracts/common';
import { ROLE_LABELS } from '../contracts/common';
import { TASK_KIND_LABELS, type ClueChannel, type TaskKind } from '../contracts/task';
import type { CaseSummary } from '../contracts/case';
import { addDaysFor, type Policy } from './policy';
import { PHASE_OF } from './workflow/states';

/**
 * The case workflow as data: for each state, the commands it accepts, and what each produces.
 * Pure: no database, clock or network — `today` and the policy are passed in, effects are returned.
 * This release drives the first step (a clue opens a case awaiting home verification); later steps add rows.
 */
export interface CaseState {
  id: string | null;
  status: CaseStatus;
  clueDate: string;
}

export interface Clue {
  channel: ClueChannel;
  riskTypes: RiskType[];
  description: string;
  foundOn: string;
}

export type CaseEffect =
  | { type: 'event'; event: 'case_opened' | 'clue_added'; data: Record<string, unknown> }
  | { type: 'task'; kind: 'verify'; assigneeRole: Role; dueOn: string };

export interface Transition {
  next: CaseState;
  effects: CaseEffect[];
}

/** Which role must act in each state, and on what. */
export const OWNER_OF = { verifying: { role: 'grid_member', task: 'verify' } } as const satisfies Partial<
  Record<CaseStatus, { role: Role; task: TaskKind }>
>;

/**
 * The identification decision is due this many days after the clue, counted as the policy says (calendar or working
 * days, addDaysFor); every step before it works to that date.
 */
export function identificationDue(clueDate: string, policy: Policy): string {
  return addDaysFor(policy)(clueDate, policy.identificationDays);
}

/**
 * A risk clue arrives (any channel). No open case → one opens, awaiting home verification, and the grid member of
 * the household's group gets a task due by the identification deadline. An open case → the clue joins it; the clock
 * keeps running from the earliest clue.
 */
export function receiveClue(open: CaseState | null, clue: Clue, policy: Policy): Transition {
  const clueData = { channel: clue.channel, riskTypes: clue.riskTypes, foundOn: clue.foundOn };
  if (!open) {
    const next: CaseState = { id: null, status: 'verifying', clueDate: clue.foundOn };
    const owner = OWNER_OF.verifying;
    return {
      next,
      effects: [
        { type: 'event', event: 'case_opened', data: { status: next.status, clueDate: next.clueDate } },
        { type: 'event', event: 'clue_added', data: clueData },
        { type: 'task', kind: owner.task, assigneeRole: owner.role, dueOn: identificationDue(next.clueDate, policy) },
      ],
    };
  }
  // an earlier clue moves the identification clock back; once identified, a clue only joins the timeline
  const identifying = PHASE_OF[open.status] === 'identification';
  const clueDate = identifying && clue.foundOn < open.clueDate ? clue.foundOn : open.clueDate;
  return { next: { ...open, clueDate }, effects: [{ type: 'event', event: 'clue_added', data: clueData }] };
}

/** What the household and staff are shown about a case: its state in words and the next deadline with its owner. */
export function summariseCase(
  c: { id: string; status: CaseStatus; clueDate: string },
  nextTask: { kind: TaskKind; dueOn: string; assigneeRole: Role } | null,
): CaseSummary {
  return {
    id: c.id,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    explanation: CASE_STATUS_EXPLAINED[c.status],
    clueDate: c.clueDate,
    nextDeadline: nextTask
      ? {
          date: nextTask.dueOn,
          label: TASK_KIND_LABELS[nextTask.kind],
          ownerRole: nextTask.assigneeRole,
          ownerLabel: ROLE_LABELS[nextTask.assigneeRole],
        }
      : null,
  };
}
