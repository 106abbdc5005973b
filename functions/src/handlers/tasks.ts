import { route } from '../http/route';
import { getTask as loadTask, listTasks as loadTasks } from '../app/tasks';

export const listTasks = route('listTasks', async ({ deps, actor, now }) => ({
  body: { tasks: await loadTasks(deps, actor, now) },
}));

export const getTask = route('getTask', async ({ deps, actor, params, now }) => ({
  body: await loadTask(deps, actor, params.id, now),
}));
