import type { Policy } from '@shared/domain/policy';
import type { Sql } from '../ports/db';

/** The policy of the nearest area at or above `areaPath` that has one for `year`. */
export async function findPolicy(sql: Sql, areaPath: string, year: number): Promise<Policy | null> {
  const [row] = await sql.query<{
    area_id: string; year: number; monitoring_line_yuan: number; identification_days: number;
    notice_min_days: number; plan_days: number; day_count: 'calendar';
  }>(
    `select p.* from policies p join areas a on a.id = p.area_id
      where p.year = $2 and $1 like a.path || '%'
      order by length(a.path) desc limit 1`,
    [areaPath, year],
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
