import { AWARENESS_TARGET, QUIZ_SIZE } from '../../shared/src/contracts/awareness';
import {
  awarenessRate, drawQuiz, isFlagged, knowsDeclaration, scoreAttempt, shuffled, type DrawnQuestion, type RandomInt,
} from '../../shared/src/domain/awareness';

/** A fixed random source: cycles through the given numbers, each taken modulo n. */
const seq = (...values: number[]): RandomInt => {
  let i = 0;
  return (n) => values[i++ % values.length] % n;
};
const first: RandomInt = () => 0;
const last: RandomInt = (n) => n - 1;

const pool = (keys: number, others: number) => [
  ...Array.from({ length: keys }, (_, i) => ({ id: `k${i + 1}`, key: true })),
  ...Array.from({ length: others }, (_, i) => ({ id: `o${i + 1}`, key: false })),
];
const ids = (qs: { id: string }[]) => qs.map((q) => q.id);

describe('drawQuiz', () => {
  test.each([
    // keys, others, how many keys drawn, how many others drawn
    [3, 3, 3, 2],
    [3, 10, 3, 2],
    [0, 8, 0, 5],
    [7, 4, 5, 0],
    [5, 0, 5, 0],
    [1, 2, 1, 2],
    [2, 0, 2, 0],
    [0, 0, 0, 0],
  ])('a pool of %i key and %i other questions → %i key then %i others', (keys, others, keysDrawn, othersDrawn) => {
    for (const random of [first, last, seq(3, 1, 4, 1, 5, 9, 2, 6)]) {
      const drawn = drawQuiz(pool(keys, others), random);
      expect(drawn).toHaveLength(keysDrawn + othersDrawn);
      expect(drawn.slice(0, keysDrawn).every((q) => q.key)).toBe(true);
      expect(drawn.slice(keysDrawn).every((q) => !q.key)).toBe(true);
      expect(new Set(ids(drawn)).size).toBe(drawn.length);
    }
  });

  test('the quiz has QUIZ_SIZE questions when the pool has enough', () => {
    expect(drawQuiz(pool(2, 20), first)).toHaveLength(QUIZ_SIZE);
  });

  test('which questions are drawn depends on the random source only', () => {
    const p = pool(2, 6);
    expect(ids(drawQuiz(p, seq(1, 0, 4, 2, 3)))).toEqual(ids(drawQuiz(p, seq(1, 0, 4, 2, 3))));
    // always taking the first index moves each element down: a different draw from always taking the last
    expect(ids(drawQuiz(p, first))).not.toEqual(ids(drawQuiz(p, last)));
    expect(ids(drawQuiz(p, last))).toEqual(['k1', 'k2', 'o1', 'o2', 'o3']);
    expect(ids(drawQuiz(p, first))).toEqual(['k2', 'k1', 'o2', 'o3', 'o4']);
  });

  test('shuffled keeps every item once and leaves its input alone', () => {
    const items = [1, 2, 3, 4, 5, 6];
    const out = shuffled(items, seq(5, 2, 0, 1, 1));
    expect([...out].sort()).toEqual(items);
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

// two key questions, three others; the right answer of each
const QUIZ: DrawnQuestion[] = [
  { id: 'k1', key: true, answer: 0 },
  { id: 'k2', key: true, answer: 1 },
  { id: 'o1', key: false, answer: 2 },
  { id: 'o2', key: false, answer: 0 },
  { id: 'o3', key: false, answer: 1 },
];
const answers = (choices: Record<string, number>) => Object.entries(choices).map(([questionId, choice]) => ({ questionId, choice }));

describe('scoreAttempt', () => {
  test.each([
    ['all right', { k1: 0, k2: 1, o1: 2, o2: 0, o3: 1 }, { complete: true, correct: 5, total: 5, knowsDeclaration: true }],
    ['key right, others wrong', { k1: 0, k2: 1, o1: 0, o2: 1, o3: 0 }, { complete: true, correct: 2, total: 5, knowsDeclaration: true }],
    ['one key wrong', { k1: 0, k2: 0, o1: 2, o2: 0, o3: 1 }, { complete: true, correct: 4, total: 5, knowsDeclaration: false }],
    ['all wrong', { k1: 1, k2: 0, o1: 0, o2: 1, o3: 0 }, { complete: true, correct: 0, total: 5, knowsDeclaration: false }],
    ['not finished', { k1: 0, k2: 1, o1: 2 }, { complete: false, correct: 3, total: 5, knowsDeclaration: null }],
    ['nothing answered', {}, { complete: false, correct: 0, total: 5, knowsDeclaration: null }],
    ['an answer to a question not drawn does not count', { k1: 0, k2: 1, o1: 2, o2: 0, x9: 1 },
      { complete: false, correct: 4, total: 5, knowsDeclaration: null }],
  ])('%s', (_, given, expected) => {
    expect(scoreAttempt(QUIZ, answers(given))).toEqual(expected);
  });

  test('a quiz drawn with no key question: complete and all right, yet it does not show the declaration conditions are known', () => {
    const noKey = QUIZ.filter((q) => !q.key);
    expect(scoreAttempt(noKey, answers({ o1: 2, o2: 0, o3: 1 }))).toEqual({ complete: true, correct: 3, total: 3, knowsDeclaration: false });
  });
});

describe('knowsDeclaration', () => {
  test.each([
    ['every key question right', true, QUIZ, { k1: 0, k2: 1 }],
    ['a key question wrong', false, QUIZ, { k1: 0, k2: 0, o1: 2 }],
    ['a key question unanswered', false, QUIZ, { k1: 0 }],
    ['no key question drawn', false, QUIZ.slice(2), { o1: 2, o2: 0, o3: 1 }],
    ['one key question drawn, right', true, [QUIZ[0], QUIZ[2]], { k1: 0, o1: 1 }],
  ] as const)('%s → %s', (_, expected, questions, given) => {
    expect(knowsDeclaration(questions, answers(given))).toBe(expected);
  });
});

describe('rate and flag', () => {
  test.each([
    [0, 0, 0],
    [0, 10, 0],
    [19, 20, 0.95],
    [3, 4, 0.75],
    [4, 4, 1],
  ])('%i aware of %i households → %s', (aware, households, rate) => {
    expect(awarenessRate(aware, households)).toBe(rate);
  });

  test.each([
    ['village', 0.94, true],
    ['village', AWARENESS_TARGET, false],
    ['village', 1, false],
    ['village', 0, true],
    ['township', 0.5, false],
    ['county', 0, false],
    ['group', 0.1, false],
  ] as const)('%s at %s → flagged %s', (level, rate, flagged) => {
    expect(isFlagged(level, rate)).toBe(flagged);
  });
});
