import crypto from 'node:crypto';
import type { RiskType } from '@shared/contracts/common';
import type { Verification } from '@shared/contracts/verification';
import type {
  ListNoticesResponse, NoticeView, RaiseObjectionRequest, RaiseObjectionResponse,
} from '@shared/contracts/notice';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import { noticeText, noticeTitle } from '@shared/domain/notice';
import { PHASE_OF, type Procedure, type WorkflowState } from '@shared/domain/workflow';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { loadHouseholdView } from '../store/households';
import { findPolicy } from '../store/policies';
import { hashOf } from './clues';
import { runCaseCommand, type StoredFacts } from './case-commands';

/**
 * 村内公示 in the mini-program: a farmer reads the notices now running in their own village and may object to one,
 * named or anonymously. The objection is the workflow's 'object' command, as when the village registers one
 * (the notice's objection task, the township's notification and the 核实 that must follow are the same).
 *
 * ANONYMOUS OBJECTIONS. The objection's timeline event is stored with actor_id null and role 'farmer': no screen, API
 * answer or log line can name who raised it — not the village, not the township, not the household concerned.
 * Beside it the event keeps `objector`, a keyed hash (HMAC with the server's data key, as for ID-number lookups) of
 * the notice and the farmer, which nothing shows. It exists for one rule: one farmer may raise at most
 * MAX_OBJECTIONS_PER_FARMER objections to one notice, because each open objection stops the notice from ending until
 * it is verified, and an unaccountable flood could hold up a neighbour's case. The hash differs per case, so it
 * cannot link a farmer's objections across households' notices; only someone holding both the database and the data key could
 * recompute it for each farmer of the village, as they could decrypt ID numbers.
 * A named objection is stored with the farmer as actor: the village sees the name on the case's timeline.
 */
export const MAX_OBJECTIONS_PER_FARMER = 3;

const NOTICE_STATES: readonly WorkflowState[] = ['notice', 'elimination_notice'];

interface Village { id: string; name: string; path: string }

/** The village of the farmer's bound household: the only village whose notices they see and may object to. */
async function farmerVillage(sql: Sql, actor: Actor): Promise<Village> {
  if (actor.role !== 'farmer') throw new AppError('AUTH.FORBIDDEN');
  if (!actor.householdId) throw new AppError('HOUSEHOLD.NOT_BOUND');
  const [v] = await sql.query<Village>(
    `select av.id, av.name, av.path from households h join areas ag on ag.id = h.area_id join areas av on av.id = ag.parent_id
      where h.id = $1`, [actor.householdId],
  );
  if (!v) throw new AppError('HOUSEHOLD.NOT_FOUND');
  return v;
}

interface NoticeCaseRow { id: string; household_id: string; status: WorkflowState; area_path: string; facts: Partial<StoredFacts> | null }

const procedureOf = (s: WorkflowState): Procedure => (PHASE_OF[s] === 'elimination' ? 'elimination' : 'identification');

/** The last command of a kind on the case's timeline, as recorded. */
async function lastCommand(sql: Sql, caseId: string, type: string): Promise<Record<string, unknown> | null> {
  const [row] = await sql.query<{ command: Record<string, unknown> | null }>(
    `select data->'command' as command from case_events where case_id = $1 and type = $2 order by id desc limit 1`, [caseId, type],
  );
  return row?.command ?? null;
}

/** The notice's text for a case, generated from what the case holds (shared/src/domain/notice.ts). */
export async function noticeTextFor(
  sql: Sql, c: { id: string; household_id: string; status: WorkflowState; area_path: string },
  period: { startOn: string; endOn: string }, today: string,
): Promise<string> {
  const policy = await findPolicy(sql, c.area_path, Number(today.slice(0, 4)));
  if (!policy) throw new AppError('POLICY.MISSING');
  const clues = await sql.query<{ riskTypes: RiskType[] }>(
    'select risk_types as "riskTypes" from clues where case_id = $1 order by created_at', [c.id],
  );
  const verified = await lastCommand(sql, c.id, 'verified');
  const approved = await lastCommand(sql, c.id, 'county_approved');
  return noticeText({
    procedure: procedureOf(c.status),
    period,
    household: await loadHouseholdView(sql, c.household_id, today),
    monitoringLineYuan: policy.monitoringLineYuan,
    verification: (verified?.verification as Verification | undefined) ?? null,
    clues,
    identifiedRiskTypes: (approved?.riskTypes as RiskType[] | undefined) ?? [],
  });
}

/** Is the case's notice running today? */
const running = (c: NoticeCaseRow, today: string) => NOTICE_STATES.includes(c.status) && !!c.facts?.notice
  && c.facts.notice.startOn <= today && today <= c.facts.notice.endOn;

