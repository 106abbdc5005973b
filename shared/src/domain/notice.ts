import { RISK_TYPE_LABELS, RiskTypeSchema, type RiskType } from '../contracts/common';
import type { HouseholdView } from '../contracts/household';
import type { Verification } from '../contracts/verification';
import { evaluateEligibility } from './eligibility';
import { MONITORED_CATEGORY_LABELS, type Procedure } from './workflow/states';

/**
 * 村内公示: the text the village posts on its notice board and the mini-program shows to the village's farmers.
 *
 * DOMAIN.md: "Public notices must not show ID numbers, phone numbers, bank accounts or health details." So the text
 * is built only from what is safe to make public, and from nothing else:
 * - the head's surname with the given name starred (张**, 欧阳*); no other member is named;
 * - the village and the group;
 * - what is proposed: 拟纳入防止返贫监测对象 (with the category the 入户核实 evaluation suggests) or 拟标注风险消除;
 * - the reason as the policy's risk-type labels (因病, 因灾 …) and fixed phrases: 人均纯收入 only as
 *   "低于防贫监测线" / "稳定高于防贫监测线", 刚性支出 only as "刚性支出较大", 三保障 only as "存在困难" — never an
 *   amount, never which illness, never a member's health, never anything typed as free text (findings, notes,
 *   clue descriptions, minutes are not read at all);
 * - the period and where to object (the village committee, or the mini-program, anonymously if one wishes).
 */

export interface NoticeSource {
  procedure: Procedure;
  period: { startOn: string; endOn: string };
  /** Read: the head's name (surname only printed), the village and group, 脱贫户/一般农户, members' health and labour
   *  (only to suggest the category and risk types, as the evaluation does). */
  household: Pick<HouseholdView, 'headName' | 'place' | 'category' | 'members'>;
  monitoringLineYuan: number;
  /** The latest 入户核实 record of the identification (its figures decide the words, they are never printed). */
  verification: Verification | null;
  /** The case's clues (申报, 排查, 部门预警): only their risk types are read, never their descriptions. */
  clues: readonly { riskTypes: readonly RiskType[] }[];
  /** Elimination: the risk types the county fixed at identification (the risk now removed). */
  identifiedRiskTypes: readonly RiskType[];
}

const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '司空', '夏侯', '轩辕',
  '令狐', '钟离', '端木', '独孤', '南宫', '西门', '万俟', '闻人', '澹台', '公冶', '宗政', '濮阳', '太叔', '申屠', '赫连',
  '呼延', '百里', '东郭', '左丘', '拓跋', '鲜于', '闾丘', '第五', '梁丘', '乐正',
]);

/** 张** for 张三丰, 张* for 张三, 欧阳* for 欧阳修: the surname, then one star for each other character. */
export function surnameOnly(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** '2026-11-20' → '2026年11月20日' */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const riskWords = (types: readonly RiskType[]) =>
  RiskTypeSchema.options.filter((t) => types.includes(t)).map((t) => (t === 'other' ? '其他困难' : RISK_TYPE_LABELS[t]));

/** The title of a notice of this procedure. */
export function noticeTitle(procedure: Procedure): string {
  return procedure === 'identification' ? '防止返贫监测对象识别公示' : '防止返贫监测对象风险消除公示';
}

/** The notice's text, lines separated by '\n'. Pure: everything comes from `source`. */
export function noticeText(source: NoticeSource): string {
  const { household: h, period } = source;
  const village = h.place.village;
  const who = `${village}${h.place.group}${surnameOnly(h.headName) || '某'}户`;
  const lines = [noticeTitle(source.procedure)];

  if (source.procedure === 'identification') {
    const evaluation = source.verification ? evaluateEligibility(source.verification, {
      monitoringLineYuan: source.monitoringLineYuan, householdCategory: h.category,
      members: h.members.map((m) => ({ health: m.health, labour: m.labour })),
    }) : null;
    const category = evaluation?.suggestedCategory ? `（${MONITORED_CATEGORY_LABELS[evaluation.suggestedCategory]}）` : '';
    lines.push(`经入户核实、村民主评议，拟将${who}纳入防止返贫监测对象${category}。`);
    const holds = (id: string) => evaluation?.conditions.some((c) => c.id === id && c.holds) ?? false;
    const risks = riskWords([...source.clues.flatMap((c) => c.riskTypes), ...(evaluation?.suggestedRiskTypes ?? [])]);
    const reasons = risks.length ? [risks.join('、')] : [];
    if (holds('income_below_line')) reasons.push('家庭人均纯收入低于防贫监测线');
    if (holds('rigid_expenses')) reasons.push('刚性支出较大，基本生活出现困难');
    if (['education_not_secured', 'medical_not_secured', 'housing_not_secured', 'water_not_secured'].some(holds)) {
      reasons.push('“三保障”或饮水安全存在困难');
    }
    lines.push(`主要原因：${reasons.length ? reasons.join('；') : '存在返贫致贫风险'}。`);
  } else {
    lines.push(`经入户核实、村民主评议，拟将${who}标注风险消除。`);
    const removed = riskWords(source.identifiedRiskTypes);
    lines.push(`主要情况：家庭人均纯收入稳定高于防贫监测线，“三保障”和饮水安全有保障，${
      removed.length ? `原有${removed.join('、')}风险已消除` : '原有风险已消除'}，没有新的风险。`);
  }

  lines.push(`公示期：${chineseDate(period.startOn)}至${chineseDate(period.endOn)}。`);
  lines.push(`公示期内如有异议，可以向${village}村民委员会反映，也可以在“防返贫监测”微信小程序的“村内公示”中提出，可以不留姓名。`);
  lines.push(`${village}村民委员会`);
  lines.push(chineseDate(period.startOn));
  return lines.join('\n');
}
