import {
  DEFAULT_DEPARTMENT_THRESHOLDS, DEPARTMENT_DATA_KIND_LABELS, DEPARTMENT_DATA_KIND_LIST, DEPARTMENT_DATA_KINDS, DEPARTMENT_RULES,
  DepartmentThresholdOverrideSchema, departmentHeaderProblemText, departmentRowCells, departmentRulesOf, departmentTemplate,
  evaluateRules, formatFen, hitDescription, kindsOfDepartment, mapHeader, medicalWindowStart, parseDateCell, parseYuanCell,
  rowKey, selfPayInWindow, thresholdsFor, validateDepartmentRow, valueLabel, type DepartmentCells, type DepartmentDataKind,
  type DepartmentRow, type DepartmentRuleContext, type DepartmentThresholdOverride, type RuleMember,
} from '@shared/domain/department-data';
import { RiskTypeSchema } from '@shared/contracts/common';
import { DepartmentDataKindSchema } from '@shared/contracts/department-imports';
import { idCheckChar } from '@shared/domain/id-number';

const TODAY = '2026-11-20';
const id = (first17: string) => first17 + idCheckChar(first17);
const ADULT = id('61052819800101001');
const BAD_CHECKSUM = ADULT.slice(0, 17) + (ADULT[17] === '0' ? '1' : '0');

/** The template's sample row read back as the importer would: header mapped, cells picked by position. */
function templateRow(kind: DepartmentDataKind): DepartmentCells {
  const [headers, sample] = departmentTemplate(kind);
  const check = mapHeader(kind, headers);
  if (!check.ok) throw new Error(`template header of ${kind} refused: ${JSON.stringify(check)}`);
  return departmentRowCells(kind, sample, check.index);
}

function medical(cells: DepartmentCells = {}): DepartmentCells {
  return { idNumber: ADULT, name: '王大山', on: '2026-10-15', hospital: '清河县人民医院', amount: '32000', ...cells };
}

function valid(kind: DepartmentDataKind, cells: DepartmentCells): DepartmentRow {
  const res = validateDepartmentRow(kind, cells, 2, TODAY);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.value;
}

describe('the kinds', () => {
  test('every kind of the contract has its department, label and the person and date columns', () => {
    expect(DEPARTMENT_DATA_KIND_LIST).toEqual(DepartmentDataKindSchema.options);
    for (const kind of DEPARTMENT_DATA_KIND_LIST) {
      const def = DEPARTMENT_DATA_KINDS[kind];
      expect(def.department).toMatch(/局|联|大队/);
      expect(DEPARTMENT_DATA_KIND_LABELS[kind]).toBe(def.label);
      const required = def.columns.filter((c) => c.required).map((c) => [c.key, c.type]);
      expect(required).toEqual(expect.arrayContaining([['idNumber', 'id'], ['name', 'name'], ['on', 'date']]));
      for (const key of def.identity) expect(def.columns.map((c) => c.key)).toContain(key);
    }
    expect(kindsOfDepartment('医保局')).toEqual(['medical']);
    expect(kindsOfDepartment('残联')).toEqual(['disability']);
    expect(kindsOfDepartment('卫健委')).toEqual([]);
  });

  test('an enum value\'s label is its first word spelling, also for 残疾等级 whose digits enumerate first', () => {
    const grade = DEPARTMENT_DATA_KINDS.disability.columns.find((c) => c.key === 'grade')!;
    expect(valueLabel(grade, '2')).toBe('二级');
    const rating = DEPARTMENT_DATA_KINDS.housing.columns.find((c) => c.key === 'rating')!;
    expect(valueLabel(rating, 'C')).toBe('C级');
  });

  test.each(DEPARTMENT_DATA_KIND_LIST)('the %s template: headers map back, its synthetic sample row validates', (kind) => {
    const [headers, sample] = departmentTemplate(kind);
    expect(headers).toHaveLength(DEPARTMENT_DATA_KINDS[kind].columns.length);
    expect(sample).toHaveLength(headers.length);
    const row = valid(kind, templateRow(kind));
    expect(row.kind).toBe(kind);
    expect(row.idNumber).toMatch(/^110101/);
    expect(row.on).toBe('2026-10-15');
  });

  test('yuan columns say their unit in the template and money becomes whole fen', () => {
    expect(departmentTemplate('medical')[0]).toContain('个人自付金额（元）');
    const row = valid('medical', templateRow('medical'));
    expect(row.amountFen).toBe(3_200_000);
    expect(row.fields).toEqual({ hospital: '示例县人民医院', totalCost: 6_800_000, fundPaid: 3_600_000 });
    expect(valid('disaster', templateRow('disaster')).amountFen).toBe(1_500_000);
    expect(valid('housing', templateRow('housing')).amountFen).toBeNull();
  });
});

