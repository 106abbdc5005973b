import { IMPORT_PHASE_LABELS, IMPORT_STATUS_LABELS, type ImportJobView } from '@shared/contracts/imports';
import type { Role } from '@shared/contracts/common';
import type { Sql } from '../ports/db';

/**
 * SQL of the household import: the job row, the staging table (rows that passed their own checks, personal numbers
 * already encrypted), the checks across rows and against the registry, and the set-based upsert.
 */

/** One staged member row: only the protected forms of the ID and phone numbers. */
export interface StagedRow {
  row: number;
  householdNumber: string;
  /** A fresh household code, used only if the household is new. */
  newCode: string | null;
  headName: string;
  name: string;
  relation: string;
  gender: string;
  birthDate: string;
  idCipher: string;
  idHash: string;
  idMasked: string;
  phoneCipher: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  health: string;
  disabilityLevel: number | null;
  labour: string;
  schooling: string;
  county: string;
  township: string;
  village: string;
  group: string;
  category: string;
  liftedYear: number | null;
  lowIncome: boolean;
  extremePoverty: boolean;
  incomePerCapitaYuan: number | null;
}

export interface StoredImportError {
  row: number;
  column: string | null;
  reason: string;
}

export async function insertJob(
  sql: Sql,
  j: { id: string; fileName: string; createdBy: string | null; areaPath: string | null; bytesTotal: number; now: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `insert into import_jobs (id, kind, file_name, status, phase, bytes_total, created_by, area_path, created_at)
     values ($1, 'households', $2, 'running', 'reading', $3, $4, $5, $6)
     on conflict (id) do nothing returning id`,
    [j.id, j.fileName, j.bytesTotal, j.createdBy, j.areaPath, j.now],
  );
  return rows.length === 1;
}

const STAGE_COLUMNS: [keyof StagedRow, string][] = [
  ['row', 'int'], ['householdNumber', 'text'], ['newCode', 'text'], ['headName', 'text'], ['name', 'text'],
  ['relation', 'text'], ['gender', 'text'], ['birthDate', 'date'], ['idCipher', 'text'], ['idHash', 'text'],
  ['idMasked', 'text'], ['phoneCipher', 'text'], ['phoneHash', 'text'], ['phoneMasked', 'text'], ['health', 'text'],
  ['disabilityLevel', 'int'], ['labour', 'text'], ['schooling', 'text'], ['county', 'text'], ['township', 'text'],
  ['village', 'text'], ['group', 'text'], ['category', 'text'], ['liftedYear', 'int'], ['lowIncome', 'boolean'],
  ['extremePoverty', 'boolean'], ['incomePerCapitaYuan', 'int'],
];

/** A batch of rows in one statement: one array per column, unnested. */
export async function stageRows(sql: Sql, jobId: string, rows: StagedRow[]): Promise<void> {
  if (!rows.length) return;
  const arrays = STAGE_COLUMNS.map(([key]) => rows.map((r) => r[key]));
  const casts = STAGE_COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
  await sql.query(
    `insert into import_staging (job_id, row_number, household_number, new_code, head_name, name, relation, gender,
       birth_date, id_cipher, id_hash, id_masked, phone_cipher, phone_hash, phone_masked, health, disability_level,
       labour, schooling, county, township, village, group_name, category, lifted_year, low_income, extreme_poverty,
       income_per_capita_yuan)
     select $1, * from unnest(${casts})`,
    [jobId, ...arrays],
  );
}

/** The tables of an import: the household import's, or the department data import's (部门筛查预警). */
export type ImportTables = { jobs: 'import_jobs'; errors: 'import_errors' }
  | { jobs: 'department_imports'; errors: 'department_import_errors' };
export const HOUSEHOLD_IMPORT: ImportTables = { jobs: 'import_jobs', errors: 'import_errors' };

export async function insertErrors(
  sql: Sql, jobId: string, errors: StoredImportError[], tables: ImportTables = HOUSEHOLD_IMPORT,
): Promise<void> {
  if (!errors.length) return;
  await sql.query(
    `insert into ${tables.errors} (job_id, row_number, column_name, reason)
     select $1, * from unnest($2::int[], $3::text[], $4::text[])`,
    [jobId, errors.map((e) => e.row), errors.map((e) => e.column), errors.map((e) => e.reason)],
  );
}

