import { z } from 'zod';
import { AreaLevelSchema, IdSchema, IsoDateSchema } from './common';

/**
 * 政策明白纸 (policy explainers) and 知晓率 (awareness): the county publishes explainers with their quiz questions; a
 * household's member reads them and takes a short quiz (alone, or with the grid member on a visit); the township and
 * county see, per area, the share of households that know the declaration conditions and that each explainer reached.
 */

export const EXPLAINER_TOPICS = ['declaration', 'assistance', 'other'] as const;
export const ExplainerTopicSchema = z.enum(EXPLAINER_TOPICS, { error: '明白纸类别只能是 怎样申报、帮扶政策 或 其他' });
export type ExplainerTopic = z.infer<typeof ExplainerTopicSchema>;
export const EXPLAINER_TOPIC_LABELS: Record<ExplainerTopic, string> = {
  declaration: '怎样申报',
  assistance: '帮扶政策',
  other: '其他',
};

/** The share of households that must know the declaration conditions (DOMAIN: ≥ 95%). */
export const AWARENESS_TARGET = 0.95;
/** Questions drawn for one quiz. */
export const QUIZ_SIZE = 5;
/** An explainer's text (Markdown) and its images. */
export const MAX_EXPLAINER_SOURCE_CHARS = 20_000;
export const MAX_EXPLAINER_IMAGE_BYTES = 512 * 1024;
export const MAX_EXPLAINER_IMAGES = 6;
export const MAX_EXPLAINER_QUESTIONS = 30;
/** A true/false question's options as stored and shown: answer 0 is 对. */
export const TRUE_FALSE_OPTIONS = ['对', '错'];

/**
 * The policy figures an explainer's text may name as placeholders; they are filled from the reader's region's policy
 * for the current year when read, so the text never goes stale. Any other {{…}} is refused at publishing.
 */
export const EXPLAINER_PLACEHOLDERS = {
  监测线: 'the monitoring line, yuan per person per year',
  认定时限: 'identificationDays, with 天 or 个工作日',
  公示天数: 'noticeMinDays, with 天 or 个工作日',
  帮扶计划时限: 'planDays, with 天 or 个工作日',
  年度: 'the policy year',
} as const;
export type ExplainerPlaceholder = keyof typeof EXPLAINER_PLACEHOLDERS;

const ClientKeySchema = z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' });

/** A question as the county writes it: single choice (2–6 options) or true/false (options 对/错, answer 0 = 对). */
export const QuestionInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('single'),
    stem: z.string().trim().min(4, { error: '题目至少4个字' }).max(200, { error: '题目最多200个字' }),
    options: z.array(z.string().trim().min(1, { error: '选项不能为空' }).max(60, { error: '选项最多60个字' }))
      .min(2, { error: '单选题至少2个选项' }).max(6, { error: '单选题最多6个选项' }),
    answer: z.number().int().min(0, { error: '正确答案应为选项序号' }),
    explanation: z.string().trim().min(4, { error: '请写上答案解析（至少4个字）' }).max(300, { error: '答案解析最多300个字' }),
    key: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('true_false'),
    stem: z.string().trim().min(4, { error: '题目至少4个字' }).max(200, { error: '题目最多200个字' }),
    answer: z.number().int().min(0).max(1, { error: '判断题的答案只能是 对（0）或 错（1）' }),
    explanation: z.string().trim().min(4, { error: '请写上答案解析（至少4个字）' }).max(300, { error: '答案解析最多300个字' }),
    key: z.boolean(),
  }),
], { error: '题型只能是单选题（single）或判断题（true_false）' })
  .refine((q) => q.kind !== 'single' || q.answer < q.options.length, { error: '正确答案不在选项之中' });
export type QuestionInput = z.infer<typeof QuestionInputSchema>;

/**
 * Publish an explainer: a new one, or (explainerId) the next version of one, which supersedes the earlier from its
 * validFrom; the earlier stays stored. `source` is Markdown (## 小标题, - 列表, 1. 列表, **加粗**, images as
 * ![说明](file:<id of uploadExplainerImage>)); any HTML in it is sanitised (no script, no event handlers, no links
 * out). The same clientKey again answers with the first version and stores nothing.
 */
