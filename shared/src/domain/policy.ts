import { addDays, type DayCountMode } from './calendar';
import type { AddDays } from './workflow/context';

/** The policy parameters in force for one region and year (stored as data, set by the county or province). */
export interface Policy {
  areaId: string;
  year: number;
  /** 防贫监测线: per-capita net income per year, in yuan. */
  monitoringLineYuan: number;
  /** From the clue to the county's decision. */
  identificationDays: number;
  /** The village notice runs at least this long. */
  noticeMinDays: number;
  /** Assistance plan due after identification. */
  planDays: number;
  /** How identificationDays, noticeMinDays and planDays are counted (see addDaysFor). */
  dayCount: DayCountMode;
}

/**
 * The day counting the region's policy sets for its procedural deadlines:
 *   - identification: clue → county decision within identificationDays (also the elimination procedure, from its proposal);
 *   - notice: the village notice runs at least noticeMinDays (end date ≥ start date + noticeMinDays);
 *   - assistance plan: within planDays of the identification date.
 * 'calendar' counts every day; 'working' counts the working days of mainland China (calendar.ts: public holidays off,
 * 调休 weekend days worked), day 0 being the start date itself, so "within 15 working days of a clue on d" is the 15th
 * working day after d. A date the holiday data does not cover is refused (CALENDAR.YEAR_NOT_COVERED), never guessed.
 * Monthly tracking visits (每月走访) are not procedural deadlines and always run on calendar days.
 */
export function addDaysFor(policy: Pick<Policy, 'dayCount'>): AddDays {
  const mode = policy.dayCount;
  return (date, days) => addDays(date, days, mode);
}
