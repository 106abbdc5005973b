import type { HouseholdView } from '@shared/contracts/household';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Role } from '@shared/contracts/common';
import type { Deps } from '../deps';
import { coversArea, type Actor } from '../http/auth';
import { findHousehold, loadHouseholdView, type HouseholdRef } from '../store/households';
import type { Sql } from '../ports/db';

/** Staff roles that work with households' personal data in their area. Department users see only their orders. */
const HOUSEHOLD_READERS: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin', 'inspector'];

/**
 * May this actor see this household? A farmer: only the household their WeChat is bound to. Staff: only within
 * their area. A refusal names no detail of the household.
 */
export function assertCanSee(actor: Actor, h: HouseholdRef | null, readers: readonly Role[] = HOUSEHOLD_READERS): HouseholdRef {
  if (actor.role === 'farmer') {
    if (!actor.householdId) throw new AppError('HOUSEHOLD.NOT_BOUND');
    if (!h) throw new AppError('HOUSEHOLD.NOT_FOUND');
    if (h.id !== actor.householdId) throw new AppError('HOUSEHOLD.NOT_YOURS');
    return h;
  }
  if (!readers.includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  // out of area reads exactly like an unknown household
  if (!h || !coversArea(actor, h.area_path)) throw new AppError('HOUSEHOLD.NOT_FOUND');
  return h;
}

export async function loadVisibleHousehold(sql: Sql, actor: Actor, by: 'id' | 'code', value: string) {
  return assertCanSee(actor, await findHousehold(sql, by, value));
}

export async function getHouseholdByCode(deps: Deps, actor: Actor, code: string, now: Date): Promise<HouseholdView> {
  // one transaction: the page is read from one consistent state
  return deps.db.transaction(async (tx) => {
    const h = await loadVisibleHousehold(tx, actor, 'code', code);
    return loadHouseholdView(tx, h.id, chinaDate(now));
  });
}