export async function updateProgress(
  sql: Sql, jobId: string, p: { rowsRead: number; rowsRejected: number; bytesRead: number },
  tables: ImportTables = HOUSEHOLD_IMPORT,
): Promise<void> {
  await sql.query(
    `update ${tables.jobs} set rows_read = $2, rows_rejected = $3, bytes_read = $4 where id = $1`,
    [jobId, p.rowsRead, p.rowsRejected, p.bytesRead],
  );
}

export async function setPhase(sql: Sql, jobId: string, phase: 'reading' | 'checking'): Promise<void> {
  await sql.query(`update import_jobs set phase = $2 where id = $1`, [jobId, phase]);
}

// ---- the checks across rows, each one statement: the rows it finds are marked rejected and reported ----

/** Runs one check: `bad` selects (row_number, column_name, reason) from the job's rows not yet rejected. */
async function reject(sql: Sql, jobId: string, bad: string, params: unknown[] = []): Promise<number> {
  const [r] = await sql.query<{ n: number }>(
    `with bad as (${bad}),
     marked as (
       update import_staging s set rejected = true from (select distinct row_number from bad) b
        where s.job_id = $1 and s.row_number = b.row_number returning 1)
     , logged as (
       insert into import_errors (job_id, row_number, column_name, reason)
       select $1, row_number, column_name, reason from bad returning 1)
     select (select count(*) from marked)::int as n, (select count(*) from logged)::int as logged`,
    [jobId, ...params],
  );
  return r.n;
}

const LIVE = `s.job_id = $1 and not s.rejected`;

/** 县/乡镇/村/组 names of the job's rows resolved to the group they name, within `scope` (an area path prefix). */
const RESOLVED_PLACES = `
  places as (select distinct county, township, village, group_name from import_staging s where ${LIVE}),
  resolved as (
    select p.county, p.township, p.village, p.group_name, c.id as c_id, t.id as t_id, v.id as v_id,
           g.id as g_id, g.path as g_path
      from places p
      left join areas c on c.level = 'county' and c.name = p.county and starts_with(c.path, $2)
      left join areas t on t.parent_id = c.id and t.level = 'township' and t.name = p.township
      left join areas v on v.parent_id = t.id and v.level = 'village' and v.name = p.village
      left join areas g on g.parent_id = v.id and g.level = 'group' and g.name = p.group_name)`;

/**
 * Every check that needs more than one row or the registry, in an order where each sees what the earlier ones
 * rejected. Returns how many rows the checks rejected. `scope` is the importer's area path ('/' = everywhere).
 */
