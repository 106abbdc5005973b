import { configureZod } from '@shared/contracts/zod-locale';
import { VerificationSchema, type Verification, type VerificationInput } from '@shared/contracts/verification';
import { evaluateEligibility, type EligibilityContext } from '@shared/domain/eligibility';

configureZod();

const LINE = 7300;

/** A household of 3 with 8666.66 yuan a head, no rigid expenses, everything secured: no condition holds. */
const base: VerificationInput = {
  income: { wagesYuan: 20000, businessYuan: 5000, propertyYuan: 0, transfersYuan: 2000 },
  productionCostsYuan: 1000,
  householdSize: 3,
  rigidExpenses: { medicalYuan: 0, schoolingYuan: 0, disasterLossYuan: 0, otherYuan: 0 },
  basicNeeds: {
    education: { secured: true }, medical: { secured: true }, housing: { secured: true }, drinkingWater: { secured: true },
  },
  photoIds: [],
};

interface Change {
  income?: Partial<Verification['income']>;
  productionCostsYuan?: number;
  householdSize?: number;
  rigid?: Partial<Verification['rigidExpenses']>;
  unsecured?: (keyof Verification['basicNeeds'])[];
}

/** The base record with some figures changed, parsed as the server would parse it. */
function record(c: Change = {}): Verification {
  const needs = { ...base.basicNeeds };
  for (const k of c.unsecured ?? []) needs[k] = { secured: false, note: '现场查看' };
  return VerificationSchema.parse({
    ...base,
    income: { ...base.income, ...c.income },
    productionCostsYuan: c.productionCostsYuan ?? base.productionCostsYuan,
    householdSize: c.householdSize ?? base.householdSize,
    rigidExpenses: { ...base.rigidExpenses, ...c.rigid },
    basicNeeds: needs,
  });
}

/** Net income of exactly `yuan` for the household: all of it wages, no costs. */
const net = (yuan: number): Change => ({
  income: { wagesYuan: yuan, businessYuan: 0, propertyYuan: 0, transfersYuan: 0 }, productionCostsYuan: 0,
});

const ordinary: EligibilityContext = { monitoringLineYuan: LINE, householdCategory: 'ordinary' };
const lifted: EligibilityContext = { monitoringLineYuan: LINE, householdCategory: 'lifted' };

const holding = (v: Verification, ctx = ordinary) =>
  evaluateEligibility(v, ctx).conditions.filter((c) => c.holds).map((c) => c.id);

describe('the figures', () => {
  test('net income = incomes − production costs; per capita over the counted people, to the fen, rounded down', () => {
    const r = evaluateEligibility(record(), ordinary);
    expect(r.netIncomeYuan).toBe(26000);
    expect(r.perCapitaNetIncomeYuan).toBe(8666.66);
    expect(r.rigidExpensesYuan).toBe(0);
    expect(r.perCapitaAfterRigidYuan).toBe(8666.66);
    expect(r.monitoringLineYuan).toBe(LINE);
  });

  test('fractions of a yuan add up exactly (0.1 + 0.2 is 0.3 here)', () => {
    const r = evaluateEligibility(record({
      income: { wagesYuan: 0.1, businessYuan: 0.2, propertyYuan: 0, transfersYuan: 0 }, productionCostsYuan: 0, householdSize: 1,
    }), ordinary);
    expect(r.netIncomeYuan).toBe(0.3);
  });

  test('costs above the income give a negative net income, which is below the line', () => {
    const r = evaluateEligibility(record({ productionCostsYuan: 31000 }), ordinary);
    expect(r.netIncomeYuan).toBe(-4000);
    expect(r.perCapitaNetIncomeYuan).toBe(-1333.34);
    expect(r.conditions[0]).toEqual({ id: 'income_below_line', holds: true, text: '人均纯收入-1333.34元，低于防贫监测线7300元。' });
  });
});

