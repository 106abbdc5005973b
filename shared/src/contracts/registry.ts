import { z } from 'zod';
import { IdSchema, IsoDateSchema, PlaceSchema } from './common';
import { CaseStatusSchema } from './case';
import { HealthSchema, HouseholdViewSchema, LabourSchema, RelationSchema, SchoolingSchema } from './household';

/** 绑定: a farmer binds their WeChat to the household whose code they scanned. */
export const BindHouseholdRequestSchema = z.strictObject({
  headName: z.string({ error: '请填写户主姓名' }).trim().min(1, { error: '请填写户主姓名' }).max(20),
  idLast4: z
    .string({ error: '请填写身份证号后四位' })
    .trim()
    .regex(/^\d{3}[\dXx]$/, { error: '请填写家中任一成员身份证号的后四位' })
    .transform((v) => v.toUpperCase()),
});
export type BindHouseholdRequest = z.infer<typeof BindHouseholdRequestSchema>;

export const CaseHistoryItemSchema = z.object({
  id: z.string(),
  status: CaseStatusSchema,
  statusLabel: z.string(),
  clueDate: z.string(),
  isOpen: z.boolean(),
  openedAt: z.string(),
});

export const VisitViewSchema = z.object({
  id: z.string(),
  visitedOn: z.string(),
  visitorName: z.string(),
  findings: z.string(),
});
export type VisitView = z.infer<typeof VisitViewSchema>;

/** What staff see beside the household: its history and what they may do with it. */
export const StaffPanelSchema = z.object({
  cases: z.array(CaseHistoryItemSchema),
  visits: z.array(VisitViewSchema),
  can: z.object({ recordVisit: z.boolean(), edit: z.boolean(), viewIdNumbers: z.boolean() }),
});
export type StaffPanel = z.infer<typeof StaffPanelSchema>;

export const HouseholdDetailResponseSchema = z.object({
  household: HouseholdViewSchema,
  /** null for the farmer's own view */
  staff: StaffPanelSchema.nullable(),
});
export type HouseholdDetailResponse = z.infer<typeof HouseholdDetailResponseSchema>;

export const HouseholdParamsSchema = z.strictObject({ id: IdSchema });
export const MemberParamsSchema = z.strictObject({ id: IdSchema, memberId: IdSchema });

export const RecordVisitRequestSchema = z.strictObject({
  visitedOn: IsoDateSchema,
  findings: z.string({ error: '请填写走访情况' }).trim().min(2, { error: '请填写走访情况' }).max(1000, { error: '走访情况不能超过1000字' }),
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '记录编号格式不正确' }),
});
export const RecordVisitResponseSchema = z.object({ visit: VisitViewSchema, replayed: z.boolean() });

export const SearchQuerySchema = z.strictObject({
  q: z.string({ error: '请输入姓名、户编号或身份证号后几位' }).trim().min(1, { error: '请输入姓名、户编号或身份证号后几位' }).max(30),
});
export const SearchResultSchema = z.object({
  id: z.string(),
  number: z.string(),
  headName: z.string(),
  place: PlaceSchema,
  /** Which member matched, and how: by name, by 户编号 or by the last digits of an ID number (masked). */
  matched: z.object({ by: z.enum(['name', 'number', 'id_digits']), memberName: z.string().nullable(), idNumberMasked: z.string().nullable() }),
});
export const SearchResponseSchema = z.object({ results: z.array(SearchResultSchema), truncated: z.boolean() });
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

const PhoneSchema = z.string().trim().regex(/^1[3-9]\d{9}$/, { error: '手机号码应为11位' });

export const AddMemberRequestSchema = z.strictObject({
  name: z.string({ error: '请填写姓名' }).trim().min(2, { error: '请填写姓名' }).max(20),
  idNumber: z.string({ error: '请填写身份证号' }).trim().toUpperCase(),
  relation: RelationSchema.exclude(['head'], { error: '请选择与户主关系（更换户主请用“变更户主”）' }),
  health: HealthSchema,
  disabilityLevel: z.number().int().min(1).max(4).nullable(),
  labour: LabourSchema,
  schooling: SchoolingSchema,
  phone: PhoneSchema.nullable(),
});
export type AddMemberRequest = z.infer<typeof AddMemberRequestSchema>;

export const RemoveMemberRequestSchema = z.strictObject({
  reason: z.enum(['moved_out', 'deceased', 'married_out', 'duplicate', 'other'], { error: '请选择减员原因' }),
});
export const REMOVE_REASON_LABELS = {
  moved_out: '户口迁出', deceased: '死亡', married_out: '出嫁', duplicate: '重复录入', other: '其他',
} as const;

export const ChangeHeadRequestSchema = z.strictObject({
  memberId: IdSchema,
  /** What the former head becomes in the household. */
  formerHeadRelation: RelationSchema.exclude(['head']),
});

export const MoveHouseholdRequestSchema = z.strictObject({ groupId: z.string().min(1).max(64) });

export const SetFlagsRequestSchema = z
  .strictObject({
    category: z.enum(['lifted', 'ordinary']),
    liftedYear: z.number().int().min(2013).max(2030).nullable(),
    lowIncome: z.boolean(),
    extremePoverty: z.boolean(),
  })
  .refine((f) => (f.category === 'lifted') === (f.liftedYear !== null), {
    error: '脱贫户须填写脱贫年度，一般农户不填', path: ['liftedYear'],
  });

export const PersonalDataResponseSchema = z.object({ idNumber: z.string(), phone: z.string().nullable() });
