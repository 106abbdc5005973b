import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { maskName } from '@shared/domain/masking';
import { LAYOUT } from '../../functions/src/adapters/door-plates-pdf';
import { qrPng } from '../../functions/src/adapters/qr-png';
import { WechatHttpApi } from '../../functions/src/adapters/wechat-http';
import { WechatError } from '../../functions/src/ports/wechat';
import { startApp, type TestApp } from '../support/app';

const VILLAGE = 'qh-al-hx'; // 安乐镇 红星村, the demo village cadre's
const OTHER_VILLAGE = 'qh-al-lw'; // 柳湾村, same township

/** The error body without its request id, which differs on every answer. */
function withoutRequestId(body: { error: { requestId?: string } }) {
  const { requestId: _ignored, ...rest } = body.error;
  return rest;
}

/** pdftoppm and pdftotext come from Debian's poppler-utils; missing them is a failure with a clear message, not a skip. */
function requirePoppler(): void {
  for (const tool of ['pdftoppm', 'pdftotext']) {
    try {
      execFileSync(tool, ['-v'], { stdio: 'pipe' });
    } catch {
      throw new Error(`${tool} is missing: install Debian's poppler-utils (apt-get install -y poppler-utils); .ci/run does this`);
    }
  }
}

describe('household codes: rotation', () => {
  let app: TestApp;
  let county: string;
  beforeAll(async () => {
    app = await startApp();
    county = (await app.login('county')).token;
  });
  afterAll(() => app.close());

  test('after rotation the old code answers exactly like an unknown code; the new one works; the audit holds no code', async () => {
    const farmer = await app.login('farmer');
    const oldCode: string = farmer.user.householdCode;
    const householdId: string = farmer.user.householdId;
    const unknown = crypto.randomBytes(16).toString('base64url');

    const rotated = await app.request('POST', `/api/households/${householdId}/rotate-code`, { token: county });
    expect(rotated.status).toBe(200);
    const newCode: string = rotated.body.code;
    expect(newCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newCode).not.toBe(oldCode);
    expect(rotated.body.household).toMatchObject({ id: householdId, codeRotatedAt: rotated.body.rotatedAt });
    expect(rotated.body.household.headNameMasked).toContain('*');

    for (const token of [county, farmer.token]) {
      const old = await app.request('GET', `/api/households/by-code/${oldCode}`, { token });
      const none = await app.request('GET', `/api/households/by-code/${unknown}`, { token });
      expect(old.status).toBe(404);
      expect([old.status, withoutRequestId(old.body)]).toEqual([none.status, withoutRequestId(none.body)]);
      expect(Object.keys(old.body)).toEqual(['error']);
      const fresh = await app.request('GET', `/api/households/by-code/${newCode}`, { token });
      expect([fresh.status, fresh.body.household.id]).toEqual([200, householdId]);
    }
    // the farmer's app learns the new code from /api/me
    const me = await app.request('GET', '/api/me', { token: farmer.token });
    expect(me.body.user.householdCode).toBe(newCode);

    // nothing maps old codes: no row anywhere holds it
    const [{ n }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from households where code = $1', [oldCode]);
    expect(n).toBe(0);
    const audit = await app.deps.db.query<{ action: string; actor_role: string; before: object; after: object }>(
      `select action, actor_role, before, after from audit_log where household_id = $1 and action = 'code.rotate'`, [householdId],
    );
    expect(audit).toEqual([{
      action: 'code.rotate', actor_role: 'county_admin', before: { codeRotatedAt: null }, after: { codeRotatedAt: rotated.body.rotatedAt },
    }]);
    const all = JSON.stringify(await app.deps.db.query('select * from audit_log'));
    expect(all).not.toContain(oldCode);
    expect(all).not.toContain(newCode);

    // a second rotation records the first one's time as "before"
    app.clock.advanceDays(1);
    const again = await app.request('POST', `/api/households/${householdId}/rotate-code`, { token: county });
    const [last] = await app.deps.db.query<{ before: { codeRotatedAt: string } }>(
      `select before from audit_log where household_id = $1 and action = 'code.rotate' order by id desc limit 1`, [householdId],
    );
    expect(last.before.codeRotatedAt).toBe(rotated.body.rotatedAt);
    expect((await app.request('GET', `/api/households/by-code/${newCode}`, { token: county })).status).toBe(404);
    expect((await app.request('GET', `/api/households/by-code/${again.body.code}`, { token: county })).status).toBe(200);
  });

  test('a burst of 100 lookups of random codes all answer identically', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () =>
      app.request('GET', `/api/households/by-code/${crypto.randomBytes(16).toString('base64url')}`, { token: county })));
    const shapes = new Set(answers.map((a) => JSON.stringify([a.status, withoutRequestId(a.body)])));
    expect([...shapes]).toEqual([JSON.stringify([404, { code: 'HOUSEHOLD.NOT_FOUND', message: '没有找到该户信息，请核对二维码' }])]);
    expect(new Set(answers.map((a) => a.body.error.requestId)).size).toBe(100);
  });

  test('only the county rotates, within its area; others are refused without detail', async () => {
    const [h] = await app.deps.db.query<{ id: string; code: string }>(
      `select id, code from households where area_path like '/qh/qh-al/qh-al-hx/%' order by number limit 1`,
    );
    for (const user of ['township', 'village', 'grid', 'inspector', 'farmer', 'dept-medical']) {
      const { token } = await app.login(user);
      const res = await app.request('POST', `/api/households/${h.id}/rotate-code`, { token });
      expect([user, res.status, res.body.error.code]).toEqual([user, 403, 'AUTH.FORBIDDEN']);
    }
    const [{ code }] = await app.deps.db.query<{ code: string }>('select code from households where id = $1', [h.id]);
    expect(code).toBe(h.code);
    const missing = await app.request('POST', `/api/households/${crypto.randomUUID()}/rotate-code`, { token: county });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
    const bad = await app.request('POST', '/api/households/not-a-uuid/rotate-code', { token: county });
    expect(bad.status).toBe(400);
  });

  test('a household is found by 户编号 within the area only, with the head masked', async () => {
    const [h] = await app.deps.db.query<{ id: string; number: string }>(
      `select id, number from households where area_path like '/qh/qh-al/qh-al-hx/%' order by number limit 1`,
    );
    const found = await app.request('GET', `/api/households/by-number/${h.number}`, { token: county });
    expect(found.status).toBe(200);
    expect(found.body.household).toMatchObject({ id: h.id, number: h.number, place: { village: '红星村' } });
    expect(found.body.household.headNameMasked).toMatch(/\*/);
    const { token: village } = await app.login('village');
    expect((await app.request('GET', `/api/households/by-number/${h.number}`, { token: village })).status).toBe(200);
    const [other] = await app.deps.db.query<{ number: string }>(
      `select number from households where area_path like '/qh/qh-al/qh-al-lw/%' limit 1`,
    );
    const outside = await app.request('GET', `/api/households/by-number/${other.number}`, { token: village });
    const unknown = await app.request('GET', '/api/households/by-number/6105289999999999', { token: village });
    expect([outside.status, withoutRequestId(outside.body)]).toEqual([404, withoutRequestId(unknown.body)]);
    const bad = await app.request('GET', '/api/households/by-number/12ab', { token: village });
    expect(bad.status).toBe(400);
  });
});