describe('each condition, at and around its boundary', () => {
  test.each<[string, Change, string[]]>([
    ['nothing wrong', {}, []],
    // 收入 below the line: 3 people × 7300 = 21900
    ['income exactly at the line is not below it', net(21900), []],
    ['one fen below the line', net(21899.99), ['income_below_line']],
    ['well below the line', net(12000), ['income_below_line']],
    ['one person exactly at the line', { ...net(LINE), householdSize: 1 }, []],
    // 刚性支出 more than half of net income (60000 for 2 people: 30000 a head, far above the line after expenses)
    ['rigid expenses exactly half of net income', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 30000 } }, []],
    ['rigid expenses one fen over half', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 30000.01 } }, ['rigid_expenses']],
    ['half made of several items', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 20000, schoolingYuan: 5000, disasterLossYuan: 5000.01 } }, ['rigid_expenses']],
    // 刚性支出 taking an income above the line below it: 30000 for 3 people, 21900 is the line
    ['after expenses exactly at the line', { ...net(30000), rigid: { schoolingYuan: 8100 } }, []],
    ['after expenses one fen below the line', { ...net(30000), rigid: { schoolingYuan: 8100.01 } }, ['rigid_expenses']],
    // income already below the line: small expenses do not make a second condition, large ones do
    ['below the line with small expenses', { ...net(20000), rigid: { medicalYuan: 1000 } }, ['income_below_line']],
    ['below the line with expenses over half', { ...net(20000), rigid: { medicalYuan: 10000.01 } }, ['income_below_line', 'rigid_expenses']],
    ['no net income and any expense', { ...net(0), rigid: { otherYuan: 1, otherDescription: '丧葬' } }, ['income_below_line', 'rigid_expenses']],
    // 三保障 and 饮水安全
    ['education not secured', { unsecured: ['education'] }, ['education_not_secured']],
    ['medical care not secured', { unsecured: ['medical'] }, ['medical_not_secured']],
    ['housing not secured', { unsecured: ['housing'] }, ['housing_not_secured']],
    ['drinking water not secured', { unsecured: ['drinkingWater'] }, ['water_not_secured']],
    ['housing and water', { unsecured: ['drinkingWater', 'housing'] }, ['housing_not_secured', 'water_not_secured']],
  ])('%s', (_name, change, expected) => {
    expect(holding(record(change))).toEqual(expected);
  });

  test('every condition is listed, in a fixed order, whether or not it holds', () => {
    expect(evaluateEligibility(record(), ordinary).conditions.map((c) => c.id)).toEqual([
      'income_below_line', 'rigid_expenses', 'education_not_secured', 'medical_not_secured', 'housing_not_secured',
      'water_not_secured',
    ]);
  });

  test('the region may set its own share of income for rigid expenses', () => {
    const v = record({ ...net(60000), householdSize: 2, rigid: { medicalYuan: 20000 } });
    expect(holding(v)).toEqual([]);
    expect(holding(v, { ...ordinary, rigidExpenseShare: 0.3 })).toEqual(['rigid_expenses']);
    expect(evaluateEligibility(v, { ...ordinary, rigidExpenseShare: 0.3 }).conditions[1].text)
      .toBe('刚性支出20000元（医疗自付20000元），超过家庭纯收入60000元的30%，扣除后人均收入20000元，不低于防贫监测线7300元。');
  });

  test('a different line changes the answer for the same record', () => {
    const v = record(net(21900));
    expect(holding(v, { ...ordinary, monitoringLineYuan: 7300 })).toEqual([]);
    expect(holding(v, { ...ordinary, monitoringLineYuan: 7300.01 })).toEqual(['income_below_line']);
  });
});

describe('the sentences', () => {
  const text = (v: Verification, id: string) => evaluateEligibility(v, ordinary).conditions.find((c) => c.id === id)!.text;

  test.each<[string, Change, string, string]>([
    ['at the line', net(21900), 'income_below_line', '人均纯收入7300元，不低于防贫监测线7300元。'],
    ['a fen below: shown below, never rounded up to the line', net(21899.99), 'income_below_line', '人均纯收入7299.99元，低于防贫监测线7300元。'],
    ['no rigid expenses', {}, 'rigid_expenses', '没有刚性支出。'],
    ['over half', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 25000, schoolingYuan: 6000 } }, 'rigid_expenses',
      '刚性支出31000元（医疗自付25000元、教育支出6000元），超过家庭纯收入60000元的一半，扣除后人均收入14500元，不低于防贫监测线7300元。'],
    ['pushed below', { ...net(30000), rigid: { disasterLossYuan: 9000 } }, 'rigid_expenses',
      '刚性支出9000元（灾害损失9000元），未超过家庭纯收入30000元的一半，扣除后人均收入7000元，低于防贫监测线7300元。'],
    ['already below the line: no after-expenses figure', { ...net(20000), rigid: { medicalYuan: 1000 } }, 'rigid_expenses',
      '刚性支出1000元（医疗自付1000元），未超过家庭纯收入20000元的一半。'],
    ['other expense by its description', { ...net(0), rigid: { otherYuan: 500, otherDescription: '老人丧葬' } }, 'rigid_expenses',
      '刚性支出500元（老人丧葬500元），而家庭纯收入只有0元。'],
    ['a need not secured, with the note', { unsecured: ['housing'] }, 'housing_not_secured', '住房安全没有保障：现场查看。'],
    ['a need secured', {}, 'water_not_secured', '饮水安全有保障。'],
  ])('%s', (_name, change, id, expected) => {
    expect(text(record(change), id)).toBe(expected);
  });
});

