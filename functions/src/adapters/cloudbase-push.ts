import type { PushChannel, PushMessage, PushOutcome } from '../ports/push';
import type { PushConfig } from '../config/env';
import type { SubscribeMessageBody } from './wechat-http';
import { outcomeOf, subscribeBody } from './wechat-push';

/**
 * `app.callWxOpenApi` of `@cloudbase/node-sdk` (3.18; types/index.d.ts `callWxOpenApi(wxOpenApiOptions:
 * { apiName, requestData }): Promise<ICallWxOpenApiResult>`; src/wx/index.ts): it posts action 'wx.api' with the
 * JSON of `requestData`, and resolves to `{ result, requestId }` where `result` is WeChat's answer parsed from JSON
 * ({ errcode, errmsg, msgid }), or the raw text when it is not JSON. CloudBase's own failures (no credentials, no
 * permission, network) reject with a TcbError `{ code: 'SYS_ERR' …, message, requestId }`, or, after the SDK's
 * setThrowOnCode(false), resolve to that object instead. CloudBase supplies the access token: nothing to refresh here.
 */
export type WxOpenApiCall = (req: { apiName: string; requestData: SubscribeMessageBody }) => Promise<WxOpenApiResult>;

export interface WxOpenApiResult {
  result?: unknown;
  requestId?: string;
  code?: string;
  message?: string;
}

/**
 * The API's name for `wx.api`: the HTTPS path, as the SDK's own test calls it (TencentCloudBase/node-sdk
 * test/wx/openapi.test.ts: `apiName: '/inner/svrkitclientcall'`). Not verified against a live CloudBase environment.
 */
export const SUBSCRIBE_SEND_API = '/cgi-bin/message/subscribe/send';

export interface CloudbasePushOptions {
  /** CloudBase environment id (CLOUDBASE_ENV). */
  env: string;
  miniprogramState: PushConfig['miniprogramState'];
  /** The SDK's call; tests pass their own. Without it the SDK is loaded on the first send. */
  call?: WxOpenApiCall;
}

/**
 * Subscription messages through CloudBase's OpenAPI call, when deployed on CloudBase. The SDK is imported only here,
 * on the first send: it has no local emulator, and without credentials it leaves a rejection nobody handles (which
 * ends a Node process), so the local path never loads it and a send without credentials refuses to call it.
 */
export class CloudbasePushChannel implements PushChannel {
  readonly name = 'cloudbase' as const;
  private call: Promise<WxOpenApiCall> | null;

  constructor(private readonly opts: CloudbasePushOptions) {
    this.call = opts.call ? Promise.resolve(opts.call) : null;
  }

  private sdkCall(): Promise<WxOpenApiCall> {
    this.call ??= (async () => {
      // the SDK's own credential source in a cloud function (CloudBase.getCloudbaseContext)
      if (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY) {
        throw new Error('no CloudBase credentials (TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY)');
      }
      const { init } = await import('@cloudbase/node-sdk');
      const app = init({ env: this.opts.env });
      return (req: { apiName: string; requestData: SubscribeMessageBody }) => app.callWxOpenApi(req);
    })().catch((err: unknown) => {
      this.call = null;
      throw err;
    });
    return this.call;
  }

  async send(message: PushMessage): Promise<PushOutcome> {
    let answer: WxOpenApiResult;
    try {
      const call = await this.sdkCall();
      answer = await call({ apiName: SUBSCRIBE_SEND_API, requestData: subscribeBody(message, this.opts.miniprogramState) });
    } catch (err) {
      return { ok: false, kind: 'retry', code: -1, message: cloudbaseMessage(err) };
    }
    const result = answer?.result as { errcode?: unknown; errmsg?: unknown } | undefined;
    if (result && typeof result === 'object' && typeof result.errcode === 'number') {
      return outcomeOf(result.errcode, String(result.errmsg ?? ''));
    }
    return { ok: false, kind: 'retry', code: -1, message: answer?.code ? cloudbaseMessage(answer) : 'unexpected answer from CloudBase' };
  }
}

function cloudbaseMessage(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e === 'object' && (e.code || e.message)) return [e.code, e.message].filter(Boolean).join(': ');
  return String(err);
}
