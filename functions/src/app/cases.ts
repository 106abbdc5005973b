import { ROLE_LABELS, type RiskType, type Role } from '@shared/contracts/common';
import { TASK_KIND_LABELS, type TaskKind } from '@shared/contracts/task';
import type { CaseDetailResponse, RunCaseCommandRequest, RunCaseCommandResponse } from '@shared/contracts/workflow';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { describeEvent } from '@shared/domain/timeline';
import { summariseCase } from '@shared/domain/case';
import { noticeText } from '@shared/domain/notice';
import { evaluateEligibility } from '@shared/domain/eligibility';
import { addDaysFor, type Policy } from '@shared/domain/policy';
import type { Verification } from '@shared/contracts/verification';
import {
  availableCommands, ELIMINATION_METHOD_LABELS, MONITORED_CATEGORY_LABELS, WORKFLOW_STATE_LABELS, type EliminationMethod,
  type MonitoredCategory, type WorkflowState,
} from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { placeOf, PLACE_COLUMNS, PLACE_JOINS, type PlaceRow } from '../store/areas';
import { loadClues } from '../store/cases';
import { loadHouseholdView } from '../store/households';
import { findPolicy } from '../store/policies';
import { hashOf } from './clues';
import { runCaseCommand, type StoredFacts } from './case-commands';
import { getPhoto } from './files';
import { assertCanSee } from './households';
import { planMeasureView } from './measures';
import { loadCaseMeasures } from '../store/plan-measures';

type CaseRow = PlaceRow & {
  id: string; household_id: string; status: WorkflowState; clue_date: string; version: number; is_open: boolean;
  facts: StoredFacts; area_id: string; area_path: string;
};

type EventRow = {
  id: string; at: Date; actor_role: Role | null; actor_name: string | null; type: string; data: Record<string, unknown>;
};

async function loadCase(sql: Sql, id: string): Promise<CaseRow | null> {
  const [row] = await sql.query<CaseRow>(
    `select c.id, c.household_id, c.status, c.clue_date, c.version, c.is_open, c.facts, h.area_id, h.area_path, ${PLACE_COLUMNS}
       from cases c join households h on h.id = c.household_id ${PLACE_JOINS}
      where c.id = $1`,
    [id],
  );
  return row ?? null;
}

/** The household's own view, or staff within their area; a case out of reach reads as not found. */
async function loadVisibleCase(sql: Sql, actor: Actor, id: string): Promise<CaseRow> {
  const c = await loadCase(sql, id);
  if (!c) throw new AppError('CASE.NOT_FOUND');
  try {
    assertCanSee(actor, { id: c.household_id, area_id: c.area_id, area_path: c.area_path });
  } catch (err) {
    if (err instanceof AppError && err.code === 'AUTH.FORBIDDEN') throw err;
    throw new AppError('CASE.NOT_FOUND');
  }
  return c;
}

const lastCommand = (events: EventRow[], type: string) =>
  [...events].reverse().find((e) => e.type === type)?.data.command as Record<string, unknown> | undefined;

/** The decision the household has been told, with its reason, in plain words. */
function outcomeOf(status: WorkflowState, events: EventRow[]): string | null {
  if (status === 'not_included') return `不予纳入监测对象。原因：${String(lastCommand(events, 'not_included')?.reason ?? '')}`;
  if (status === 'eliminated') {
    const c = lastCommand(events, 'elimination_approved');
    return `${String(c?.eliminatedOn ?? '')} 县里审定：返贫风险已消除（${ELIMINATION_METHOD_LABELS[c?.method as EliminationMethod] ?? ''}）。`;
  }
  const approved = lastCommand(events, 'county_approved');
  if (approved) {
    return `${String(approved.identifiedOn)} 县里审定纳入监测对象（${MONITORED_CATEGORY_LABELS[approved.category as MonitoredCategory]}）。`;
  }
  const returned = events.at(-1)?.type === 'returned' ? lastCommand(events, 'returned') : undefined;
  return returned ? `案件被退回重新办理。原因：${String(returned.reason)}` : null;
}

