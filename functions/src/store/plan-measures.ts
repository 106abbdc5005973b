import type { MeasureStatus } from '@shared/contracts/measures';
import type { PlanMeasure } from '@shared/domain/workflow';
import type { Sql } from '../ports/db';
import { PLACE_COLUMNS, PLACE_JOINS, type PlaceRow } from './areas';

export interface MeasureRow {
  id: string;
  case_id: string;
  household_id: string;
  area_path: string;
  plan_version: number;
  plan_made_on: string;
  measure: string;
  member_name: string | null;
  responsible_kind: 'department' | 'person';
  responsible_name: string;
  due_on: string;
  status: MeasureStatus;
  evidence: string | null;
  evidence_photo_ids: string[];
  done_at: Date | null;
  done_by: string | null;
  done_by_name: string | null;
  done_request_id: string | null;
  done_request_hash: string | null;
}
export type MeasureOrderRow = MeasureRow & PlaceRow & { head_name: string | null };

const COLUMNS = `pm.id, pm.case_id, pm.household_id, pm.area_path, pm.plan_version, pm.plan_made_on, pm.measure, pm.member_name,
  pm.responsible_kind, pm.responsible_name, pm.due_on, pm.status, pm.evidence, pm.evidence_photo_ids::text[] as evidence_photo_ids,
  pm.done_at, pm.done_by, du.name as done_by_name, pm.done_request_id, pm.done_request_hash`;
const ORDER_COLUMNS = `${COLUMNS}, ${PLACE_COLUMNS},
  (select m.name from members m where m.household_id = pm.household_id and m.relation = 'head' and m.removed_at is null) as head_name`;
const ORDER_FROM = `plan_measures pm join households h on h.id = pm.household_id ${PLACE_JOINS} left join users du on du.id = pm.done_by`;

/**
 * The measures of a plan just accepted (makePlan), in the command's transaction: the open measures of the case's
 * earlier plan are superseded (kept as history; a department completing one meanwhile waits on its row lock and then
 * finds it superseded), done ones stay done, and the new plan's measures are added, open.
 */
export async function replacePlanMeasures(
  tx: Sql,
  p: { caseId: string; householdId: string; areaPath: string; planVersion: number; madeOn: string; measures: readonly PlanMeasure[]; now: Date },
): Promise<void> {
  await tx.query(
    `update plan_measures set status = 'superseded', superseded_at = $2 where case_id = $1 and status = 'open'`,
    [p.caseId, p.now],
  );
  if (!p.measures.length) return;
  await tx.query(
    `insert into plan_measures (case_id, household_id, area_path, plan_version, plan_made_on, position, measure, member_name,
                                responsible_kind, responsible_name, due_on, created_at)
     select $1, $2, $3, $4, $5, t.n, t.measure, nullif(t.member_name, ''), t.kind, t.name, t.due_on, $11
       from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::date[]) with ordinality
            as t(measure, member_name, kind, name, due_on, n)`,
    [
      p.caseId, p.householdId, p.areaPath, p.planVersion, p.madeOn,
      p.measures.map((m) => m.measure.trim()), p.measures.map((m) => m.memberName?.trim() ?? ''),
      p.measures.map((m) => m.responsible.kind), p.measures.map((m) => m.responsible.name.trim()),
      p.measures.map((m) => m.dueOn), p.now,
    ],
  );
}

/** A case's measures of its plans, superseded ones left out: the current plan's, and what earlier plans got done. */
export async function loadCaseMeasures(sql: Sql, caseId: string): Promise<MeasureRow[]> {
  return sql.query<MeasureRow>(
    `select ${COLUMNS} from plan_measures pm left join users du on du.id = pm.done_by
      where pm.case_id = $1 and pm.status <> 'superseded' order by pm.plan_version, pm.position`,
    [caseId],
  );
}

/** The measures ordered to a department within an area, with the household's head and place; soonest due first. */
export async function listDepartmentMeasures(
  sql: Sql, q: { department: string; areaPath: string; status: 'open' | 'done' },
): Promise<MeasureOrderRow[]> {
  return sql.query<MeasureOrderRow>(
    `select ${ORDER_COLUMNS} from ${ORDER_FROM}
      where pm.responsible_kind = 'department' and pm.responsible_name = $1 and pm.area_path like $2 || '%' and pm.status = $3
      order by ${q.status === 'open' ? 'pm.due_on, pm.created_at' : 'pm.done_at desc'}, pm.position
      limit 500`,
    [q.department, q.areaPath, q.status],
  );
}

export async function findMeasure(sql: Sql, id: string, forUpdate = false): Promise<MeasureOrderRow | null> {
  if (forUpdate) await sql.query('select 1 from plan_measures where id = $1 for update', [id]);
  const [row] = await sql.query<MeasureOrderRow>(`select ${ORDER_COLUMNS} from ${ORDER_FROM} where pm.id = $1`, [id]);
  return row ?? null;
}

/** The measure this person already completed with this request id, if any. */
export async function findCompletionByRequest(sql: Sql, userId: string, requestId: string): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    'select id from plan_measures where done_by = $1 and done_request_id = $2', [userId, requestId],
  );
  return row?.id ?? null;
}

export async function markMeasureDone(
  sql: Sql,
  d: { id: string; evidence: string; photoIds: readonly string[]; userId: string; requestId: string; requestHash: string; now: Date },
): Promise<void> {
  await sql.query(
    `update plan_measures set status = 'done', evidence = $2, evidence_photo_ids = $3::uuid[], done_at = $4, done_by = $5,
            done_request_id = $6, done_request_hash = $7
      where id = $1 and status = 'open'`,
    [d.id, d.evidence, d.photoIds, d.now, d.userId, d.requestId, d.requestHash],
  );
}
