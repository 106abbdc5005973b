import type { Role } from '@shared/contracts/common';
import type { Policy } from '@shared/domain/policy';
import {
  actorInArea, availableCommands, isMonitored, transition, workflowPolicy, WORKFLOW, WORKFLOW_ERRORS, WORKFLOW_STATES,
  WORKFLOW_STATE_LABELS, WORKFLOW_TASK_KINDS, WORKFLOW_TASK_LABELS, type AddDays, type CaseFacts, type CommandOf,
  type CommandSpec, type CommandType, type WorkflowActor, type WorkflowCommand, type WorkflowContext, type WorkflowEffect,
  type WorkflowErrorCode, type WorkflowPolicy, type WorkflowResult, type WorkflowState,
} from '@shared/domain/workflow';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

// ── fixtures: a household in group g1 of village v1 of township t1 of county c1 ──────────────────────────────
const HOUSEHOLD_AREA = '/c1/t1/v1/g1/';
const TODAY = '2026-11-12'; // a Thursday
const STORED: Policy = {
  areaId: 'c1', year: 2026, monitoringLineYuan: 7300, identificationDays: 15, noticeMinDays: 5, planDays: 10,
  dayCount: 'calendar',
};
const POLICY = workflowPolicy(STORED);
const ROLES: Role[] = ['farmer', 'grid_member', 'village_cadre', 'township_reviewer', 'county_admin', 'department_user', 'inspector'];
// a farmer acts in the workflow only to object to a notice, with their own village's path (table.ts, OBJECTORS)
const AREA_OF: Record<Role, string | null> = {
  farmer: '/c1/t1/v1/', grid_member: '/c1/t1/v1/g1/', village_cadre: '/c1/t1/v1/', township_reviewer: '/c1/t1/',
  county_admin: '/c1/', department_user: '/c1/', inspector: '/c1/',
};
const actor = (role: Role, over: Partial<WorkflowActor> = {}): WorkflowActor => ({
  userId: `u-${role}`, role, areaPath: AREA_OF[role], isRelatedToHousehold: false, ...over,
});
const FACTS: CaseFacts = {
  clueDate: '2026-11-01',
  notice: { startOn: '2026-11-05', endOn: '2026-11-10' },
  openObjectionIds: [],
  identifiedOn: '2025-11-01',
  eliminationProposedOn: '2026-11-02',
  household: { category: 'lifted', wholeHouseholdWithoutLabour: false },
};

interface Tweak {
  facts?: Partial<CaseFacts>;
  household?: Partial<CaseFacts['household']>;
  policy?: Partial<WorkflowPolicy>;
  actor?: Partial<WorkflowActor>;
  cosigner?: WorkflowActor | null;
  today?: string;
  addDays?: AddDays;
}
function ctxFor(role: Role, t: Tweak = {}): WorkflowContext {
  return {
    today: t.today ?? TODAY,
    policy: { ...POLICY, ...t.policy },
    actor: actor(role, t.actor),
    cosigner: t.cosigner ?? null,
    householdAreaPath: HOUSEHOLD_AREA,
    facts: { ...FACTS, ...t.facts, household: { ...FACTS.household, ...t.household } },
    ...(t.addDays ? { addDays: t.addDays } : {}),
  };
}

/** A valid command of each type (every guard holds in the default context). */
const CMD: { [K in CommandType]: CommandOf<K> } = {
  verify: {
    type: 'verify', verifiedOn: '2026-11-03', findings: '住院自付3.2万元，家庭人均收入约5800元', authorisationSigned: true, verification: SAMPLE_VERIFICATION,
    elimination: { incomePerCapitaYuan: 9000, basicNeedsSecured: true, identifiedRiskRemoved: true, noNewRisk: true },
  },
  deliberate: {
    type: 'deliberate', heldOn: '2026-11-04', attendees: ['甲', '乙', '丙', '丁', '戊', '己', '庚'],
    votesFor: 6, votesAgainst: 1, votesAbstain: 0, minutes: '评议同意纳入',
  },
  startNotice: { type: 'startNotice', startOn: '2026-11-05', endOn: '2026-11-10' },
  object: { type: 'object', objectionId: 'o1', raisedOn: '2026-11-07', content: '该户有车有房' },
  resolveObjection: { type: 'resolveObjection', objectionId: 'o1', outcome: 'dismissed', verifiedOn: '2026-11-08', findings: '车辆系借用' },
  endNotice: { type: 'endNotice' },
  approveAtTownship: { type: 'approveAtTownship', opinion: '同意' },
  approveAtCounty: { type: 'approveAtCounty', category: 'unstable_lifted', riskTypes: ['illness'], identifiedOn: '2026-11-12', opinion: '同意纳入' },
  returnCase: { type: 'returnCase', reason: '收入核算不全' },
  notInclude: { type: 'notInclude', reason: '人均纯收入高于监测线且无刚性支出' },
  makePlan: {
    type: 'makePlan', madeOn: '2026-11-12',
    measures: [{ measure: '医疗救助', memberName: '张三', responsible: { kind: 'department', name: '县医保局' }, dueOn: '2026-12-31' }],
  },
  recordTracking: { type: 'recordTracking', visitedOn: '2026-11-12', note: '病情稳定', incomePerCapitaYuan: null, newRisk: false },
  proposeElimination: { type: 'proposeElimination', proposedOn: '2026-11-12', reason: '务工收入稳定' },
  approveElimination: { type: 'approveElimination', method: 'stable', eliminatedOn: '2026-11-12', opinion: '同意消除' },
  markSafetyNet: { type: 'markSafetyNet', opinion: '整户无劳动能力，兜底保障' },
  keepMonitoring: { type: 'keepMonitoring', reason: '收入尚不稳定' },
};
const cmd = <K extends CommandType>(type: K, over: Partial<CommandOf<K>> = {}): CommandOf<K> => ({ ...CMD[type], ...over });

const ok = (r: WorkflowResult) => {
  if (!r.ok) throw new Error(`refused: ${r.code} (${r.guard ?? '-'}) ${r.message}`);
  return r;
};
const ofType = <T extends WorkflowEffect['type']>(effects: WorkflowEffect[], type: T) =>
  effects.filter((e): e is Extract<WorkflowEffect, { type: T }> => e.type === type);
const specOf = (type: CommandType): CommandSpec<WorkflowCommand> => WORKFLOW[type];
const COMMAND_TYPES = Object.keys(WORKFLOW) as CommandType[];

// ═══ 1. every transition of the table, written out independently of it ══════════════════════════════════════
interface Expected { from: WorkflowState; command: WorkflowCommand; roles: Role[]; to: WorkflowState; tweak?: Tweak }
const OPEN_O1: Tweak = { facts: { openObjectionIds: ['o1'] } };
const NO_LABOUR: Tweak = { household: { wholeHouseholdWithoutLabour: true } };
const V: Role[] = ['village_cadre'];
const G: Role[] = ['grid_member'];
const VG: Role[] = ['village_cadre', 'grid_member'];
const T: Role[] = ['township_reviewer'];
const C: Role[] = ['county_admin'];
const OBJECTORS: Role[] = ['village_cadre', 'township_reviewer', 'farmer'];

