import { qrPng } from './qr-png';
import { WechatError, type QrImage, type UnlimitedQrCodeRequest, type WechatApi } from '../ports/wechat';

interface Code2SessionBody {
  openid?: string;
  session_key?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

interface TokenBody {
  access_token?: string;
  expires_in?: number;
  errcode?: number;
  errmsg?: string;
}

/** subscribeMessage.send's body, in WeChat's own field names. */
export interface SubscribeMessageBody {
  touser: string;
  template_id: string;
  page: string;
  miniprogram_state: 'formal' | 'trial' | 'developer';
  lang: 'zh_CN';
  data: Record<string, { value: string }>;
}

/** WeChat's answer to subscribeMessage.send: errcode 0 and a msgid when it was sent. */
export interface SubscribeMessageAnswer {
  errcode: number;
  errmsg: string;
  msgid?: number | string;
}

/** invalid credential, invalid access_token, access_token expired: fetch a fresh token once and try again. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** Refresh this long before WeChat's stated expiry (it is 7200 s). */
const TOKEN_MARGIN_S = 300;

export interface WechatHttpOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  /** Which version of the mini-program printed codes open; 'release' unless set. */
  qrEnvVersion?: 'release' | 'trial' | 'develop';
  timeoutMs?: number;
  /** Milliseconds since the epoch; injectable so tests can pass a token's expiry. */
  now?: () => number;
}

/**
 * WeChat's HTTPS API.
 * - auth.code2Session: GET {base}/sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
 *   → { openid, session_key, unionid? } or { errcode, errmsg } (40029 invalid code, 40226 risky user, 45011 rate limit, -1 busy).
 * - access token: GET {base}/cgi-bin/token?grant_type=client_credential&appid=&secret= → { access_token, expires_in }
 *   or { errcode, errmsg }; kept in memory until shortly before it expires.
 * - wxacode.getUnlimited: POST {base}/wxa/getwxacodeunlimit?access_token= with JSON
 *   { scene, page, check_path, env_version, width } → the image bytes (content-type image/*) or JSON { errcode, errmsg }.
 * - subscribeMessage.send: POST {base}/cgi-bin/message/subscribe/send?access_token= with JSON
 *   { touser, template_id, page, miniprogram_state, lang, data: { key: { value } } } → { errcode: 0, errmsg: 'ok', msgid }
 *   or { errcode, errmsg }.
 * Every call shares the one cached token: fetching another would make WeChat retire this one.
 */
export class WechatHttpApi implements WechatApi {
  private token: { value: string; refreshAt: number } | null = null;
  private pendingToken: Promise<string> | null = null;

  constructor(private readonly opts: WechatHttpOptions) {}

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private signal(): AbortSignal {
    return AbortSignal.timeout(this.opts.timeoutMs ?? 5000);
  }

  /** The cached token, or a fresh one; concurrent callers share one request. */
  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return Promise.resolve(this.token.value);
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL('/cgi-bin/token', this.opts.apiBase);
    url.search = new URLSearchParams({
      grant_type: 'client_credential', appid: this.opts.appId, secret: this.opts.appSecret,
    }).toString();
    const res = await fetch(url, { signal: this.signal() });
    if (!res.ok) throw new WechatError(-1, `HTTP ${res.status}`);
    const body = (await res.json()) as TokenBody;
    if (body.errcode || !body.access_token) throw new WechatError(body.errcode ?? -1, body.errmsg ?? 'no access_token');
    const lifetimeS = body.expires_in ?? 7200;
    const usableS = Math.max(lifetimeS / 2, lifetimeS - TOKEN_MARGIN_S);
    this.token = { value: body.access_token, refreshAt: this.now() + usableS * 1000 };
    return body.access_token;
  }

  /** Forgets a token WeChat called stale, unless someone already replaced it. */
  private dropToken(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  async getUnlimitedQrCode(req: UnlimitedQrCodeRequest): Promise<QrImage> {
    const payload = JSON.stringify({
      scene: req.scene, page: req.page, check_path: false, env_version: this.opts.qrEnvVersion ?? 'release', width: req.width,
    });
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const url = new URL('/wxa/getwxacodeunlimit', this.opts.apiBase);
      url.search = new URLSearchParams({ access_token: token }).toString();
      const res = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: this.signal(),
      });
      if (!res.ok) throw new WechatError(-1, `HTTP ${res.status}`);
      const contentType = res.headers.get('content-type') ?? '';
      const bytes = Buffer.from(await res.arrayBuffer());
      if (contentType.startsWith('image/')) return { contentType, bytes };
      let body: { errcode?: number; errmsg?: string };
      try {
        body = JSON.parse(bytes.toString('utf8')) as { errcode?: number; errmsg?: string };
      } catch {
        throw new WechatError(-1, `unexpected answer (${contentType || 'no content type'})`);
      }
      const errcode = body.errcode ?? -1;
      if (STALE_TOKEN.has(errcode) && attempt === 0) {
        this.dropToken(token);
        continue;
      }
      throw new WechatError(errcode, body.errmsg ?? 'no image');
    }
  }

  /**
   * Sends one subscription message and returns WeChat's answer, whatever its errcode, after fetching a fresh token
   * once if WeChat called the cached one stale (a second stale answer is returned as it is). Throws WechatError(-1)
   * on an HTTP error status or an answer that is not WeChat's JSON, and fetch's error on a network failure or timeout.
   */
  async sendSubscribeMessage(body: SubscribeMessageBody): Promise<SubscribeMessageAnswer> {
    const payload = JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const url = new URL('/cgi-bin/message/subscribe/send', this.opts.apiBase);
      url.search = new URLSearchParams({ access_token: token }).toString();
      const res = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: this.signal(),
      });
      if (!res.ok) throw new WechatError(-1, `HTTP ${res.status}`);
      let answer: { errcode?: unknown; errmsg?: unknown; msgid?: number | string } | null;
      try {
        answer = (await res.json()) as typeof answer;
      } catch {
        throw new WechatError(-1, 'unexpected answer (not JSON)');
      }
      if (typeof answer?.errcode !== 'number') throw new WechatError(-1, 'unexpected answer (no errcode)');
      if (STALE_TOKEN.has(answer.errcode) && attempt === 0) {
        this.dropToken(token);
        continue;
      }
      return { errcode: answer.errcode, errmsg: String(answer.errmsg ?? ''), msgid: answer.msgid };
    }
  }

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
  constructor(private readonly opts: { publicH5Url: string }) {}

  /** Stand-in for wxacode.getUnlimited: a standard QR code of the H5 link, `${publicH5Url}/?code=<scene>`. */
  async getUnlimitedQrCode(req: UnlimitedQrCodeRequest): Promise<QrImage> {
    return { contentType: 'image/png', bytes: qrPng(localCodeUrl(this.opts.publicH5Url, req.scene), { width: req.width }) };
  }

  async code2Session(code: string) {
    const { createHash } = await import('node:crypto');
    return { openid: `local-${createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
  }
}

/** The H5 link a household's code opens outside WeChat. */
export function localCodeUrl(publicH5Url: string, code: string): string {
  return `${publicH5Url}/?code=${encodeURIComponent(code)}`;
}
