import crypto from 'node:crypto';
import {
  AWARENESS_TARGET, type AnswerQuizRequest, type AnswerQuizResponse, type AnswerResult, type AreaAwareness, type AwarenessResponse,
  type Quiz, type QuizResponse, type StartQuizRequest, type UnreachedResponse,
} from '@shared/contracts/awareness';
import type { Role } from '@shared/contracts/common';
import { awarenessRate, drawQuiz, isFlagged, scoreAttempt, type RandomInt } from '@shared/domain/awareness';
import { chinaDate } from '@shared/domain/dates';
import { AppError } from '@shared/domain/errors';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import { getArea } from '../store/areas';
import { findCurrentVersions, findVersionsInArea, type ExplainerVersionRow } from '../store/explainers';
import { findHousehold } from '../store/households';
import {
  answersOf, areaWithChildren, awarenessByChild, awareHouseholdIds, completeAttempt, findAttemptByKey, findCurrentMember, insertAnswers,
  insertAttempt, lockAttempt, questionsByIds, questionsOfVersions, villageHouseholds,
  type AnswerRow, type AttemptRow, type QuestionRow,
} from '../store/quizzes';
import { assertCanSee } from './households';

/** Staff who may run a quiz with a household of their area on a visit; a farmer takes their own household's. */
const QUIZ_STAFF: readonly Role[] = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin'];
/** Who sees the awareness figures and the households not yet reached, within their area. */
const AWARENESS_READERS: readonly Role[] = ['village_cadre', 'township_reviewer', 'county_admin', 'inspector'];

const cryptoRandom: RandomInt = (n) => crypto.randomInt(n);

function resultOf(q: QuestionRow, choice: number): AnswerResult {
  return { questionId: q.id, choice, correct: choice === q.answer, answer: q.answer, explanation: q.explanation };
}

/** The quiz as its taker sees it, from the attempt, its questions and the answers stored. */
function quizView(a: AttemptRow, questions: QuestionRow[], answers: AnswerRow[]): Quiz {
  const choiceOf = new Map(answers.map((r) => [r.question_id, r.choice]));
  return {
    id: a.id, householdId: a.household_id, memberId: a.member_id, memberName: a.member_name, mode: a.mode,
    questions: questions.map((q) => ({ id: q.id, kind: q.kind, stem: q.stem, options: q.options, explainerTitle: q.explainer_title })),
    answered: questions.filter((q) => choiceOf.has(q.id)).map((q) => resultOf(q, choiceOf.get(q.id)!)),
    score: a.completed_at ? { correct: a.correct!, total: a.total } : null,
    knowsDeclaration: a.completed_at ? a.knows_declaration : null,
  };
}

async function loadQuizView(sql: Sql, a: AttemptRow): Promise<Quiz> {
  return quizView(a, await questionsByIds(sql, a.question_ids), await answersOf(sql, a.id));
}

/**
 * A quiz for one current member of the household: QUIZ_SIZE questions drawn from those of the explainers in force
 * for it (key questions first). The farmer takes it for their own household ('self'); staff of the household's area
 * run it on a visit ('visit'). The same client key again returns the same quiz and stores nothing.
 */
