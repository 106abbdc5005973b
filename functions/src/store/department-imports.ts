import type { Sql } from '../ports/db';
import type { ImportTables } from './imports';

/**
 * SQL of the department data import (migration 011): the job row, the staging table, the set-based match against
 * the registry, the kept records, the rule context of the households touched, the alerts and the feedback list.
 */

export type DepartmentImportPhase = 'reading' | 'matching' | 'raising' | 'done';

export async function insertJob(
  sql: Sql,
  j: {
    id: string; kind: string; department: string; fileName: string; createdBy: string | null; areaPath: string | null;
    bytesTotal: number; now: Date;
  },
): Promise<boolean> {
  const rows = await sql.query(
    `insert into department_imports (id, kind, department, file_name, area_path, created_by, status, phase, bytes_total, created_at)
     values ($1, $2, $3, $4, $5, $6, 'running', 'reading', $7, $8)
     on conflict (id) do nothing returning id`,
    [j.id, j.kind, j.department, j.fileName, j.areaPath, j.createdBy, j.bytesTotal, j.now],
  );
  return rows.length === 1;
}

const STAGING_COLUMNS = ['job_id', 'row_number', 'id_hash', 'id_masked', 'name', 'row_key', 'happened_on', 'amount_fen', 'data'];

/**
 * Rows that passed their own checks, as COPY text of the staging columns (department-reader's stagingRow: the ID
 * number only as its keyed hash and masked form). COPY: on the embedded database many times cheaper than an insert.
 */
export async function stageLines(sql: Sql, lines: string | Uint8Array): Promise<void> {
  if (lines.length) await sql.copyIn('department_staging', STAGING_COLUMNS, lines);
}

/** The department import's tables, for the shared error and progress writers (store/imports.ts). */
export const DEPARTMENT_IMPORT: ImportTables = { jobs: 'department_imports', errors: 'department_import_errors' };

export async function setPhase(sql: Sql, jobId: string, phase: DepartmentImportPhase, fileSha256?: string): Promise<void> {
  await sql.query(
    `update department_imports set phase = $2, file_sha256 = coalesce($3, file_sha256) where id = $1`,
    [jobId, phase, fileSha256 ?? null],
  );
}

/** An earlier finished import of the same kind and the very same bytes, if any (the newest). */
export async function findSameFile(
  sql: Sql, jobId: string, kind: string, fileSha256: string,
): Promise<{ file_name: string; created_at: Date } | null> {
  const [row] = await sql.query<{ file_name: string; created_at: Date }>(
    `select file_name, created_at from department_imports
      where kind = $2 and file_sha256 = $3 and id <> $1 and status = 'done' order by created_at desc limit 1`,
    [jobId, kind, fileSha256],
  );
  return row ?? null;
}

/** An import still 'running' after this long has died with its process (a Lambda stops at 29 s). */
const STALE_HOURS = 6;

export interface MatchCounts {
  matched: number;
  unmatched: number;
  /** Matched rows whose record was kept already (an earlier import, or twice in this file): they raise nothing. */
  repeated: number;
}

/** A member whose new records may hit one of the kind's rules, with the household. */
export interface Candidate { member_id: string; household_id: string }

/** The loosest thresholds in force (domain loosestThresholds) that pass over records no rule can hit. */
export interface CandidateLines { medicalSelfPayFen: number; medicalShareOfIncome: number }

/**
 * The members of this import's new records (the CTE `source`: member, household, date, amount) that the rules must
 * look at. Medical: those whose self-pay over the window of their new records (earlier kept records + the new ones: a
 * superset of any one new record's 12 months) reaches the loosest line, or the loosest share of the household's
 * income — first against the per-capita income (a household has at least one member), then, for the few left,
 * against per-capita × members. Every other kind: all (their files are small, and their rules read the household).
 * Parameters: $5 line in fen, $6 share.
 */
