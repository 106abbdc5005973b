import type { Role } from '../../contracts/common';
import type { CommandOf, CommandType, WorkflowCommand } from './commands';
import {
  firstVisit, handOver, monitoring, newRiskAlert, nextVisit, notify, notifyNextOwner, objectionTask, objectionTaskDone,
  timeline, visitsEnd, type EffectRule,
} from './effects';
import {
  authorisationSigned, categoryFitsHousehold, eliminatedOnValid, eliminationConditionsMet, identifiedOnValid,
  majorityReached, measuresComplete, monitoredLongEnough, noOpenObjection, noticeLongEnough, noticeOver, notInFuture,
  notRelatedAlone, notSafetyNetHousehold, objectionIsNew, objectionIsOpen, planHasMeasures, quorumReached, raisedDuringNotice, reasonGiven,
  resumeStep, resumesEarlier, riskTypesGiven, verificationRecorded, votesWithinAttendance, wholeHouseholdWithoutLabour, type Guard, type GuardInput,
} from './guards';
import { STEP_STATE, stepOf, type WorkflowState } from './states';

/** A state a row leads to: fixed, or decided by a named rule from the command. */
export interface Resolver<C extends WorkflowCommand> {
  readonly name: string;
  resolve(input: GuardInput<C>): WorkflowState;
}
/** One line of the table: from this state, to that one, for these roles, when these guards hold. */
export interface Row<C extends WorkflowCommand> {
  to: WorkflowState | Resolver<C>;
  roles: readonly Role[];
  guards: readonly Guard<C>[];
}
export interface CommandSpec<C extends WorkflowCommand> {
  /** What the act is called in the product. */
  label: string;
  /** The states that accept the command; any other state refuses it (CASE.WRONG_STAGE). */
  from: Partial<Record<WorkflowState, Row<C>>>;
  effects: readonly EffectRule<C>[];
}
export type WorkflowTable = { readonly [K in CommandType]: CommandSpec<CommandOf<K>> };

const GRID: readonly Role[] = ['grid_member'];
const VILLAGE: readonly Role[] = ['village_cadre'];
const VILLAGE_OR_GRID: readonly Role[] = ['village_cadre', 'grid_member'];
const TOWNSHIP: readonly Role[] = ['township_reviewer'];
/**
 * An objection to a notice: registered by the village or township staff who received it, or raised by a farmer of the
 * village in the mini-program (POST /api/notices/{id}/objections, functions/src/app/notices.ts). A farmer's account has
 * no area of its own; for this command the farmer acts with the path of their own household's village as areaPath, so
 * `actorInArea` holds exactly for the notices of their village. It is not a decision, so no 优亲厚友 guard.
 */
const OBJECTORS: readonly Role[] = ['village_cadre', 'township_reviewer', 'farmer'];
const COUNTY: readonly Role[] = ['county_admin'];

/**
 * RETURN RULE (退回). DOMAIN.md: "Any stage can return the case (退回) with a reason", and an objection "must be
 * verified". A return sends the case back to 入户核实 of the same procedure — the facts are checked again and the
 * later steps (评议, 公示, 审核) are redone on them — unless the return names an earlier step to resume at
 * (`resumeAt`: 民主评议, 村内公示 — posted anew —, or from the county 乡镇审核). It can never skip forward or stay.
 * An upheld objection (异议成立) likewise resumes at 入户核实; a dismissed one (不成立) lets the notice run on.
 */
const resumeWhereTheRulesSay: Resolver<CommandOf<'returnCase'>> = {
  name: 'resumeWhereTheRulesSay',
  resolve: ({ from, command }) => {
    const at = stepOf(from);
    return at ? STEP_STATE[at.procedure][resumeStep(command)] : from;
  },
};
const byObjectionOutcome = (upheld: WorkflowState, dismissed: WorkflowState): Resolver<CommandOf<'resolveObjection'>> => ({
  name: 'byObjectionOutcome',
  resolve: ({ command }) => (command.outcome === 'upheld' ? upheld : dismissed),
});

