import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WechatHttpApi } from '../../functions/src/adapters/wechat-http';
import { startApp, type TestApp } from '../support/app';

/**
 * A local stand-in for WeChat's auth.code2Session endpoint, answering in its documented format:
 * GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code →
 * 200 {openid, session_key, unionid?} or 200 {errcode, errmsg} (40029 invalid code, 45011 rate limit, -1 busy).
 */
function fakeWechat() {
  const seen: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(url.searchParams);
    const code = url.searchParams.get('js_code');
    res.writeHead(200, { 'content-type': 'text/plain' }); // WeChat answers JSON with a text/plain content type
    if (url.pathname !== '/sns/jscode2session' || url.searchParams.get('grant_type') !== 'authorization_code') {
      res.end(JSON.stringify({ errcode: 40013, errmsg: 'invalid appid' }));
    } else if (code === 'used-code') {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code, rid: 1' }));
    } else if (code === 'busy') {
      res.end(JSON.stringify({ errcode: -1, errmsg: 'system error' }));
    } else {
      res.end(JSON.stringify({ openid: `o-${code}`, session_key: 'sk==' }));
    }
  });
  return { server, seen };
}

describe('WeChat login through the code2Session port', () => {
  let app: TestApp;
  let wx: ReturnType<typeof fakeWechat>;

  beforeAll(async () => {
    wx = fakeWechat();
    await new Promise<void>((r) => wx.server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(wx.server.address() as AddressInfo).port}`;
    app = await startApp({
      overrides: { wechat: new WechatHttpApi({ appId: 'wx-test-app', appSecret: 'secret', apiBase: base }) },
    });
  });
  afterAll(async () => {
    await app.close();
    wx.server.close();
  });

  test('a new WeChat user becomes an unbound farmer; the same openid later is the same user', async () => {
    const first = await app.request('POST', '/api/auth/wechat', { body: { code: 'abc123' } });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ role: 'farmer', householdId: null, roleLabel: '农户' });
    const again = await app.request('POST', '/api/auth/wechat', { body: { code: 'abc123' } });
    expect(again.body.user.id).toBe(first.body.user.id);
    const q = wx.seen.at(-1)!;
    expect([q.get('appid'), q.get('secret'), q.get('js_code'), q.get('grant_type')]).toEqual([
      'wx-test-app', 'secret', 'abc123', 'authorization_code',
    ]);
    const me = await app.request('GET', '/api/me', { token: first.body.token });
    expect(me.body.user.id).toBe(first.body.user.id);
  });

  test('an unbound farmer is told to bind first, and sees nothing', async () => {
    const login = await app.request('POST', '/api/auth/wechat', { body: { code: 'newcomer' } });
    const [h] = await app.deps.db.query<{ code: string }>('select code from households limit 1');
    const res = await app.request('GET', `/api/households/by-code/${h.code}`, { token: login.body.token });
    expect([res.status, res.body.error.code]).toEqual([409, 'HOUSEHOLD.NOT_BOUND']);
    expect(Object.keys(res.body)).toEqual(['error']);
  });

  test.each([['used-code'], ['busy']])('WeChat refuses (%s) → 422 in Chinese, no user created', async (code) => {
    const [{ n: before }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from users');
    const res = await app.request('POST', '/api/auth/wechat', { body: { code } });
    expect([res.status, res.body.error.code, res.body.error.message]).toEqual([422, 'AUTH.WECHAT_FAILED', '微信登录失败，请重试']);
    const [{ n: after }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from users');
    expect(after).toBe(before);
  });

  test('an empty code → 400 at the field', async () => {
    const res = await app.request('POST', '/api/auth/wechat', { body: { code: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues).toEqual([{ path: 'code', message: '缺少微信登录凭证' }]);
  });
});

describe('dev login', () => {
  test('lists the demo users and logs in as one, outside production', async () => {
    const app = await startApp();
    try {
      const list = await app.request('GET', '/api/auth/dev-users');
      const roles = new Set(list.body.users.map((u: { role: string }) => u.role));
      expect([...roles].sort()).toEqual(
        ['county_admin', 'department_user', 'farmer', 'grid_member', 'inspector', 'township_reviewer', 'village_cadre'],
      );
      const unknown = await app.request('POST', '/api/auth/dev', { body: { username: 'nobody' } });
      expect(unknown.body.error.code).toBe('AUTH.UNKNOWN_USER');
      // a department account carries its department (what it imports and sees); no other account has one
      const medical = await app.request('POST', '/api/auth/dev', { body: { username: 'dept-medical' } });
      expect(medical.body.user).toMatchObject({ role: 'department_user', department: '医保局' });
      const me = await app.request('GET', '/api/me', { token: medical.body.token });
      expect(me.body.user.department).toBe('医保局');
      const county = await app.request('POST', '/api/auth/dev', { body: { username: 'county' } });
      expect(county.body.user.department).toBeNull();
    } finally {
      await app.close();
    }
  });

  test('is refused in production', async () => {
    const app = await startApp();
    try {
      app.deps.config.production = true;
      const list = await app.request('GET', '/api/auth/dev-users');
      expect([list.status, list.body.error.code]).toEqual([403, 'AUTH.DEV_LOGIN_DISABLED']);
      const login = await app.request('POST', '/api/auth/dev', { body: { username: 'county' } });
      expect([login.status, login.body.error.code]).toEqual([403, 'AUTH.DEV_LOGIN_DISABLED']);
      expect(login.body.token).toBeUndefined();
    } finally {
      await app.close();
    }
  });
});
