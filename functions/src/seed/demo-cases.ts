import type { RiskType, Role } from '@shared/contracts/common';
import type { Verification } from '@shared/contracts/verification';
import { chinaDate } from '@shared/domain/dates';
import type { WorkflowCommand } from '@shared/domain/workflow';
import { runCaseCommand } from '../app/case-commands';
import { recordClue } from '../app/clues';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { findHousehold } from '../store/households';

/**
 * Cases at every stage in 红星村 for `npm start`, so each role finds work waiting: they are driven through the same
 * use cases the API runs (clue intake, then workflow commands), each dated some days back. The farmer's own household
 * is left without a case so that 一键申报 can be tried. Not part of the test template: tests build their own cases.
 */
const DAY = 86_400_000;
type Step = { by: 'grid' | 'village' | 'township' | 'county'; daysAgo: number; command: (on: (d: number) => string) => WorkflowCommand };

const record = (perHead: number, medical: number): Verification => ({
  income: { wagesYuan: perHead * 2, businessYuan: perHead, propertyYuan: 0, transfersYuan: 1200 },
  productionCostsYuan: 1200, householdSize: 3,
  rigidExpenses: { medicalYuan: medical, schoolingYuan: 0, disasterLossYuan: 0, otherYuan: 0, otherDescription: '' },
  basicNeeds: { education: { secured: true }, medical: { secured: true }, housing: { secured: true }, drinkingWater: { secured: true } },
  photoIds: [],
});
const verify = (d: number, findings = '户主住院，医保报销后自付较多，家庭收入下降'): Step => ({
  by: 'grid', daysAgo: d,
  command: (on) => ({ type: 'verify', verifiedOn: on(d), findings, authorisationSigned: true, verification: record(1800, 26000) }),
});
const deliberate = (d: number): Step => ({
  by: 'village', daysAgo: d,
  command: (on) => ({
    type: 'deliberate', heldOn: on(d), attendees: ['村支书', '村主任', '村监委主任', '村民代表甲', '村民代表乙', '驻村工作队员'],
    votesFor: 6, votesAgainst: 0, votesAbstain: 0, minutes: '与会人员一致认为该户因病支出大、收入下降，同意拟纳入监测对象',
  }),
});
const notice = (d: number): Step => ({ by: 'village', daysAgo: d, command: (on) => ({ type: 'startNotice', startOn: on(d), endOn: on(d - 5) }) });
const endNotice = (d: number): Step => ({ by: 'village', daysAgo: d, command: () => ({ type: 'endNotice' }) });
const township = (d: number): Step => ({ by: 'township', daysAgo: d, command: () => ({ type: 'approveAtTownship', opinion: '程序完整，材料齐全，同意上报' }) });
const county = (d: number, category: 'unstable_lifted' | 'marginal'): Step => ({
  by: 'county', daysAgo: d,
  command: (on) => ({ type: 'approveAtCounty', category, riskTypes: ['illness'], identifiedOn: on(d), opinion: '同意纳入监测' }),
});
const identify = (from: number, category: 'unstable_lifted' | 'marginal'): Step[] => [
  verify(from - 1), deliberate(from - 2), notice(from - 3), endNotice(from - 8), township(from - 9), county(from - 10, category),
];
/** 帮扶计划 with measures ordered to departments (the demo 医保局 user sees its own), one of them already overdue. */
const plan = (d: number): Step => ({
  by: 'village', daysAgo: d,
  command: (on) => ({
    type: 'makePlan', madeOn: on(d), measures: [
      { measure: '医疗救助、大病保险报销', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: on(d - 20) },
      { measure: '临时救助', memberName: null, responsible: { kind: 'department', name: '医保局' }, dueOn: on(d - 10) },
      { measure: '公益性岗位', memberName: null, responsible: { kind: 'department', name: '人社局' }, dueOn: on(d - 40) },
      { measure: '结对帮扶，每月入户走访', memberName: null, responsible: { kind: 'person', name: '帮扶责任人' }, dueOn: on(d - 40) },
    ],
  }),
});

