import crypto from 'node:crypto';
import { QUIZ_SIZE } from '@shared/contracts/awareness';
import { startApp, type TestApp } from '../support/app';

/**
 * 知晓率 quizzes and awareness over real HTTP on the embedded database, on 2026-11-20 (TEST_NOW).
 *
 * The explainers in this county, published by the county admin through the API:
 *   怎样申报 v1   county, from 2026-01-01 — superseded by v2, its 3 key questions are no longer drawn
 *   怎样申报 v2   county, from 2026-11-01 — 3 key questions (declaration conditions) and 1 other
 *   帮扶政策      county, from 2026-01-01 — 3 other questions
 *   旧明白纸      county, 2026-01-01 … 2026-10-31 — expired
 *   新明白纸      county, from 2026-12-01 — not yet in force
 *   石桥乡产业政策 石桥乡 only, from 2026-01-01 — 1 other question
 * So a household of 安乐镇 draws from 7 questions (3 key): every quiz is the 3 key questions, then 2 of the 4 others.
 *
 * The households (红星村 has 50: 17 + 17 + 16; each village 50, each township 100, the county 200):
 *   HA 红星村一组, the demo farmer's: passes, then fails a retake, then starts a third and stops → not aware
 *   HB 红星村一组: fails, then passes a retake (the grid member's visit), then a third not finished → aware
 *   HC 红星村二组: two members both pass → aware, counted once
 *   HD 红星村二组: one member fails, the other passes → aware
 *   HE 红星村三组: a member passes, then is removed from the household → not aware
 *   HF 红星村三组: opened both explainers, no quiz → not aware
 *   HG 柳湾村: passes → aware;  HH 石桥村: passes → aware;  杨庄村: 48 of its 50 households pass (96%, not flagged)
 * Openings (any version counts): HA 怎样申报 v1 (twice, two people) and 帮扶政策; HB 怎样申报; HC both; HF both;
 *   HG 帮扶政策; HH 怎样申报 and 石桥乡产业政策.
 */
let app: TestApp;
const tokens: Record<string, string> = {};

type Bank = { id: string; key: boolean; answer: number; options: string[]; version: string };
const bank = new Map<string, Bank>();
const explainers: Record<string, { explainerId: string; versionId: string; questions: string[] }> = {};

type Q = { key: boolean; kind?: 'single' | 'true_false' };
/** Published by the county as publishExplainer publishes it (`of`: the next version of that one). */
async function explainer(name: string, o: {
  title: string; topic: 'declaration' | 'assistance' | 'other'; areaId: string; validFrom: string; validTo?: string;
  of?: string; questions: Q[];
}) {
  const res = await app.request('POST', '/api/explainers', {
    token: tokens.county,
    body: {
      clientKey: key(), explainerId: o.of ? explainers[o.of].explainerId : undefined, topic: o.topic, title: o.title,
      source: `## ${o.title}\n\n- 家庭年人均纯收入低于{{监测线}}的可以申报`, areaId: o.areaId, validFrom: o.validFrom,
      validTo: o.validTo ?? null,
      questions: o.questions.map((q, i) => {
        const common = { stem: `${o.title}第${i + 1}题`, explanation: `${o.title}第${i + 1}题的解析`, key: q.key };
        return q.kind === 'single'
          ? { kind: 'single', options: ['甲', '乙', '丙'], answer: 2, ...common }
          : { kind: 'true_false', answer: i % 2, ...common };
      }),
    },
  });
  expect([res.status, res.body.error]).toEqual([201, undefined]);
  const v = res.body.explainer;
  for (const q of v.questions) bank.set(q.id, { id: q.id, key: q.key, answer: q.answer, options: q.options, version: name });
  explainers[name] = { explainerId: v.explainerId, versionId: v.id, questions: v.questions.map((q: { id: string }) => q.id) };
}

/** Opened for the household by `who`, as the household page opens it. */
async function opened(householdId: string, name: string, who: string) {
  const res = await app.request('POST', `/api/households/${householdId}/explainers/${explainers[name].versionId}/open`, {
    token: tokens[who], body: { clientKey: key() },
  });
  expect([res.status, res.body.error]).toEqual([200, undefined]);
}