export const PublishExplainerRequestSchema = z.strictObject({
  clientKey: ClientKeySchema,
  explainerId: IdSchema.optional(),
  topic: ExplainerTopicSchema,
  title: z.string().trim().min(2, { error: '标题至少2个字' }).max(40, { error: '标题最多40个字' }),
  source: z.string().trim().min(10, { error: '正文至少10个字' })
    .max(MAX_EXPLAINER_SOURCE_CHARS, { error: `正文最多${MAX_EXPLAINER_SOURCE_CHARS}个字` }),
  /** The region it is for: the county, or one of its townships or villages. */
  areaId: z.string().min(1, { error: '请选择适用地区' }),
  validFrom: IsoDateSchema,
  validTo: IsoDateSchema.nullable(),
  questions: z.array(QuestionInputSchema).max(MAX_EXPLAINER_QUESTIONS, { error: `每份明白纸最多${MAX_EXPLAINER_QUESTIONS}道题` }),
}).refine((r) => r.validTo === null || r.validTo >= r.validFrom, { error: '有效期的结束日期不能早于开始日期', path: ['validTo'] });
export type PublishExplainerRequest = z.infer<typeof PublishExplainerRequestSchema>;

/** An image for an explainer (JPEG or PNG, at most 512 KB), inlined into the text when published. */
export const UploadExplainerImageRequestSchema = z.strictObject({
  contentType: z.enum(['image/jpeg', 'image/png'], { error: '图片只能是 JPEG 或 PNG 格式' }),
  base64: z.base64({ error: '图片内容不是有效的 base64 编码' }).min(1, { error: '请选择图片' }),
});
export type UploadExplainerImageRequest = z.infer<typeof UploadExplainerImageRequestSchema>;
export const UploadExplainerImageResponseSchema = z.object({ id: z.string() });