export async function checkAcrossRows(sql: Sql, jobId: string, scope: string): Promise<number> {
  // nothing else analyses a fresh scratch table (PGlite runs no autovacuum): without statistics the planner picks
  // nested loops over hundreds of thousands of rows for the self-joins below
  await sql.query('analyze import_staging');
  let n = 0;
  // 1. one ID number on more than one row of the file
  n += await reject(sql, jobId, `
    select s.row_number, '证件号码' as column_name,
           case when d.households > 1
             then '同一证件号码出现在文件的不同户中（第 ' || d.rows_list || ' 行），一人不能属于两户，这些行都未导入'
             else '同一证件号码在本户中出现了不止一次（第 ' || d.rows_list || ' 行），这些行都未导入' end as reason
      from import_staging s
      join (select id_hash, count(distinct household_number) as households,
                   array_to_string((array_agg(row_number order by row_number))[1:6], '、') as rows_list
              from import_staging s where ${LIVE} group by id_hash having count(*) > 1) d using (id_hash)
     where ${LIVE}`);
  // 2. the ID number is already registered in another household, or the person was removed from this one
  n += await reject(sql, jobId, `
    select s.row_number, '证件号码' as column_name,
           case when h.number <> s.household_number then
             case when starts_with(h.area_path, $2)
               then '该证件号码已登记在户编号 ' || h.number || ' 的户中，一人不能属于两户'
               else '该证件号码已登记在您管辖范围以外的另一户中，一人不能属于两户' end
             else '此人已从本户移出（' || coalesce(m.removed_reason, '已移出') || '），导入不会重新加入；如需恢复请在户信息中操作' end
             as reason
      from import_staging s
      join members m on m.id_hash = s.id_hash
      join households h on h.id = m.household_id
     where ${LIVE} and (h.number <> s.household_number or m.removed_at is not null)`, [scope]);
  // 3. the household number belongs to a household outside the importer's area
  n += await reject(sql, jobId, `
    select s.row_number, '户编号' as column_name,
           '户编号 ' || s.household_number || ' 已登记在您管辖范围以外的户中，未导入' as reason
      from import_staging s join households h on h.number = s.household_number
     where ${LIVE} and not starts_with(h.area_path, $2)`, [scope]);
  // 4. 县/乡镇/村/组 must name an existing group (within the importer's area); no areas are created
  n += await reject(sql, jobId, `
    with ${RESOLVED_PLACES}
    select s.row_number,
           case when r.c_id is null then '县' when r.t_id is null then '乡镇' when r.v_id is null then '村' else '组' end
             as column_name,
           case when r.c_id is null then '县「' || s.county || '」不存在或不在您的管辖范围内'
                when r.t_id is null then '乡镇「' || s.township || '」不在' || s.county || '下'
                when r.v_id is null then '村「' || s.village || '」不在' || s.township || '下'
                else '组「' || s.group_name || '」不在' || s.village || '下' end as reason
      from import_staging s join resolved r using (county, township, village, group_name)
     where ${LIVE} and r.g_id is null`, [scope]);
  // 5. exactly one head per household; otherwise none of its rows go in
  n += await reject(sql, jobId, `
    select s.row_number, '与户主关系' as column_name,
           case when hh.heads = 0
             then '户编号 ' || s.household_number || ' 没有有效的户主行（缺少户主，或户主行有误），整户未导入'
             else '户编号 ' || s.household_number || ' 有 ' || hh.heads || ' 个户主行，一户只能有一个户主，整户未导入' end
             as reason
      from import_staging s
      join (select household_number, count(*) filter (where relation = 'head') as heads
              from import_staging s where ${LIVE} group by household_number
            having count(*) filter (where relation = 'head') <> 1) hh using (household_number)
     where ${LIVE}`);
  // 6. a member's place must be the head's
  n += await reject(sql, jobId, `
    select s.row_number, '村' as column_name,
           '与本户户主行的县、乡镇、村、组不一致（户主行：' || hd.county || hd.township || hd.village || hd.group_name || '）' as reason
      from import_staging s
      join import_staging hd on hd.job_id = s.job_id and hd.household_number = s.household_number
                            and hd.relation = 'head' and not hd.rejected
     where ${LIVE} and s.relation <> 'head'
       and (s.county, s.township, s.village, s.group_name) is distinct from (hd.county, hd.township, hd.village, hd.group_name)`);
  // 7. the registry's head stays unless the file gives them another relation in the same household
  //    (materialised steps: the registry's heads of the file's households first, a small set even on a re-import)
  n += await reject(sql, jobId, `
    with existing as materialized (
      select h.number as household_number, m.id_hash as head_hash
        from households h join members m on m.household_id = h.id and m.relation = 'head' and m.removed_at is null
       where h.number in (select household_number from import_staging s where ${LIVE} and s.relation = 'head')),
    conflicted as materialized (
      select e.household_number
        from existing e
        join import_staging hd on hd.job_id = $1 and not hd.rejected and hd.relation = 'head'
                              and hd.household_number = e.household_number
       where hd.id_hash <> e.head_hash
         and not exists (select 1 from import_staging o where o.job_id = $1 and not o.rejected
                            and o.id_hash = e.head_hash and o.household_number = e.household_number))
    select s.row_number, '与户主关系' as column_name,
           '系统中户编号 ' || s.household_number || ' 的户主是另一人，且本文件没有写明其与新户主的关系；导入不能更换户主，整户未导入（请先在系统中变更户主）' as reason
      from import_staging s join conflicted c using (household_number)
     where ${LIVE}`);
  return n;
}

export interface ApplyCounts {
  householdsCreated: number;
  householdsUpserted: number;
  membersCreated: number;
  membersUpserted: number;
}

/**
 * Writes the rows that passed every check. Households by 户编号, members by ID hash; a row equal to what is stored
 * changes nothing (not even updated_at). Blank phone or income keep what is stored. Members missing from the file
 * are kept. Each household created or changed gets an audit_log row naming the job.
 */
