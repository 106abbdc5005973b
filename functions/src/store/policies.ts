import type { Policy } from '@shared/domain/policy';
import type { Sql } from '../ports/db';

type PolicyRow = {
  area_id: string; year: number; monitoring_line_yuan: number; identification_days: number;
  notice_min_days: number; plan_days: number; day_count: Policy['dayCount'];
};

/** The policy of the nearest area at or above `areaPath` that has one for `year`. */
export async function findPolicy(sql: Sql, areaPath: string, year: number): Promise<Policy | null> {
  return (await findPolicies(sql, [areaPath], year)).get(areaPath) ?? null;
}

/**
 * findPolicy for many areas in one query (the department import's clues): for each path, the policy of the nearest
 * area at or above it that has one for `year`, or null.
 */
export async function findPolicies(sql: Sql, areaPaths: string[], year: number): Promise<Map<string, Policy | null>> {
  // '/qh/qh-al/qh-al-hx/' names its ancestors' ids, nearest last: primary-key lookups, no scan of areas
  const ancestorsOf = (path: string) => path.split('/').filter(Boolean);
  const ids = [...new Set(areaPaths.flatMap(ancestorsOf))];
  const rows = await sql.query<PolicyRow>('select * from policies where area_id = any($1::text[]) and year = $2', [ids, year]);
  const byArea = new Map(rows.map((row) => [row.area_id, policyOf(row)]));
  return new Map(areaPaths.map((path) => [path, ancestorsOf(path).reverse().map((id) => byArea.get(id)).find(Boolean) ?? null]));
}

function policyOf(row: PolicyRow): Policy {
  return {
    areaId: row.area_id,
    year: row.year,
    monitoringLineYuan: row.monitoring_line_yuan,
    identificationDays: row.identification_days,
    noticeMinDays: row.notice_min_days,
    planDays: row.plan_days,
    dayCount: row.day_count,
  };
}
