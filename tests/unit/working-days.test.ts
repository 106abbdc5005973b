import { CALENDAR_NOT_COVERED, CalendarNotCoveredError } from '@shared/domain/calendar';
import { identificationDue, receiveClue } from '@shared/domain/case';
import { addDaysFor, type Policy } from '@shared/domain/policy';
import {
  transition, workflowPolicy, type CaseFacts, type WorkflowCommand, type WorkflowContext, type WorkflowEffect,
  type WorkflowState,
} from '@shared/domain/workflow';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/*
 * Deadlines when a region counts working days (Policy.dayCount = 'working'), across the two long holidays.
 * The expected dates are counted by hand from the State Council's notices, not from the data under test:
 *   国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）
 *     国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
 *   国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）
 *     春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 * chinese-days 1.5.7 (dist/chinese-days.json) holds the same: holidays 2025-10-01…2025-10-08 and 2026-02-15…2026-02-23,
 * workdays 2025-09-28, 2025-10-11, 2026-02-14, 2026-02-28.
 *
 * Counting: day 0 is the start date; "within n days of d" is the n-th (working) day after d, inclusive.
 */

const base: Omit<Policy, 'dayCount'> = {
  areaId: 'qh', year: 2025, monitoringLineYuan: 7300, identificationDays: 15, noticeMinDays: 5, planDays: 10,
};
const WORKING: Policy = { ...base, dayCount: 'working' };
const CALENDAR: Policy = { ...base, dayCount: 'calendar' };

describe('addDaysFor(policy): each procedural deadline in both modes', () => {
  test.each([
    // National Day 2025. Working days after Fri 09-26: Sun 09-28 (1, 调休上班), 09-29 (2), 09-30 (3), [10-01…10-08 off],
    // 10-09 (4), 10-10 (5), Sat 10-11 (6, 调休上班), 10-13 (7) … 10-17 (11), 10-20 (12) … 10-23 (15)
    { name: 'identification: clue Fri 2025-09-26 + 15', from: '2025-09-26', n: 15, working: '2025-10-23', calendar: '2025-10-11' },
    // after Tue 09-30: 10-09, 10-10, Sat 10-11, 10-13, 10-14 (5) … 10-17 (8), 10-20 (9), 10-21 (10)
    { name: 'plan: identified Tue 2025-09-30 + 10', from: '2025-09-30', n: 10, working: '2025-10-21', calendar: '2025-10-10' },
    { name: 'notice: started Tue 2025-09-30, at least 5', from: '2025-09-30', n: 5, working: '2025-10-14', calendar: '2025-10-05' },
    // Saturday 09-27 is an ordinary weekend day, but Sunday 09-28 is worked: the count starts there
    { name: 'notice: started Fri 2025-09-26, at least 5', from: '2025-09-26', n: 5, working: '2025-10-10', calendar: '2025-10-01' },
    // Spring Festival 2026. After Fri 02-13: Sat 02-14 (1, 调休上班), [02-15…02-23 off], 02-24 (2), 02-25 (3), 02-26 (4), 02-27 (5)
    { name: 'notice: started Fri 2026-02-13, at least 5', from: '2026-02-13', n: 5, working: '2026-02-27', calendar: '2026-02-18' },
    // after Tue 02-10: 02-11, 02-12, 02-13, Sat 02-14 (4), 02-24 … 02-27 (8), Sat 02-28 (9, 调休上班), 03-02 … 03-06 (14), 03-09 (15)
    { name: 'identification: clue Tue 2026-02-10 + 15', from: '2026-02-10', n: 15, working: '2026-03-09', calendar: '2026-02-25' },
    // after Thu 02-12: 02-13, Sat 02-14, 02-24 … 02-27 (6), Sat 02-28 (7), 03-02 (8), 03-03 (9), 03-04 (10)
    { name: 'plan: identified Thu 2026-02-12 + 10', from: '2026-02-12', n: 10, working: '2026-03-04', calendar: '2026-02-22' },
    // a clue found on a holiday: day 0 is the holiday itself, the first working day is Tue 02-24
    { name: 'identification: clue on 正月初一 2026-02-17 + 15', from: '2026-02-17', n: 15, working: '2026-03-13', calendar: '2026-03-04' },
  ])('$name', ({ from, n, working, calendar }) => {
    expect(addDaysFor(WORKING)(from, n)).toBe(working);
    expect(addDaysFor(CALENDAR)(from, n)).toBe(calendar);
  });

  test('a year without published holidays is refused in working mode, never guessed; calendar mode needs no data', () => {
    expect(() => addDaysFor(WORKING)('2027-03-01', 5)).toThrow(CalendarNotCoveredError);
    // late December needs the next year's 元旦 arrangement
    expect(() => addDaysFor(WORKING)('2026-12-20', 15)).toThrow(expect.objectContaining({ code: CALENDAR_NOT_COVERED, year: 2027 }));
    expect(addDaysFor(CALENDAR)('2026-12-20', 15)).toBe('2027-01-04');
  });
});

