import type { DeclarationView, HouseholdView, MemberView } from '@shared/contracts/household';
import type { RiskType } from '@shared/contracts/common';
import { ageOn } from '@shared/domain/dates';
import type { Sql } from '../ports/db';
import { PLACE_COLUMNS, PLACE_JOINS, placeOf, type PlaceRow } from './areas';
import { loadCaseSummary } from './cases';

export interface HouseholdRef {
  id: string;
  area_id: string;
  area_path: string;
}

export async function findHousehold(sql: Sql, by: 'id' | 'code', value: string): Promise<HouseholdRef | null> {
  const [row] = await sql.query<HouseholdRef>(`select id, area_id, area_path from households where ${by} = $1`, [value]);
  return row ?? null;
}

/** findHousehold by id for many households in one query; those not found are left out. */
export async function findHouseholds(sql: Sql, ids: string[]): Promise<HouseholdRef[]> {
  return sql.query<HouseholdRef>('select id, area_id, area_path from households where id = any($1::uuid[])', [ids]);
}

type HouseholdRow = PlaceRow & {
  id: string; number: string; category: 'lifted' | 'ordinary'; lifted_year: number | null;
  low_income: boolean; extreme_poverty: boolean;
};
type MemberRow = Omit<MemberView, 'age' | 'idNumberMasked' | 'phoneMasked' | 'disabilityLevel'> & {
  birth_date: string; id_masked: string; phone_masked: string | null; disability_level: number | null;
};

export async function recentDeclarations(sql: Sql, householdId: string, limit = 5): Promise<DeclarationView[]> {
  const rows = await sql.query<{
    id: string; risk_types: RiskType[]; description: string; created_at: Date; found_on: string;
  }>(
    `select id, risk_types, description, created_at, found_on from clues
      where household_id = $1 and channel = 'self_declared' order by created_at desc limit $2`,
    [householdId, limit],
  );
  return rows.map(declarationView);
}

export function declarationView(r: {
  id: string; risk_types: RiskType[]; description: string; created_at: Date; found_on: string;
}): DeclarationView {
  return {
    id: r.id, riskTypes: r.risk_types, description: r.description,
    submittedAt: r.created_at.toISOString(), clueDate: r.found_on,
  };
}

/** Everything the household page shows. ID numbers only in their stored masked form. */
export async function loadHouseholdView(sql: Sql, id: string, today: string): Promise<HouseholdView> {
  const [h] = await sql.query<HouseholdRow>(
    `select h.id, h.number, h.category, h.lifted_year, h.low_income, h.extreme_poverty, ${PLACE_COLUMNS}
       from households h ${PLACE_JOINS} where h.id = $1`,
    [id],
  );
  const members = await sql.query<MemberRow>(
    `select id, name, relation, gender, birth_date, id_masked, phone_masked, health, disability_level, labour, schooling
       from members where household_id = $1 and removed_at is null
      order by relation = 'head' desc, birth_date`,
    [id],
  );
  const memberViews: MemberView[] = members.map((m) => ({
    id: m.id, name: m.name, relation: m.relation, gender: m.gender, age: ageOn(m.birth_date, today),
    idNumberMasked: m.id_masked, phoneMasked: m.phone_masked, health: m.health, disabilityLevel: m.disability_level, labour: m.labour,
    schooling: m.schooling,
  }));
  return {
    id: h.id,
    number: h.number,
    headName: memberViews.find((m) => m.relation === 'head')?.name ?? '',
    place: placeOf(h),
    category: h.category,
    liftedYear: h.lifted_year,
    lowIncome: h.low_income,
    extremePoverty: h.extreme_poverty,
    members: memberViews,
    openCase: await loadCaseSummary(sql, id),
    declarations: await recentDeclarations(sql, id),
  };
}
