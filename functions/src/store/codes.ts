import type { AreaLevel } from '@shared/contracts/common';
import type { Sql } from '../ports/db';
import { PLACE_COLUMNS, PLACE_JOINS, type PlaceRow } from './areas';

export type CodeHolderRow = PlaceRow & {
  id: string;
  number: string;
  area_id: string;
  area_path: string;
  head_name: string | null;
  code_rotated_at: Date | null;
};

const HEAD_NAME = `(select m.name from members m
   where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name`;

/** A household with its place and head's name, by id or 户编号; null when there is none. */
export async function findCodeHolder(sql: Sql, by: 'id' | 'number', value: string, forUpdate = false): Promise<CodeHolderRow | null> {
  const [row] = await sql.query<CodeHolderRow>(
    `select h.id, h.number, h.area_id, h.area_path, h.code_rotated_at, ${HEAD_NAME}, ${PLACE_COLUMNS}
       from households h ${PLACE_JOINS} where h.${by} = $1 ${forUpdate ? 'for update of h' : ''}`,
    [value],
  );
  return row ?? null;
}

/** Replaces the code; nothing keeps the old one. */
export async function replaceCode(
  sql: Sql, e: { householdId: string; code: string; at: Date; actorId: string },
): Promise<void> {
  await sql.query(
    `update households set code = $2, code_rotated_at = $3, updated_at = $3, updated_by = $4 where id = $1`,
    [e.householdId, e.code, e.at, e.actorId],
  );
}

export interface AreaRow {
  id: string;
  parent_id: string | null;
  level: AreaLevel;
  name: string;
  path: string;
  households: number;
}

// `like` uses the text_pattern_ops index; starts_with keeps an id with '_' or '%' from matching its neighbours.

/** The area at `path` and every area below it, each with its number of households, in tree order. */
export async function listAreasUnder(sql: Sql, path: string): Promise<AreaRow[]> {
  return sql.query<AreaRow>(
    `select a.id, a.parent_id, a.level, a.name, a.path,
            (select count(*)::int from households h
              where h.area_path like a.path || '%' and starts_with(h.area_path, a.path)) as households
       from areas a
      where a.path like $1 || '%' and starts_with(a.path, $1)
      order by a.path`,
    [path],
  );
}

export type PlateRow = PlaceRow & { id: string; number: string; code: string; head_name: string | null };

/** The households under an area, for door plates: group by group, by 户编号. Carries the codes: print only. */
export async function listPlateHouseholds(sql: Sql, areaPath: string, limit: number): Promise<PlateRow[]> {
  return sql.query<PlateRow>(
    `select h.id, h.number, h.code, ${HEAD_NAME}, ${PLACE_COLUMNS}
       from households h ${PLACE_JOINS}
      where h.area_path like $1 || '%' and starts_with(h.area_path, $1)
      order by h.area_path, h.number
      limit $2`,
    [areaPath, limit],
  );
}
