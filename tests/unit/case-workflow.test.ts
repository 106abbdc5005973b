import { receiveClue, summariseCase, type CaseState, type Clue } from '@shared/domain/case';
import type { Policy } from '@shared/domain/policy';

const policy: Policy = {
  areaId: 'qh', year: 2026, monitoringLineYuan: 7300, identificationDays: 15, noticeMinDays: 5, planDays: 10,
  dayCount: 'calendar',
};
const clue = (foundOn: string): Clue => ({ channel: 'self_declared', riskTypes: ['illness'], description: '住院', foundOn });

describe('receiveClue', () => {
  const cases: {
    name: string; open: CaseState | null; clue: Clue; p?: Partial<Policy>;
    next: Omit<CaseState, 'id'>; events: string[]; task: { dueOn: string; assigneeRole: string } | null;
  }[] = [
    {
      name: 'no open case: opens one awaiting home verification, task due clue + 15 days',
      open: null, clue: clue('2026-11-20'),
      next: { status: 'verifying', clueDate: '2026-11-20' }, events: ['case_opened', 'clue_added'],
      task: { dueOn: '2026-12-05', assigneeRole: 'grid_member' },
    },
    {
      name: 'the limit comes from the policy, not from code',
      open: null, clue: clue('2026-11-20'), p: { identificationDays: 20 },
      next: { status: 'verifying', clueDate: '2026-11-20' }, events: ['case_opened', 'clue_added'],
      task: { dueOn: '2026-12-10', assigneeRole: 'grid_member' },
    },
    {
      name: 'open case: the clue joins it, no second task, the clock keeps the first clue date',
      open: { id: 'c1', status: 'verifying', clueDate: '2026-11-10' }, clue: clue('2026-11-20'),
      next: { status: 'verifying', clueDate: '2026-11-10' }, events: ['clue_added'], task: null,
    },
    {
      name: 'open case with a later date than an earlier-found clue: the earliest date wins',
      open: { id: 'c1', status: 'verifying', clueDate: '2026-11-20' }, clue: clue('2026-11-18'),
      next: { status: 'verifying', clueDate: '2026-11-18' }, events: ['clue_added'], task: null,
    },
  ];

  test.each(cases)('$name', ({ open, clue: c, p, next, events, task }) => {
    const t = receiveClue(open, c, { ...policy, ...p });
    expect(t.next).toMatchObject(next);
    expect(t.effects.filter((e) => e.type === 'event').map((e) => (e.type === 'event' ? e.event : ''))).toEqual(events);
    const tasks = t.effects.filter((e) => e.type === 'task');
    expect(tasks).toEqual(task ? [{ type: 'task', kind: 'verify', ...task }] : []);
  });
});

describe('summariseCase', () => {
  test('states the next deadline and who owns it, in Chinese', () => {
    const s = summariseCase(
      { id: 'c1', status: 'verifying', clueDate: '2026-11-20' },
      { kind: 'verify', dueOn: '2026-12-05', assigneeRole: 'grid_member' },
    );
    expect(s).toEqual({
      id: 'c1', status: 'verifying', statusLabel: '待入户核实', explanation: expect.stringContaining('网格员'),
      clueDate: '2026-11-20', nextDeadline: { date: '2026-12-05', label: '入户核实', ownerRole: 'grid_member', ownerLabel: '网格员' },
    });
  });
});
