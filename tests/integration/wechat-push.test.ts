import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WechatHttpApi, LocalWechatApi } from '../../functions/src/adapters/wechat-http';
import { WechatPushChannel, fitValue } from '../../functions/src/adapters/wechat-push';
import { CloudbasePushChannel } from '../../functions/src/adapters/cloudbase-push';
import { createPushChannel } from '../../functions/src/adapters/push-channel';
import { loadConfig } from '../../functions/src/config/env';
import type { PushMessage } from '../../functions/src/ports/push';
import { FakeWechat, type FakeWechatOptions } from '../support/fake-wechat';

const TEMPLATE = 'tmpl-todo-0001';
const message: PushMessage = {
  openid: 'o-grid-member-0001',
  templateId: TEMPLATE,
  page: 'packages/staff/pages/case/index?id=c-1',
  data: { thing1: '入户核实', time2: '2026-11-30', thing3: '王某某户（红星村一组）' },
};

/** A fake WeChat and the channel over it; `now` is one clock for both, so tests can pass a token's lifetime. */
async function setup(opts: FakeWechatOptions = {}) {
  let now = Date.UTC(2026, 10, 20, 2);
  const clock = () => now;
  const wx = new FakeWechat({ now: clock, templates: [TEMPLATE], pages: ['packages/staff/pages/case/index'], ...opts });
  const api = new WechatHttpApi({ appId: wx.appId, appSecret: wx.appSecret, apiBase: await wx.listen(), now: clock, timeoutMs: 2000 });
  return {
    wx, api, channel: new WechatPushChannel(api, 'trial'),
    advanceSeconds: (s: number) => { now += s * 1000; },
  };
}