type H = { id: string; members: { id: string; name: string; relation: string }[] };
const taken: string[] = [];
/** A household of the group not used yet and bound to nobody, with at least `members` current members. */
async function household(groupId: string, members = 1): Promise<H> {
  const [h] = await app.deps.db.query<{ id: string }>(
    `select h.id from households h
      where h.area_id = $1 and h.id <> all($2::uuid[]) and not exists (select 1 from users u where u.household_id = h.id)
        and (select count(*) from members m where m.household_id = h.id and m.removed_at is null) >= $3
      order by h.number limit 1`,
    [groupId, taken, members],
  );
  taken.push(h.id);
  return { id: h.id, members: await membersOf(h.id) };
}
async function membersOf(householdId: string) {
  return app.deps.db.query<{ id: string; name: string; relation: string }>(
    `select id, name, relation from members where household_id = $1 and removed_at is null order by relation = 'head' desc, birth_date`,
    [householdId],
  );
}

const key = () => `k-${crypto.randomUUID()}`;
let minute = 0;
/** Each quiz a little later than the one before, on the same day (the latest attempt is the one completed last). */
const later = () => app.clock.set(new Date(Date.UTC(2026, 10, 20, 2, ++minute)));

async function start(who: string, householdId: string, memberId: string, clientKey = key()) {
  return app.request('POST', `/api/households/${householdId}/quizzes`, { token: tokens[who], body: { clientKey, memberId } });
}
async function answer(who: string, quizId: string, answers: { questionId: string; choice: number }[]) {
  return app.request('POST', `/api/quizzes/${quizId}/answers`, { token: tokens[who], body: { answers } });
}
const right = (questionId: string) => ({ questionId, choice: bank.get(questionId)!.answer });
const wrong = (questionId: string) => {
  const q = bank.get(questionId)!;
  return { questionId, choice: (q.answer + 1) % q.options.length };
};
const ids = (quiz: { questions: { id: string }[] }) => quiz.questions.map((q) => q.id);

/** A whole quiz taken in one go (as a visit's quiz is synced): every answer right, or the first key question wrong. */
async function takeQuiz(who: string, householdId: string, memberId: string, pass: boolean) {
  later();
  const s = await start(who, householdId, memberId);
  expect([s.status, s.body.error]).toEqual([201, undefined]);
  const qs = ids(s.body.quiz);
  const res = await answer(who, s.body.quiz.id, qs.map((q, i) => (!pass && i === 0 ? wrong(q) : right(q))));
  expect([res.status, res.body.quiz.knowsDeclaration]).toEqual([200, pass]);
  return res.body.quiz;
}

const countAnswers = async (attemptId: string) =>
  (await app.deps.db.query<{ n: number }>('select count(*)::int as n from quiz_answers where attempt_id = $1', [attemptId]))[0].n;

const hh: Record<string, H> = {};