async function caseDetail(sql: Sql, actor: Actor, c: CaseRow, now: Date): Promise<CaseDetailResponse> {
  const today = chinaDate(now);
  const forHousehold = actor.role === 'farmer';
  const events = await sql.query<EventRow>(
    `select e.id::text, e.at, e.actor_role, u.name as actor_name, e.type, e.data
       from case_events e left join users u on u.id = e.actor_id where e.case_id = $1 order by e.id`,
    [c.id],
  );
  const tasks = await sql.query<{ kind: TaskKind; due_on: string; assignee_role: Role }>(
    `select kind, due_on, assignee_role from tasks where case_id = $1 and status = 'open' order by due_on, created_at`, [c.id],
  );
  const approved = lastCommand(events, 'county_approved');
  const open = new Set(c.facts.openObjectionIds ?? []);
  const objections = forHousehold ? [] : events.filter((e) => e.type === 'objection_raised'
    && open.has(String((e.data.command as { objectionId?: string }).objectionId))).map((e) => {
    const cmd = e.data.command as { objectionId: string; raisedOn: string; content: string };
    return { id: cmd.objectionId, raisedOn: cmd.raisedOn, content: cmd.content };
  });
  // the next deadline is the earliest open task, already loaded
  const next = tasks[0];
  const summary = summariseCase({ id: c.id, status: c.status, clueDate: c.clue_date },
    next ? { kind: next.kind, dueOn: next.due_on, assigneeRole: next.assignee_role } : null);
  const clues = await loadClues(sql, c.id);
  const policy = await findPolicy(sql, c.area_path, Number(today.slice(0, 4)));
  if (!policy) throw new AppError('POLICY.MISSING');
  const verification = lastCommand(events, 'verified')?.verification as Verification | undefined;
  const household = await loadHouseholdView(sql, c.household_id, today);
  return {
    case: {
      ...summary,
      version: c.version,
      isOpen: c.is_open,
      place: placeOf(c),
      notice: c.facts.notice ?? null,
      noticeText: c.facts.notice && (c.status === 'notice' || c.status === 'elimination_notice') ? noticeText({
        procedure: c.status === 'notice' ? 'identification' : 'elimination', period: c.facts.notice, household,
        monitoringLineYuan: policy.monitoringLineYuan, verification: verification ?? null, clues,
        identifiedRiskTypes: (approved?.riskTypes as RiskType[] | undefined) ?? [],
      }) : null,
      openObjections: objections,
      identifiedOn: c.facts.identifiedOn ?? null,
      category: (approved?.category as MonitoredCategory | undefined) ?? null,
      categoryLabel: approved ? MONITORED_CATEGORY_LABELS[approved.category as MonitoredCategory] : null,
      riskTypes: (approved?.riskTypes as RiskType[] | undefined) ?? [],
      outcome: outcomeOf(c.status, events),
    },
    household,
    clues: forHousehold ? [] : clues,
    timeline: events.map((e) => {
      const d = e.data as { on?: string; before?: { status: WorkflowState }; after?: { status: WorkflowState } };
      const { label, summary: line } = describeEvent(e.type, e.data, forHousehold);
      return {
        id: e.id, at: e.at.toISOString(), on: d.on ?? chinaDate(e.at), type: e.type, label, summary: line,
        actorRole: e.actor_role, actorLabel: e.actor_role ? ROLE_LABELS[e.actor_role] : '系统',
        actorName: forHousehold ? null : e.actor_name,
        fromLabel: d.before ? WORKFLOW_STATE_LABELS[d.before.status] : null,
        toLabel: d.after ? WORKFLOW_STATE_LABELS[d.after.status] : null,
        details: forHousehold ? null : ((e.data.command as Record<string, unknown> | undefined) ?? null),
      };
    }),
    openTasks: tasks.map((t) => ({
      kind: t.kind, label: TASK_KIND_LABELS[t.kind], dueOn: t.due_on, ownerRole: t.assignee_role,
      ownerLabel: ROLE_LABELS[t.assignee_role],
    })),
    actions: forHousehold ? [] : availableCommands(c.status)
      .filter((a) => a.roles.includes(actor.role) && (a.command !== 'resolveObjection' || open.size > 0))
      .map((a) => ({ command: a.command, label: a.label })),
    today,
    policy: {
      monitoringLineYuan: policy.monitoringLineYuan, noticeMinDays: policy.noticeMinDays, dayCount: policy.dayCount,
      noticeEarliestEndOn: noticeEarliestEnd(policy, today),
    },
    evaluation: verification && !forHousehold ? evaluateEligibility(verification, {
      monitoringLineYuan: policy.monitoringLineYuan, householdCategory: household.category,
      members: household.members.map((m) => ({ health: m.health, labour: m.labour })),
    }) : null,
    measures: (await loadCaseMeasures(sql, c.id)).map((m) => planMeasureView(m, today, forHousehold)),
  };
}

/** A notice posted today may end on this day at the earliest; null when the calendar does not cover it yet. */
function noticeEarliestEnd(policy: Policy, today: string): string | null {
  try {
    return addDaysFor(policy)(today, policy.noticeMinDays);
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

/** A case with its timeline, next deadline and what this person may do now. */
export async function getCase(deps: Deps, actor: Actor, id: string, now: Date): Promise<CaseDetailResponse> {
  return deps.db.transaction(async (tx) => caseDetail(tx, actor, await loadVisibleCase(tx, actor, id), now));
}

/** The event a request already produced, if it did: a retry is answered from it. */
async function appliedRequest(sql: Sql, caseId: string, requestId: string): Promise<{ hash: string } | null> {
  const [row] = await sql.query<{ hash: string }>(
    `select data->>'requestHash' as hash from case_events where case_id = $1 and data->>'requestId' = $2`, [caseId, requestId],
  );
  return row ?? null;
}

/**
 * One workflow command on a case. A retry of a request already applied (same requestId) answers with the case as it
 * is now and changes nothing — also when it raced the first and lost the version check. The same requestId with a
 * different command is refused.
 */
export async function runCommand(
  deps: Deps, actor: Actor, id: string, req: RunCaseCommandRequest, now: Date,
): Promise<RunCaseCommandResponse> {
  const hash = hashOf([req.command, req.expectedVersion, req.cosignerId ?? null]);
  const replay = async (): Promise<RunCaseCommandResponse | null> => {
    const earlier = await appliedRequest(deps.db, id, req.requestId);
    if (!earlier) return null;
    if (earlier.hash !== hash) throw new AppError('CASE.REQUEST_REUSED');
    return { ...(await getCase(deps, actor, id, now)), replayed: true };
  };
  await deps.db.transaction((tx) => loadVisibleCase(tx, actor, id));
  const replayed = await replay();
  if (replayed) return replayed;
  // photos of the posted notice: each must be a stored photo this person may see (FILE.NOT_FOUND otherwise)
  if (req.command.type === 'startNotice') for (const photoId of req.command.photoIds ?? []) await getPhoto(deps, actor, photoId);
  try {
    await runCaseCommand(deps, actor, id, req.command, req.expectedVersion, now, {
      cosignerId: req.cosignerId ?? null, requestId: req.requestId, requestHash: hash,
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'CASE.VERSION_CONFLICT') {
      const again = await replay();
      if (again) return again;
    }
    throw err;
  }
  return { ...(await getCase(deps, actor, id, now)), replayed: false };
}
