import { addCalendarDays, ageOn, chinaDate, daysBetween } from '@shared/domain/dates';

describe('dates in Beijing time', () => {
  test.each([
    ['2026-11-19T15:59:59Z', '2026-11-19'],
    ['2026-11-19T16:00:00Z', '2026-11-20'], // midnight in Beijing
    ['2026-12-31T16:30:00Z', '2027-01-01'],
  ])('%s is %s in China', (instant, date) => {
    expect(chinaDate(new Date(instant))).toBe(date);
  });

  test.each([
    ['2026-11-20', 15, '2026-12-05'],
    ['2026-12-25', 10, '2027-01-04'],
    ['2028-02-20', 10, '2028-03-01'], // leap year
  ])('%s + %i calendar days = %s', (from, n, to) => {
    expect(addCalendarDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
  });

  test.each([
    ['1950-11-21', '2026-11-20', 75],
    ['1950-11-20', '2026-11-20', 76],
    ['2020-02-29', '2026-02-28', 5],
  ])('born %s, on %s aged %i', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });
});