beforeAll(async () => {
  // the test template has no explainers (the demo's are published by npm start and npm run seed only)
  app = await startApp();
  await app.deps.db.query(
    `insert into users (username, name, role, household_id)
     select 'farmer-hb', '测试农户', 'farmer', h.id from households h
      where h.area_id = 'qh-al-hx-1' and not exists (select 1 from users u where u.household_id = h.id) order by h.number limit 1`,
  );
  for (const u of ['farmer', 'farmer-hb', 'grid', 'grid-qh-al-hx-2', 'grid-qh-al-hx-3', 'grid-qh-al-lw-1', 'village', 'township',
    'county', 'inspector', 'dept-medical']) {
    tokens[u] = (await app.login(u)).token;
  }
  const [{ household_id: farmerHousehold }] = await app.deps.db.query<{ household_id: string }>(
    `select household_id from users where username = 'farmer'`,
  );
  const [{ household_id: hbHousehold }] = await app.deps.db.query<{ household_id: string }>(
    `select household_id from users where username = 'farmer-hb'`,
  );
  hh.A = { id: farmerHousehold, members: await membersOf(farmerHousehold) };
  hh.B = { id: hbHousehold, members: await membersOf(hbHousehold) };
  taken.push(hh.A.id, hh.B.id);

  await explainer('declaration-v1', {
    title: '怎样申报', topic: 'declaration', areaId: 'qh', validFrom: '2026-01-01', questions: [{ key: true }, { key: true }, { key: true }],
  });
  // HA opened the first version, before the second superseded it: a household reached by an explainer stays reached
  await opened(hh.A.id, 'declaration-v1', 'farmer');
  await opened(hh.A.id, 'declaration-v1', 'grid');
  await explainer('declaration', {
    of: 'declaration-v1', title: '怎样申报', topic: 'declaration', areaId: 'qh', validFrom: '2026-11-01',
    questions: [{ key: true }, { key: true, kind: 'single' }, { key: true }, { key: false }],
  });
  await explainer('assistance', {
    title: '帮扶政策', topic: 'assistance', areaId: 'qh', validFrom: '2026-01-01',
    questions: [{ key: false }, { key: false, kind: 'single' }, { key: false }],
  });
  await explainer('expired', {
    title: '旧明白纸', topic: 'other', areaId: 'qh', validFrom: '2026-01-01', validTo: '2026-10-31', questions: [{ key: true }, { key: true }],
  });
  await explainer('future', {
    title: '新明白纸', topic: 'other', areaId: 'qh', validFrom: '2026-12-01', questions: [{ key: true }, { key: true }],
  });
  await explainer('shiqiao', {
    title: '石桥乡产业政策', topic: 'other', areaId: 'qh-sq', validFrom: '2026-01-01', questions: [{ key: false }],
  });

  hh.C = await household('qh-al-hx-2', 2);
  hh.D = await household('qh-al-hx-2', 2);
  hh.E = await household('qh-al-hx-3', 2);
  hh.F = await household('qh-al-hx-3');
  hh.G = await household('qh-al-lw-1');
  hh.H = await household('qh-sq-sq-1');
});
afterAll(() => app.close());

const KEYS = () => new Set(explainers.declaration.questions.filter((q) => bank.get(q)!.key));
const OTHERS = () => new Set([...explainers.declaration.questions.filter((q) => !bank.get(q)!.key), ...explainers.assistance.questions]);

