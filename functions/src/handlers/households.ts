import { route } from '../http/route';
import { getHouseholdByCode } from '../app/households';

export const householdByCode = route('householdByCode', async ({ deps, actor, params, now }) => ({
  body: { household: await getHouseholdByCode(deps, actor, params.code, now) },
}));