/** The notices running today in the farmer's village, the latest posted first. */
export async function listNotices(deps: Deps, actor: Actor, now: Date): Promise<ListNoticesResponse> {
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const village = await farmerVillage(tx, actor);
    const rows = await tx.query<NoticeCaseRow>(
      `select c.id, c.household_id, c.status, h.area_path, c.facts
         from cases c join households h on h.id = c.household_id
        where c.is_open and c.status = any($2::text[]) and h.area_path like $1 || '%'
          and c.facts->'notice'->>'startOn' <= $3 and c.facts->'notice'->>'endOn' >= $3
        order by c.facts->'notice'->>'startOn' desc, c.id`,
      [village.path, NOTICE_STATES, today],
    );
    const notices: NoticeView[] = [];
    for (const c of rows) {
      const period = c.facts!.notice!;
      notices.push({
        id: c.id, procedure: procedureOf(c.status), title: noticeTitle(procedureOf(c.status)),
        text: await noticeTextFor(tx, c, period, today), startOn: period.startOn, endOn: period.endOn,
      });
    }
    return { village: village.name, today, notices };
  });
}

const OBJECTION_RECEIVED = '您的异议已提交。村里会在公示期内派人核实，核实清楚之前，这户的认定不会往下走。';

function answer(e: { objectionId: string; raisedOn: string; anonymous: boolean }, noticeId: string, replayed: boolean): RaiseObjectionResponse {
  const who = e.anonymous ? '您选择了匿名，村里看不到是谁提的。' : '您留了姓名，村里核实时可能会找您了解情况。';
  return { objectionId: e.objectionId, noticeId, raisedOn: e.raisedOn, anonymous: e.anonymous, message: `${OBJECTION_RECEIVED}${who}`, replayed };
}

/** The objection a request already recorded on this case, if it did. */
async function recordedObjection(sql: Sql, caseId: string, requestId: string) {
  const [row] = await sql.query<{ hash: string; objection_id: string; raised_on: string; anonymous: boolean }>(
    `select data->>'requestHash' as hash, data->'command'->>'objectionId' as objection_id,
            data->'command'->>'raisedOn' as raised_on, actor_id is null as anonymous
       from case_events where case_id = $1 and data->>'requestId' = $2`,
    [caseId, requestId],
  );
  return row ?? null;
}

/**
 * A farmer's objection to a notice of their own village while it runs. A retry (same requestId, same content) answers
 * like the first and stores nothing; the same requestId with other content is refused. Another village's notice and
 * an unknown id read alike (NOTICE.NOT_FOUND); one that is not running today is NOTICE.ENDED.
 */
export async function raiseObjection(
  deps: Deps, actor: Actor, noticeId: string, req: RaiseObjectionRequest, now: Date,
): Promise<RaiseObjectionResponse> {
  const today = chinaDate(now);
  // the identity is not part of the hash: it is stored with anonymous objections
  const hash = hashOf(['objection', req.content, req.anonymous]);
  const objector = deps.protector.lookupHash(`objection:${noticeId}:${actor.userId}`);

  for (let attempt = 0; ; attempt++) {
    const { village, c } = await deps.db.transaction(async (tx) => {
      const v = await farmerVillage(tx, actor);
      const [row] = await tx.query<NoticeCaseRow & { version: number }>(
        `select c.id, c.household_id, c.status, c.version, h.area_path, c.facts
           from cases c join households h on h.id = c.household_id where c.id = $1`, [noticeId],
      );
      if (!row || !row.area_path.startsWith(v.path)) throw new AppError('NOTICE.NOT_FOUND');
      return { village: v, c: row };
    });
    const earlier = await recordedObjection(deps.db, c.id, req.requestId);
    if (earlier) {
      if (earlier.hash !== hash) throw new AppError('CASE.REQUEST_REUSED');
      return answer({ objectionId: earlier.objection_id, raisedOn: earlier.raised_on, anonymous: earlier.anonymous }, c.id, true);
    }
    if (!running(c, today)) throw new AppError('NOTICE.ENDED');
    const [{ n }] = await deps.db.query<{ n: number }>(
      `select count(*)::int as n from case_events where case_id = $1 and type = 'objection_raised' and data->>'objector' = $2
          and id > coalesce((select max(id) from case_events where case_id = $1 and type = 'notice_started'), 0)`,
      [c.id, objector],
    );
    if (n >= MAX_OBJECTIONS_PER_FARMER) throw new AppError('NOTICE.TOO_MANY_OBJECTIONS');

    const objectionId = crypto.randomUUID();
    try {
      // the farmer acts with their village's path: the workflow's actorInArea holds only for their village's notices
      await runCaseCommand(
        deps, { ...actor, areaPath: village.path }, c.id,
        { type: 'object', objectionId, raisedOn: today, content: req.content }, c.version, now,
        {
          requestId: req.requestId, requestHash: hash, recordedActorId: req.anonymous ? null : actor.userId,
          eventData: { objector },
        },
      );
      return answer({ objectionId, raisedOn: today, anonymous: req.anonymous }, c.id, false);
    } catch (err) {
      // the farmer saw no version: another act on the case in between is no reason to refuse, try again on the new one
      // (a concurrent copy of this same request is found as recorded on the next round)
      if (err instanceof AppError && err.code === 'CASE.VERSION_CONFLICT' && attempt < 4) continue;
      throw err;
    }
  }
}
