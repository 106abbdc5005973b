import { ROLE_LABELS, type AreaLevel, type AreaRef, type Role } from '@shared/contracts/common';
import type {
  DeadlineItem, DeadlineOwner, DeadlineStatus, SupervisionDeadlinesQuery, SupervisionDeadlinesResponse, TimelinessQuery,
  TimelinessRates, TimelinessResponse, TownshipCounts, UnreachableResponse,
} from '@shared/contracts/supervision';
import { chinaDate, daysBetween } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { addDaysFor, type Policy } from '@shared/domain/policy';
import {
  addToRate, deadlineWindow, emptyRate, punctuality, pushProblem, PUSH_PROBLEM_LABELS, type Punctuality,
} from '@shared/domain/supervision';
import { WORKFLOW_TASK_LABELS, type WorkflowTaskKind } from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { getArea, PLACE_COLUMNS, PLACE_JOINS, placeOf, type PlaceRow } from '../store/areas';
import { findPolicy } from '../store/policies';

/** Who supervises deadlines: the township its villages, the county and its inspectors everything. */
const SUPERVISORS: Role[] = ['township_reviewer', 'county_admin', 'inspector'];
/** Who sees the pushes that failed (the admins of the area). */
const PUSH_ADMINS: Role[] = ['township_reviewer', 'county_admin'];
/** At most this many rows are listed; the counts are never capped. */
export const DEADLINE_ROWS_LIMIT = 500;
const UNREACHABLE_LIMIT = 200;

type Scope = AreaRef & { path: string };

