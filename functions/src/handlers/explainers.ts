import { route } from '../http/route';
import {
  getExplainer as getOne, householdExplainers as forHousehold, listExplainers as listAll, openExplainer as open,
  publishExplainer as publish, uploadExplainerImage as uploadImage,
} from '../app/explainers';

export const listExplainers = route('listExplainers', async ({ deps, actor, now }) => ({
  body: await listAll(deps, actor, now),
}));

export const getExplainer = route('getExplainer', async ({ deps, actor, params, now }) => ({
  body: await getOne(deps, actor, params.id, now),
}));

export const publishExplainer = route('publishExplainer', async ({ deps, actor, body, now }) => {
  const answer = await publish(deps, actor, body, now);
  return { status: answer.replayed ? 200 : 201, body: answer };
});

export const uploadExplainerImage = route('uploadExplainerImage', async ({ deps, actor, body }) => ({
  status: 201,
  body: await uploadImage(deps, actor, body),
}));

export const householdExplainers = route('householdExplainers', async ({ deps, actor, params, now }) => ({
  body: await forHousehold(deps, actor, params.householdId, now),
}));

export const openExplainer = route('openExplainer', async ({ deps, actor, params, body, now }) => ({
  body: await open(deps, actor, params.householdId, params.id, body.clientKey, now),
}));
