import type { AreaLevel } from '@shared/contracts/common';
import { TRUE_FALSE_OPTIONS, type ExplainerTopic, type Question, type QuestionInput } from '@shared/contracts/awareness';
import type { Sql } from '../ports/db';

/** One published version as listed: what it is, where and when it applies, who published it. */
export interface ExplainerVersionRow {
  id: string;
  explainer_id: string;
  version: number;
  topic: ExplainerTopic;
  title: string;
  area_id: string;
  area_level: AreaLevel;
  area_name: string;
  area_path: string;
  valid_from: string;
  valid_to: string | null;
  published_at: Date;
  published_by_name: string;
  question_count: number;
}

const VERSION_COLUMNS = `v.id, v.explainer_id, v.version, v.topic, v.title, v.area_id, a.level as area_level,
  a.name as area_name, v.area_path, v.valid_from, v.valid_to, v.published_at, u.name as published_by_name,
  (select count(*)::int from quiz_questions q where q.explainer_version_id = v.id) as question_count`;
const VERSION_FROM = `explainer_versions v join areas a on a.id = v.area_id join users u on u.id = v.published_by`;
/** Valid on day $n (a date). */
const VALID_ON = (n: number) => `v.valid_from <= $${n}::date and (v.valid_to is null or v.valid_to >= $${n}::date)`;

/** '/qh/qh-al/qh-al-hx/' → ['/qh/', '/qh/qh-al/', '/qh/qh-al/qh-al-hx/']: the area and every area above it. */
function pathsUpTo(areaPath: string): string[] {
  const ids = areaPath.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

/**
 * Of each explainer, the latest version valid on day $2 among the versions whose region matches `regions` ($1 and on):
 * 怎样申报 first, then 帮扶政策, other topics last, each in the order the explainers were first published.
 */
const IN_FORCE = (regions: string) => `
  select c.* from (
    select distinct on (v.explainer_id) ${VERSION_COLUMNS}
      from ${VERSION_FROM}
     where ${regions} and ${VALID_ON(2)}
     order by v.explainer_id, v.version desc
  ) c join explainers e on e.id = c.explainer_id
  order by array_position(array['declaration','assistance','other'], c.topic), e.created_at, c.title, e.id`;

/** The explainers in force for a household at `areaPath` on `today`: for its area or an area above it (IN_FORCE). */
export async function findCurrentVersions(sql: Sql, areaPath: string, today: string): Promise<ExplainerVersionRow[]> {
  return sql.query<ExplainerVersionRow>(IN_FORCE('v.area_path = any($1::text[])'), [pathsUpTo(areaPath), today]);
}

/**
 * The explainers in force in an area on `today`, for its dashboard: those for the area or a region above it, and
 * those for a region within it (the county's dashboard lists a township's own explainer too).
 */
export async function findVersionsInArea(sql: Sql, areaPath: string, today: string): Promise<ExplainerVersionRow[]> {
  return sql.query<ExplainerVersionRow>(
    IN_FORCE(`(v.area_path = any($1::text[]) or v.area_path like $3 || '%')`), [pathsUpTo(areaPath), today, areaPath],
  );
}

/** Every version of every explainer of a county, newest first, each marked whether it is its explainer's current one. */
export async function listCountyVersions(sql: Sql, countyId: string, today: string): Promise<(ExplainerVersionRow & { current: boolean })[]> {
  return sql.query(
    `with mine as (select id from explainers where county_id = $1),
          cur as (select distinct on (v.explainer_id) v.id from explainer_versions v
                   where v.explainer_id in (select id from mine) and ${VALID_ON(2)}
                   order by v.explainer_id, v.version desc)
     select ${VERSION_COLUMNS}, v.id in (select id from cur) as current
       from ${VERSION_FROM}
      where v.explainer_id in (select id from mine)
      order by v.published_at desc, v.version desc`,
    [countyId, today],
  );
}

export type ExplainerVersionDetail = ExplainerVersionRow & {
  county_id: string; source: string; html: string; request_hash: string; current: boolean;
};

/** One version with its text, its county and whether it is current on `today`; null if there is none with that id. */
export async function getVersion(sql: Sql, id: string, today: string): Promise<ExplainerVersionDetail | null> {
  const [row] = await sql.query<ExplainerVersionDetail>(
    `select ${VERSION_COLUMNS}, e.county_id, v.source, v.html, v.request_hash,
            v.id = (select c.id from explainer_versions c
                     where c.explainer_id = v.explainer_id and c.valid_from <= $2::date
                       and (c.valid_to is null or c.valid_to >= $2::date)
                     order by c.version desc limit 1) as current
       from ${VERSION_FROM} join explainers e on e.id = v.explainer_id
      where v.id = $1`,
    [id, today],
  );
  return row ?? null;
}

/** The stored (sanitised, placeholders unfilled) HTML of a version. */
export async function getVersionHtml(sql: Sql, id: string): Promise<string | null> {
  const [row] = await sql.query<{ html: string }>('select html from explainer_versions where id = $1', [id]);
  return row?.html ?? null;
}

/** The version an author published under a client key, if any. */
export async function findVersionByKey(sql: Sql, userId: string, clientKey: string): Promise<{ id: string; request_hash: string } | null> {
  const [row] = await sql.query<{ id: string; request_hash: string }>(
    'select id, request_hash from explainer_versions where published_by = $1 and client_key = $2',
    [userId, clientKey],
  );
  return row ?? null;
}

export async function insertExplainer(sql: Sql, countyId: string, now: Date): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    'insert into explainers (county_id, created_at) values ($1, $2) returning id',
    [countyId, now],
  );
  return row.id;
}

