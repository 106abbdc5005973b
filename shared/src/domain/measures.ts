import type { RiskType } from '../contracts/common';
import type { MemberView } from '../contracts/household';

/**
 * 帮扶措施目录: the measures an assistance plan (一户一方案、一人一措施) usually holds, suggested from the household's
 * members and the case's risk types (DOMAIN.md "Assistance"). Pure: people choose, edit and add; the plan is theirs.
 *
 * - By labour capacity: no labour in the whole household → comprehensive social security (低保, 特困供养, 临时救助,
 *   medical insurance, pension) and social help; only weak/half labour → security plus work close to home (公益性岗位,
 *   帮扶车间) and small-scale 产业; with labour → 就业, 技能培训, 产业.
 * - By member: illness and disability (医保局, 卫健局, 残联), students (教育局, 雨露计划), pension at 60.
 * - By risk type: what the member data does not already cover (因病 with no sick member recorded …), and the
 *   household-wide ones (住房 → 危房改造, 饮水 → 饮水安全, 因灾 → 临时救助 …).
 */

/** The departments measures are usually ordered to (开单), in the order forms list them. */
export const DEPARTMENTS = [
  '民政局', '人社局', '医保局', '卫健局', '残联', '教育局', '住建局', '农业农村局', '水利局', '乡村振兴局', '应急管理局', '交警大队',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export type MeasureMember = Pick<MemberView, 'name' | 'age' | 'labour' | 'health' | 'disabilityLevel' | 'schooling'>;

export interface MeasureFacts {
  members: readonly MeasureMember[];
  /** The case's risk types (the county's approval, or the clues' before it). */
  riskTypes: readonly RiskType[];
  /** Already receives 低保 / 特困供养: not suggested again. */
  lowIncome: boolean;
  extremePoverty: boolean;
}

export interface MeasureSuggestion {
  measure: string;
  /** The member the measure is for (一人一措施); null for the whole household. */
  memberName: string | null;
  /** The department usually responsible. */
  department: Department;
  /** Why it is suggested, in Chinese: '整户无劳动能力', '患有大病', '因灾'. */
  basis: string;
}

/** The household's labour capacity as a whole: its best member's, students not counted as labour. */
export type LabourLevel = 'with_labour' | 'weak_labour' | 'no_labour';
export const LABOUR_LEVEL_LABELS: Record<LabourLevel, string> = {
  with_labour: '有劳动能力', weak_labour: '仅有弱劳动力或半劳动力', no_labour: '整户无劳动能力',
};

/** Working age for jobs and training: 16 to 64. */
const WORKING_AGE = { from: 16, to: 64 };
const PENSION_AGE = 60;

const isStudent = (m: MeasureMember) => m.schooling !== 'none';
const ofWorkingAge = (m: MeasureMember) => m.age >= WORKING_AGE.from && m.age <= WORKING_AGE.to;
const canWork = (m: MeasureMember) => (m.labour === 'skilled' || m.labour === 'ordinary') && !isStudent(m) && ofWorkingAge(m);
const weakWorker = (m: MeasureMember) => m.labour === 'weak' && !isStudent(m) && ofWorkingAge(m);

export function labourLevel(members: readonly MeasureMember[]): LabourLevel {
  if (members.some(canWork)) return 'with_labour';
  if (members.some(weakWorker)) return 'weak_labour';
  return 'no_labour';
}

// each measure once, with its usual department, so the same measure is always spelled the same way
const M = {
  lowIncome: ['纳入农村低保', '民政局'],
  extremePoverty: ['特困人员救助供养', '民政局'],
  temporaryRelief: ['临时救助', '民政局'],
  insurance: ['资助参加城乡居民医保', '医保局'],
  pension: ['城乡居民基本养老保险', '人社局'],
  social: ['社会帮扶（结对帮扶、慈善救助）', '乡村振兴局'],
  publicJob: ['公益性岗位', '人社局'],
  nearbyJob: ['就近就业（帮扶车间）', '人社局'],
  smallIndustry: ['产业帮扶（庭院经济、小额信贷）', '农业农村局'],
  industry: ['产业帮扶（产业奖补、小额信贷）', '农业农村局'],
  employment: ['就业帮扶（岗位推荐、稳岗补贴）', '人社局'],
  training: ['技能培训', '人社局'],
  medicalAid: ['医疗救助、大病保险报销', '医保局'],
  chronicCare: ['慢性病门诊报销', '医保局'],
  familyDoctor: ['家庭医生签约服务', '卫健局'],
  disability: ['残疾人两项补贴', '残联'],
  disabilityAssessment: ['残疾评定及残疾人两项补贴', '残联'],
  schoolAid: ['教育资助（学生资助）', '教育局'],
  yulu: ['雨露计划', '乡村振兴局'],
  housing: ['农村危房改造', '住建局'],
  water: ['农村饮水安全巩固提升', '水利局'],
  rebuild: ['灾后恢复重建', '应急管理局'],
  trafficFund: ['道路交通事故社会救助基金', '交警大队'],
  insuranceClaim: ['防返贫保险理赔', '乡村振兴局'],
} as const satisfies Record<string, readonly [string, Department]>;
type MeasureKey = keyof typeof M;

/** The measures suggested for the household, household-wide ones first, each once (reasons joined). */
export function suggestMeasures(f: MeasureFacts): MeasureSuggestion[] {
  const out: MeasureSuggestion[] = [];
  const add = (key: MeasureKey, member: MeasureMember | null, basis: string) => {
    const [measure, department] = M[key];
    const memberName = member?.name ?? null;
    const same = out.find((s) => s.measure === measure && s.memberName === memberName);
    if (!same) out.push({ measure, memberName, department, basis });
    else if (!same.basis.split('；').includes(basis)) same.basis += `；${basis}`;
  };
  const risk = (r: RiskType) => f.riskTypes.includes(r);
  const level = labourLevel(f.members);
  const levelBasis = LABOUR_LEVEL_LABELS[level];

  // ── by the household's labour capacity ──
  if (level === 'no_labour') {
    if (!f.lowIncome) add('lowIncome', null, levelBasis);
    if (!f.extremePoverty && f.members.length === 1) add('extremePoverty', null, '单人户且无劳动能力');
    add('temporaryRelief', null, levelBasis);
    add('insurance', null, levelBasis);
    add('social', null, levelBasis);
  } else if (level === 'weak_labour') {
    if (!f.lowIncome) add('lowIncome', null, levelBasis);
    add('smallIndustry', null, levelBasis);
  } else {
    add('industry', null, levelBasis);
  }

  // ── by member ──
  for (const m of f.members) {
    if (canWork(m)) {
      add('employment', m, m.labour === 'skilled' ? '技能劳动力' : '普通劳动力');
      if (m.labour === 'ordinary') add('training', m, '普通劳动力');
    } else if (weakWorker(m)) {
      add('publicJob', m, '弱劳动力或半劳动力');
      add('nearbyJob', m, '弱劳动力或半劳动力');
    }
    if (m.age >= PENSION_AGE && level !== 'with_labour') add('pension', m, `${PENSION_AGE}岁以上`);
    if (m.health === 'serious') add('medicalAid', m, '患有大病');
    if (m.health === 'chronic') {
      add('chronicCare', m, '长期慢性病');
      add('familyDoctor', m, '长期慢性病');
    }
    if (m.health === 'disabled') add('disability', m, m.disabilityLevel ? `${m.disabilityLevel}级残疾` : '残疾');
    if (isStudent(m)) add('schoolAid', m, '在校生');
    if (m.schooling === 'vocational' || m.schooling === 'college') add('yulu', m, '职业教育或大专在读');
  }

  // ── by risk type, where the members' data does not already name someone ──
  if (risk('illness') && !f.members.some((m) => m.health === 'serious' || m.health === 'chronic')) add('medicalAid', null, '因病');
  if (risk('disability') && !f.members.some((m) => m.health === 'disabled')) add('disabilityAssessment', null, '因残');
  if (risk('education') && !f.members.some(isStudent)) add('schoolAid', null, '因学');
  if (risk('disaster')) {
    add('temporaryRelief', null, '因灾');
    add('rebuild', null, '因灾');
  }
  if (risk('accident')) add('temporaryRelief', null, '因意外事故');
  if (risk('traffic_accident')) {
    add('trafficFund', null, '因交通事故');
    add('temporaryRelief', null, '因交通事故');
  }
  if (risk('epidemic')) add('temporaryRelief', null, '因疫情');
  if (risk('industry_failure')) {
    add('industry', null, '因产业失败');
    add('insuranceClaim', null, '因产业失败');
  }
  if (risk('unstable_employment')) {
    const workers = f.members.filter(canWork);
    for (const m of workers) add('employment', m, '因务工就业不稳');
    if (!workers.length) add('publicJob', null, '因务工就业不稳');
  }
  if (risk('housing_safety')) add('housing', null, '住房安全');
  if (risk('drinking_water')) add('water', null, '饮水安全');
  return out;
}
