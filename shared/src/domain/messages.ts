import type { Role } from '../contracts/common';
import { ROLE_LABELS } from '../contracts/common';
import type { NotificationTemplate } from './workflow/effects';

/**
 * What the product tells people (the in-app inbox and WeChat subscription pushes), in Chinese. Pure: the outbox
 * (functions/src/app/outbox.ts) and the deadline sweep fill in the facts.
 *
 * Messages name a household by the head's surname and its village and group only ("王某某户（红星村一组）"): a push
 * shows on a locked phone screen, so it carries no full name, ID, phone, money or health data. Tapping opens the
 * case, where the person's own rights decide what they see.
 */
export type MessageKind =
  | NotificationTemplate
  | 'task.new' | 'task.due_soon' | 'task.overdue' | 'task.escalated'
  | 'measure.ordered' | 'measure.due_soon' | 'measure.overdue' | 'measure.escalated'
  | 'notice.advanced' | 'visits.monthly';

/** The two subscription templates (config.push.templates): staff to-dos, and results for the household. */
export type PushSlot = 'todo' | 'result';

export interface MessageFacts {
  /** To the household's own accounts: then no household label, and the farmer's page. */
  forHousehold?: boolean;
  caseId?: string | null;
  /** "王某某户（红星村一组）" — see householdLabel. */
  household?: string;
  /** What is to be done (a task label, a measure). */
  what?: string;
  dueOn?: string;
  /** For escalations: whose work it is. */
  ownerRole?: Role;
  daysOverdue?: number;
  reason?: string;
  /** A date the message is about (identified on, notice start …). */
  on?: string;
  endOn?: string;
  count?: number;
  /** For the monthly visit reminder: the month, YYYY-MM. */
  month?: string;
}

export interface RenderedMessage {
  title: string;
  body: string;
  /** The mini-program page the message opens. */
  page: string | null;
  slot: PushSlot;
  /** The subscription template's fields: todo {thing1 事项, time2 截止日期, thing3 说明}; result {thing1 事项, phrase2 结果, thing3 说明}. */
  push: Record<string, string>;
}

const STAFF_CASE = (id: string | null | undefined) => (id ? `packages/staff/pages/case/index?id=${id}` : null);
const FARMER_CASE = (id: string | null | undefined) => (id ? `pages/case/index?id=${id}` : null);

/** "王某某户（红星村一组）": surname only, as a public notice would print it. */
export function householdLabel(headName: string | null, village: string | null, group: string | null): string {
  const who = headName ? `${[...headName][0]}某某户` : '某户';
  const where = `${village ?? ''}${group ?? ''}`;
  return where ? `${who}（${where}）` : who;
}

/** Dates as a farmer reads them: 11月30日. */
function day(d: string | undefined): string {
  if (!d) return '';
  const [, m, dd] = d.split('-').map(Number);
  return `${m}月${dd}日`;
}