describe('a quiz, one answer at a time (the farmer, for their own household)', () => {
  let quiz: { id: string; questions: { id: string; kind: string; options: string[]; explainerTitle: string }[] };
  let clientKey: string;

  test('draws QUIZ_SIZE questions from the explainers in force: the key questions first, then others; no answers shown', async () => {
    later();
    clientKey = key();
    const res = await start('farmer', hh.A.id, hh.A.members[0].id, clientKey);
    expect([res.status, res.body.replayed]).toEqual([201, false]);
    quiz = res.body.quiz;
    expect(quiz.questions).toHaveLength(QUIZ_SIZE);
    expect(res.body.quiz).toMatchObject({ householdId: hh.A.id, memberId: hh.A.members[0].id, mode: 'self', answered: [], score: null,
      knowsDeclaration: null });
    expect(new Set(ids(quiz).slice(0, 3))).toEqual(KEYS());
    expect(ids(quiz).slice(3).every((q) => OTHERS().has(q))).toBe(true);
    expect(new Set(ids(quiz)).size).toBe(QUIZ_SIZE);
    for (const q of quiz.questions) {
      expect(Object.keys(q).sort()).toEqual(['explainerTitle', 'id', 'kind', 'options', 'stem']);
      expect(q.options).toEqual(bank.get(q.id)!.options);
      expect(q.explainerTitle).toBe(bank.get(q.id)!.version === 'declaration' ? '怎样申报' : '帮扶政策');
    }
  });

  test('draws differ from quiz to quiz only within those rules (never an expired, future, superseded or other-township question)', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await start('farmer', hh.A.id, hh.A.members[0].id);
      expect(new Set(ids(res.body.quiz).slice(0, 3))).toEqual(KEYS());
      expect(ids(res.body.quiz).slice(3).every((q) => OTHERS().has(q))).toBe(true);
    }
    // those quizzes were left unanswered on purpose: a quiz started and never finished counts for nothing below
  });

  test('the same client key returns the same quiz; with another member it is refused', async () => {
    const again = await start('farmer', hh.A.id, hh.A.members[0].id, clientKey);
    expect([again.status, again.body.replayed, again.body.quiz.id, ids(again.body.quiz)]).toEqual([200, true, quiz.id, ids(quiz)]);
    const other = await start('farmer', hh.A.id, hh.C.members[0].id, clientKey);
    expect([other.status, other.body.error.code]).toEqual([409, 'QUIZ.KEY_REUSED']);
  });

  test('an answer for a question not in the quiz is refused and nothing is stored, not even the good answer beside it', async () => {
    const notInQuiz = explainers['declaration-v1'].questions[0];
    const res = await answer('farmer', quiz.id, [right(quiz.questions[0].id), right(notInQuiz)]);
    expect([res.status, res.body.error.code]).toEqual([422, 'QUIZ.QUESTION_NOT_IN_QUIZ']);
    expect(res.body.error.message).toContain('没有保存');
    const unknown = await answer('farmer', quiz.id, [{ questionId: crypto.randomUUID(), choice: 0 }]);
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'QUIZ.QUESTION_NOT_IN_QUIZ']);
    expect(await countAnswers(quiz.id)).toBe(0);
  });

  test('a choice that is not an option, or the same question twice, is refused and nothing is stored', async () => {
    const tf = quiz.questions.find((q) => q.kind === 'true_false')!;
    const good = quiz.questions.find((q) => q.id !== tf.id)!;
    const out = await answer('farmer', quiz.id, [right(good.id), { questionId: tf.id, choice: 2 }]);
    expect([out.status, out.body.error.code]).toEqual([422, 'QUIZ.CHOICE_OUT_OF_RANGE']);
    const twice = await answer('farmer', quiz.id, [right(quiz.questions[0].id), wrong(quiz.questions[0].id)]);
    expect([twice.status, twice.body.error.code]).toEqual([422, 'QUIZ.DUPLICATE_QUESTION']);
    const bad = await answer('farmer', quiz.id, [{ questionId: quiz.questions[0].id, choice: -1 }]);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'REQUEST.INVALID']);
    expect(await countAnswers(quiz.id)).toBe(0);
  });

  test('each answer gives its result with the right answer and the explanation at once', async () => {
    const first = quiz.questions[0].id;
    const res = await answer('farmer', quiz.id, [right(first)]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{
      questionId: first, choice: bank.get(first)!.answer, correct: true, answer: bank.get(first)!.answer,
      explanation: expect.stringContaining('的解析'),
    }]);
    expect([res.body.quiz.answered.length, res.body.quiz.score]).toEqual([1, null]);

    for (const q of quiz.questions.slice(1, 3)) expect((await answer('farmer', quiz.id, [right(q.id)])).body.results[0].correct).toBe(true);

    // the fourth (not a key question) answered wrong: told so, with the right answer and why
    const fourth = quiz.questions[3].id;
    const w = await answer('farmer', quiz.id, [wrong(fourth)]);
    expect(w.body.results[0]).toMatchObject({ questionId: fourth, choice: wrong(fourth).choice, correct: false, answer: bank.get(fourth)!.answer });
    expect(w.body.results[0].explanation).toMatch(/第\d题的解析$/);
    expect(w.body.quiz.answered.map((a: { questionId: string }) => a.questionId)).toEqual(ids(quiz).slice(0, 4));
  });

  test('an answered question keeps its first answer: another choice is refused, the same choice is a replay', async () => {
    const fourth = quiz.questions[3].id;
    const changed = await answer('farmer', quiz.id, [right(fourth)]);
    expect([changed.status, changed.body.error.code]).toEqual([409, 'QUIZ.ALREADY_ANSWERED']);
    const same = await answer('farmer', quiz.id, [wrong(fourth)]);
    expect([same.status, same.body.results[0].correct, same.body.quiz.score]).toEqual([200, false, null]);
    expect(await countAnswers(quiz.id)).toBe(4);
  });

  test('two answer calls at once for the last question: both answered, stored once, the quiz completed and scored once', async () => {
    const last = quiz.questions[4].id;
    const [a, b] = await Promise.all([answer('farmer', quiz.id, [right(last)]), answer('farmer', quiz.id, [right(last)])]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const r of [a, b]) {
      expect(r.body.quiz.score).toEqual({ correct: 4, total: 5 });
      expect(r.body.quiz.knowsDeclaration).toBe(true);
    }
    expect(await countAnswers(quiz.id)).toBe(5);
    const [row] = await app.deps.db.query<{ completed_at: Date; correct: number; total: number; knows_declaration: boolean }>(
      'select completed_at, correct, total, knows_declaration from quiz_attempts where id = $1', [quiz.id],
    );
    expect(row).toEqual({ completed_at: app.clock.now(), correct: 4, total: 5, knows_declaration: true });
    // and the replayed start shows the finished quiz
    const again = await start('farmer', hh.A.id, hh.A.members[0].id, clientKey);
    expect([again.body.quiz.answered.length, again.body.quiz.score]).toEqual([5, { correct: 4, total: 5 }]);
  });

  test('two calls at once answering the last two questions separately: the quiz is completed once, with both', async () => {
    later();
    const s = await start('farmer', hh.A.id, hh.A.members[0].id);
    const qs = ids(s.body.quiz);
    // a retake: the first key question wrong this time
    await answer('farmer', s.body.quiz.id, [wrong(qs[0]), right(qs[1]), right(qs[2])]);
    const [a, b] = await Promise.all([answer('farmer', s.body.quiz.id, [right(qs[3])]), answer('farmer', s.body.quiz.id, [right(qs[4])])]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const scores = [a.body.quiz.score, b.body.quiz.score];
    expect(scores.filter((x) => x === null)).toHaveLength(1);
    expect(scores.find((x) => x !== null)).toEqual({ correct: 4, total: 5 });
    expect(await countAnswers(s.body.quiz.id)).toBe(5);
    const [row] = await app.deps.db.query<{ knows_declaration: boolean }>('select knows_declaration from quiz_attempts where id = $1', [
      s.body.quiz.id,
    ]);
    expect(row.knows_declaration).toBe(false);
  });
});

