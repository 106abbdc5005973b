import type {
  CompleteMeasureRequest, CompleteMeasureResponse, ListMeasuresQuery, ListMeasuresResponse, MeasureOrderView, PlanMeasureView,
} from '@shared/contracts/measures';
import { chinaDate, daysBetween } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import { coversArea, type Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { placeOf } from '../store/areas';
import { appendEvents } from '../store/cases';
import {
  findCompletionByRequest, findMeasure, listDepartmentMeasures, markMeasureDone, type MeasureOrderRow, type MeasureRow,
} from '../store/plan-measures';
import { findUserDepartment } from '../store/users';
import { hashOf } from './clues';

/** A measure as the case detail lists it; the household is not shown who reported it done, nor the photos. */
export function planMeasureView(r: MeasureRow, today: string, forHousehold: boolean): PlanMeasureView {
  return {
    id: r.id,
    measure: r.measure,
    memberName: r.member_name,
    responsible: { kind: r.responsible_kind, name: r.responsible_name },
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status === 'open' && r.due_on < today,
    planMadeOn: r.plan_made_on,
    evidence: r.evidence,
    photoIds: forHousehold ? [] : r.evidence_photo_ids,
    doneOn: r.done_at ? chinaDate(r.done_at) : null,
    doneByName: forHousehold ? null : r.done_by_name,
  };
}

function orderView(r: MeasureOrderRow, today: string): MeasureOrderView {
  return {
    ...planMeasureView(r, today, false),
    caseId: r.case_id,
    headName: r.head_name ?? '',
    place: placeOf(r),
    daysLeft: daysBetween(today, r.due_on),
  };
}

async function departmentOf(sql: Sql, actor: Actor): Promise<string> {
  const department = await findUserDepartment(sql, actor.userId);
  if (!department || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  return department;
}

/** 开单: the measures ordered to the caller's department within their area, soonest due first (or the done ones). */
export async function listMeasures(deps: Deps, actor: Actor, query: ListMeasuresQuery, now: Date): Promise<ListMeasuresResponse> {
  if (actor.role !== 'department_user') throw new AppError('AUTH.FORBIDDEN');
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const department = await departmentOf(tx, actor);
    const rows = await listDepartmentMeasures(tx, { department, areaPath: actor.areaPath!, status: query.status ?? 'open' });
    return { department, today, measures: rows.map((r) => orderView(r, today)) };
  });
}

/**
 * Who reports a measure done: a department's measure by a user of that department whose area covers the household;
 * a person's measure (帮扶责任人) by the village cadre or grid member of the household's area. Anyone else reads it as
 * not found. Farmers, townships, the county and inspectors report none.
 */
async function assertMayComplete(sql: Sql, actor: Actor, m: MeasureOrderRow): Promise<void> {
  if (actor.role === 'department_user') {
    const department = await departmentOf(sql, actor);
    if (m.responsible_kind === 'department' && m.responsible_name === department && coversArea(actor, m.area_path)) return;
    throw new AppError('MEASURE.NOT_FOUND');
  }
  if (actor.role === 'village_cadre' || actor.role === 'grid_member') {
    if (m.responsible_kind === 'person' && coversArea(actor, m.area_path)) return;
    throw new AppError('MEASURE.NOT_FOUND');
  }
  throw new AppError('AUTH.FORBIDDEN');
}

/**
 * 销号: a measure reported done with its evidence (and photos the reporter uploaded), in one transaction with its
 * timeline event on the case. Only an open measure; a retry of the same request answers as the first did and
 * changes nothing; the same request id for another completion is refused.
 */
export async function completeMeasure(
  deps: Deps, actor: Actor, id: string, req: CompleteMeasureRequest, now: Date,
): Promise<CompleteMeasureResponse> {
  if (!['department_user', 'village_cadre', 'grid_member'].includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  const today = chinaDate(now);
  const photoIds = [...new Set(req.photoIds ?? [])];
  const hash = hashOf([id, req.evidence, photoIds]);
  // photos must be ones this person uploaded (a record only lists ids; the file store knows the uploader)
  for (const photoId of photoIds) {
    const file = await deps.files.get(photoId);
    if (!file || file.owner.userId !== actor.userId) throw new AppError('FILE.NOT_FOUND');
  }
  return deps.db.transaction(async (tx) => {
    const m = await findMeasure(tx, id, true);
    if (!m) throw new AppError('MEASURE.NOT_FOUND');
    await assertMayComplete(tx, actor, m);

    const usedFor = await findCompletionByRequest(tx, actor.userId, req.requestId);
    if (usedFor) {
      if (usedFor !== m.id || m.done_request_hash !== hash) throw new AppError('MEASURE.REQUEST_REUSED');
      return { measure: orderView(m, today), replayed: true };
    }
    if (m.status === 'done') throw new AppError('MEASURE.ALREADY_DONE');
    if (m.status === 'superseded') throw new AppError('MEASURE.SUPERSEDED');

    await markMeasureDone(tx, { id: m.id, evidence: req.evidence, photoIds, userId: actor.userId, requestId: req.requestId, requestHash: hash, now });
    await appendEvents(tx, { caseId: m.case_id, at: now, actorId: actor.userId, actorRole: actor.role }, [{
      type: 'measure_completed',
      data: {
        on: today,
        measure: { id: m.id, measure: m.measure, memberName: m.member_name, responsible: { kind: m.responsible_kind, name: m.responsible_name }, dueOn: m.due_on },
        command: { type: 'completeMeasure', measureId: m.id, evidence: req.evidence, photoIds },
      },
    }]);
    const done = await findMeasure(tx, m.id);
    return { measure: orderView(done!, today), replayed: false };
  });
}
