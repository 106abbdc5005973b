import { z } from 'zod';
import { IdSchema, RiskTypeSchema } from './common';
import { MONITORED_CATEGORIES } from '../domain/workflow/states';

/**
 * 入户核实: what the grid member records on the visit (DOMAIN.md "Eligibility" and "Identification procedure").
 * Money is yuan over the last 12 months. 家庭纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营费用;
 * 人均纯收入 = 家庭纯收入 ÷ 人口数. The figures and the conditions are computed by shared/src/domain/eligibility.ts.
 */

/** Photos recorded on one visit (each a stored file id from POST /api/files). */
export const MAX_VERIFICATION_PHOTOS = 9;
/** Any one amount; well above any rural household's yearly figures, so a slip of the finger is caught. */
const MAX_YUAN = 10_000_000;

const yuan = (label: string) =>
  z
    .number({ error: `请填写${label}（元，没有请填0）` })
    .min(0, { error: `${label}不能为负数` })
    .max(MAX_YUAN, { error: `${label}不能超过1000万元，请核对` });

export const IncomeSchema = z.strictObject({
  /** 工资性收入 */
  wagesYuan: yuan('工资性收入'),
  /** 生产经营性收入 (its costs are recorded apart, in productionCostsYuan) */
  businessYuan: yuan('生产经营性收入'),
  /** 财产性收入 */
  propertyYuan: yuan('财产性收入'),
  /** 转移性收入 (pensions, subsidies, 低保 …) */
  transfersYuan: yuan('转移性收入'),
});
export type Income = z.infer<typeof IncomeSchema>;

/** 刚性支出 over the same 12 months. */
export const RigidExpensesSchema = z
  .strictObject({
    /** 医疗自付: what the household paid itself after insurance and medical aid reimbursed */
    medicalYuan: yuan('医疗自付费用'),
    /** 教育支出 */
    schoolingYuan: yuan('教育支出'),
    /** 灾害损失 */
    disasterLossYuan: yuan('灾害损失'),
    /** 其他刚性支出, described in otherDescription */
    otherYuan: yuan('其他刚性支出'),
    otherDescription: z.string({ error: '其他刚性支出的说明应为文字' }).trim()
      .max(200, { error: '其他刚性支出的说明不能超过200字' }).default(''),
  })
  .refine((e) => e.otherYuan === 0 || e.otherDescription.length > 0, {
    error: '请说明其他刚性支出是什么', path: ['otherDescription'],
  });
export type RigidExpenses = z.infer<typeof RigidExpensesSchema>;

/** One check of 三保障 or 饮水安全: secured or not, and what was seen. */
export const BasicNeedCheckSchema = z.strictObject({
  secured: z.boolean({ error: '请选择是否有保障' }),
  note: z.string({ error: '说明应为文字' }).trim().max(200, { error: '说明不能超过200字' }).optional(),
});
export type BasicNeedCheck = z.infer<typeof BasicNeedCheckSchema>;

/** 三保障 and 饮水安全. */
export const BasicNeedsSchema = z.strictObject({
  /** 义务教育有保障 */
  education: BasicNeedCheckSchema,
  /** 基本医疗有保障 */
  medical: BasicNeedCheckSchema,
  /** 住房安全有保障 */
  housing: BasicNeedCheckSchema,
  /** 饮水安全有保障 */
  drinkingWater: BasicNeedCheckSchema,
});
export type BasicNeeds = z.infer<typeof BasicNeedsSchema>;
export const BASIC_NEED_LABELS: Record<keyof BasicNeeds, string> = {
  education: '义务教育', medical: '基本医疗', housing: '住房安全', drinkingWater: '饮水安全',
};

/**
 * The record of the visit: figures, checks and photos. The verify command carries it beside the findings in words and
 * the signed 授权承诺书 (VerifyCommand in shared/src/domain/workflow/commands.ts), which the workflow's guards read.
 */
export const VerificationSchema = z.strictObject({
  income: IncomeSchema,
  /** 生产经营费用: seed, fertiliser, feed, hired machinery … subtracted from the income */
  productionCostsYuan: yuan('生产经营费用'),
  /** 人口数 counted on the visit */
  householdSize: z
    .number({ error: '请填写家庭人口数' })
    .int({ error: '家庭人口数应为整数' })
    .min(1, { error: '家庭人口数至少为1人' })
    .max(30, { error: '家庭人口数不能超过30人，请核对' }),
  rigidExpenses: RigidExpensesSchema,
  basicNeeds: BasicNeedsSchema,
  photoIds: z
    .array(IdSchema, { error: '照片列表格式不正确' })
    .max(MAX_VERIFICATION_PHOTOS, { error: `最多上传${MAX_VERIFICATION_PHOTOS}张照片` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一张照片不能重复添加' })
    .default([]),
});
/** The record as parsed (defaults filled in). */
export type Verification = z.infer<typeof VerificationSchema>;
/** What a client sends (otherDescription and photoIds may be left out). */
export type VerificationInput = z.input<typeof VerificationSchema>;

// ---- the evaluation the software shows beside the record; people decide (综合研判) ----

export const ELIGIBILITY_CONDITIONS = [
  'income_below_line', 'rigid_expenses', 'education_not_secured', 'medical_not_secured', 'housing_not_secured',
  'water_not_secured',
] as const;
export const EligibilityConditionIdSchema = z.enum(ELIGIBILITY_CONDITIONS);
export type EligibilityConditionId = z.infer<typeof EligibilityConditionIdSchema>;

export const EligibilityConditionSchema = z.object({
  id: EligibilityConditionIdSchema,
  holds: z.boolean(),
  /** One Chinese sentence with the figures, whether it holds or not. */
  text: z.string(),
});
export type EligibilityCondition = z.infer<typeof EligibilityConditionSchema>;

export const EligibilityEvaluationSchema = z.object({
  /** 家庭纯收入: incomes − production costs. */
  netIncomeYuan: z.number(),
  /** 人均纯收入, to the fen (rounded down, so it shows below the line exactly when it is). */
  perCapitaNetIncomeYuan: z.number(),
  monitoringLineYuan: z.number(),
  rigidExpensesYuan: z.number(),
  /** 人均纯收入 after the rigid expenses, to the fen (rounded down). */
  perCapitaAfterRigidYuan: z.number(),
  /** Every condition, in a fixed order. */
  conditions: z.array(EligibilityConditionSchema),
  anyConditionHolds: z.boolean(),
  /** Null when no condition holds. */
  suggestedCategory: z.enum(MONITORED_CATEGORIES).nullable(),
  /** Why that category (or why none), in Chinese. */
  categoryReason: z.string(),
  /** In the order RiskTypeSchema names them; empty when no condition holds. */
  suggestedRiskTypes: z.array(RiskTypeSchema),
});
export type EligibilityEvaluation = z.infer<typeof EligibilityEvaluationSchema>;
