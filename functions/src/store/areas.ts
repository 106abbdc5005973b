import type { AreaLevel, AreaRef, Place } from '@shared/contracts/common';
import type { Sql } from '../ports/db';

/** SQL joins from a household `h` up to its group, village, township and county; selects place_* columns. */
export const PLACE_JOINS = `
  join areas ag on ag.id = h.area_id
  join areas av on av.id = ag.parent_id
  join areas at on at.id = av.parent_id
  join areas ac on ac.id = at.parent_id`;
export const PLACE_COLUMNS = `ac.name as place_county, at.name as place_township, av.name as place_village, ag.name as place_group`;

export interface PlaceRow {
  place_county: string;
  place_township: string;
  place_village: string;
  place_group: string;
}

export function placeOf(r: PlaceRow): Place {
  return { county: r.place_county, township: r.place_township, village: r.place_village, group: r.place_group };
}

export async function getArea(sql: Sql, id: string): Promise<(AreaRef & { path: string }) | null> {
  const [row] = await sql.query<{ id: string; level: AreaLevel; name: string; path: string }>(
    'select id, level, name, path from areas where id = $1',
    [id],
  );
  return row ?? null;
}