export async function applyImport(
  sql: Sql, jobId: string, scope: string, a: { now: Date; actorId: string | null; actorRole: Role | null },
): Promise<ApplyCounts> {
  const [h] = await sql.query<{ created: number; upserted: number }>(
    `with ${RESOLVED_PLACES},
     up as (
       insert into households as cur (number, code, area_id, area_path, category, lifted_year, low_income, extreme_poverty,
                                      income_per_capita_yuan, created_at, updated_at, updated_by)
       select s.household_number, s.new_code, r.g_id, r.g_path, s.category, s.lifted_year, s.low_income, s.extreme_poverty,
              s.income_per_capita_yuan, $3, $3, $4
         from import_staging s join resolved r using (county, township, village, group_name)
        where ${LIVE} and s.relation = 'head'
       on conflict (number) do update set
         area_id = excluded.area_id, area_path = excluded.area_path, category = excluded.category,
         lifted_year = excluded.lifted_year, low_income = excluded.low_income, extreme_poverty = excluded.extreme_poverty,
         income_per_capita_yuan = coalesce(excluded.income_per_capita_yuan, cur.income_per_capita_yuan),
         updated_at = excluded.updated_at, updated_by = excluded.updated_by
       where (cur.area_id, cur.category, cur.lifted_year, cur.low_income, cur.extreme_poverty, cur.income_per_capita_yuan)
             is distinct from (excluded.area_id, excluded.category, excluded.lifted_year, excluded.low_income,
                               excluded.extreme_poverty, coalesce(excluded.income_per_capita_yuan, cur.income_per_capita_yuan))
       returning cur.id, (cur.xmax = 0) as created),
     audit as (
       insert into audit_log (at, actor_id, actor_role, action, household_id, after)
       select $3, $4, $5, case when created then 'import.household_created' else 'import.household_updated' end, id,
              jsonb_build_object('importJobId', $1::text)
         from up returning 1)
     select (count(*) filter (where created))::int as created, count(*)::int as upserted from up`,
    [jobId, scope, a.now, a.actorId, a.actorRole],
  );
  // a head who becomes another member of the same household steps down first, so the new head can take the place
  const demoted = await sql.query(
    `update members m set relation = s.relation
       from import_staging s
      where ${LIVE} and m.id_hash = s.id_hash and m.relation = 'head' and s.relation <> 'head' and m.removed_at is null
     returning m.id`,
    [jobId],
  );
  // members already registered (by ID hash): update those that differ. Ciphertexts differ on every encryption, so the
  // hash tells whether a phone number changed; a blank phone keeps the stored one.
  const updated = await sql.query(
    `update members cur set
       name = s.name, relation = s.relation, gender = s.gender, birth_date = s.birth_date, health = s.health,
       disability_level = s.disability_level, labour = s.labour, schooling = s.schooling,
       phone_cipher = case when s.phone_hash is null or s.phone_hash = cur.phone_hash then cur.phone_cipher else s.phone_cipher end,
       phone_hash = coalesce(s.phone_hash, cur.phone_hash),
       phone_masked = coalesce(s.phone_masked, cur.phone_masked)
      from import_staging s
     where ${LIVE} and cur.id_hash = s.id_hash
       and ((cur.name, cur.relation, cur.gender, cur.birth_date, cur.health, cur.disability_level, cur.labour, cur.schooling)
            is distinct from (s.name, s.relation, s.gender, s.birth_date, s.health, s.disability_level, s.labour, s.schooling)
         or (s.phone_hash is not null and s.phone_hash is distinct from cur.phone_hash))
    returning cur.id`,
    [jobId],
  );
  // the rest are new: a plain insert (no speculative ON CONFLICT per row; the unique index still guards a race)
  const [inserted] = await sql.query<{ n: number }>(
    `with ins as (
       insert into members (household_id, name, relation, gender, birth_date, id_cipher, id_hash, id_masked,
                            phone_cipher, phone_hash, phone_masked, health, disability_level, labour, schooling, created_at)
       select h.id, s.name, s.relation, s.gender, s.birth_date, s.id_cipher, s.id_hash, s.id_masked,
              s.phone_cipher, s.phone_hash, s.phone_masked, s.health, s.disability_level, s.labour, s.schooling, $2
         from import_staging s join households h on h.number = s.household_number
        where ${LIVE} and not exists (select 1 from members m where m.id_hash = s.id_hash)
       returning 1)
     select count(*)::int as n from ins`,
    [jobId, a.now],
  );
  const m = { created: inserted.n, upserted: inserted.n + updated.length };
  return {
    householdsCreated: h.created, householdsUpserted: h.upserted,
    membersCreated: m.created, membersUpserted: m.upserted + demoted.length,
  };
}

