import type { RiskType, Role } from '../../contracts/common';
import type { WorkflowCommand } from './commands';
import { calendarDays, type WorkflowContext } from './context';
import type { GuardInput } from './guards';
import { PHASE_OF, type EliminationMethod, type MonitoredCategory, type Procedure, type WorkflowState } from './states';

/** Work the workflow hands to people: the next owner's task, with a computed due date. */
export const WORKFLOW_TASK_KINDS = [
  'verify', 'deliberate', 'post_notice', 'end_notice', 'verify_objection', 'township_review', 'county_review',
  'make_plan', 'track',
] as const;
export type WorkflowTaskKind = (typeof WORKFLOW_TASK_KINDS)[number];
export const WORKFLOW_TASK_LABELS: Record<WorkflowTaskKind, string> = {
  verify: '入户核实', deliberate: '民主评议', post_notice: '张贴村内公示', end_notice: '公示期满报乡镇审核',
  verify_objection: '核实公示异议', township_review: '乡镇审核', county_review: '县级审定', make_plan: '制定帮扶计划',
  track: '帮扶走访',
};

/** Timeline events, one per accepted command. */
export type WorkflowEventName =
  | 'verified' | 'deliberated' | 'notice_started' | 'objection_raised' | 'objection_resolved' | 'notice_ended'
  | 'township_approved' | 'county_approved' | 'returned' | 'not_included' | 'plan_made' | 'tracking_recorded'
  | 'elimination_proposed' | 'elimination_approved' | 'safety_net_marked' | 'elimination_stopped';

/** Message templates; recipient 'farmer' means the household's own bound accounts, other roles the staff over its area. */
export type NotificationTemplate =
  | 'case.notice_posted' | 'case.objection_raised' | 'case.returned' | 'case.not_included' | 'case.identified'
  | 'case.plan_made' | 'case.orders_due' | 'case.new_risk' | 'case.eliminated' | 'case.safety_net_marked'
  | 'case.elimination_stopped';

/** What the national system must show about the household (监测对象 标注). */
export type MonitoringChange =
  | { action: 'start'; category: MonitoredCategory; riskTypes: RiskType[]; identifiedOn: string }
  | { action: 'end'; method: EliminationMethod; eliminatedOn: string }
  | { action: 'mark_safety_net'; markedOn: string };

export type WorkflowEffect =
  | {
      type: 'event'; name: WorkflowEventName; on: string; from: WorkflowState; to: WorkflowState;
      by: { userId: string; role: Role }; cosignedBy: string | null; command: WorkflowCommand;
    }
  | { type: 'task'; kind: WorkflowTaskKind; procedure: Procedure | 'monitoring'; assigneeRole: Role; dueOn: string; ref: string | null }
  | { type: 'task_done'; kind: WorkflowTaskKind; ref: string | null }
  | { type: 'notify'; recipientRole: Role; template: NotificationTemplate; data: Record<string, string> }
  | { type: 'monitoring'; change: MonitoringChange };

export interface EffectInput<C extends WorkflowCommand> extends GuardInput<C> { to: WorkflowState }

/** A named piece of what an accepted command produces. */
export interface EffectRule<C extends WorkflowCommand> {
  readonly name: string;
  emit(input: EffectInput<C>): WorkflowEffect[];
}
function rule<C extends WorkflowCommand>(name: string, emit: (i: EffectInput<C>) => WorkflowEffect[]): EffectRule<C> {
  return { name, emit };
}

// ── deadlines: procedural ones use the plugged-in calendar, monitoring intervals calendar days ─────────────────
const add = (ctx: WorkflowContext) => ctx.addDays ?? calendarDays;

/** DOMAIN.md: clue → decision within policy.identificationDays; every identification step works to that date. */
export const identificationDeadline = (ctx: WorkflowContext): string =>
  add(ctx)(ctx.facts.clueDate, ctx.policy.identificationDays);

/** The elimination procedure runs on the same clock from its proposal ("Same procedure as identification"). */
export function eliminationDeadline(i: EffectInput<WorkflowCommand>): string {
  const start = i.command.type === 'proposeElimination' ? i.command.proposedOn : i.ctx.facts.eliminationProposedOn ?? i.ctx.today;
  return add(i.ctx)(start, i.ctx.policy.identificationDays);
}

const procedureDeadline = (i: EffectInput<WorkflowCommand>) =>
  (PHASE_OF[i.to] === 'elimination' ? eliminationDeadline(i) : identificationDeadline(i.ctx));

/** The notice task falls due on the notice's end date. */
const noticeEnd = (i: EffectInput<WorkflowCommand>) =>
  (i.command.type === 'startNotice' ? i.command.endOn : i.ctx.facts.notice?.endOn ?? procedureDeadline(i));

/** DOMAIN.md: the assistance plan within policy.planDays of identification. */
const planDeadline = (i: EffectInput<WorkflowCommand>) => {
  const since = i.command.type === 'approveAtCounty' ? i.command.identifiedOn : i.ctx.facts.identifiedOn ?? i.ctx.today;
  return add(i.ctx)(since, i.ctx.policy.planDays);
};