describe('WeChat subscription messages over HTTPS, against the fake of WeChat', () => {
  let wx: FakeWechat | undefined;
  afterEach(async () => {
    await wx?.close();
    wx = undefined;
  });

  test('sends the documented body with a token fetched once and cached across sends', async () => {
    const s = await setup();
    wx = s.wx;
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(await s.channel.send({ ...message, openid: 'o-village-cadre-02' })).toEqual({ ok: true });

    expect(s.wx.tokenRequests).toHaveLength(1);
    const q = s.wx.tokenRequests[0];
    expect([q.get('grant_type'), q.get('appid'), q.get('secret')]).toEqual(['client_credential', s.wx.appId, s.wx.appSecret]);
    expect(s.wx.sendRequests.map((r) => r.token)).toEqual(['fake-token-1', 'fake-token-1']);
    expect(s.wx.sendRequests[0].body).toEqual({
      touser: 'o-grid-member-0001',
      template_id: TEMPLATE,
      page: 'packages/staff/pages/case/index?id=c-1',
      miniprogram_state: 'trial',
      lang: 'zh_CN',
      data: { thing1: { value: '入户核实' }, time2: { value: '2026-11-30' }, thing3: { value: '王某某户（红星村一组）' } },
    });
    expect(s.wx.delivered.map((d) => [d.openid, d.templateId, d.data])).toEqual([
      ['o-grid-member-0001', TEMPLATE, message.data],
      ['o-village-cadre-02', TEMPLATE, message.data],
    ]);
    expect(new Set(s.wx.delivered.map((d) => d.msgid)).size).toBe(2);
  });

  test('an expired token (42001) is dropped, a fresh one fetched and the send tried once more', async () => {
    const s = await setup({ tokenTtlSeconds: 7200 });
    wx = s.wx;
    expect(await s.channel.send(message)).toEqual({ ok: true });
    // WeChat retires the token early (as when its overlap with a newer one ran out): the client still trusts it
    s.wx.expireAll();
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(s.wx.sendRequests.map((r) => [r.token, r.answer])).toEqual([
      ['fake-token-1', 0], ['fake-token-1', 42001], ['fake-token-2', 0],
    ]);
    expect(s.wx.tokenRequests).toHaveLength(2);
    expect(s.wx.delivered).toHaveLength(2);
  });

  test('a token WeChat does not know (40001) is refreshed the same way', async () => {
    const s = await setup();
    wx = s.wx;
    expect(await s.channel.send(message)).toEqual({ ok: true });
    s.wx.forgetTokens();
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(s.wx.sendRequests.map((r) => [r.token, r.answer])).toEqual([
      ['fake-token-1', 0], ['fake-token-1', 40001], ['fake-token-2', 0],
    ]);
  });

  test('a token fetched elsewhere retires ours five minutes later; a token near the end of its life is replaced before use', async () => {
    const s = await setup({ tokenTtlSeconds: 7200 });
    wx = s.wx;
    expect(await s.channel.send(message)).toEqual({ ok: true });
    // another client fetching its own token: why the app keeps one WechatHttpApi for every call
    const other = new WechatHttpApi({ appId: s.wx.appId, appSecret: s.wx.appSecret, apiBase: s.wx.url });
    expect(await new WechatPushChannel(other, 'formal').send(message)).toEqual({ ok: true });
    s.advanceSeconds(299);
    expect(await s.channel.send(message)).toEqual({ ok: true });
    s.advanceSeconds(2);
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(s.wx.sendRequests.map((r) => [r.token, r.answer])).toEqual([
      ['fake-token-1', 0], ['fake-token-2', 0], ['fake-token-1', 0], ['fake-token-1', 42001], ['fake-token-3', 0],
    ]);

    // past (7200 − 300) s the client fetches a new token before sending, and nothing is refused
    s.advanceSeconds(7000);
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(s.wx.sendRequests.at(-1)).toMatchObject({ token: 'fake-token-4', answer: 0 });
    expect(s.wx.sendRequests.filter((r) => r.answer !== 0)).toHaveLength(1);
  });

  test('a token still stale after one refresh is a retry, after exactly two sends', async () => {
    const s = await setup({ failureRate: 1, failures: ['expired'] });
    wx = s.wx;
    const outcome = await s.channel.send(message);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry', code: 42001 });
    expect(s.wx.sendRequests.map((r) => [r.token, r.answer])).toEqual([['fake-token-1', 42001], ['fake-token-2', 42001]]);
    expect(s.wx.delivered).toHaveLength(0);
  });

  test('43101 (refused, or no subscription left) → refused; nothing delivered; others still get theirs', async () => {
    const s = await setup({ refuse: ['o-refuses-000001'] });
    wx = s.wx;
    expect(await s.channel.send({ ...message, openid: 'o-refuses-000001' }))
      .toEqual({ ok: false, kind: 'refused', code: 43101, message: expect.stringContaining('refuse') });
    expect(await s.channel.send(message)).toEqual({ ok: true });
    expect(s.wx.delivered.map((d) => d.openid)).toEqual(['o-grid-member-0001']);
  });

  test('45009 (daily quota) → rate_limited', async () => {
    const s = await setup({ failureRate: 1, failures: ['quota'] });
    wx = s.wx;
    expect(await s.channel.send(message)).toMatchObject({ ok: false, kind: 'rate_limited', code: 45009 });
    expect(s.wx.sendRequests).toHaveLength(1);
  });

  test.each([
    ['busy', -1, /system error/],
    ['http500', -1, /HTTP 500/],
    ['reset', -1, /fetch failed/],
  ] as const)('%s → retry, nothing delivered', async (failure, code, text) => {
    const s = await setup({ failureRate: 1, failures: [failure] });
    wx = s.wx;
    const outcome = await s.channel.send(message);
    expect(outcome).toMatchObject({ ok: false, kind: 'retry', code });
    expect(outcome.ok === false && outcome.message).toMatch(text);
    expect(s.wx.delivered).toHaveLength(0);
  });

  test('an unreachable WeChat or one that does not answer in time → retry', async () => {
    const s = await setup();
    wx = s.wx;
    await s.wx.close();
    wx = undefined;
    expect(await s.channel.send(message)).toMatchObject({ ok: false, kind: 'retry', code: -1 });

    const silent = http.createServer(() => { /* never answers */ });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const api = new WechatHttpApi({
        appId: 'wx', appSecret: 's', apiBase: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200,
      });
      expect(await new WechatPushChannel(api, 'formal').send(message))
        .toMatchObject({ ok: false, kind: 'retry', code: -1, message: expect.stringMatching(/timeout/i) });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  test('the request\'s own faults are fatal: 40037 template id, 41030 page, 40003 openid, 47003 data', async () => {
    const s = await setup();
    wx = s.wx;
    expect(await s.channel.send({ ...message, templateId: 'tmpl-unknown' })).toMatchObject({ ok: false, kind: 'fatal', code: 40037 });
    expect(await s.channel.send({ ...message, page: 'pages/nowhere/index' })).toMatchObject({ ok: false, kind: 'fatal', code: 41030 });
    expect(await s.channel.send({ ...message, openid: 'o' })).toMatchObject({ ok: false, kind: 'fatal', code: 40003 });
    expect(await s.channel.send({ ...message, data: { ...message.data, thing3: '' } }))
      .toMatchObject({ ok: false, kind: 'fatal', code: 47003, message: expect.stringContaining('thing3') });
    expect(s.wx.delivered).toHaveLength(0);
  });

  test('over-long values are cut to WeChat\'s limits, so the length never costs a message', async () => {
    const s = await setup();
    wx = s.wx;
    const long = '请于本月底前完成对该户的入户核实并上传签字的授权承诺书';
    // the fake checks limits: the same value sent as it is is refused
    const raw = await s.api.sendSubscribeMessage({
      touser: message.openid, template_id: TEMPLATE, page: message.page, miniprogram_state: 'formal', lang: 'zh_CN',
      data: { thing1: { value: long } },
    });
    expect(raw).toMatchObject({ errcode: 47003, errmsg: expect.stringContaining('thing1') });

    const outcome = await s.channel.send({
      ...message,
      data: { thing1: long, phrase2: '已经全部办结', time3: '2026-11-30T17:30:00Z', date4: '2026-11-30 09:00', name5: '欧阳某某某某某某某某某' },
    });
    expect(outcome).toEqual({ ok: true });
    const sent = s.wx.delivered[0].data;
    expect(sent).toEqual({
      thing1: `${[...long].slice(0, 19).join('')}…`,
      phrase2: '已经全部办',
      time3: '2026-12-01 01:30', // Beijing time
      date4: '2026-11-30',
      name5: '欧阳某某某某某某某某',
    });
    expect([...sent.thing1]).toHaveLength(20);
  });

  test('fitValue leaves values that fit alone', () => {
    expect(fitValue('thing1', '入户核实')).toBe('入户核实');
    expect(fitValue('thing2', '一二三四五六七八九十一二三四五六七八九十')).toBe('一二三四五六七八九十一二三四五六七八九十');
    expect(fitValue('time2', '2026-11-30')).toBe('2026-11-30');
    expect(fitValue('character_string9', 'A'.repeat(40))).toBe('A'.repeat(32));
    expect(fitValue('amount1', '￥12.00')).toBe('￥12.00');
  });

  test('the fake fails the share of sends it is told to, with every kind of failure, and replays by seed', async () => {
    const s = await setup({ failureRate: 0.5, seed: 42 });
    wx = s.wx;
    const outcomes = [];
    for (let i = 0; i < 120; i++) {
      outcomes.push(await s.channel.send({ ...message, openid: `o-user-${String(i).padStart(6, '0')}` }));
    }
    const failed = s.wx.sendRequests.filter((r) => r.answer !== 0);
    const share = failed.length / s.wx.sendRequests.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
    expect(new Set(failed.map((r) => r.answer))).toEqual(new Set([-1, 45009, 42001, 'http500', 'reset']));
    // a message is delivered exactly when its outcome says so
    expect(s.wx.delivered.map((d) => d.openid))
      .toEqual(outcomes.flatMap((o, i) => (o.ok ? [`o-user-${String(i).padStart(6, '0')}`] : [])));

    const again = await setup({ failureRate: 0.5, seed: 42 });
    try {
      for (let i = 0; i < 120; i++) await again.channel.send({ ...message, openid: `o-user-${String(i).padStart(6, '0')}` });
      expect(again.wx.sendRequests.map((r) => r.answer)).toEqual(s.wx.sendRequests.map((r) => r.answer));
    } finally {
      await again.wx.close();
    }
  });
});

describe('createPushChannel', () => {
  const base = { SESSION_SECRET: 'test-secret', DATA_KEY: Buffer.alloc(32, 7).toString('base64'), DATA_DIR: '/nonexistent' };

  test('none locally; WeChat\'s HTTPS API over the app\'s own WechatHttpApi; CloudBase with its environment', async () => {
    const local = loadConfig(base);
    expect(await createPushChannel(local, new LocalWechatApi({ publicH5Url: 'http://x' }))).toBeNull();

    const withWechat = loadConfig({ ...base, WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_MINIPROGRAM_STATE: 'developer' });
    expect(withWechat.push.channel).toBe('wechat');
    const api = new WechatHttpApi(withWechat.wechat!);
    const channel = await createPushChannel(withWechat, api);
    expect(channel).toBeInstanceOf(WechatPushChannel);
    expect(channel?.name).toBe('wechat');

    // the wechat channel on anything but the HTTPS API is a configuration error, said plainly
    await expect(createPushChannel(withWechat, new LocalWechatApi({ publicH5Url: 'http://x' })))
      .rejects.toThrow(/PUSH_CHANNEL=wechat needs WeChat's HTTPS API/);

    const cloudbase = loadConfig({ ...base, PUSH_CHANNEL: 'cloudbase', CLOUDBASE_ENV: 'prod-1a2b' });
    const cb = await createPushChannel(cloudbase, new LocalWechatApi({ publicH5Url: 'http://x' }));
    expect(cb).toBeInstanceOf(CloudbasePushChannel);
    expect(cb?.name).toBe('cloudbase');
  });
});