describe('door plates', () => {
  let app: TestApp;
  let tmp: string;
  beforeAll(async () => {
    requirePoppler();
    app = await startApp({ env: { PUBLIC_H5_URL: 'https://h5.example.test/' } });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-plates-'));
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a village cadre prints the village: A4 pages whose first plate carries the first household\'s code', async () => {
    requirePoppler();
    const { token } = await app.login('village');
    const res = await app.request('GET', `/api/areas/${VILLAGE}/door-plates`, { token });
    expect(res.status).toBe(200);
    const households = await app.deps.db.query<{ id: string; number: string; code: string }>(
      `select id, number, code from households where area_path like '/qh/qh-al/qh-al-hx/%' order by area_path, number`,
    );
    expect(res.body).toMatchObject({
      contentType: 'application/pdf', plates: households.length, pages: Math.ceil(households.length / 8),
    });
    expect(res.body.fileName).toMatch(/^一户一码门牌-安乐镇红星村-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = Buffer.from(res.body.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(tmp, 'plates.pdf');
    fs.writeFileSync(file, pdf);

    execFileSync('pdftoppm', ['-png', '-r', '100', '-f', '1', '-l', '1', file, path.join(tmp, 'page')]);
    const pngFile = fs.readdirSync(tmp).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pngFile).toBeDefined();
    const page = PNG.sync.read(fs.readFileSync(path.join(tmp, pngFile!)));
    // A4 at 100 dpi
    expect(page.width).toBe(827);
    expect(Math.abs(page.height - 1169)).toBeLessThanOrEqual(1);
    // the first plate's rectangle, points → pixels
    const scale = 100 / 72;
    const x0 = Math.floor(LAYOUT.margin * scale);
    const y0 = Math.floor(LAYOUT.margin * scale);
    const w = Math.floor(LAYOUT.plateWidth * scale);
    const h = Math.floor(LAYOUT.plateHeight * scale);
    const crop = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++) {
      const from = ((y0 + y) * page.width + x0) * 4;
      crop.set(page.data.subarray(from, from + w * 4), y * w * 4);
    }
    const qr = jsQR(crop, w, h);
    expect(qr?.data).toBe(`https://h5.example.test/?code=${households[0].code}`);

    // the text: 户编号, masked head names; no ID number, phone number or full name of anyone in the village
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('一户一码');
    expect(text).toContain('扫码查看本户信息、一键申报');
    for (const hh of households) expect(text).toContain(hh.number);
    const members = await app.deps.db.query<{ name: string; relation: string; id_cipher: string; phone_cipher: string | null }>(
      `select m.name, m.relation, m.id_cipher, m.phone_cipher from members m join households h on h.id = m.household_id
        where h.area_path like '/qh/qh-al/qh-al-hx/%'`,
    );
    const flat = text.replace(/\s+/g, '');
    for (const m of members) {
      expect(flat).not.toContain(app.deps.protector.decrypt(m.id_cipher));
      if (m.phone_cipher) expect(flat).not.toContain(app.deps.protector.decrypt(m.phone_cipher));
      if (m.relation === 'head') {
        expect(text).toContain(maskName(m.name));
        expect(text).not.toContain(m.name);
      }
    }
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    // no code in readable text either: only inside the QR
    for (const hh of households) expect(flat).not.toContain(hh.code);

    const [audit] = await app.deps.db.query<{ actor_role: string; after: object }>(
      `select actor_role, after from audit_log where action = 'code.print_plates' order by id desc limit 1`,
    );
    expect(audit).toEqual({ actor_role: 'village_cadre', after: { areaId: VILLAGE, plates: households.length } });
  });

  test('a township reviewer prints one group; the county can print any village', async () => {
    const { token } = await app.login('township');
    const group = await app.request('GET', `/api/areas/${VILLAGE}-2/door-plates`, { token });
    expect([group.status, group.body.plates, group.body.pages]).toEqual([200, 17, 3]);
    expect(group.body.fileName).toContain('安乐镇红星村二组');
    const { token: county } = await app.login('county');
    const other = await app.request('GET', '/api/areas/qh-sq-yz/door-plates', { token: county });
    expect(other.status).toBe(200);
  });

  test('refusals: another village 404 (like an unknown area), farmer and grid member 403, a whole township 422', async () => {
    const { token: village } = await app.login('village');
    const outside = await app.request('GET', `/api/areas/${OTHER_VILLAGE}/door-plates`, { token: village });
    const unknown = await app.request('GET', '/api/areas/qh-nowhere/door-plates', { token: village });
    expect([outside.status, outside.body.error.code]).toEqual([404, 'CODE.AREA_NOT_FOUND']);
    expect(withoutRequestId(outside.body)).toEqual(withoutRequestId(unknown.body));
    expect(outside.body.contentBase64).toBeUndefined();
    for (const user of ['farmer', 'grid', 'dept-medical', 'inspector']) {
      const { token } = await app.login(user);
      const res = await app.request('GET', `/api/areas/${VILLAGE}/door-plates`, { token });
      expect([user, res.status, res.body.error.code]).toEqual([user, 403, 'AUTH.FORBIDDEN']);
    }
    const { token: county } = await app.login('county');
    const township = await app.request('GET', '/api/areas/qh-al/door-plates', { token: county });
    expect([township.status, township.body.error.code]).toEqual([422, 'CODE.AREA_LEVEL']);
    const anonymous = await app.request('GET', `/api/areas/${VILLAGE}/door-plates`);
    expect(anonymous.status).toBe(401);
    const bad = await app.request('GET', '/api/areas/bad%20id/door-plates', { token: county });
    expect(bad.status).toBe(400);
  });

  test('the area list shows what lies under the user, labelled; a farmer gets none', async () => {
    const { token: village } = await app.login('village');
    const list = await app.request('GET', '/api/areas', { token: village });
    expect(list.status).toBe(200);
    expect(list.body.areas.map((a: { id: string; label: string; households: number }) => [a.id, a.label, a.households])).toEqual([
      [VILLAGE, '安乐镇 红星村', 50], [`${VILLAGE}-1`, '安乐镇 红星村 一组', 17], [`${VILLAGE}-2`, '安乐镇 红星村 二组', 17],
      [`${VILLAGE}-3`, '安乐镇 红星村 三组', 16],
    ]);
    const { token: county } = await app.login('county');
    const all = await app.request('GET', '/api/areas', { token: county });
    expect(all.body.areas[0]).toMatchObject({ id: 'qh', level: 'county', label: '清河县', households: 200 });
    expect(all.body.areas.filter((a: { level: string }) => a.level === 'village')).toHaveLength(4);
    const { token: farmer } = await app.login('farmer');
    const refused = await app.request('GET', '/api/areas', { token: farmer });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
  });
});

/**
 * A local stand-in for WeChat's API, answering in its documented formats:
 * - GET /cgi-bin/token?grant_type=client_credential&appid&secret → {access_token, expires_in} or {errcode, errmsg};
 * - POST /wxa/getwxacodeunlimit?access_token= with JSON {scene, page, check_path, env_version, width} →
 *   the image (content-type image/png) or JSON {errcode, errmsg}: 40001 invalid credential, 42001 access_token expired,
 *   41030 invalid page, 40169 invalid scene.
 */
function fakeWechat(opts: { alwaysStale?: boolean } = {}) {
  let issued = 0;
  const valid = new Set<string>();
  const tokenRequests: URLSearchParams[] = [];
  const codeRequests: { token: string | null; body: Record<string, unknown> }[] = [];
  const json = (res: http.ServerResponse, body: object) => {
    res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
        tokenRequests.push(url.searchParams);
        if (url.searchParams.get('grant_type') !== 'client_credential' || url.searchParams.get('appid') !== 'wx-plates') {
          return json(res, { errcode: 40013, errmsg: 'invalid appid rid: 1' });
        }
        const token = `token-${++issued}`;
        valid.add(token);
        return json(res, { access_token: token, expires_in: 7200 });
      }
      if (req.method === 'POST' && url.pathname === '/wxa/getwxacodeunlimit') {
        const token = url.searchParams.get('access_token');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        codeRequests.push({ token, body });
        if (opts.alwaysStale) return json(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        if (!token || !valid.has(token)) return json(res, { errcode: 42001, errmsg: 'access_token expired rid: 2' });
        if (typeof body.scene !== 'string' || !body.scene || body.scene.length > 32) {
          return json(res, { errcode: 40169, errmsg: 'invalid length for scene' });
        }
        if (body.page !== 'pages/index/index') return json(res, { errcode: 41030, errmsg: 'invalid page' });
        const png = qrPng(`wxa:${body.scene}`, { width: Number(body.width) });
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(png);
      }
      res.writeHead(404);
      res.end();
    });
  });
  return {
    server, tokenRequests, codeRequests,
    /** WeChat invalidates every token it issued (e.g. another server fetched a new one). */
    expireAll: () => valid.clear(),
    async listen() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
  };
}