const TRANSITIONS: Expected[] = [
  // 识别认定
  { from: 'verifying', command: CMD.verify, roles: G, to: 'deliberating' },
  { from: 'deliberating', command: CMD.deliberate, roles: V, to: 'notice_due' },
  { from: 'notice_due', command: CMD.startNotice, roles: V, to: 'notice' },
  { from: 'notice', command: CMD.object, roles: OBJECTORS, to: 'notice' },
  { from: 'notice', command: cmd('resolveObjection', { outcome: 'upheld' }), roles: VG, to: 'verifying', tweak: OPEN_O1 },
  { from: 'notice', command: cmd('resolveObjection', { outcome: 'dismissed' }), roles: VG, to: 'notice', tweak: OPEN_O1 },
  { from: 'verifying', command: cmd('resolveObjection', { outcome: 'dismissed' }), roles: VG, to: 'verifying', tweak: OPEN_O1 },
  { from: 'notice', command: CMD.endNotice, roles: V, to: 'township_review' },
  { from: 'township_review', command: CMD.approveAtTownship, roles: T, to: 'county_review' },
  { from: 'county_review', command: CMD.approveAtCounty, roles: C, to: 'plan_due' },
  // 退回: to 入户核实 unless the return names an earlier step
  { from: 'deliberating', command: CMD.returnCase, roles: V, to: 'verifying' },
  { from: 'notice_due', command: CMD.returnCase, roles: V, to: 'verifying' },
  { from: 'notice', command: CMD.returnCase, roles: V, to: 'verifying' },
  { from: 'township_review', command: CMD.returnCase, roles: T, to: 'verifying' },
  { from: 'county_review', command: CMD.returnCase, roles: C, to: 'verifying' },
  // 不予纳入
  { from: 'verifying', command: CMD.notInclude, roles: V, to: 'not_included' },
  { from: 'deliberating', command: CMD.notInclude, roles: V, to: 'not_included' },
  { from: 'notice_due', command: CMD.notInclude, roles: V, to: 'not_included' },
  { from: 'notice', command: CMD.notInclude, roles: V, to: 'not_included' },
  { from: 'township_review', command: CMD.notInclude, roles: T, to: 'not_included' },
  { from: 'county_review', command: CMD.notInclude, roles: C, to: 'not_included' },
  // 监测中
  { from: 'plan_due', command: CMD.makePlan, roles: VG, to: 'plan_made' },
  { from: 'plan_made', command: CMD.makePlan, roles: VG, to: 'plan_made' },
  { from: 'tracking', command: CMD.makePlan, roles: VG, to: 'tracking' },
  { from: 'safety_net', command: CMD.makePlan, roles: VG, to: 'safety_net' },
  { from: 'plan_due', command: CMD.recordTracking, roles: VG, to: 'plan_due' },
  { from: 'plan_made', command: CMD.recordTracking, roles: VG, to: 'tracking' },
  { from: 'tracking', command: CMD.recordTracking, roles: VG, to: 'tracking' },
  { from: 'safety_net', command: CMD.recordTracking, roles: VG, to: 'safety_net' },
  { from: 'elimination_verifying', command: CMD.recordTracking, roles: VG, to: 'elimination_verifying' },
  { from: 'elimination_deliberating', command: CMD.recordTracking, roles: VG, to: 'elimination_deliberating' },
  { from: 'elimination_notice_due', command: CMD.recordTracking, roles: VG, to: 'elimination_notice_due' },
  { from: 'elimination_notice', command: CMD.recordTracking, roles: VG, to: 'elimination_notice' },
  { from: 'elimination_township_review', command: CMD.recordTracking, roles: VG, to: 'elimination_township_review' },
  { from: 'elimination_county_review', command: CMD.recordTracking, roles: VG, to: 'elimination_county_review' },
  // 风险消除
  { from: 'tracking', command: CMD.proposeElimination, roles: VG, to: 'elimination_verifying' },
  { from: 'elimination_verifying', command: CMD.verify, roles: G, to: 'elimination_deliberating' },
  { from: 'elimination_deliberating', command: CMD.deliberate, roles: V, to: 'elimination_notice_due' },
  { from: 'elimination_notice_due', command: CMD.startNotice, roles: V, to: 'elimination_notice' },
  { from: 'elimination_notice', command: CMD.object, roles: OBJECTORS, to: 'elimination_notice' },
  { from: 'elimination_notice', command: cmd('resolveObjection', { outcome: 'upheld' }), roles: VG, to: 'elimination_verifying', tweak: OPEN_O1 },
  { from: 'elimination_notice', command: cmd('resolveObjection', { outcome: 'dismissed' }), roles: VG, to: 'elimination_notice', tweak: OPEN_O1 },
  { from: 'elimination_verifying', command: cmd('resolveObjection', { outcome: 'upheld' }), roles: VG, to: 'elimination_verifying', tweak: OPEN_O1 },
  { from: 'elimination_notice', command: CMD.endNotice, roles: V, to: 'elimination_township_review' },
  { from: 'elimination_township_review', command: CMD.approveAtTownship, roles: T, to: 'elimination_county_review' },
  { from: 'elimination_county_review', command: CMD.approveElimination, roles: C, to: 'eliminated' },
  { from: 'elimination_county_review', command: CMD.markSafetyNet, roles: C, to: 'safety_net', tweak: NO_LABOUR },
  { from: 'elimination_deliberating', command: CMD.returnCase, roles: V, to: 'elimination_verifying' },
  { from: 'elimination_notice_due', command: CMD.returnCase, roles: V, to: 'elimination_verifying' },
  { from: 'elimination_notice', command: CMD.returnCase, roles: V, to: 'elimination_verifying' },
  { from: 'elimination_township_review', command: CMD.returnCase, roles: T, to: 'elimination_verifying' },
  { from: 'elimination_county_review', command: CMD.returnCase, roles: C, to: 'elimination_verifying' },
  { from: 'elimination_verifying', command: CMD.keepMonitoring, roles: V, to: 'tracking' },
  { from: 'elimination_deliberating', command: CMD.keepMonitoring, roles: V, to: 'tracking' },
  { from: 'elimination_notice_due', command: CMD.keepMonitoring, roles: V, to: 'tracking' },
  { from: 'elimination_notice', command: CMD.keepMonitoring, roles: V, to: 'tracking' },
  { from: 'elimination_township_review', command: CMD.keepMonitoring, roles: T, to: 'tracking' },
  { from: 'elimination_county_review', command: CMD.keepMonitoring, roles: C, to: 'tracking' },
];

describe('every transition', () => {
  const accepted = TRANSITIONS.flatMap((t) => t.roles.map((role) => ({ ...t, role, type: t.command.type })));
  test.each(accepted)('$from --$type ($role)--> $to', ({ from, command, role, to, tweak }) => {
    const r = ok(transition(from, command, ctxFor(role, tweak)));
    expect(r.next).toBe(to);
    expect(ofType(r.effects, 'event')).toHaveLength(1);
  });

  test('the list above covers every row of the table, with exactly the roles the table allows', () => {
    const fromTable = COMMAND_TYPES.flatMap((type) =>
      Object.entries(specOf(type).from).map(([from, row]) => `${type} @ ${from}: ${[...(row?.roles ?? [])].sort().join(',')}`));
    const listed = new Set(TRANSITIONS.map((t) => `${t.command.type} @ ${t.from}: ${[...t.roles].sort().join(',')}`));
    expect([...new Set(fromTable)].sort()).toEqual([...listed].sort());
  });
});

// ═══ 2. stage, role and closed-case checks, for every command in every state ══════════════════════════════════
describe('a command in a state that does not accept it is refused', () => {
  const rows = COMMAND_TYPES.flatMap((type) => WORKFLOW_STATES
    .filter((s) => !specOf(type).from[s])
    .map((state) => ({ type, state, code: (state === 'not_included' || state === 'eliminated' ? 'CASE.CLOSED' : 'CASE.WRONG_STAGE') as WorkflowErrorCode })));
  test.each(rows)('$type in $state: $code', ({ type, state, code }) => {
    const r = transition(state, CMD[type], ctxFor('county_admin', NO_LABOUR));
    expect(r).toMatchObject({ ok: false, code, guard: null });
  });

  test('the closed states accept nothing, and closed means closed for every role', () => {
    for (const state of ['not_included', 'eliminated'] as const) {
      expect(availableCommands(state)).toEqual([]);
      for (const role of ROLES) expect(transition(state, CMD.recordTracking, ctxFor(role))).toMatchObject({ code: 'CASE.CLOSED' });
    }
  });
});

describe('a role the row does not name is refused', () => {
  const rows = TRANSITIONS.flatMap((t) => ROLES.filter((r) => !t.roles.includes(r))
    .map((role) => ({ ...t, role, type: t.command.type })));
  test.each(rows)('$type in $from by $role: CASE.WRONG_ROLE', ({ from, command, role, tweak }) => {
    const r = transition(from, command, ctxFor(role, tweak));
    expect(r).toMatchObject({ ok: false, code: 'CASE.WRONG_ROLE', guard: null });
    if (!r.ok) expect(r.message).toMatch(/应由.+办理/);
  });
});