describe('the header', () => {
  test('aliases, spaces, a trailing * and 「（元）」 are accepted, in any order; 序号/备注 are ignored', () => {
    const check = mapHeader('medical', ['序号', ' 参保人姓名 ', '证件号码*', '出院日期', '自付金额(元)', '医院名称', '备注']);
    expect(check).toEqual({ ok: true, index: { name: 1, idNumber: 2, on: 3, amount: 4, hospital: 5 } });
  });

  test('optional columns may be left out', () => {
    expect(mapHeader('medical', ['身份证号', '姓名', '结算日期', '个人自付金额']).ok).toBe(true);
  });

  test.each([
    ['a required column missing', 'medical', ['身份证号', '姓名', '结算日期'], { missing: ['个人自付金额'], unknown: [], duplicated: [] }],
    ['an unknown column', 'medical', ['身份证号', '姓名', '结算日期', '个人自付金额', '自付金额（万元）'],
      { missing: [], unknown: ['自付金额（万元）'], duplicated: [] }],
    ['another kind\'s file', 'housing', ['身份证号', '姓名', '结算日期', '个人自付金额'],
      { missing: ['鉴定日期', '鉴定等级'], unknown: ['结算日期', '个人自付金额'], duplicated: [] }],
    ['one column under two names', 'medical', ['身份证号', '证件号码', '姓名', '结算日期', '个人自付金额'],
      { missing: [], unknown: [], duplicated: ['身份证号'] }],
  ] as const)('%s refuses the file', (_, kind, headers, expected) => {
    const check = mapHeader(kind, headers);
    expect(check).toEqual({ ok: false, ...expected });
  });

  test('the refusal reads as one Chinese sentence naming the columns', () => {
    const check = mapHeader('medical', ['身份证号', '姓名', '医疗费用', '结算日期']);
    if (check.ok) throw new Error('should be refused');
    expect(departmentHeaderProblemText('medical', check)).toBe(
      '文件表头与「医疗费用个人自付」的导入模板不一致，缺少这些列：个人自付金额；无法识别这些列：医疗费用（请改成模板中的列名，或删除这些列）。'
      + '第 1 行应为表头，请对照该类数据的导入模板。整个文件未导入。',
    );
  });
});