const CANDIDATES: Record<'medical' | 'other', (source: string) => string> = {
  medical: (source) => `
     mine as (select n.member_id, n.household_id, min(n.happened_on) as first_on, max(n.happened_on) as last_on,
                     sum(coalesce(n.amount_fen, 0))::bigint as fen, min(h.income_per_capita_yuan) as income
                from ${source} n join households h on h.id = n.household_id group by n.member_id, n.household_id),
     past as (select r.member_id, sum(r.amount_fen)::bigint as fen
                from department_records r join mine m on m.member_id = r.member_id
               where r.kind = 'medical' and r.happened_on > m.first_on - interval '12 months' and r.happened_on <= m.last_on
               group by r.member_id),
     near as (select m.member_id, m.household_id, m.fen + coalesce(p.fen, 0) as fen, m.income
                from mine m left join past p on p.member_id = m.member_id
               where m.fen + coalesce(p.fen, 0) >= $5::bigint
                  or (m.income > 0 and m.fen + coalesce(p.fen, 0) >= $6::float8 * m.income * 100 - 1)),
     candidates as (
       select member_id, household_id from near n
        where n.fen >= $5::bigint
           or n.fen >= $6::float8 * n.income * 100
                       * (select count(*) from members x where x.household_id = n.household_id and x.removed_at is null) - 1)`,
  other: (source) => `
     candidates as (select distinct member_id, household_id from ${source} where $5::bigint is not null and $6::float8 is not null)`,
};

/**
 * The staged rows against the registry in one statement: each row joined (hash join) with the member whose id_hash
 * equals its own, present, in a household under `scope`. Rows matching nobody are listed. Matched rows become
 * records, once per (member, kind, row key) — a repeat within the file or of an earlier import is kept once and
 * raises nothing; a record a failed or stalled import kept is taken over and raised again (the alerts' unique key keeps
 * what that import raised from doubling). Returns the counts and the members the rules must look at.
 *
 * One import at a time keeps records (a second waits on the lock, then finds what the first kept): so a record is
 * inserted only where none is kept yet, a plain insert in key order, without ON CONFLICT's per-row cost (a fifth of
 * the statement on a million rows).
 */
export async function matchAndKeep(
  sql: Sql, job: { id: string; kind: string; scope: string; now: Date; staged: number }, lines: CandidateLines,
): Promise<MatchCounts & { candidates: Candidate[] }> {
  const { id: jobId, kind, scope, now, staged } = job;
  // nothing else analyses a fresh scratch table (PGlite runs no autovacuum): without statistics the planner may
  // pick nested loops over hundreds of thousands of rows. A small sample tells it enough, in a quarter of the time.
  await sql.query('set local default_statistics_target = 10');
  await sql.query('analyze department_staging');
  // the join, the dedup sort and the sums of a million rows in memory rather than in temporary files
  await sql.query(`set local work_mem = '64MB'`);
  await sql.query('lock table department_records in share row exclusive mode');
  // imports that kept records (their match committed: it saves rows_matched in the same transaction) and then failed or
  // stalled; one that failed before matching (a wrong header, an unreadable file) kept none and costs nothing here
  const orphans = (await sql.query<{ id: string }>(
    `select id from department_imports
      where kind = $1 and id <> $2 and rows_matched > 0
        and (status = 'failed' or (status = 'running' and created_at < $3::timestamptz - interval '${STALE_HOURS} hours'))`,
    [kind, jobId, now],
  )).map((o) => o.id);
  // the records of failed or stalled imports among this file's: theirs to raise now (only when there are any)
  const taken = orphans.length ? `
     taken as (
       update department_records r set job_id = $1, row_number = d.row_number
         from (select member_id, row_key, min(row_number) as row_number from j where member_id is not null
                group by member_id, row_key) d
        where r.member_id = d.member_id and r.kind = $3 and r.row_key = d.row_key and r.job_id = any($7::uuid[])
       returning r.member_id, r.household_id, r.happened_on, r.amount_fen),
     new as (select * from kept union all select * from taken),` : '';
  const source = orphans.length ? 'new' : 'kept';
  const [r] = await sql.query<{ unmatched: number; kept: number; candidates: [string, string][] }>(
    `with j as materialized (
       select s.row_number, s.name, s.id_masked, s.row_key, s.happened_on, s.amount_fen, s.data, m.id as member_id,
              m.household_id
         from department_staging s
         left join (members m join households h on h.id = m.household_id and starts_with(h.area_path, $2))
           on m.id_hash = s.id_hash and m.removed_at is null
        where s.job_id = $1),
     unmatched as (
       insert into department_unmatched (job_id, row_number, name, id_masked)
       select $1, row_number, name, id_masked from j where member_id is null
       returning 1),
     kept as (
       insert into department_records (member_id, kind, row_key, household_id, happened_on, amount_fen, data, job_id,
                                       row_number, created_at)
       select distinct on (member_id, row_key) member_id, $3, row_key, household_id, happened_on::date,
              amount_fen::bigint, data::json, $1, row_number, $4
         from j
        where member_id is not null
          and not exists (select 1 from department_records r
                           where r.member_id = j.member_id and r.kind = $3 and r.row_key = j.row_key)
        order by member_id, row_key, row_number
       returning member_id, household_id, happened_on, amount_fen),${taken}
     ${CANDIDATES[kind === 'medical' ? 'medical' : 'other'](source)}
     select (select count(*) from unmatched)::int as unmatched, (select count(*) from ${source})::int as kept,
            (select coalesce(json_agg(json_build_array(member_id, household_id) order by household_id, member_id), '[]')
               from candidates) as candidates`,
    [jobId, scope, kind, now, lines.medicalSelfPayFen, lines.medicalShareOfIncome, ...(orphans.length ? [orphans] : [])],
  );
  const matched = staged - r.unmatched;
  return {
    matched, unmatched: r.unmatched, repeated: matched - r.kept,
    candidates: r.candidates.map(([member_id, household_id]) => ({ member_id, household_id })),
  };
}

