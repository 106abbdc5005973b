import type { z } from 'zod';
import { RiskTypeSchema, type RiskType } from '../contracts/common';
import type { HealthSchema, LabourSchema } from '../contracts/household';
import {
  BASIC_NEED_LABELS, type BasicNeeds, type EligibilityCondition, type EligibilityEvaluation, type Verification,
} from '../contracts/verification';
import { MONITORED_CATEGORY_LABELS, type MonitoredCategory } from './workflow/states';

/**
 * 识别条件 (DOMAIN.md "Eligibility"): from what 入户核实 recorded, the figures and which conditions hold against the
 * policy of the household's region and year, with a suggested category (三类) and risk types. It only suggests:
 * the decision is people's (综合研判, 民主评议, 审核, 审定).
 *
 * The conditions:
 * - 收入: 人均纯收入 below the 防贫监测线 ("低于防贫监测线": exactly at the line is not below);
 * - 刚性支出: rigid expenses are more than `rigidExpenseShare` (½) of the household's net income, or they take an income
 *   that was at or above the line below it (per capita, after the expenses);
 * - 三保障 and 饮水安全: each check recorded as not secured.
 *
 * Money is counted in whole fen so that sums and the comparison with the line are exact.
 */
export interface EligibilityContext {
  /** 防贫监测线 of the household's region and year (Policy.monitoringLineYuan). */
  monitoringLineYuan: number;
  /** 脱贫户 or 一般农户 (the household's flag). */
  householdCategory: 'lifted' | 'ordinary';
  /** The household's members as registered, to suggest 因残 and 缺劳动力; leave out when unknown. */
  members?: { health: z.infer<typeof HealthSchema>; labour: z.infer<typeof LabourSchema> }[];
  /** The share of net income that rigid expenses must exceed (default ½); a region may set its own. */
  rigidExpenseShare?: number;
}

export const DEFAULT_RIGID_EXPENSE_SHARE = 0.5;

const fen = (yuan: number) => Math.round(yuan * 100);
const toYuan = (fen: number) => fen / 100;
/** 7300元, 6833.33元, -120元 — the figures people recognise, no grouping (as the forms and notices write them). */
export const formatYuan = (yuan: number) => `${Math.round(yuan * 100) / 100}元`;
const NO_LABOUR = new Set(['lost', 'none']);

const BASIC_NEED_CONDITIONS = [
  ['education', 'education_not_secured', 'education'],
  ['medical', 'medical_not_secured', 'illness'],
  ['housing', 'housing_not_secured', 'housing_safety'],
  ['drinkingWater', 'water_not_secured', 'drinking_water'],
] as const satisfies readonly (readonly [keyof BasicNeeds, EligibilityCondition['id'], RiskType])[];

