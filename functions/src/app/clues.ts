import crypto from 'node:crypto';
import type { ReportClueRequest, ReportClueResponse } from '@shared/contracts/clue';
import type { CaseSummary } from '@shared/contracts/case';
import type { RiskType, Role } from '@shared/contracts/common';
import { receiveClue, type CaseState, type Clue } from '@shared/domain/case';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { appendEvents, findOpenCase, insertOpenCase, insertTask, loadCaseSummary, summariseCaseRow, updateCase } from '../store/cases';
import { findHousehold, type HouseholdRef } from '../store/households';
import { findPolicy } from '../store/policies';
import type { Policy } from '@shared/domain/policy';
import { assertCanSee } from './households';
import { enqueue, householdLabelOf, type Outgoing } from './outbox';
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
 * `known`: the region's policy and the household's label when the caller has them already (loaded for many clues).
 */
export async function writeClue(
  tx: Sql, actor: Actor, household: HouseholdRef, clue: Clue & { consentAt: Date | null; department: string | null },
  key: { clientKey: string; hash: string }, now: Date, known: { policy?: Policy | null; householdLabel?: string } = {},
): Promise<WrittenClue> {
  const year = Number(chinaDate(now).slice(0, 4));
  const policy = known.policy !== undefined ? known.policy : await findPolicy(tx, household.area_path, year);
  if (!policy) throw new AppError('POLICY.MISSING');

  const open = await findOpenCase(tx, household.id, true);
  const state: CaseState | null = open ? { id: open.id, status: open.status, clueDate: open.clue_date } : null;
  const { next, effects } = receiveClue(state, clue, policy);

  let caseId: string;
  if (open) {
    if (!(await updateCase(tx, open, next, now))) throw new Error('case changed under a row lock');
    caseId = open.id;
  } else {
    const inserted = await insertOpenCase(tx, household.id, next.status, next.clueDate, now);
    // another clue opened the case between our read and insert: it is committed now, so try again on it
    if (!inserted) throw new RetryableConflict();
    caseId = inserted.id;
  }

  const [row] = await tx.query<ClueRow>(
    `insert into clues (case_id, household_id, channel, risk_types, description, consent_at, found_on,
                        reported_by, client_key, request_hash, department, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (reported_by, client_key) do nothing
     returning id, case_id, channel, risk_types, description, created_at, found_on, request_hash`,
    [caseId, household.id, clue.channel, clue.riskTypes, clue.description, clue.consentAt, clue.foundOn, actor.userId,
      key.clientKey, key.hash, clue.department, now],
  );
  // the same key was committed by a concurrent retry while we waited: undo ours, answer with theirs
  if (!row) throw new RetryableConflict();

  await appendEvents(
    tx, { caseId, at: now, actorId: actor.userId, actorRole: actor.role },
    effects.flatMap((e) => (e.type === 'event'
      ? [{ type: e.event, data: { ...e.data, clueId: row.id, ...(clue.department ? { department: clue.department } : {}) } }]
      : [])),
  );
  const messages: Outgoing[] = [];
  for (const effect of effects) {
    if (effect.type !== 'task') continue;
    const taskId = await insertTask(tx, {
      caseId, kind: effect.kind, assigneeRole: effect.assigneeRole, areaId: household.area_id,
      areaPath: household.area_path, dueOn: effect.dueOn, now,
    });
    if (taskId) {
      messages.push({
        cause: `task:${taskId}`, kind: 'task.new',
        facts: {
          caseId, household: known.householdLabel ?? await householdLabelOf(tx, household.id),
          what: TASK_KIND_LABELS[effect.kind], dueOn: effect.dueOn,
        },
        to: { role: effect.assigneeRole, areaPath: household.area_path, exceptUserId: actor.userId },
      });
    }
  }
  return { clue: row, caseId, openedCase: !open, next, messages };
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