/** WeChat's field limits: thing ≤ 20 characters, phrase ≤ 5. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function todo(title: string, body: string, page: string | null, what: string, dueOn: string | undefined, note: string): RenderedMessage {
  return { title, body, page, slot: 'todo', push: { thing1: clip(what, 20), time2: dueOn ?? '', thing3: clip(note, 20) } };
}

function result(title: string, body: string, page: string | null, what: string, outcome: string, note: string): RenderedMessage {
  return { title, body, page, slot: 'result', push: { thing1: clip(what, 20), phrase2: clip(outcome, 5), thing3: clip(note, 20) } };
}

export function renderMessage(kind: MessageKind, f: MessageFacts): RenderedMessage {
  const hh = f.household ?? '';
  const what = f.what ?? '';
  const staff = STAFF_CASE(f.caseId);
  const mine = FARMER_CASE(f.caseId);
  switch (kind) {
    case 'task.new':
      return todo(`新任务：${what}`, `${hh}需要${what}，请在${day(f.dueOn)}前完成。`, staff, `${what} ${hh}`, f.dueOn, `请在${day(f.dueOn)}前完成`);
    case 'task.due_soon':
      return todo(`即将到期：${what}`, `${hh}的${what}将于${day(f.dueOn)}到期，请抓紧办理。`, staff, `${what} ${hh}`, f.dueOn, '即将到期，请抓紧办理');
    case 'task.overdue':
      return todo(`已逾期：${what}`, `${hh}的${what}已于${day(f.dueOn)}到期，逾期${f.daysOverdue ?? 0}天，请立即办理。`, staff,
        `${what} ${hh}`, f.dueOn, `已逾期${f.daysOverdue ?? 0}天`);
    case 'task.escalated': {
      const owner = f.ownerRole ? ROLE_LABELS[f.ownerRole] : '经办人';
      return todo(`逾期督办：${what}`, `${hh}的${what}（${owner}办理）已于${day(f.dueOn)}到期，逾期${f.daysOverdue ?? 0}天，请督促办理。`, staff,
        `督办 ${what} ${hh}`, f.dueOn, `${owner}逾期${f.daysOverdue ?? 0}天`);
    }
    case 'measure.ordered':
      return todo('帮扶措施派单', `${hh}的帮扶计划派给本部门${f.count ?? 0}项措施，请按期落实并上传佐证。`,
        'packages/department/pages/measures/index', `帮扶措施${f.count ?? 0}项 ${hh}`, f.dueOn, '请按期落实');
    case 'measure.due_soon':
      return todo(`措施即将到期：${what}`, `${hh}的帮扶措施“${what}”将于${day(f.dueOn)}到期。`,
        'packages/department/pages/measures/index', `${what} ${hh}`, f.dueOn, '即将到期，请抓紧落实');
    case 'measure.overdue':
      return todo(`措施已逾期：${what}`, `${hh}的帮扶措施“${what}”已于${day(f.dueOn)}到期，逾期${f.daysOverdue ?? 0}天。`,
        'packages/department/pages/measures/index', `${what} ${hh}`, f.dueOn, `已逾期${f.daysOverdue ?? 0}天`);
    case 'measure.escalated':
      return todo(`措施逾期督办：${what}`, `${hh}的帮扶措施“${what}”（${f.reason ?? '行业部门'}负责）逾期${f.daysOverdue ?? 0}天，请督促落实。`,
        staff, `督办 ${what} ${hh}`, f.dueOn, `${f.reason ?? '部门'}逾期${f.daysOverdue ?? 0}天`);
    case 'notice.advanced':
      return todo('公示期满，已报乡镇审核', `${hh}的公示已于${day(f.endOn)}期满，无异议，已自动报乡镇审核。`, staff,
        `公示期满 ${hh}`, f.endOn, '无异议，已报乡镇审核');
    case 'visits.monthly':
      return todo('本月帮扶走访', `本月（${f.month ?? ''}）还有${f.count ?? 0}户需要入户走访，请在月底前完成并记录。`,
        'packages/staff/pages/visit-plan/index', `本月走访${f.count ?? 0}户`, f.dueOn, '请在月底前走访并记录');
    // ── the workflow's messages (effects.ts NotificationTemplate) ──
    case 'case.notice_posted':
      return !f.forHousehold
        ? todo('村内公示已张贴', `${hh}的村内公示从${day(f.on)}到${day(f.endOn)}。`, staff, `公示 ${hh}`, f.endOn, `${day(f.on)}至${day(f.endOn)}`)
        : result('您家的申请已公示', `您家的申请正在村里公示，从${day(f.on)}到${day(f.endOn)}。`, mine, '监测对象申请', '公示中', `${day(f.on)}至${day(f.endOn)}`);
    case 'case.objection_raised':
      return todo('公示收到异议', `${hh}的公示在${day(f.on)}收到异议，村里正在核实。`, staff, `公示异议 ${hh}`, f.dueOn, '村里正在核实');
    case 'case.returned':
      return todo(`退回：${what || '请重新办理'}`, `${hh}被退回，原因：${f.reason ?? ''}`, staff, `退回 ${hh}`, f.dueOn, f.reason ?? '');
    case 'case.not_included':
      return result('申请结果：未纳入', `您家的申请经县里审定，未纳入监测对象。原因：${f.reason ?? ''}`, mine, '监测对象申请', '未纳入', f.reason ?? '');
    case 'case.identified':
      return result('申请结果：已纳入监测', `您家已于${day(f.on)}纳入防返贫监测对象，村里将为您家制定帮扶计划。`, mine, '监测对象申请', '已纳入', '将为您家制定帮扶计划');
    case 'case.plan_made':
      return result('帮扶计划已制定', `您家的帮扶计划已于${day(f.on)}制定，点开查看帮扶措施。`, mine, '帮扶计划', '已制定', '点开查看帮扶措施');
    case 'case.orders_due':
      return todo('帮扶计划待派单', `${hh}的帮扶计划有${f.count ?? 0}项措施由行业部门落实。`, staff, `派单 ${hh}`, f.dueOn, `${f.count ?? 0}项部门措施`);
    case 'case.new_risk':
      return todo('走访发现新风险', `${hh}在${day(f.on)}走访时发现新风险，请研究调整帮扶计划。`, staff, `新风险 ${hh}`, f.dueOn, '请调整帮扶计划');
    case 'case.eliminated':
      return result('风险已消除', `您家的返贫致贫风险已于${day(f.on)}经审定消除。`, mine, '风险消除', '已消除', '如再遇困难可随时申报');
    case 'case.safety_net_marked':
      return result('已标注兜底保障', '您家已标注为整户无劳动能力兜底保障户，继续享受兜底保障并保持监测。', mine, '风险消除', '兜底保障', '继续保持监测');
    case 'case.elimination_stopped':
      return todo('风险消除未通过', `${hh}的风险消除未通过，继续帮扶。原因：${f.reason ?? ''}`, staff, `继续帮扶 ${hh}`, f.dueOn, f.reason ?? '');
  }
}