export async function startQuiz(
  deps: Deps, actor: Actor, householdId: string, input: StartQuizRequest, now: Date, random: RandomInt = cryptoRandom,
): Promise<{ created: boolean; body: QuizResponse }> {
  return deps.db.transaction(async (tx) => {
    const h = assertCanSee(actor, await findHousehold(tx, 'id', householdId), QUIZ_STAFF);
    const replay = async (): Promise<{ created: boolean; body: QuizResponse } | null> => {
      const earlier = await findAttemptByKey(tx, actor.userId, input.clientKey);
      if (!earlier) return null;
      if (earlier.household_id !== h.id || earlier.member_id !== input.memberId) throw new AppError('QUIZ.KEY_REUSED');
      return { created: false, body: { quiz: await loadQuizView(tx, earlier), replayed: true } };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    if (!(await findCurrentMember(tx, h.id, input.memberId))) throw new AppError('MEMBER.NOT_FOUND');
    const versions = await findCurrentVersions(tx, h.area_path, chinaDate(now));
    const pool = await questionsOfVersions(tx, versions.map((v) => v.id));
    if (!pool.length) throw new AppError('QUIZ.NO_QUESTIONS');
    const drawn = drawQuiz(pool, random);
    const inserted = await insertAttempt(tx, {
      householdId: h.id, memberId: input.memberId, takenBy: actor.userId, takerRole: actor.role,
      mode: actor.role === 'farmer' ? 'self' : 'visit', questionIds: drawn.map((q) => q.id), clientKey: input.clientKey, now,
    });
    // a concurrent retry with the same key stored it first: answer with that one
    if (!inserted) return (await replay())!;
    const attempt = (await findAttemptByKey(tx, actor.userId, input.clientKey))!;
    return { created: true, body: { quiz: await loadQuizView(tx, attempt), replayed: false } };
  });
}

/**
 * Answers to a quiz, one at a time or all at once. Everything is checked before anything is written: a question not
 * in this quiz, the same question twice, a choice that is not one of its options, or another choice for a question
 * already answered refuses the whole request. The same choice again is a replay. The attempt row is locked, so two
 * requests at once are applied one after the other and the quiz is completed (scored) exactly once.
 */
export async function answerQuiz(
  deps: Deps, actor: Actor, attemptId: string, input: AnswerQuizRequest, now: Date,
): Promise<AnswerQuizResponse> {
  return deps.db.transaction(async (tx) => {
    const attempt = await lockAttempt(tx, attemptId);
    if (!attempt) throw new AppError('QUIZ.NOT_FOUND');
    assertCanSee(actor, await findHousehold(tx, 'id', attempt.household_id), QUIZ_STAFF);
    if (attempt.taken_by !== actor.userId) throw new AppError('QUIZ.NOT_FOUND');

    const asked = new Set(input.answers.map((a) => a.questionId));
    if (asked.size !== input.answers.length) throw new AppError('QUIZ.DUPLICATE_QUESTION');
    if (input.answers.some((a) => !attempt.question_ids.includes(a.questionId))) throw new AppError('QUIZ.QUESTION_NOT_IN_QUIZ');
    const questions = await questionsByIds(tx, attempt.question_ids);
    const question = new Map(questions.map((q) => [q.id, q]));
    if (input.answers.some((a) => a.choice >= question.get(a.questionId)!.options.length)) {
      throw new AppError('QUIZ.CHOICE_OUT_OF_RANGE');
    }
    const stored = await answersOf(tx, attempt.id);
    const earlier = new Map(stored.map((r) => [r.question_id, r.choice]));
    if (input.answers.some((a) => earlier.has(a.questionId) && earlier.get(a.questionId) !== a.choice)) {
      throw new AppError('QUIZ.ALREADY_ANSWERED');
    }

    const fresh: AnswerRow[] = input.answers
      .filter((a) => !earlier.has(a.questionId))
      .map((a) => ({ question_id: a.questionId, choice: a.choice, correct: a.choice === question.get(a.questionId)!.answer }));
    await insertAnswers(tx, attempt.id, fresh, now);
    const answers = [...stored, ...fresh];
    const score = scoreAttempt(questions, answers.map((r) => ({ questionId: r.question_id, choice: r.choice })));
    let after = attempt;
    if (score.complete && !attempt.completed_at) {
      await completeAttempt(tx, attempt.id, { correct: score.correct, knowsDeclaration: score.knowsDeclaration! }, now);
      after = { ...attempt, completed_at: now, correct: score.correct, knows_declaration: score.knowsDeclaration };
    }
    return {
      quiz: quizView(after, questions, answers),
      results: input.answers.map((a) => resultOf(question.get(a.questionId)!, a.choice)),
    };
  });
}

// ── 知晓率 ───────────────────────────────────────────────────────────────────────────────────────────────

/** The actor's own area, or one inside it; any other is refused as not found. */
async function scopeOf(sql: Sql, actor: Actor, areaId: string | undefined) {
  if (!AWARENESS_READERS.includes(actor.role) || !actor.areaId || !actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  const area = await getArea(sql, areaId ?? actor.areaId);
  if (!area || !area.path.startsWith(actor.areaPath)) throw new AppError('AREA.NOT_FOUND');
  return area;
}

/**
 * The awareness of an area and of each of its direct children: households, aware households (a current member's
 * latest completed quiz got every key question drawn right) and the rate, the households each explainer in force in
 * the area reached (opened any version of it), and the villages below the target flagged.
 */
export async function awareness(deps: Deps, actor: Actor, query: { areaId?: string }, now: Date): Promise<AwarenessResponse> {
  return deps.db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor, query.areaId);
    const explainers = await findVersionsInArea(tx, scope.path, chinaDate(now));
    const areas = await areaWithChildren(tx, scope.id);
    const { figures: byChild, reach } = await awarenessByChild(tx, scope.path, explainers.map((e) => e.explainer_id));
    // the area's figures are the sums over its households, its children's those of the households under each
    const sum = (rows: { households: number }[]) => rows.reduce((n, r) => n + r.households, 0);
    const figures = areas.map((a, i): AreaAwareness => {
      const own = i === 0 ? byChild : byChild.filter((f) => f.child === a.id);
      const households = sum(own);
      const aware = own.reduce((n, r) => n + r.aware, 0);
      const rate = awarenessRate(aware, households);
      const reached: Record<string, number> = {};
      for (const e of explainers) {
        reached[e.explainer_id] = sum(reach.filter((r) => (i === 0 || r.child === a.id) && r.explainer_id === e.explainer_id));
      }
      return { areaId: a.id, name: a.name, level: a.level, households, aware, rate, reached, flagged: isFlagged(a.level, rate) };
    });
    return {
      area: figures[0],
      children: figures.slice(1),
      explainers: explainers.map((e) => ({ explainerId: e.explainer_id, title: e.title, topic: e.topic })),
      target: AWARENESS_TARGET,
    };
  });
}

/**
 * A village's households not yet reached — an explainer in force for them not opened — or not yet aware, with the
 * titles not opened, by 户编号. Names the head and the group only: no ID or phone numbers.
 */
export async function unreachedHouseholds(deps: Deps, actor: Actor, query: { villageId: string }, now: Date): Promise<UnreachedResponse> {
  const today = chinaDate(now);
  return deps.db.transaction(async (tx) => {
    const village = await scopeOf(tx, actor, query.villageId);
    if (village.level !== 'village') throw new AppError('AWARENESS.NOT_A_VILLAGE');
    const households = await villageHouseholds(tx, village.path);
    const aware = await awareHouseholdIds(tx, village.path);
    // a village's households are in a few groups: what is in force for each group
    const inForce = new Map<string, ExplainerVersionRow[]>();
    for (const path of new Set(households.map((h) => h.area_path))) inForce.set(path, await findCurrentVersions(tx, path, today));
    const listed = households.map((h) => ({
      householdId: h.id, number: h.number, headName: h.head_name ?? '', group: h.group_name,
      unopened: inForce.get(h.area_path)!.filter((v) => !h.opened.includes(v.explainer_id)).map((v) => v.title),
      aware: aware.has(h.id),
    }));
    return {
      village: { id: village.id, name: village.name },
      households: listed.filter((h) => h.unopened.length > 0 || !h.aware),
    };
  });
}
