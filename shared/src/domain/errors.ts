/**
 * Every refusal the product can give, with a stable code for programs and a Chinese message for people.
 * HTTP status is decided here, in one place.
 */
export const ERRORS = {
  'REQUEST.BAD_JSON': { status: 400, message: '请求内容不是有效的 JSON' },
  'REQUEST.INVALID': { status: 400, message: '提交的内容有误，请检查后重试' },
  'REQUEST.NOT_FOUND': { status: 404, message: '请求的接口不存在' },
  'REQUEST.TOO_LARGE': { status: 413, message: '提交的内容过大' },
  'AUTH.REQUIRED': { status: 401, message: '请先登录' },
  'AUTH.INVALID_TOKEN': { status: 401, message: '登录已过期，请重新登录' },
  'AUTH.WECHAT_FAILED': { status: 422, message: '微信登录失败，请重试' },
  'AUTH.DEV_LOGIN_DISABLED': { status: 403, message: '生产环境不提供演示登录' },
  'AUTH.UNKNOWN_USER': { status: 422, message: '没有这个演示账号' },
  'AUTH.FORBIDDEN': { status: 403, message: '您没有权限进行此操作' },
  'HOUSEHOLD.NOT_FOUND': { status: 404, message: '没有找到该户信息，请核对二维码' },
  'HOUSEHOLD.NOT_YOURS': { status: 403, message: '您只能查看和申报本户的信息' },
  'HOUSEHOLD.NOT_BOUND': { status: 409, message: '您的微信还没有绑定农户，请先扫描本户的二维码完成绑定' },
  'DECLARATION.KEY_REUSED': { status: 409, message: '该申报编号已用于另一份内容不同的申报' },
  'TASK.NOT_FOUND': { status: 404, message: '没有找到该任务' },
  'POLICY.MISSING': { status: 422, message: '本地区本年度的政策参数尚未配置，请联系县乡村振兴局' },
  'INTERNAL': { status: 500, message: '系统繁忙，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
  }
}
