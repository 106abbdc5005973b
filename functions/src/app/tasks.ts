import type { TaskDetailResponse, TaskView } from '@shared/contracts/task';
import { CLUE_CHANNEL_LABELS, TASK_KIND_LABELS, type ClueChannel, type TaskKind } from '@shared/contracts/task';
import type { RiskType } from '@shared/contracts/common';
import { chinaDate, daysBetween } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { PLACE_COLUMNS, PLACE_JOINS, placeOf, type PlaceRow } from '../store/areas';
import { loadHouseholdView } from '../store/households';
import { loadClues } from '../store/cases';

type TaskRow = PlaceRow & {
  id: string; kind: TaskKind; status: 'open' | 'done'; case_id: string; household_id: string; household_number: string;
  head_name: string; channel: ClueChannel; risk_types: RiskType[]; clue_date: string; due_on: string; created_at: Date;
};

// the latest clue's channel, and every risk type the case's clues name in the order they were first named
const TASK_SELECT = `
  select t.id, t.kind, t.status, t.case_id, h.id as household_id, h.number as household_number,
         (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
         (select channel from clues where case_id = c.id order by created_at desc limit 1) as channel,
         array(select u.rt from clues cl, unnest(cl.risk_types) with ordinality as u(rt, n) where cl.case_id = c.id
                group by u.rt order by min(cl.created_at), min(u.n)) as risk_types,
         c.clue_date, t.due_on, t.created_at, ${PLACE_COLUMNS}
    from tasks t
    join cases c on c.id = t.case_id
    join households h on h.id = c.household_id
    ${PLACE_JOINS}`;

/** The open tasks for a role ($1) within an area path ($2), most urgent first (also what bench/bare-server.ts runs). */
export const LIST_TASKS_SQL = `${TASK_SELECT}
  where t.status = 'open' and t.assignee_role = $1 and t.area_path like $2 || '%'
  order by t.due_on, t.created_at limit 500`;

function taskView(r: TaskRow, today: string): TaskView {
  return {
    id: r.id, kind: r.kind, kindLabel: TASK_KIND_LABELS[r.kind], status: r.status, caseId: r.case_id,
    householdId: r.household_id, householdNumber: r.household_number, headName: r.head_name, place: placeOf(r),
    channel: r.channel, channelLabel: CLUE_CHANNEL_LABELS[r.channel], riskTypes: r.risk_types,
    clueDate: r.clue_date, dueDate: r.due_on, daysLeft: daysBetween(today, r.due_on), createdAt: r.created_at.toISOString(),
  };
}

/** The open tasks waiting for this role within the actor's area, the most urgent first. */
export async function listTasks(deps: Deps, actor: Actor, now: Date): Promise<TaskView[]> {
  if (actor.role === 'farmer' || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const rows = await deps.db.query<TaskRow>(LIST_TASKS_SQL, [actor.role, actor.areaPath]);
  const today = chinaDate(now);
  return rows.map((r) => taskView(r, today));
}

export async function getTask(deps: Deps, actor: Actor, id: string, now: Date): Promise<TaskDetailResponse> {
  if (actor.role === 'farmer' || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.query<TaskRow>(`${TASK_SELECT} where t.id = $1 and t.area_path like $2 || '%'`, [
      id, actor.areaPath,
    ]);
    if (!row) throw new AppError('TASK.NOT_FOUND');
    return {
      task: taskView(row, today),
      household: await loadHouseholdView(tx, row.household_id, today),
      clues: await loadClues(tx, row.case_id),
    };
  });
}
