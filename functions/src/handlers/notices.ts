import { route } from '../http/route';
import { listNotices as list, raiseObjection as raise } from '../app/notices';

export const listNotices = route('listNotices', async ({ deps, actor, now }) => ({
  body: await list(deps, actor, now),
}));

export const raiseObjection = route('raiseObjection', async ({ deps, actor, params, body, now }) => {
  const answer = await raise(deps, actor, params.id, body, now);
  return { status: answer.replayed ? 200 : 201, body: answer };
});
