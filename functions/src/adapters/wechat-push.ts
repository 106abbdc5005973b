import dayjs from 'dayjs';
import { CHINA_TZ } from '@shared/domain/dates';
import { WechatError } from '../ports/wechat';
import type { PushChannel, PushMessage, PushOutcome } from '../ports/push';
import type { PushConfig } from '../config/env';
import type { SubscribeMessageBody, WechatHttpApi } from './wechat-http';

/** The user refused the message, or has no subscription left for this template. */
const REFUSED = new Set([43101]);
/** 45009 daily API quota reached, 45011 API called too often. */
const RATE_LIMITED = new Set([45009, 45011]);
/** -1 system busy; 40001/40014/42001 a token still stale after one refresh. */
const TRANSIENT = new Set([-1, 40001, 40014, 42001]);

/** What WeChat's errcode means for the outbox; any code not named above (40003, 40037, 47003, 41030 …) is fatal. */
export function outcomeOf(errcode: number, errmsg: string): PushOutcome {
  if (errcode === 0) return { ok: true };
  const kind = REFUSED.has(errcode) ? 'refused'
    : RATE_LIMITED.has(errcode) ? 'rate_limited'
      : TRANSIENT.has(errcode) ? 'retry'
        : 'fatal';
  return { ok: false, kind, code: errcode, message: errmsg };
}

/** Characters WeChat allows in a field of each type (the key's name without its number: thing1 → thing). */
const MAX_CHARS: Record<string, number> = {
  thing: 20, phrase: 5, name: 10, symbol: 5, character_string: 32, number: 32, letter: 32, phone_number: 17, car_number: 8,
};

/**
 * A template value WeChat accepts for length: `thing` is cut to 19 characters and '…'; the others, whose types allow
 * no such sign (phrase: Chinese only, number: digits …), are cut short; `date` keeps its leading YYYY-MM-DD and
 * `time` that with an HH:mm after it. The outbox already writes values that fit: this keeps a slip from costing a
 * message (47003).
 */
export function fitValue(key: string, value: string): string {
  const type = key.replace(/\d+$/, '');
  if (type === 'date' || type === 'time') {
    // an instant (2026-11-30T01:00:00Z) is read in Beijing time, the product's calendar
    const local = /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))
      ? dayjs(value).tz(CHINA_TZ).format('YYYY-MM-DD HH:mm')
      : value;
    const m = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?/.exec(local);
    if (!m) return value;
    return type === 'time' && m[2] ? `${m[1]} ${m[2]}` : m[1];
  }
  const max = MAX_CHARS[type];
  const chars = [...value];
  if (max === undefined || chars.length <= max) return value;
  return type === 'thing' ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('');
}

/** The documented body of subscribeMessage.send for one message (the same for the HTTPS API and CloudBase). */
export function subscribeBody(message: PushMessage, miniprogramState: PushConfig['miniprogramState']): SubscribeMessageBody {
  return {
    touser: message.openid,
    template_id: message.templateId,
    page: message.page,
    miniprogram_state: miniprogramState,
    lang: 'zh_CN',
    data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value: fitValue(key, value) }])),
  };
}

/** Subscription messages over WeChat's HTTPS API, with the one WechatHttpApi whose access token every call shares. */
export class WechatPushChannel implements PushChannel {
  readonly name = 'wechat' as const;

  constructor(
    private readonly api: WechatHttpApi,
    private readonly miniprogramState: PushConfig['miniprogramState'],
  ) {}

  async send(message: PushMessage): Promise<PushOutcome> {
    try {
      const answer = await this.api.sendSubscribeMessage(subscribeBody(message, this.miniprogramState));
      return outcomeOf(answer.errcode, answer.errmsg);
    } catch (err) {
      // no answer from WeChat: an HTTP error, a network failure or timeout, or no access token to be had; tried again
      // later (after a timeout the message may in fact have gone out, which no answer can tell)
      if (err instanceof WechatError) {
        return { ok: false, kind: RATE_LIMITED.has(err.errcode) ? 'rate_limited' : 'retry', code: err.errcode, message: err.errmsg };
      }
      return { ok: false, kind: 'retry', code: -1, message: networkMessage(err) };
    }
  }
}

function networkMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${err.message}: ${cause.code ?? cause.message ?? ''}` : `${err.name}: ${err.message}`;
}