const verifiedOn = notInFuture<CommandOf<'verify'>>('verifiedOn', (c) => c.verifiedOn);
const heldOn = notInFuture<CommandOf<'deliberate'>>('heldOn', (c) => c.heldOn);
const raisedOn = notInFuture<CommandOf<'object'>>('raisedOn', (c) => c.raisedOn);
const objectionVerifiedOn = notInFuture<CommandOf<'resolveObjection'>>('verifiedOn', (c) => c.verifiedOn);
const madeOn = notInFuture<CommandOf<'makePlan'>>('madeOn', (c) => c.madeOn);
const visitedOn = notInFuture<CommandOf<'recordTracking'>>('visitedOn', (c) => c.visitedOn);
const proposedOn = notInFuture<CommandOf<'proposeElimination'>>('proposedOn', (c) => c.proposedOn);
const DELIBERATION = [notRelatedAlone, heldOn, votesWithinAttendance, quorumReached, majorityReached];

/**
 * THE CASE WORKFLOW. Read top to bottom: each command, the states it is accepted in, where it leads, who may give it
 * and the named guards that must hold; then what it produces. Checked for every row, before its guards, in this
 * order: the case is open (CASE.CLOSED), the state accepts it (CASE.WRONG_STAGE), the role (CASE.WRONG_ROLE), the
 * household lies in the actor's area (actorInArea, CASE.OUT_OF_AREA). `notRelatedAlone` (优亲厚友) is on every row
 * that decides the outcome: verify, deliberate, verify an objection, approve, return, not include, stop or end monitoring.
 */
