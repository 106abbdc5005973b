import type { Config } from '../config/env';
import type { PushChannel } from '../ports/push';
import type { WechatApi } from '../ports/wechat';

/** The push channel config.push.channel names; null when pushes are off (locally: the in-app inbox only). */
export async function createPushChannel(config: Config, _wechat: WechatApi): Promise<PushChannel | null> {
  if (!config.push.channel) return null;
  throw new Error(`push channel ${config.push.channel} is not built yet`);
}
