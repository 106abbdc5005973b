import type { Deps } from '../deps';
import type { PushOutcome } from '../ports/push';

/** A claimed push is left alone by other dispatchers this long; if its sender dies, it is tried again after that. */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** 45009 is WeChat's daily API quota: no use trying again within minutes. */
const RATE_LIMIT_PAUSE_MS = 30 * 60_000;

export interface DispatchReport {
  claimed: number;
  sent: number;
  /** Tried and to be tried again later. */
  retrying: number;
  /** Parked after the last try, or refused for good: visible to admins. */
  failed: number;
  /** No openid, no subscription grant, or refused by the user (43101): the inbox copy is all they get. */
  unreachable: number;
}

interface Claimed {
  id: string;
  recipient_id: string;
  template_id: string;
  page: string | null;
  data: Record<string, string>;
  attempts: number;
  openid: string | null;
}

/**
 * Sends the pending push copies whose time has come, up to `limit`. The scheduler calls it every minute (serverless.yml
 * dispatchPushes; `npm start` on an interval); tests call it with an injected `now`, again and again, moving the clock.
 *
 * A batch is claimed in one statement (attempts + 1, next try pushed out by a lease; `skip locked`), so two dispatchers
 * at once never send one message twice. Each send's outcome is written only if the row is still as claimed.
 * - sent: status 'sent'; one of the recipient's grants for that template was taken just before the send (and is
 *   given back when the send fails), so two messages never ride on one grant;
 * - retry / rate_limited: tried again after a backoff (base × 2^(tries−1), at most an hour; 30 minutes for a quota),
 *   parked as 'failed' after config.push.maxAttempts tries;
 * - refused (43101): 'unreachable', and their grants for the template are gone;
 * - fatal: 'failed' at once.
 * Before sending: no openid (never signed in through WeChat) or no grant → 'unreachable' without calling WeChat.
 * A batch stops after half the lease in real time and hands its unsent rows back. Delivery is at least once: a sender
 * that dies between WeChat's answer and the update sends again after the lease.
 */
export async function dispatchPushes(deps: Deps, now: Date, opts: { limit?: number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, unreachable: 0 };
  const push = deps.push;
  if (!push) return report;
  const claimed = await deps.db.query<Claimed>(
    `update notifications n set attempts = n.attempts + 1, next_attempt_at = $2
       from (select id from notifications where status = 'pending' and next_attempt_at <= $1
              order by next_attempt_at, id limit $3 for update skip locked) due
      where n.id = due.id
      returning n.id, n.recipient_id, n.template_id, n.page, n.data, n.attempts,
                (select wechat_openid from users u where u.id = n.recipient_id) as openid`,
    [now, new Date(now.getTime() + LEASE_MS), opts.limit ?? 100],
  );
  report.claimed = claimed.length;
  const { maxAttempts, retryBaseSeconds } = deps.config.push;

  /** Writes the outcome if the row is still the one we claimed (a later claim after our lease expired wins). */
  const settle = (n: Claimed, status: 'failed' | 'unreachable' | 'pending', error: string | null, next: Date | null) =>
    deps.db.query(
      `update notifications set status = $3, last_error = $4, next_attempt_at = $5
        where id = $1 and status = 'pending' and attempts = $2`,
      [n.id, n.attempts, status, error, next],
    );

  /** One grant, taken before the send (two messages to one person never share one), given back if not delivered. */
  const takeGrant = async (n: Claimed) => (await deps.db.query(
    `update subscription_grants set remaining = remaining - 1, updated_at = $3
      where user_id = $1 and template_id = $2 and remaining > 0 returning remaining`,
    [n.recipient_id, n.template_id, now],
  )).length === 1;
  const giveBack = (n: Claimed) => deps.db.query(
    `update subscription_grants set remaining = remaining + 1, updated_at = $3 where user_id = $1 and template_id = $2`,
    [n.recipient_id, n.template_id, now],
  );

  const started = Date.now();
  for (const [index, n] of claimed.entries()) {
    // sends are slow when WeChat is: stop well inside the lease (real time, whatever `now` says) and hand the rest
    // back, so that no other dispatcher claims a message while this one may still send it
    if (Date.now() - started > LEASE_MS / 2) {
      const rest = claimed.slice(index);
      await deps.db.query(
        `update notifications set attempts = attempts - 1, next_attempt_at = $2
          where id = any($1::bigint[]) and status = 'pending'`,
        [rest.map((r) => r.id), now],
      );
      report.claimed -= rest.length;
      break;
    }
    if (!n.openid) {
      await settle(n, 'unreachable', 'no_openid', null);
      report.unreachable++;
      continue;
    }
    if (!(await takeGrant(n))) {
      await settle(n, 'unreachable', 'no_grant', null);
      report.unreachable++;
      continue;
    }
    let outcome: PushOutcome;
    try {
      outcome = await push.send({ openid: n.openid, templateId: n.template_id, page: n.page ?? '', data: n.data });
    } catch (err) {
      outcome = { ok: false, kind: 'retry', code: -1, message: err instanceof Error ? err.message : String(err) };
    }
    if (outcome.ok) {
      await deps.db.query(
        `update notifications set status = 'sent', sent_at = $3, next_attempt_at = null, last_error = null
          where id = $1 and status = 'pending' and attempts = $2`,
        [n.id, n.attempts, now],
      );
      report.sent++;
    } else if (outcome.kind === 'refused') {
      await deps.db.transaction(async (tx) => {
        await tx.query(
          `update notifications set status = 'unreachable', last_error = $3, next_attempt_at = null
            where id = $1 and status = 'pending' and attempts = $2`,
          [n.id, n.attempts, String(outcome.code)],
        );
        await tx.query(
          'update subscription_grants set remaining = 0, updated_at = $3 where user_id = $1 and template_id = $2',
          [n.recipient_id, n.template_id, now],
        );
      });
      report.unreachable++;
    } else if (outcome.kind === 'fatal' || n.attempts >= maxAttempts) {
      await giveBack(n);
      await settle(n, 'failed', `${outcome.code} ${outcome.message}`.slice(0, 500), null);
      report.failed++;
    } else {
      await giveBack(n);
      const backoff = Math.min(MAX_BACKOFF_MS, retryBaseSeconds * 1000 * 2 ** (n.attempts - 1));
      const wait = outcome.kind === 'rate_limited' ? Math.max(backoff, RATE_LIMIT_PAUSE_MS) : backoff;
      await settle(n, 'pending', `${outcome.code} ${outcome.message}`.slice(0, 500), new Date(now.getTime() + wait));
      report.retrying++;
    }
  }
  return report;
}

/** Runs the dispatcher until nothing more is due now (the scheduled function: one call drains what it can). */
export async function drainPushes(deps: Deps, now: Date, opts: { limit?: number; maxBatches?: number } = {}): Promise<DispatchReport> {
  const total: DispatchReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, unreachable: 0 };
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const r = await dispatchPushes(deps, now, opts);
    for (const k of Object.keys(total) as (keyof DispatchReport)[]) total[k] += r[k];
    if (r.claimed === 0) break;
  }
  return total;
}
