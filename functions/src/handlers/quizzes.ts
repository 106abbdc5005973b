import { route } from '../http/route';
import {
  answerQuiz as answer, awareness as figures, startQuiz as start, unreachedHouseholds as unreached,
} from '../app/quizzes';

export const startQuiz = route('startQuiz', async ({ deps, actor, params, body, now }) => {
  const { created, body: out } = await start(deps, actor, params.householdId, body, now);
  return { status: created ? 201 : 200, body: out };
});

export const answerQuiz = route('answerQuiz', async ({ deps, actor, params, body, now }) => ({
  body: await answer(deps, actor, params.id, body, now),
}));

export const awareness = route('awareness', async ({ deps, actor, query, now }) => ({
  body: await figures(deps, actor, query, now),
}));

export const unreachedHouseholds = route('unreachedHouseholds', async ({ deps, actor, query, now }) => ({
  body: await unreached(deps, actor, query, now),
}));
