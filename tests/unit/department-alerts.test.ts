import { alertOutcome, clueDescription, departmentHits } from '../../functions/src/app/department-imports';
import { DEFAULT_DEPARTMENT_THRESHOLDS, thresholdsFor } from '@shared/domain/department-data';
import type { RuleContextRows } from '../../functions/src/store/department-imports';

/** The importer's pure parts: hits from a batch's rule context, the clue's text, and an alert's outcome from its case. */

const household = { id: 'h1', area_id: 'qh-al-hx-1', area_path: '/qh/qh-al/qh-al-hx/qh-al-hx-1/', category: 'ordinary' as const, income_per_capita_yuan: 9000 };
const member = (id: string, over: Partial<RuleContextRows['members'][number]> = {}) => ({
  id, household_id: 'h1', birth_date: '1970-05-01', relation: 'head', health: 'healthy', disability_level: null,
  labour: 'ordinary', schooling: 'none', ...over,
});
const bill = (rowKey: string, on: string, yuan: number, sum12m: number) => ({
  row_key: rowKey, member_id: 'm1', household_id: 'h1', happened_on: on, amount_fen: yuan * 100,
  data: { hospital: '清河县人民医院', totalCost: null, fundPaid: null }, self_pay_fen_12m: sum12m * 100,
});

describe('departmentHits', () => {
  const context: RuleContextRows = {
    households: [household],
    members: [member('m1'), member('m2', { relation: 'spouse' })],
    records: [bill('k1', '2026-10-01', 6000, 6000), bill('k2', '2026-10-20', 5000, 11000), bill('k3', '2026-11-02', 3000, 14000)],
  };

  test("several records of one household hitting a rule make one hit: the latest record's, with the count", () => {
    const hits = departmentHits('medical', context, () => DEFAULT_DEPARTMENT_THRESHOLDS);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ ruleId: 'medical_self_pay', householdId: 'h1', memberId: 'm1', rowKey: 'k3', recordCount: 2 });
    expect(hits[0].summary).toContain('1.4 万元');
    expect(clueDescription('医保局', hits[0])).toMatch(/^【医保局·医疗费用个人自付过高】.*共 2 条记录触发此规则.*请入户核实/);
  });

  test("the household's region's thresholds apply (an override for its county and year)", () => {
    const overrides = [{ areaPath: '/qh/', year: 2026, thresholds: { medicalSelfPayYuan: 20_000, medicalShareOfIncome: 1 } }];
    expect(departmentHits('medical', context, (path) => thresholdsFor(overrides, path, 2026))).toEqual([]);
    expect(departmentHits('medical', context, (path) => thresholdsFor(overrides, path, 2027))).toHaveLength(1);
  });

  test('a record of a member no longer in the household raises nothing', () => {
    expect(departmentHits('medical', { ...context, members: [member('m2')] }, () => DEFAULT_DEPARTMENT_THRESHOLDS)).toEqual([]);
  });
});

describe('alertOutcome', () => {
  const events = {
    verified: { on: '2026-11-21', command: null },
    county_approved: { on: '2026-12-01', command: { category: 'marginal' } },
    not_included: { on: '2026-12-02', command: { reason: '收入高于监测线' } },
    elimination_approved: { on: '2027-06-01', command: null },
  };
  test.each([
    ['verifying', {}, 'to_verify', '待核实', null],
    ['notice', { verified: events.verified }, 'verifying', '核实中（已入户核实，评议审核中）', '2026-11-21'],
    ['plan_due', events, 'monitored', '已纳入监测（边缘易致贫户）', '2026-12-01'],
    ['tracking', events, 'monitored', '已纳入监测（边缘易致贫户）', '2026-12-01'],
    ['not_included', { not_included: events.not_included }, 'not_included', '未纳入（收入高于监测线）', '2026-12-02'],
    ['elimination_notice', events, 'eliminating', '已纳入监测（边缘易致贫户），风险消除程序中', '2026-12-01'],
    ['eliminated', events, 'eliminated', '风险已消除', '2027-06-01'],
  ] as const)('%s → %s', (status, ev, outcome, label, on) => {
    expect(alertOutcome(status, ev)).toEqual({ outcome, label, on });
  });
});
