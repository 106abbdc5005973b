import type { SubmitDeclarationRequest, SubmitDeclarationResponse } from '@shared/contracts/declaration';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import { loadCaseSummary } from '../store/cases';
import { declarationView, findHousehold } from '../store/households';
import { findClueByKey, hashOf, recordClue, retryOnConflict } from './clues';
import { assertCanSee } from './households';

/** Farmers declare for their own household; grid members and village cadres may enter one taken by phone or in person. */
const MAY_DECLARE = ['farmer', 'grid_member', 'village_cadre'] as const;

function requestHash(input: SubmitDeclarationRequest): string {
  return hashOf([input.householdId, [...input.riskTypes].sort(), input.description, input.consent]);
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
  const hash = requestHash(input);
  const today = chinaDate(now);
  return retryOnConflict(() => deps.db.transaction(async (tx) => {
    const household = assertCanSee(actor, await findHousehold(tx, 'id', input.householdId), MAY_DECLARE);
    const earlier = await findClueByKey(tx, actor.userId, input.clientKey);
    if (earlier) {
      if (earlier.request_hash !== hash) throw new AppError('DECLARATION.KEY_REUSED');
      const summary = await loadCaseSummary(tx, household.id);
      if (!summary) throw new Error(`case of clue ${earlier.id} is no longer open`);
      return { created: false, body: { declaration: declarationView(earlier), case: summary, replayed: true } };
    }
    const r = await recordClue(tx, deps, actor, household, {
      channel: 'self_declared', riskTypes: input.riskTypes, description: input.description, foundOn: today,
      consentAt: now, department: null,
    }, { clientKey: input.clientKey, hash }, now);
    return { created: true, body: { declaration: declarationView(r.clue), case: r.summary, replayed: false } };
  }));
}