export function evaluateEligibility(v: Verification, ctx: EligibilityContext): EligibilityEvaluation {
  const size = v.householdSize;
  const lineFen = fen(ctx.monitoringLineYuan);
  const share = ctx.rigidExpenseShare ?? DEFAULT_RIGID_EXPENSE_SHARE;
  const i = v.income;
  const netFen = fen(i.wagesYuan) + fen(i.businessYuan) + fen(i.propertyYuan) + fen(i.transfersYuan) - fen(v.productionCostsYuan);
  const e = v.rigidExpenses;
  const items: { label: string; fen: number; risk: RiskType }[] = [
    { label: '医疗自付', fen: fen(e.medicalYuan), risk: 'illness' },
    { label: '教育支出', fen: fen(e.schoolingYuan), risk: 'education' },
    { label: '灾害损失', fen: fen(e.disasterLossYuan), risk: 'disaster' },
    { label: e.otherDescription || '其他支出', fen: fen(e.otherYuan), risk: 'other' },
  ];
  const rigidFen = items.reduce((sum, it) => sum + it.fen, 0);
  const afterFen = netFen - rigidFen;
  // per capita to the fen, rounded down: shown below the line exactly when it is below
  const perCapita = toYuan(Math.floor(netFen / size));
  const perCapitaAfter = toYuan(Math.floor(afterFen / size));
  const line = formatYuan(ctx.monitoringLineYuan);

  // below the line ⇔ net / size < line ⇔ net < line × size (whole fen: no rounding at the boundary)
  const incomeBelow = netFen < lineFen * size;
  const incomeCondition: EligibilityCondition = {
    id: 'income_below_line',
    holds: incomeBelow,
    text: `人均纯收入${formatYuan(perCapita)}，${incomeBelow ? '低于' : '不低于'}防贫监测线${line}。`,
  };

  const overShare = rigidFen > 0 && rigidFen > netFen * share;
  const pushedBelow = rigidFen > 0 && !incomeBelow && afterFen < lineFen * size;
  const rigidHolds = overShare || pushedBelow;
  const shareText = share === 0.5 ? '一半' : `${Math.round(share * 100)}%`;
  const spent = items.filter((it) => it.fen > 0).map((it) => `${it.label}${formatYuan(toYuan(it.fen))}`).join('、');
  const rigidParts = [`刚性支出${formatYuan(toYuan(rigidFen))}（${spent}）`];
  if (netFen <= 0) rigidParts.push(`而家庭纯收入只有${formatYuan(toYuan(netFen))}`);
  else rigidParts.push(`${overShare ? '超过' : '未超过'}家庭纯收入${formatYuan(toYuan(netFen))}的${shareText}`);
  if (!incomeBelow) {
    rigidParts.push(`扣除后人均收入${formatYuan(perCapitaAfter)}，${pushedBelow ? '低于' : '不低于'}防贫监测线${line}`);
  }
  const rigidText = rigidFen === 0 ? '没有刚性支出。' : `${rigidParts.join('，')}。`;
  const rigidCondition: EligibilityCondition = { id: 'rigid_expenses', holds: rigidHolds, text: rigidText };

  const needConditions: EligibilityCondition[] = BASIC_NEED_CONDITIONS.map(([key, id]) => {
    const check = v.basicNeeds[key];
    const note = check.note ? `：${check.note}` : '';
    return {
      id,
      holds: !check.secured,
      text: `${BASIC_NEED_LABELS[key]}${check.secured ? '有保障' : '没有保障'}${note}${/[。！？]$/.test(note) ? '' : '。'}`,
    };
  });

  const conditions = [incomeCondition, rigidCondition, ...needConditions];
  const anyConditionHolds = conditions.some((c) => c.holds);
  const needsHold = needConditions.some((c) => c.holds);

  let suggestedCategory: MonitoredCategory | null = null;
  let categoryReason: string;
  if (!anyConditionHolds) {
    categoryReason = '各项识别条件均不成立，不建议纳入监测；如确有返贫致贫风险，请综合研判。';
  } else if (ctx.householdCategory === 'lifted') {
    suggestedCategory = 'unstable_lifted';
    categoryReason = '脱贫户，存在返贫风险。';
  } else if (incomeBelow) {
    suggestedCategory = 'marginal';
    categoryReason = '一般农户，人均纯收入低于防贫监测线，存在致贫风险。';
  } else {
    suggestedCategory = 'sudden_hardship';
    categoryReason = rigidHolds
      ? '一般农户，收入不低于防贫监测线，但刚性支出较大，基本生活出现严重困难。'
      : '一般农户，收入不低于防贫监测线，但“三保障”或饮水安全出现自身难以解决的问题。';
  }
  if (suggestedCategory) categoryReason = `建议认定为${MONITORED_CATEGORY_LABELS[suggestedCategory]}：${categoryReason}`;

  const risks = new Set<RiskType>();
  if (anyConditionHolds) {
    if (rigidHolds) for (const it of items) if (it.fen > 0) risks.add(it.risk);
    if (needsHold) for (const [key, , risk] of BASIC_NEED_CONDITIONS) if (!v.basicNeeds[key].secured) risks.add(risk);
    const members = ctx.members ?? [];
    if (members.some((m) => m.health === 'disabled')) risks.add('disability');
    if (members.length > 0 && members.every((m) => NO_LABOUR.has(m.labour))) risks.add('lack_of_labour');
  }

  return {
    netIncomeYuan: toYuan(netFen),
    perCapitaNetIncomeYuan: perCapita,
    monitoringLineYuan: ctx.monitoringLineYuan,
    rigidExpensesYuan: toYuan(rigidFen),
    perCapitaAfterRigidYuan: perCapitaAfter,
    conditions,
    anyConditionHolds,
    suggestedCategory,
    categoryReason,
    suggestedRiskTypes: RiskTypeSchema.options.filter((r) => risks.has(r)),
  };
}