export async function saveMatchCounts(sql: Sql, jobId: string, c: MatchCounts): Promise<void> {
  await sql.query(
    `update department_imports set rows_matched = $2, rows_unmatched = $3, rows_repeated = $4 where id = $1`,
    [jobId, c.matched, c.unmatched, c.repeated],
  );
}

export interface ContextHousehold {
  id: string;
  area_id: string;
  area_path: string;
  category: 'lifted' | 'ordinary';
  income_per_capita_yuan: number | null;
}

export interface ContextMember {
  id: string;
  household_id: string;
  birth_date: string;
  relation: string;
  health: string;
  disability_level: number | null;
  labour: string;
  schooling: string;
}

export interface ContextRecord {
  row_key: string;
  member_id: string;
  household_id: string;
  happened_on: string;
  amount_fen: number | null;
  data: Record<string, unknown>;
  /** Medical records: the member's self-pay over the 12 months up to and including the record's date. */
  self_pay_fen_12m: number | null;
}

export interface RuleContextRows {
  households: ContextHousehold[];
  members: ContextMember[];
  records: ContextRecord[];
}

/**
 * What the rules read about a batch of households, each in one set-based query: the households, their present
 * members, and this job's records of the candidate members (with the 12-month self-pay sum for medical ones, from
 * the member's kept records).
 */
export async function loadRuleContext(
  sql: Sql, jobId: string, kind: string, householdIds: string[], memberIds: string[],
): Promise<RuleContextRows> {
  const households = await sql.query<ContextHousehold>(
    `select id, area_id, area_path, category, income_per_capita_yuan from households where id = any($1::uuid[])`,
    [householdIds],
  );
  const members = await sql.query<ContextMember>(
    `select id, household_id, birth_date, relation, health, disability_level, labour, schooling
       from members where household_id = any($1::uuid[]) and removed_at is null order by household_id, id`,
    [householdIds],
  );
  const records = await sql.query<ContextRecord>(
    `select r.row_key, r.member_id, r.household_id, r.happened_on, r.amount_fen, r.data,
            case when r.kind = 'medical' then (
              select coalesce(sum(o.amount_fen), 0)::bigint from department_records o
               where o.member_id = r.member_id and o.kind = 'medical'
                 and o.happened_on > r.happened_on - interval '12 months' and o.happened_on <= r.happened_on)
            end as self_pay_fen_12m
       from department_records r
      where r.member_id = any($3::uuid[]) and r.kind = $2 and r.job_id = $1
      order by r.household_id, r.happened_on, r.row_number`,
    [jobId, kind, memberIds],
  );
  return { households, members, records };
}

export interface AlertKey { ruleId: string; householdId: string; memberId: string; rowKey: string }

/**
 * For each would-be alert, in order: 'written' when the same alert is stored already (an earlier import of the same
 * record), 'ongoing' when the rule already alerted about the member and that case is still open (looked up through
 * the unique key's (rule_id, household_id) prefix), else null.
 */