describe('the suggested category', () => {
  test.each<[string, Change, EligibilityContext, string | null, string]>([
    ['no condition: none', {}, ordinary, null, '各项识别条件均不成立，不建议纳入监测；如确有返贫致贫风险，请综合研判。'],
    ['no condition for a lifted household either', {}, lifted, null, '各项识别条件均不成立'],
    ['lifted, income below the line', net(12000), lifted, 'unstable_lifted', '建议认定为脱贫不稳定户：脱贫户，存在返贫风险。'],
    ['lifted, rigid expenses only', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 40000 } }, lifted, 'unstable_lifted', '脱贫不稳定户'],
    ['lifted, housing only', { unsecured: ['housing'] }, lifted, 'unstable_lifted', '脱贫不稳定户'],
    ['ordinary, income below the line', net(12000), ordinary, 'marginal', '建议认定为边缘易致贫户：一般农户，人均纯收入低于防贫监测线，存在致贫风险。'],
    ['ordinary, exactly at the line: none', net(21900), ordinary, null, '不建议纳入监测'],
    ['ordinary, below the line and large expenses: still marginal', { ...net(20000), rigid: { medicalYuan: 15000 } }, ordinary, 'marginal', '边缘易致贫户'],
    ['ordinary, above the line, rigid expenses over half', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 40000 } }, ordinary,
      'sudden_hardship', '建议认定为突发严重困难户：一般农户，收入不低于防贫监测线，但刚性支出较大，基本生活出现严重困难。'],
    ['ordinary, above the line, a disaster pushes it below', { ...net(30000), rigid: { disasterLossYuan: 9000 } }, ordinary,
      'sudden_hardship', '刚性支出较大'],
    ['ordinary, above the line, water not secured', { unsecured: ['drinkingWater'] }, ordinary,
      'sudden_hardship', '建议认定为突发严重困难户：一般农户，收入不低于防贫监测线，但“三保障”或饮水安全出现自身难以解决的问题。'],
  ])('%s', (_name, change, ctx, category, reason) => {
    const r = evaluateEligibility(record(change), ctx);
    expect(r.suggestedCategory).toBe(category);
    expect(r.anyConditionHolds).toBe(category !== null);
    expect(r.categoryReason).toContain(reason);
  });
});

describe('the suggested risk types', () => {
  test.each<[string, Change, EligibilityContext, string[]]>([
    ['nothing holds: none, even with a disabled member', {}, { ...ordinary, members: [{ health: 'disabled', labour: 'weak' }] }, []],
    ['medical self-pay → 因病', { ...net(60000), householdSize: 2, rigid: { medicalYuan: 40000 } }, ordinary, ['illness']],
    ['schooling → 因学', { ...net(60000), householdSize: 2, rigid: { schoolingYuan: 40000 } }, ordinary, ['education']],
    ['disaster loss → 因灾', { ...net(60000), householdSize: 2, rigid: { disasterLossYuan: 40000 } }, ordinary, ['disaster']],
    ['other → 其他', { ...net(60000), householdSize: 2, rigid: { otherYuan: 40000, otherDescription: '车祸赔偿' } }, ordinary, ['other']],
    ['several, in the order the risk types are named', { ...net(60000), householdSize: 2, rigid: { disasterLossYuan: 30000, medicalYuan: 100 } }, ordinary,
      ['illness', 'disaster']],
    ['small expenses that do not make the condition are not a type', { ...net(12000), rigid: { medicalYuan: 100 } }, ordinary, []],
    ['education not secured → 因学', { unsecured: ['education'] }, ordinary, ['education']],
    ['medical care not secured → 因病', { unsecured: ['medical'] }, ordinary, ['illness']],
    ['housing → 住房安全, water → 饮水安全', { unsecured: ['housing', 'drinkingWater'] }, ordinary, ['housing_safety', 'drinking_water']],
    ['a disabled member → 因残', net(12000), { ...ordinary, members: [{ health: 'disabled', labour: 'weak' }, { health: 'healthy', labour: 'ordinary' }] },
      ['disability']],
    ['nobody able to work → 缺劳动力', net(12000), { ...ordinary, members: [{ health: 'serious', labour: 'lost' }, { health: 'chronic', labour: 'none' }] },
      ['lack_of_labour']],
    ['one member able to work: not 缺劳动力', net(12000), { ...ordinary, members: [{ health: 'serious', labour: 'lost' }, { health: 'healthy', labour: 'weak' }] },
      []],
    ['members unknown: nothing from them', net(12000), { ...ordinary, members: [] }, []],
  ])('%s', (_name, change, ctx, expected) => {
    expect(evaluateEligibility(record(change), ctx).suggestedRiskTypes).toEqual(expected);
  });
});
