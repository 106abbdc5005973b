import {
  CloudbasePushChannel, SUBSCRIBE_SEND_API, type WxOpenApiCall, type WxOpenApiResult,
} from '../../functions/src/adapters/cloudbase-push';
import type { SubscribeMessageBody } from '../../functions/src/adapters/wechat-http';
import type { PushMessage } from '../../functions/src/ports/push';

/**
 * CloudBase has no emulator and cannot run here, so the SDK's call is replaced by a function answering as
 * `app.callWxOpenApi` does (@cloudbase/node-sdk 3.18, src/wx/index.ts): `{ result: <WeChat's JSON answer>, requestId }`,
 * or a rejection with a TcbError `{ code, message, requestId }` for CloudBase's own failures.
 */
function sdk(answer: (req: { apiName: string; requestData: SubscribeMessageBody }) => WxOpenApiResult | Error) {
  const calls: { apiName: string; requestData: SubscribeMessageBody }[] = [];
  const call: WxOpenApiCall = async (req) => {
    calls.push(req);
    const a = answer(req);
    if (a instanceof Error) throw a;
    return a;
  };
  return { call, calls };
}

function tcbError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'TcbError', code, requestId: 'req-1' });
}

const message: PushMessage = {
  openid: 'o-farmer-000001',
  templateId: 'tmpl-result-01',
  page: 'pages/case/index?id=c-9',
  data: { thing1: '监测对象识别', phrase2: '已纳入监测对象', thing3: '请留意村里的帮扶安排，有困难可随时联系网格员' },
};

describe('CloudbasePushChannel', () => {
  test('asks for subscribeMessage.send with the documented body, values cut to WeChat\'s limits', async () => {
    const s = sdk(() => ({ result: { errcode: 0, errmsg: 'ok', msgid: 294402298110051940 }, requestId: 'r1' }));
    const channel = new CloudbasePushChannel({ env: 'prod-1a2b', miniprogramState: 'formal', call: s.call });
    expect(channel.name).toBe('cloudbase');
    expect(await channel.send(message)).toEqual({ ok: true });
    expect(s.calls).toEqual([{
      apiName: SUBSCRIBE_SEND_API,
      requestData: {
        touser: 'o-farmer-000001',
        template_id: 'tmpl-result-01',
        page: 'pages/case/index?id=c-9',
        miniprogram_state: 'formal',
        lang: 'zh_CN',
        data: {
          thing1: { value: '监测对象识别' },
          phrase2: { value: '已纳入监测' },
          thing3: { value: '请留意村里的帮扶安排，有困难可随时联系…' }, // 19 characters and …
        },
      },
    }]);
  });

  test.each([
    [43101, 'user refuse to accept the msg', 'refused'],
    [45009, 'reach max api daily quota limit', 'rate_limited'],
    [45011, 'api minute-quota reach limit', 'rate_limited'],
    [-1, 'system error', 'retry'],
    [42001, 'access_token expired', 'retry'],
    [40037, 'invalid template_id', 'fatal'],
    [40003, 'invalid openid', 'fatal'],
    [47003, 'argument invalid! data.thing1.value', 'fatal'],
    [41030, 'invalid page', 'fatal'],
    [61450, 'a code nobody expected', 'fatal'],
  ] as const)('WeChat errcode %d → %s', async (errcode, errmsg, kind) => {
    const s = sdk(() => ({ result: { errcode, errmsg }, requestId: 'r2' }));
    const channel = new CloudbasePushChannel({ env: 'e', miniprogramState: 'trial', call: s.call });
    expect(await channel.send(message)).toEqual({ ok: false, kind, code: errcode, message: errmsg });
    expect(s.calls).toHaveLength(1);
  });

  test('CloudBase\'s own failures, thrown or returned, and answers that are not WeChat\'s JSON → retry', async () => {
    const thrown = sdk(() => tcbError('SYS_ERR', 'system error, please retry'));
    expect(await new CloudbasePushChannel({ env: 'e', miniprogramState: 'formal', call: thrown.call }).send(message))
      .toEqual({ ok: false, kind: 'retry', code: -1, message: 'SYS_ERR: system error, please retry' });

    // with the SDK's setThrowOnCode(false) the same failure comes back as the answer
    const returned = sdk(() => ({ code: 'PERMISSION_DENIED', message: 'no permission for wx.api', requestId: 'r3' }));
    expect(await new CloudbasePushChannel({ env: 'e', miniprogramState: 'formal', call: returned.call }).send(message))
      .toEqual({ ok: false, kind: 'retry', code: -1, message: 'PERMISSION_DENIED: no permission for wx.api' });

    const text = sdk(() => ({ result: '<html>bad gateway</html>', requestId: 'r4' }));
    expect(await new CloudbasePushChannel({ env: 'e', miniprogramState: 'formal', call: text.call }).send(message))
      .toMatchObject({ ok: false, kind: 'retry', code: -1, message: 'unexpected answer from CloudBase' });
  });

  test('without CloudBase credentials the SDK is not called and the message waits (retry)', async () => {
    const saved = [process.env.TENCENTCLOUD_SECRETID, process.env.TENCENTCLOUD_SECRETKEY];
    delete process.env.TENCENTCLOUD_SECRETID;
    delete process.env.TENCENTCLOUD_SECRETKEY;
    try {
      const channel = new CloudbasePushChannel({ env: 'e', miniprogramState: 'formal' });
      expect(await channel.send(message)).toEqual({
        ok: false, kind: 'retry', code: -1, message: 'no CloudBase credentials (TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY)',
      });
    } finally {
      if (saved[0] !== undefined) process.env.TENCENTCLOUD_SECRETID = saved[0];
      if (saved[1] !== undefined) process.env.TENCENTCLOUD_SECRETKEY = saved[1];
    }
  });
});
