import crypto from 'node:crypto';
import type { SubmitDeclarationRequest, SubmitDeclarationResponse } from '@shared/contracts/declaration';
import { receiveClue, type CaseState } from '@shared/domain/case';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { appendEvents, findOpenCase, insertOpenCase, insertTask, loadCaseSummary, summariseCaseRow, updateCase } from '../store/cases';
import { declarationView } from '../store/households';
import { findPolicy } from '../store/policies';
import { findHousehold } from '../store/households';
import { assertCanSee } from './households';

/** Farmers declare for their own household; grid members and village cadres may enter one taken by phone or in person. */
const MAY_DECLARE = ['farmer', 'grid_member', 'village_cadre'] as const;

function requestHash(input: SubmitDeclarationRequest): string {
  const canonical = JSON.stringify([input.householdId, [...input.riskTypes].sort(), input.description, input.consent]);
  return crypto.createHash('sha256').update(canonical).digest('base64url');
}

type ClueRow = {
  id: string; case_id: string; risk_types: SubmitDeclarationRequest['riskTypes']; description: string;
  created_at: Date; found_on: string; request_hash: string;
};

async function findClueByKey(sql: Sql, userId: string, clientKey: string): Promise<ClueRow | null> {
  const [row] = await sql.query<ClueRow>(
    `select id, case_id, risk_types, description, created_at, found_on, request_hash from clues
      where reported_by = $1 and client_key = $2`,
    [userId, clientKey],
  );
  return row ?? null;
}

async function replay(sql: Sql, clue: ClueRow, hash: string, householdId: string): Promise<SubmitDeclarationResponse> {
  if (clue.request_hash !== hash) throw new AppError('DECLARATION.KEY_REUSED');
  const summary = await loadCaseSummary(sql, householdId);
  if (!summary) throw new Error(`case of clue ${clue.id} is no longer open`);
  return { declaration: declarationView(clue), case: summary, replayed: true };
}

/**
 * 一键申报: a household's self-declaration becomes a risk clue. It opens a case (or joins the open one), starts the
 * 15-day clock from today and gives the group's grid member a home-verification task — all in one transaction.
 * The same client key again returns the first answer and stores nothing.
 */
export async function submitDeclaration(
  deps: Deps, actor: Actor, input: SubmitDeclarationRequest, now: Date,
): Promise<{ created: boolean; body: SubmitDeclarationResponse }> {
  if (!(MAY_DECLARE as readonly string[]).includes(actor.role)) throw new AppError('AUTH.FORBIDDEN');
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptDeclaration(deps, actor, input, now);
    } catch (err) {
      // a concurrent request committed first; the next attempt sees its rows and joins or replays them
      if (!(err instanceof RetryableConflict) || attempt === 3) throw err;
    }
  }
}

/** Raised inside the transaction when a concurrent one committed what we were about to write. */
class RetryableConflict extends Error {
  constructor() {
    super('concurrent write; retry');
  }
}

async function attemptDeclaration(deps: Deps, actor: Actor, input: SubmitDeclarationRequest, now: Date) {
  const hash = requestHash(input);
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const household = assertCanSee(actor, await findHousehold(tx, 'id', input.householdId), MAY_DECLARE);
    const earlier = await findClueByKey(tx, actor.userId, input.clientKey);
    if (earlier) return { created: false, body: await replay(tx, earlier, hash, household.id) };

    const policy = await findPolicy(tx, household.area_path, Number(today.slice(0, 4)));
    if (!policy) throw new AppError('POLICY.MISSING');

    // Lock the open case (if any) so concurrent clues for one household queue up instead of racing.
    const open = await findOpenCase(tx, household.id, true);
    const state: CaseState | null = open ? { id: open.id, status: open.status, clueDate: open.clue_date } : null;
    const clue = { channel: 'self_declared' as const, riskTypes: input.riskTypes, description: input.description, foundOn: today };
    const { next, effects } = receiveClue(state, clue, policy);

    let caseId: string;
    if (open) {
      if (!(await updateCase(tx, open, next, now))) throw new Error('case changed under a row lock');
      caseId = open.id;
    } else {
      const inserted = await insertOpenCase(tx, household.id, next.status, next.clueDate, now);
      // Another declaration opened the case between our read and insert: it is committed now, so try again on it.
      if (!inserted) throw new RetryableConflict();
      caseId = inserted.id;
    }

    const [row] = await tx.query<ClueRow>(
      `insert into clues (case_id, household_id, channel, risk_types, description, consent_at, found_on,
                          reported_by, client_key, request_hash, created_at)
       values ($1, $2, 'self_declared', $3, $4, $5, $6, $7, $8, $9, $5)
       on conflict (reported_by, client_key) do nothing
       returning id, case_id, risk_types, description, created_at, found_on, request_hash`,
      [caseId, household.id, input.riskTypes, input.description, now, today, actor.userId, input.clientKey, hash],
    );
    // The same key was committed by a concurrent retry while we waited: undo ours, answer with theirs.
    if (!row) throw new RetryableConflict();

    await appendEvents(
      tx, { caseId, at: now, actorId: actor.userId, actorRole: actor.role },
      effects.flatMap((e) => (e.type === 'event' ? [{ type: e.event, data: { ...e.data, clueId: row.id } }] : [])),
    );
    for (const effect of effects) {
      if (effect.type !== 'task') continue;
      await insertTask(tx, {
        caseId, kind: effect.kind, assigneeRole: effect.assigneeRole, areaId: household.area_id,
        areaPath: household.area_path, dueOn: effect.dueOn, now,
      });
    }
    const summary = await summariseCaseRow(tx, { id: caseId, status: next.status, clue_date: next.clueDate });
    return { created: true, body: { declaration: declarationView(row), case: summary, replayed: false } };
  });
}