describe('who may run a quiz', () => {
  test('staff of the household\'s area run it on a visit; others are refused', async () => {
    later();
    const grid = await start('grid', hh.B.id, hh.B.members[0].id);
    expect([grid.status, grid.body.quiz.mode]).toEqual([201, 'visit']);

    const otherVillage = await start('grid-qh-al-lw-1', hh.B.id, hh.B.members[0].id);
    expect([otherVillage.status, otherVillage.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
    const otherGroup = await start('grid-qh-al-hx-2', hh.B.id, hh.B.members[0].id);
    expect([otherGroup.status, otherGroup.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
    const department = await start('dept-medical', hh.B.id, hh.B.members[0].id);
    expect([department.status, department.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const inspector = await start('inspector', hh.B.id, hh.B.members[0].id);
    expect([inspector.status, inspector.body.error.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const otherFarmer = await start('farmer-hb', hh.A.id, hh.A.members[0].id);
    expect([otherFarmer.status, otherFarmer.body.error.code]).toEqual([403, 'HOUSEHOLD.NOT_YOURS']);
    const notAMember = await start('farmer-hb', hh.B.id, hh.A.members[0].id);
    expect([notAMember.status, notAMember.body.error.code]).toEqual([404, 'MEMBER.NOT_FOUND']);

    // answering: only whoever started the quiz
    const q = grid.body.quiz.questions[0].id;
    const farmerOther = await answer('farmer', grid.body.quiz.id, [right(q)]);
    expect([farmerOther.status, farmerOther.body.error.code]).toEqual([403, 'HOUSEHOLD.NOT_YOURS']);
    const ownFarmer = await answer('farmer-hb', grid.body.quiz.id, [right(q)]);
    expect([ownFarmer.status, ownFarmer.body.error.code]).toEqual([404, 'QUIZ.NOT_FOUND']);
    const farGrid = await answer('grid-qh-al-lw-1', grid.body.quiz.id, [right(q)]);
    expect([farGrid.status, farGrid.body.error.code]).toEqual([404, 'HOUSEHOLD.NOT_FOUND']);
    const unknown = await answer('grid', crypto.randomUUID(), [right(q)]);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'QUIZ.NOT_FOUND']);
    expect(await countAnswers(grid.body.quiz.id)).toBe(0);
  });
});

describe('awareness and reach, from the quizzes and openings recorded', () => {
  beforeAll(async () => {
    // HA: passed (4/5) then failed the retake (above); a third quiz, stopped after two right answers
    later();
    const third = await start('farmer', hh.A.id, hh.A.members[0].id);
    await answer('farmer', third.body.quiz.id, ids(third.body.quiz).slice(0, 2).map(right));
    // HB: fails, then passes a retake on the grid member's visit, then a third not finished (a key question wrong)
    await takeQuiz('farmer-hb', hh.B.id, hh.B.members[0].id, false);
    await takeQuiz('grid', hh.B.id, hh.B.members[0].id, true);
    later();
    const hbThird = await start('farmer-hb', hh.B.id, hh.B.members[0].id);
    await answer('farmer-hb', hbThird.body.quiz.id, [wrong(ids(hbThird.body.quiz)[0])]);
    // HC: both members pass; HD: one fails, the other passes
    await takeQuiz('village', hh.C.id, hh.C.members[0].id, true);
    await takeQuiz('village', hh.C.id, hh.C.members[1].id, true);
    await takeQuiz('grid-qh-al-hx-2', hh.D.id, hh.D.members[0].id, false);
    await takeQuiz('township', hh.D.id, hh.D.members[1].id, true);
    // HE: a member passes, then leaves the household
    await takeQuiz('grid-qh-al-hx-3', hh.E.id, hh.E.members[1].id, true);
    const removed = await app.request('POST', `/api/households/${hh.E.id}/members/${hh.E.members[1].id}/remove`, {
      token: tokens.village, body: { reason: 'moved_out' },
    });
    expect(removed.status).toBe(200);
    // 柳湾村, 石桥村 one each; 杨庄村 48 of 50
    await takeQuiz('county', hh.G.id, hh.G.members[0].id, true);
    await takeQuiz('county', hh.H.id, hh.H.members[0].id, true);
    const yz = await app.deps.db.query<{ id: string; member_id: string }>(
      `select h.id, (select m.id from members m where m.household_id = h.id and m.relation = 'head') as member_id
         from households h where h.area_path like '/qh/qh-sq/qh-sq-yz/%' order by h.number`,
    );
    expect(yz).toHaveLength(50);
    for (const h of yz.slice(0, 48)) await takeQuiz('county', h.id, h.member_id, true);
    // one of 杨庄村's last two fails; the other never takes one
    await takeQuiz('county', yz[48].id, yz[48].member_id, false);

    await opened(hh.A.id, 'assistance', 'farmer');
    await opened(hh.B.id, 'declaration', 'grid');
    await opened(hh.C.id, 'declaration', 'village');
    await opened(hh.C.id, 'assistance', 'village');
    await opened(hh.F.id, 'declaration', 'grid-qh-al-hx-3');
    await opened(hh.F.id, 'assistance', 'grid-qh-al-hx-3');
    await opened(hh.G.id, 'assistance', 'county');
    await opened(hh.H.id, 'declaration', 'county');
    await opened(hh.H.id, 'shiqiao', 'county');
  });

  const reach = (declaration: number, assistance: number, shiqiao?: number) => ({
    [explainers.declaration.explainerId]: declaration,
    [explainers.assistance.explainerId]: assistance,
    ...(shiqiao === undefined ? {} : { [explainers.shiqiao.explainerId]: shiqiao }),
  });

  test('a village (the village cadre\'s own, by default): the rate, the reach, its groups; below 95% → flagged', async () => {
    const res = await app.request('GET', '/api/awareness', { token: tokens.village });
    expect(res.status).toBe(200);
    expect(res.body.target).toBe(0.95);
    expect(res.body.explainers).toEqual([
      { explainerId: explainers.declaration.explainerId, title: '怎样申报', topic: 'declaration' },
      { explainerId: explainers.assistance.explainerId, title: '帮扶政策', topic: 'assistance' },
    ]);
    // aware: HB, HC, HD — not HA (latest completed failed), HE (the member left), HF (no quiz)
    expect(res.body.area).toEqual({
      areaId: 'qh-al-hx', name: '红星村', level: 'village', households: 50, aware: 3, rate: 0.06, reached: reach(4, 3), flagged: true,
    });
    expect(res.body.children).toEqual([
      { areaId: 'qh-al-hx-1', name: '一组', level: 'group', households: 17, aware: 1, rate: 1 / 17, reached: reach(2, 1), flagged: false },
      { areaId: 'qh-al-hx-2', name: '二组', level: 'group', households: 17, aware: 2, rate: 2 / 17, reached: reach(1, 1), flagged: false },
      { areaId: 'qh-al-hx-3', name: '三组', level: 'group', households: 16, aware: 0, rate: 0, reached: reach(1, 1), flagged: false },
    ]);
  });

  test('a township and its villages', async () => {
    const res = await app.request('GET', '/api/awareness', { token: tokens.township });
    expect(res.body.area).toEqual({
      areaId: 'qh-al', name: '安乐镇', level: 'township', households: 100, aware: 4, rate: 0.04, reached: reach(4, 4), flagged: false,
    });
    expect(res.body.children).toEqual([
      { areaId: 'qh-al-hx', name: '红星村', level: 'village', households: 50, aware: 3, rate: 0.06, reached: reach(4, 3), flagged: true },
      { areaId: 'qh-al-lw', name: '柳湾村', level: 'village', households: 50, aware: 1, rate: 0.02, reached: reach(0, 1), flagged: true },
    ]);
    const other = await app.request('GET', '/api/awareness?areaId=qh-sq', { token: tokens.county });
    expect(other.body.explainers.map((e: { title: string }) => e.title)).toEqual(['怎样申报', '帮扶政策', '石桥乡产业政策']);
    expect(other.body.area).toMatchObject({ households: 100, aware: 49, rate: 0.49, reached: reach(1, 0, 1), flagged: false });
    expect(other.body.children).toEqual([
      { areaId: 'qh-sq-sq', name: '石桥村', level: 'village', households: 50, aware: 1, rate: 0.02, reached: reach(1, 0, 1), flagged: true },
      { areaId: 'qh-sq-yz', name: '杨庄村', level: 'village', households: 50, aware: 48, rate: 0.96, reached: reach(0, 0, 0), flagged: false },
    ]);
  });

  test('the county and its townships; the inspector sees the same', async () => {
    const res = await app.request('GET', '/api/awareness', { token: tokens.county });
    // the county lists every explainer in force in it, the township's own too; not the expired, future or superseded
    expect(res.body.explainers.map((e: { title: string }) => e.title)).toEqual(['怎样申报', '帮扶政策', '石桥乡产业政策']);
    expect(res.body.area).toEqual({
      areaId: 'qh', name: '清河县', level: 'county', households: 200, aware: 53, rate: 53 / 200, reached: reach(5, 4, 1), flagged: false,
    });
    expect(res.body.children.map((c: { areaId: string; aware: number; reached: unknown }) => [c.areaId, c.aware, c.reached])).toEqual([
      ['qh-al', 4, reach(4, 4, 0)],
      ['qh-sq', 49, reach(1, 0, 1)],
    ]);
    const inspector = await app.request('GET', '/api/awareness', { token: tokens.inspector });
    expect(inspector.body).toEqual(res.body);
  });

  test('the households of a village not reached or not aware, by number, with no ID or phone number', async () => {
    const res = await app.request('GET', '/api/awareness/unreached?villageId=qh-al-hx', { token: tokens.township });
    expect(res.status).toBe(200);
    expect(res.body.village).toEqual({ id: 'qh-al-hx', name: '红星村' });
    const list: { householdId: string; number: string; headName: string; group: string; unopened: string[]; aware: boolean }[] =
      res.body.households;
    // all 50 but HC (aware, opened both)
    expect(list).toHaveLength(49);
    expect(list.some((h) => h.householdId === hh.C.id)).toBe(false);
    expect(list.map((h) => h.number)).toEqual([...list.map((h) => h.number)].sort());
    const row = (h: H) => list.find((x) => x.householdId === h.id)!;
    expect(row(hh.A)).toMatchObject({ unopened: [], aware: false, group: '一组', headName: hh.A.members[0].name });
    expect(row(hh.B)).toMatchObject({ unopened: ['帮扶政策'], aware: true, group: '一组' });
    expect(row(hh.D)).toMatchObject({ unopened: ['怎样申报', '帮扶政策'], aware: true, group: '二组' });
    expect(row(hh.E)).toMatchObject({ unopened: ['怎样申报', '帮扶政策'], aware: false, group: '三组' });
    expect(row(hh.F)).toMatchObject({ unopened: [], aware: false, group: '三组' });
    for (const h of list) expect(Object.keys(h).sort()).toEqual(['aware', 'group', 'headName', 'householdId', 'number', 'unopened']);
    // neither a whole ID number nor a masked one or a phone number
    expect(JSON.stringify(res.body)).not.toMatch(/\*|\d{17}[\dX]|idNumber|phone/i);
  });

  test('only staff above the group, each within their area; a village is needed for the list', async () => {
    const refused = [
      ['grid', '/api/awareness', 403, 'AUTH.FORBIDDEN'],
      ['dept-medical', '/api/awareness', 403, 'AUTH.FORBIDDEN'],
      ['farmer', '/api/awareness', 403, 'AUTH.FORBIDDEN'],
      ['village', '/api/awareness?areaId=qh-al-lw', 404, 'AREA.NOT_FOUND'],
      ['village', '/api/awareness?areaId=qh-al', 404, 'AREA.NOT_FOUND'],
      ['township', '/api/awareness?areaId=qh-sq-sq', 404, 'AREA.NOT_FOUND'],
      ['county', '/api/awareness?areaId=nowhere', 404, 'AREA.NOT_FOUND'],
      ['grid', '/api/awareness/unreached?villageId=qh-al-hx', 403, 'AUTH.FORBIDDEN'],
      ['dept-medical', '/api/awareness/unreached?villageId=qh-al-hx', 403, 'AUTH.FORBIDDEN'],
      ['farmer', '/api/awareness/unreached?villageId=qh-al-hx', 403, 'AUTH.FORBIDDEN'],
      ['village', '/api/awareness/unreached?villageId=qh-al-lw', 404, 'AREA.NOT_FOUND'],
      ['township', '/api/awareness/unreached?villageId=qh-sq-yz', 404, 'AREA.NOT_FOUND'],
      ['county', '/api/awareness/unreached?villageId=qh-al', 422, 'AWARENESS.NOT_A_VILLAGE'],
      ['county', '/api/awareness/unreached', 400, 'REQUEST.INVALID'],
    ] as const;
    for (const [who, url, status, code] of refused) {
      const res = await app.request('GET', url, { token: tokens[who] });
      expect([who, url, res.status, res.body.error?.code]).toEqual([who, url, status, code]);
    }
    const own = await app.request('GET', '/api/awareness/unreached?villageId=qh-al-hx', { token: tokens.village });
    expect(own.status).toBe(200);
    const group = await app.request('GET', '/api/awareness?areaId=qh-al-hx-2', { token: tokens.village });
    expect([group.status, group.body.area.aware, group.body.children]).toEqual([200, 2, []]);
  });

  test('no questions in force for a household: a clear refusal, nothing stored', async () => {
    // before any of the explainers was in force
    app.clock.set('2025-12-31T02:00:00.000Z');
    const [{ n: before }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from quiz_attempts');
    const res = await start('grid', hh.B.id, hh.B.members[0].id);
    expect([res.status, res.body.error.code]).toEqual([422, 'QUIZ.NO_QUESTIONS']);
    const [{ n: after }] = await app.deps.db.query<{ n: number }>('select count(*)::int as n from quiz_attempts');
    expect(after).toBe(before);
    // and an area with no explainers in force shows no reach columns; the rates stay
    const county = await app.request('GET', '/api/awareness', { token: tokens.county });
    expect([county.body.explainers, county.body.area.reached, county.body.area.aware]).toEqual([[], {}, 53]);
  });
});
