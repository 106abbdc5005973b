import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDeps, type Deps } from '../../functions/src/deps';
import { publishExplainer } from '../../functions/src/app/explainers';
import { answerQuiz, startQuiz } from '../../functions/src/app/quizzes';
import { awareHouseholdIds } from '../../functions/src/store/quizzes';
import { seedDemoCounty } from '../../functions/src/seed/demo-county';
import type { Actor } from '../../functions/src/http/auth';
import type { Db } from '../../functions/src/ports/db';
import { databaseAdapters } from '../support/databases';
import { TestClock } from '../support/clock';

/**
 * Quizzes under concurrency on every database adapter — on PostgreSQL with a real connection pool, where requests
 * truly overlap: retries of one start make one quiz, and answers racing for the same quiz are applied one after
 * the other (the attempt row is locked), so the quiz is completed once and with every answer.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-quizzes-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const adapters = databaseAdapters('quizzes');

describe.each(adapters)('quizzes on %s', (kind, open) => {
  let db: Db;
  let deps: Deps;
  const clock = new TestClock();
  let farmer: Actor;
  let memberId: string;
  const answerOf = new Map<string, number>();

  beforeAll(async () => {
    ({ db } = await open());
    deps = await createDeps({ DATA_DIR: path.join(tmp, `secrets-${kind}`) }, { db, clock });
    await seedDemoCounty(db, deps.protector, clock.now());
    const [county] = await db.query<{ id: string }>(`select id from users where username = 'county'`);
    const [f] = await db.query<{ id: string; household_id: string }>(`select id, household_id from users where username = 'farmer'`);
    farmer = { userId: f.id, role: 'farmer', areaId: null, areaPath: null, householdId: f.household_id };
    [{ id: memberId }] = await db.query<{ id: string }>(`select id from members where household_id = $1 and relation = 'head'`, [f.household_id]);
    const published = await publishExplainer(deps, { userId: county.id, role: 'county_admin', areaId: 'qh', areaPath: '/qh/', householdId: null }, {
      clientKey: 'store-quiz-explainer', topic: 'declaration', title: '怎样申报', source: '## 怎样申报\n\n收入低于监测线的家庭可以申报。',
      areaId: 'qh', validFrom: '2026-01-01', validTo: null,
      questions: [1, 2, 3, 4, 5, 6].map((i) => ({
        kind: 'true_false' as const, stem: `申报条件第${i}题`, answer: i % 2, explanation: `第${i}题的解析`, key: i <= 2,
      })),
    }, clock.now());
    for (const q of published.explainer.questions) answerOf.set(q.id, q.answer);
  });
  afterAll(() => db.close());

  test('ten retries of one start at once: one quiz, answered by all ten', async () => {
    const starts = await Promise.all(Array.from({ length: 10 }, () =>
      startQuiz(deps, farmer, farmer.householdId!, { clientKey: 'same-start-key', memberId }, clock.now())));
    expect(starts.filter((s) => s.created)).toHaveLength(1);
    expect(new Set(starts.map((s) => s.body.quiz.id)).size).toBe(1);
    const [{ n }] = await db.query<{ n: number }>(`select count(*)::int as n from quiz_attempts where client_key = 'same-start-key'`);
    expect(n).toBe(1);
  });

  test('the last two answers sent at once, each five times: every call answered, each answer stored once, the quiz completed', async () => {
    const { body } = await startQuiz(deps, farmer, farmer.householdId!, { clientKey: 'race-answers-key', memberId }, clock.now());
    const ids = body.quiz.questions.map((q) => q.id);
    const right = (id: string) => ({ questionId: id, choice: answerOf.get(id)! });
    await answerQuiz(deps, farmer, body.quiz.id, { answers: ids.slice(0, 3).map(right) }, clock.now());

    const calls = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      answerQuiz(deps, farmer, body.quiz.id, { answers: [right(ids[3 + (i % 2)])] }, clock.now())
        .then((r) => r.quiz.score, (e: { code?: string }) => e.code ?? String(e))));
    // the calls that came after both answers were in see the quiz scored; none failed
    expect(calls.filter((c) => c !== null)).toEqual(calls.filter((c) => c !== null).map(() => ({ correct: 5, total: 5 })));
    expect(calls.filter((c) => c !== null).length).toBeGreaterThan(0);

    const [row] = await db.query<{ answers: number; completed: boolean; correct: number; knows: boolean }>(
      `select (select count(*)::int from quiz_answers where attempt_id = a.id) as answers, a.completed_at is not null as completed,
              a.correct, a.knows_declaration as knows
         from quiz_attempts a where a.id = $1`,
      [body.quiz.id],
    );
    expect(row).toEqual({ answers: 5, completed: true, correct: 5, knows: true });
  });

  // ── which households know the declaration conditions (the SQL the dashboard and the unreached list use) ──
  /** An attempt of `member` (household = the part before the dot) started at minute `started`, completed at `done` (or not). */
  type Attempt = { member: string; started: number; done: number | null; knows: boolean | null };
  const attempt = (member: string, started: number, done: number | null, knows: boolean | null): Attempt => ({ member, started, done, knows });
  const rollback = new Error('rollback');

  /** The households aware, given the attempts, in a throw-away area; `removed`: members no longer in the household. */
  async function awareGiven(attempts: Attempt[], removed: string[] = []): Promise<string[]> {
    let aware: string[] = [];
    await db.transaction(async (tx) => {
      await tx.exec(`insert into areas values ('awt', null, 'county', '试验县', '/awt/')`);
      const [user] = await tx.query<{ id: string }>(`select id from users where username = 'grid'`);
      const households = new Map<string, string>();
      const members = new Map<string, string>();
      for (const member of new Set(attempts.map((a) => a.member).concat(removed))) {
        const h = member.split('.')[0];
        if (!households.has(h)) {
          const [row] = await tx.query<{ id: string }>(
            `insert into households (number, code, area_id, area_path, category) values ($1, $1, 'awt', '/awt/', 'ordinary') returning id`,
            [`awt-${h}`]);
          households.set(h, row.id);
        }
        const [row] = await tx.query<{ id: string }>(
          `insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked, health, labour,
                                schooling, removed_at)
           values ($1, $2, 'other', 'male', '1970-01-01', 'x', $2, 'x', 'healthy', 'ordinary', 'none', $3) returning id`,
          [households.get(h), `awt-${member}`, removed.includes(member) ? new Date() : null]);
        members.set(member, row.id);
      }
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 2, minute));
      for (const [i, a] of attempts.entries()) {
        await tx.query(
          `insert into quiz_attempts (household_id, member_id, taken_by, taker_role, mode, question_ids, created_at, completed_at,
                                      correct, total, knows_declaration, client_key)
           values ($1, $2, $3, 'grid_member', 'visit', '{}', $4, $5, 0, 5, $6, $7)`,
          [households.get(a.member.split('.')[0]), members.get(a.member), user.id, at(a.started), a.done === null ? null : at(a.done),
            a.done === null ? null : a.knows, `awt-attempt-${i}`]);
      }
      const ids = await awareHouseholdIds(tx, '/awt/');
      aware = [...households].filter(([, id]) => ids.has(id)).map(([h]) => h).sort();
      throw rollback;
    }).catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
    return aware;
  }

  test.each([
    ['a pass', [attempt('h1.a', 0, 5, true)], ['h1']],
    ['a fail', [attempt('h1.a', 0, 5, false)], []],
    ['a pass then a failed retake → not aware', [attempt('h1.a', 0, 5, true), attempt('h1.a', 10, 15, false)], []],
    ['a fail then a passed retake → aware', [attempt('h1.a', 0, 5, false), attempt('h1.a', 10, 15, true)], ['h1']],
    ['the order the rows come in does not matter', [attempt('h1.a', 10, 15, false), attempt('h1.a', 0, 5, true)], []],
    ['a pass, then a retake not finished → still aware', [attempt('h1.a', 0, 5, true), attempt('h1.a', 10, null, null)], ['h1']],
    ['a fail, then a retake not finished → still not aware', [attempt('h1.a', 0, 5, false), attempt('h1.a', 10, null, null)], []],
    ['only an attempt not finished → not aware', [attempt('h1.a', 0, null, null)], []],
    ['started earlier, completed later: completion decides', [attempt('h1.a', 0, 20, false), attempt('h1.a', 10, 15, true)], []],
    ['completed at the same instant: the one started later counts', [attempt('h1.a', 0, 20, true), attempt('h1.a', 10, 20, false)], []],
    ['two members: one passes, one fails → aware', [attempt('h1.a', 0, 5, true), attempt('h1.b', 0, 5, false)], ['h1']],
    ['two members both pass → the household counts once', [attempt('h1.a', 0, 5, true), attempt('h1.b', 1, 6, true)], ['h1']],
    ['two members: the one who passed fails a retake, the other passed → aware',
      [attempt('h1.a', 0, 5, true), attempt('h1.b', 0, 6, true), attempt('h1.a', 10, 15, false)], ['h1']],
    ['two members: both end on a fail → not aware',
      [attempt('h1.a', 0, 5, true), attempt('h1.b', 0, 6, false), attempt('h1.a', 10, 15, false)], []],
    ['members of different households are separate',
      [attempt('h1.a', 0, 5, true), attempt('h2.a', 0, 5, false), attempt('h3.a', 0, 5, true), attempt('h3.a', 9, 12, false)], ['h1']],
    ['no attempts', [], []],
  ])('aware households: %s', async (_, attempts, aware) => {
    expect(await awareGiven(attempts)).toEqual(aware);
  });

  test('aware households: a member who passed and then left the household no longer counts for it', async () => {
    expect(await awareGiven([attempt('h1.a', 0, 5, true), attempt('h1.b', 0, 5, false)], ['h1.a'])).toEqual([]);
    expect(await awareGiven([attempt('h1.a', 0, 5, true), attempt('h1.b', 0, 5, true)], ['h1.a'])).toEqual(['h1']);
  });
});
