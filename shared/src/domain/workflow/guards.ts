import type { Role } from '../../contracts/common';
import type { ApproveAtCountyCommand, ApproveEliminationCommand, DeliberateCommand, MakePlanCommand, ObjectCommand,
  ReturnCaseCommand, ResolveObjectionCommand, StartNoticeCommand, VerifyCommand, WorkflowCommand } from './commands';
import { calendarDays, type WorkflowContext } from './context';
import type { WorkflowErrorCode } from './errors';
import { PROCEDURE_STEPS, stepOf, type WorkflowState } from './states';

/** What a guard sees: the state the command is applied to, the command, the context and the roles of the row. */
export interface GuardInput<C extends WorkflowCommand> {
  from: WorkflowState;
  command: C;
  ctx: WorkflowContext;
  roles: readonly Role[];
}

/** A named condition; when it does not hold, the command is refused with `code`. */
export interface Guard<C extends WorkflowCommand> {
  readonly name: string;
  readonly code: WorkflowErrorCode;
  holds(input: GuardInput<C>): boolean;
}

function guard<C extends WorkflowCommand>(name: string, code: WorkflowErrorCode, holds: (i: GuardInput<C>) => boolean): Guard<C> {
  return { name, code, holds };
}

const addDays = (ctx: WorkflowContext) => ctx.addDays ?? calendarDays;
const slash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
/** '/c1/t1/' covers '/c1/t1/v1/' but not '/c1/t10/'. */
export const covers = (scope: string | null, areaPath: string): boolean =>
  scope !== null && scope !== '' && slash(areaPath).startsWith(slash(scope));

// ── who ────────────────────────────────────────────────────────────────────────────────────────────────
/** Every command: the household lies in the actor's area (checked for every row, before the row's guards). */
export const actorInArea = guard<WorkflowCommand>('actorInArea', 'CASE.OUT_OF_AREA',
  ({ ctx }) => covers(ctx.actor.areaPath, ctx.householdAreaPath));

/**
 * 优亲厚友: a cadre who is a member or a recorded relative of the household does not decide alone. The decision
 * passes only with a cosigner: another user, not related, of a role allowed for this step, whose area covers the household.
 */
export const notRelatedAlone = guard<WorkflowCommand>('notRelatedAlone', 'CASE.RELATED_CADRE', ({ ctx, roles }) => {
  if (!ctx.actor.isRelatedToHousehold) return true;
  const c = ctx.cosigner;
  return !!c && !c.isRelatedToHousehold && c.userId !== ctx.actor.userId && roles.includes(c.role)
    && covers(c.areaPath, ctx.householdAreaPath);
});

// ── dates ──────────────────────────────────────────────────────────────────────────────────────────────
/** Something that happened cannot be dated after today. */
export function notInFuture<C extends WorkflowCommand>(field: string, date: (c: C) => string): Guard<C> {
  return guard<C>(`${field}NotInFuture`, 'CASE.DATE_IN_FUTURE', ({ command, ctx }) => date(command) <= ctx.today);
}

// ── 入户核实 ───────────────────────────────────────────────────────────────────────────────────────────
/** The visit's record (income, expenses, 三保障, water) is filled in: the county decides on it. */
export const verificationRecorded = guard<VerifyCommand>('verificationRecorded', 'CASE.VERIFICATION_MISSING',
  ({ command }) => command.verification !== undefined);

export const authorisationSigned = guard<VerifyCommand>('authorisationSigned', 'CASE.AUTHORISATION_MISSING',
  ({ command }) => command.authorisationSigned === true);

/** Income above the monitoring line (policy.monitoringLineYuan), 三保障 and water secured, old risk gone, no new one. */
export const eliminationConditionsMet = guard<VerifyCommand>('eliminationConditionsMet', 'CASE.ELIMINATION_CONDITIONS_UNMET',
  ({ command, ctx }) => {
    const f = command.elimination;
    return !!f && f.incomePerCapitaYuan > ctx.policy.monitoringLineYuan && f.basicNeedsSecured && f.identifiedRiskRemoved
      && f.noNewRisk;
  });

// ── 民主评议 ───────────────────────────────────────────────────────────────────────────────────────────
const votesCast = (c: DeliberateCommand) => c.votesFor + c.votesAgainst + c.votesAbstain;

export const votesWithinAttendance = guard<DeliberateCommand>('votesWithinAttendance', 'CASE.VOTES_EXCEED_ATTENDANCE',
  ({ command }) => [command.votesFor, command.votesAgainst, command.votesAbstain].every((n) => Number.isInteger(n) && n >= 0)
    && votesCast(command) <= command.attendees.length);

/** policy.majorityRule.minAttendees */
export const quorumReached = guard<DeliberateCommand>('quorumReached', 'CASE.NO_QUORUM',
  ({ command, ctx }) => command.attendees.length >= ctx.policy.majorityRule.minAttendees);

/** policy.majorityRule: votes for, against the attendees or the votes cast, more than / at least the fraction. */
export const majorityReached = guard<DeliberateCommand>('majorityReached', 'CASE.NO_MAJORITY', ({ command, ctx }) => {
  const r = ctx.policy.majorityRule;
  const basis = r.basis === 'attendees' ? command.attendees.length : votesCast(command);
  const votes = command.votesFor * r.denominator;
  const needed = basis * r.numerator;
  return basis > 0 && (r.strict ? votes > needed : votes >= needed);
});

// ── 村内公示 ───────────────────────────────────────────────────────────────────────────────────────────
/** endOn is at least policy.noticeMinDays after startOn, counted with the plugged-in calendar. */
export const noticeLongEnough = guard<StartNoticeCommand>('noticeLongEnough', 'CASE.NOTICE_TOO_SHORT',
  ({ command, ctx }) => command.endOn >= addDays(ctx)(command.startOn, ctx.policy.noticeMinDays));