export async function alertStates(sql: Sql, keys: AlertKey[]): Promise<('written' | 'ongoing' | null)[]> {
  const rows = await sql.query<{ i: number; written: boolean; ongoing: boolean }>(
    `select x.i::int as i,
            exists (select 1 from department_alerts a where a.rule_id = x.rule_id and a.household_id = x.household_id
                       and a.member_id = x.member_id and a.row_key = x.row_key) as written,
            exists (select 1 from department_alerts a join cases c on c.id = a.case_id
                     where a.rule_id = x.rule_id and a.household_id = x.household_id and a.member_id = x.member_id
                       and c.is_open) as ongoing
       from unnest($1::text[], $2::uuid[], $3::uuid[], $4::text[]) with ordinality as x(rule_id, household_id, member_id, row_key, i)`,
    [keys.map((k) => k.ruleId), keys.map((k) => k.householdId), keys.map((k) => k.memberId), keys.map((k) => k.rowKey)],
  );
  const states: ('written' | 'ongoing' | null)[] = keys.map(() => null);
  for (const r of rows) states[r.i - 1] = r.written ? 'written' : r.ongoing ? 'ongoing' : null;
  return states;
}

export interface NewAlert extends AlertKey {
  figures: Record<string, unknown>; summary: string; explanation: string; clueId: string; caseId: string;
  joinedOpenCase: boolean;
}

/** Stores the alerts in one statement; returns how many were new (fewer: a concurrent import stored some first). */
export async function insertAlerts(
  sql: Sql, common: { jobId: string; kind: string; department: string; foundOn: string; now: Date }, alerts: NewAlert[],
): Promise<number> {
  if (!alerts.length) return 0;
  const col = <K extends keyof NewAlert>(k: K) => alerts.map((a) => a[k]);
  const rows = await sql.query(
    `insert into department_alerts (job_id, kind, department, rule_id, household_id, member_id, row_key, figures,
                                    summary, explanation, clue_id, case_id, joined_open_case, found_on, created_at)
     select $1, $2, $3, x.rule_id, x.household_id, x.member_id, x.row_key, x.figures::jsonb, x.summary, x.explanation,
            x.clue_id, x.case_id, x.joined, $4, $5
       from unnest($6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::uuid[],
                   $14::uuid[], $15::boolean[])
            as x(rule_id, household_id, member_id, row_key, figures, summary, explanation, clue_id, case_id, joined)
     on conflict (rule_id, household_id, member_id, row_key) do nothing returning id`,
    [common.jobId, common.kind, common.department, common.foundOn, common.now, col('ruleId'), col('householdId'),
      col('memberId'), col('rowKey'), alerts.map((a) => JSON.stringify(a.figures)), col('summary'), col('explanation'),
      col('clueId'), col('caseId'), col('joinedOpenCase')],
  );
  return rows.length;
}

export async function saveRaiseCounts(
  sql: Sql, jobId: string, c: { hitsByRule: Record<string, number>; cluesCreated: number; cluesJoined: number },
): Promise<void> {
  await sql.query(
    `update department_imports set hits_by_rule = $2::jsonb, clues_created = $3, clues_joined = $4 where id = $1`,
    [jobId, JSON.stringify(c.hitsByRule), c.cluesCreated, c.cluesJoined],
  );
}

export async function finishJob(
  sql: Sql, jobId: string, f: { status: 'done' | 'failed'; message: string; now: Date },
): Promise<void> {
  await sql.query(
    `update department_imports set status = $2, phase = 'done', message = $3, finished_at = $4,
            bytes_read = case when $2 = 'done' then bytes_total else bytes_read end
      where id = $1`,
    [jobId, f.status, f.message, f.now],
  );
}

/** Empties the job's scratch rows; when no other import is staging, truncates the table (no dead rows left behind). */
export async function clearStaging(sql: Sql, jobId: string): Promise<void> {
  await sql.query('lock table department_staging in access exclusive mode');
  // another import still running may be staging (one that died running left rows nobody reads: truncated with ours)
  const [other] = await sql.query(`select 1 from department_imports where status = 'running' and id <> $1 limit 1`, [jobId]);
  if (other) await sql.query('delete from department_staging where job_id = $1', [jobId]);
  else await sql.query('truncate department_staging');
}

export type DepartmentJobRow = {
  id: string; kind: string; department: string; file_name: string; file_sha256: string | null;
  area_path: string | null; created_by: string | null; status: 'running' | 'done' | 'failed'; phase: DepartmentImportPhase;
  bytes_total: number; bytes_read: number; rows_read: number; rows_matched: number; rows_unmatched: number;
  rows_rejected: number; rows_repeated: number; hits_by_rule: Record<string, number>; clues_created: number;
  clues_joined: number; message: string | null; created_at: Date; finished_at: Date | null;
  errors_total: number; unmatched_total: number;
};