describe('the first task when a clue opens a case follows the policy', () => {
  const clue = { channel: 'self_declared' as const, riskTypes: ['illness' as const], description: '住院', foundOn: '2025-09-26' };
  test.each([
    { policy: WORKING, dueOn: '2025-10-23' },
    { policy: CALENDAR, dueOn: '2025-10-11' },
  ])('$policy.dayCount: clue 2025-09-26 → 入户核实 due $dueOn', ({ policy, dueOn }) => {
    expect(identificationDue('2025-09-26', policy)).toBe(dueOn);
    const tasks = receiveClue(null, clue, policy).effects.filter((e) => e.type === 'task');
    expect(tasks).toEqual([{ type: 'task', kind: 'verify', assigneeRole: 'grid_member', dueOn }]);
  });
});

// ── the workflow, with the context built as runCaseCommand builds it (addDays: addDaysFor(policy)) ────────────────
const FACTS: CaseFacts = {
  clueDate: '2026-02-10', notice: null, openObjectionIds: [], identifiedOn: null, eliminationProposedOn: null,
  household: { category: 'lifted', wholeHouseholdWithoutLabour: false },
};
function ctx(policy: Policy, role: 'village_cadre' | 'county_admin' | 'grid_member', today: string, facts: Partial<CaseFacts> = {}): WorkflowContext {
  const areaPath = { village_cadre: '/qh/t1/v1/', county_admin: '/qh/', grid_member: '/qh/t1/v1/g1/' }[role];
  return {
    today,
    policy: workflowPolicy(policy),
    actor: { userId: `u-${role}`, role, areaPath, isRelatedToHousehold: false },
    householdAreaPath: '/qh/t1/v1/g1/',
    facts: { ...FACTS, ...facts },
    addDays: addDaysFor(policy),
  };
}
const run = (from: WorkflowState, command: WorkflowCommand, c: WorkflowContext) => transition(from, command, c);
const tasksOf = (effects: WorkflowEffect[]) => effects.flatMap((e) => (e.type === 'task' ? [{ kind: e.kind, dueOn: e.dueOn }] : []));

describe('noticeLongEnough in working-day mode (Spring Festival 2026)', () => {
  test.each([
    { policy: WORKING, endOn: '2026-02-18', ok: false, why: '5 calendar days, but only 1 working day (Sat 02-14)' },
    { policy: WORKING, endOn: '2026-02-26', ok: false, why: '4 working days' },
    { policy: WORKING, endOn: '2026-02-27', ok: true, why: 'the 5th working day' },
    { policy: CALENDAR, endOn: '2026-02-17', ok: false, why: '4 calendar days' },
    { policy: CALENDAR, endOn: '2026-02-18', ok: true, why: '5 calendar days' },
  ])('$policy.dayCount: notice 2026-02-13 → $endOn: $why', ({ policy, endOn, ok }) => {
    const r = run('notice_due', { type: 'startNotice', startOn: '2026-02-13', endOn }, ctx(policy, 'village_cadre', '2026-02-13'));
    if (ok) {
      expect(r).toMatchObject({ ok: true, next: 'notice' });
    } else {
      expect(r).toEqual({ ok: false, code: 'CASE.NOTICE_TOO_SHORT', guard: 'noticeLongEnough', message: expect.any(String) });
    }
  });
});

describe('task due dates in working-day mode', () => {
  test('every identification step works to clue + 15 working days (National Day 2025)', () => {
    const r = run('verifying', { type: 'verify', verifiedOn: '2025-09-29', findings: '住院', authorisationSigned: true, verification: SAMPLE_VERIFICATION },
      ctx(WORKING, 'grid_member', '2025-09-29', { clueDate: '2025-09-26' }));
    expect(r.ok && tasksOf(r.effects)).toEqual([{ kind: 'deliberate', dueOn: '2025-10-23' }]);
  });

  test.each([
    { policy: WORKING, plan: '2025-10-21' },
    { policy: CALENDAR, plan: '2025-10-10' },
  ])('$policy.dayCount: county approval on 2025-09-30 → plan due $plan; the monthly visit stays 30 calendar days', ({ policy, plan }) => {
    const r = run('county_review', {
      type: 'approveAtCounty', category: 'unstable_lifted', riskTypes: ['illness'], identifiedOn: '2025-09-30', opinion: '同意纳入',
    }, ctx(policy, 'county_admin', '2025-09-30', { clueDate: '2025-09-26' }));
    expect(r.ok && tasksOf(r.effects)).toEqual([
      { kind: 'make_plan', dueOn: plan },
      { kind: 'track', dueOn: '2025-10-30' },
    ]);
  });

  test('a visit recorded in working-day mode sets the next one 30 calendar days on, across the holiday', () => {
    const r = run('tracking', { type: 'recordTracking', visitedOn: '2026-02-13', note: '病情稳定', incomePerCapitaYuan: null, newRisk: false },
      ctx(WORKING, 'grid_member', '2026-02-13', { identifiedOn: '2025-10-01' }));
    expect(r.ok && tasksOf(r.effects)).toEqual([{ kind: 'track', dueOn: '2026-03-15' }]);
  });
});
