/**
 * Every state a case can be in, from the first clue to the end of monitoring (DOMAIN.md: 识别认定程序, 帮扶, 风险消除).
 * The identification and elimination procedures are the same five steps (DOMAIN.md: "Same procedure as
 * identification"), so each has the same states with its own names. A notice has two states: 待公示 (the village
 * deliberated and must post it) and 公示中 (posted, running).
 */
export const WORKFLOW_STATES = [
  // 识别认定 identification
  'verifying', 'deliberating', 'notice_due', 'notice', 'township_review', 'county_review',
  'not_included',
  // 监测中 monitored: 帮扶计划 and 跟踪 (assistance and tracking), 兜底保障标注 (safety net, stays monitored)
  'plan_due', 'plan_made', 'tracking', 'safety_net',
  // 风险消除 elimination
  'elimination_verifying', 'elimination_deliberating', 'elimination_notice_due', 'elimination_notice',
  'elimination_township_review', 'elimination_county_review',
  'eliminated',
] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

export const WORKFLOW_STATE_LABELS: Record<WorkflowState, string> = {
  verifying: '待入户核实',
  deliberating: '待民主评议',
  notice_due: '待村内公示',
  notice: '村内公示中',
  township_review: '待乡镇审核',
  county_review: '待县级审定',
  not_included: '不予纳入',
  plan_due: '监测中（待制定帮扶计划）',
  plan_made: '监测中（已制定帮扶计划）',
  tracking: '监测中（帮扶跟踪）',
  safety_net: '监测中（整户无劳动能力兜底保障）',
  elimination_verifying: '风险消除：待入户核实',
  elimination_deliberating: '风险消除：待民主评议',
  elimination_notice_due: '风险消除：待公示',
  elimination_notice: '风险消除：公示中',
  elimination_township_review: '风险消除：待乡镇审核',
  elimination_county_review: '风险消除：待县级审定',
  eliminated: '风险已消除',
};

export type Phase = 'identification' | 'monitoring' | 'elimination' | 'closed';
export const PHASE_OF: Record<WorkflowState, Phase> = {
  verifying: 'identification', deliberating: 'identification', notice_due: 'identification', notice: 'identification',
  township_review: 'identification', county_review: 'identification',
  plan_due: 'monitoring', plan_made: 'monitoring', tracking: 'monitoring', safety_net: 'monitoring',
  elimination_verifying: 'elimination', elimination_deliberating: 'elimination', elimination_notice_due: 'elimination',
  elimination_notice: 'elimination', elimination_township_review: 'elimination', elimination_county_review: 'elimination',
  not_included: 'closed', eliminated: 'closed',
};

/** No command moves a closed case; a household whose risk returns is identified again in a new case (DOMAIN.md). */
export function isClosed(s: WorkflowState): boolean {
  return PHASE_OF[s] === 'closed';
}

/** A monitored object (监测对象): from county approval until the risk is eliminated, including during elimination. */
export function isMonitored(s: WorkflowState): boolean {
  return PHASE_OF[s] === 'monitoring' || PHASE_OF[s] === 'elimination';
}

/** The five steps both procedures share, in order; a return (退回) may only go back to an earlier one. */
export const PROCEDURE_STEPS = ['verification', 'deliberation', 'notice', 'township_review', 'county_review'] as const;
export type ProcedureStep = (typeof PROCEDURE_STEPS)[number];
export type Procedure = 'identification' | 'elimination';
export const PROCEDURE_STEP_LABELS: Record<ProcedureStep, string> = {
  verification: '入户核实', deliberation: '民主评议', notice: '村内公示', township_review: '乡镇审核', county_review: '县级审定',
};

/** The state a procedure enters when it (re)starts a step. A notice restarts as 待公示: it must be posted again. */
export const STEP_STATE: Record<Procedure, Record<ProcedureStep, WorkflowState>> = {
  identification: {
    verification: 'verifying', deliberation: 'deliberating', notice: 'notice_due',
    township_review: 'township_review', county_review: 'county_review',
  },
  elimination: {
    verification: 'elimination_verifying', deliberation: 'elimination_deliberating', notice: 'elimination_notice_due',
    township_review: 'elimination_township_review', county_review: 'elimination_county_review',
  },
};

/** Where a procedure state stands: which procedure, which step. Null outside the two procedures. */
export function stepOf(s: WorkflowState): { procedure: Procedure; step: ProcedureStep } | null {
  switch (s) {
    case 'verifying': return { procedure: 'identification', step: 'verification' };
    case 'deliberating': return { procedure: 'identification', step: 'deliberation' };
    case 'notice_due': case 'notice': return { procedure: 'identification', step: 'notice' };
    case 'township_review': return { procedure: 'identification', step: 'township_review' };
    case 'county_review': return { procedure: 'identification', step: 'county_review' };
    case 'elimination_verifying': return { procedure: 'elimination', step: 'verification' };
    case 'elimination_deliberating': return { procedure: 'elimination', step: 'deliberation' };
    case 'elimination_notice_due': case 'elimination_notice': return { procedure: 'elimination', step: 'notice' };
    case 'elimination_township_review': return { procedure: 'elimination', step: 'township_review' };
    case 'elimination_county_review': return { procedure: 'elimination', step: 'county_review' };
    default: return null;
  }
}

/** 三类监测对象 (DOMAIN.md "Households and the three monitored categories"), fixed by the county's approval. */
export const MONITORED_CATEGORIES = ['unstable_lifted', 'marginal', 'sudden_hardship'] as const;
export type MonitoredCategory = (typeof MONITORED_CATEGORIES)[number];
export const MONITORED_CATEGORY_LABELS: Record<MonitoredCategory, string> = {
  unstable_lifted: '脱贫不稳定户', marginal: '边缘易致贫户', sudden_hardship: '突发严重困难户',
};

/** 稳定消除 / 自然消除 (DOMAIN.md "Risk elimination"). */
export type EliminationMethod = 'stable' | 'natural';
export const ELIMINATION_METHOD_LABELS: Record<EliminationMethod, string> = { stable: '稳定消除', natural: '自然消除' };
