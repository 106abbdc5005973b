import { EXPLAINER_PLACEHOLDERS, type ExplainerPlaceholder } from '../contracts/awareness';
import type { Policy } from './policy';

/** {{监测线}}, also written with spaces inside the braces ({{ 监测线 }}). */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** What a figure reads as when the reader's region has no policy for the year: the text stays true, if less precise. */
export const POLICY_NOT_SET = '（以县里公布为准）';

function isKnown(name: string): name is ExplainerPlaceholder {
  return Object.prototype.hasOwnProperty.call(EXPLAINER_PLACEHOLDERS, name);
}

/** The {{…}} names in `text` that are not placeholders the policy can fill, each once, in order of appearance. */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).filter((n) => !isKnown(n));
  return [...new Set(names)];
}

/** Whether `text` contains any {{…}} at all. */
export function hasPlaceholder(text: string): boolean {
  return [...text.matchAll(PLACEHOLDER)].length > 0;
}

/**
 * What each placeholder reads as for a region's policy of a year: 监测线 in yuan ("7300元"), the three time limits in
 * the policy's day counting ("15天" or "20个工作日"), 年度 the year's digits (the author writes {{年度}}年). Without
 * a policy the figures read POLICY_NOT_SET; the year is still `year`.
 */
export function placeholderValues(policy: Policy | null, year: number): Record<ExplainerPlaceholder, string> {
  if (!policy) {
    return { 监测线: POLICY_NOT_SET, 认定时限: POLICY_NOT_SET, 公示天数: POLICY_NOT_SET, 帮扶计划时限: POLICY_NOT_SET, 年度: String(year) };
  }
  const days = (n: number) => `${n}${policy.dayCount === 'working' ? '个工作日' : '天'}`;
  return {
    监测线: `${policy.monitoringLineYuan}元`,
    认定时限: days(policy.identificationDays),
    公示天数: days(policy.noticeMinDays),
    帮扶计划时限: days(policy.planDays),
    年度: String(policy.year),
  };
}

/** `text` with every known placeholder replaced by its value; an unknown {{…}} (refused at publishing) is left as it is. */
export function fillPlaceholders(text: string, values: Record<ExplainerPlaceholder, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (isKnown(name) ? values[name] : whole));
}
