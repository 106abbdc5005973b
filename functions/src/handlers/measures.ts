import { route } from '../http/route';
import { completeMeasure as complete, listMeasures as list } from '../app/measures';

export const listMeasures = route('listMeasures', async ({ deps, actor, query, now }) => ({
  body: await list(deps, actor, query, now),
}));

export const completeMeasure = route('completeMeasure', async ({ deps, actor, params, body, now }) => ({
  body: await complete(deps, actor, params.id, body, now),
}));