export async function countRejectedRows(sql: Sql, jobId: string): Promise<number> {
  const [r] = await sql.query<{ n: number }>(
    `select count(distinct row_number)::int as n from import_errors where job_id = $1`, [jobId],
  );
  return r.n;
}

export async function finishJob(
  sql: Sql, jobId: string,
  f: { status: 'done' | 'failed'; message: string; now: Date; rowsRejected?: number; counts?: ApplyCounts },
): Promise<void> {
  await sql.query(
    `update import_jobs set status = $2, phase = 'done', message = $3, finished_at = $4,
            rows_rejected = coalesce($5, rows_rejected), bytes_read = case when $2 = 'done' then bytes_total else bytes_read end,
            households_created = $6, households_upserted = $7, members_created = $8, members_upserted = $9
      where id = $1`,
    [jobId, f.status, f.message, f.now, f.rowsRejected ?? null, f.counts?.householdsCreated ?? 0,
      f.counts?.householdsUpserted ?? 0, f.counts?.membersCreated ?? 0, f.counts?.membersUpserted ?? 0],
  );
}

/** Empties the job's scratch rows; when no other import is staging, truncates the table (no dead rows left behind). */
export async function clearStaging(sql: Sql, jobId: string): Promise<void> {
  await sql.query('lock table import_staging in access exclusive mode');
  const [other] = await sql.query('select 1 from import_staging where job_id <> $1 limit 1', [jobId]);
  if (other) await sql.query('delete from import_staging where job_id = $1', [jobId]);
  else await sql.query('truncate import_staging');
}

type JobRow = {
  id: string; file_name: string; status: 'running' | 'done' | 'failed'; phase: 'reading' | 'checking' | 'done';
  rows_read: number; rows_rejected: number; bytes_total: number; bytes_read: number; households_created: number;
  households_upserted: number; members_created: number; members_upserted: number; message: string | null;
  created_at: Date; finished_at: Date | null; created_by: string | null; area_path: string | null;
  errors_total: number;
};

export interface ImportJobAccess {
  createdBy: string | null;
  areaPath: string | null;
}

/** The job with its first `limit` errors by row; null when there is none. */
export async function loadJob(
  sql: Sql, jobId: string, limit: number,
): Promise<{ view: ImportJobView; access: ImportJobAccess } | null> {
  const [j] = await sql.query<JobRow>(
    `select j.*, (select count(*) from import_errors e where e.job_id = j.id)::int as errors_total
       from import_jobs j where j.id = $1`,
    [jobId],
  );
  if (!j) return null;
  const errors = await sql.query<{ row_number: number; column_name: string | null; reason: string }>(
    `select row_number, column_name, reason from import_errors where job_id = $1 order by row_number, column_name limit $2`,
    [jobId, limit],
  );
  const csvLike = /\.csv$/i.test(j.file_name);
  const percent = j.phase === 'done' ? 100
    : j.phase === 'reading' && csvLike && j.bytes_total > 0 ? Math.min(99, Math.floor((j.bytes_read / j.bytes_total) * 100))
      : null;
  return {
    access: { createdBy: j.created_by, areaPath: j.area_path },
    view: {
      id: j.id, fileName: j.file_name, status: j.status, statusLabel: IMPORT_STATUS_LABELS[j.status], phase: j.phase,
      phaseLabel: IMPORT_PHASE_LABELS[j.phase], rowsRead: j.rows_read, rowsRejected: j.rows_rejected, percent,
      householdsCreated: j.households_created, householdsUpdated: j.households_upserted - j.households_created,
      membersCreated: j.members_created, membersUpdated: j.members_upserted - j.members_created, message: j.message,
      createdAt: j.created_at.toISOString(), finishedAt: j.finished_at ? j.finished_at.toISOString() : null,
      errorsTotal: j.errors_total,
      errors: errors.map((e) => ({ row: e.row_number, column: e.column_name, reason: e.reason })),
    },
  };
}