/** The actor's own area, or a part of it they asked for; any other area is refused as not found. */
async function scopeOf(sql: Sql, actor: Actor, roles: Role[], areaId: string | undefined): Promise<Scope> {
  if (!roles.includes(actor.role) || !actor.areaId || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const area = await getArea(sql, areaId ?? actor.areaId);
  if (!area || !area.path.startsWith(actor.areaPath)) throw new AppError('AREA.NOT_FOUND');
  return area;
}

/** The villages at or under the scope (or the one village above a group), with their townships, for the tables. */
async function villagesOf(sql: Sql, scope: Scope) {
  return sql.query<{ village_id: string; village: string; township_id: string; township: string }>(
    `select v.id as village_id, v.name as village, t.id as township_id, t.name as township
       from areas v join areas t on t.id = v.parent_id
      where v.level = 'village' and (v.path like $1 || '%' or $1 like v.path || '%')
      order by t.path, v.path`,
    [scope.path],
  );
}

/** Per village, from rows keyed by village id; townships add up their villages. Villages with nothing show zeros. */
function perTownship<T extends object>(
  villages: { village_id: string; village: string; township_id: string; township: string }[],
  valueOf: (villageId: string) => T,
  sum: (a: T, b: T) => T,
  zero: () => T,
): (T & { areaId: string; name: string; villages: (T & { areaId: string; name: string })[] })[] {
  const out: (T & { areaId: string; name: string; villages: (T & { areaId: string; name: string })[] })[] = [];
  for (const v of villages) {
    let t = out.find((x) => x.areaId === v.township_id);
    if (!t) {
      t = { ...zero(), areaId: v.township_id, name: v.township, villages: [] };
      out.push(t);
    }
    const value = valueOf(v.village_id);
    t.villages.push({ ...value, areaId: v.village_id, name: v.village });
    Object.assign(t, sum(t, value));
  }
  return out;
}

// ── deadlines ─────────────────────────────────────────────────────────────────────────────────────────────
/*
 * What is due: open workflow tasks (tasks_open_by_area) and open department measures (plan_measures_open_by_area,
 * migration 009) of the area due on or before $3 (today + the reminders' lead time). The village is the path's third
 * id ('/qh/qh-al/qh-al-hx/qh-al-hx-1/').
 */
const DUE_SQL = `
  select 'task' as kind, t.id, t.kind as task_kind, null::text as measure, t.case_id, c.household_id, t.assignee_role as owner_role,
         null::text as department, t.area_path, t.due_on, t.created_at
    from tasks t join cases c on c.id = t.case_id
   where t.status = 'open' and t.area_path like $1 || '%' and t.due_on <= $3::date
  union all
  select 'measure', pm.id, null, pm.measure, pm.case_id, pm.household_id, 'department_user', pm.responsible_name, pm.area_path,
         pm.due_on, pm.created_at
    from plan_measures pm
   where pm.status = 'open' and pm.responsible_kind = 'department' and pm.area_path like $1 || '%' and pm.due_on <= $3::date`;

const COUNTS_SQL = `
  select split_part(d.area_path, '/', 4) as village_id,
         count(*) filter (where d.due_on < $2::date)::int as overdue,
         count(*) filter (where d.due_on >= $2::date)::int as due_soon
    from (${DUE_SQL}) d
   group by 1`;

/** The rows of one window, most overdue (soonest due) first, then only those are joined to their household. */
const ITEMS_SQL = `
  with d as (
    select * from (${DUE_SQL}) d
     where case when $4 = 'overdue' then d.due_on < $2::date else d.due_on >= $2::date end
     order by d.due_on, d.created_at, d.id
     limit $5
  )
  select d.*, h.number as household_number,
         (select m.name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
         ${PLACE_COLUMNS}
    from d join households h on h.id = d.household_id
    ${PLACE_JOINS}
   order by d.due_on, d.created_at, d.id`;

type DueRow = PlaceRow & {
  kind: 'task' | 'measure'; id: string; task_kind: WorkflowTaskKind | null; measure: string | null; case_id: string;
  household_id: string; owner_role: Role; department: string | null; area_path: string; due_on: string;
  household_number: string; head_name: string | null;
};

/**
 * The owners of each row — staff of the row's role whose area is one of the nodes on the household's path (and, for a
 * measure, of its department) — each with their latest WeChat push about the case: parked means unreachable.
 */
const OWNERS_SQL = `
  select x.i::int as i, u.id as user_id, u.name, u.role, n.status, n.last_error
    from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::uuid[]) as x(i, role, area_path, department, case_id)
    join users u on u.role = x.role and u.area_id = any(string_to_array(trim(both '/' from x.area_path), '/'))
                and (x.department is null or u.department = x.department)
    left join lateral (
      select n.status, n.last_error from notifications n
       where n.case_id = x.case_id and n.recipient_id = u.id and n.channel = 'wechat'
       order by n.id desc limit 1
    ) n on true
   order by x.i, u.name, u.id`;

async function ownersOf(sql: Sql, rows: DueRow[]): Promise<DeadlineOwner[][]> {
  const out: DeadlineOwner[][] = rows.map(() => []);
  if (!rows.length) return out;
  const owners = await sql.query<{ i: number; user_id: string; name: string; role: Role; status: string | null; last_error: string | null }>(
    OWNERS_SQL,
    [rows.map((_, i) => i), rows.map((r) => r.owner_role), rows.map((r) => r.area_path), rows.map((r) => r.department),
      rows.map((r) => r.case_id)],
  );
  for (const o of owners) {
    const problem = o.status ? pushProblem(o.status, o.last_error) : null;
    out[o.i].push({
      userId: o.user_id, name: o.name, role: o.role, unreachable: problem !== null, reason: problem,
      reasonLabel: problem ? PUSH_PROBLEM_LABELS[problem] : null,
    });
  }
  return out;
}

function itemOf(r: DueRow, owners: DeadlineOwner[], today: string): DeadlineItem {
  const daysLeft = daysBetween(today, r.due_on);
  return {
    kind: r.kind, id: r.id, caseId: r.case_id,
    label: r.kind === 'task' ? WORKFLOW_TASK_LABELS[r.task_kind!] : r.measure!,
    headName: r.head_name ?? '', householdNumber: r.household_number, place: placeOf(r),
    ownerRole: r.owner_role, ownerLabel: r.department ?? ROLE_LABELS[r.owner_role],
    dueOn: r.due_on, daysOverdue: Math.max(0, -daysLeft), daysLeft, owners,
  };
}

/**
 * 督导 of deadlines: the overdue (or due-soon) tasks and department measures of the supervisor's area, with their
 * owners and whether the push reached them, and the counts of both per township and village.
 */
export async function supervisionDeadlines(
  deps: Deps, actor: Actor, query: SupervisionDeadlinesQuery, now: Date, { limit = DEADLINE_ROWS_LIMIT } = {},
): Promise<SupervisionDeadlinesResponse> {
  const status: DeadlineStatus = query.status ?? 'overdue';
  const { today, soonUntil } = deadlineWindow(chinaDate(now), deps.config.push.remindDaysBefore);
  return deps.db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor, SUPERVISORS, query.areaId);
    const counted = await tx.query<{ village_id: string; overdue: number; due_soon: number }>(COUNTS_SQL, [scope.path, today, soonUntil]);
    const byVillage = new Map(counted.map((c) => [c.village_id, { overdue: c.overdue, dueSoon: c.due_soon }]));
    const townships: TownshipCounts[] = perTownship(
      await villagesOf(tx, scope),
      (id) => byVillage.get(id) ?? { overdue: 0, dueSoon: 0 },
      (a, b) => ({ overdue: a.overdue + b.overdue, dueSoon: a.dueSoon + b.dueSoon }),
      () => ({ overdue: 0, dueSoon: 0 }),
    );
    const total = counted.reduce((s, c) => ({ overdue: s.overdue + c.overdue, dueSoon: s.dueSoon + c.due_soon }), { overdue: 0, dueSoon: 0 });

    const rows = await tx.query<DueRow>(ITEMS_SQL, [scope.path, today, soonUntil, status, limit + 1]);
    const listed = rows.slice(0, limit);
    const owners = await ownersOf(tx, listed);
    return {
      today, soonUntil, area: { id: scope.id, level: scope.level, name: scope.name }, status,
      counts: { total, townships },
      items: listed.map((r, i) => itemOf(r, owners[i], today)),
      limit,
      truncated: rows.length > limit,
    };
  });
}