describe('approval at the wrong level is refused', () => {
  test.each<{ name: string; from: WorkflowState; command: WorkflowCommand; role: Role; code: WorkflowErrorCode }>([
    { name: 'township cannot give the county approval', from: 'county_review', command: CMD.approveAtCounty, role: 'township_reviewer', code: 'CASE.WRONG_ROLE' },
    { name: 'village cannot approve for the township', from: 'township_review', command: CMD.approveAtTownship, role: 'village_cadre', code: 'CASE.WRONG_ROLE' },
    { name: 'county cannot approve in the township’s place', from: 'township_review', command: CMD.approveAtTownship, role: 'county_admin', code: 'CASE.WRONG_ROLE' },
    { name: 'county cannot skip the township review', from: 'township_review', command: CMD.approveAtCounty, role: 'county_admin', code: 'CASE.WRONG_STAGE' },
    { name: 'county cannot approve before the notice ended', from: 'notice', command: CMD.approveAtCounty, role: 'county_admin', code: 'CASE.WRONG_STAGE' },
    { name: 'township cannot approve an elimination for the county', from: 'elimination_county_review', command: CMD.approveElimination, role: 'township_reviewer', code: 'CASE.WRONG_ROLE' },
    { name: 'county cannot eliminate before the township review', from: 'elimination_township_review', command: CMD.approveElimination, role: 'county_admin', code: 'CASE.WRONG_STAGE' },
    { name: 'the identification approval is not an elimination approval', from: 'elimination_county_review', command: CMD.approveAtCounty, role: 'county_admin', code: 'CASE.WRONG_STAGE' },
    { name: 'grid member cannot mark the safety net', from: 'elimination_county_review', command: CMD.markSafetyNet, role: 'grid_member', code: 'CASE.WRONG_ROLE' },
  ])('$name', ({ from, command, role, code }) => {
    expect(transition(from, command, ctxFor(role, NO_LABOUR))).toMatchObject({ ok: false, code });
  });
});

// ═══ 3. every guard ═══════════════════════════════════════════════════════════════════════════════════════
interface Refusal {
  name: string; from: WorkflowState; command: WorkflowCommand; role: Role; tweak?: Tweak;
  code: WorkflowErrorCode; guard: string;
}
const related: Tweak = { actor: { isRelatedToHousehold: true } };
/** Works on 2026-11-05 (Thu) + 5 working days = 2026-11-12; calendar days give 2026-11-10. */
const workingDays: AddDays = (date, days) => {
  const d = new Date(`${date}T00:00:00Z`);
  for (let left = days; left > 0;) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
};