export const WORKFLOW: WorkflowTable = {
  // ═══ 识别认定 and 风险消除: the same five steps ═══════════════════════════════════════════════════════════
  verify: {
    label: '入户核实',
    from: {
      verifying: { to: 'deliberating', roles: GRID, guards: [notRelatedAlone, verifiedOn, noOpenObjection, authorisationSigned, verificationRecorded] },
      elimination_verifying: { to: 'elimination_deliberating', roles: GRID, guards: [notRelatedAlone, verifiedOn, noOpenObjection, eliminationConditionsMet] },
    },
    effects: [timeline('verified'), handOver()],
  },
  deliberate: {
    label: '民主评议',
    from: {
      deliberating: { to: 'notice_due', roles: VILLAGE, guards: DELIBERATION },
      elimination_deliberating: { to: 'elimination_notice_due', roles: VILLAGE, guards: DELIBERATION },
    },
    effects: [timeline('deliberated'), handOver()],
  },
  startNotice: {
    label: '张贴村内公示',
    from: {
      notice_due: { to: 'notice', roles: VILLAGE, guards: [noticeLongEnough] },
      elimination_notice_due: { to: 'elimination_notice', roles: VILLAGE, guards: [noticeLongEnough] },
    },
    effects: [
      timeline('notice_started'), handOver(),
      notify('farmer', 'case.notice_posted', ({ command }) => ({ startOn: command.startOn, endOn: command.endOn })),
      // the village's other cadres: objections come to them while it runs
      notify('village_cadre', 'case.notice_posted', ({ command }) => ({ startOn: command.startOn, endOn: command.endOn })),
    ],
  },
  object: {
    label: '登记公示异议',
    from: {
      notice: { to: 'notice', roles: OBJECTORS, guards: [raisedOn, raisedDuringNotice, objectionIsNew] },
      elimination_notice: { to: 'elimination_notice', roles: OBJECTORS, guards: [raisedOn, raisedDuringNotice, objectionIsNew] },
    },
    effects: [timeline('objection_raised'), objectionTask, notify('township_reviewer', 'case.objection_raised', ({ command }) => ({ raisedOn: command.raisedOn }))],
  },
  resolveObjection: {
    label: '异议核实结果',
    from: {
      notice: { to: byObjectionOutcome('verifying', 'notice'), roles: VILLAGE_OR_GRID, guards: [notRelatedAlone, objectionVerifiedOn, objectionIsOpen] },
      // further objections left open when an upheld one sent the case back are resolved during re-verification
      verifying: { to: 'verifying', roles: VILLAGE_OR_GRID, guards: [notRelatedAlone, objectionVerifiedOn, objectionIsOpen] },
      elimination_notice: { to: byObjectionOutcome('elimination_verifying', 'elimination_notice'), roles: VILLAGE_OR_GRID, guards: [notRelatedAlone, objectionVerifiedOn, objectionIsOpen] },
      elimination_verifying: { to: 'elimination_verifying', roles: VILLAGE_OR_GRID, guards: [notRelatedAlone, objectionVerifiedOn, objectionIsOpen] },
    },
    effects: [timeline('objection_resolved'), objectionTaskDone, handOver()],
  },
  endNotice: {
    label: '公示期满报乡镇审核',
    from: {
      notice: { to: 'township_review', roles: VILLAGE, guards: [noticeOver, noOpenObjection] },
      elimination_notice: { to: 'elimination_township_review', roles: VILLAGE, guards: [noticeOver, noOpenObjection] },
    },
    effects: [timeline('notice_ended'), handOver()],
  },
  approveAtTownship: {
    label: '乡镇审核通过',
    from: {
      township_review: { to: 'county_review', roles: TOWNSHIP, guards: [notRelatedAlone] },
      elimination_township_review: { to: 'elimination_county_review', roles: TOWNSHIP, guards: [notRelatedAlone] },
    },
    effects: [timeline('township_approved'), handOver()],
  },
  approveAtCounty: {
    label: '县级审定纳入监测',
    from: {
      county_review: { to: 'plan_due', roles: COUNTY, guards: [notRelatedAlone, riskTypesGiven, categoryFitsHousehold, identifiedOnValid] },
    },
    effects: [
      timeline('county_approved'), handOver(), firstVisit,
      monitoring(({ command }) => ({ action: 'start', category: command.category, riskTypes: command.riskTypes, identifiedOn: command.identifiedOn })),
      notify('farmer', 'case.identified', ({ command }) => ({ identifiedOn: command.identifiedOn })),
    ],
  },
  returnCase: {
    label: '退回',
    from: {
      deliberating: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      notice_due: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      notice: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier, noOpenObjection] },
      township_review: { to: resumeWhereTheRulesSay, roles: TOWNSHIP, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      county_review: { to: resumeWhereTheRulesSay, roles: COUNTY, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      elimination_deliberating: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      elimination_notice_due: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      elimination_notice: { to: resumeWhereTheRulesSay, roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, resumesEarlier, noOpenObjection] },
      elimination_township_review: { to: resumeWhereTheRulesSay, roles: TOWNSHIP, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
      elimination_county_review: { to: resumeWhereTheRulesSay, roles: COUNTY, guards: [notRelatedAlone, reasonGiven, resumesEarlier] },
    },
    effects: [timeline('returned'), handOver(), notifyNextOwner('case.returned', ({ command }) => ({ reason: command.reason }))],
  },
  notInclude: {
    label: '不予纳入',
    from: {
      // the grid member reports what the visit found; the village committee decides not to include
      verifying: { to: 'not_included', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, noOpenObjection] },
      deliberating: { to: 'not_included', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven] },
      notice_due: { to: 'not_included', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven] },
      notice: { to: 'not_included', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, noOpenObjection] },
      township_review: { to: 'not_included', roles: TOWNSHIP, guards: [notRelatedAlone, reasonGiven] },
      county_review: { to: 'not_included', roles: COUNTY, guards: [notRelatedAlone, reasonGiven] },
    },
    // DOMAIN.md: "… or not include it (不予纳入), and the household is told why"
    effects: [timeline('not_included'), handOver(), notify('farmer', 'case.not_included', ({ command }) => ({ reason: command.reason }))],
  },

  // ═══ 监测中: 帮扶计划 and 跟踪 ═══════════════════════════════════════════════════════════════════════════
  makePlan: {
    label: '制定帮扶计划',
    from: {
      plan_due: { to: 'plan_made', roles: VILLAGE_OR_GRID, guards: [madeOn, planHasMeasures, measuresComplete] },
      // a revision of the plan while monitored keeps the state
      plan_made: { to: 'plan_made', roles: VILLAGE_OR_GRID, guards: [madeOn, planHasMeasures, measuresComplete] },
      tracking: { to: 'tracking', roles: VILLAGE_OR_GRID, guards: [madeOn, planHasMeasures, measuresComplete] },
      safety_net: { to: 'safety_net', roles: VILLAGE_OR_GRID, guards: [madeOn, planHasMeasures, measuresComplete] },
    },
    effects: [
      timeline('plan_made'), handOver(),
      notify('county_admin', 'case.orders_due', ({ command }) => ({ measures: String(command.measures.filter((m) => m.responsible.kind === 'department').length) })),
      notify('farmer', 'case.plan_made', ({ command }) => ({ madeOn: command.madeOn })),
    ],
  },
  recordTracking: {
    label: '帮扶走访',
    from: {
      // monthly visits go on in every monitored state, during an elimination too
      plan_due: { to: 'plan_due', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      plan_made: { to: 'tracking', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      tracking: { to: 'tracking', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      safety_net: { to: 'safety_net', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_verifying: { to: 'elimination_verifying', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_deliberating: { to: 'elimination_deliberating', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_notice_due: { to: 'elimination_notice_due', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_notice: { to: 'elimination_notice', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_township_review: { to: 'elimination_township_review', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
      elimination_county_review: { to: 'elimination_county_review', roles: VILLAGE_OR_GRID, guards: [visitedOn] },
    },
    effects: [timeline('tracking_recorded'), handOver(), nextVisit, newRiskAlert],
  },

  // ═══ 风险消除: proposal, then the five steps above, then the county's decision ═══════════════════════════
  proposeElimination: {
    label: '提出风险消除',
    from: {
      tracking: { to: 'elimination_verifying', roles: VILLAGE_OR_GRID, guards: [proposedOn, monitoredLongEnough] },
    },
    effects: [timeline('elimination_proposed'), handOver()],
  },
  approveElimination: {
    label: '县级审定风险消除',
    from: {
      elimination_county_review: { to: 'eliminated', roles: COUNTY, guards: [notRelatedAlone, eliminatedOnValid, notSafetyNetHousehold] },
    },
    effects: [
      timeline('elimination_approved'), handOver(), visitsEnd,
      monitoring(({ command }) => ({ action: 'end', method: command.method, eliminatedOn: command.eliminatedOn })),
      notify('farmer', 'case.eliminated', ({ command }) => ({ eliminatedOn: command.eliminatedOn })),
    ],
  },
  markSafetyNet: {
    label: '标注整户无劳动能力兜底保障户',
    from: {
      // instead of elimination: the household stays monitored, its monthly visits go on
      elimination_county_review: { to: 'safety_net', roles: COUNTY, guards: [notRelatedAlone, wholeHouseholdWithoutLabour] },
    },
    effects: [
      timeline('safety_net_marked'), handOver(),
      monitoring(({ ctx }) => ({ action: 'mark_safety_net', markedOn: ctx.today })),
      notify('farmer', 'case.safety_net_marked'),
    ],
  },
  keepMonitoring: {
    label: '不予消除，继续监测',
    from: {
      elimination_verifying: { to: 'tracking', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, noOpenObjection] },
      elimination_deliberating: { to: 'tracking', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven] },
      elimination_notice_due: { to: 'tracking', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven] },
      elimination_notice: { to: 'tracking', roles: VILLAGE, guards: [notRelatedAlone, reasonGiven, noOpenObjection] },
      elimination_township_review: { to: 'tracking', roles: TOWNSHIP, guards: [notRelatedAlone, reasonGiven] },
      elimination_county_review: { to: 'tracking', roles: COUNTY, guards: [notRelatedAlone, reasonGiven] },
    },
    effects: [timeline('elimination_stopped'), handOver(), notify('village_cadre', 'case.elimination_stopped', ({ command }) => ({ reason: command.reason }))],
  },
};