/** The notice may be ended on or after its end date, not before. */
export const noticeOver = guard<WorkflowCommand>('noticeOver', 'CASE.NOTICE_NOT_OVER',
  ({ ctx }) => ctx.facts.notice !== null && ctx.today >= ctx.facts.notice.endOn);

/** An objection is raised during the notice, from its first day to its last (one received then may be recorded later). */
export const raisedDuringNotice = guard<ObjectCommand>('raisedDuringNotice', 'CASE.NOT_DURING_NOTICE',
  ({ command, ctx }) => ctx.facts.notice !== null && command.raisedOn >= ctx.facts.notice.startOn
    && command.raisedOn <= ctx.facts.notice.endOn);

export const noOpenObjection = guard<WorkflowCommand>('noOpenObjection', 'CASE.OPEN_OBJECTION',
  ({ ctx }) => ctx.facts.openObjectionIds.length === 0);

export const objectionIsOpen = guard<ResolveObjectionCommand>('objectionIsOpen', 'CASE.OBJECTION_NOT_OPEN',
  ({ command, ctx }) => ctx.facts.openObjectionIds.includes(command.objectionId));

export const objectionIsNew = guard<ObjectCommand>('objectionIsNew', 'CASE.OBJECTION_NOT_OPEN',
  ({ command, ctx }) => !ctx.facts.openObjectionIds.includes(command.objectionId));

// ── 退回, 不予纳入, 不予消除 ─────────────────────────────────────────────────────────────────────────────
export const reasonGiven = guard<WorkflowCommand>('reasonGiven', 'CASE.REASON_REQUIRED',
  ({ command }) => 'reason' in command && command.reason.trim() !== '');

/** The step a return resumes at, default 入户核实 (see RETURN RULE in table.ts). */
export const resumeStep = (c: ReturnCaseCommand) => c.resumeAt ?? 'verification';

export const resumesEarlier = guard<ReturnCaseCommand>('resumesEarlier', 'CASE.BAD_RETURN_TARGET', ({ from, command }) => {
  const at = stepOf(from);
  return at !== null && PROCEDURE_STEPS.indexOf(resumeStep(command)) < PROCEDURE_STEPS.indexOf(at.step);
});

// ── 县级审定 (identification) ───────────────────────────────────────────────────────────────────────────
export const riskTypesGiven = guard<ApproveAtCountyCommand>('riskTypesGiven', 'CASE.RISK_TYPES_REQUIRED',
  ({ command }) => command.riskTypes.length > 0);

/** 脱贫不稳定户 only for a 脱贫户, 边缘易致贫户 only for a 一般农户, 突发严重困难户 for either. */
export const categoryFitsHousehold = guard<ApproveAtCountyCommand>('categoryFitsHousehold', 'CASE.CATEGORY_MISMATCH',
  ({ command, ctx }) => {
    const h = ctx.facts.household.category;
    if (command.category === 'unstable_lifted') return h === 'lifted';
    if (command.category === 'marginal') return h === 'ordinary';
    return true;
  });

export const identifiedOnValid = guard<ApproveAtCountyCommand>('identifiedOnValid', 'CASE.BAD_DECISION_DATE',
  ({ command, ctx }) => command.identifiedOn >= ctx.facts.clueDate && command.identifiedOn <= ctx.today);

// ── 帮扶计划 ───────────────────────────────────────────────────────────────────────────────────────────
export const planHasMeasures = guard<MakePlanCommand>('planHasMeasures', 'CASE.PLAN_EMPTY',
  ({ command }) => command.measures.length > 0);

/** Each measure names a responsible department or person and is due no earlier than the plan. */
export const measuresComplete = guard<MakePlanCommand>('measuresComplete', 'CASE.MEASURE_INCOMPLETE',
  ({ command }) => command.measures.every((m) => m.measure.trim() !== '' && m.responsible.name.trim() !== ''
    && m.dueOn >= command.madeOn));

// ── 风险消除 ───────────────────────────────────────────────────────────────────────────────────────────
/** policy.eliminationMinMonitoredDays after identification, in calendar days (a year is a calendar year). */
export const monitoredLongEnough = guard<WorkflowCommand>('monitoredLongEnough', 'CASE.MONITORED_TOO_SHORT',
  ({ command, ctx }) => {
    const since = ctx.facts.identifiedOn;
    const on = command.type === 'proposeElimination' ? command.proposedOn : ctx.today;
    return since !== null && on >= calendarDays(since, ctx.policy.eliminationMinMonitoredDays);
  });

export const eliminatedOnValid = guard<ApproveEliminationCommand>('eliminatedOnValid', 'CASE.BAD_DECISION_DATE',
  ({ command, ctx }) => command.eliminatedOn <= ctx.today
    && (ctx.facts.eliminationProposedOn === null || command.eliminatedOn >= ctx.facts.eliminationProposedOn));

/** DOMAIN.md: a household with no labour at all living on social security is not eliminated, it is marked. */
export const notSafetyNetHousehold = guard<WorkflowCommand>('notSafetyNetHousehold', 'CASE.SAFETY_NET_REQUIRED',
  ({ ctx }) => !ctx.facts.household.wholeHouseholdWithoutLabour);

export const wholeHouseholdWithoutLabour = guard<WorkflowCommand>('wholeHouseholdWithoutLabour', 'CASE.HAS_LABOUR',
  ({ ctx }) => ctx.facts.household.wholeHouseholdWithoutLabour);
