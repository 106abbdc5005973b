import type { Config } from '../config/env';
import type { PushChannel } from '../ports/push';
import type { WechatApi } from '../ports/wechat';
import { WechatHttpApi } from './wechat-http';
import { WechatPushChannel } from './wechat-push';
import { CloudbasePushChannel } from './cloudbase-push';

/**
 * The push channel config.push.channel names; null when pushes are off (locally: the in-app inbox only).
 * WeChat's HTTPS channel reuses `wechat`, the app's one WechatHttpApi, so that every call shares one access token
 * (a second token fetched elsewhere would retire the first).
 */
export async function createPushChannel(config: Config, wechat: WechatApi): Promise<PushChannel | null> {
  const push = config.push;
  switch (push.channel) {
    case null:
      return null;
    case 'wechat':
      if (!(wechat instanceof WechatHttpApi)) {
        throw new Error('PUSH_CHANNEL=wechat needs WeChat\'s HTTPS API (WECHAT_APP_ID, WECHAT_APP_SECRET); the local WeChat stand-in cannot push');
      }
      return new WechatPushChannel(wechat, push.miniprogramState);
    case 'cloudbase':
      if (!push.cloudbaseEnv) throw new Error('PUSH_CHANNEL=cloudbase needs CLOUDBASE_ENV');
      return new CloudbasePushChannel({ env: push.cloudbaseEnv, miniprogramState: push.miniprogramState });
  }
}