describe('one row', () => {
  test.each([
    ['bad ID checksum', { idNumber: BAD_CHECKSUM }, '身份证号', '身份证号校验位不正确，请核对号码'],
    ['ID too short', { idNumber: '61052819800101' }, '身份证号', '身份证号「61052819800101」格式不正确：应为 18 位，最后一位可以是数字或 X（请将单元格设为文本格式）'],
    ['ID with an impossible birth date', { idNumber: id('61052819801301001') }, '身份证号', '身份证号中的出生日期 19801301 不存在或晚于今天'],
    ['missing name', { name: ' ' }, '姓名', '姓名不能为空'],
    ['missing amount', { amount: '' }, '个人自付金额', '个人自付金额不能为空'],
    ['amount not a number', { amount: '三万' }, '个人自付金额', '个人自付金额「三万」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['amount with 3 decimals', { amount: '12.345' }, '个人自付金额', '个人自付金额「12.345」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['negative amount', { amount: '-5' }, '个人自付金额', '个人自付金额「-5」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['missing date', { on: null }, '结算日期', '结算日期不能为空'],
    ['no 13th month', { on: '2026年13月1日' }, '结算日期', '结算日期「2026年13月1日」不是存在的日期，请核对年、月、日'],
    ['no 30 February', { on: '2026-02-30' }, '结算日期', '结算日期「2026-02-30」不是存在的日期，请核对年、月、日'],
    ['American order', { on: '11/20/2026' }, '结算日期', '结算日期「11/20/2026」日期格式无法识别：请写成 2026-11-20、2026/11/20、2026.11.20、2026年11月20日 或 20261120'],
    ['a word', { on: 'yesterday' }, '结算日期', '结算日期「yesterday」日期格式无法识别：请写成 2026-11-20、2026/11/20、2026.11.20、2026年11月20日 或 20261120'],
    ['future date', { on: '2026-11-21' }, '结算日期', '结算日期 2026-11-21 晚于今天（2026-11-20），请核对'],
    ['text too long', { hospital: '医'.repeat(101) }, '医疗机构', '医疗机构过长：最多 100 个字'],
  ] as const)('%s: one error naming the column', (_, cells, column, message) => {
    expect(validateDepartmentRow('medical', medical(cells), 7, TODAY)).toEqual({ ok: false, errors: [{ row: 7, column, message }] });
  });

  test('an enum value not in the list names the column and what it accepts', () => {
    const res = validateDepartmentRow('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-15', rating: 'E级' }, 3, TODAY);
    expect(res).toEqual({ ok: false, errors: [{ row: 3, column: '鉴定等级', message: '「E级」不是可选的鉴定等级，应为：A级、B级、C级、D级' }] });
  });

  test('every problem of a row is reported, in column order', () => {
    const res = validateDepartmentRow('medical', medical({ idNumber: BAD_CHECKSUM, on: 'yesterday', amount: '' }), 4, TODAY);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => e.column)).toEqual(['身份证号', '结算日期', '个人自付金额']);
  });

  test.each([
    ['2026-10-05', '2026-10-05'], ['2026-10-5', '2026-10-05'], ['2026/10/5', '2026-10-05'], ['2026.10.05', '2026-10-05'],
    ['2026年10月5日', '2026-10-05'], ['2026 年 10 月 5 日', '2026-10-05'], ['20261005', '2026-10-05'],
    ['2026-10-05 14:30:00', '2026-10-05'], ['2026/10/5 9:05', '2026-10-05'],
    ['46300', '2026-10-05'], [46300, '2026-10-05'], [46300.75, '2026-10-05'], ['45658', '2025-01-01'],
    [new Date(Date.UTC(2026, 9, 5)), '2026-10-05'], ['2026-11-20', '2026-11-20'],
  ] as const)('the date %p is accepted as %s', (cell, date) => {
    expect(parseDateCell(cell)).toEqual({ ok: true, date });
    expect(valid('medical', medical({ on: cell })).on).toBe(date);
  });

  test.each(['2026-10/05', '10-05-2026', '2026年10月', '261005', '4630', '1234567', '', 'yesterday', new Date('x')])(
    'the date %p is not recognised', (cell) => {
      expect(parseDateCell(cell)).toEqual({ ok: false, problem: 'format' });
    },
  );

  test.each([
    ['32000', 3_200_000], ['32,000.5', 3_200_050], ['￥1,234.56元', 123_456], [' 0 ', 0], [1234.56, 123_456],
    [0.1 + 0.2, 30], ['1234.560', 123_456], ['1e5', null], ['12.345', null], ['abc', null], ['100000001', null],
  ] as const)('the amount %p is %p fen', (cell, fen) => {
    expect(parseYuanCell(cell)).toBe(fen);
  });

  test('a lower-case x and spaces in the ID are tidied; an enum value may be spelled several ways', () => {
    const withX = id('11010119900307109');
    expect(withX).toMatch(/X$/);
    const row = valid('disability', { idNumber: ` ${ADULT} `, name: '王大山', on: '2026年10月1日', disabilityType: '肢体残疾', grade: '2' });
    expect(row).toEqual({
      kind: 'disability', row: 2, idNumber: ADULT, name: '王大山', on: '2026-10-01', amountFen: null,
      fields: { disabilityType: 'physical', grade: '2' },
    });
    expect(valid('job_loss', { idNumber: withX.toLowerCase(), name: '王大山', on: '2026-10-01' }).idNumber).toBe(withX);
    expect(valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-01', rating: 'd' }).fields.rating).toBe('D');
  });
});