/** Each demo case: the clue (channel, risk, how many days ago) and the steps taken since. */
const CASES: { group: number; channel: 'self_declared' | 'grid_visit' | 'department_alert'; risk: RiskType; description: string; foundDaysAgo: number; steps: (category: 'unstable_lifted' | 'marginal') => Step[] }[] = [
  { group: 1, channel: 'grid_visit', risk: 'disaster', description: '暴雨冲毁蔬菜大棚，损失约两万元', foundDaysAgo: 2, steps: () => [] },
  { group: 2, channel: 'self_declared', risk: 'illness', description: '丈夫脑梗住院，自付医疗费较多', foundDaysAgo: 17, steps: () => [] },
  { group: 2, channel: 'department_alert', risk: 'illness', description: '医保数据：年度住院自付费用超过2万元', foundDaysAgo: 5, steps: () => [verify(4)] },
  { group: 3, channel: 'self_declared', risk: 'illness', description: '妻子患尿毒症需长期透析', foundDaysAgo: 6, steps: () => [verify(5), deliberate(4), notice(3)] },
  { group: 1, channel: 'grid_visit', risk: 'unstable_employment', description: '户主务工工地停工，半年无收入', foundDaysAgo: 13, steps: () => [verify(12), deliberate(11), notice(10), endNotice(4)] },
  { group: 3, channel: 'self_declared', risk: 'illness', description: '户主癌症化疗，家中无其他劳力', foundDaysAgo: 13, steps: () => [verify(12), deliberate(11), notice(10), endNotice(5), township(2)] },
  { group: 2, channel: 'self_declared', risk: 'illness', description: '孩子白血病住院治疗', foundDaysAgo: 14, steps: (c) => identify(14, c) },
  { group: 3, channel: 'grid_visit', risk: 'illness', description: '户主腰椎手术后不能干重活，妻子长期慢性病', foundDaysAgo: 30, steps: (c) => [...identify(30, c), plan(18)] },
  { group: 1, channel: 'grid_visit', risk: 'education', description: '两个孩子同时读高职，学费负担重', foundDaysAgo: 9, steps: () => [
    verify(8, '经核实家庭人均纯收入约1.1万元，高于监测线，学费已申请助学贷款'),
    { by: 'village', daysAgo: 7, command: () => ({ type: 'notInclude', reason: '经入户核实，家庭人均纯收入约1.1万元，高于监测线，且已申请助学贷款，暂不纳入；如有新困难可再次申报' }) },
  ] },
];

async function actorOf(deps: Deps, role: Role, householdAreaPath: string): Promise<Actor> {
  const [u] = await deps.db.query<{ id: string; area_id: string; path: string }>(
    `select u.id, u.area_id, a.path from users u join areas a on a.id = u.area_id
      where u.role = $1 and $2 like a.path || '%' order by length(a.path) desc, u.username limit 1`,
    [role, householdAreaPath],
  );
  if (!u) throw new Error(`no ${role} over ${householdAreaPath}`);
  return { userId: u.id, role, areaId: u.area_id, areaPath: u.path, householdId: null };
}

export async function seedDemoCases(deps: Deps, now: Date): Promise<number> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const on = (daysAgo: number) => chinaDate(at(daysAgo));
  const used = new Set<string>();
  for (const [i, c] of CASES.entries()) {
    const [h] = await deps.db.query<{ id: string; category: 'lifted' | 'ordinary' }>(
      `select h.id, h.category from households h where h.area_id = $1 and h.id <> all($2::uuid[])
          and not exists (select 1 from users u where u.household_id = h.id) order by h.number limit 1`,
      [`qh-al-hx-${c.group}`, [...used]],
    );
    used.add(h.id);
    const household = (await findHousehold(deps.db, 'id', h.id))!;
    const reporterRole: Role = c.channel === 'department_alert' ? 'county_admin' : 'grid_member';
    const reporter = await actorOf(deps, reporterRole, household.area_path);
    const { caseId } = await deps.db.transaction((tx) => recordClue(tx, deps, reporter, household, {
      channel: c.channel, riskTypes: [c.risk], description: c.description, foundOn: on(c.foundDaysAgo),
      consentAt: c.channel === 'self_declared' ? at(c.foundDaysAgo) : null,
      department: c.channel === 'department_alert' ? '医保局' : null,
    }, { clientKey: `demo-case-${i}`, hash: `demo-case-${i}` }, at(c.foundDaysAgo)));
    for (const step of c.steps(h.category === 'lifted' ? 'unstable_lifted' : 'marginal')) {
      const roles = { grid: 'grid_member', village: 'village_cadre', township: 'township_reviewer', county: 'county_admin' } as const;
      const actor = await actorOf(deps, roles[step.by], household.area_path);
      const [{ version }] = await deps.db.query<{ version: number }>('select version from cases where id = $1', [caseId]);
      await runCaseCommand(deps, actor, caseId, step.command(on), version, at(step.daysAgo));
    }
  }
  return CASES.length;
}
