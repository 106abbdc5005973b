import crypto from 'node:crypto';
import type { ReportClueRequest, ReportClueResponse } from '@shared/contracts/clue';
import type { CaseSummary } from '@shared/contracts/case';
import type { RiskType, Role } from '@shared/contracts/common';
import { receiveClue, type CaseState, type Clue } from '@shared/domain/case';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { valueRows, type Sql } from '../ports/db';
import { appendCaseEvents, findOpenCases, insertOpenCases, insertTasks, loadCaseSummary, summariseCaseRow, updateCases } from '../store/cases';
import { findHousehold, type HouseholdRef } from '../store/households';
import { findPolicies } from '../store/policies';
import { assertCanSee } from './households';
import { enqueue, householdLabelsOf, type Outgoing } from './outbox';
import { TASK_KIND_LABELS } from '@shared/contracts/task';

export type ClueRow = {
  id: string; case_id: string; channel: Clue['channel']; risk_types: RiskType[]; description: string;
  created_at: Date; found_on: string; request_hash: string;
};

/** Raised inside the transaction when a concurrent one committed what we were about to write: the caller retries. */
export class RetryableConflict extends Error {
  constructor() {
    super('concurrent write; retry');
  }
}

/** Runs `attempt` again (up to 3 times) when a concurrent request committed first; the next try joins or replays it. */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof RetryableConflict) || n === 3) throw err;
    }
  }
}

