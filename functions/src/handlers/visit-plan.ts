import { route } from '../http/route';
import { visitPlan as loadVisitPlan } from '../app/visit-plan';

export const visitPlan = route('visitPlan', async ({ deps, actor, query, now }) => ({
  body: await loadVisitPlan(deps, actor, query.month, now),
}));