/**
 * An explainer locked for its next version (concurrent publishers of one explainer queue here, so version numbers
 * never collide), with its county and highest version; null if there is none with that id.
 */
export async function lockExplainer(sql: Sql, id: string): Promise<{ county_id: string; last_version: number } | null> {
  const [row] = await sql.query<{ county_id: string }>('select county_id from explainers where id = $1 for update', [id]);
  if (!row) return null;
  const [{ last }] = await sql.query<{ last: number }>(
    'select coalesce(max(version), 0)::int as last from explainer_versions where explainer_id = $1',
    [id],
  );
  return { county_id: row.county_id, last_version: last };
}

export interface NewVersion {
  explainerId: string; version: number; topic: ExplainerTopic; title: string; source: string; html: string;
  areaId: string; areaPath: string; validFrom: string; validTo: string | null; publishedBy: string;
  clientKey: string; requestHash: string;
}

/** Inserts a version; null when the author's client key is already taken (a concurrent retry committed first). */
export async function insertVersion(sql: Sql, v: NewVersion, now: Date): Promise<string | null> {
  const [row] = await sql.query<{ id: string }>(
    `insert into explainer_versions (explainer_id, version, topic, title, source, html, area_id, area_path, valid_from,
                                     valid_to, published_by, published_at, client_key, request_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (published_by, client_key) do nothing
     returning id`,
    [v.explainerId, v.version, v.topic, v.title, v.source, v.html, v.areaId, v.areaPath, v.validFrom, v.validTo,
      v.publishedBy, now, v.clientKey, v.requestHash],
  );
  return row?.id ?? null;
}

export async function insertQuestions(sql: Sql, versionId: string, questions: QuestionInput[]): Promise<void> {
  if (questions.length === 0) return;
  await sql.query(
    `insert into quiz_questions (explainer_version_id, position, kind, stem, options, answer, explanation, key)
     select $1, q.position, q.kind, q.stem, q.options, q.answer, q.explanation, q.key
       from jsonb_to_recordset($2::jsonb)
         as q(position int, kind text, stem text, options jsonb, answer int, explanation text, key boolean)`,
    [versionId, JSON.stringify(questions.map((q, position) => ({
      position, kind: q.kind, stem: q.stem, options: q.kind === 'single' ? q.options : TRUE_FALSE_OPTIONS,
      answer: q.answer, explanation: q.explanation, key: q.key,
    })))],
  );
}

export async function listQuestions(sql: Sql, versionId: string): Promise<Question[]> {
  return sql.query<Question>(
    `select id, kind, stem, options, answer, explanation, key from quiz_questions
      where explainer_version_id = $1 order by position`,
    [versionId],
  );
}

/** Questions of these versions (what a household's quiz can be drawn from). */
export async function countQuestions(sql: Sql, versionIds: string[]): Promise<number> {
  const [{ n }] = await sql.query<{ n: number }>(
    'select count(*)::int as n from quiz_questions where explainer_version_id = any($1::uuid[])',
    [versionIds],
  );
  return n;
}

export interface OpenRow {
  household_id: string;
  explainer_version_id: string;
}

export async function findOpenByKey(sql: Sql, userId: string, clientKey: string): Promise<OpenRow | null> {
  const [row] = await sql.query<OpenRow>(
    'select household_id, explainer_version_id from explainer_opens where user_id = $1 and client_key = $2',
    [userId, clientKey],
  );
  return row ?? null;
}

/** Records an opening; the same user's client key again records nothing. */
export async function insertOpen(
  sql: Sql, o: { explainerId: string; versionId: string; householdId: string; userId: string; role: string; clientKey: string }, now: Date,
): Promise<void> {
  await sql.query(
    `insert into explainer_opens (explainer_id, explainer_version_id, household_id, user_id, role, opened_at, client_key)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (user_id, client_key) do nothing`,
    [o.explainerId, o.versionId, o.householdId, o.userId, o.role, now, o.clientKey],
  );
}

/** When the household last opened each of these explainers (any version), by explainer id. */
export async function lastOpenings(sql: Sql, householdId: string, explainerIds: string[]): Promise<Map<string, Date>> {
  const rows = await sql.query<{ explainer_id: string; at: Date }>(
    `select explainer_id, max(opened_at) as at from explainer_opens
      where household_id = $1 and explainer_id = any($2::uuid[]) group by explainer_id`,
    [householdId, explainerIds],
  );
  return new Map(rows.map((r) => [r.explainer_id, r.at]));
}
