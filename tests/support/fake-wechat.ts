import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeChat's server API — a real HTTP server on 127.0.0.1 — answering as WeChat documents:
 *
 * - GET /cgi-bin/token?grant_type=client_credential&appid=&secret= → { access_token, expires_in } or
 *   { errcode: 40013 invalid appid | 40125 invalid appsecret | 40002 invalid grant_type, errmsg }. A token stops working
 *   `tokenTtlSeconds` after it was issued; issuing a new one retires the older ones 5 minutes later (WeChat's overlap).
 * - POST /cgi-bin/message/subscribe/send?access_token= with JSON { touser, template_id, page, miniprogram_state, lang,
 *   data: { key: { value } } } → { errcode: 0, errmsg: 'ok', msgid } (recorded in `delivered`), or { errcode, errmsg }:
 *   40001 a token it never issued, 42001 a token expired or retired, 40003 a bad openid, 40037 a template id it does
 *   not know (when `templates` is given), 41030 a page not in `pages` (when given), 43101 an openid on `refuse`,
 *   47003 a value missing, empty, too long for its type (thing 20 characters, phrase 5 …) or a time/date that is none.
 *
 * `failureRate` is the share of send requests that fail at random before anything is checked or delivered, each with
 * one of `failures` (all by default): 'busy' -1, 'quota' 45009, 'expired' 42001 (and the token presented is revoked),
 * 'http500' an HTTP 500, 'reset' the connection dropped without an answer. The random source is seeded.
 */
export type FakeFailure = 'busy' | 'quota' | 'expired' | 'http500' | 'reset';
export const FAKE_FAILURES: readonly FakeFailure[] = ['busy', 'quota', 'expired', 'http500', 'reset'];

export interface FakeWechatOptions {
  appId?: string;
  appSecret?: string;
  /** How long an issued token works; 7200 s as WeChat's, unless set. */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch for token expiry; a test's clock can be shared with the client's. */
  now?: () => number;
  failureRate?: number;
  failures?: readonly FakeFailure[];
  seed?: number;
  /** Openids that answer 43101 (the user refused, or has no subscription left). Mutable through `refuse`. */
  refuse?: Iterable<string>;
  /** Known template ids; any other answers 40037. All are accepted when not given. */
  templates?: Iterable<string>;
  /** Pages of the released mini-program (without the query); any other answers 41030. All accepted when not given. */
  pages?: Iterable<string>;
}

export interface DeliveredMessage {
  openid: string;
  templateId: string;
  page: string | undefined;
  miniprogramState: string | undefined;
  lang: string | undefined;
  /** The values as received: { thing1: '入户核实' }. */
  data: Record<string, string>;
  msgid: number;
}

export interface SendRequest {
  token: string | null;
  /** The parsed JSON body as it came over the wire (null when it was not JSON). */
  body: Record<string, unknown> | null;
  /** What the fake answered: an errcode, 'http500' or 'reset'. */
  answer: number | 'http500' | 'reset';
  /** The answer was one of the random failures (failureRate), not WeChat's verdict on the request. */
  injected: boolean;
}

/** Field limits by type (the key without its number), in characters. */
const MAX_CHARS: Record<string, number> = {
  thing: 20, phrase: 5, name: 10, symbol: 5, character_string: 32, number: 32, letter: 32, phone_number: 17, car_number: 8,
};
const DATE_OR_TIME = /^(\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)( \d{1,2}:\d{2}(:\d{2})?)?$|^\d{1,2}:\d{2}$/;
const OVERLAP_MS = 5 * 60 * 1000;

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40037: 'invalid template_id',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  47001: 'data format error',
  45009: 'reach max api daily quota limit',
  47003: 'argument invalid!',
};

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FakeWechat {
  readonly appId: string;
  readonly appSecret: string;
  readonly refuse: Set<string>;
  failureRate: number;
  failures: readonly FakeFailure[];
  readonly delivered: DeliveredMessage[] = [];
  readonly sendRequests: SendRequest[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  private readonly tokens = new Map<string, { expiresAt: number }>();
  private readonly random: () => number;
  private readonly templates: Set<string> | null;
  private readonly pages: Set<string> | null;
  private readonly server: http.Server;
  private issued = 0;
  private nextMsgid = 1000;
  private baseUrl: string | null = null;

  constructor(private readonly opts: FakeWechatOptions = {}) {
    this.appId = opts.appId ?? 'wx-fake-app';
    this.appSecret = opts.appSecret ?? 'fake-secret';
    this.refuse = new Set(opts.refuse ?? []);
    this.failureRate = opts.failureRate ?? 0;
    this.failures = opts.failures ?? FAKE_FAILURES;
    this.random = seededRandom(opts.seed ?? 1);
    this.templates = opts.templates ? new Set(opts.templates) : null;
    this.pages = opts.pages ? new Set(opts.pages) : null;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  /** Starts listening on a random port of 127.0.0.1; the base URL to give the client (WECHAT_API_BASE). */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error('FakeWechat: call listen() first');
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** WeChat retires every token it issued (as when another server fetched a new one and the overlap ran out). */
  expireAll(): void {
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, this.now());
  }

  /** WeChat no longer knows any token it issued: each answers 40001, "invalid credential … not latest". */
  forgetTokens(): void {
    this.tokens.clear();
  }

  /** How many messages went to this openid. */
  deliveredTo(openid: string): DeliveredMessage[] {
    return this.delivered.filter((m) => m.openid === openid);
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET' && url.pathname === '/cgi-bin/token') return this.token(url.searchParams, res);
      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/send') {
        return this.send(url.searchParams.get('access_token'), Buffer.concat(chunks).toString('utf8'), res);
      }
      res.writeHead(404);
      res.end();
    });
  }

  private json(res: http.ServerResponse, body: object): void {
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(body));
  }

  private error(res: http.ServerResponse, errcode: number, detail = ''): void {
    this.json(res, { errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}${detail} rid: fake-${this.sendRequests.length}` });
  }

  private token(q: URLSearchParams, res: http.ServerResponse): void {
    this.tokenRequests.push(q);
    if (q.get('grant_type') !== 'client_credential') return this.json(res, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (q.get('appid') !== this.appId) return this.json(res, { errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== this.appSecret) return this.json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
    const now = this.now();
    // a new token retires the ones before it after WeChat's five-minute overlap
    for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now + OVERLAP_MS);
    const ttl = this.opts.tokenTtlSeconds ?? 7200;
    const token = `fake-token-${++this.issued}`;
    this.tokens.set(token, { expiresAt: now + ttl * 1000 });
    this.json(res, { access_token: token, expires_in: ttl });
  }

  private send(token: string | null, raw: string, res: http.ServerResponse): void {
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const record = (answer: SendRequest['answer'], injected = false) => this.sendRequests.push({ token, body, answer, injected });

    if (this.failureRate > 0 && this.random() < this.failureRate) {
      const failure = this.failures[Math.floor(this.random() * this.failures.length)];
      record(failure === 'busy' ? -1 : failure === 'quota' ? 45009 : failure === 'expired' ? 42001 : failure, true);
      if (failure === 'busy') return this.error(res, -1);
      if (failure === 'quota') return this.error(res, 45009);
      if (failure === 'expired') {
        const t = token ? this.tokens.get(token) : undefined;
        if (t) t.expiresAt = Math.min(t.expiresAt, this.now());
        return this.error(res, 42001);
      }
      if (failure === 'http500') {
        res.writeHead(500, { 'content-type': 'text/html' });
        return void res.end('<html><body>500 Internal Server Error</body></html>');
      }
      res.destroy(); // the connection dropped, no answer at all
      return;
    }

    const refusal = this.check(token, body);
    if (refusal) {
      record(refusal[0]);
      return this.error(res, refusal[0], refusal[1]);
    }
    const b = body as Record<string, unknown>;
    const data = Object.fromEntries(
      Object.entries(b.data as Record<string, { value: unknown }>).map(([k, v]) => [k, String(v.value)]),
    );
    const msgid = ++this.nextMsgid;
    this.delivered.push({
      openid: String(b.touser), templateId: String(b.template_id), page: b.page as string | undefined,
      miniprogramState: b.miniprogram_state as string | undefined, lang: b.lang as string | undefined, data, msgid,
    });
    record(0);
    this.json(res, { errcode: 0, errmsg: 'ok', msgid });
  }

  /** WeChat's checks in its order: the token, then the request. [errcode, detail] or null when it is sent. */
  private check(token: string | null, body: Record<string, unknown> | null): [number, string] | null {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t) return [40001, ''];
    if (this.now() >= t.expiresAt) return [42001, ''];
    if (!body) return [47001, ''];
    if (typeof body.touser !== 'string' || !/^[A-Za-z0-9_-]{6,64}$/.test(body.touser)) return [40003, ''];
    if (typeof body.template_id !== 'string' || !body.template_id || (this.templates && !this.templates.has(body.template_id))) {
      return [40037, ''];
    }
    if (body.page !== undefined && this.pages && !this.pages.has(String(body.page).split('?')[0])) return [41030, ''];
    if (body.miniprogram_state !== undefined && !['formal', 'trial', 'developer'].includes(String(body.miniprogram_state))) {
      return [47003, ' miniprogram_state'];
    }
    const data = body.data;
    if (!data || typeof data !== 'object' || Object.keys(data).length === 0) return [47003, ' data is empty'];
    for (const [key, field] of Object.entries(data as Record<string, unknown>)) {
      const value = (field as { value?: unknown } | null)?.value;
      if (typeof value !== 'string' || value === '') return [47003, ` data.${key}.value is empty`];
      const type = key.replace(/\d+$/, '');
      const max = MAX_CHARS[type];
      if (max !== undefined && [...value].length > max) return [47003, ` data.${key}.value exceeds limit ${max}`];
      if ((type === 'time' || type === 'date') && !DATE_OR_TIME.test(value)) return [47003, ` data.${key}.value invalid ${type}`];
    }
    if (this.refuse.has(body.touser)) return [43101, ''];
    return null;
  }
}
