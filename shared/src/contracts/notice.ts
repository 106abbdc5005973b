import { z } from 'zod';
import { IdSchema } from './common';

/**
 * 村内公示 for the village's farmers: the notices now running in their own village (the text carries nothing
 * sensitive: shared/src/domain/notice.ts), and an objection to one, named or anonymous.
 */
export const NoticeViewSchema = z.object({
  /** The case's id: one notice per case at a time. */
  id: z.string(),
  procedure: z.enum(['identification', 'elimination']),
  title: z.string(),
  /** Lines separated by '\n'. */
  text: z.string(),
  startOn: z.string(),
  endOn: z.string(),
});
export type NoticeView = z.infer<typeof NoticeViewSchema>;

export const ListNoticesResponseSchema = z.object({
  /** The farmer's village, e.g. 红星村. */
  village: z.string(),
  today: z.string(),
  /** Notices whose period includes today, the latest posted first. */
  notices: z.array(NoticeViewSchema),
});
export type ListNoticesResponse = z.infer<typeof ListNoticesResponseSchema>;

export const NoticeParamsSchema = z.strictObject({ id: IdSchema });

export const MAX_OBJECTION_CHARS = 500;

export const RaiseObjectionRequestSchema = z.strictObject({
  content: z.string({ error: '请写下您的异议' }).trim().min(1, { error: '请写下您的异议' })
    .max(MAX_OBJECTION_CHARS, { error: `异议内容不能超过${MAX_OBJECTION_CHARS}字` }),
  /** true: nobody, not even the village, can see who raised it. */
  anonymous: z.boolean({ error: '请选择是否匿名' }),
  /** Made once per form by the client; a retried request returns the first answer and stores nothing new. */
  requestId: z.string({ error: '缺少请求编号' }).regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '请求编号格式不正确' }),
});
export type RaiseObjectionRequest = z.infer<typeof RaiseObjectionRequestSchema>;

export const RaiseObjectionResponseSchema = z.object({
  objectionId: z.string(),
  noticeId: z.string(),
  raisedOn: z.string(),
  anonymous: z.boolean(),
  /** What happens now, in plain words. */
  message: z.string(),
  /** True when this answers a retry of an objection already recorded. */
  replayed: z.boolean(),
});
export type RaiseObjectionResponse = z.infer<typeof RaiseObjectionResponseSchema>;
