/**
 * A push channel: WeChat subscription messages (subscribeMessage.send), over WeChat's HTTPS API or through
 * CloudBase's OpenAPI call when deployed there. The in-app inbox is not a channel here: it is written with the outbox.
 */
export interface PushMessage {
  /** The recipient's mini-program openid. */
  openid: string;
  templateId: string;
  /** The mini-program page the message opens, e.g. 'packages/staff/pages/case/index?id=…'. */
  page: string;
  /** Template fields as WeChat wants them: { thing1: '入户核实', time2: '2026-11-30' } → { thing1: { value } } on the wire. */
  data: Record<string, string>;
}

/**
 * What became of one send. The adapter has already refreshed a stale access token and tried once more.
 * - retry: a transient failure (system busy -1, HTTP or network error, a token that stayed stale): try again later;
 * - rate_limited: 45009 (daily API quota) and the like: try again, after a longer pause;
 * - refused: 43101, the user refused the message or has no subscription left: never retried, the person is unreachable;
 * - fatal: the request itself is wrong (40003 openid, 40037 template id, 47003 data, 41030 page): never retried.
 */
export type PushOutcome =
  | { ok: true }
  | { ok: false; kind: 'retry' | 'rate_limited' | 'refused' | 'fatal'; code: number; message: string };

export interface PushChannel {
  readonly name: 'wechat' | 'cloudbase';
  send(message: PushMessage): Promise<PushOutcome>;
}
