import {
  compareVisitPlan, monthLabel, monthSpan, priorityFlags, PRIORITY_KINDS, type PriorityKind, type PriorityRules,
  type VisitPlanFacts,
} from '@shared/domain/visit-plan';
import { VisitPlanQuerySchema } from '@shared/contracts/visit-plan';
import { configureZod } from '@shared/contracts/zod-locale';

configureZod();

/** A household that raises no flag: two healthy adults, nothing on record. */
const PLAIN: VisitPlanFacts = {
  lowIncome: false, extremePoverty: false, lastYearIncomePerCapitaYuan: 12000, latestRecordedIncome: null,
  members: [
    { health: 'healthy', disabilityLevel: null, schooling: 'none' },
    { health: 'healthy', disabilityLevel: null, schooling: 'none' },
  ],
  recentRiskTypes: [],
};
const RULES: PriorityRules = { monitoringLineYuan: 7300, incomeDropShare: 0.3 };
const healthy = PLAIN.members[0];

describe('priorityFlags: the 八必访 items the registry supports', () => {
  const cases: { name: string; h: Partial<VisitPlanFacts>; rules?: Partial<PriorityRules>; flags: [PriorityKind, string][] }[] = [
    { name: 'nothing on record: no flag', h: {}, flags: [] },
    // 收入低或骤减
    { name: "last year's income below the monitoring line", h: { lastYearIncomePerCapitaYuan: 6200 },
      flags: [['income', '人均纯收入6200元，低于监测线7300元']] },
    { name: 'income exactly at the line is not below it', h: { lastYearIncomePerCapitaYuan: 7300 }, flags: [] },
    { name: 'the line comes from the policy', h: { lastYearIncomePerCapitaYuan: 7300 }, rules: { monitoringLineYuan: 7500 },
      flags: [['income', '人均纯收入7300元，低于监测线7500元']] },
    { name: 'no policy for the year: income is not judged against a line', h: { lastYearIncomePerCapitaYuan: 100 },
      rules: { monitoringLineYuan: null }, flags: [] },
    { name: 'income unknown: no income flag', h: { lastYearIncomePerCapitaYuan: null }, flags: [] },
    { name: 'a visit recorded income 30% down: 骤减', h: { latestRecordedIncome: { yuan: 8400, on: '2026-11-03' } },
      flags: [['income', '人均纯收入由上年12000元降至8400元（2026-11-03走访）']] },
    { name: 'a visit recorded income 29% down: not 骤减', h: { latestRecordedIncome: { yuan: 8520, on: '2026-11-03' } }, flags: [] },
    { name: 'the recorded income replaces last year\'s against the line, and both reasons are given',
      h: { latestRecordedIncome: { yuan: 5000, on: '2026-11-03' } },
      flags: [['income', '人均纯收入5000元，低于监测线7300元；人均纯收入由上年12000元降至5000元（2026-11-03走访）']] },
    { name: 'a recovered income clears last year\'s low figure', h: { lastYearIncomePerCapitaYuan: 6000, latestRecordedIncome: { yuan: 9000, on: '2026-10-10' } },
      flags: [] },
    // 大病或慢性病
    { name: 'members with serious and chronic illness',
      h: { members: [{ ...healthy, health: 'serious' }, { ...healthy, health: 'chronic' }, { ...healthy, health: 'chronic' }] },
      flags: [['illness', '大病1人；慢性病2人']] },
    { name: 'a clue of the past year names 因病', h: { recentRiskTypes: ['illness'] }, flags: [['illness', '近一年线索因病']] },
    // 特困供养或单人户
    { name: '特困供养 household', h: { extremePoverty: true }, flags: [['extreme_poverty_or_alone', '享受特困供养']] },
    { name: 'a one-person household', h: { members: [healthy] }, flags: [['extreme_poverty_or_alone', '单人户']] },
    { name: 'both', h: { extremePoverty: true, members: [healthy] }, flags: [['extreme_poverty_or_alone', '享受特困供养；单人户']] },
    // 低保户
    { name: '低保 household', h: { lowIncome: true }, flags: [['low_income_support', '享受农村低保']] },
    // 残疾
    { name: 'disabled members, levels 1–2 counted as severe',
      h: { members: [{ ...healthy, health: 'disabled', disabilityLevel: 2 }, { ...healthy, health: 'disabled', disabilityLevel: 3 }] },
      flags: [['disability', '残疾2人（重度1人）']] },
    { name: 'a level-4 disability is not severe', h: { members: [healthy, { ...healthy, health: 'disabled', disabilityLevel: 4 }] },
      flags: [['disability', '残疾1人']] },
    { name: 'a clue of the past year names 因残 (newly disabled)', h: { recentRiskTypes: ['disability'] }, flags: [['disability', '近一年线索因残']] },
    // 多子女非义务教育就学
    { name: 'two members in 高中 and 大专: several in non-compulsory schooling',
      h: { members: [healthy, healthy, { ...healthy, schooling: 'senior' }, { ...healthy, schooling: 'college' }] },
      flags: [['students', '高中及以上在读2人']] },
    { name: 'one student in 中职 is not several', h: { members: [healthy, healthy, { ...healthy, schooling: 'vocational' }] }, flags: [] },
    { name: 'primary, junior and preschool are not counted',
      h: { members: [healthy, { ...healthy, schooling: 'primary' }, { ...healthy, schooling: 'junior' }, { ...healthy, schooling: 'preschool' }] },
      flags: [] },
    // 务工收入不稳, 重大事故或灾害: only from clues
    { name: 'a clue of the past year names 因务工就业不稳', h: { recentRiskTypes: ['unstable_employment'] },
      flags: [['migrant_work', '近一年线索因务工就业不稳']] },
    { name: 'clues name 因灾 and 因交通事故', h: { recentRiskTypes: ['traffic_accident', 'disaster', 'housing_safety'] },
      flags: [['accident_or_disaster', '近一年线索因灾、因交通事故']] },
    { name: 'other risk types flag nothing', h: { recentRiskTypes: ['housing_safety', 'drinking_water', 'other', 'education'] }, flags: [] },
  ];

  test.each(cases)('$name', ({ h, rules, flags }) => {
    const got = priorityFlags({ ...PLAIN, ...h }, { ...RULES, ...rules });
    expect(got.map((f) => [f.kind, f.detail])).toEqual(flags);
  });

  test('several priorities at once come in the 八必访 order, each with its label', () => {
    const got = priorityFlags({
      ...PLAIN, lowIncome: true, extremePoverty: true, lastYearIncomePerCapitaYuan: 5000,
      members: [{ health: 'disabled', disabilityLevel: 1, schooling: 'none' }], recentRiskTypes: ['disaster', 'unstable_employment'],
    }, RULES);
    expect(got.map((f) => f.kind)).toEqual([
      'income', 'extreme_poverty_or_alone', 'low_income_support', 'disability', 'migrant_work', 'accident_or_disaster',
    ]);
    expect(got.map((f) => f.label)).toEqual(['收入低或骤减', '特困供养或单人户', '低保户', '残疾', '务工收入不稳', '重大事故或灾害']);
    expect(PRIORITY_KINDS).toHaveLength(8);
  });
});

