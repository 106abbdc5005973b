import { z } from 'zod';
import { PlaceSchema, RiskTypeSchema } from './common';
import { CaseSummarySchema } from './case';

export const HealthSchema = z.enum(['healthy', 'chronic', 'serious', 'disabled']);
export const HEALTH_LABELS: Record<z.infer<typeof HealthSchema>, string> = {
  healthy: '健康', chronic: '长期慢性病', serious: '患有大病', disabled: '残疾',
};
export const LabourSchema = z.enum(['skilled', 'ordinary', 'weak', 'lost', 'none']);
export const LABOUR_LABELS: Record<z.infer<typeof LabourSchema>, string> = {
  skilled: '技能劳动力', ordinary: '普通劳动力', weak: '弱劳动力或半劳动力', lost: '丧失劳动力', none: '无劳动力',
};
export const SchoolingSchema = z.enum(['none', 'preschool', 'primary', 'junior', 'senior', 'vocational', 'college']);
export const SCHOOLING_LABELS: Record<z.infer<typeof SchoolingSchema>, string> = {
  none: '非在校生', preschool: '学前教育', primary: '小学', junior: '初中', senior: '高中', vocational: '中职', college: '大专及以上',
};
export const RelationSchema = z.enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']);
export const RELATION_LABELS: Record<z.infer<typeof RelationSchema>, string> = {
  head: '户主', spouse: '配偶', child: '子女', parent: '父母', grandchild: '孙辈', sibling: '兄弟姐妹', other: '其他',
};

export const MemberViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  relation: RelationSchema,
  gender: z.enum(['male', 'female']),
  age: z.number().int(),
  /** Always masked here: 6101**********1234. */
  idNumberMasked: z.string(),
  /** 138****5678, when known */
  phoneMasked: z.string().nullable(),
  health: HealthSchema,
  disabilityLevel: z.number().int().min(1).max(4).nullable(),
  labour: LabourSchema,
  schooling: SchoolingSchema,
});
export type MemberView = z.infer<typeof MemberViewSchema>;

export const DeclarationViewSchema = z.object({
  id: z.string(),
  riskTypes: z.array(RiskTypeSchema),
  description: z.string(),
  submittedAt: z.string(),
  clueDate: z.string(),
});
export type DeclarationView = z.infer<typeof DeclarationViewSchema>;

export const HouseholdViewSchema = z.object({
  id: z.string(),
  /** 户编号 */
  number: z.string(),
  headName: z.string(),
  place: PlaceSchema,
  category: z.enum(['lifted', 'ordinary']),
  liftedYear: z.number().int().nullable(),
  lowIncome: z.boolean(),
  extremePoverty: z.boolean(),
  members: z.array(MemberViewSchema),
  openCase: CaseSummarySchema.nullable(),
  declarations: z.array(DeclarationViewSchema),
});
export type HouseholdView = z.infer<typeof HouseholdViewSchema>;

export const HouseholdByCodeParamsSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/, { error: '二维码内容不正确' }),
});
export const HouseholdResponseSchema = z.object({ household: HouseholdViewSchema });
export type HouseholdResponse = z.infer<typeof HouseholdResponseSchema>;
