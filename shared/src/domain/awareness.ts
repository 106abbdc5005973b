import { AWARENESS_TARGET, QUIZ_SIZE } from '../contracts/awareness';
import type { AreaLevel } from '../contracts/common';

/**
 * 知晓率: the pure rules of the awareness quizzes — which questions a quiz draws, how an attempt is scored, when an
 * attempt shows the declaration conditions known, and the rates (which households know them is SQL: store/quizzes
 * awareHouseholdIds). No I/O; the random source is passed in.
 */

/** An integer in [0, n): crypto.randomInt in the app, a fixed sequence in tests. */
export type RandomInt = (n: number) => number;

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: RandomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The questions of one quiz from the pool in force for the household: the key (declaration-condition) questions
 * first, shuffled, up to `size`; then the others at random to fill `size`. Fewer when the pool is smaller.
 */
export function drawQuiz<Q extends { key: boolean }>(pool: readonly Q[], random: RandomInt, size = QUIZ_SIZE): Q[] {
  const keys = shuffled(pool.filter((q) => q.key), random).slice(0, size);
  const others = shuffled(pool.filter((q) => !q.key), random).slice(0, size - keys.length);
  return [...keys, ...others];
}

/** A question as drawn into an attempt, with its right answer. */
export interface DrawnQuestion {
  id: string;
  key: boolean;
  answer: number;
}

export interface GivenAnswer {
  questionId: string;
  choice: number;
}

export interface AttemptScore {
  /** Every drawn question answered. */
  complete: boolean;
  correct: number;
  total: number;
  /** Once complete: at least one key question was drawn and every key question drawn was answered right; null before. */
  knowsDeclaration: boolean | null;
}

/**
 * The score of an attempt from its drawn questions and the answers given so far. Answers to questions not drawn
 * are ignored here (the app refuses them before anything is stored).
 */
export function scoreAttempt(questions: readonly DrawnQuestion[], answers: readonly GivenAnswer[]): AttemptScore {
  const choiceOf = new Map(answers.map((a) => [a.questionId, a.choice]));
  const right = (q: DrawnQuestion) => choiceOf.get(q.id) === q.answer;
  const complete = questions.length > 0 && questions.every((q) => choiceOf.has(q.id));
  return {
    complete,
    correct: questions.filter(right).length,
    total: questions.length,
    knowsDeclaration: complete ? knowsDeclaration(questions, answers) : null,
  };
}

/** At least one key question drawn, and every key question drawn answered right. */
export function knowsDeclaration(questions: readonly DrawnQuestion[], answers: readonly GivenAnswer[]): boolean {
  const keys = questions.filter((q) => q.key);
  const choiceOf = new Map(answers.map((a) => [a.questionId, a.choice]));
  return keys.length > 0 && keys.every((q) => choiceOf.get(q.id) === q.answer);
}

/** aware ÷ households; 0 for an area without households. */
export function awarenessRate(aware: number, households: number): number {
  return households > 0 ? aware / households : 0;
}

/** A village below the target is flagged for its township to act on; other levels are never flagged. */
export function isFlagged(level: AreaLevel, rate: number, target = AWARENESS_TARGET): boolean {
  return level === 'village' && rate < target;
}