describe('the order of the plan', () => {
  test('flagged first, then not yet visited, then by 户编号', () => {
    const items = [
      { number: '05', flags: [], visited: true },
      { number: '04', flags: [], visited: false },
      { number: '03', flags: ['x'], visited: true },
      { number: '02', flags: ['x'], visited: false },
      { number: '06', flags: [], visited: false },
      { number: '01', flags: ['x'], visited: true },
    ];
    expect([...items].sort(compareVisitPlan).map((i) => i.number)).toEqual(['02', '01', '03', '04', '06', '05']);
  });
});

describe('months', () => {
  test.each([
    ['2026-11', '2026-11-01', '2026-11-30', '2025-11-30'],
    ['2026-12', '2026-12-01', '2026-12-31', '2025-12-31'],
    ['2028-02', '2028-02-01', '2028-02-29', '2027-02-28'],
  ])('%s runs %s to %s; its past year starts after %s', (month, first, last, yearBefore) => {
    expect(monthSpan(month)).toEqual({ first, last, yearBefore });
  });

  test('label and query', () => {
    expect(monthLabel('2026-01')).toBe('2026年1月');
    expect(VisitPlanQuerySchema.parse({})).toEqual({});
    expect(VisitPlanQuerySchema.parse({ month: '2026-11' })).toEqual({ month: '2026-11' });
    for (const bad of ['2026-13', '2026-1', '202611', '2026-11-01']) {
      const r = VisitPlanQuerySchema.safeParse({ month: bad });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].message).toBe('月份格式应为 YYYY-MM，例如 2026-11');
    }
    expect(() => monthSpan('2026-00')).toThrow(RangeError);
  });
});