/** The task that owns each state: who must act next, on what, by when. States without one wait for no one. */
export const STAGE_TASK: Partial<Record<WorkflowState, {
  kind: WorkflowTaskKind; role: Role; due: (i: EffectInput<WorkflowCommand>) => string;
}>> = {
  verifying: { kind: 'verify', role: 'grid_member', due: procedureDeadline },
  deliberating: { kind: 'deliberate', role: 'village_cadre', due: procedureDeadline },
  notice_due: { kind: 'post_notice', role: 'village_cadre', due: procedureDeadline },
  notice: { kind: 'end_notice', role: 'village_cadre', due: noticeEnd },
  township_review: { kind: 'township_review', role: 'township_reviewer', due: procedureDeadline },
  county_review: { kind: 'county_review', role: 'county_admin', due: procedureDeadline },
  plan_due: { kind: 'make_plan', role: 'village_cadre', due: planDeadline },
  elimination_verifying: { kind: 'verify', role: 'grid_member', due: procedureDeadline },
  elimination_deliberating: { kind: 'deliberate', role: 'village_cadre', due: procedureDeadline },
  elimination_notice_due: { kind: 'post_notice', role: 'village_cadre', due: procedureDeadline },
  elimination_notice: { kind: 'end_notice', role: 'village_cadre', due: noticeEnd },
  elimination_township_review: { kind: 'township_review', role: 'township_reviewer', due: procedureDeadline },
  elimination_county_review: { kind: 'county_review', role: 'county_admin', due: procedureDeadline },
};

const procedureOf = (s: WorkflowState): Procedure | 'monitoring' => (PHASE_OF[s] === 'elimination' ? 'elimination'
  : PHASE_OF[s] === 'identification' ? 'identification' : 'monitoring');

// ── the rules the table uses ─────────────────────────────────────────────────────────────────────────────
/** The timeline records every accepted command: what, when (today), who, with whom, from which state to which. */
export const timeline = (name: WorkflowEventName) => rule<WorkflowCommand>(`timeline:${name}`, ({ from, to, command, ctx }) => [{
  type: 'event', name, on: ctx.today, from, to, by: { userId: ctx.actor.userId, role: ctx.actor.role },
  cosignedBy: ctx.actor.isRelatedToHousehold && ctx.cosigner ? ctx.cosigner.userId : null, command,
}]);

/** When the state changes: the task of the old state is done and the owner of the new one gets theirs. */
export const handOver = () => rule<WorkflowCommand>('handOver', (i) => {
  if (i.to === i.from) return [];
  const done = STAGE_TASK[i.from];
  const next = STAGE_TASK[i.to];
  const out: WorkflowEffect[] = [];
  if (done) out.push({ type: 'task_done', kind: done.kind, ref: null });
  if (next) out.push({ type: 'task', kind: next.kind, procedure: procedureOf(i.to), assigneeRole: next.role, dueOn: next.due(i), ref: null });
  return out;
});

export const notify = <C extends WorkflowCommand>(
  recipientRole: Role, template: NotificationTemplate, data: (i: EffectInput<C>) => Record<string, string> = () => ({}),
) => rule<C>(`notify:${recipientRole}:${template}`, (i) => [{ type: 'notify', recipientRole, template, data: data(i) }]);

/** Tell whoever owns the state the case lands in (a return goes to the step it resumes at). */
export const notifyNextOwner = <C extends WorkflowCommand>(
  template: NotificationTemplate, data: (i: EffectInput<C>) => Record<string, string>,
) => rule<C>(`notifyNextOwner:${template}`, (i) => {
  const owner = STAGE_TASK[i.to];
  return owner ? [{ type: 'notify', recipientRole: owner.role, template, data: data(i) }] : [];
});

/** An objection is verified by the village (DOMAIN.md: "objections … must be verified") before the notice ends. */
export const objectionTask = rule<Extract<WorkflowCommand, { type: 'object' }>>('objectionTask', (i) => [{
  type: 'task', kind: 'verify_objection', procedure: procedureOf(i.from), assigneeRole: 'village_cadre',
  dueOn: noticeEnd(i), ref: i.command.objectionId,
}]);
export const objectionTaskDone = rule<Extract<WorkflowCommand, { type: 'resolveObjection' }>>('objectionTaskDone', (i) => [{
  type: 'task_done', kind: 'verify_objection', ref: i.command.objectionId,
}]);

/** Monthly visits run for as long as the household is monitored: from identification, renewed by each visit. */
export const firstVisit = rule<Extract<WorkflowCommand, { type: 'approveAtCounty' }>>('firstVisit', (i) => [{
  type: 'task', kind: 'track', procedure: 'monitoring', assigneeRole: 'grid_member',
  dueOn: calendarDays(i.command.identifiedOn, i.ctx.policy.trackingIntervalDays), ref: null,
}]);
export const nextVisit = rule<Extract<WorkflowCommand, { type: 'recordTracking' }>>('nextVisit', (i) => [
  { type: 'task_done', kind: 'track', ref: null },
  {
    type: 'task', kind: 'track', procedure: 'monitoring', assigneeRole: 'grid_member',
    dueOn: calendarDays(i.command.visitedOn, i.ctx.policy.trackingIntervalDays), ref: null,
  },
]);
export const visitsEnd = rule<WorkflowCommand>('visitsEnd', () => [{ type: 'task_done', kind: 'track', ref: null }]);

export const monitoring = <C extends WorkflowCommand>(change: (i: EffectInput<C>) => MonitoringChange) =>
  rule<C>('monitoring', (i) => [{ type: 'monitoring', change: change(i) }]);

/** A new risk found on a visit: the village revises the plan (and a new clue may be needed). */
export const newRiskAlert = rule<Extract<WorkflowCommand, { type: 'recordTracking' }>>('newRiskAlert', (i) =>
  (i.command.newRisk ? [{ type: 'notify', recipientRole: 'village_cadre', template: 'case.new_risk', data: { visitedOn: i.command.visitedOn } }] : []));