const REFUSALS: Refusal[] = [
  // actorInArea
  { name: 'grid member of another group', from: 'verifying', command: CMD.verify, role: 'grid_member', tweak: { actor: { areaPath: '/c1/t1/v1/g2/' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'township t10 does not cover t1 (path prefix is by segment)', from: 'township_review', command: CMD.approveAtTownship, role: 'township_reviewer', tweak: { actor: { areaPath: '/c1/t' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'another county', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { actor: { areaPath: '/c2/' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'an account with no area', from: 'plan_due', command: CMD.makePlan, role: 'village_cadre', tweak: { actor: { areaPath: null } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'a village cadre of another village records an objection', from: 'notice', command: CMD.object, role: 'village_cadre', tweak: { actor: { areaPath: '/c1/t1/v2/' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'a farmer of another village objects', from: 'notice', command: CMD.object, role: 'farmer', tweak: { actor: { areaPath: '/c1/t1/v2/' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'a farmer of another village objects to an elimination', from: 'elimination_notice', command: CMD.object, role: 'farmer', tweak: { actor: { areaPath: '/c1/t2/v1/' } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  { name: 'a farmer bound to no household (no village) objects', from: 'notice', command: CMD.object, role: 'farmer', tweak: { actor: { areaPath: null } }, code: 'CASE.OUT_OF_AREA', guard: 'actorInArea' },
  // notRelatedAlone (优亲厚友)
  { name: 'related grid member verifies alone', from: 'verifying', command: CMD.verify, role: 'grid_member', tweak: related, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' },
  { name: 'related cadre with a related cosigner', from: 'township_review', command: CMD.approveAtTownship, role: 'township_reviewer', tweak: { ...related, cosigner: actor('township_reviewer', { userId: 'u-t2', isRelatedToHousehold: true }) }, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' },
  { name: 'related cadre cosigning for himself', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { ...related, cosigner: actor('county_admin') }, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' },
  { name: 'cosigner of a role not allowed at this step', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { ...related, cosigner: actor('township_reviewer') }, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' },
  { name: 'cosigner outside the area', from: 'deliberating', command: CMD.deliberate, role: 'village_cadre', tweak: { ...related, cosigner: actor('village_cadre', { userId: 'u-v2', areaPath: '/c1/t1/v2/' }) }, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' },
  // dates that cannot be in the future
  { name: 'verification dated tomorrow', from: 'verifying', command: cmd('verify', { verifiedOn: '2026-11-13' }), role: 'grid_member', code: 'CASE.DATE_IN_FUTURE', guard: 'verifiedOnNotInFuture' },
  { name: 'deliberation dated tomorrow', from: 'deliberating', command: cmd('deliberate', { heldOn: '2026-11-13' }), role: 'village_cadre', code: 'CASE.DATE_IN_FUTURE', guard: 'heldOnNotInFuture' },
  { name: 'objection raised tomorrow', from: 'notice', command: cmd('object', { raisedOn: '2026-11-13' }), role: 'village_cadre', code: 'CASE.DATE_IN_FUTURE', guard: 'raisedOnNotInFuture' },
  { name: 'objection verified tomorrow', from: 'notice', command: cmd('resolveObjection', { verifiedOn: '2026-11-13' }), role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.DATE_IN_FUTURE', guard: 'verifiedOnNotInFuture' },
  { name: 'plan made tomorrow', from: 'plan_due', command: cmd('makePlan', { madeOn: '2026-11-13' }), role: 'village_cadre', code: 'CASE.DATE_IN_FUTURE', guard: 'madeOnNotInFuture' },
  { name: 'visit dated tomorrow', from: 'tracking', command: cmd('recordTracking', { visitedOn: '2026-11-13' }), role: 'grid_member', code: 'CASE.DATE_IN_FUTURE', guard: 'visitedOnNotInFuture' },
  { name: 'elimination proposed tomorrow', from: 'tracking', command: cmd('proposeElimination', { proposedOn: '2026-11-13' }), role: 'village_cadre', code: 'CASE.DATE_IN_FUTURE', guard: 'proposedOnNotInFuture' },
  // 入户核实
  { name: 'no signed authorisation', from: 'verifying', command: cmd('verify', { authorisationSigned: false }), role: 'grid_member', code: 'CASE.AUTHORISATION_MISSING', guard: 'authorisationSigned' },
  { name: 'authorisation not stated', from: 'verifying', command: cmd('verify', { authorisationSigned: undefined }), role: 'grid_member', code: 'CASE.AUTHORISATION_MISSING', guard: 'authorisationSigned' },
  { name: 'no verification record', from: 'verifying', command: cmd('verify', { verification: undefined }), role: 'grid_member', code: 'CASE.VERIFICATION_MISSING', guard: 'verificationRecorded' },
  { name: 'elimination verified without findings', from: 'elimination_verifying', command: cmd('verify', { elimination: undefined }), role: 'grid_member', code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  { name: 'income equal to the monitoring line is not above it', from: 'elimination_verifying', command: cmd('verify', { elimination: { ...CMD.verify.elimination!, incomePerCapitaYuan: 7300 } }), role: 'grid_member', code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  { name: 'the line comes from the policy', from: 'elimination_verifying', command: CMD.verify, role: 'grid_member', tweak: { policy: { monitoringLineYuan: 9500 } }, code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  { name: '三保障 not secured', from: 'elimination_verifying', command: cmd('verify', { elimination: { ...CMD.verify.elimination!, basicNeedsSecured: false } }), role: 'grid_member', code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  { name: 'the identified risk remains', from: 'elimination_verifying', command: cmd('verify', { elimination: { ...CMD.verify.elimination!, identifiedRiskRemoved: false } }), role: 'grid_member', code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  { name: 'a new risk appeared', from: 'elimination_verifying', command: cmd('verify', { elimination: { ...CMD.verify.elimination!, noNewRisk: false } }), role: 'grid_member', code: 'CASE.ELIMINATION_CONDITIONS_UNMET', guard: 'eliminationConditionsMet' },
  // 民主评议
  { name: 'more votes than attendees', from: 'deliberating', command: cmd('deliberate', { votesFor: 6, votesAgainst: 1, votesAbstain: 1 }), role: 'village_cadre', code: 'CASE.VOTES_EXCEED_ATTENDANCE', guard: 'votesWithinAttendance' },
  { name: 'a negative vote count', from: 'deliberating', command: cmd('deliberate', { votesAgainst: -1 }), role: 'village_cadre', code: 'CASE.VOTES_EXCEED_ATTENDANCE', guard: 'votesWithinAttendance' },
  { name: 'a fractional vote count', from: 'deliberating', command: cmd('deliberate', { votesFor: 5.5 }), role: 'village_cadre', code: 'CASE.VOTES_EXCEED_ATTENDANCE', guard: 'votesWithinAttendance' },
  { name: 'fewer attendees than the quorum', from: 'deliberating', command: CMD.deliberate, role: 'village_cadre', tweak: { policy: { majorityRule: { ...POLICY.majorityRule, minAttendees: 9 } } }, code: 'CASE.NO_QUORUM', guard: 'quorumReached' },
  { name: '3 of 7 is not more than half', from: 'deliberating', command: cmd('deliberate', { votesFor: 3, votesAgainst: 4 }), role: 'village_cadre', code: 'CASE.NO_MAJORITY', guard: 'majorityReached' },
  { name: 'exactly half is not more than half', from: 'deliberating', command: cmd('deliberate', { attendees: ['甲', '乙', '丙', '丁', '戊', '己'], votesFor: 3, votesAgainst: 3 }), role: 'village_cadre', code: 'CASE.NO_MAJORITY', guard: 'majorityReached' },
  { name: 'abstentions count against a majority of attendees', from: 'deliberating', command: cmd('deliberate', { votesFor: 3, votesAgainst: 0, votesAbstain: 4 }), role: 'village_cadre', code: 'CASE.NO_MAJORITY', guard: 'majorityReached' },
  { name: 'two thirds rule: 4 of 7 refused', from: 'elimination_deliberating', command: cmd('deliberate', { votesFor: 4, votesAgainst: 3 }), role: 'village_cadre', tweak: { policy: { majorityRule: { basis: 'votes_cast', numerator: 2, denominator: 3, strict: false, minAttendees: 1 } } }, code: 'CASE.NO_MAJORITY', guard: 'majorityReached' },
  { name: 'nobody voted', from: 'deliberating', command: cmd('deliberate', { votesFor: 0, votesAgainst: 0, votesAbstain: 0 }), role: 'village_cadre', tweak: { policy: { majorityRule: { basis: 'votes_cast', numerator: 1, denominator: 2, strict: false, minAttendees: 1 } } }, code: 'CASE.NO_MAJORITY', guard: 'majorityReached' },
  // 村内公示
  { name: 'notice of 4 days when 5 are required', from: 'notice_due', command: cmd('startNotice', { endOn: '2026-11-09' }), role: 'village_cadre', code: 'CASE.NOTICE_TOO_SHORT', guard: 'noticeLongEnough' },
  { name: 'notice ending before it starts', from: 'notice_due', command: cmd('startNotice', { endOn: '2026-11-01' }), role: 'village_cadre', code: 'CASE.NOTICE_TOO_SHORT', guard: 'noticeLongEnough' },
  { name: 'the minimum comes from the policy (7 days)', from: 'elimination_notice_due', command: CMD.startNotice, role: 'village_cadre', tweak: { policy: { noticeMinDays: 7 } }, code: 'CASE.NOTICE_TOO_SHORT', guard: 'noticeLongEnough' },
  { name: '5 calendar days are not 5 working days', from: 'notice_due', command: CMD.startNotice, role: 'village_cadre', tweak: { addDays: workingDays }, code: 'CASE.NOTICE_TOO_SHORT', guard: 'noticeLongEnough' },
  { name: 'ending the notice before its end date', from: 'notice', command: CMD.endNotice, role: 'village_cadre', tweak: { today: '2026-11-09' }, code: 'CASE.NOTICE_NOT_OVER', guard: 'noticeOver' },
  { name: 'ending a notice that was never recorded', from: 'elimination_notice', command: CMD.endNotice, role: 'village_cadre', tweak: { facts: { notice: null } }, code: 'CASE.NOTICE_NOT_OVER', guard: 'noticeOver' },
  { name: 'an objection raised after the notice ended', from: 'notice', command: cmd('object', { raisedOn: '2026-11-11' }), role: 'farmer', code: 'CASE.NOT_DURING_NOTICE', guard: 'raisedDuringNotice' },
  { name: 'an objection dated before the notice started', from: 'elimination_notice', command: cmd('object', { raisedOn: '2026-11-04' }), role: 'village_cadre', code: 'CASE.NOT_DURING_NOTICE', guard: 'raisedDuringNotice' },
  { name: 'an objection to a notice never recorded', from: 'notice', command: CMD.object, role: 'township_reviewer', tweak: { facts: { notice: null } }, code: 'CASE.NOT_DURING_NOTICE', guard: 'raisedDuringNotice' },
  { name: 'ending the notice with an open objection', from: 'notice', command: CMD.endNotice, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'ending the elimination notice with an open objection', from: 'elimination_notice', command: CMD.endNotice, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 're-verifying with an objection still open', from: 'verifying', command: CMD.verify, role: 'grid_member', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'returning from the notice with an open objection', from: 'notice', command: CMD.returnCase, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'not including during the notice with an open objection', from: 'notice', command: CMD.notInclude, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'not including with an objection left to verify', from: 'verifying', command: CMD.notInclude, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'stopping an elimination with an open objection', from: 'elimination_notice', command: CMD.keepMonitoring, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OPEN_OBJECTION', guard: 'noOpenObjection' },
  { name: 'resolving an objection that is not open', from: 'notice', command: cmd('resolveObjection', { objectionId: 'o9' }), role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OBJECTION_NOT_OPEN', guard: 'objectionIsOpen' },
  { name: 'recording the same objection twice', from: 'notice', command: CMD.object, role: 'village_cadre', tweak: OPEN_O1, code: 'CASE.OBJECTION_NOT_OPEN', guard: 'objectionIsNew' },
  // 退回, 不予纳入, 不予消除
  { name: 'a return without a reason', from: 'township_review', command: cmd('returnCase', { reason: '  ' }), role: 'township_reviewer', code: 'CASE.REASON_REQUIRED', guard: 'reasonGiven' },
  { name: 'not included without a reason', from: 'county_review', command: cmd('notInclude', { reason: '' }), role: 'county_admin', code: 'CASE.REASON_REQUIRED', guard: 'reasonGiven' },
  { name: 'elimination stopped without a reason', from: 'elimination_township_review', command: cmd('keepMonitoring', { reason: '' }), role: 'township_reviewer', code: 'CASE.REASON_REQUIRED', guard: 'reasonGiven' },
  { name: 'a return to the same step', from: 'township_review', command: cmd('returnCase', { resumeAt: 'township_review' }), role: 'township_reviewer', code: 'CASE.BAD_RETURN_TARGET', guard: 'resumesEarlier' },
  { name: 'a return forward', from: 'township_review', command: cmd('returnCase', { resumeAt: 'county_review' }), role: 'township_reviewer', code: 'CASE.BAD_RETURN_TARGET', guard: 'resumesEarlier' },
  { name: 'a return from the notice to the notice', from: 'notice', command: cmd('returnCase', { resumeAt: 'notice' }), role: 'village_cadre', code: 'CASE.BAD_RETURN_TARGET', guard: 'resumesEarlier' },
  { name: 'a return from deliberation to deliberation', from: 'elimination_deliberating', command: cmd('returnCase', { resumeAt: 'deliberation' }), role: 'village_cadre', code: 'CASE.BAD_RETURN_TARGET', guard: 'resumesEarlier' },
  // 县级审定
  { name: 'no risk type', from: 'county_review', command: cmd('approveAtCounty', { riskTypes: [] }), role: 'county_admin', code: 'CASE.RISK_TYPES_REQUIRED', guard: 'riskTypesGiven' },
  { name: '边缘易致贫户 for a 脱贫户', from: 'county_review', command: cmd('approveAtCounty', { category: 'marginal' }), role: 'county_admin', code: 'CASE.CATEGORY_MISMATCH', guard: 'categoryFitsHousehold' },
  { name: '脱贫不稳定户 for a 一般农户', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { household: { category: 'ordinary' } }, code: 'CASE.CATEGORY_MISMATCH', guard: 'categoryFitsHousehold' },
  { name: 'identified before the clue', from: 'county_review', command: cmd('approveAtCounty', { identifiedOn: '2026-10-31' }), role: 'county_admin', code: 'CASE.BAD_DECISION_DATE', guard: 'identifiedOnValid' },
  { name: 'identified tomorrow', from: 'county_review', command: cmd('approveAtCounty', { identifiedOn: '2026-11-13' }), role: 'county_admin', code: 'CASE.BAD_DECISION_DATE', guard: 'identifiedOnValid' },
  // 帮扶计划
  { name: 'a plan with no measures', from: 'plan_due', command: cmd('makePlan', { measures: [] }), role: 'village_cadre', code: 'CASE.PLAN_EMPTY', guard: 'planHasMeasures' },
  { name: 'a measure with no one responsible', from: 'plan_due', command: cmd('makePlan', { measures: [{ ...CMD.makePlan.measures[0], responsible: { kind: 'person', name: ' ' } }] }), role: 'grid_member', code: 'CASE.MEASURE_INCOMPLETE', guard: 'measuresComplete' },
  { name: 'a measure due before the plan', from: 'tracking', command: cmd('makePlan', { measures: [{ ...CMD.makePlan.measures[0], dueOn: '2026-11-11' }] }), role: 'village_cadre', code: 'CASE.MEASURE_INCOMPLETE', guard: 'measuresComplete' },
  { name: 'a measure with no content', from: 'plan_due', command: cmd('makePlan', { measures: [{ ...CMD.makePlan.measures[0], measure: '' }] }), role: 'village_cadre', code: 'CASE.MEASURE_INCOMPLETE', guard: 'measuresComplete' },
  // 风险消除
  { name: 'proposed after less than a year of monitoring', from: 'tracking', command: CMD.proposeElimination, role: 'village_cadre', tweak: { facts: { identifiedOn: '2025-11-13' } }, code: 'CASE.MONITORED_TOO_SHORT', guard: 'monitoredLongEnough' },
  { name: 'proposed for a household with no identification date', from: 'tracking', command: CMD.proposeElimination, role: 'grid_member', tweak: { facts: { identifiedOn: null } }, code: 'CASE.MONITORED_TOO_SHORT', guard: 'monitoredLongEnough' },
  { name: 'eliminated tomorrow', from: 'elimination_county_review', command: cmd('approveElimination', { eliminatedOn: '2026-11-13' }), role: 'county_admin', code: 'CASE.BAD_DECISION_DATE', guard: 'eliminatedOnValid' },
  { name: 'eliminated before it was proposed', from: 'elimination_county_review', command: cmd('approveElimination', { eliminatedOn: '2026-11-01' }), role: 'county_admin', code: 'CASE.BAD_DECISION_DATE', guard: 'eliminatedOnValid' },
  { name: 'eliminating a household with no labour at all', from: 'elimination_county_review', command: CMD.approveElimination, role: 'county_admin', tweak: NO_LABOUR, code: 'CASE.SAFETY_NET_REQUIRED', guard: 'notSafetyNetHousehold' },
  { name: 'marking the safety net for a household with labour', from: 'elimination_county_review', command: CMD.markSafetyNet, role: 'county_admin', code: 'CASE.HAS_LABOUR', guard: 'wholeHouseholdWithoutLabour' },
];

describe('every guard refuses with its code and a Chinese message', () => {
  test.each(REFUSALS)('$guard: $name → $code', ({ from, command, role, tweak, code, guard }) => {
    const r = transition(from, command, ctxFor(role, tweak));
    expect(r).toEqual({ ok: false, code, guard, message: WORKFLOW_ERRORS[code].message });
  });

  test('each guard of the table (and actorInArea) has at least one refusal above', () => {
    const names = new Set([actorInArea.name]);
    for (const type of COMMAND_TYPES) {
      for (const row of Object.values(specOf(type).from)) for (const g of row?.guards ?? []) names.add(g.name);
    }
    const tested = new Set(REFUSALS.map((r) => r.guard));
    expect([...names].filter((n) => !tested.has(n))).toEqual([]);
  });

  test('every error code has a Chinese message', () => {
    for (const { message } of Object.values(WORKFLOW_ERRORS)) expect(message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('the same guards let the edge cases through', () => {
  test.each<{ name: string; from: WorkflowState; command: WorkflowCommand; role: Role; tweak?: Tweak }>([
    { name: 'a notice of exactly the minimum', from: 'notice_due', command: CMD.startNotice, role: 'village_cadre' },
    { name: '5 working days with the working-day calendar plugged in', from: 'notice_due', command: cmd('startNotice', { endOn: '2026-11-12' }), role: 'village_cadre', tweak: { addDays: workingDays } },
    { name: 'ending the notice on its end date', from: 'notice', command: CMD.endNotice, role: 'village_cadre', tweak: { today: '2026-11-10' } },
    { name: '4 of 7 is more than half', from: 'deliberating', command: cmd('deliberate', { votesFor: 4, votesAgainst: 3 }), role: 'village_cadre' },
    { name: 'exactly half when the rule says "at least half"', from: 'deliberating', command: cmd('deliberate', { attendees: ['甲', '乙', '丙', '丁'], votesFor: 2, votesAgainst: 2 }), role: 'village_cadre', tweak: { policy: { majorityRule: { ...POLICY.majorityRule, strict: false } } } },
    { name: 'two thirds of votes cast, abstentions aside', from: 'deliberating', command: cmd('deliberate', { votesFor: 4, votesAgainst: 2, votesAbstain: 0, attendees: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'] }), role: 'village_cadre', tweak: { policy: { majorityRule: { basis: 'votes_cast', numerator: 2, denominator: 3, strict: false, minAttendees: 5 } } } },
    { name: 'income 1 yuan above the line', from: 'elimination_verifying', command: cmd('verify', { elimination: { ...CMD.verify.elimination!, incomePerCapitaYuan: 7301 } }), role: 'grid_member' },
    { name: '突发严重困难户 for a 脱贫户', from: 'county_review', command: cmd('approveAtCounty', { category: 'sudden_hardship' }), role: 'county_admin' },
    { name: '突发严重困难户 for a 一般农户', from: 'county_review', command: cmd('approveAtCounty', { category: 'sudden_hardship' }), role: 'county_admin', tweak: { household: { category: 'ordinary' } } },
    { name: '边缘易致贫户 for a 一般农户', from: 'county_review', command: cmd('approveAtCounty', { category: 'marginal' }), role: 'county_admin', tweak: { household: { category: 'ordinary' } } },
    { name: 'identified on the day of the clue', from: 'county_review', command: cmd('approveAtCounty', { identifiedOn: '2026-11-01' }), role: 'county_admin' },
    { name: 'proposed exactly a year after identification', from: 'tracking', command: CMD.proposeElimination, role: 'village_cadre', tweak: { facts: { identifiedOn: '2025-11-12' } } },
    { name: 'a shorter minimum set by the region', from: 'tracking', command: CMD.proposeElimination, role: 'village_cadre', tweak: { facts: { identifiedOn: '2026-05-01' }, policy: { eliminationMinMonitoredDays: 180 } } },
    { name: 'a related cadre with an unrelated cosigner of the same level', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { ...related, cosigner: actor('county_admin', { userId: 'u-c2' }) } },
    { name: 'a township cosigner whose area covers the household', from: 'township_review', command: CMD.approveAtTownship, role: 'township_reviewer', tweak: { ...related, cosigner: actor('township_reviewer', { userId: 'u-t2', areaPath: '/c1/t1' }) } },
    { name: 'a return from the county to the township review', from: 'county_review', command: cmd('returnCase', { resumeAt: 'township_review' }), role: 'county_admin' },
  ])('$name', ({ from, command, role, tweak }) => {
    ok(transition(from, command, ctxFor(role, tweak)));
  });
});

describe('优亲厚友: a related cadre cannot decide alone', () => {
  const DECISIONS: { from: WorkflowState; command: WorkflowCommand; role: Role; tweak?: Tweak }[] = [
    { from: 'verifying', command: CMD.verify, role: 'grid_member' },
    { from: 'elimination_verifying', command: CMD.verify, role: 'grid_member' },
    { from: 'deliberating', command: CMD.deliberate, role: 'village_cadre' },
    { from: 'elimination_deliberating', command: CMD.deliberate, role: 'village_cadre' },
    { from: 'notice', command: CMD.resolveObjection, role: 'grid_member', tweak: OPEN_O1 },
    { from: 'verifying', command: CMD.resolveObjection, role: 'village_cadre', tweak: OPEN_O1 },
    { from: 'elimination_notice', command: CMD.resolveObjection, role: 'grid_member', tweak: OPEN_O1 },
    { from: 'elimination_verifying', command: CMD.resolveObjection, role: 'village_cadre', tweak: OPEN_O1 },
    { from: 'township_review', command: CMD.approveAtTownship, role: 'township_reviewer' },
    { from: 'elimination_township_review', command: CMD.approveAtTownship, role: 'township_reviewer' },
    { from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin' },
    { from: 'elimination_county_review', command: CMD.approveElimination, role: 'county_admin' },
    { from: 'elimination_county_review', command: CMD.markSafetyNet, role: 'county_admin', tweak: NO_LABOUR },
    ...(['deliberating', 'notice_due', 'notice', 'township_review', 'county_review', 'elimination_deliberating',
      'elimination_notice_due', 'elimination_notice', 'elimination_township_review', 'elimination_county_review'] as const)
      .map((from) => ({ from, command: CMD.returnCase, role: specOf('returnCase').from[from]!.roles[0] })),
    ...(['verifying', 'deliberating', 'notice_due', 'notice', 'township_review', 'county_review'] as const)
      .map((from) => ({ from, command: CMD.notInclude, role: specOf('notInclude').from[from]!.roles[0] })),
    ...(['elimination_verifying', 'elimination_deliberating', 'elimination_notice_due', 'elimination_notice',
      'elimination_township_review', 'elimination_county_review'] as const)
      .map((from) => ({ from, command: CMD.keepMonitoring, role: specOf('keepMonitoring').from[from]!.roles[0] })),
  ];
  const rows = DECISIONS.map((d) => ({ ...d, type: d.command.type }));

  test.each(rows)('$type in $from by a related $role alone: CASE.RELATED_CADRE', ({ from, command, role, tweak }) => {
    const r = transition(from, command, ctxFor(role, { ...tweak, ...related }));
    expect(r).toMatchObject({ ok: false, code: 'CASE.RELATED_CADRE', guard: 'notRelatedAlone' });
  });

  test.each(rows)('$type in $from by a related $role with an unrelated cosigner: accepted, cosigner recorded', ({ from, command, role, tweak }) => {
    const cosigner = actor(role, { userId: `u-${role}-2` });
    const r = ok(transition(from, command, ctxFor(role, { ...tweak, ...related, cosigner })));
    expect(ofType(r.effects, 'event')[0]).toMatchObject({ by: { userId: `u-${role}`, role }, cosignedBy: `u-${role}-2` });
  });

  test('these are exactly the rows of the table that carry the guard', () => {
    const guarded = COMMAND_TYPES.flatMap((type) => Object.entries(specOf(type).from)
      .filter(([, row]) => row?.guards.some((g) => g.name === 'notRelatedAlone')).map(([from]) => `${type}@${from}`));
    expect(guarded.sort()).toEqual(rows.map((r) => `${r.type}@${r.from}`).sort());
  });

  test.each<{ from: WorkflowState; command: WorkflowCommand; role: Role }>([
    { from: 'notice_due', command: CMD.startNotice, role: 'village_cadre' },
    { from: 'notice', command: CMD.object, role: 'village_cadre' },
    { from: 'notice', command: CMD.object, role: 'farmer' },
    { from: 'notice', command: CMD.endNotice, role: 'village_cadre' },
    { from: 'plan_due', command: CMD.makePlan, role: 'grid_member' },
    { from: 'tracking', command: CMD.recordTracking, role: 'grid_member' },
    { from: 'tracking', command: CMD.proposeElimination, role: 'grid_member' },
  ])('$command.type is not a decision: a related $role may record it', ({ from, command, role }) => {
    ok(transition(from, command, ctxFor(role, related)));
  });
});

// ═══ 4. what the transitions produce ═══════════════════════════════════════════════════════════════════════
describe('村内公示 and objections', () => {
  test('an objection stays open in the notice and the village gets a task to verify it by the notice end', () => {
    const r = ok(transition('notice', CMD.object, ctxFor('village_cadre')));
    expect(r.next).toBe('notice');
    expect(r.effects).toEqual([
      expect.objectContaining({ type: 'event', name: 'objection_raised', from: 'notice', to: 'notice', on: TODAY, command: CMD.object }),
      { type: 'task', kind: 'verify_objection', procedure: 'identification', assigneeRole: 'village_cadre', dueOn: '2026-11-10', ref: 'o1' },
      { type: 'notify', recipientRole: 'township_reviewer', template: 'case.objection_raised', data: { raisedOn: '2026-11-07' } },
    ]);
  });

  test('an upheld objection sends the case back to 入户核实, with its outcome on the timeline', () => {
    const command = cmd('resolveObjection', { outcome: 'upheld', findings: '该户有营运车辆' });
    const r = ok(transition('notice', command, ctxFor('village_cadre', OPEN_O1)));
    expect(r.next).toBe('verifying');
    expect(r.effects).toEqual([
      expect.objectContaining({ type: 'event', name: 'objection_resolved', command: expect.objectContaining({ outcome: 'upheld', findings: '该户有营运车辆' }) }),
      { type: 'task_done', kind: 'verify_objection', ref: 'o1' },
      { type: 'task_done', kind: 'end_notice', ref: null },
      { type: 'task', kind: 'verify', procedure: 'identification', assigneeRole: 'grid_member', dueOn: '2026-11-16', ref: null },
    ]);
  });

  test('a dismissed objection lets the notice run on: only its own task closes', () => {
    const r = ok(transition('notice', CMD.resolveObjection, ctxFor('grid_member', OPEN_O1)));
    expect(r.next).toBe('notice');
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([{ type: 'task_done', kind: 'verify_objection', ref: 'o1' }]);
  });

  test('the notice ending with no open objection moves the case to township review', () => {
    const r = ok(transition('notice', CMD.endNotice, ctxFor('village_cadre')));
    expect(r.next).toBe('township_review');
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'end_notice', ref: null },
      { type: 'task', kind: 'township_review', procedure: 'identification', assigneeRole: 'township_reviewer', dueOn: '2026-11-16', ref: null },
    ]);
  });

  test('posting the notice: the village must end it on its end date, the household and the village cadres are told', () => {
    const r = ok(transition('notice_due', cmd('startNotice', { endOn: '2026-11-11' }), ctxFor('village_cadre')));
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'post_notice', ref: null },
      { type: 'task', kind: 'end_notice', procedure: 'identification', assigneeRole: 'village_cadre', dueOn: '2026-11-11', ref: null },
      { type: 'notify', recipientRole: 'farmer', template: 'case.notice_posted', data: { startOn: '2026-11-05', endOn: '2026-11-11' } },
      { type: 'notify', recipientRole: 'village_cadre', template: 'case.notice_posted', data: { startOn: '2026-11-05', endOn: '2026-11-11' } },
    ]);
  });
});

describe('a returned case resumes where the rules say', () => {
  test.each<{ from: WorkflowState; resumeAt?: CommandOf<'returnCase'>['resumeAt']; to: WorkflowState; owner: Role }>([
    { from: 'township_review', to: 'verifying', owner: 'grid_member' },
    { from: 'county_review', to: 'verifying', owner: 'grid_member' },
    { from: 'county_review', resumeAt: 'township_review', to: 'township_review', owner: 'township_reviewer' },
    { from: 'county_review', resumeAt: 'notice', to: 'notice_due', owner: 'village_cadre' },
    { from: 'township_review', resumeAt: 'deliberation', to: 'deliberating', owner: 'village_cadre' },
    { from: 'notice', resumeAt: 'deliberation', to: 'deliberating', owner: 'village_cadre' },
    { from: 'deliberating', to: 'verifying', owner: 'grid_member' },
    { from: 'elimination_township_review', to: 'elimination_verifying', owner: 'grid_member' },
    { from: 'elimination_county_review', to: 'elimination_verifying', owner: 'grid_member' },
    { from: 'elimination_county_review', resumeAt: 'township_review', to: 'elimination_township_review', owner: 'township_reviewer' },
    { from: 'elimination_notice', resumeAt: 'deliberation', to: 'elimination_deliberating', owner: 'village_cadre' },
  ])('from $from, resumeAt $resumeAt → $to; its owner ($owner) gets the task and the reason', ({ from, resumeAt, to, owner }) => {
    const role = specOf('returnCase').from[from]!.roles[0];
    const r = ok(transition(from, cmd('returnCase', resumeAt ? { resumeAt } : {}), ctxFor(role)));
    expect(r.next).toBe(to);
    expect(ofType(r.effects, 'task')).toEqual([expect.objectContaining({ assigneeRole: owner })]);
    expect(ofType(r.effects, 'task_done')).toHaveLength(1);
    expect(ofType(r.effects, 'notify')).toEqual([
      { type: 'notify', recipientRole: owner, template: 'case.returned', data: { reason: '收入核算不全' } },
    ]);
  });
});

describe('县级审定 fixes the category, the risk types and the identification date', () => {
  test('monitoring starts; the plan is due in planDays, the first visit a month later; the household is told', () => {
    const command = cmd('approveAtCounty', { category: 'sudden_hardship', riskTypes: ['illness', 'accident'], identifiedOn: '2026-11-10' });
    const r = ok(transition('county_review', command, ctxFor('county_admin')));
    expect(r.next).toBe('plan_due');
    expect(isMonitored(r.next)).toBe(true);
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'county_review', ref: null },
      { type: 'task', kind: 'make_plan', procedure: 'monitoring', assigneeRole: 'village_cadre', dueOn: '2026-11-20', ref: null },
      { type: 'task', kind: 'track', procedure: 'monitoring', assigneeRole: 'grid_member', dueOn: '2026-12-10', ref: null },
      { type: 'monitoring', change: { action: 'start', category: 'sudden_hardship', riskTypes: ['illness', 'accident'], identifiedOn: '2026-11-10' } },
      { type: 'notify', recipientRole: 'farmer', template: 'case.identified', data: { identifiedOn: '2026-11-10' } },
    ]);
  });

  test('不予纳入 tells the household why and opens no task', () => {
    const r = ok(transition('county_review', CMD.notInclude, ctxFor('county_admin')));
    expect(r.next).toBe('not_included');
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'county_review', ref: null },
      { type: 'notify', recipientRole: 'farmer', template: 'case.not_included', data: { reason: '人均纯收入高于监测线且无刚性支出' } },
    ]);
  });
});

describe('deadlines', () => {
  test.each<{ name: string; from: WorkflowState; command: WorkflowCommand; role: Role; tweak?: Tweak; kind: string; dueOn: string }>([
    { name: 'identification steps work to clue + identificationDays', from: 'verifying', command: CMD.verify, role: 'grid_member', kind: 'deliberate', dueOn: '2026-11-16' },
    { name: 'the limit comes from the policy', from: 'township_review', command: CMD.approveAtTownship, role: 'township_reviewer', tweak: { policy: { identificationDays: 20 } }, kind: 'county_review', dueOn: '2026-11-21' },
    { name: 'a working-day calendar can be plugged in', from: 'deliberating', command: CMD.deliberate, role: 'village_cadre', tweak: { addDays: workingDays }, kind: 'post_notice', dueOn: '2026-11-20' },
    { name: 'the elimination clock starts at the proposal', from: 'tracking', command: cmd('proposeElimination', { proposedOn: '2026-11-10' }), role: 'grid_member', kind: 'verify', dueOn: '2026-11-25' },
    { name: 'later elimination steps keep that clock', from: 'elimination_verifying', command: CMD.verify, role: 'grid_member', kind: 'deliberate', dueOn: '2026-11-17' },
    { name: 'the plan in planDays of identification', from: 'county_review', command: CMD.approveAtCounty, role: 'county_admin', tweak: { policy: { planDays: 7 } }, kind: 'make_plan', dueOn: '2026-11-19' },
  ])('$name', ({ from, command, role, tweak, kind, dueOn }) => {
    const r = ok(transition(from, command, ctxFor(role, tweak)));
    expect(ofType(r.effects, 'task').find((t) => t.kind === kind)).toMatchObject({ dueOn });
  });
});

describe('监测中: plan and tracking', () => {
  test('the plan closes its task and asks the county to issue the department orders (开单)', () => {
    const r = ok(transition('plan_due', CMD.makePlan, ctxFor('village_cadre')));
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'make_plan', ref: null },
      { type: 'notify', recipientRole: 'county_admin', template: 'case.orders_due', data: { measures: '1' } },
      { type: 'notify', recipientRole: 'farmer', template: 'case.plan_made', data: { madeOn: '2026-11-12' } },
    ]);
  });

  test('a revision of the plan keeps the state and opens no task', () => {
    const r = ok(transition('tracking', CMD.makePlan, ctxFor('grid_member')));
    expect(ofType(r.effects, 'task')).toEqual([]);
    expect(ofType(r.effects, 'task_done')).toEqual([]);
  });

  test.each<{ visitedOn: string; newRisk: boolean; dueOn: string; alert: boolean }>([
    { visitedOn: '2026-11-12', newRisk: false, dueOn: '2026-12-12', alert: false },
    { visitedOn: '2026-11-01', newRisk: true, dueOn: '2026-12-01', alert: true },
  ])('a visit on $visitedOn renews the visit task (due $dueOn); a new risk alerts the village: $alert', ({ visitedOn, newRisk, dueOn, alert }) => {
    const r = ok(transition('tracking', cmd('recordTracking', { visitedOn, newRisk }), ctxFor('grid_member')));
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'track', ref: null },
      { type: 'task', kind: 'track', procedure: 'monitoring', assigneeRole: 'grid_member', dueOn, ref: null },
      ...(alert ? [{ type: 'notify', recipientRole: 'village_cadre', template: 'case.new_risk', data: { visitedOn } }] : []),
    ]);
  });
});

describe('风险消除 and 兜底标注', () => {
  test('approval eliminates the risk: monitoring ends, the visits stop, the household is told', () => {
    const r = ok(transition('elimination_county_review', CMD.approveElimination, ctxFor('county_admin')));
    expect(r.next).toBe('eliminated');
    expect(isMonitored(r.next)).toBe(false);
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'county_review', ref: null },
      { type: 'task_done', kind: 'track', ref: null },
      { type: 'monitoring', change: { action: 'end', method: 'stable', eliminatedOn: '2026-11-12' } },
      { type: 'notify', recipientRole: 'farmer', template: 'case.eliminated', data: { eliminatedOn: '2026-11-12' } },
    ]);
  });

  test('兜底标注 keeps the household monitored: visits go on, the plan can be revised, no new elimination from it', () => {
    const r = ok(transition('elimination_county_review', CMD.markSafetyNet, ctxFor('county_admin', NO_LABOUR)));
    expect(r.next).toBe('safety_net');
    expect(isMonitored(r.next)).toBe(true);
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'county_review', ref: null },
      { type: 'monitoring', change: { action: 'mark_safety_net', markedOn: TODAY } },
      { type: 'notify', recipientRole: 'farmer', template: 'case.safety_net_marked', data: {} },
    ]);
    expect(ofType(r.effects, 'task_done').some((t) => t.kind === 'track')).toBe(false);
    expect(availableCommands('safety_net').map((c) => c.command)).toEqual(['makePlan', 'recordTracking']);
    expect(transition('safety_net', CMD.proposeElimination, ctxFor('village_cadre', NO_LABOUR))).toMatchObject({ code: 'CASE.WRONG_STAGE' });
  });

  test('不予消除 returns to tracking, the village is told why, the visits go on', () => {
    const r = ok(transition('elimination_township_review', CMD.keepMonitoring, ctxFor('township_reviewer')));
    expect(r.next).toBe('tracking');
    expect(r.effects.filter((e) => e.type !== 'event')).toEqual([
      { type: 'task_done', kind: 'township_review', ref: null },
      { type: 'notify', recipientRole: 'village_cadre', template: 'case.elimination_stopped', data: { reason: '收入尚不稳定' } },
    ]);
  });
});

// ═══ 5. journeys: the facts a store would keep, threaded through the steps ════════════════════════════════
interface Step { command: WorkflowCommand; role: Role; today: string; expect: WorkflowState }
function run(start: WorkflowState, steps: Step[], facts: CaseFacts): WorkflowState[] {
  let state = start;
  let f = facts;
  const seen: WorkflowState[] = [];
  for (const s of steps) {
    const r = ok(transition(state, s.command, { ...ctxFor(s.role, { today: s.today }), facts: f }));
    // what the integration derives from the events: notice dates, open objections, identification, elimination clock
    const c = s.command;
    if (c.type === 'startNotice') f = { ...f, notice: { startOn: c.startOn, endOn: c.endOn } };
    if (c.type === 'object') f = { ...f, openObjectionIds: [...f.openObjectionIds, c.objectionId] };
    if (c.type === 'resolveObjection') f = { ...f, openObjectionIds: f.openObjectionIds.filter((id) => id !== c.objectionId) };
    if (c.type === 'approveAtCounty') f = { ...f, identifiedOn: c.identifiedOn };
    if (c.type === 'proposeElimination') f = { ...f, eliminationProposedOn: c.proposedOn, notice: null };
    expect(r.next).toBe(s.expect);
    state = r.next;
    seen.push(state);
  }
  return seen;
}

test('journey: clue → objection upheld → re-verified → identified → plan → a year of tracking → eliminated', () => {
  const facts: CaseFacts = { ...FACTS, clueDate: '2025-03-01', notice: null, identifiedOn: null, eliminationProposedOn: null };
  const steps: Step[] = [
    { command: cmd('verify', { verifiedOn: '2025-03-02' }), role: 'grid_member', today: '2025-03-02', expect: 'deliberating' },
    { command: cmd('deliberate', { heldOn: '2025-03-03' }), role: 'village_cadre', today: '2025-03-03', expect: 'notice_due' },
    { command: cmd('startNotice', { startOn: '2025-03-03', endOn: '2025-03-08' }), role: 'village_cadre', today: '2025-03-03', expect: 'notice' },
    { command: cmd('object', { raisedOn: '2025-03-04' }), role: 'village_cadre', today: '2025-03-04', expect: 'notice' },
    { command: cmd('resolveObjection', { outcome: 'upheld', verifiedOn: '2025-03-05' }), role: 'grid_member', today: '2025-03-05', expect: 'verifying' },
    { command: cmd('verify', { verifiedOn: '2025-03-06' }), role: 'grid_member', today: '2025-03-06', expect: 'deliberating' },
    { command: cmd('deliberate', { heldOn: '2025-03-06' }), role: 'village_cadre', today: '2025-03-06', expect: 'notice_due' },
    { command: cmd('startNotice', { startOn: '2025-03-06', endOn: '2025-03-11' }), role: 'village_cadre', today: '2025-03-06', expect: 'notice' },
    { command: cmd('object', { objectionId: 'o2', raisedOn: '2025-03-07' }), role: 'township_reviewer', today: '2025-03-07', expect: 'notice' },
    { command: cmd('resolveObjection', { objectionId: 'o2', verifiedOn: '2025-03-08' }), role: 'village_cadre', today: '2025-03-08', expect: 'notice' },
    { command: CMD.endNotice, role: 'village_cadre', today: '2025-03-11', expect: 'township_review' },
    { command: CMD.approveAtTownship, role: 'township_reviewer', today: '2025-03-12', expect: 'county_review' },
    { command: cmd('returnCase', { resumeAt: 'township_review', reason: '请补充收入测算表' }), role: 'county_admin', today: '2025-03-13', expect: 'township_review' },
    { command: CMD.approveAtTownship, role: 'township_reviewer', today: '2025-03-13', expect: 'county_review' },
    { command: cmd('approveAtCounty', { identifiedOn: '2025-03-14' }), role: 'county_admin', today: '2025-03-14', expect: 'plan_due' },
    { command: cmd('makePlan', { madeOn: '2025-03-20' }), role: 'village_cadre', today: '2025-03-20', expect: 'plan_made' },
    { command: cmd('recordTracking', { visitedOn: '2025-04-10' }), role: 'grid_member', today: '2025-04-10', expect: 'tracking' },
    { command: cmd('recordTracking', { visitedOn: '2026-03-10' }), role: 'grid_member', today: '2026-03-10', expect: 'tracking' },
    { command: cmd('proposeElimination', { proposedOn: '2026-03-20' }), role: 'village_cadre', today: '2026-03-20', expect: 'elimination_verifying' },
    { command: cmd('verify', { verifiedOn: '2026-03-21' }), role: 'grid_member', today: '2026-03-21', expect: 'elimination_deliberating' },
    { command: cmd('deliberate', { heldOn: '2026-03-22' }), role: 'village_cadre', today: '2026-03-22', expect: 'elimination_notice_due' },
    { command: cmd('startNotice', { startOn: '2026-03-22', endOn: '2026-03-27' }), role: 'village_cadre', today: '2026-03-22', expect: 'elimination_notice' },
    { command: cmd('recordTracking', { visitedOn: '2026-03-25' }), role: 'grid_member', today: '2026-03-25', expect: 'elimination_notice' },
    { command: CMD.endNotice, role: 'village_cadre', today: '2026-03-27', expect: 'elimination_township_review' },
    { command: CMD.approveAtTownship, role: 'township_reviewer', today: '2026-03-28', expect: 'elimination_county_review' },
    { command: cmd('approveElimination', { eliminatedOn: '2026-03-30' }), role: 'county_admin', today: '2026-03-30', expect: 'eliminated' },
  ];
  expect(run('verifying', steps, facts).at(-1)).toBe('eliminated');
});

test('journey: a household with no labour goes through elimination and is marked, still monitored', () => {
  const facts: CaseFacts = {
    ...FACTS, notice: null, identifiedOn: '2025-06-01', eliminationProposedOn: null,
    household: { category: 'lifted', wholeHouseholdWithoutLabour: true },
  };
  const steps: Step[] = [
    { command: cmd('proposeElimination', { proposedOn: '2026-11-01' }), role: 'grid_member', today: '2026-11-01', expect: 'elimination_verifying' },
    { command: cmd('verify', { verifiedOn: '2026-11-02' }), role: 'grid_member', today: '2026-11-02', expect: 'elimination_deliberating' },
    { command: cmd('deliberate', { heldOn: '2026-11-02' }), role: 'village_cadre', today: '2026-11-02', expect: 'elimination_notice_due' },
    { command: cmd('startNotice', { startOn: '2026-11-03', endOn: '2026-11-08' }), role: 'village_cadre', today: '2026-11-03', expect: 'elimination_notice' },
    { command: CMD.endNotice, role: 'village_cadre', today: '2026-11-08', expect: 'elimination_township_review' },
    { command: CMD.approveAtTownship, role: 'township_reviewer', today: '2026-11-09', expect: 'elimination_county_review' },
    { command: CMD.markSafetyNet, role: 'county_admin', today: '2026-11-10', expect: 'safety_net' },
    { command: CMD.recordTracking, role: 'grid_member', today: '2026-12-10', expect: 'safety_net' },
  ];
  expect(run('tracking', steps, facts).every(isMonitored)).toBe(true);
});

// ═══ 6. the table as a whole ═══════════════════════════════════════════════════════════════════════════════
describe('the table', () => {
  test('pure: the same input gives the same output and nothing passed in is changed', () => {
    const deepFreeze = <X>(x: X): X => {
      if (x && typeof x === 'object') { Object.values(x).forEach(deepFreeze); Object.freeze(x); }
      return x;
    };
    const ctx = deepFreeze(ctxFor('county_admin'));
    const command = deepFreeze(cmd('approveAtCounty'));
    expect(transition('county_review', command, ctx)).toEqual(transition('county_review', command, ctx));
  });

  test('every state and task kind has a Chinese label, every state is reachable and every non-closed state has a way out', () => {
    for (const s of WORKFLOW_STATES) expect(WORKFLOW_STATE_LABELS[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const k of WORKFLOW_TASK_KINDS) expect(WORKFLOW_TASK_LABELS[k]).toMatch(/[\u4e00-\u9fa5]/);
    const reached = new Set<WorkflowState>(['verifying', ...TRANSITIONS.map((t) => t.to)]);
    expect(WORKFLOW_STATES.filter((s) => !reached.has(s))).toEqual([]);
    const leaving = new Set(TRANSITIONS.filter((t) => t.to !== t.from).map((t) => t.from));
    expect(WORKFLOW_STATES.filter((s) => !leaving.has(s) && s !== 'not_included' && s !== 'eliminated')).toEqual(['safety_net']);
  });

  test('what the notice state offers, for a screen', () => {
    expect(availableCommands('notice')).toEqual([
      { command: 'object', label: '登记公示异议', roles: ['village_cadre', 'township_reviewer', 'farmer'] },
      { command: 'resolveObjection', label: '异议核实结果', roles: ['village_cadre', 'grid_member'] },
      { command: 'endNotice', label: '公示期满报乡镇审核', roles: ['village_cadre'] },
      { command: 'returnCase', label: '退回', roles: ['village_cadre'] },
      { command: 'notInclude', label: '不予纳入', roles: ['village_cadre'] },
    ]);
  });

  test('a wrong-stage refusal names the state and the act in Chinese', () => {
    expect(transition('verifying', CMD.approveAtCounty, ctxFor('county_admin'))).toEqual({
      ok: false, code: 'CASE.WRONG_STAGE', guard: null, message: '案件当前为「待入户核实」，不能办理「县级审定纳入监测」',
    });
  });
});
