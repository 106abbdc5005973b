import { AppError } from './errors';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
// The data file of chinese-days (MIT, https://github.com/vsme/chinese-days): the State Council's
// yearly notices (国务院办公厅关于XXXX年部分节假日安排的通知) as plain JSON — no code, no network.
// Its README documents this file for use outside JS; we read it rather than the package's functions,
// whose own date class parses in the machine's local time zone and treats an unknown year as Mon–Fri.
import packageData from 'chinese-days/dist/chinese-days.json';
import { addCalendarDays } from './dates';

dayjs.extend(utc);

/**
 * Working days in mainland China: Monday to Friday, less the public holidays (法定节假日及调休放假日),
 * plus the weekend days made working days by the swap (调休上班日), as published each year by the
 * State Council. All dates are calendar dates in Beijing ('YYYY-MM-DD'; see chinaDate in dates.ts).
 *
 * Counting convention (used by every function here):
 *   day 0 is the starting date itself (e.g. the day the clue was received), whatever kind of day it is;
 *   `addWorkingDays(d, n)` is the n-th working day strictly after d — so the deadline for
 *   "≤ 15 working days from the clue on d" is addWorkingDays(d, 15), inclusive;
 *   `workingDaysBetween(a, b)` counts the working days in (a, b], so
 *   workingDaysBetween(d, addWorkingDays(d, n)) === n, just as daysBetween/addCalendarDays do for calendar days.
 *
 * Dates the data does not cover throw CalendarNotCoveredError — never a silent guess.
 */

export type DayCountMode = 'calendar' | 'working';

/** The shape of chinese-days' dist/chinese-days.json (the values are "English,中文,n" labels). */
export interface HolidayData {
  /** Days off: public holidays and the weekdays given off by the swap. */
  holidays: Record<string, string>;
  /** Weekend days that are working days (调休上班). */
  workdays: Record<string, string>;
}

export const CALENDAR_NOT_COVERED = 'CALENDAR.YEAR_NOT_COVERED' as const;

/** The holiday arrangement for `year` is not in the calendar data (too old, or not yet published / not yet updated). */
/** A coded refusal (422 CALENDAR.YEAR_NOT_COVERED through the one error mapping), never a silent guess. */
export class CalendarNotCoveredError extends AppError {
  /** The year whose arrangement is missing. */
  readonly year: number;
  /** The date that needed it. */
  readonly date: string;
  constructor(year: number, date: string) {
    super(CALENDAR_NOT_COVERED, `尚无${year}年度的节假日安排，请更新日历数据`);
    this.name = 'CalendarNotCoveredError';
    this.year = year;
    this.date = date;
  }
}

/**
 * From this month-day on, a date of year Y also needs year Y+1's notice: the next New Year's arrangement
 * can reach back into the last days of December (in the data: 2006-12-30/31 and 2011-12-31 made working days,
 * 2007-12-29…31, 2018-12-29…31 and 2022-12-31 moved by the next year's 元旦 arrangement).
 */
const NEXT_YEAR_REACHES_BACK_FROM = '12-25';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(date: string): dayjs.Dayjs {
  const m = DATE_RE.exec(date);
  const d = m ? dayjs.utc(date) : null;
  if (!d || !d.isValid() || d.format('YYYY-MM-DD') !== date) {
    throw new RangeError(`日期格式应为 YYYY-MM-DD：${JSON.stringify(date)}`);
  }
  return d;
}

function checkCount(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`天数应为整数：${n}`);
}

export interface WorkCalendar {
  /** The first and last year whose arrangement the data holds. */
  readonly years: { first: number; last: number };
  /** Whether the data settles what kind of day `date` is (false: the functions below would throw). */
  covers(date: string): boolean;
  isWorkingDay(date: string): boolean;
  /** The n-th working day after `date` (day 0 = `date`); negative n counts back. n = 0 gives `date`. */
  addWorkingDays(date: string, n: number): string;
  /** n calendar days (exactly addCalendarDays) or n working days (addWorkingDays) after `date`. */
  addDays(date: string, n: number, mode: DayCountMode): string;
  /** Working days in (from, to]; negative, counting (to, from], when `to` is earlier. */
  workingDaysBetween(from: string, to: string): number;
  /** Calendar days (daysBetween) or working days (workingDaysBetween) from `from` to `to`. */
  daysBetween(from: string, to: string, mode: DayCountMode): number;
}