// ── timeliness ────────────────────────────────────────────────────────────────────────────────────────────
/*
 * Identification: the cases whose clue came in the period, grouped by the household's place, clue date and decision
 * date — the first 县级审定 ('county_approved') or 不予纳入 ('not_included') recorded, by the day it was recorded.
 */
const DECISIONS_SQL = `
  select h.area_path, c.clue_date as start_on, d.decided_on as done_on, count(*)::int as n
    from cases c join households h on h.id = c.household_id
    left join lateral (
      select min((e.data->>'on')::date) as decided_on from case_events e
       where e.case_id = c.id and e.type in ('county_approved', 'not_included')
    ) d on true
   where h.area_path like $1 || '%' and c.clue_date between $2::date and $3::date
   group by 1, 2, 3`;

/*
 * Plans: the cases identified in the period (the identification date the county gave), with the day the first
 * assistance plan was recorded ('plan_made'). The plan's clock runs from the identification date, as the make_plan task's.
 */
const PLANS_SQL = `
  select h.area_path, a.identified_on as start_on, p.made_on as done_on, count(*)::int as n
    from cases c join households h on h.id = c.household_id
    cross join lateral (
      select coalesce(e.data->'command'->>'identifiedOn', e.data->>'on')::date as identified_on from case_events e
       where e.case_id = c.id and e.type = 'county_approved' order by e.id limit 1
    ) a
    left join lateral (
      select min((e.data->>'on')::date) as made_on from case_events e where e.case_id = c.id and e.type = 'plan_made'
    ) p on true
   where h.area_path like $1 || '%' and c.clue_date <= $3::date and a.identified_on between $2::date and $3::date
   group by 1, 2, 3`;

type CohortRow = { area_path: string; start_on: string; done_on: string | null; n: number };

/**
 * 时效: for the period, the share of cases decided within the policy's identification days of the clue, and of plans
 * made within its plan days of identification — overall and per township and village. Each deadline is counted the
 * way the household's region counts it (calendar or working days, addDaysFor) under the policy of its start year.
 * A case still undecided (or without a plan) past its deadline counts as late; before it, as pending.
 */
