import { route } from '../http/route';
import { getCase as loadCase, runCommand } from '../app/cases';
import { reportClue as report } from '../app/clues';

export const getCase = route('getCase', async ({ deps, actor, params, now }) => ({
  body: await loadCase(deps, actor, params.id, now),
}));

export const runCaseCommand = route('runCaseCommand', async ({ deps, actor, params, body, now }) => ({
  body: await runCommand(deps, actor, params.id, body, now),
}));

export const reportClue = route('reportClue', async ({ deps, actor, body, now }) => {
  const answer = await report(deps, actor, body, now);
  return { status: answer.replayed ? 200 : 201, body: answer };
});
