import {
  addDays,
  addWorkingDays,
  CALENDAR_NOT_COVERED,
  CALENDAR_YEARS,
  CalendarNotCoveredError,
  CHINESE_DAYS_DATA,
  chinaCalendar,
  countDays,
  isWorkingDay,
  workCalendar,
  workingDaysBetween,
} from '@shared/domain/calendar';
import { addCalendarDays, daysBetween } from '@shared/domain/dates';

/*
 * Expectations come from the official notices, not from the data under test:
 *   国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）
 *     春节 1月28日（除夕）至2月4日放假调休，1月26日（周日）、2月8日（周六）上班；
 *     劳动节 5月1日至5日，4月27日（周日）上班；
 *     国庆节、中秋节 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班。
 *   国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11）
 *     元旦 1月1日（周四）至3日（周六）放假调休，1月4日（周日）上班；
 *     春节 2月15日（腊月二十八，周日）至23日（正月初七，周一）放假调休，2月14日（周六）、2月28日（周六）上班；
 *     劳动节 5月1日至5日，5月9日（周六）上班；国庆节 10月1日至7日，9月20日（周日）、10月10日（周六）上班。
 * Each was checked against chinese-days 1.5.7 dist/years/2025.json and 2026.json, cited per case as
 * holidays[…] (days off) and workdays[…] (调休上班).
 */

