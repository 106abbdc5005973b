import type { Role } from '@shared/contracts/common';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { addDaysFor } from '@shared/domain/policy';
import {
  isClosed, transition, workflowPolicy, type CaseFacts, type WorkflowActor, type WorkflowCommand,
  type WorkflowContext, type WorkflowEffect, type WorkflowErrorCode, type WorkflowState, type WorkflowTaskKind,
} from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { appendEvents, insertTask } from '../store/cases';
import { commandMessages, enqueue, householdLabelOf } from './outbox';
import { replacePlanMeasures } from '../store/plan-measures';
import { findPolicy } from '../store/policies';

/**
 * A command the workflow refused: the workflow's stable code and Chinese message (the codes are part of ERRORS, so
 * the one HTTP mapping in functions/src/http/route.ts answers it like any AppError), plus the named guard that said no.
 */
export class WorkflowRefusal extends AppError {
  readonly guard: string | null;
  constructor(code: WorkflowErrorCode, message: string, guard: string | null) {
    super(code, message);
    this.name = 'WorkflowRefusal';
    this.guard = guard;
  }
}

/** cases.facts (migration 004_workflow): the case's part of CaseFacts; clueDate and the household's part live elsewhere. */
export type StoredFacts = Pick<CaseFacts, 'notice' | 'openObjectionIds' | 'identifiedOn' | 'eliminationProposedOn'>;

const NO_FACTS: StoredFacts = { notice: null, openObjectionIds: [], identifiedOn: null, eliminationProposedOn: null };

interface LoadedCase {
  id: string;
  household_id: string;
  status: WorkflowState;
  clue_date: string;
  version: number;
  facts: Partial<StoredFacts> | null;
  area_id: string;
  area_path: string;
  category: 'lifted' | 'ordinary';
  on_social_security: boolean;
  members: number;
  members_with_labour: number;
}

async function loadCase(sql: Sql, caseId: string): Promise<LoadedCase | null> {
  const [row] = await sql.query<LoadedCase>(
    `select c.id, c.household_id, c.status, c.clue_date, c.version, c.facts,
            h.area_id, h.area_path, h.category, (h.low_income or h.extreme_poverty) as on_social_security,
            (select count(*)::int from members m where m.household_id = h.id and m.removed_at is null) as members,
            (select count(*)::int from members m where m.household_id = h.id and m.removed_at is null
                and m.labour not in ('lost','none')) as members_with_labour
       from cases c join households h on h.id = c.household_id
      where c.id = $1::uuid`,
    [caseId],
  );
  return row ?? null;
}

/**
 * The workflow's actor as the database knows it. `isRelatedToHousehold` is membership only (users.household_id is
 * the case's household): relatives recorded elsewhere (优亲厚友 beyond the household) need a relatives table, not built.
 */
async function workflowActor(
  sql: Sql, who: { userId: string; role: Role; areaPath: string | null }, householdId: string,
): Promise<WorkflowActor> {
  const [row] = await sql.query<{ member: boolean }>(
    'select coalesce(household_id = $2::uuid, false) as member from users where id = $1::uuid', [who.userId, householdId],
  );
  return { userId: who.userId, role: who.role, areaPath: who.areaPath, isRelatedToHousehold: row?.member ?? false };
}

async function loadCosigner(sql: Sql, userId: string, householdId: string): Promise<WorkflowActor | null> {
  const [u] = await sql.query<{ id: string; role: Role; path: string | null }>(
    'select u.id, u.role, a.path from users u left join areas a on a.id = u.area_id where u.id = $1::uuid', [userId],
  );
  return u ? workflowActor(sql, { userId: u.id, role: u.role, areaPath: u.path }, householdId) : null;
}

/** What an accepted command changes in the case's facts; the guards of later commands read them. */
export function nextFacts(f: StoredFacts, c: WorkflowCommand): StoredFacts {
  switch (c.type) {
    case 'startNotice': return { ...f, notice: { startOn: c.startOn, endOn: c.endOn } };
    case 'object': return { ...f, openObjectionIds: [...f.openObjectionIds, c.objectionId] };
    case 'resolveObjection': return { ...f, openObjectionIds: f.openObjectionIds.filter((id) => id !== c.objectionId) };
    case 'approveAtCounty': return { ...f, identifiedOn: c.identifiedOn };
    // a new procedure: its own clock, its own notice and objections
    case 'proposeElimination': return { ...f, eliminationProposedOn: c.proposedOn, notice: null, openObjectionIds: [] };
    // the elimination procedure ends and the household stays monitored
    case 'keepMonitoring': case 'markSafetyNet': return { ...f, eliminationProposedOn: null, notice: null, openObjectionIds: [] };
    default: return f;
  }
}

export interface CaseCommandResult {
  caseId: string;
  before: { status: WorkflowState; version: number };
  status: WorkflowState;
  version: number;
  facts: StoredFacts;
  /** For the caller to report to the national system (the messages are already in the outbox, outbox.ts). */
  monitoring: Extract<WorkflowEffect, { type: 'monitoring' }>[];
}

