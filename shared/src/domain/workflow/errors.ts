/**
 * Refusals of the case workflow: stable codes for programs, Chinese messages for people, HTTP status for the one
 * mapping place. Same shape as ERRORS in ../errors.ts, so the two tables can be merged as they are.
 */
export const WORKFLOW_ERRORS = {
  'CASE.CLOSED': { status: 409, message: '该案件已办结，不能再办理' },
  'CASE.WRONG_STAGE': { status: 409, message: '案件当前所处环节不能办理此操作' },
  'CASE.WRONG_ROLE': { status: 403, message: '此操作不属于您的职责，应由对应层级办理' },
  'CASE.OUT_OF_AREA': { status: 403, message: '该户不在您的管辖范围内' },
  'CASE.RELATED_CADRE': { status: 403, message: '您与该户是家庭成员或有亲属关系，须回避，不能单独办理；请由无亲属关系的同级干部共同办理' },
  'CASE.DATE_IN_FUTURE': { status: 422, message: '日期不能晚于今天' },
  'CASE.VERIFICATION_MISSING': { status: 422, message: '请填写入户核实表：收入、支出、三保障和饮水安全情况' },
  'CASE.AUTHORISATION_MISSING': { status: 422, message: '入户核实须取得农户签字的授权承诺书' },
  'CASE.VOTES_EXCEED_ATTENDANCE': { status: 422, message: '赞成、反对、弃权票数之和不能超过参会人数' },
  'CASE.NO_QUORUM': { status: 422, message: '参会人数不足，民主评议无效' },
  'CASE.NO_MAJORITY': { status: 422, message: '赞成票未达到规定的多数，评议未通过' },
  'CASE.NOTICE_TOO_SHORT': { status: 422, message: '公示期短于规定的最少天数' },
  'CASE.NOTICE_NOT_OVER': { status: 409, message: '公示期未满，不能结束公示' },
  'CASE.NOT_DURING_NOTICE': { status: 409, message: '异议须在公示期内提出，该公示未开始或已经结束' },
  'CASE.OPEN_OBJECTION': { status: 409, message: '还有未核实办结的异议，请先核实并登记结果' },
  'CASE.OBJECTION_NOT_OPEN': { status: 404, message: '没有找到该条待核实的异议' },
  'CASE.REASON_REQUIRED': { status: 422, message: '请填写理由，农户和下一环节会看到' },
  'CASE.BAD_RETURN_TARGET': { status: 422, message: '只能退回到之前的环节' },
  'CASE.RISK_TYPES_REQUIRED': { status: 422, message: '请至少选择一种风险类型' },
  'CASE.CATEGORY_MISMATCH': { status: 422, message: '监测对象类别与该户情况不符：脱贫不稳定户须为脱贫户，边缘易致贫户须为一般农户' },
  'CASE.BAD_DECISION_DATE': { status: 422, message: '审定日期须不早于发现线索（或提出风险消除）之日，且不晚于今天' },
  'CASE.PLAN_EMPTY': { status: 422, message: '帮扶计划至少要有一项帮扶措施' },
  'CASE.MEASURE_INCOMPLETE': { status: 422, message: '每项帮扶措施都要有责任部门或责任人，以及不早于制定日期的完成期限' },
  'CASE.MONITORED_TOO_SHORT': { status: 422, message: '帮扶跟踪时间未满规定期限，暂不能提出风险消除' },
  'CASE.ELIMINATION_CONDITIONS_UNMET': { status: 422, message: '不满足风险消除条件：收入须稳定高于监测线，三保障和饮水安全巩固，原有风险消除且无新风险' },
  'CASE.SAFETY_NET_REQUIRED': { status: 422, message: '整户无劳动能力、靠兜底保障的户不能标注风险消除，应标注兜底保障并继续监测' },
  'CASE.HAS_LABOUR': { status: 422, message: '该户有劳动能力的成员，不属于整户无劳动能力兜底保障户' },
} as const satisfies Record<string, { status: number; message: string }>;

export type WorkflowErrorCode = keyof typeof WORKFLOW_ERRORS;