/** The job with its first `limit` errors and unmatched rows, by row; null when there is none. */
export async function loadJob(sql: Sql, jobId: string, limit: number): Promise<{
  job: DepartmentJobRow;
  errors: { row_number: number; column_name: string | null; reason: string }[];
  unmatched: { row_number: number; name: string; id_masked: string }[];
} | null> {
  const [job] = await sql.query<DepartmentJobRow>(
    `select j.*, (select count(*) from department_import_errors e where e.job_id = j.id)::int as errors_total,
            (select count(*) from department_unmatched u where u.job_id = j.id)::int as unmatched_total
       from department_imports j where j.id = $1`,
    [jobId],
  );
  if (!job) return null;
  const errors = await sql.query<{ row_number: number; column_name: string | null; reason: string }>(
    `select row_number, column_name, reason from department_import_errors where job_id = $1
      order by row_number, column_name limit $2`,
    [jobId, limit],
  );
  const unmatched = await sql.query<{ row_number: number; name: string; id_masked: string }>(
    `select row_number, name, id_masked from department_unmatched where job_id = $1 order by row_number limit $2`,
    [jobId, limit],
  );
  return { job, errors, unmatched };
}

export type AlertRow = {
  id: string; job_id: string; file_name: string; kind: string; department: string; rule_id: string;
  household_id: string; member_id_masked: string; head_name: string | null; village: string | null; grp: string | null;
  figures: Record<string, string | number>; summary: string; explanation: string; found_on: string;
  joined_open_case: boolean; case_id: string; case_status: string; created_at: Date;
  /** The case's latest event of each decisive type: {verified: {on, command}, county_approved: …}. */
  events: Partial<Record<OutcomeEvent, { on: string | null; command: Record<string, unknown> | null }>>;
  total: number;
};

/** The timeline events that tell an alert's outcome. */
export const OUTCOME_EVENTS = ['verified', 'county_approved', 'not_included', 'elimination_approved'] as const;
export type OutcomeEvent = (typeof OUTCOME_EVENTS)[number];

/**
 * Alerts for the feedback list, newest first: under `scope` (the household's area path prefix), of `department`
 * when given, of one job, between two clue dates. Each with the household's head, village and group (for the
 * label), the member's masked ID, the case's state and its latest event of each decisive type; `total` counts all
 * that match.
 */
export async function listAlerts(
  sql: Sql,
  f: { scope: string; department: string | null; jobId: string | null; from: string | null; to: string | null; limit: number },
): Promise<AlertRow[]> {
  return sql.query<AlertRow>(
    `with hits as (
       select a.*, count(*) over () as total
         from department_alerts a join households h on h.id = a.household_id
        where starts_with(h.area_path, $1) and ($2::text is null or a.department = $2)
          and ($3::uuid is null or a.job_id = $3) and ($4::date is null or a.found_on >= $4)
          and ($5::date is null or a.found_on <= $5)
        order by a.found_on desc, a.created_at desc, a.id
        limit $6)
     select a.id, a.job_id, j.file_name, a.kind, a.department, a.rule_id, a.household_id, m.id_masked as member_id_masked,
            hd.name as head_name, v.name as village, g.name as grp, a.figures, a.summary, a.explanation, a.found_on,
            a.joined_open_case, a.case_id, c.status as case_status, a.created_at,
            coalesce(e.events, '{}'::jsonb) as events, a.total::int as total
       from hits a
       join department_imports j on j.id = a.job_id
       join members m on m.id = a.member_id
       join cases c on c.id = a.case_id
       join households h on h.id = a.household_id
       left join members hd on hd.household_id = h.id and hd.relation = 'head' and hd.removed_at is null
       left join areas g on g.id = h.area_id
       left join areas v on v.id = g.parent_id
       left join lateral (
         select jsonb_object_agg(type, jsonb_build_object('on', data->'on', 'command', data->'command')) as events
           from (select distinct on (type) type, data from case_events
                  where case_id = a.case_id and type = any($7::text[]) order by type, id desc) latest) e on true
      order by a.found_on desc, a.created_at desc, a.id`,
    [f.scope, f.department, f.jobId, f.from, f.to, f.limit, [...OUTCOME_EVENTS]],
  );
}
