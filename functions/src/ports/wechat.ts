/** The part of WeChat's server API this product calls. */
export interface WechatApi {
  /** code2Session: exchanges the code from wx.login for the user's openid. Throws WechatError on refusal. */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
}

export class WechatError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatError';
  }
}
