import { addCalendarDays } from './dates';

/**
 * 督导: the pure rules of the supervisors' view — which deadlines count as overdue or due soon, whether a deadline was
 * kept, the rates, and why a push did not reach its person. No I/O; `today` is passed in.
 */

/** Overdue: due before today. Due soon: due from today up to `remindDaysBefore` days on (the same lead time the reminders use). */
export function deadlineWindow(today: string, remindDaysBefore: number): { today: string; soonUntil: string } {
  return { today, soonUntil: addCalendarDays(today, remindDaysBefore) };
}

/** A deadline kept, missed, or not yet decidable: done on or before it; done after it, or still open past it; open and not past it. */
export type Punctuality = 'on_time' | 'late' | 'pending';

export function punctuality(doneOn: string | null, deadline: string, today: string): Punctuality {
  if (doneOn !== null) return doneOn <= deadline ? 'on_time' : 'late';
  return deadline < today ? 'late' : 'pending';
}

export interface Rate {
  onTime: number;
  late: number;
  /** Still open, their deadline not yet passed: not in the total. */
  pending: number;
  /** onTime + late */
  total: number;
  /** onTime / total, or null when there is nothing to judge. */
  rate: number | null;
}

export const emptyRate = (): Rate => ({ onTime: 0, late: 0, pending: 0, total: 0, rate: null });

/** Adds `count` cases of one punctuality to a rate (a new object). */
export function addToRate(r: Rate, p: Punctuality, count = 1): Rate {
  const next = {
    onTime: r.onTime + (p === 'on_time' ? count : 0),
    late: r.late + (p === 'late' ? count : 0),
    pending: r.pending + (p === 'pending' ? count : 0),
  };
  const total = next.onTime + next.late;
  return { ...next, total, rate: total ? next.onTime / total : null };
}

/** "93.3%" — or "—" with nothing to judge. */
export function rateText(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toFixed(1).replace(/\.0$/, '')}%`;
}

/** Why a push did not reach its person (notifications.status and last_error, written by the dispatcher). */
export type PushProblem = 'no_grant' | 'no_openid' | 'refused' | 'failed';
export const PUSH_PROBLEM_LABELS: Record<PushProblem, string> = {
  no_grant: '未订阅消息', no_openid: '未绑定微信', refused: '拒收', failed: '推送失败',
};

/** A push copy's outcome as a problem, or null when it went out (or is still on its way). */
export function pushProblem(status: string, lastError: string | null): PushProblem | null {
  if (status === 'failed') return 'failed';
  if (status !== 'unreachable') return null;
  if (lastError === 'no_grant') return 'no_grant';
  if (lastError === 'no_openid') return 'no_openid';
  return 'refused'; // 43101: the user refused the message or has no subscription left
}

/** A YYYY-MM-DD string that names a day that exists (not 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
