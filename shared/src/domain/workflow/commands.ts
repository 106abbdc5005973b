import type { RiskType } from '../../contracts/common';
import type { Verification } from '../../contracts/verification';
import type { EliminationMethod, MonitoredCategory, ProcedureStep } from './states';

/**
 * What people ask the workflow to do. Dates are YYYY-MM-DD in China's calendar; ids are made by the caller.
 * The same command serves both procedures where the act is the same (verify, deliberate, notice, township review,
 * return); the county's final decisions differ and have their own commands.
 */

/** 入户核实 (identification: with the signed 授权承诺; elimination: against the elimination conditions). */
export interface VerifyCommand {
  type: 'verify';
  verifiedOn: string;
  findings: string;
  /** The household signed the authorisation to check its assets (required to identify). */
  authorisationSigned?: boolean;
  /** Required to identify: income by source, costs, rigid expenses, 三保障 and water, photos (入户核实表). */
  verification?: Verification;
  /** Required to eliminate: what the visit found against each condition. */
  elimination?: EliminationFindings;
}
export interface EliminationFindings {
  /** 人均纯收入 per year, in yuan. */
  incomePerCapitaYuan: number;
  /** 三保障 and 饮水安全 consolidated. */
  basicNeedsSecured: boolean;
  /** The risk found at identification is gone. */
  identifiedRiskRemoved: boolean;
  noNewRisk: boolean;
}

/** 民主评议: the meeting, who attended, how they voted, the minutes. */
export interface DeliberateCommand {
  type: 'deliberate';
  heldOn: string;
  attendees: string[];
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  minutes: string;
}

/** 村内公示 posted from startOn; endOn is the day it may be taken down. photoIds: photos of the posted notice (at most 3). */
export interface StartNoticeCommand { type: 'startNotice'; startOn: string; endOn: string; photoIds?: string[] }

/** An objection (异议) raised during the notice; it stays open until verified. */
export interface ObjectCommand { type: 'object'; objectionId: string; raisedOn: string; content: string }

/** The objection was verified: 成立 (upheld) sends the case back to 入户核实, 不成立 (dismissed) lets the notice run. */
export interface ResolveObjectionCommand {
  type: 'resolveObjection';
  objectionId: string;
  outcome: 'upheld' | 'dismissed';
  verifiedOn: string;
  findings: string;
}

export interface EndNoticeCommand { type: 'endNotice' }

export interface ApproveAtTownshipCommand { type: 'approveAtTownship'; opinion: string }

/** 县级审定 of an identification: fixes the category, the risk types and the identification date. */
export interface ApproveAtCountyCommand {
  type: 'approveAtCounty';
  category: MonitoredCategory;
  riskTypes: RiskType[];
  identifiedOn: string;
  opinion: string;
}

/** 退回 with a reason; resumeAt names the earlier step to redo (default 入户核实, see RETURN RULE in table.ts). */
export interface ReturnCaseCommand { type: 'returnCase'; reason: string; resumeAt?: ProcedureStep }

/** 不予纳入 with the reason the household is told. */
export interface NotIncludeCommand { type: 'notInclude'; reason: string }

/** 帮扶计划 (一户一方案、一人一措施). Also a revision of the plan while monitored. */
export interface MakePlanCommand { type: 'makePlan'; madeOn: string; measures: PlanMeasure[] }
export interface PlanMeasure {
  /** e.g. 医疗救助, 公益性岗位, 技能培训 */
  measure: string;
  /** The member it is for (一人一措施); null for the whole household. */
  memberName: string | null;
  responsible: { kind: 'department' | 'person'; name: string };
  dueOn: string;
}

/** A monthly visit (帮扶走访) recorded in the 监测帮扶台账. */
export interface RecordTrackingCommand {
  type: 'recordTracking';
  visitedOn: string;
  note: string;
  incomePerCapitaYuan: number | null;
  newRisk: boolean;
  /** Photos of the visit (file ids). */
  photoIds?: string[];
}

/** Start the elimination procedure. */
export interface ProposeEliminationCommand { type: 'proposeElimination'; proposedOn: string; reason: string }

/** 县级审定 of an elimination: 风险已消除. */
export interface ApproveEliminationCommand {
  type: 'approveElimination';
  method: EliminationMethod;
  eliminatedOn: string;
  opinion: string;
}

/** 整户无劳动能力兜底保障户 标注: the county marks instead of eliminating; the household stays monitored. */
export interface MarkSafetyNetCommand { type: 'markSafetyNet'; opinion: string }

/** 不予消除: the elimination stops and the household stays monitored, with the reason. */
export interface KeepMonitoringCommand { type: 'keepMonitoring'; reason: string }

export type WorkflowCommand =
  | VerifyCommand | DeliberateCommand | StartNoticeCommand | ObjectCommand | ResolveObjectionCommand | EndNoticeCommand
  | ApproveAtTownshipCommand | ApproveAtCountyCommand | ReturnCaseCommand | NotIncludeCommand
  | MakePlanCommand | RecordTrackingCommand
  | ProposeEliminationCommand | ApproveEliminationCommand | MarkSafetyNetCommand | KeepMonitoringCommand;

export type CommandType = WorkflowCommand['type'];
export type CommandOf<K extends CommandType> = Extract<WorkflowCommand, { type: K }>;