describe('working days in mainland China (chinese-days data)', () => {
  test('the data covers 2004 to at least 2026', () => {
    expect(CALENDAR_YEARS.first).toBe(2004);
    expect(CALENDAR_YEARS.last).toBeGreaterThanOrEqual(2026);
  });

  test.each([
    // National Day + Mid-autumn 2025 — holidays['2025-10-01'…'2025-10-08'], workdays['2025-09-28'], workdays['2025-10-11']
    ['2025-09-26', true, 'Fri, before the holiday'],
    ['2025-09-27', false, 'Sat, ordinary weekend'],
    ['2025-09-28', true, 'Sun, 调休上班'],
    ['2025-09-30', true, 'Tue'],
    ['2025-10-01', false, 'Wed, 国庆节'],
    ['2025-10-04', false, 'Sat, 国庆节'],
    ['2025-10-06', false, 'Mon, 中秋节'],
    ['2025-10-08', false, 'Wed, last day off'],
    ['2025-10-09', true, 'Thu, back to work'],
    ['2025-10-11', true, 'Sat, 调休上班'],
    ['2025-10-12', false, 'Sun, ordinary weekend'],
    // Spring Festival 2025 — holidays['2025-01-28'…'2025-02-04'], workdays['2025-01-26'], workdays['2025-02-08']
    ['2025-01-26', true, 'Sun, 调休上班'],
    ['2025-01-28', false, 'Tue, 除夕'],
    ['2025-02-04', false, 'Tue, last day off'],
    ['2025-02-05', true, 'Wed'],
    ['2025-02-08', true, 'Sat, 调休上班'],
    // New Year 2026 — holidays['2026-01-01'…'2026-01-03'], workdays['2026-01-04']
    ['2025-12-31', true, 'Wed'],
    ['2026-01-01', false, 'Thu, 元旦'],
    ['2026-01-02', false, 'Fri, 元旦'],
    ['2026-01-03', false, 'Sat, 元旦'],
    ['2026-01-04', true, 'Sun, 调休上班'],
    ['2026-01-05', true, 'Mon'],
    // Spring Festival 2026 — holidays['2026-02-15'…'2026-02-23'], workdays['2026-02-14'], workdays['2026-02-28']
    ['2026-02-13', true, 'Fri'],
    ['2026-02-14', true, 'Sat, 调休上班'],
    ['2026-02-15', false, 'Sun, 腊月二十八, first day off'],
    ['2026-02-17', false, 'Tue, 春节 (正月初一)'],
    ['2026-02-20', false, 'Fri'],
    ['2026-02-23', false, 'Mon, 正月初七, last day off'],
    ['2026-02-24', true, 'Tue, back to work'],
    ['2026-02-28', true, 'Sat, 调休上班'],
    ['2026-03-01', false, 'Sun, ordinary weekend'],
    // Labour Day 2026 — holidays['2026-05-01'…'2026-05-05'], workdays['2026-05-09']
    ['2026-05-04', false, 'Mon, 劳动节'],
    ['2026-05-09', true, 'Sat, 调休上班'],
    // National Day 2026 — holidays['2026-10-01'…'2026-10-07'], workdays['2026-09-20'], workdays['2026-10-10']
    ['2026-09-20', true, 'Sun, 调休上班'],
    ['2026-10-07', false, 'Wed, 国庆节'],
    ['2026-10-10', true, 'Sat, 调休上班'],
    // An ordinary week (no entry in either table): 2025-11-17 Mon … 2025-11-23 Sun
    ['2025-11-17', true, 'Mon'],
    ['2025-11-18', true, 'Tue'],
    ['2025-11-19', true, 'Wed'],
    ['2025-11-20', true, 'Thu'],
    ['2025-11-21', true, 'Fri'],
    ['2025-11-22', false, 'Sat'],
    ['2025-11-23', false, 'Sun'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(isWorkingDay(date)).toBe(working);
  });

  test.each([
    // day 0 = the clue date; the result is the n-th working day after it
    ['2025-09-26', 0, '2025-09-26', 'zero days: the clue date itself'],
    ['2025-09-27', 0, '2025-09-27', 'zero days, even on a day off'],
    ['2025-09-26', 1, '2025-09-28', 'Sun 9-28 is the first working day after Fri 9-26'],
    // 9-28, 9-29, 9-30, (10-1…10-8 off) 10-9, 10-10, 10-11 Sat, 10-13 … 10-17, 10-20 … 10-23
    ['2025-09-26', 15, '2025-10-23', 'identification across National Day 2025'],
    ['2025-09-30', 1, '2025-10-09', 'the whole 8-day holiday is skipped'],
    ['2025-10-01', 3, '2025-10-11', 'a clue during the holiday: 10-9, 10-10, 10-11 (Sat, 调休)'],
    // 2-11, 2-12, 2-13, 2-14 Sat, (2-15…2-23 off) 2-24 … 2-27, 2-28 Sat, 3-2 … 3-6, 3-9
    ['2026-02-10', 15, '2026-03-09', 'identification across Spring Festival 2026'],
    // 2-14 Sat, 2-24 … 2-28 Sat, 3-2 … 3-5
    ['2026-02-13', 10, '2026-03-05', 'assistance plan across Spring Festival 2026'],
    ['2026-02-13', 5, '2026-02-27', 'notice period across Spring Festival 2026'],
    // 12-29, 12-30, 12-31, (1-1…1-3 off) 1-4 Sun, 1-5
    ['2025-12-26', 5, '2026-01-05', 'across New Year 2026'],
    ['2025-11-14', 5, '2025-11-21', 'an ordinary week: Fri + 5 = next Fri'],
    ['2025-11-17', 4, '2025-11-21', 'Mon + 4 = Fri'],
    ['2025-10-09', -1, '2025-09-30', 'counting back skips the holiday'],
    ['2026-03-09', -15, '2026-02-10', 'counting back inverts counting forward'],
  ])('%s + %i working days = %s (%s)', (from, n, to) => {
    expect(addWorkingDays(from, n)).toBe(to);
    expect(addDays(from, n, 'working')).toBe(to);
    // the clue date is not counted: the count over (from, to] is n (when `from` is a working day or n = 0)
    if (isWorkingDay(from) || n === 0) expect(workingDaysBetween(from, to)).toBe(n);
  });

  test.each([
    ['2025-09-26', '2025-10-23', 15],
    ['2025-09-27', '2025-09-28', 1], // Sat → Sun (调休): one working day
    ['2025-09-30', '2025-10-08', 0], // nothing but holiday in between
    ['2025-10-23', '2025-09-26', -15],
    ['2025-11-17', '2025-11-17', 0],
    ['2024-12-31', '2025-12-31', 248], // all of 2025: 261 weekdays − 18 weekday holidays + 5 调休 Saturdays/Sundays
  ])('working days in (%s, %s] = %i', (from, to, n) => {
    expect(workingDaysBetween(from, to)).toBe(n);
    expect(countDays(from, to, 'working')).toBe(n);
  });

  test('counting forward then measuring gives n back, every day of 2025', () => {
    for (let d = '2025-01-01'; d <= '2025-12-31'; d = addCalendarDays(d, 1)) {
      for (const n of [0, 5, 10, 15]) {
        const deadline = addWorkingDays(d, n);
        expect(workingDaysBetween(d, deadline)).toBe(n);
        if (n > 0) expect(isWorkingDay(deadline)).toBe(true);
      }
    }
  });

  test.each([
    ['2026-11-20', 15, '2026-12-05'],
    ['2026-12-25', 10, '2027-01-04'],
    ['2028-02-20', 10, '2028-03-01'],
    ['2025-09-26', 15, '2025-10-11'],
    ['2026-02-10', 15, '2026-02-25'],
  ])('calendar mode is addCalendarDays: %s + %i = %s, whatever the data covers', (from, n, to) => {
    expect(addDays(from, n, 'calendar')).toBe(addCalendarDays(from, n));
    expect(addDays(from, n, 'calendar')).toBe(to);
    expect(countDays(from, to, 'calendar')).toBe(daysBetween(from, to));
  });

  describe('years the data does not cover', () => {
    const notCovered = (fn: () => unknown, year: number) => {
      let caught: unknown;
      try {
        fn();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(CalendarNotCoveredError);
      const err = caught as CalendarNotCoveredError;
      expect(err.code).toBe(CALENDAR_NOT_COVERED);
      expect(err.code).toBe('CALENDAR.YEAR_NOT_COVERED');
      expect(err.year).toBe(year);
      expect(err.message).toBe(`尚无${year}年度的节假日安排，请更新日历数据`);
    };
    const next = CALENDAR_YEARS.last + 1;

    test('a date in a year after the data throws, never guessing Mon–Fri', () => {
      notCovered(() => isWorkingDay(`${next}-03-01`), next);
      notCovered(() => workingDaysBetween(`${CALENDAR_YEARS.last}-12-01`, `${next}-01-10`), next);
    });

    test('a count that runs past the data throws', () => {
      notCovered(() => addWorkingDays(`${CALENDAR_YEARS.last}-12-10`, 15), next);
      notCovered(() => addDays(`${CALENDAR_YEARS.last}-12-10`, 15, 'working'), next);
    });

    test("the last week of December waits for the next year's notice (元旦 may reach back, as for 2018-12-29)", () => {
      expect(isWorkingDay('2018-12-29')).toBe(true); // Sat, 调休上班 set by the 2019 notice
      expect(isWorkingDay('2018-12-31')).toBe(false); // Mon, 元旦 2019 set by the 2019 notice
      expect(chinaCalendar.covers(`${CALENDAR_YEARS.last}-12-24`)).toBe(true);
      expect(chinaCalendar.covers(`${CALENDAR_YEARS.last}-12-25`)).toBe(false);
      notCovered(() => isWorkingDay(`${CALENDAR_YEARS.last}-12-28`), next);
    });

    test('a year before the data throws', () => {
      notCovered(() => isWorkingDay('2003-12-31'), 2003);
      expect(isWorkingDay('2004-01-02')).toBe(true);
    });

    test('a newly published year can be merged in until the package has it', () => {
      // Fictional entries for the test only — not a real arrangement.
      const cal = workCalendar({
        holidays: { ...CHINESE_DAYS_DATA.holidays, [`${next}-01-01`]: 'test', [`${next}-01-04`]: 'test' },
        workdays: { ...CHINESE_DAYS_DATA.workdays },
      });
      expect(cal.years.last).toBe(next);
      expect(cal.covers(`${CALENDAR_YEARS.last}-12-28`)).toBe(true);
      expect(cal.isWorkingDay(`${next}-01-04`)).toBe(false);
      expect(() => workCalendar({ holidays: { '2020-01-01': 'x', '2022-01-01': 'x' }, workdays: {} })).toThrow(
        '日历数据缺少2021年度的节假日安排',
      );
    });
  });

  test.each(['2025-9-1', '2025-02-29', '20250901', ''])('rejects the malformed date %p', (bad) => {
    expect(() => isWorkingDay(bad)).toThrow(RangeError);
    expect(() => addDays(bad, 1, 'calendar')).toThrow(RangeError);
  });

  test('rejects a fractional count', () => {
    expect(() => addWorkingDays('2025-11-17', 1.5)).toThrow(RangeError);
  });
});