export const ExplainerSummarySchema = z.object({
  /** The version's id: what is opened and what its questions belong to. */
  id: IdSchema,
  explainerId: IdSchema,
  version: z.number().int(),
  topic: ExplainerTopicSchema,
  topicLabel: z.string(),
  title: z.string(),
  area: z.object({ id: z.string(), level: AreaLevelSchema, name: z.string() }),
  validFrom: IsoDateSchema,
  validTo: IsoDateSchema.nullable(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  questionCount: z.number().int(),
  /** In force today (valid, and the latest version of its explainer that is). */
  current: z.boolean(),
});
export type ExplainerSummary = z.infer<typeof ExplainerSummarySchema>;

/** A question with its answer, for the county's editor and after it is answered. */
export const QuestionSchema = z.object({
  id: IdSchema,
  kind: z.enum(['single', 'true_false']),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.number().int(),
  explanation: z.string(),
  key: z.boolean(),
});
export type Question = z.infer<typeof QuestionSchema>;

/** County admins: every version of every explainer of the county, newest first. */
export const ListExplainersResponseSchema = z.object({ explainers: z.array(ExplainerSummarySchema) });
export type ListExplainersResponse = z.infer<typeof ListExplainersResponseSchema>;

export const ExplainerParamsSchema = z.strictObject({ id: IdSchema });
/** County admins: one version as published, with its source and questions (for the next version's editor). */
export const ExplainerDetailResponseSchema = z.object({
  explainer: ExplainerSummarySchema.extend({ source: z.string(), html: z.string(), questions: z.array(QuestionSchema) }),
});
export type ExplainerDetailResponse = z.infer<typeof ExplainerDetailResponseSchema>;
export const PublishExplainerResponseSchema = ExplainerDetailResponseSchema.extend({ replayed: z.boolean() });
export type PublishExplainerResponse = z.infer<typeof PublishExplainerResponseSchema>;

export const HouseholdIdParamsSchema = z.strictObject({ householdId: IdSchema });

/** The household page: the explainers in force for the household's region, and when this household last opened each. */
export const HouseholdExplainersResponseSchema = z.object({
  explainers: z.array(ExplainerSummarySchema.extend({ openedAt: z.string().nullable() })),
  /** Questions in force for the household (0: no quiz to take). */
  questionCount: z.number().int(),
});
export type HouseholdExplainersResponse = z.infer<typeof HouseholdExplainersResponseSchema>;

export const OpenExplainerParamsSchema = z.strictObject({ householdId: IdSchema, id: IdSchema });
/** Opening records who opened it for the household, and when (the same clientKey again records nothing more). */
export const OpenExplainerRequestSchema = z.strictObject({ clientKey: ClientKeySchema });
export const OpenExplainerResponseSchema = z.object({
  /** html: sanitised, placeholders filled from the household's region's policy. */
  explainer: ExplainerSummarySchema.extend({ html: z.string() }),
});
export type OpenExplainerResponse = z.infer<typeof OpenExplainerResponseSchema>;

/**
 * Start a quiz for one member of the household: QUIZ_SIZE questions drawn from those in force for the household
 * (every key question first, up to QUIZ_SIZE, then others at random). The same clientKey again returns the same quiz.
 */
export const StartQuizRequestSchema = z.strictObject({
  clientKey: ClientKeySchema,
  memberId: IdSchema,
});
export type StartQuizRequest = z.infer<typeof StartQuizRequestSchema>;

export const QuizQuestionSchema = z.object({
  id: IdSchema,
  kind: z.enum(['single', 'true_false']),
  stem: z.string(),
  options: z.array(z.string()),
  explainerTitle: z.string(),
});

/** One answered question: right or wrong, the right answer and why. */
export const AnswerResultSchema = z.object({
  questionId: IdSchema,
  choice: z.number().int(),
  correct: z.boolean(),
  answer: z.number().int(),
  explanation: z.string(),
});
export type AnswerResult = z.infer<typeof AnswerResultSchema>;

export const QuizSchema = z.object({
  id: IdSchema,
  householdId: IdSchema,
  memberId: IdSchema,
  memberName: z.string(),
  mode: z.enum(['self', 'visit']),
  questions: z.array(QuizQuestionSchema),
  /** What has been answered so far (a quiz reopened after a break goes on where it stopped). */
  answered: z.array(AnswerResultSchema),
  /** Set once every question is answered. */
  score: z.object({ correct: z.number().int(), total: z.number().int() }).nullable(),
  /** Set once completed: every key question drawn was answered right. */
  knowsDeclaration: z.boolean().nullable(),
});
export type Quiz = z.infer<typeof QuizSchema>;
export const QuizResponseSchema = z.object({ quiz: QuizSchema, replayed: z.boolean() });
export type QuizResponse = z.infer<typeof QuizResponseSchema>;

export const QuizParamsSchema = z.strictObject({ id: IdSchema });
/**
 * Answers to a quiz's questions: one at a time (feedback right after each), or all at once (a visit's quiz synced
 * later). A question not in this quiz is refused and nothing is stored; a question answered before keeps its first
 * answer (the same choice again is a replay, another choice is refused).
 */
export const AnswerQuizRequestSchema = z.strictObject({
  answers: z.array(z.strictObject({
    questionId: IdSchema,
    choice: z.number({ error: '请选择答案' }).int().min(0, { error: '答案应为选项序号' }).max(5, { error: '答案应为选项序号' }),
  })).min(1, { error: '请至少回答一道题' }).max(QUIZ_SIZE, { error: `一次最多提交${QUIZ_SIZE}道题的答案` }),
});
export type AnswerQuizRequest = z.infer<typeof AnswerQuizRequestSchema>;
export const AnswerQuizResponseSchema = z.object({ quiz: QuizSchema, results: z.array(AnswerResultSchema) });
export type AnswerQuizResponse = z.infer<typeof AnswerQuizResponseSchema>;

/** ?areaId= (default: the caller's own area): the area and its child areas. */
export const AwarenessQuerySchema = z.strictObject({ areaId: z.string().min(1).optional() });

export const AreaAwarenessSchema = z.object({
  areaId: z.string(),
  name: z.string(),
  level: AreaLevelSchema,
  households: z.number().int(),
  /** Households whose member's latest completed quiz got every key question right. */
  aware: z.number().int(),
  /** aware ÷ households (0 when there are no households). */
  rate: z.number(),
  /** Households that opened each current explainer (by explainerId). */
  reached: z.record(z.string(), z.number().int()),
  /** A village below AWARENESS_TARGET (for its township to act on). */
  flagged: z.boolean(),
});
export type AreaAwareness = z.infer<typeof AreaAwarenessSchema>;

export const AwarenessResponseSchema = z.object({
  area: AreaAwarenessSchema,
  children: z.array(AreaAwarenessSchema),
  /** The explainers in force in the area, for the reach columns. */
  explainers: z.array(z.object({ explainerId: IdSchema, title: z.string(), topic: ExplainerTopicSchema })),
  target: z.number(),
});
export type AwarenessResponse = z.infer<typeof AwarenessResponseSchema>;

/** ?villageId=: a village's households not yet reached (an explainer unopened) or not yet aware. */
export const UnreachedQuerySchema = z.strictObject({ villageId: z.string().min(1, { error: '请选择村' }) });
export const UnreachedResponseSchema = z.object({
  village: z.object({ id: z.string(), name: z.string() }),
  households: z.array(z.object({
    householdId: IdSchema,
    number: z.string(),
    headName: z.string(),
    group: z.string(),
    /** Titles of the current explainers this household has not opened. */
    unopened: z.array(z.string()),
    aware: z.boolean(),
  })),
});
export type UnreachedResponse = z.infer<typeof UnreachedResponseSchema>;
