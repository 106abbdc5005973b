import type { CaseStatus, CaseSummary } from '@shared/contracts/case';
import { CLUE_CHANNEL_LABELS, type ClueChannel, type ClueView, type TaskKind } from '@shared/contracts/task';
import type { RiskType } from '@shared/contracts/common';
import type { Role } from '@shared/contracts/common';
import { summariseCase } from '@shared/domain/case';
import { valueRows, type Sql } from '../ports/db';

export interface CaseRow {
  id: string;
  household_id: string;
  status: CaseStatus;
  clue_date: string;
  version: number;
}

export async function findOpenCase(sql: Sql, householdId: string, forUpdate = false): Promise<CaseRow | null> {
  return (await findOpenCases(sql, [householdId], forUpdate)).get(householdId) ?? null;
}

/** findOpenCase for many households in one query, by household; locked in household order when `forUpdate`. */
export async function findOpenCases(sql: Sql, householdIds: string[], forUpdate = false): Promise<Map<string, CaseRow>> {
  const rows = await sql.query<CaseRow>(
    `select id, household_id, status, clue_date, version from cases where household_id = any($1::uuid[]) and is_open
      order by household_id ${forUpdate ? 'for update' : ''}`,
    [householdIds],
  );
  return new Map(rows.map((r) => [r.household_id, r]));
}

/** Inserts an open case unless one already is (then returns null: the caller reads the one that exists). */
export async function insertOpenCase(
  sql: Sql, householdId: string, status: CaseStatus, clueDate: string, now: Date,
): Promise<CaseRow | null> {
  return (await insertOpenCases(sql, [{ householdId, status, clueDate }], now)).get(householdId) ?? null;
}

/** insertOpenCase for many households in one statement: the cases inserted, by household (one that had an open case already is missing). */
export async function insertOpenCases(
  sql: Sql, cases: { householdId: string; status: CaseStatus; clueDate: string }[], now: Date,
): Promise<Map<string, CaseRow>> {
  if (!cases.length) return new Map();
  const v = valueRows(cases.map((c) => [c.householdId, c.status, c.clueDate, now, now]));
  const rows = await sql.query<CaseRow>(
    `insert into cases (household_id, status, clue_date, created_at, updated_at) values ${v.sql}
     on conflict (household_id) where is_open do nothing
     returning id, household_id, status, clue_date, version`,
    v.params,
  );
  return new Map(rows.map((r) => [r.household_id, r]));
}

/** Optimistic concurrency: the update applies only to the version that was read; false when someone got there first. */
export async function updateCase(
  sql: Sql, c: CaseRow, changes: { status: CaseStatus; clueDate: string }, now: Date,
): Promise<boolean> {
  const rows = await sql.query(
    `update cases set status = $3, clue_date = $4, version = version + 1, updated_at = $5
      where id = $1 and version = $2 returning id`,
    [c.id, c.version, changes.status, changes.clueDate, now],
  );
  return rows.length === 1;
}

/** updateCase for many cases in one statement: how many were still at the version read. */
export async function updateCases(
  sql: Sql, changes: { c: CaseRow; status: CaseStatus; clueDate: string }[], now: Date,
): Promise<number> {
  if (changes.length <= 1) return changes.length && (await updateCase(sql, changes[0].c, changes[0], now)) ? 1 : 0;
  const v = valueRows(changes.map((x) => [x.c.id, x.c.version, x.status, x.clueDate]), 2, ['uuid', 'int', 'text', 'date']);
  const rows = await sql.query(
    `update cases c set status = x.status, clue_date = x.clue_date, version = c.version + 1, updated_at = $1
       from (values ${v.sql}) as x(id, version, status, clue_date)
      where c.id = x.id and c.version = x.version returning c.id`,
    [now, ...v.params],
  );
  return rows.length;
}

