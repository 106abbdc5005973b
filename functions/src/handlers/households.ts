import { route } from '../http/route';
import {
  addMember as add, bindHousehold as bind, changeHead as setHead, householdDetail, moveHousehold as move,
  recordVisit as record, removeMember as remove, searchHouseholds as search, setFlags, viewPersonalData as reveal,
} from '../app/registry';

export const householdByCode = route('householdByCode', async ({ deps, actor, params, now }) => ({
  body: await householdDetail(deps, actor, 'code', params.code, now),
}));

export const householdById = route('householdById', async ({ deps, actor, params, now }) => ({
  body: await householdDetail(deps, actor, 'id', params.id, now),
}));

export const bindHousehold = route('bindHousehold', async ({ deps, actor, params, body, now }) => ({
  body: await bind(deps, actor, params.code, body, now),
}));

export const searchHouseholds = route('searchHouseholds', async ({ deps, actor, query }) => ({
  body: await search(deps, actor, query.q),
}));

export const recordVisit = route('recordVisit', async ({ deps, actor, params, body, now }) => {
  const { created, visit } = await record(deps, actor, params.id, body, now);
  return { status: created ? 201 : 200, body: { visit, replayed: !created } };
});

export const addMember = route('addMember', async ({ deps, actor, params, body, now }) => ({
  status: 201,
  body: { household: await add(deps, actor, params.id, body, now) },
}));

export const removeMember = route('removeMember', async ({ deps, actor, params, body, now }) => ({
  body: { household: await remove(deps, actor, params.id, params.memberId, body.reason, now) },
}));

export const viewPersonalData = route('viewPersonalData', async ({ deps, actor, params, now }) => ({
  body: await reveal(deps, actor, params.id, params.memberId, now),
}));

export const changeHead = route('changeHead', async ({ deps, actor, params, body, now }) => ({
  body: { household: await setHead(deps, actor, params.id, body, now) },
}));

export const moveHousehold = route('moveHousehold', async ({ deps, actor, params, body, now }) => ({
  body: { household: await move(deps, actor, params.id, body.groupId, now) },
}));

export const setHouseholdFlags = route('setHouseholdFlags', async ({ deps, actor, params, body, now }) => ({
  body: { household: await setFlags(deps, actor, params.id, body, now) },
}));