export function hashOf(parts: unknown[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

export async function findClueByKey(sql: Sql, userId: string, clientKey: string): Promise<ClueRow | null> {
  const [row] = await sql.query<ClueRow>(
    `select id, case_id, channel, risk_types, description, created_at, found_on, request_hash from clues
      where reported_by = $1 and client_key = $2`,
    [userId, clientKey],
  );
  return row ?? null;
}

/** What writeClue wrote, and the messages it leaves to the caller to enqueue. */
export interface WrittenClue {
  clue: ClueRow;
  caseId: string;
  openedCase: boolean;
  next: CaseState;
  messages: Outgoing[];
}

/**
 * A risk clue from any channel, inside the caller's transaction: it opens a case awaiting 入户核实 (the clock starts
 * on the day the clue was found, the group's grid member gets the task) or joins the household's open case — never a
 * second one. Concurrent clues for one household queue on the open case's row lock. The messages (the new task's
 * owner) are returned, not enqueued: recordClue enqueues them; the department import enqueues a batch's at once.
 */
export async function writeClue(
  tx: Sql, actor: Actor, household: HouseholdRef, clue: ClueToWrite['clue'], key: ClueToWrite['key'], now: Date,
): Promise<WrittenClue> {
  return (await writeClues(tx, actor, [{ household, clue, key }], now))[0];
}

export interface ClueToWrite {
  household: HouseholdRef;
  clue: Clue & { consentAt: Date | null; department: string | null };
  key: { clientKey: string; hash: string };
}

/**
 * writeClue for many clues (the department import's), each statement once for all of them. The clues of one
 * household are written in turns, in the order given: its second clue joins the case its first opened. Written in
 * the order given; any clue whose key a concurrent transaction committed meanwhile, or a case another opened, throws
 * RetryableConflict (the caller redoes the lot).
 */
export async function writeClues(tx: Sql, actor: Actor, items: ClueToWrite[], now: Date): Promise<WrittenClue[]> {
  const written: WrittenClue[] = new Array(items.length);
  const turns: number[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const turn = seen.get(item.household.id) ?? 0;
    seen.set(item.household.id, turn + 1);
    (turns[turn] ??= []).push(i);
  });
  for (const turn of turns) {
    const some = await writeCluesOfDistinctHouseholds(tx, actor, turn.map((i) => items[i]), now);
    turn.forEach((i, k) => (written[i] = some[k]));
  }
  return written;
}

/** writeClues for clues of different households. */
async function writeCluesOfDistinctHouseholds(tx: Sql, actor: Actor, items: ClueToWrite[], now: Date): Promise<WrittenClue[]> {
  const year = Number(chinaDate(now).slice(0, 4));
  const policies = await findPolicies(tx, items.map((it) => it.household.area_path), year);
  const open = await findOpenCases(tx, items.map((it) => it.household.id), true);
  const steps = items.map((it) => {
    const policy = policies.get(it.household.area_path);
    if (!policy) throw new AppError('POLICY.MISSING');
    const row = open.get(it.household.id) ?? null;
    const state: CaseState | null = row ? { id: row.id, status: row.status, clueDate: row.clue_date } : null;
    return { ...it, row, ...receiveClue(state, it.clue, policy) };
  });

  const joining = steps.filter((s) => s.row);
  const changes = joining.map((s) => ({ c: s.row!, status: s.next.status, clueDate: s.next.clueDate }));
  if (await updateCases(tx, changes, now) !== changes.length) throw new Error('case changed under a row lock');
  const opening = steps.filter((s) => !s.row);
  const opened = await insertOpenCases(tx, opening.map((s) => ({ householdId: s.household.id, status: s.next.status, clueDate: s.next.clueDate })), now);
  // another clue opened a case between our read and insert: it is committed now, so try again on it
  if (opened.size !== opening.length) throw new RetryableConflict();
  const caseIds = steps.map((s) => (s.row ?? opened.get(s.household.id)!).id);

  const rows = await insertClues(tx, actor, steps.map((s, i) => ({ caseId: caseIds[i], householdId: s.household.id, clue: s.clue, key: s.key })), now);
  // a key was committed by a concurrent retry while we waited: undo ours, answer with theirs
  if (rows.some((r) => !r)) throw new RetryableConflict();

  await appendCaseEvents(tx, { at: now, actorId: actor.userId, actorRole: actor.role }, steps.flatMap((s, i) => s.effects.flatMap((e) => (
    e.type === 'event'
      ? [{ caseId: caseIds[i], type: e.event, data: { ...e.data, clueId: rows[i]!.id, ...(s.clue.department ? { department: s.clue.department } : {}) } }]
      : []))));
  const tasks = steps.flatMap((s, i) => s.effects.flatMap((e) => (e.type === 'task' ? [{ i, effect: e }] : [])));
  const taskIds = await insertTasks(tx, tasks.map(({ i, effect }) => ({
    caseId: caseIds[i], kind: effect.kind, assigneeRole: effect.assigneeRole, areaId: steps[i].household.area_id,
    areaPath: steps[i].household.area_path, dueOn: effect.dueOn,
  })), now);
  const told = tasks.filter((_, k) => taskIds[k]).map(({ i }) => steps[i].household.id);
  const labels = told.length ? await householdLabelsOf(tx, told) : new Map<string, string>();
  const messages: Outgoing[][] = steps.map(() => []);
  tasks.forEach(({ i, effect }, k) => {
    const taskId = taskIds[k];
    if (!taskId) return;
    const household = steps[i].household;
    messages[i].push({
      cause: `task:${taskId}`, kind: 'task.new',
      facts: {
        caseId: caseIds[i], household: labels.get(household.id)!,
        what: TASK_KIND_LABELS[effect.kind], dueOn: effect.dueOn,
      },
      to: { role: effect.assigneeRole, areaPath: household.area_path, exceptUserId: actor.userId },
    });
  });
  return steps.map((s, i) => ({ clue: rows[i]!, caseId: caseIds[i], openedCase: !s.row, next: s.next, messages: messages[i] }));
}

/** The clues in one statement, in the order given: each row, or null where the reporter's key was taken already. */
async function insertClues(
  tx: Sql, actor: Actor, clues: { caseId: string; householdId: string; clue: ClueToWrite['clue']; key: ClueToWrite['key'] }[], now: Date,
): Promise<(ClueRow | null)[]> {
  const v = valueRows(clues.map((c) => [
    c.caseId, c.householdId, c.clue.channel, c.clue.riskTypes, c.clue.description, c.clue.consentAt, c.clue.foundOn,
    actor.userId, c.key.clientKey, c.key.hash, c.clue.department, now,
  ]));
  const rows = await tx.query<ClueRow & { client_key: string }>(
    `insert into clues (case_id, household_id, channel, risk_types, description, consent_at, found_on,
                        reported_by, client_key, request_hash, department, created_at)
     values ${v.sql}
     on conflict (reported_by, client_key) do nothing
     returning id, case_id, channel, risk_types, description, created_at, found_on, request_hash, client_key`,
    v.params,
  );
  const byKey = new Map(rows.map(({ client_key, ...row }) => [client_key, row as ClueRow]));
  return clues.map((c) => {
    const row = byKey.get(c.key.clientKey) ?? null;
    byKey.delete(c.key.clientKey);
    return row;
  });
}

/** writeClue, its messages enqueued, and the case's summary as the reporter sees it next. */
export async function recordClue(
  tx: Sql, deps: Pick<Deps, 'config' | 'push'>, actor: Actor, household: HouseholdRef,
  clue: Clue & { consentAt: Date | null; department: string | null }, key: { clientKey: string; hash: string }, now: Date,
): Promise<{ clue: ClueRow; caseId: string; openedCase: boolean; summary: CaseSummary }> {
  const w = await writeClue(tx, actor, household, clue, key, now);
  await enqueue(tx, deps, w.messages, now);
  const summary = await summariseCaseRow(tx, { id: w.caseId, status: w.next.status, clue_date: w.next.clueDate });
  return { clue: w.clue, caseId: w.caseId, openedCase: w.openedCase, summary };
}

/** Who reports a clue from each staff channel. The county may enter a department's alert by hand. */
const REPORTERS: Record<ReportClueRequest['channel'], readonly Role[]> = {
  grid_visit: ['grid_member', 'village_cadre'],
  department_alert: ['department_user', 'county_admin'],
};

/**
 * 网格员走访发现 / 部门筛查预警: a clue from staff about a household in their area. A department user's alerts carry
 * their department; the county names the department whose data it enters. The same client key again returns the
 * first answer and stores nothing.
 */
export async function reportClue(deps: Deps, actor: Actor, input: ReportClueRequest, now: Date): Promise<ReportClueResponse> {
  if (!REPORTERS[input.channel].includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  const today = chinaDate(now);
  if (input.foundOn > today) throw new AppError('CASE.DATE_IN_FUTURE');
  const hash = hashOf([input.householdId, input.channel, [...input.riskTypes].sort(), input.description, input.foundOn, input.department ?? null]);
  return retryOnConflict(() => deps.db.transaction(async (tx) => {
    const household = assertCanSee(actor, await findHousehold(tx, 'id', input.householdId), REPORTERS[input.channel]);
    const earlier = await findClueByKey(tx, actor.userId, input.clientKey);
    if (earlier) {
      if (earlier.request_hash !== hash) throw new AppError('CLUE.KEY_REUSED');
      const summary = await loadCaseSummary(tx, household.id);
      if (!summary) throw new AppError('CASE.NOT_FOUND');
      return { clueId: earlier.id, case: summary, openedCase: false, replayed: true };
    }
    let department: string | null = null;
    if (input.channel === 'department_alert') {
      const [u] = await tx.query<{ department: string | null }>('select department from users where id = $1', [actor.userId]);
      department = actor.role === 'department_user' ? u?.department ?? null : input.department ?? null;
      if (!department) throw new AppError('CLUE.DEPARTMENT_REQUIRED');
    }
    const r = await recordClue(tx, deps, actor, household, {
      channel: input.channel, riskTypes: input.riskTypes, description: input.description, foundOn: input.foundOn,
      consentAt: null, department,
    }, { clientKey: input.clientKey, hash }, now);
    return { clueId: r.clue.id, case: r.summary, openedCase: r.openedCase, replayed: false };
  }));
}