function decodePng(bytes: Buffer): string | undefined {
  const png = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('WeChat wxacode.getUnlimited through the port', () => {
  const request = { scene: 'AbCdEfGhIjKlMnOpQrStUv', page: 'pages/index/index', width: 280 };

  test('fetches a token once, caches it, and posts the documented body', async () => {
    const wx = fakeWechat();
    const api = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's3cret', apiBase: await wx.listen(), qrEnvVersion: 'trial' });
    try {
      const first = await api.getUnlimitedQrCode(request);
      const second = await api.getUnlimitedQrCode({ ...request, scene: 'another-scene_123' });
      expect(first.contentType).toBe('image/png');
      expect(decodePng(first.bytes)).toBe(`wxa:${request.scene}`);
      expect(decodePng(second.bytes)).toBe('wxa:another-scene_123');
      expect(wx.tokenRequests).toHaveLength(1);
      const q = wx.tokenRequests[0];
      expect([q.get('grant_type'), q.get('appid'), q.get('secret')]).toEqual(['client_credential', 'wx-plates', 's3cret']);
      expect(wx.codeRequests[0]).toEqual({
        token: 'token-1',
        body: { scene: request.scene, page: 'pages/index/index', check_path: false, env_version: 'trial', width: 280 },
      });
    } finally {
      wx.server.close();
    }
  });

  test('an expired token (42001) is refreshed once and the call retried', async () => {
    const wx = fakeWechat();
    const api = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: await wx.listen() });
    try {
      await api.getUnlimitedQrCode(request);
      wx.expireAll();
      const img = await api.getUnlimitedQrCode(request);
      expect(decodePng(img.bytes)).toBe(`wxa:${request.scene}`);
      expect(wx.tokenRequests).toHaveLength(2);
      expect(wx.codeRequests.map((r) => r.token)).toEqual(['token-1', 'token-1', 'token-2']);
    } finally {
      wx.server.close();
    }
  });

  test('the cached token is replaced shortly before it expires', async () => {
    const wx = fakeWechat();
    let now = Date.UTC(2026, 10, 20);
    const api = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: await wx.listen(), now: () => now });
    try {
      await api.getUnlimitedQrCode(request);
      now += 6000 * 1000; // well within 7200 s
      await api.getUnlimitedQrCode(request);
      expect(wx.tokenRequests).toHaveLength(1);
      now += 1000 * 1000; // 7000 s after issue: within the last 5 minutes
      await api.getUnlimitedQrCode(request);
      expect(wx.tokenRequests).toHaveLength(2);
      expect(wx.codeRequests.map((r) => r.token)).toEqual(['token-1', 'token-1', 'token-2']);
    } finally {
      wx.server.close();
    }
  });

  test('refreshes only once: a token refused again is an error; so are WeChat\'s other refusals', async () => {
    const stale = fakeWechat({ alwaysStale: true });
    const api = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: await stale.listen() });
    const wx = fakeWechat();
    const base = await wx.listen();
    try {
      await expect(api.getUnlimitedQrCode(request)).rejects.toMatchObject({ name: 'WechatError', errcode: 40001 });
      expect([stale.tokenRequests.length, stale.codeRequests.length]).toEqual([2, 2]);

      const good = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: base });
      await expect(good.getUnlimitedQrCode({ ...request, page: 'pages/nowhere' })).rejects.toMatchObject({ errcode: 41030 });
      await expect(good.getUnlimitedQrCode({ ...request, scene: 'x'.repeat(33) })).rejects.toMatchObject({ errcode: 40169 });
      const wrongApp = new WechatHttpApi({ appId: 'wx-other', appSecret: 's', apiBase: base });
      const err = await wrongApp.getUnlimitedQrCode(request).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WechatError);
      expect((err as WechatError).errcode).toBe(40013);
    } finally {
      stale.server.close();
      wx.server.close();
    }
  });

  test('door plates through the app ask WeChat for one code per household; a refusal is 502 in Chinese', async () => {
    const wx = fakeWechat();
    const api = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: await wx.listen() });
    const app = await startApp({ overrides: { wechat: api } });
    try {
      const { token } = await app.login('village');
      const res = await app.request('GET', `/api/areas/${VILLAGE}-3/door-plates`, { token });
      expect([res.status, res.body.plates]).toEqual([200, 16]);
      const codes = await app.deps.db.query<{ code: string }>(
        `select code from households where area_path = '/qh/qh-al/qh-al-hx/qh-al-hx-3/' order by number`,
      );
      // a few at a time, so in any order
      expect(wx.codeRequests.map((r) => String(r.body.scene)).sort()).toEqual(codes.map((c) => c.code).sort());
      expect(wx.tokenRequests).toHaveLength(1);

      const stale = fakeWechat({ alwaysStale: true });
      const refusing = new WechatHttpApi({ appId: 'wx-plates', appSecret: 's', apiBase: await stale.listen() });
      app.deps.wechat = refusing;
      try {
        const failed = await app.request('GET', `/api/areas/${VILLAGE}-3/door-plates`, { token });
        expect([failed.status, failed.body.error.code, failed.body.error.message])
          .toEqual([502, 'CODE.QR_FAILED', '生成小程序码失败，请稍后再试']);
      } finally {
        stale.server.close();
      }
    } finally {
      await app.close();
      wx.server.close();
    }
  });
});
