import type { Sql } from '../ports/db';

export interface QuestionRow {
  id: string;
  kind: 'single' | 'true_false';
  stem: string;
  options: string[];
  answer: number;
  explanation: string;
  key: boolean;
  explainer_title: string;
}

const QUESTION_COLUMNS = `q.id, q.kind, q.stem, q.options, q.answer, q.explanation, q.key, v.title as explainer_title`;

/** The question bank of the given explainer versions. */
export async function questionsOfVersions(sql: Sql, versionIds: string[]): Promise<QuestionRow[]> {
  return sql.query<QuestionRow>(
    `select ${QUESTION_COLUMNS} from quiz_questions q join explainer_versions v on v.id = q.explainer_version_id
      where q.explainer_version_id = any($1::uuid[]) order by v.title, q.position`,
    [versionIds],
  );
}

/** The given questions, in the given order. */
export async function questionsByIds(sql: Sql, ids: string[]): Promise<QuestionRow[]> {
  const rows = await sql.query<QuestionRow>(
    `select ${QUESTION_COLUMNS} from quiz_questions q join explainer_versions v on v.id = q.explainer_version_id
      where q.id = any($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

export interface AttemptRow {
  id: string;
  household_id: string;
  member_id: string;
  member_name: string;
  taken_by: string;
  mode: 'self' | 'visit';
  question_ids: string[];
  created_at: Date;
  completed_at: Date | null;
  correct: number | null;
  total: number;
  knows_declaration: boolean | null;
}

const ATTEMPT_SELECT = `
  select a.id, a.household_id, a.member_id, m.name as member_name, a.taken_by, a.mode, a.question_ids, a.created_at,
         a.completed_at, a.correct, a.total, a.knows_declaration
    from quiz_attempts a join members m on m.id = a.member_id`;

export async function findAttemptByKey(sql: Sql, takenBy: string, clientKey: string): Promise<AttemptRow | null> {
  const [row] = await sql.query<AttemptRow>(`${ATTEMPT_SELECT} where a.taken_by = $1 and a.client_key = $2`, [takenBy, clientKey]);
  return row ?? null;
}

/** The attempt, locked until the transaction ends: answers to one attempt are written one request at a time. */
export async function lockAttempt(sql: Sql, id: string): Promise<AttemptRow | null> {
  const [row] = await sql.query<AttemptRow>(`${ATTEMPT_SELECT} where a.id = $1 for update of a`, [id]);
  return row ?? null;
}

/** Stores a new attempt; false when this user's client key is taken (a concurrent retry). Read it with findAttemptByKey. */
export async function insertAttempt(sql: Sql, a: {
  householdId: string; memberId: string; takenBy: string; takerRole: string; mode: 'self' | 'visit'; questionIds: string[];
  clientKey: string; now: Date;
}): Promise<boolean> {
  const [row] = await sql.query<{ id: string }>(
    `insert into quiz_attempts (household_id, member_id, taken_by, taker_role, mode, question_ids, created_at, total, client_key)
     values ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9) on conflict (taken_by, client_key) do nothing returning id`,
    [a.householdId, a.memberId, a.takenBy, a.takerRole, a.mode, a.questionIds, a.now, a.questionIds.length, a.clientKey],
  );
  return Boolean(row);
}

export interface AnswerRow {
  question_id: string;
  choice: number;
  correct: boolean;
}

export async function answersOf(sql: Sql, attemptId: string): Promise<AnswerRow[]> {
  return sql.query<AnswerRow>('select question_id, choice, correct from quiz_answers where attempt_id = $1', [attemptId]);
}

export async function insertAnswers(sql: Sql, attemptId: string, answers: AnswerRow[], now: Date): Promise<void> {
  if (!answers.length) return;
  await sql.query(
    `insert into quiz_answers (attempt_id, question_id, choice, correct, answered_at)
     select $1, t.question_id, t.choice, t.correct, $5 from unnest($2::uuid[], $3::int[], $4::boolean[]) as t(question_id, choice, correct)`,
    [attemptId, answers.map((a) => a.question_id), answers.map((a) => a.choice), answers.map((a) => a.correct), now],
  );
}

export async function completeAttempt(sql: Sql, id: string, score: { correct: number; knowsDeclaration: boolean }, now: Date) {
  await sql.query(
    `update quiz_attempts set completed_at = $2, correct = $3, knows_declaration = $4 where id = $1 and completed_at is null`,
    [id, now, score.correct, score.knowsDeclaration],
  );
}

/** A current member of the household (the one a quiz is for), or null. */
export async function findCurrentMember(sql: Sql, householdId: string, memberId: string): Promise<{ id: string; name: string } | null> {
  const [row] = await sql.query<{ id: string; name: string }>(
    'select id, name from members where id = $1 and household_id = $2 and removed_at is null',
    [memberId, householdId],
  );
  return row ?? null;
}

// ── awareness of an area ─────────────────────────────────────────────────────────────────────────────────

/**
 * The households of an area that know the declaration conditions (知晓申报条件), as a CTE `aware(household_id)` over
 * `hh(id)` (the area's households): each current member's latest completed quiz — latest by completion, then by
 * start, then by id — and a household is aware when any of its members' latest has knows_declaration. So a later
 * failed retake undoes that member's earlier pass, an unfinished quiz changes nothing, and a household counts once.
 */
const AWARE = `
  latest as (
    select distinct on (a.member_id) a.household_id, a.knows_declaration
      from quiz_attempts a
      join hh on hh.id = a.household_id
      join members m on m.id = a.member_id and m.household_id = a.household_id and m.removed_at is null
     where a.completed_at is not null
     order by a.member_id, a.completed_at desc, a.created_at desc, a.id desc),
  aware as (select household_id from latest group by household_id having bool_or(knows_declaration))`;

/** The ids of the households under `areaPath` that know the declaration conditions. */
export async function awareHouseholdIds(sql: Sql, areaPath: string): Promise<Set<string>> {
  const rows = await sql.query<{ household_id: string }>(
    `with hh as (select id from households where area_path like $1 || '%'), ${AWARE}
     select household_id from aware`,
    [areaPath],
  );
  return new Set(rows.map((r) => r.household_id));
}

export interface ChildFigures {
  /** The child area's id ('' for households of the area itself, e.g. when it is a group). */
  child: string;
  households: number;
  aware: number;
}

/**
 * The awareness figures under `areaPath`, by child area, in one pass over the area's households: how many, how many
 * aware, and how many opened each of `explainerIds` (any version).
 */
export async function awarenessByChild(sql: Sql, areaPath: string, explainerIds: string[]) {
  // '/qh/qh-al/' has 2 ids; a household's path names its child of that area as the 3rd (split_part counts the
  // empty text before the first '/')
  const childPart = areaPath.split('/').filter(Boolean).length + 2;
  const hh = `hh as (select id, split_part(area_path, '/', ${childPart}) as child from households where area_path like $1 || '%')`;
  const figures = await sql.query<ChildFigures>(
    `with ${hh}, ${AWARE}
     select hh.child, count(*)::int as households, count(aware.household_id)::int as aware
       from hh left join aware on aware.household_id = hh.id
      group by hh.child`,
    [areaPath],
  );
  const reach = await sql.query<{ child: string; explainer_id: string; households: number }>(
    `with ${hh}
     select hh.child, o.explainer_id, count(distinct o.household_id)::int as households
       from hh join explainer_opens o on o.household_id = hh.id
      where o.explainer_id = any($2::uuid[])
      group by 1, 2`,
    [areaPath, explainerIds],
  );
  return { figures, reach };
}

/** The area and its direct children. */
export async function areaWithChildren(sql: Sql, areaId: string) {
  return sql.query<{ id: string; name: string; level: 'county' | 'township' | 'village' | 'group'; path: string }>(
    `select a.id, a.name, a.level, a.path from areas a where a.id = $1 or a.parent_id = $1 order by a.id <> $1, a.path`,
    [areaId],
  );
}

/** A village's households with the head's name, the group and the explainers each has opened, by 户编号. */
export async function villageHouseholds(sql: Sql, villagePath: string) {
  return sql.query<{ id: string; number: string; area_path: string; group_name: string; head_name: string | null; opened: string[] }>(
    `select h.id, h.number, h.area_path, g.name as group_name,
            (select m.name from members m where m.household_id = h.id and m.relation = 'head' and m.removed_at is null) as head_name,
            array(select distinct o.explainer_id from explainer_opens o where o.household_id = h.id) as opened
       from households h join areas g on g.id = h.area_id
      where h.area_path like $1 || '%'
      order by h.number`,
    [villagePath],
  );
}
