import { route } from '../http/route';
import { listInbox as list, markInboxRead as markRead } from '../app/inbox';
import { pushTemplates as templates, recordSubscriptions as record } from '../app/push-subscriptions';

export const listInbox = route('listInbox', async ({ deps, actor, query }) => ({
  body: await list(deps, actor, query),
}));

export const markInboxRead = route('markInboxRead', async ({ deps, actor, body, now }) => ({
  body: await markRead(deps, actor, body, now),
}));

export const pushTemplates = route('pushTemplates', async ({ deps, actor }) => ({
  body: templates(deps, actor),
}));

export const recordSubscriptions = route('recordSubscriptions', async ({ deps, actor, body, now }) => ({
  body: await record(deps, actor, body, now),
}));