/**
 * Runs one workflow command on a case in one transaction. Optimistic concurrency: the caller names the version it
 * saw; if the case has moved on (read now, or by a concurrent command committing first), CASE.VERSION_CONFLICT and
 * nothing is written. An accepted command bumps the version, appends its timeline events (append-only, with
 * before/after) and hands the tasks over; a refused one writes nothing and throws WorkflowRefusal.
 * `recordedActorId`: who the timeline names, by default the actor; null records the act without anyone's identity
 * (an anonymous objection, functions/src/app/notices.ts). `eventData` is stored with the events, never shown.
 */
export async function runCaseCommand(
  deps: Deps, actor: Actor, caseId: string, command: WorkflowCommand, expectedVersion: number, now: Date,
  options: {
    cosignerId?: string | null; requestId?: string; requestHash?: string; recordedActorId?: string | null;
    eventData?: Record<string, unknown>;
  } = {},
): Promise<CaseCommandResult> {
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const c = await loadCase(tx, caseId);
    if (!c) throw new AppError('CASE.NOT_FOUND');
    if (c.version !== expectedVersion) throw new AppError('CASE.VERSION_CONFLICT');

    const policy = await findPolicy(tx, c.area_path, Number(today.slice(0, 4)));
    if (!policy) throw new AppError('POLICY.MISSING');
    const facts: StoredFacts = { ...NO_FACTS, ...(c.facts ?? {}) };
    const ctx: WorkflowContext = {
      today,
      policy: workflowPolicy(policy),
      actor: await workflowActor(tx, actor, c.household_id),
      cosigner: options.cosignerId ? await loadCosigner(tx, options.cosignerId, c.household_id) : null,
      householdAreaPath: c.area_path,
      addDays: addDaysFor(policy),
      facts: {
        ...facts,
        clueDate: c.clue_date,
        household: {
          category: c.category,
          wholeHouseholdWithoutLabour: c.members > 0 && c.members_with_labour === 0 && c.on_social_security,
        },
      },
    };

    const result = transition(c.status, command, ctx);
    if (!result.ok) throw new WorkflowRefusal(result.code, result.message, result.guard);

    const after = nextFacts(facts, command);
    // the version check again, in the write: a command that committed since our read makes this update match no row
    const updated = await tx.query<{ version: number }>(
      `update cases set status = $3, is_open = $4, facts = $5::jsonb, version = version + 1, updated_at = $6
        where id = $1::uuid and version = $2 returning version`,
      [c.id, expectedVersion, result.next, !isClosed(result.next), JSON.stringify(after), now],
    );
    if (updated.length !== 1) throw new AppError('CASE.VERSION_CONFLICT');
    const version = updated[0].version;

    await appendEvents(
      tx, { caseId: c.id, at: now, actorId: options.recordedActorId === undefined ? actor.userId : options.recordedActorId, actorRole: actor.role },
      result.effects.flatMap((e) => (e.type === 'event' ? [{
        type: e.name,
        data: {
          ...options.eventData,
          on: e.on,
          before: { status: e.from, version: c.version },
          after: { status: e.to, version },
          cosignedBy: e.cosignedBy,
          command: e.command,
          ...(options.requestId ? { requestId: options.requestId, requestHash: options.requestHash } : {}),
        },
      }] : [])),
    );
    const newTasks: { id: string; kind: WorkflowTaskKind; assigneeRole: Role; dueOn: string }[] = [];
    for (const e of result.effects) {
      if (e.type === 'task_done') {
        // objections share one open task (migration 004): it is done when the last open objection is resolved
        if (e.kind === 'verify_objection' && after.openObjectionIds.length > 0) continue;
        await tx.query(
          `update tasks set status = 'done', done_at = $3 where case_id = $1::uuid and kind = $2 and status = 'open'`,
          [c.id, e.kind, now],
        );
      } else if (e.type === 'task') {
        const id = await insertTask(tx, {
          caseId: c.id, kind: e.kind, assigneeRole: e.assigneeRole, areaId: c.area_id, areaPath: c.area_path, dueOn: e.dueOn, now,
        });
        if (id) newTasks.push({ id, kind: e.kind, assigneeRole: e.assigneeRole, dueOn: e.dueOn });
      }
    }
    if (command.type === 'makePlan') {
      await replacePlanMeasures(tx, {
        caseId: c.id, householdId: c.household_id, areaPath: c.area_path, planVersion: version, madeOn: command.madeOn,
        measures: command.measures, now,
      });
    }
    const notifications = result.effects.filter((e): e is Extract<WorkflowEffect, { type: 'notify' }> => e.type === 'notify');
    // the messages, in this transaction: told exactly when the change happens, and never when it does not
    await enqueue(tx, deps, commandMessages({
      caseId: c.id, householdId: c.household_id, areaPath: c.area_path, version, actorId: actor.userId,
      household: await householdLabelOf(tx, c.household_id), command, notifications, newTasks,
    }), now);
    return {
      caseId: c.id,
      before: { status: c.status, version: c.version },
      status: result.next,
      version,
      facts: after,
      monitoring: result.effects.filter((e): e is Extract<WorkflowEffect, { type: 'monitoring' }> => e.type === 'monitoring'),
    };
  });
}