export async function supervisionTimeliness(deps: Deps, actor: Actor, query: TimelinessQuery, now: Date): Promise<TimelinessResponse> {
  const today = chinaDate(now);
  const from = query.from ?? `${today.slice(0, 4)}-01-01`;
  const to = query.to ?? today;
  if (from > to) throw new AppError('REQUEST.INVALID', '开始日期不能晚于结束日期');
  return deps.db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor, SUPERVISORS, query.areaId);
    const policies = new Map<string, Promise<Policy>>();
    const policyFor = (areaPath: string, year: number) => {
      const key = `${areaPath}|${year}`;
      if (!policies.has(key)) {
        policies.set(key, findPolicy(tx, areaPath, year).then((p) => {
          if (!p) throw new AppError('POLICY.MISSING', `${year}年度的政策参数尚未配置，无法计算时效，请联系县乡村振兴局`);
          return p;
        }));
      }
      return policies.get(key)!;
    };
    const judge = async (rows: CohortRow[], days: (p: Policy) => number) => {
      const out: { village: string; p: Punctuality; n: number }[] = [];
      for (const r of rows) {
        const policy = await policyFor(r.area_path, Number(r.start_on.slice(0, 4)));
        const deadline = addDaysFor(policy)(r.start_on, days(policy));
        out.push({ village: r.area_path.split('/')[3], p: punctuality(r.done_on, deadline, today), n: r.n });
      }
      return out;
    };
    const decisions = await judge(await tx.query<CohortRow>(DECISIONS_SQL, [scope.path, from, to]), (p) => p.identificationDays);
    const plans = await judge(await tx.query<CohortRow>(PLANS_SQL, [scope.path, from, to]), (p) => p.planDays);

    const zero = (): TimelinessRates => ({ identification: emptyRate(), plan: emptyRate() });
    const byVillage = new Map<string, TimelinessRates>();
    const overall = zero();
    const tally = (list: typeof decisions, which: keyof TimelinessRates) => {
      for (const d of list) {
        const v = byVillage.get(d.village) ?? zero();
        v[which] = addToRate(v[which], d.p, d.n);
        byVillage.set(d.village, v);
        overall[which] = addToRate(overall[which], d.p, d.n);
      }
    };
    tally(decisions, 'identification');
    tally(plans, 'plan');
    const sumRate = (a: TimelinessRates['plan'], b: TimelinessRates['plan']) =>
      addToRate(addToRate(addToRate(a, 'on_time', b.onTime), 'late', b.late), 'pending', b.pending);
    const townships = perTownship(
      await villagesOf(tx, scope),
      (id) => byVillage.get(id) ?? zero(),
      (a, b) => ({ identification: sumRate(a.identification, b.identification), plan: sumRate(a.plan, b.plan) }),
      zero,
    );
    const policy = await findPolicy(tx, scope.path, Number(to.slice(0, 4)));
    return {
      from, to, today, area: { id: scope.id, level: scope.level as AreaLevel, name: scope.name },
      policy: policy ? { identificationDays: policy.identificationDays, planDays: policy.planDays, dayCount: policy.dayCount } : null,
      overall, townships,
    };
  });
}

// ── pushes that did not reach their person ───────────────────────────────────────────────────────────────
const UNREACHABLE_SQL = `
  select n.id, n.title, n.status, n.last_error, n.case_id, n.created_at, u.id as user_id, u.name, u.role,
         coalesce(u.department, case when a.level = 'group' then ap.name || a.name else a.name end, hv.name || hg.name, '') as area_name
    from notifications n
    join users u on u.id = n.recipient_id
    left join areas a on a.id = u.area_id
    left join areas ap on ap.id = a.parent_id
    left join households h on h.id = u.household_id
    left join areas hg on hg.id = h.area_id
    left join areas hv on hv.id = hg.parent_id
   where n.status in ('failed', 'unreachable') and coalesce(a.path, h.area_path) like $1 || '%'
   order by n.created_at desc, n.id desc
   limit $2`;

/** The parked pushes of the people of the area (staff by their area, farmers by their household), newest first. */
export async function unreachablePushes(
  deps: Deps, actor: Actor, query: { areaId?: string },
): Promise<UnreachableResponse> {
  return deps.db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor, PUSH_ADMINS, query.areaId);
    const rows = await tx.query<{
      id: number; title: string; status: string; last_error: string | null; case_id: string | null; created_at: Date;
      user_id: string; name: string; role: Role; area_name: string;
    }>(UNREACHABLE_SQL, [scope.path, UNREACHABLE_LIMIT + 1]);
    const pushes = rows.slice(0, UNREACHABLE_LIMIT).map((r) => {
      const reason = pushProblem(r.status, r.last_error) ?? 'failed';
      return {
        id: String(r.id), userId: r.user_id, name: r.name, role: r.role, roleLabel: ROLE_LABELS[r.role], areaName: r.area_name,
        reason, reasonLabel: PUSH_PROBLEM_LABELS[reason], title: r.title, caseId: r.case_id, createdAt: r.created_at.toISOString(),
      };
    });
    return {
      area: { id: scope.id, level: scope.level, name: scope.name }, pushes, limit: UNREACHABLE_LIMIT,
      truncated: rows.length > UNREACHABLE_LIMIT,
    };
  });
}
