import { CLUE_CHANNEL_LABELS, type ClueChannel } from '../contracts/task';
import { RISK_TYPE_LABELS, type RiskType } from '../contracts/common';
import {
  ELIMINATION_METHOD_LABELS, MONITORED_CATEGORY_LABELS, PROCEDURE_STEP_LABELS, type EliminationMethod,
  type MonitoredCategory, type ProcedureStep,
} from './workflow/states';
import type { WorkflowEventName } from './workflow/effects';

/** Every kind of timeline event: the clue intake's and the workflow's (one per accepted command). */
export type TimelineEventType = 'case_opened' | 'clue_added' | 'measure_completed' | WorkflowEventName;

export const TIMELINE_LABELS: Record<TimelineEventType, string> = {
  case_opened: '立案', clue_added: '收到风险线索', verified: '入户核实', deliberated: '民主评议',
  notice_started: '张贴村内公示', objection_raised: '公示期间收到异议', objection_resolved: '异议核实',
  notice_ended: '公示期满', township_approved: '乡镇审核通过', county_approved: '县级审定纳入监测', returned: '退回',
  not_included: '不予纳入', plan_made: '制定帮扶计划', tracking_recorded: '帮扶走访', elimination_proposed: '提出风险消除',
  elimination_approved: '县级审定风险已消除', safety_net_marked: '标注兜底保障', elimination_stopped: '不予消除，继续监测',
  measure_completed: '帮扶措施办结',
};

const risks = (r: unknown) => (Array.isArray(r) ? r.map((x) => RISK_TYPE_LABELS[x as RiskType] ?? String(x)).join('、') : '');
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * One timeline event in one line of plain Chinese. `forHousehold`: what the household itself is shown — the
 * decisions and their reasons, never what others said (objections, findings, minutes, who attended).
 */
export function describeEvent(type: string, data: Record<string, unknown>, forHousehold: boolean): { label: string; summary: string } {
  const label = TIMELINE_LABELS[type as TimelineEventType] ?? type;
  const c = (data.command ?? {}) as Record<string, unknown>;
  const summary = ((): string => {
    switch (type as TimelineEventType) {
      case 'case_opened': return `发现线索之日 ${str(data.clueDate)}，开始计算认定时限`;
      case 'clue_added': {
        const channel = CLUE_CHANNEL_LABELS[data.channel as ClueChannel] ?? '';
        const from = data.department && !forHousehold ? `（${str(data.department)}）` : '';
        return `${channel}${from}：${risks(data.riskTypes)}`;
      }
      case 'verified': return forHousehold ? '网格员已上门核实家庭收支和“三保障”情况' : str(c.findings);
      case 'deliberated': {
        const n = Array.isArray(c.attendees) ? c.attendees.length : 0;
        return `参会${n}人，赞成${c.votesFor}票、反对${c.votesAgainst}票、弃权${c.votesAbstain}票`;
      }
      case 'notice_started': return `公示期 ${str(c.startOn)} 至 ${str(c.endOn)}`;
      case 'objection_raised': return forHousehold ? '公示期间有群众提出异议，村里会核实' : str(c.content);
      case 'objection_resolved': {
        const outcome = c.outcome === 'upheld' ? '异议成立，重新入户核实' : '异议不成立，公示继续';
        return forHousehold ? outcome : `${outcome}。${str(c.findings)}`;
      }
      case 'notice_ended': return data.automatic ? '公示期满无异议，系统自动报乡镇审核' : '公示期满无异议，报乡镇审核';
      case 'township_approved': return forHousehold ? '乡镇审核通过，报县里审定' : str(c.opinion);
      case 'county_approved': {
        const cat = MONITORED_CATEGORY_LABELS[c.category as MonitoredCategory] ?? '';
        return `${str(c.identifiedOn)} 纳入监测，类别：${cat}，风险类型：${risks(c.riskTypes)}`;
      }
      case 'returned': {
        const at = c.resumeAt ? PROCEDURE_STEP_LABELS[c.resumeAt as ProcedureStep] : PROCEDURE_STEP_LABELS.verification;
        return `退回重新${at}，原因：${str(c.reason)}`;
      }
      case 'not_included': return `原因：${str(c.reason)}`;
      case 'plan_made': {
        const n = Array.isArray(c.measures) ? c.measures.length : 0;
        return forHousehold ? `帮扶计划共${n}项措施` : `共${n}项措施：${(c.measures as { measure: string }[] ?? []).map((m) => m.measure).join('、')}`;
      }
      case 'tracking_recorded': return forHousehold ? `${str(c.visitedOn)} 网格员上门走访` : str(c.note);
      case 'elimination_proposed': return `理由：${str(c.reason)}`;
      case 'elimination_approved':
        return `${str(c.eliminatedOn)} ${ELIMINATION_METHOD_LABELS[c.method as EliminationMethod] ?? ''}`;
      case 'safety_net_marked': return '整户无劳动能力，由兜底保障，继续监测';
      case 'elimination_stopped': return `原因：${str(c.reason)}`;
      case 'measure_completed': {
        const m = (data.measure ?? {}) as Record<string, unknown>;
        const r = (m.responsible ?? {}) as Record<string, unknown>;
        const what = `${str(m.measure)}${m.memberName ? `（${str(m.memberName)}）` : ''}`;
        return forHousehold ? `${what}已办好` : `${str(r.name)}：${what}已办结。${str(c.evidence)}`;
      }
      default: return '';
    }
  })();
  return { label, summary };
}
