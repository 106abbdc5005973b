import type { Role } from '@shared/contracts/common';
import { addCalendarDays, chinaDate, daysBetween } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { householdLabel, type MessageKind } from '@shared/domain/messages';
import { WORKFLOW_STATES, WORKFLOW_TASK_LABELS, isMonitored, type WorkflowTaskKind } from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { log } from '../http/log';
import { enqueue, householdLabelOf, type Outgoing } from './outbox';
import { runCaseCommand } from './case-commands';

/**
 * The scheduled sweeps (serverless.yml schedules; `npm start` runs them on an interval; `npm run sweep` once).
 * Each is safe to run twice in a row or twice at once: what it tells is keyed in the outbox (outbox.ts) and what it
 * changes is guarded (a task's reminder level, a case's version), so a second run finds nothing left to do.
 */

/** Overdue work rises one level: the grid member's to the village, the village's to the township, and so on. */
export const ESCALATES_TO: Partial<Record<Role, Role>> = {
  grid_member: 'village_cadre',
  village_cadre: 'township_reviewer',
  township_reviewer: 'county_admin',
  county_admin: 'inspector',
  department_user: 'township_reviewer',
};

export interface DeadlineSweepReport {
  dueSoon: number;
  overdue: number;
  /** Outbox rows written (inbox and push copies). */
  messages: number;
}

interface DueRow {
  id: string;
  case_id: string;
  what: string;
  owner_role: Role;
  department: string | null;
  area_path: string;
  due_on: string;
  reminded: number;
  head_name: string | null;
  village: string | null;
  grp: string | null;
}

// Only open items still to be reminded whose date has come: the partial indexes tasks_to_remind and
// plan_measures_to_remind (migration 008) hold exactly those, so the sweep never reads the rest. The batch is taken
// first; then each item's household label (head, village, group) is looked up by its keys, item by item: `offset 0`
// keeps the planner from flattening that into a join of the batch with whole tables, which from a few thousand rows
// on it prefers as a hash join over every case or household (bench/sweep.ts shows the plan).
export const DUE_TASKS_SQL = `
  select t.id, t.case_id, t.kind as what, t.assignee_role as owner_role, null::text as department, t.area_path,
         to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.reminded, l.head_name, l.village, l.grp
    from (select * from tasks t
           where t.status = 'open' and t.reminded < 2 and t.due_on <= $2::date and (t.reminded = 0 or t.due_on < $1::date)
           order by t.due_on, t.id
           limit $3
           for update skip locked) t
    cross join lateral (
      select (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
             av.name as village, ag.name as grp
        from cases c
        join households h on h.id = c.household_id
        left join areas ag on ag.id = h.area_id
        left join areas av on av.id = ag.parent_id
       where c.id = t.case_id
      offset 0) l
   order by t.due_on, t.id`;

const DUE_MEASURES_SQL = `
  select p.id, p.case_id, p.measure as what, 'department_user' as owner_role, p.responsible_name as department, p.area_path,
         to_char(p.due_on, 'YYYY-MM-DD') as due_on, p.reminded, l.head_name, l.village, l.grp
    from (select * from plan_measures p
           where p.status = 'open' and p.reminded < 2 and p.due_on <= $2::date and (p.reminded = 0 or p.due_on < $1::date)
             and p.responsible_kind = 'department'
           order by p.due_on, p.id
           limit $3
           for update skip locked) p
    cross join lateral (
      select (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
             av.name as village, ag.name as grp
        from households h
        left join areas ag on ag.id = h.area_id
        left join areas av on av.id = ag.parent_id
       where h.id = p.household_id
      offset 0) l
   order by p.due_on, p.id`;

/** Due items taken per transaction by the deadline sweep. */
export const SWEEP_BATCH = 5000;

/**
 * 临期提醒 and 逾期督办: every open task (and department measure) due within config.push.remindDaysBefore days is
 * told to its owner once; once overdue, to its owner again and to the level above (ESCALATES_TO). Works in batches
 * of `batch`, each in its own transaction.
 */