/**
 * A calendar over the given data. To use a year published after the installed package, merge it:
 * workCalendar({ holidays: { ...CHINESE_DAYS_DATA.holidays, ...more }, workdays: { ...CHINESE_DAYS_DATA.workdays, ...more } }).
 * The years must be contiguous (a gap throws).
 */
export function workCalendar(data: HolidayData): WorkCalendar {
  const holidays = new Set(Object.keys(data.holidays));
  const workdays = new Set(Object.keys(data.workdays));
  const yearSet = new Set<number>();
  for (const d of holidays) yearSet.add(Number(d.slice(0, 4)));
  if (yearSet.size === 0) throw new Error('日历数据为空');
  const first = Math.min(...yearSet);
  const last = Math.max(...yearSet);
  for (let y = first; y <= last; y++) {
    if (!yearSet.has(y)) throw new Error(`日历数据缺少${y}年度的节假日安排`);
  }

  /** The year whose missing arrangement leaves `date` unsettled, or null. */
  function missingYear(date: string): number | null {
    const y = Number(date.slice(0, 4));
    if (y < first || y > last) return y;
    if (date.slice(5) >= NEXT_YEAR_REACHES_BACK_FROM && y + 1 > last) return y + 1;
    return null;
  }

  function isWorking(d: dayjs.Dayjs): boolean {
    const date = d.format('YYYY-MM-DD');
    const missing = missingYear(date);
    if (missing !== null) throw new CalendarNotCoveredError(missing, date);
    if (workdays.has(date)) return true;
    if (holidays.has(date)) return false;
    const weekday = d.day();
    return weekday !== 0 && weekday !== 6;
  }

  function addWorkingDays(date: string, n: number): string {
    checkCount(n);
    let d = parse(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      d = d.add(step, 'day');
      if (isWorking(d)) left--;
    }
    return d.format('YYYY-MM-DD');
  }

  function workingDaysBetween(from: string, to: string): number {
    const a = parse(from);
    const b = parse(to);
    const [lo, hi, sign] = b.isBefore(a) ? [b, a, -1] : [a, b, 1];
    let count = 0;
    for (let d = lo.add(1, 'day'); !d.isAfter(hi); d = d.add(1, 'day')) {
      if (isWorking(d)) count++;
    }
    return sign * count;
  }

  return {
    years: { first, last },
    covers: (date) => missingYear(parse(date).format('YYYY-MM-DD')) === null,
    isWorkingDay: (date) => isWorking(parse(date)),
    addWorkingDays,
    addDays(date, n, mode) {
      if (mode === 'working') return addWorkingDays(date, n);
      checkCount(n);
      parse(date);
      return addCalendarDays(date, n);
    },
    workingDaysBetween,
    daysBetween(from, to, mode) {
      if (mode === 'working') return workingDaysBetween(from, to);
      return parse(to).diff(parse(from), 'day');
    },
  };
}

/** The installed chinese-days data as is. */
export const CHINESE_DAYS_DATA: HolidayData = packageData;

/** The calendar from the installed chinese-days data (2004 to its last published year). */
export const chinaCalendar: WorkCalendar = workCalendar(CHINESE_DAYS_DATA);

export const CALENDAR_YEARS = chinaCalendar.years;
export const isWorkingDay = (date: string): boolean => chinaCalendar.isWorkingDay(date);
export const addWorkingDays = (date: string, n: number): string => chinaCalendar.addWorkingDays(date, n);
export const addDays = (date: string, n: number, mode: DayCountMode): string => chinaCalendar.addDays(date, n, mode);
export const workingDaysBetween = (from: string, to: string): number => chinaCalendar.workingDaysBetween(from, to);
export const countDays = (from: string, to: string, mode: DayCountMode): number =>
  chinaCalendar.daysBetween(from, to, mode);