/** Appends events to one case's timeline, in order, in one statement. */
export async function appendEvents(
  sql: Sql,
  e: { caseId: string; at: Date; actorId: string | null; actorRole: Role | null },
  events: { type: string; data: object }[],
): Promise<void> {
  await appendCaseEvents(sql, e, events.map((x) => ({ caseId: e.caseId, ...x })));
}

/** Appends events to several cases' timelines, in the order given, in one statement. */
export async function appendCaseEvents(
  sql: Sql,
  e: { at: Date; actorId: string | null; actorRole: Role | null },
  events: { caseId: string; type: string; data: object }[],
): Promise<void> {
  if (!events.length) return;
  const v = valueRows(events.map((x) => [x.caseId, e.at, e.actorId, e.actorRole, x.type, JSON.stringify(x.data)]));
  await sql.query(`insert into case_events (case_id, at, actor_id, actor_role, type, data) values ${v.sql}`, v.params);
}

export interface NewTask { caseId: string; kind: TaskKind; assigneeRole: Role; areaId: string; areaPath: string; dueOn: string }

/** Opens a task unless one of its kind is open on the case already; the new task's id, or null. */
export async function insertTask(sql: Sql, t: NewTask & { now: Date }): Promise<string | null> {
  return (await insertTasks(sql, [t], t.now))[0];
}

/** insertTask for many tasks in one statement: each new task's id, or null, in the order given. */
export async function insertTasks(sql: Sql, tasks: NewTask[], now: Date): Promise<(string | null)[]> {
  if (!tasks.length) return [];
  const v = valueRows(tasks.map((t) => [t.caseId, t.kind, t.assigneeRole, t.areaId, t.areaPath, t.dueOn, now]));
  const rows = await sql.query<{ id: string; case_id: string; kind: string }>(
    `insert into tasks (case_id, kind, assignee_role, area_id, area_path, due_on, created_at) values ${v.sql}
     on conflict (case_id, kind) where status = 'open' do nothing
     returning id, case_id, kind`,
    v.params,
  );
  // a task twice in the list is opened once: the first gets its id
  const ids = new Map(rows.map((r) => [`${r.case_id}|${r.kind}`, r.id]));
  return tasks.map((t) => {
    const key = `${t.caseId}|${t.kind}`;
    const id = ids.get(key) ?? null;
    ids.delete(key);
    return id;
  });
}

/** A case in words, with its next deadline (the earliest open task). */
export async function summariseCaseRow(sql: Sql, c: { id: string; status: CaseStatus; clue_date: string }): Promise<CaseSummary> {
  const [task] = await sql.query<{ kind: TaskKind; due_on: string; assignee_role: Role }>(
    `select kind, due_on, assignee_role from tasks where case_id = $1 and status = 'open' order by due_on limit 1`,
    [c.id],
  );
  return summariseCase(
    { id: c.id, status: c.status, clueDate: c.clue_date },
    task ? { kind: task.kind, dueOn: task.due_on, assigneeRole: task.assignee_role } : null,
  );
}

/** The open case of a household in words; null when there is none. */
export async function loadCaseSummary(sql: Sql, householdId: string): Promise<CaseSummary | null> {
  const c = await findOpenCase(sql, householdId);
  return c ? summariseCaseRow(sql, c) : null;
}

/** The clues of a case, oldest first, as staff see them. */
export async function loadClues(sql: Sql, caseId: string): Promise<ClueView[]> {
  const rows = await sql.query<{
    id: string; channel: ClueChannel; risk_types: RiskType[]; description: string; found_on: string; created_at: Date;
    department: string | null;
  }>('select id, channel, risk_types, description, found_on, created_at, department from clues where case_id = $1 order by created_at', [
    caseId,
  ]);
  return rows.map((c) => ({
    id: c.id, channel: c.channel,
    channelLabel: c.department ? `${CLUE_CHANNEL_LABELS[c.channel]}（${c.department}）` : CLUE_CHANNEL_LABELS[c.channel],
    riskTypes: c.risk_types, description: c.description, clueDate: c.found_on, reportedAt: c.created_at.toISOString(),
  }));
}
