import type { Role } from '../../contracts/common';
import { addCalendarDays } from '../dates';
import type { Policy } from '../policy';

/**
 * 民主评议 majority, configurable per region: votes for × denominator compared with basis × numerator.
 * 过半数 of attendees = { basis: 'attendees', numerator: 1, denominator: 2, strict: true };
 * 三分之二以上 of votes cast = { basis: 'votes_cast', numerator: 2, denominator: 3, strict: false }.
 */
export interface MajorityRule {
  basis: 'attendees' | 'votes_cast';
  numerator: number;
  denominator: number;
  /** true: more than the fraction; false: at least the fraction. */
  strict: boolean;
  /** Quorum: fewer attendees and the deliberation does not count. */
  minAttendees: number;
}

/**
 * The parameters the workflow reads: the stored policy plus rules policy.ts does not hold yet (the integration can
 * move them into Policy; until then `workflowPolicy` adds the defaults).
 */
export interface WorkflowPolicy extends Pick<Policy, 'monitoringLineYuan' | 'identificationDays' | 'noticeMinDays' | 'planDays'> {
  majorityRule: MajorityRule;
  /** 每月走访: the next visit is due this many days after the last. */
  trackingIntervalDays: number;
  /** "usually after at least a year of tracking" (DOMAIN.md): days from identification before elimination may be proposed. */
  eliminationMinMonitoredDays: number;
}

export const DEFAULT_WORKFLOW_RULES: Pick<WorkflowPolicy, 'majorityRule' | 'trackingIntervalDays' | 'eliminationMinMonitoredDays'> = {
  majorityRule: { basis: 'attendees', numerator: 1, denominator: 2, strict: true, minAttendees: 1 },
  trackingIntervalDays: 30,
  eliminationMinMonitoredDays: 365,
};

export function workflowPolicy(p: Policy, rules: Partial<typeof DEFAULT_WORKFLOW_RULES> = {}): WorkflowPolicy {
  return {
    monitoringLineYuan: p.monitoringLineYuan, identificationDays: p.identificationDays, noticeMinDays: p.noticeMinDays,
    planDays: p.planDays, ...DEFAULT_WORKFLOW_RULES, ...rules,
  };
}

/** Who acts. `isRelatedToHousehold`: a member of the household or recorded as its relative (优亲厚友). */
export interface WorkflowActor {
  userId: string;
  role: Role;
  /** '/county/township/village/' — the node the account is scoped to; null for accounts without one. */
  areaPath: string | null;
  isRelatedToHousehold: boolean;
}

/** What the guards need to know about the case, loaded by the caller (the events of the timeline, summed up). */
export interface CaseFacts {
  /** The earliest clue: the identification clock starts here. */
  clueDate: string;
  /** The notice now posted or last posted in the current procedure. */
  notice: { startOn: string; endOn: string } | null;
  /** Objections raised and not yet resolved. */
  openObjectionIds: readonly string[];
  /** The county's identification date (monitored since). */
  identifiedOn: string | null;
  /** When the current elimination procedure started: its clock. */
  eliminationProposedOn: string | null;
  household: {
    /** 脱贫户 or 一般农户. */
    category: 'lifted' | 'ordinary';
    /** Every member 丧失劳动力 or 无劳动力 and the household lives on social security (兜底). */
    wholeHouseholdWithoutLabour: boolean;
  };
}

/** Adds days to a YYYY-MM-DD date: calendar days by default, a working-day calendar when plugged in. */
export type AddDays = (date: string, days: number) => string;

export interface WorkflowContext {
  /** Today in China (YYYY-MM-DD): the only clock the workflow knows. */
  today: string;
  policy: WorkflowPolicy;
  actor: WorkflowActor;
  /** An unrelated cadre of the same level who acts together with a related actor (不能单独办理). */
  cosigner?: WorkflowActor | null;
  householdAreaPath: string;
  facts: CaseFacts;
  addDays?: AddDays;
}

export const calendarDays: AddDays = addCalendarDays;
