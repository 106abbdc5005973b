import type { Policy } from '@shared/domain/policy';
import type { Sql } from '../ports/db';

/** The policy of the nearest area at or above `areaPath` that has one for `year`. */
export async function findPolicy(sql: Sql, areaPath: string, year: number): Promise<Policy | null> {
  // '/qh/qh-al/qh-al-hx/' names its ancestors' ids, nearest last: a primary-key lookup, no scan of areas
  const ancestors = areaPath.split('/').filter(Boolean);
  const [row] = await sql.query<{
    area_id: string; year: number; monitoring_line_yuan: number; identification_days: number;
    notice_min_days: number; plan_days: number; day_count: Policy['dayCount'];
  }>(
    `select * from policies where area_id = any($1::text[]) and year = $2
      order by array_position($1::text[], area_id) desc limit 1`,
    [ancestors, year],
  );
  if (!row) return null;
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
