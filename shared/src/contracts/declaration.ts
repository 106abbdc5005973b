import { z } from 'zod';
import { IdSchema, RiskTypeSchema } from './common';
import { CaseSummarySchema } from './case';
import { DeclarationViewSchema } from './household';

export const SubmitDeclarationRequestSchema = z.strictObject({
  householdId: IdSchema,
  riskTypes: z
    .array(RiskTypeSchema, { error: '请选择风险类型' })
    .min(1, { error: '请至少选择一种风险类型' })
    .max(13)
    .refine((a) => new Set(a).size === a.length, { error: '风险类型不能重复' }),
  description: z
    .string({ error: '请简要说明遇到的困难' })
    .trim()
    .min(4, { error: '请用几句话说明遇到的困难（至少4个字）' })
    .max(500, { error: '情况说明不能超过500字' }),
  consent: z.literal(true, { error: '请先阅读并同意授权承诺' }),
  /** Made once per form by the client; a retried request with the same key creates nothing new. */
  clientKey: z.string({ error: '缺少申报编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '申报编号格式不正确' }),
});
export type SubmitDeclarationRequest = z.infer<typeof SubmitDeclarationRequestSchema>;

export const SubmitDeclarationResponseSchema = z.object({
  declaration: DeclarationViewSchema,
  case: CaseSummarySchema,
  /** True when this answers a retry of a request that was already stored. */
  replayed: z.boolean(),
});
export type SubmitDeclarationResponse = z.infer<typeof SubmitDeclarationResponseSchema>;
