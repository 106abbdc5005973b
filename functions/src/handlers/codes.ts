import { route } from '../http/route';
import { findHouseholdByNumber, listAreas as loadAreas, printDoorPlates, rotateHouseholdCode as rotate } from '../app/codes';

export const listAreas = route('listAreas', async ({ deps, actor }) => ({
  body: { areas: await loadAreas(deps, actor) },
}));

export const doorPlates = route('doorPlates', async ({ deps, actor, params, now }) => ({
  body: await printDoorPlates(deps, actor, params.areaId, now),
}));

export const householdByNumber = route('householdByNumber', async ({ deps, actor, params }) => ({
  body: { household: await findHouseholdByNumber(deps, actor, params.number) },
}));

export const rotateHouseholdCode = route('rotateHouseholdCode', async ({ deps, actor, params, now }) => ({
  body: await rotate(deps, actor, params.id, now),
}));
