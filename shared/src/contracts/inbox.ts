import { z } from 'zod';

/**
 * 消息: the signed-in user's own in-app inbox (the copy of every message the outbox writes with channel 'inbox'),
 * and the WeChat one-time subscriptions (wx.requestSubscribeMessage) that let a message also be pushed.
 */

/** Messages per page of the inbox. */
export const INBOX_PAGE_SIZE = 30;

const MessageIdSchema = z.number({ error: '消息编号应为数字' }).int({ error: '消息编号应为整数' })
  .positive({ error: '消息编号应为正整数' }).max(Number.MAX_SAFE_INTEGER, { error: '消息编号过大' });

/** ?before=<id>: the page of messages older than that one; without it, the newest. */
export const ListInboxQuerySchema = z.strictObject({
  before: z.string().regex(/^[1-9]\d{0,14}$/, { error: '分页参数 before 应为消息编号' }).optional(),
});
export type ListInboxQuery = z.infer<typeof ListInboxQuerySchema>;

export const InboxMessageSchema = z.object({
  id: MessageIdSchema,
  /** What the message is about (new task, deadline approaching, overdue, the case's result …). */
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  /** The mini-program page tapping it opens, e.g. 'packages/staff/pages/case/index?id=…'; null for none. */
  page: z.string().nullable(),
  caseId: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type InboxMessage = z.infer<typeof InboxMessageSchema>;

export const ListInboxResponseSchema = z.object({
  /** Newest first. */
  messages: z.array(InboxMessageSchema),
  /** The `before` of the next (older) page; null when this is the last. */
  nextBefore: z.string().nullable(),
  /** Unread messages in the whole inbox, not only this page. */
  unread: z.number().int(),
});
export type ListInboxResponse = z.infer<typeof ListInboxResponseSchema>;

/** { ids: [...] } marks those of the caller's messages read; { all: true } every one of them. */
export const MarkInboxReadRequestSchema = z.strictObject({
  ids: z.array(MessageIdSchema).min(1, { error: '请选择要标为已读的消息' }).max(100, { error: '一次最多标记100条消息' }).optional(),
  all: z.literal(true, { error: 'all 只能是 true' }).optional(),
}).refine((r) => (r.ids !== undefined) !== (r.all !== undefined), { error: '请给出要标为已读的消息编号（ids），或全部已读（all: true），二者选一' });
export type MarkInboxReadRequest = z.infer<typeof MarkInboxReadRequestSchema>;

export const MarkInboxReadResponseSchema = z.object({
  /** Messages this request marked read (0 when they already were, or are not the caller's). */
  marked: z.number().int(),
  unread: z.number().int(),
});
export type MarkInboxReadResponse = z.infer<typeof MarkInboxReadResponseSchema>;

// ---- WeChat one-time subscriptions ----

/** What a template is asked for: a staff member's to-dos (new task, reminders), a farmer's case result. */
export const TemplatePurposeSchema = z.enum(['todo', 'result']);
export type TemplatePurpose = z.infer<typeof TemplatePurposeSchema>;

export const PushTemplatesResponseSchema = z.object({
  /** The templates this user should be asked to subscribe to; empty when pushes are off or none is configured. */
  templates: z.array(z.object({ purpose: TemplatePurposeSchema, templateId: z.string() })),
});
export type PushTemplatesResponse = z.infer<typeof PushTemplatesResponseSchema>;

/** wx.requestSubscribeMessage's answer for one template. Only 'accept' grants a message. */
export const SubscribeAnswerSchema = z.enum(['accept', 'reject', 'ban', 'filter'], {
  error: '订阅结果只能是 accept、reject、ban 或 filter',
});
export type SubscribeAnswer = z.infer<typeof SubscribeAnswerSchema>;

export const RecordSubscriptionsRequestSchema = z.strictObject({
  /** { [templateId]: 'accept' | 'reject' | 'ban' | 'filter' }, as wx.requestSubscribeMessage answers (without errMsg). */
  results: z.record(z.string().min(1).max(128, { error: '模板编号过长' }), SubscribeAnswerSchema)
    .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 10, { error: '订阅结果应有1到10个模板' }),
  /** Made once per answer by the client; a retried request adds nothing. */
  requestId: z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' }),
});
export type RecordSubscriptionsRequest = z.infer<typeof RecordSubscriptionsRequestSchema>;

export const RecordSubscriptionsResponseSchema = z.object({
  /** The templates this request granted one more message of. */
  accepted: z.array(z.string()),
  /** True when this answers a retry of a request already recorded (nothing was added again). */
  replayed: z.boolean(),
});
export type RecordSubscriptionsResponse = z.infer<typeof RecordSubscriptionsResponseSchema>;
