import type { RiskType, Role } from '@shared/contracts/common';
import type { VisitPlanItem, VisitPlanResponse } from '@shared/contracts/visit-plan';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import {
  compareVisitPlan, DEFAULT_INCOME_DROP_SHARE, monthLabel, monthSpan, priorityFlags, type VisitPlanFacts,
} from '@shared/domain/visit-plan';
import { isMonitored, WORKFLOW_STATE_LABELS, WORKFLOW_STATES, type WorkflowState } from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { PLACE_COLUMNS, PLACE_JOINS, placeOf, type PlaceRow } from '../store/areas';
import { findPolicy } from '../store/policies';

/** Who plans visits: the grid member for their group, the village for its groups, the township for its villages. */
const PLANNERS: Role[] = ['grid_member', 'village_cadre', 'township_reviewer'];
const MONITORED_STATES = WORKFLOW_STATES.filter(isMonitored);

type PlanRow = PlaceRow & {
  id: string; number: string; area_path: string; head_name: string | null; category: 'lifted' | 'ordinary';
  low_income: boolean; extreme_poverty: boolean; income_per_capita_yuan: number | null; case_status: WorkflowState | null;
  members: VisitPlanFacts['members']; last_visit_on: string | null; latest_income: { yuan: number; on: string } | null;
  recent_risk_types: RiskType[];
};

/**
 * Every 脱贫户 ($1 area) and every household with an open monitored case, with what the plan needs: the members'
 * health and schooling, the latest visit on or before the month's end ($3) — a 入户走访 (visits) or a 帮扶走访 of the
 * workflow (case_events 'tracking_recorded', dated by its visitedOn) — the latest income recorded on such a visit, and
 * the risk types of the clues found in the year up to the month's end (after $4).
 */
const PLAN_SQL = `
  with tracking as (
    select hc.household_id, (e.data->'command'->>'visitedOn')::date as visited_on,
           round((e.data->'command'->>'incomePerCapitaYuan')::numeric)::int as income, e.id
      from households h
      join cases hc on hc.household_id = h.id
      join case_events e on e.case_id = hc.id and e.type = 'tracking_recorded'
     where h.area_path like $1 || '%' and (e.data->'command'->>'visitedOn')::date <= $3::date
  )
  select h.id, h.number, h.area_path, h.category, h.low_income, h.extreme_poverty, h.income_per_capita_yuan,
         c.status as case_status,
         (select name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
         coalesce((select json_agg(json_build_object('health', m.health, 'disabilityLevel', m.disability_level, 'schooling', m.schooling))
                     from members m where m.household_id = h.id and m.removed_at is null), '[]'::json) as members,
         greatest(
           (select max(v.visited_on) from visits v where v.household_id = h.id and v.visited_on <= $3::date),
           (select max(t.visited_on) from tracking t where t.household_id = h.id)
         ) as last_visit_on,
         (select json_build_object('yuan', t.income, 'on', to_char(t.visited_on, 'YYYY-MM-DD')) from tracking t
           where t.household_id = h.id and t.income is not null order by t.visited_on desc, t.id desc limit 1) as latest_income,
         array(select distinct rt from clues cl, unnest(cl.risk_types) as rt
                where cl.household_id = h.id and cl.found_on > $4::date and cl.found_on <= $3::date) as recent_risk_types,
         ${PLACE_COLUMNS}
    from households h
    left join cases c on c.household_id = h.id and c.is_open and c.status = any($2::text[])
    ${PLACE_JOINS}
   where h.area_path like $1 || '%' and (h.category = 'lifted' or c.id is not null)`;

/**
 * 每月走访计划 for `month` (YYYY-MM; default this month in China): every household in the actor's area that must be
 * visited, whether it was visited in the month, when last, and the 八必访 priorities its data supports.
 * The plan is today's list (who is 脱贫户 or monitored now) checked against the visits of the month asked for.
 */
export async function visitPlan(deps: Deps, actor: Actor, month: string | undefined, now: Date): Promise<VisitPlanResponse> {
  if (!PLANNERS.includes(actor.role) || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const theMonth = month ?? chinaDate(now).slice(0, 7);
  const span = monthSpan(theMonth);
  const year = Number(theMonth.slice(0, 4));

  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<PlanRow>(PLAN_SQL, [actor.areaPath, MONITORED_STATES, span.last, span.yearBefore]);
    // one policy per group (the nearest area with a policy for the year), not one per household
    const lines = new Map<string, Promise<number | null>>();
    const lineFor = (areaPath: string) => {
      if (!lines.has(areaPath)) lines.set(areaPath, findPolicy(tx, areaPath, year).then((p) => p?.monitoringLineYuan ?? null));
      return lines.get(areaPath)!;
    };

    const households: VisitPlanItem[] = [];
    for (const r of rows) {
      const flags = priorityFlags({
        lowIncome: r.low_income,
        extremePoverty: r.extreme_poverty,
        lastYearIncomePerCapitaYuan: r.income_per_capita_yuan,
        latestRecordedIncome: r.latest_income,
        members: r.members,
        recentRiskTypes: r.recent_risk_types,
      }, { monitoringLineYuan: await lineFor(r.area_path), incomeDropShare: DEFAULT_INCOME_DROP_SHARE });
      households.push({
        householdId: r.id,
        number: r.number,
        headName: r.head_name ?? '',
        place: placeOf(r),
        lifted: r.category === 'lifted',
        monitored: r.case_status !== null,
        caseStatusLabel: r.case_status ? WORKFLOW_STATE_LABELS[r.case_status] : null,
        visited: r.last_visit_on !== null && r.last_visit_on >= span.first,
        lastVisitOn: r.last_visit_on,
        flags,
      });
    }
    households.sort(compareVisitPlan);
    return {
      month: theMonth,
      monthLabel: monthLabel(theMonth),
      counts: {
        households: households.length,
        visited: households.filter((h) => h.visited).length,
        flagged: households.filter((h) => h.flags.length > 0).length,
      },
      households,
    };
  });
}
