import { WORKFLOW_ERRORS } from './workflow/errors';

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
  'HOUSEHOLD.BIND_MISMATCH': { status: 422, message: '户主姓名或身份证号后四位不对，请核对后再试' },
  'HOUSEHOLD.BIND_LOCKED': { status: 429, message: '尝试次数过多，本户的绑定已暂停1小时，请稍后再试或联系村干部' },
  'HOUSEHOLD.ALREADY_BOUND': { status: 409, message: '您的微信已绑定其他农户，如需更换请联系村干部' },
  'MEMBER.NOT_FOUND': { status: 404, message: '没有找到该家庭成员' },
  'MEMBER.ID_INVALID': { status: 422, message: '身份证号不正确，请核对' },
  'MEMBER.ID_EXISTS': { status: 409, message: '该身份证号已登记在册，不能重复登记' },
  'MEMBER.IS_HEAD': { status: 409, message: '不能直接删除户主，请先变更户主' },
  'AREA.NOT_FOUND': { status: 404, message: '没有找到该村组，或不在您的管辖范围内' },
  'VISIT.KEY_REUSED': { status: 409, message: '该记录编号已用于另一条内容不同的走访记录' },
  'VISIT.DATE_IN_FUTURE': { status: 422, message: '走访日期不能晚于今天' },
  'DECLARATION.KEY_REUSED': { status: 409, message: '该申报编号已用于另一份内容不同的申报' },
  'CLUE.KEY_REUSED': { status: 409, message: '该线索编号已用于另一条内容不同的线索' },
  'CLUE.DEPARTMENT_REQUIRED': { status: 422, message: '请填写预警数据来自哪个部门' },
  'TASK.NOT_FOUND': { status: 404, message: '没有找到该任务' },
  'CASE.NOT_FOUND': { status: 404, message: '没有找到该案件' },
  'CASE.REQUEST_REUSED': { status: 409, message: '该请求编号已用于另一项不同的操作' },
  'CASE.VERSION_CONFLICT': { status: 409, message: '该案件已被他人更新，请刷新后重试' },
  'CALENDAR.YEAR_NOT_COVERED': { status: 422, message: '尚无该年度的节假日安排，请更新日历数据' },
  'POLICY.MISSING': { status: 422, message: '本地区本年度的政策参数尚未配置，请联系县乡村振兴局' },
  'CODE.AREA_NOT_FOUND': { status: 404, message: '没有找到该村组，或不在您的管辖范围内' },
  'CODE.AREA_LEVEL': { status: 422, message: '门牌按村或按组打印，请选择一个村或一个组' },
  'CODE.TOO_MANY_PLATES': { status: 422, message: '一次最多打印150户的门牌，请按组分别打印' },
  'CODE.QR_FAILED': { status: 502, message: '生成小程序码失败，请稍后再试' },
  'IMPORT.BAD_HEADER': { status: 422, message: '文件表头不正确，整个文件未导入，请使用导入模板' },
  'IMPORT.UNREADABLE': { status: 422, message: '文件无法读取，请确认是有效的 .xlsx 或 .csv 文件' },
  'IMPORT.UNSUPPORTED_FILE': { status: 422, message: '只支持 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）' },
  'IMPORT.TOO_LARGE': { status: 413, message: '文件过大：网页导入不能超过 4 MB，更大的文件请用命令行导入' },
  'IMPORT.NOT_FOUND': { status: 404, message: '没有找到该导入任务' },
  'IMPORT.JOB_EXISTS': { status: 409, message: '该导入任务编号已被使用，请重新选择文件导入' },
  'DEPARTMENT_IMPORT.NOT_YOUR_DEPARTMENT': { status: 403, message: '您只能导入和查看本部门的数据' },
  'DEPARTMENT_IMPORT.NO_DEPARTMENT': { status: 403, message: '您的账号没有登记所属部门，请联系县乡村振兴局' },
  'FILE.TOO_LARGE': { status: 413, message: '照片不能超过3 MB，请压缩后再上传' },
  'FILE.TYPE_MISMATCH': { status: 422, message: '文件内容与所选格式不符：只能上传 JPEG 或 PNG 照片' },
  'FILE.NOT_FOUND': { status: 404, message: '没有找到该文件，或不在您的管辖范围内' },
  'NOTICE.NOT_FOUND': { status: 404, message: '没有找到这条公示，或者它不是本村的公示' },
  'NOTICE.ENDED': { status: 409, message: '这条公示已经结束，不能再在网上提出异议。如有问题，请直接向村委会反映' },
  'NOTICE.TOO_MANY_OBJECTIONS': { status: 429, message: '您对这条公示已经提了3条异议，村里会逐条核实。还有补充的，请直接向村委会反映' },
  'MEASURE.NOT_FOUND': { status: 404, message: '没有找到该帮扶措施，或它不归您办理' },
  'MEASURE.ALREADY_DONE': { status: 409, message: '该帮扶措施已办结，不能重复办结' },
  'MEASURE.SUPERSEDED': { status: 409, message: '该帮扶措施已被新的帮扶计划替换，请刷新后查看' },
  'MEASURE.REQUEST_REUSED': { status: 409, message: '该请求编号已用于另一项办结操作' },
  'PUSH.UNKNOWN_TEMPLATE': { status: 400, message: '订阅的消息模板不存在或不适用于您的账号，请重新打开小程序后再试' },
  'EXPLAINER.NOT_FOUND': { status: 404, message: '没有找到这份明白纸，或它不在有效期内、不适用于本户' },
  'EXPLAINER.KEY_REUSED': { status: 409, message: '该请求编号已用于另一项内容不同的操作，请刷新后重试' },
  'EXPLAINER.AREA_LEVEL': { status: 422, message: '明白纸的适用地区只能是全县、一个乡镇或一个村' },
  'EXPLAINER.UNKNOWN_PLACEHOLDER': { status: 422, message: '正文中有不认识的占位符，可用的有：{{监测线}} {{认定时限}} {{公示天数}} {{帮扶计划时限}} {{年度}}' },
  'EXPLAINER.PLACEHOLDER_IN_QUESTION': { status: 422, message: '占位符（如 {{监测线}}）只能用在正文中，标题、题目、选项和解析请直接写成“本地的防贫监测线”等文字' },
  'EXPLAINER.EMPTY_BODY': { status: 422, message: '正文去掉不允许的内容（脚本、链接等）后什么也没有了，请重新填写' },
  'EXPLAINER.IMAGE_NOT_FOUND': { status: 422, message: '正文中的图片没有找到，请重新上传后再插入' },
  'EXPLAINER.TOO_MANY_IMAGES': { status: 422, message: '明白纸中的图片太多，请删去一些' },
  'QUIZ.NO_QUESTIONS': { status: 422, message: '本户目前没有可以答的题：县里发布带题目的政策明白纸后才能答题' },
  'QUIZ.NOT_FOUND': { status: 404, message: '没有找到这次答题，或者它不是您开始的' },
  'QUIZ.KEY_REUSED': { status: 409, message: '该请求编号已用于另一次答题' },
  'QUIZ.QUESTION_NOT_IN_QUIZ': { status: 422, message: '提交的题目不在这次答题之中，本次提交的答案都没有保存' },
  'QUIZ.DUPLICATE_QUESTION': { status: 422, message: '同一道题只能提交一个答案，本次提交的答案都没有保存' },
  'QUIZ.CHOICE_OUT_OF_RANGE': { status: 422, message: '所选答案不在这道题的选项之中，本次提交的答案都没有保存' },
  'QUIZ.ALREADY_ANSWERED': { status: 409, message: '这道题已经答过了，答案不能更改；想再试可以重新答一次题' },
  'AWARENESS.NOT_A_VILLAGE': { status: 422, message: '未覆盖农户名单按村查看，请选择一个村' },
  'INTERNAL': { status: 500, message: '系统繁忙，请稍后再试' },
  // the case workflow's refusals (shared/src/domain/workflow/errors.ts), one table for the one HTTP mapping
  ...WORKFLOW_ERRORS,
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
