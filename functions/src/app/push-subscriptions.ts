import type {
  PushTemplatesResponse, RecordSubscriptionsRequest, RecordSubscriptionsResponse, TemplatePurpose,
} from '@shared/contracts/inbox';
import type { Role } from '@shared/contracts/common';
import { AppError } from '@shared/domain/errors';
import type { PushConfig } from '../config/env';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';

/**
 * WeChat one-time subscriptions (一次性订阅消息): each 'accept' of wx.requestSubscribeMessage lets one message of
 * that template be pushed to the user. The app asks at the moments it matters — a farmer declaring (to hear the
 * result), staff opening or deciding a case (to hear of the next to-do) — and posts WeChat's answer here; the
 * dispatcher spends a grant per push (subscription_grants.remaining).
 */

/** What a role is asked to subscribe to: the household its case's results, staff their to-dos. */
function purposeOf(role: Role): TemplatePurpose {
  return role === 'farmer' ? 'result' : 'todo';
}

/** The templates to ask this role for: none while pushes are off, and none whose id is not configured. */
export function templatesFor(role: Role, push: PushConfig): PushTemplatesResponse['templates'] {
  if (!push.channel) return [];
  const purpose = purposeOf(role);
  const templateId = push.templates[purpose];
  return templateId ? [{ purpose, templateId }] : [];
}

export function pushTemplates(deps: Deps, actor: Actor): PushTemplatesResponse {
  return { templates: templatesFor(actor.role, deps.config.push) };
}

/**
 * Records WeChat's answer: one more grant per accepted template (upsert); reject, ban and filter record nothing and
 * remove nothing (WeChat keeps the earlier grants). Every template must be one this user is asked for, or nothing is
 * stored. The request id makes a retry a no-op that answers as the first did.
 */
export async function recordSubscriptions(
  deps: Deps, actor: Actor, req: RecordSubscriptionsRequest, now: Date,
): Promise<RecordSubscriptionsResponse> {
  const asked = new Set(templatesFor(actor.role, deps.config.push).map((t) => t.templateId));
  const ids = Object.keys(req.results);
  if (ids.some((id) => !asked.has(id))) throw new AppError('PUSH.UNKNOWN_TEMPLATE');
  const accepted = ids.filter((id) => req.results[id] === 'accept').sort();
  return deps.db.transaction(async (tx) => {
    const [fresh] = await tx.query(
      `insert into subscription_requests (user_id, request_id, accepted, created_at) values ($1, $2, $3, $4)
       on conflict (user_id, request_id) do nothing returning request_id`,
      [actor.userId, req.requestId, accepted, now],
    );
    if (!fresh) {
      const [first] = await tx.query<{ accepted: string[] }>(
        'select accepted from subscription_requests where user_id = $1 and request_id = $2', [actor.userId, req.requestId],
      );
      return { accepted: first.accepted, replayed: true };
    }
    if (accepted.length) {
      await tx.query(
        `insert into subscription_grants (user_id, template_id, remaining, updated_at)
         select $1, t, 1, $3 from unnest($2::text[]) as t
         on conflict (user_id, template_id) do update set remaining = subscription_grants.remaining + 1, updated_at = excluded.updated_at`,
        [actor.userId, accepted, now],
      );
    }
    return { accepted, replayed: false };
  });
}
