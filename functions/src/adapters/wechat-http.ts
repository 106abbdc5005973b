import { WechatError, type WechatApi } from '../ports/wechat';

interface Code2SessionBody {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/**
 * WeChat's HTTPS API (auth.code2Session):
 * GET {base}/sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
 * → { openid, session_key, unionid? } or { errcode, errmsg } (40029 invalid code, 40226 risky user, 45011 rate limit, -1 busy).
 */
export class WechatHttpApi implements WechatApi {
  constructor(private readonly opts: { appId: string; appSecret: string; apiBase: string; timeoutMs?: number }) {}

  async code2Session(code: string) {
    const url = new URL('/sns/jscode2session', this.opts.apiBase);
    url.search = new URLSearchParams({
      appid: this.opts.appId, secret: this.opts.appSecret, js_code: code, grant_type: 'authorization_code',
    }).toString();
    const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) });
    if (!res.ok) throw new WechatError(-1, `HTTP ${res.status}`);
    const body = (await res.json()) as Code2SessionBody;
    if (body.errcode || !body.openid) throw new WechatError(body.errcode ?? -1, body.errmsg ?? 'no openid');
    return { openid: body.openid, unionid: body.unionid };
  }
}

/**
 * Outside production, with no app credentials configured, the code from a developer's wx.login (or the H5 build)
 * is turned into a stable local openid so the WeChat login path can be exercised without WeChat's servers.
 */
export class LocalWechatApi implements WechatApi {
  async code2Session(code: string) {
    const { createHash } = await import('node:crypto');
    return { openid: `local-${createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
  }
}
