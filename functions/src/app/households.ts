import { AppError } from '@shared/domain/errors';
import type { Role } from '@shared/contracts/common';
import { coversArea, type Actor } from '../http/auth';
import { findHousehold, type HouseholdRef } from '../store/households';

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