describe('rowKey', () => {
  const base = valid('medical', medical());

  test('stable: the same record read again (another spelling of its cells) has the same key; no plain ID in it', () => {
    const again = valid('medical', medical({ on: '2026/10/15', amount: '32,000.00', hospital: ' 清河县人民医院' }));
    expect(rowKey(again)).toBe(rowKey(base));
    expect(rowKey(base)).not.toContain(ADULT);
    expect(rowKey(base)).toBe('medical|2026-10-15|3200000|清河县人民医院');
  });

  test('distinct: another date, amount or hospital is another record; the status of an application is not; the person is not in the key (records are kept per member)', () => {
    expect(rowKey(valid('medical', medical({ idNumber: id('61052819900101002') })))).toBe(rowKey(base));
    const keys = [
      rowKey(base),
      rowKey(valid('medical', medical({ on: '2026-10-16' }))),
      rowKey(valid('medical', medical({ amount: '32000.01' }))),
      rowKey(valid('medical', medical({ hospital: '清河县中医院' }))),
      rowKey(valid('medical', medical({ hospital: '' }))),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    const application = (status: string) => valid('social_assistance', { idNumber: ADULT, name: '王大山', on: '2026-10-01', assistance: '低保', status });
    expect(rowKey(application('审核中'))).toBe(rowKey(application('已批准')));
    const other = valid('social_assistance', { idNumber: ADULT, name: '王大山', on: '2026-10-01', assistance: '特困' });
    expect(rowKey(other)).not.toBe(rowKey(application('审核中')));
  });

  test('the same person and date in two kinds are two records', () => {
    const housing = valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-15', rating: 'C' });
    expect(rowKey(housing)).not.toBe(rowKey(base));
  });
});

describe('formatting money', () => {
  test.each([
    [0, '0 元'], [850_000, '8,500 元'], [850_050, '8,500.50 元'], [999_999, '9,999.99 元'], [1_000_000, '1 万元'],
    [3_200_000, '3.2 万元'], [1_234_567, '1.23 万元'], [123_456_700, '123.46 万元'],
  ])('%p fen reads %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});

describe('thresholds per region and year', () => {
  const overrides: DepartmentThresholdOverride[] = [
    { areaPath: '/qh/', year: 2026, thresholds: { medicalSelfPayYuan: 8000, disasterLossYuan: 5000 } },
    { areaPath: '/qh/qh-al/', year: 2026, thresholds: { medicalSelfPayYuan: 6000 } },
    { areaPath: '/qh/', year: 2025, thresholds: { medicalShareOfIncome: 0.3 } },
    { areaPath: '/other/', year: 2026, thresholds: { medicalSelfPayYuan: 1 } },
  ];

  test.each([
    ['no override: the defaults', '/zz/zz-1/', 2026, { medicalSelfPayYuan: 10_000, medicalShareOfIncome: 0.5, disasterLossYuan: 10_000 }],
    ['the county\'s', '/qh/qh-bs/qh-bs-1/', 2026, { medicalSelfPayYuan: 8000, medicalShareOfIncome: 0.5, disasterLossYuan: 5000 }],
    ['the township\'s wins, the rest inherited from the county', '/qh/qh-al/qh-al-hx/', 2026,
      { medicalSelfPayYuan: 6000, medicalShareOfIncome: 0.5, disasterLossYuan: 5000 }],
    ['another year\'s', '/qh/qh-al/qh-al-hx/', 2025, { medicalSelfPayYuan: 10_000, medicalShareOfIncome: 0.3, disasterLossYuan: 10_000 }],
    ['a year with none', '/qh/qh-al/', 2027, DEFAULT_DEPARTMENT_THRESHOLDS],
    ['a path that only begins with the same letters', '/qhx/', 2026, DEFAULT_DEPARTMENT_THRESHOLDS],
  ] as const)('%s', (_, path, year, expected) => {
    expect(thresholdsFor(overrides, path, year)).toEqual(expected);
  });

  test('overrides are checked: paths as areas.path, positive values', () => {
    expect(DepartmentThresholdOverrideSchema.safeParse(overrides[1]).success).toBe(true);
    expect(DepartmentThresholdOverrideSchema.safeParse({ ...overrides[1], areaPath: 'qh' }).success).toBe(false);
    expect(DepartmentThresholdOverrideSchema.safeParse({ ...overrides[1], thresholds: { medicalSelfPayYuan: -1 } }).success).toBe(false);
  });

  test('the explanation says the thresholds in force', () => {
    const t = thresholdsFor(overrides, '/qh/qh-al/', 2026);
    const rule = DEPARTMENT_RULES.find((r) => r.id === 'medical_self_pay')!;
    expect(rule.explanation(t)).toContain('累计达到 6,000 元，或达到全家年收入（上年人均纯收入 × 家庭人口）的 50%');
    expect(DEPARTMENT_RULES.find((r) => r.id === 'disaster_loss')!.explanation(t)).toContain('直接经济损失达到 5,000 元');
  });
});

describe('the rules', () => {
  const T = DEFAULT_DEPARTMENT_THRESHOLDS;
  const member = (over: Partial<RuleMember> = {}): RuleMember => ({
    id: 'm-head', birthDate: '1980-01-01', relation: 'head', health: 'healthy', disabilityLevel: null, labour: 'ordinary', ...over,
  });
  const SPOUSE = member({ id: 'm-spouse', birthDate: '1982-02-02', relation: 'spouse', labour: 'weak' });
  const ELDER = member({ id: 'm-elder', birthDate: '1950-03-03', relation: 'parent', labour: 'none' });

  function context(row: DepartmentRow, over: Partial<DepartmentRuleContext> = {}): DepartmentRuleContext {
    const head = member();
    return { row, category: 'ordinary', incomePerCapitaYuan: 20_000, members: [head, SPOUSE, ELDER], member: head, ...over };
  }
  const hits = (ctx: DepartmentRuleContext, t = T) => evaluateRules(ctx.row.kind, ctx, t);
  const ruleIds = (ctx: DepartmentRuleContext, t = T) => hits(ctx, t).map((h) => h.ruleId);

  test('every rule: a kind of the list, a risk type of the enum, an explanation in Chinese; every kind has one', () => {
    for (const rule of DEPARTMENT_RULES) {
      expect(DEPARTMENT_DATA_KIND_LIST).toContain(rule.kind);
      for (const type of rule.riskTypes) expect(RiskTypeSchema.options).toContain(type);
      expect(rule.explanation(T)).toMatch(/请入户核实/);
    }
    expect(new Set(DEPARTMENT_RULES.map((r) => r.id)).size).toBe(DEPARTMENT_RULES.length);
    for (const kind of DEPARTMENT_DATA_KIND_LIST) expect(departmentRulesOf(kind).length).toBeGreaterThan(0);
  });

  describe('medical self-pay', () => {
    const bill = (amount: string, on = '2026-10-15') => valid('medical', medical({ amount, on }));
    const medicalCtx = (row: DepartmentRow, sum: number, over: Partial<DepartmentRuleContext> = {}) =>
      context(row, { medicalSelfPayFen12m: sum, ...over });

    test('the 12-month window ends on the record\'s date; earlier records in it count, older and later ones do not', () => {
      expect(medicalWindowStart('2026-11-20')).toBe('2025-11-21');
      expect(medicalWindowStart('2028-02-29')).toBe('2027-03-01');
      const row = bill('4000', '2026-10-15');
      const earlier = [
        { on: '2025-10-16', amountFen: 300_000 }, // first day of the window
        { on: '2026-03-01', amountFen: 250_000 },
        { on: '2025-10-15', amountFen: 900_000 }, // a day too old
        { on: '2026-10-16', amountFen: 800_000 }, // after this record
      ];
      expect(selfPayInWindow(row, earlier)).toBe(400_000 + 300_000 + 250_000);
      expect(selfPayInWindow(row, [])).toBe(400_000);
    });

    test.each([
      ['just below 1 万元 (income unknown)', 999_999, null, false],
      ['at 1 万元', 1_000_000, null, true],
      ['at 1 万元 with a large income', 1_000_000, 1_000_000, true],
    ] as const)('absolute: %s', (_, sum, income, fires) => {
      expect(ruleIds(medicalCtx(bill('100'), sum, { incomePerCapitaYuan: income }))).toEqual(fires ? ['medical_self_pay'] : []);
    });

    test.each([
      // 3 people × 4,000 元 = 12,000 元 a year; half of it is 6,000 元
      ['below half the income', 599_999, 4000, false],
      ['at half the income', 600_000, 4000, true],
      ['income not registered', 900_000, null, false],
      ['income 0 (not filled in)', 900_000, 0, false],
    ] as const)('share of income: %s', (_, sum, income, fires) => {
      expect(ruleIds(medicalCtx(bill('100'), sum, { incomePerCapitaYuan: income }))).toEqual(fires ? ['medical_self_pay'] : []);
    });

    test('one large bill: the cadre reads the sum against the line', () => {
      const [hit] = hits(medicalCtx(bill('32000'), 3_200_000, { incomePerCapitaYuan: 40_000 }));
      expect(hit).toEqual({
        ruleId: 'medical_self_pay', kind: 'medical', label: '医疗费用个人自付过高', riskTypes: ['illness'],
        explanation: DEPARTMENT_RULES[0].explanation(T),
        summary: '近12个月医保报销后个人自付医疗费用累计 3.2 万元，超过 1 万元的预警线',
        figures: { 本次个人自付: '3.2 万元', 近12个月个人自付累计: '3.2 万元', 预警线: '1 万元', 全家年收入: '12 万元', 占全家年收入: '27%' },
      });
    });

    test('both lines passed, partly by earlier bills: both said', () => {
      const [hit] = hits(medicalCtx(bill('5000'), 1_500_000, { incomePerCapitaYuan: 4000 }));
      expect(hit.summary).toBe('近12个月医保报销后个人自付医疗费用累计 1.5 万元（其中本次 5,000 元），超过 1 万元的预警线，'
        + '占全家年收入 1.2 万元（人均 4,000 元 × 3 人）的 125%，超过 50% 的预警线');
    });

    test('the share alone, at its edge', () => {
      const [hit] = hits(medicalCtx(bill('6000'), 600_000, { incomePerCapitaYuan: 4000 }));
      expect(hit.summary).toBe('近12个月医保报销后个人自付医疗费用累计 6,000 元，占全家年收入 1.2 万元（人均 4,000 元 × 3 人）的 50%，达到 50% 的预警线');
    });

    test('a region\'s own line applies', () => {
      const t = { ...T, medicalSelfPayYuan: 5000 };
      expect(ruleIds(medicalCtx(bill('5000'), 500_000, { incomePerCapitaYuan: null }), t)).toEqual(['medical_self_pay']);
      expect(ruleIds(medicalCtx(bill('5000'), 500_000, { incomePerCapitaYuan: null }))).toEqual([]);
    });

    test('the 12-month sum must be given for a medical record', () => {
      expect(() => hits(context(bill('32000')))).toThrow(/medicalSelfPayFen12m/);
    });
  });

  describe('低保 / 特困 applications', () => {
    const application = (assistance: string, status = '') =>
      valid('social_assistance', { idNumber: ADULT, name: '王大山', on: '2026-10-01', assistance, status });

    test.each([
      ['低保', '', true, '家庭成员（户主）于 2026-10-01 申请低保'],
      ['最低生活保障', '未批准', true, '家庭成员（户主）于 2026-10-01 申请低保（未批准）'],
      ['特困人员救助供养', '审核中', true, '家庭成员（户主）于 2026-10-01 申请特困供养（审核中）'],
      ['临时救助', '', false, null],
    ] as const)('%s %s', (assistance, status, fires, summary) => {
      const found = hits(context(application(assistance, status)));
      expect(found.map((h) => h.summary)).toEqual(fires ? [summary] : []);
    });
  });

  describe('disability', () => {
    const certificate = (grade: string) =>
      valid('disability', { idNumber: ADULT, name: '王大山', on: '2026-10-01', disabilityType: '肢体残疾', grade });

    test.each([
      ['一级', 'ordinary', true], ['二级', 'ordinary', true], ['三级', 'ordinary', false], ['四级', 'ordinary', false],
      ['三级', 'lifted', true], ['四级', 'lifted', true], ['一级', 'lifted', true],
    ] as const)('grade %s in a %s household', (grade, category, fires) => {
      expect(ruleIds(context(certificate(grade), { category }))).toEqual(fires ? ['disability_new'] : []);
    });

    test('what the cadre reads', () => {
      expect(hits(context(certificate('2'), { member: SPOUSE }))[0].summary).toBe('家庭成员（配偶）于 2026-10-01 新办残疾证：肢体残疾二级（重度残疾）');
      expect(hits(context(certificate('三级'), { category: 'lifted' }))[0]).toMatchObject({
        summary: '家庭成员（户主）于 2026-10-01 新办残疾证：肢体残疾三级，该户为脱贫户',
        figures: { 残疾类别: '肢体残疾', 残疾等级: '三级', 户类型: '脱贫户', 发证日期: '2026-10-01' },
        riskTypes: ['disability'],
      });
    });
  });

  describe('housing', () => {
    test.each([['A级', false], ['B', false], ['C级', true], ['D', true]] as const)('rated %s', (rating, fires) => {
      const row = valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-09-30', rating });
      expect(hits(context(row)).map((h) => [h.ruleId, h.riskTypes, h.summary])).toEqual(fires
        ? [['housing_unsafe', ['housing_safety'], `房屋于 2026-09-30 被鉴定为${rating[0]}级危房（${rating[0] === 'C' ? '局部危险' : '整体危险'}）`]]
        : []);
    });
  });

  describe('a compulsory-age child out of school', () => {
    const record = (status: string, on = '2026-10-15') =>
      valid('education', { idNumber: id('61052820140910002'), name: '王小花', on, status, school: '清河县第一小学' });
    const child = (birthDate: string) => member({ id: 'm-child', birthDate, relation: 'child', labour: 'none' });

    test.each([
      ['15 on the record date', '2011-10-15', '辍学', true],
      ['6 on the record date', '2020-10-15', '未入学', true],
      ['16 on the record date', '2010-10-15', '辍学', false],
      ['a day short of 6', '2020-10-16', '未入学', false],
      ['enrolled', '2014-09-10', '在校', false],
      ['suspended (休学) is still enrolled', '2014-09-10', '休学', false],
    ] as const)('%s, %s', (_, birthDate, status, fires) => {
      expect(ruleIds(context(record(status), { member: child(birthDate) }))).toEqual(fires ? ['education_out_of_school'] : []);
    });

    test('what the cadre reads', () => {
      expect(hits(context(record('辍学'), { member: child('2014-09-10') }))[0]).toMatchObject({
        summary: '家庭成员（子女）（登记时 12 周岁）于 2026-10-15 被登记为辍学（清河县第一小学）',
        riskTypes: ['education'],
      });
    });
  });

  describe('a traffic accident', () => {
    const accident = (injury: string) => valid('accident', { idNumber: ADULT, name: '王大山', on: '2026-08-08', injury });

    test.each([
      ['重伤', 'ordinary', true], ['死亡', 'skilled', true], ['重伤', 'weak', true],
      ['轻伤', 'ordinary', false], ['轻微伤', 'skilled', false], ['死亡', 'none', false], ['重伤', 'lost', false],
    ] as const)('%s of a member with labour %s', (injury, labour, fires) => {
      expect(ruleIds(context(accident(injury), { member: member({ labour }) }))).toEqual(fires ? ['accident_serious'] : []);
    });

    test('what the cadre reads', () => {
      expect(hits(context(accident('死亡')))[0]).toMatchObject({
        summary: '家庭成员（户主）（普通劳动力）于 2026-08-08 在交通事故中死亡', riskTypes: ['traffic_accident'],
      });
    });
  });

  describe('job loss', () => {
    const loss = (on = '2026-10-01') => valid('job_loss', { idNumber: ADULT, name: '王大山', on });

    test.each([
      ['46, ordinary labour', member(), true],
      ['16 on the day', member({ birthDate: '2010-10-01' }), true],
      ['a day short of 16', member({ birthDate: '2010-10-02' }), false],
      ['59', member({ birthDate: '1966-10-02' }), true],
      ['60 on the day', member({ birthDate: '1966-10-01' }), false],
      ['working age, no labour', member({ labour: 'lost' }), false],
    ] as const)('%s', (_, who, fires) => {
      expect(ruleIds(context(loss(), { member: who }))).toEqual(fires ? ['job_loss_earner'] : []);
    });

    test('what the cadre reads: the other members with labour counted', () => {
      expect(hits(context(loss()))[0]).toMatchObject({
        summary: '家庭成员（户主）（普通劳动力，46 周岁）于 2026-10-01 登记失业，家中另有 1 名有劳动能力的成员',
        figures: { 失业时年龄: '46 周岁', 劳动技能: '普通劳动力', 家中其他有劳动能力成员: 1, 失业日期: '2026-10-01' },
        riskTypes: ['unstable_employment'],
      });
      const alone = hits(context(loss(), { members: [member(), ELDER] }))[0];
      expect(alone.summary).toMatch(/家中没有其他有劳动能力的成员$/);
      expect(alone.explanation).toContain('近似判断为家庭的主要劳动力');
    });
  });

  describe('disaster loss', () => {
    const disaster = (amount: string) =>
      valid('disaster', { idNumber: ADULT, name: '王大山', on: '2026-07-20', disasterType: '洪涝', amount });

    test.each([['9999.99', false], ['10000', true], ['15000', true]] as const)('a loss of %s 元', (amount, fires) => {
      expect(ruleIds(context(disaster(amount)))).toEqual(fires ? ['disaster_loss'] : []);
    });

    test('what the cadre reads; a region\'s lower line', () => {
      expect(hits(context(disaster('15000')))[0].summary).toBe('2026-07-20 受洪涝灾害，直接经济损失 1.5 万元，超过 1 万元的预警线');
      expect(hits(context(disaster('10000')))[0].summary).toBe('2026-07-20 受洪涝灾害，直接经济损失 1 万元，达到 1 万元的预警线');
      expect(ruleIds(context(disaster('6000')), { ...T, disasterLossYuan: 5000 })).toEqual(['disaster_loss']);
    });
  });

  test('a record is evaluated only with its own kind\'s rules', () => {
    const row = valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-09-30', rating: 'D' });
    expect(() => evaluateRules('medical', context(row), T)).toThrow(/housing record/);
  });

  test('the clue description: department, rule, what was found, why', () => {
    const row = valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-09-30', rating: 'D' });
    const [hit] = hits(context(row));
    expect(hitDescription('住建局', hit)).toBe(`【住建局·住房鉴定为C级或D级危房】房屋于 2026-09-30 被鉴定为D级危房（整体危险）。${hit.explanation}`);
  });
});