export async function sweepDeadlines(deps: Deps, now: Date, opts: { batch?: number } = {}): Promise<DeadlineSweepReport> {
  const today = chinaDate(now);
  const soon = addCalendarDays(today, deps.config.push.remindDaysBefore);
  const batch = opts.batch ?? SWEEP_BATCH;
  const report: DeadlineSweepReport = { dueSoon: 0, overdue: 0, messages: 0 };
  for (const source of [
    { sql: DUE_TASKS_SQL, table: 'tasks', prefix: 'task' as const },
    { sql: DUE_MEASURES_SQL, table: 'plan_measures', prefix: 'measure' as const },
  ]) {
    for (;;) {
      const n = await deps.db.transaction(async (tx) => {
        const rows = await tx.query<DueRow>(source.sql, [today, soon, batch]);
        const messages: Outgoing[] = [];
        const soonIds: string[] = [];
        const overdueIds: string[] = [];
        for (const r of rows) {
          const overdue = r.due_on < today;
          (overdue ? overdueIds : soonIds).push(r.id);
          const what = source.prefix === 'task' ? WORKFLOW_TASK_LABELS[r.what as WorkflowTaskKind] : r.what;
          const facts = {
            caseId: r.case_id, household: householdLabel(r.head_name, r.village, r.grp), what, dueOn: r.due_on,
            daysOverdue: overdue ? daysBetween(r.due_on, today) : 0, ownerRole: r.owner_role, reason: r.department ?? undefined,
          };
          const cause = `${source.prefix}:${r.id}`;
          const owner = { role: r.owner_role, areaPath: r.area_path, department: r.department };
          messages.push({ cause, kind: `${source.prefix}.${overdue ? 'overdue' : 'due_soon'}` as MessageKind, facts, to: owner });
          const above = ESCALATES_TO[r.owner_role];
          if (overdue && above) {
            messages.push({ cause, kind: `${source.prefix}.escalated` as MessageKind, facts, to: { role: above, areaPath: r.area_path } });
          }
        }
        report.messages += await enqueue(tx, deps, messages, now);
        if (soonIds.length) await tx.query(`update ${source.table} set reminded = 1 where id = any($1::uuid[])`, [soonIds]);
        if (overdueIds.length) await tx.query(`update ${source.table} set reminded = 2 where id = any($1::uuid[])`, [overdueIds]);
        report.dueSoon += soonIds.length;
        report.overdue += overdueIds.length;
        return rows.length;
      });
      if (n < batch) break;
    }
  }
  return report;
}

/** No one's account: the sweep acts for the village when a notice has run its course. */
const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * 公示期满自动报审: a notice whose last day has passed with no open objection goes on to township review by itself
 * (the timeline says so, naming no one), and the village cadres are told. A notice with an open objection waits for
 * the village to verify it; its task's reminders do the chasing. A case someone moved meanwhile is left alone.
 */
export async function advanceNotices(deps: Deps, now: Date): Promise<{ advanced: number }> {
  const today = chinaDate(now);
  const due = await deps.db.query<{ case_id: string; version: number; household_id: string; area_id: string; area_path: string; end_on: string }>(
    `select c.id as case_id, c.version, c.household_id, h.area_id, h.area_path, to_char(t.due_on, 'YYYY-MM-DD') as end_on
       from tasks t join cases c on c.id = t.case_id join households h on h.id = c.household_id
      where t.status = 'open' and t.kind = 'end_notice' and t.due_on < $1::date
        and c.status in ('notice', 'elimination_notice') and jsonb_array_length(c.facts->'openObjectionIds') = 0
      order by t.due_on`,
    [today],
  );
  let advanced = 0;
  for (const c of due) {
    const system: Actor = { userId: SYSTEM_USER_ID, role: 'village_cadre', areaId: c.area_id, areaPath: c.area_path, householdId: null };
    try {
      const r = await runCaseCommand(deps, system, c.case_id, { type: 'endNotice' }, c.version, now, {
        recordedActorId: null, eventData: { automatic: true },
      });
      await deps.db.transaction(async (tx) => enqueue(tx, deps, [{
        cause: `case:${c.case_id}:v${r.version}`, kind: 'notice.advanced',
        facts: { caseId: c.case_id, household: await householdLabelOf(tx, c.household_id), endOn: c.end_on },
        to: { role: 'village_cadre', areaPath: c.area_path },
      }], now));
      advanced++;
    } catch (err) {
      // someone acted on the case since it was read, or an objection came in: the next sweep looks again
      if (!(err instanceof AppError)) throw err;
      log('info', 'notice not advanced', { caseId: c.case_id, code: err.code });
    }
  }
  return { advanced };
}

const MONITORED_STATES = WORKFLOW_STATES.filter(isMonitored);

/**
 * 每月走访提醒: once a month, each grid member is told how many households of their group are to be visited (every
 * 脱贫户 and every monitored household, as in the visit plan), due by the month's end.
 */
export async function remindMonthlyVisits(deps: Deps, now: Date): Promise<{ groups: number; messages: number }> {
  const today = chinaDate(now);
  const month = today.slice(0, 7);
  const monthEnd = addCalendarDays(addCalendarDays(`${month}-01`, 32).slice(0, 7) + '-01', -1);
  const groups = await deps.db.query<{ area_path: string; households: number }>(
    `select h.area_path, count(*)::int as households
       from households h
       left join cases c on c.household_id = h.id and c.is_open and c.status = any($1::text[])
      where h.category = 'lifted' or c.id is not null
      group by h.area_path`,
    [MONITORED_STATES],
  );
  const messages = await deps.db.transaction((tx) => enqueue(tx, deps, groups.map((g) => ({
    cause: `visits:${month}:${g.area_path}`, kind: 'visits.monthly' as const,
    facts: { count: g.households, month, dueOn: monthEnd },
    to: { role: 'grid_member' as const, areaPath: g.area_path },
  })), now));
  return { groups: groups.length, messages };
}
