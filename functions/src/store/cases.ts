import type { CaseStatus, CaseSummary } from '@shared/contracts/case';
import { CLUE_CHANNEL_LABELS, type ClueChannel, type ClueView, type TaskKind } from '@shared/contracts/task';
import type { RiskType } from '@shared/contracts/common';
import type { Role } from '@shared/contracts/common';
import { summariseCase } from '@shared/domain/case';
import type { Sql } from '../ports/db';

export interface CaseRow {
  id: string;
  household_id: string;
  status: CaseStatus;
  clue_date: string;
  version: number;
}

export async function findOpenCase(sql: Sql, householdId: string, forUpdate = false): Promise<CaseRow | null> {
  const [row] = await sql.query<CaseRow>(
    `select id, household_id, status, clue_date, version from cases where household_id = $1 and is_open
     ${forUpdate ? 'for update' : ''}`,
    [householdId],
  );
  return row ?? null;
}

/** Inserts an open case unless one already is (then returns null: the caller reads the one that exists). */
export async function insertOpenCase(
  sql: Sql, householdId: string, status: CaseStatus, clueDate: string, now: Date,
): Promise<CaseRow | null> {
  const [row] = await sql.query<CaseRow>(
    `insert into cases (household_id, status, clue_date, created_at, updated_at) values ($1, $2, $3, $4, $4)
     on conflict (household_id) where is_open do nothing
     returning id, household_id, status, clue_date, version`,
    [householdId, status, clueDate, now],
  );
  return row ?? null;
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

/** Appends events to one case's timeline, in order, in one statement. */
export async function appendEvents(
  sql: Sql,
  e: { caseId: string; at: Date; actorId: string | null; actorRole: Role | null },
  events: { type: string; data: object }[],
): Promise<void> {
  if (!events.length) return;
  await sql.query(
    `insert into case_events (case_id, at, actor_id, actor_role, type, data)
     select $1, $2, $3, $4, t.type, t.data::jsonb from unnest($5::text[], $6::text[]) with ordinality as t(type, data, n)
      order by t.n`,
    [e.caseId, e.at, e.actorId, e.actorRole, events.map((x) => x.type), events.map((x) => JSON.stringify(x.data))],
  );
}

/** Opens a task unless one of its kind is open on the case already; the new task's id, or null. */
export async function insertTask(
  sql: Sql,
  t: { caseId: string; kind: TaskKind; assigneeRole: Role; areaId: string; areaPath: string; dueOn: string; now: Date },
): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `insert into tasks (case_id, kind, assignee_role, area_id, area_path, due_on, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (case_id, kind) where status = 'open' do nothing
     returning id`,
    [t.caseId, t.kind, t.assigneeRole, t.areaId, t.areaPath, t.dueOn, t.now],
  );
  return row?.id ?? null;
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
