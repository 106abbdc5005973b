import { route } from '../http/route';
import { supervisionDeadlines as deadlines, supervisionTimeliness as timeliness, unreachablePushes as unreachable } from '../app/supervision';

export const supervisionDeadlines = route('supervisionDeadlines', async ({ deps, actor, query, now }) => ({
  body: await deadlines(deps, actor, query, now),
}));

export const supervisionTimeliness = route('supervisionTimeliness', async ({ deps, actor, query, now }) => ({
  body: await timeliness(deps, actor, query, now),
}));

export const unreachablePushes = route('unreachablePushes', async ({ deps, actor, query }) => ({
  body: await unreachable(deps, actor, query),
}));
