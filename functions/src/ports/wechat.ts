/** The part of WeChat's server API this product calls. */
export interface WechatApi {
  /** code2Session: exchanges the code from wx.login for the user's openid. Throws WechatError on refusal. */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>;
  /**
   * wxacode.getUnlimited: a mini-program code (PNG) that opens `page` with `scene` (at most 32 visible characters).
   * Throws WechatError on refusal.
   */
  getUnlimitedQrCode(req: UnlimitedQrCodeRequest): Promise<QrImage>;
}

export interface UnlimitedQrCodeRequest {
  /** Up to 32 characters: A-Z a-z 0-9 and !#$&'()*+,/:;=?@-._~ — the household code fits. */
  scene: string;
  /** The page the code opens, without a leading slash, e.g. 'pages/index/index'. */
  page: string;
  /** Width in pixels, 280–1280. */
  width: number;
}

export interface QrImage {
  contentType: string;
  bytes: Buffer;
}

export class WechatError extends Error {
  constructor(readonly errcode: number, readonly errmsg: string) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
    this.name = 'WechatError';
  }
}
