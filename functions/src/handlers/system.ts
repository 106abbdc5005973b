import { route } from '../http/route';

export const health = route('health', async ({ deps, now }) => {
  await deps.db.query('select 1');
  return { body: { ok: true, database: deps.db.kind, time: now.toISOString() } };
});
