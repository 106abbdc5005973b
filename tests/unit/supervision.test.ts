import { TimelinessQuerySchema } from '../../shared/src/contracts/supervision';
import {
  addToRate, deadlineWindow, emptyRate, isCalendarDate, punctuality, pushProblem, PUSH_PROBLEM_LABELS, rateText,
} from '../../shared/src/domain/supervision';

describe('deadlineWindow', () => {
  test.each([
    ['2026-11-20', 2, '2026-11-22'],
    ['2026-12-31', 2, '2027-01-02'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-11-20', 0, '2026-11-20'],
  ])('%s with %i days ahead → due soon up to %s', (today, days, until) => {
    expect(deadlineWindow(today, days)).toEqual({ today, soonUntil: until });
  });
});

describe('punctuality', () => {
  test.each([
    // done on the deadline day is on time; a day later is late
    ['2026-10-16', '2026-10-16', '2026-11-20', 'on_time'],
    ['2026-10-17', '2026-10-16', '2026-11-20', 'late'],
    ['2026-10-01', '2026-10-16', '2026-10-02', 'on_time'],
    // not done: late only once the deadline has passed; on the deadline day itself still pending
    [null, '2026-10-16', '2026-10-17', 'late'],
    [null, '2026-10-16', '2026-10-16', 'pending'],
    [null, '2026-11-25', '2026-11-20', 'pending'],
  ] as const)('done %s, deadline %s, today %s → %s', (done, deadline, today, expected) => {
    expect(punctuality(done, deadline, today)).toBe(expected);
  });
});

describe('rates', () => {
  test('pending cases stay out of the total; the rate is on time over the total', () => {
    let r = emptyRate();
    expect(r.rate).toBeNull();
    r = addToRate(r, 'on_time', 2);
    r = addToRate(r, 'late');
    r = addToRate(r, 'pending', 5);
    expect(r).toEqual({ onTime: 2, late: 1, pending: 5, total: 3, rate: 2 / 3 });
    expect(addToRate(emptyRate(), 'pending', 3)).toEqual({ onTime: 0, late: 0, pending: 3, total: 0, rate: null });
  });

  test.each([[null, '—'], [0, '0%'], [1, '100%'], [2 / 3, '66.7%'], [0.5, '50%'], [0.9333, '93.3%']] as const)('%s → %s', (rate, text) => {
    expect(rateText(rate)).toBe(text);
  });
});

describe('pushProblem', () => {
  test.each([
    ['sent', null, null],
    ['pending', '-1 system busy', null],
    ['unreachable', 'no_grant', 'no_grant'],
    ['unreachable', 'no_openid', 'no_openid'],
    ['unreachable', '43101', 'refused'],
    ['failed', '40003 invalid openid', 'failed'],
  ] as const)('%s / %s → %s', (status, lastError, problem) => {
    expect(pushProblem(status, lastError)).toBe(problem);
  });

  test('every problem has a Chinese label', () => {
    expect(Object.values(PUSH_PROBLEM_LABELS)).toEqual(['未订阅消息', '未绑定微信', '拒收', '推送失败']);
  });
});

describe('the period', () => {
  test.each(['2026-02-28', '2028-02-29', '2026-12-31'])('%s is a day', (d) => expect(isCalendarDate(d)).toBe(true));
  test.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-1-1', '20261001', ''])('%s is not', (d) => {
    expect(isCalendarDate(d)).toBe(false);
  });

  test('from after to is refused with a Chinese message on the field', () => {
    const r = TimelinessQuerySchema.safeParse({ from: '2026-11-02', to: '2026-11-01' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toEqual([expect.objectContaining({ path: ['from'], message: '开始日期不能晚于结束日期' })]);
    expect(TimelinessQuerySchema.safeParse({ from: '2026-11-01', to: '2026-11-01' }).success).toBe(true);
    expect(TimelinessQuerySchema.safeParse({}).success).toBe(true);
    expect(TimelinessQuerySchema.safeParse({ from: '2026-11-01', extra: '1' }).success).toBe(false);
  });
});
