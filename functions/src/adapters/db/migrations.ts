import type { Db } from '../../ports/db';

/**
 * Versioned schema changes, applied in order, each once. Append new entries; never edit an applied one.
 * Kept in code (not .sql files) so the bundled functions carry them.
 */
export const MIGRATIONS: { id: string; sql: string }[] = [
  {
    id: '001_foundation',
    sql: `
create table areas (
  id text primary key,
  parent_id text references areas(id),
  level text not null check (level in ('county','township','village','group')),
  name text not null,
  -- '/c1/c1-t1/c1-t1-v1/' : a staff account sees every row whose path starts with its own
  path text not null unique
);
create index areas_path_prefix on areas (path text_pattern_ops);

create table policies (
  area_id text not null references areas(id),
  year int not null,
  monitoring_line_yuan int not null check (monitoring_line_yuan > 0),
  identification_days int not null check (identification_days > 0),
  notice_min_days int not null check (notice_min_days > 0),
  plan_days int not null check (plan_days > 0),
  day_count text not null default 'calendar' check (day_count in ('calendar')),
  primary key (area_id, year)
);

create table households (
  id uuid primary key default gen_random_uuid(),
  number text not null unique,
  code text not null unique,
  area_id text not null references areas(id),
  area_path text not null,
  category text not null check (category in ('lifted','ordinary')),
  lifted_year int,
  low_income boolean not null default false,
  extreme_poverty boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index households_area_path on households (area_path text_pattern_ops);

create table members (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households(id),
  name text not null,
  relation text not null check (relation in ('head','spouse','child','parent','grandchild','sibling','other')),
  gender text not null check (gender in ('male','female')),
  birth_date date not null,
  -- the ID number is never stored in plain text: AES-256-GCM ciphertext, a keyed hash for matching, a masked form
  id_cipher text not null,
  id_hash text not null unique,
  id_masked text not null,
  phone_cipher text,
  phone_hash text,
  phone_masked text,
  health text not null check (health in ('healthy','chronic','serious','disabled')),
  disability_level int check (disability_level between 1 and 4),
  labour text not null check (labour in ('skilled','ordinary','weak','lost','none')),
  schooling text not null check (schooling in ('none','preschool','primary','junior','senior','vocational','college')),
  created_at timestamptz not null default now()
);
create index members_household on members (household_id);
create unique index members_one_head on members (household_id) where relation = 'head';

create table users (
  id uuid primary key default gen_random_uuid(),
  username text unique,
  name text not null,
  role text not null check (role in
    ('farmer','grid_member','village_cadre','township_reviewer','county_admin','department_user','inspector')),
  area_id text references areas(id),
  household_id uuid references households(id),
  wechat_openid text unique,
  department text,
  created_at timestamptz not null default now(),
  check (role = 'farmer' or area_id is not null)
);

create table cases (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households(id),
  status text not null,
  is_open boolean not null default true,
  clue_date date not null,
  version int not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- a new clue for a household with an open case joins that case
create unique index cases_one_open_per_household on cases (household_id) where is_open;

create table clues (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  household_id uuid not null references households(id),
  channel text not null check (channel in ('self_declared')),
  risk_types text[] not null,
  description text not null,
  consent_at timestamptz,
  found_on date not null,
  reported_by uuid not null references users(id),
  client_key text not null,
  request_hash text not null,
  created_at timestamptz not null,
  unique (reported_by, client_key)
);
create index clues_case on clues (case_id);
create index clues_household on clues (household_id, created_at desc);

create table tasks (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  kind text not null check (kind in ('verify')),
  assignee_role text not null,
  area_id text not null references areas(id),
  area_path text not null,
  due_on date not null,
  status text not null default 'open' check (status in ('open','done')),
  created_at timestamptz not null,
  done_at timestamptz
);
create index tasks_open_by_area on tasks (area_path text_pattern_ops, due_on) where status = 'open';
create unique index tasks_one_open_per_kind on tasks (case_id, kind) where status = 'open';

-- the case timeline: who did what, when, with before/after; rows are only ever added
create table case_events (
  id bigint generated always as identity primary key,
  case_id uuid not null references cases(id),
  at timestamptz not null,
  actor_id uuid references users(id),
  actor_role text,
  type text not null,
  data jsonb not null default '{}'
);
create index case_events_case on case_events (case_id, id);
create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function refuse_change();
`,
  },
  {
    id: '002_registry',
    sql: `
-- who did what to a household's data, with before/after; also every unmasked view of personal data
create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor_id uuid references users(id),
  actor_role text,
  action text not null,
  household_id uuid references households(id),
  member_id uuid,
  before jsonb,
  after jsonb
);
create index audit_log_household on audit_log (household_id, id);
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function refuse_change();

-- binding a farmer's WeChat to a household: failures count towards a lock
create table bind_attempts (
  id bigint generated always as identity primary key,
  household_id uuid not null references households(id),
  user_id uuid not null references users(id),
  at timestamptz not null,
  ok boolean not null
);
create index bind_attempts_recent on bind_attempts (household_id, at);

-- 入户走访: a staff member's visit to a household
create table visits (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households(id),
  visited_on date not null,
  visitor_id uuid not null references users(id),
  findings text not null,
  client_key text not null,
  created_at timestamptz not null,
  unique (visitor_id, client_key)
);
create index visits_household on visits (household_id, visited_on desc);

-- members leave a household (moved away, died) without losing their history
alter table members add column removed_at timestamptz;
alter table members add column removed_reason text;
drop index members_one_head;
create unique index members_one_head on members (household_id) where relation = 'head' and removed_at is null;

alter table households add column code_rotated_at timestamptz;
-- 上年人均纯收入 as imported (yuan per person), when known
alter table households add column income_per_capita_yuan int;
alter table households add column updated_by uuid references users(id);

-- bulk imports of households (县 staff): one row per run, its bad rows listed
create table import_jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('households')),
  file_name text not null,
  status text not null check (status in ('running','done','failed')),
  rows_read int not null default 0,
  households_upserted int not null default 0,
  members_upserted int not null default 0,
  rows_rejected int not null default 0,
  message text,
  created_by uuid references users(id),
  created_at timestamptz not null,
  finished_at timestamptz
);
create table import_errors (
  job_id uuid not null references import_jobs(id),
  row_number int not null,
  column_name text,
  reason text not null
);
create index import_errors_job on import_errors (job_id, row_number);
`,
  },
  {
    id: '003_import_staging',
    sql: `
-- what a running import shows while it reads (progress bar) and what it did
alter table import_jobs add column phase text not null default 'done'
  check (phase in ('reading','checking','done'));
alter table import_jobs add column bytes_total bigint not null default 0;
alter table import_jobs add column bytes_read bigint not null default 0;
alter table import_jobs add column households_created int not null default 0;
alter table import_jobs add column members_created int not null default 0;
-- the importer's area ('/qh/'); null when run from the command line without --as
alter table import_jobs add column area_path text;

-- rows of a running import that passed their own checks, before the checks across rows and the upsert.
-- Unlogged: it is scratch space, emptied when the job ends. No plain ID or phone numbers here either.
create unlogged table import_staging (
  job_id uuid not null,
  row_number int not null,
  household_number text not null,
  new_code text,
  head_name text not null,
  name text not null,
  relation text not null,
  gender text not null,
  birth_date date not null,
  id_cipher text not null,
  id_hash text not null,
  id_masked text not null,
  phone_cipher text,
  phone_hash text,
  phone_masked text,
  health text not null,
  disability_level int,
  labour text not null,
  schooling text not null,
  county text not null,
  township text not null,
  village text not null,
  group_name text not null,
  category text not null,
  lifted_year int,
  low_income boolean not null,
  extreme_poverty boolean not null,
  income_per_capita_yuan int,
  rejected boolean not null default false
);
`,
  },
  {
    id: '004_workflow',
    sql: `
-- The case workflow (shared/src/domain/workflow). cases.status was free text: it now holds exactly the workflow's
-- states (WORKFLOW_STATES in states.ts). The phase and procedure are functions of the state (PHASE_OF, stepOf), so
-- they are not stored twice; is_open is, for the one-open-case-per-household index, and must agree with the state.
alter table cases add constraint cases_status_check check (status in (
  'verifying','deliberating','notice_due','notice','township_review','county_review','not_included',
  'plan_due','plan_made','tracking','safety_net',
  'elimination_verifying','elimination_deliberating','elimination_notice_due','elimination_notice',
  'elimination_township_review','elimination_county_review','eliminated'));
alter table cases add constraint cases_open_matches_status check (is_open = (status not in ('not_included','eliminated')));

-- What the workflow's guards know about the case beyond its state and clue_date (CaseFacts in context.ts), kept
-- current by each accepted command so a command need not re-read the timeline:
--   notice                {startOn, endOn} of the notice posted (or last posted) in the current procedure, or null
--   openObjectionIds      objections raised during the notice and not yet resolved
--   identifiedOn          the county's identification date (monitored since), or null
--   eliminationProposedOn the start of the current elimination procedure (its clock), or null
-- The household's facts (category, labour) are read from households and members, never copied here.
alter table cases add column facts jsonb not null
  default '{"notice":null,"openObjectionIds":[],"identifiedOn":null,"eliminationProposedOn":null}';

-- tasks.kind: the workflow's task kinds (WORKFLOW_TASK_KINDS in effects.ts). One open task per kind per case stays:
-- all open objections of a case share one 核实公示异议 task, closed when the last of them is resolved.
alter table tasks drop constraint tasks_kind_check;
alter table tasks add constraint tasks_kind_check check (kind in (
  'verify','deliberate','post_notice','end_notice','verify_objection','township_review','county_review',
  'make_plan','track'));
`,
  },
  {
    id: '005_policy_day_count',
    sql: `
-- How a region counts its procedural deadlines (identification, notice, plan): calendar days or China's working days
-- (Policy.dayCount, addDaysFor in shared/src/domain/policy.ts). The column came with 001 allowing only 'calendar'.
alter table policies drop constraint policies_day_count_check;
alter table policies alter column day_count set default 'calendar';
alter table policies add constraint policies_day_count_check check (day_count in ('calendar','working'));
`,
  },
  {
    id: '006_clue_channels',
    sql: `
-- Clues come from three channels (DOMAIN.md): self-declaration, a grid member's visit, a department's alert.
alter table clues drop constraint clues_channel_check;
alter table clues add constraint clues_channel_check check (channel in ('self_declared','grid_visit','department_alert'));
-- the department whose data raised an alert (医保局, 民政局 …); null for the other channels
alter table clues add column department text;
-- a retried workflow command is answered from the timeline: find its event by the request id
create unique index case_events_request on case_events (case_id, (data->>'requestId')) where data ? 'requestId';
`,
  },
  {
    id: '007_plan_measures',
    sql: `
-- 帮扶计划 measures as records (一户一方案、一人一措施): written with each accepted makePlan command, in its transaction.
-- A revised plan supersedes the open measures of the earlier one (kept, status 'superseded'); done ones stay done.
-- Departments (users.department) see and complete the open ones ordered to them within their area (area_path).
create table plan_measures (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id),
  household_id uuid not null references households(id),
  area_path text not null,
  -- the plan: the case's version after the makePlan command, its date, and the measure's place in it
  plan_version int not null,
  plan_made_on date not null,
  position int not null,
  measure text not null,
  member_name text,
  responsible_kind text not null check (responsible_kind in ('department','person')),
  responsible_name text not null,
  due_on date not null,
  status text not null default 'open' check (status in ('open','done','superseded')),
  evidence text,
  evidence_photo_ids uuid[] not null default '{}',
  done_at timestamptz,
  done_by uuid references users(id),
  -- a retried completion is answered from here
  done_request_id text,
  done_request_hash text,
  superseded_at timestamptz,
  created_at timestamptz not null,
  unique (case_id, plan_version, position),
  check ((status = 'done') = (done_at is not null and done_by is not null and evidence is not null)),
  check ((status = 'superseded') = (superseded_at is not null))
);
create index plan_measures_case on plan_measures (case_id, plan_version, position);
create index plan_measures_open_by_department on plan_measures (responsible_name, area_path text_pattern_ops, due_on)
  where status = 'open' and responsible_kind = 'department';
`,
  },
  {
    id: '008_notifications',
    sql: `
-- The outbox: every message, written in the transaction of the change that causes it (functions/src/app/outbox.ts).
-- One row per recipient and channel. The in-app inbox copy is delivered by being written (status 'sent'); a push
-- copy ('wechat') waits as 'pending' for the dispatcher, which retries with backoff and parks it as 'failed' after
-- the configured tries, or as 'unreachable' when the person cannot be pushed to (no openid, no subscription grant,
-- WeChat's 43101): the inbox copy is then all they get, and supervisors see it.
create table notifications (
  id bigint generated always as identity primary key,
  -- idempotency: the cause (a case version, a task's reminder level, a measure, a month), the recipient, the channel
  key text not null unique,
  recipient_id uuid not null references users(id),
  channel text not null check (channel in ('inbox','wechat')),
  -- MESSAGE_KINDS in shared/src/domain/messages.ts
  kind text not null,
  case_id uuid references cases(id),
  title text not null,
  body text not null,
  -- where tapping the message leads in the mini-program
  page text,
  -- push copies: the subscription template id and its data ({thing1: …}) as sent
  template_id text,
  data jsonb not null default '{}',
  status text not null check (status in ('pending','sent','failed','unreachable')),
  attempts int not null default 0,
  next_attempt_at timestamptz,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  read_at timestamptz,
  check ((status = 'pending') = (next_attempt_at is not null))
);
create index notifications_inbox on notifications (recipient_id, id desc) where channel = 'inbox';
create index notifications_pending on notifications (next_attempt_at) where status = 'pending';
create index notifications_parked on notifications (recipient_id, created_at desc) where status in ('failed','unreachable');

-- One-time subscriptions (wx.requestSubscribeMessage 'accept'): each grant allows one message of that template.
create table subscription_grants (
  user_id uuid not null references users(id),
  template_id text not null,
  remaining int not null check (remaining >= 0),
  updated_at timestamptz not null,
  primary key (user_id, template_id)
);

-- How far an open task's reminders have gone: 0 none, 1 due soon told, 2 overdue told (owner and the level above).
-- The deadline sweep reads only open tasks still to be reminded whose date has come (the partial index).
alter table tasks add column reminded smallint not null default 0 check (reminded between 0 and 2);
create index tasks_to_remind on tasks (due_on) where status = 'open' and reminded < 2;
-- notices whose end date has come (the notice-end sweep)
create index tasks_notice_end on tasks (due_on) where status = 'open' and kind = 'end_notice';
-- the same for department measures
alter table plan_measures add column reminded smallint not null default 0 check (reminded between 0 and 2);
create index plan_measures_to_remind on plan_measures (due_on) where status = 'open' and reminded < 2;
-- recipients by area: the staff of a node of the grid
create index users_area_role on users (area_id, role);
`,
  },
  {
    id: '009_supervision',
    sql: `
-- 督导 (functions/src/app/supervision.ts). Open department measures of an area by due date, as tasks_open_by_area
-- serves the tasks: the overdue and due-soon lists and their counts read only these rows.
create index plan_measures_open_by_area on plan_measures (area_path text_pattern_ops, due_on)
  where status = 'open' and responsible_kind = 'department';
-- the latest push to a person about a case: is the owner of an overdue task reachable by push?
create index notifications_push_by_case on notifications (case_id, recipient_id, id desc) where channel = 'wechat';
-- timeliness over a period: the cases whose clue came in it
create index cases_clue_date on cases (clue_date);
`,
  },
  {
    id: '010_subscription_requests',
    sql: `
-- The answers to wx.requestSubscribeMessage a user's app has posted (POST /api/push/subscriptions), by the request id
-- the app made for each: a retried post finds its id here and adds no grant again. accepted: the templates it granted.
create table subscription_requests (
  user_id uuid not null references users(id),
  request_id text not null,
  accepted text[] not null,
  created_at timestamptz not null,
  primary key (user_id, request_id)
);
`,
  },
  {
    id: '011_department_data',
    sql: `
-- 部门筛查预警 (functions/src/app/department-imports.ts): a department's file is matched against the registry by the
-- keyed hash of the ID number; the rules of its kind (shared/src/domain/department-data.ts) raise department-alert
-- clues. No plain ID number is stored anywhere here: the lookup hash and the masked form only.

-- one row per import run, with its progress and its summary
create table department_imports (
  id uuid primary key,
  kind text not null check (kind in
    ('medical','social_assistance','disability','housing','education','accident','job_loss','disaster')),
  -- the kind's department (医保局 …): the alerts' department, and what a department user may see
  department text not null,
  file_name text not null,
  -- of the bytes read, once read: the same file sent twice is recognisable
  file_sha256 text,
  -- the importer's area ('/qh/'): only members of households under it are matched; null from the command line
  -- without --as
  area_path text,
  created_by uuid references users(id),
  status text not null check (status in ('running','done','failed')),
  phase text not null check (phase in ('reading','matching','raising','done')),
  bytes_total bigint not null default 0,
  bytes_read bigint not null default 0,
  rows_read int not null default 0,
  rows_matched int not null default 0,
  rows_unmatched int not null default 0,
  rows_rejected int not null default 0,
  rows_repeated int not null default 0,
  -- {ruleId: hits}
  hits_by_rule jsonb not null default '{}',
  clues_created int not null default 0,
  clues_joined int not null default 0,
  message text,
  created_at timestamptz not null,
  finished_at timestamptz,
  check ((status = 'running') = (finished_at is null))
);
create index department_imports_by_area on department_imports (area_path text_pattern_ops, created_at desc);

-- rows refused by their own checks: row (header = 1), column header, Chinese reason
create table department_import_errors (
  job_id uuid not null references department_imports(id),
  row_number int not null,
  column_name text,
  reason text not null
);
create index department_import_errors_job on department_import_errors (job_id, row_number);

-- rows that matched no member in the importer's area: listed for the department (perhaps people missing from the
-- registry), no clue. The name as the file gives it and the masked ID only.
create table department_unmatched (
  job_id uuid not null references department_imports(id),
  row_number int not null,
  name text not null,
  id_masked text not null,
  primary key (job_id, row_number)
);

-- matched records, kept for the rules that look back (medical self-pay over 12 months) and to recognise a record
-- imported again. row_key: the keyed hash of the domain's rowKey (kind, ID, date and the kind's distinguishing
-- fields), so it carries no ID either. data: the kind's own fields (no ID number, no name). raised: the rules have
-- run over it and its clues are written; a record left unraised by an interrupted import is raised by the next
-- import that carries it (clue keys and department_alerts' unique key keep that from doubling anything).
create table department_records (
  kind text not null,
  row_key text not null,
  member_id uuid not null references members(id),
  household_id uuid not null references households(id),
  happened_on date not null,
  amount_fen bigint,
  data jsonb not null default '{}',
  job_id uuid not null references department_imports(id),
  row_number int not null,
  raised boolean not null default false,
  created_at timestamptz not null,
  primary key (kind, row_key)
);
-- a member's records of a kind over a period (the 12-month self-pay sum)
create index department_records_member on department_records (member_id, kind, happened_on);
-- the records an import still has to raise
create index department_records_unraised on department_records (job_id, household_id) where not raised;

-- one row per rule hit that became a clue: what the department's feedback list (反馈) shows, with the case's outcome
create table department_alerts (
  id uuid primary key default gen_random_uuid(),
  job_id uuid not null references department_imports(id),
  kind text not null,
  department text not null,
  rule_id text not null,
  household_id uuid not null references households(id),
  member_id uuid not null references members(id),
  -- the record the hit is about (department_records.row_key)
  row_key text not null,
  figures jsonb not null,
  -- the figures in words, and the rule's explanation as the cadre read it in the clue
  summary text not null,
  explanation text not null,
  clue_id uuid not null references clues(id),
  case_id uuid not null references cases(id),
  -- the clue joined a case that was already open (rather than opening one)
  joined_open_case boolean not null,
  found_on date not null,
  created_at timestamptz not null,
  unique (rule_id, household_id, row_key)
);
create index department_alerts_by_department on department_alerts (department, found_on desc);
create index department_alerts_by_date on department_alerts (found_on desc);
create index department_alerts_job on department_alerts (job_id);

-- rows of a running import that passed their own checks, before matching. Unlogged scratch space, emptied when the
-- job ends; hashed and masked ID only.
create unlogged table department_staging (
  job_id uuid not null,
  row_number int not null,
  id_hash text not null,
  id_masked text not null,
  name text not null,
  row_key text not null,
  happened_on date not null,
  amount_fen bigint,
  data jsonb not null
);
`,
  },
  {
    id: '012_department_data_at_scale',
    sql: `
-- 部门筛查预警 at a province's scale (a million rows a month): each matched row costs one narrow insert into one
-- index, and the file's rows are loaded with COPY.

-- staging: loaded with COPY; the date, amount and fields stay text until a row matches (only matched rows are cast)
drop table department_staging;
create unlogged table department_staging (
  job_id uuid not null,
  row_number int not null,
  id_hash text not null,
  id_masked text not null,
  name text not null,
  row_key text not null,
  happened_on text not null,
  amount_fen text,
  data text not null
);

-- records: one index, the primary key (member, kind, record identity). It recognises a record imported again and
-- gives a member's records of a kind for the 12-month self-pay sum. row_key is now the record's identity without
-- the person (the member is the person): date and the kind's distinguishing columns. Records kept before this
-- migration keep their hashed keys. No foreign keys: each was a lookup per row (members and households are never
-- deleted, only marked removed; import jobs are never deleted). No raised flag: a record belongs to the import that
-- kept it and is raised once that import is done; one that a failed or stalled import kept is taken over by the
-- next import carrying it.
alter table department_records
  drop constraint department_records_pkey,
  drop constraint department_records_member_id_fkey,
  drop constraint department_records_household_id_fkey,
  drop constraint department_records_job_id_fkey,
  drop column raised;
drop index if exists department_records_member;
alter table department_records add primary key (member_id, kind, row_key);
-- the kind's fields are only read back whole, by the rules: json (checked text) costs a quarter of an insert less
-- than jsonb (decomposed) per row
alter table department_records alter column data type json using data::json, alter column data set default '{}';

-- an alert is about one member's record (the row key no longer names the person)
alter table department_alerts drop constraint department_alerts_rule_id_household_id_row_key_key;
alter table department_alerts add unique (rule_id, household_id, member_id, row_key);
`,
  },
  {
    // 政策明白纸 and 知晓率: the county's explainers (every published version kept, never overwritten), the quiz
    // questions each version carries, who opened which explainer for which household, and the quizzes taken.
    id: '013_explainers_and_quizzes',
    sql: `
-- one explainer (e.g. 怎样申报) across its versions; the county that owns it
create table explainers (
  id uuid primary key default gen_random_uuid(),
  county_id text not null references areas(id),
  created_at timestamptz not null
);

-- a published version: never updated; a later version of the same explainer supersedes it from its valid_from
create table explainer_versions (
  id uuid primary key default gen_random_uuid(),
  explainer_id uuid not null references explainers(id),
  version int not null check (version > 0),
  topic text not null check (topic in ('declaration','assistance','other')),
  title text not null,
  -- the author's text (Markdown) as sent, and the sanitised HTML made from it: placeholders such as {{监测线}} are
  -- left in and filled from the reader's policy when read, images are inlined as data: URIs
  source text not null,
  html text not null,
  -- the region it is for: the county, a township or a village
  area_id text not null references areas(id),
  area_path text not null,
  valid_from date not null,
  valid_to date check (valid_to is null or valid_to >= valid_from),
  published_by uuid not null references users(id),
  published_at timestamptz not null,
  client_key text not null,
  request_hash text not null,
  unique (explainer_id, version),
  unique (published_by, client_key)
);
create index explainer_versions_area on explainer_versions (area_path text_pattern_ops);

-- the question bank: each version's questions, as published with it (never edited)
create table quiz_questions (
  id uuid primary key default gen_random_uuid(),
  explainer_version_id uuid not null references explainer_versions(id),
  position int not null,
  kind text not null check (kind in ('single','true_false')),
  stem text not null,
  options jsonb not null,
  answer int not null check (answer >= 0),
  explanation text not null,
  -- a question on the declaration conditions: the awareness rate counts these
  key boolean not null default false,
  unique (explainer_version_id, position)
);

-- every opening of an explainer for a household, by whom (the farmer, or staff showing it on a visit)
create table explainer_opens (
  id bigserial primary key,
  explainer_id uuid not null references explainers(id),
  explainer_version_id uuid not null references explainer_versions(id),
  household_id uuid not null references households(id),
  user_id uuid not null references users(id),
  role text not null,
  opened_at timestamptz not null,
  client_key text not null,
  unique (user_id, client_key)
);
create index explainer_opens_household on explainer_opens (household_id, explainer_id);

-- a quiz: the questions drawn for one member of a household, answered one by one (or all at once when synced)
create table quiz_attempts (
  id uuid primary key default gen_random_uuid(),
  household_id uuid not null references households(id),
  member_id uuid not null references members(id),
  taken_by uuid not null references users(id),
  taker_role text not null,
  mode text not null check (mode in ('self','visit')),
  question_ids uuid[] not null,
  created_at timestamptz not null,
  -- set when the last question is answered
  completed_at timestamptz,
  correct int,
  total int not null,
  -- every key question drawn answered right (null until completed; false when none was drawn)
  knows_declaration boolean,
  client_key text not null,
  unique (taken_by, client_key)
);
create index quiz_attempts_member on quiz_attempts (member_id, completed_at);
create index quiz_attempts_household on quiz_attempts (household_id);

create table quiz_answers (
  attempt_id uuid not null references quiz_attempts(id),
  question_id uuid not null references quiz_questions(id),
  choice int not null,
  correct boolean not null,
  answered_at timestamptz not null,
  primary key (attempt_id, question_id)
);
`,
  },
];

const LOCK_KEY = 7_310_015; // any constant; the advisory lock serialises concurrent migrators on one server

/** Applies what is missing, in one transaction, under an advisory lock: safe to run twice, safe from two processes. */
export async function migrate(db: Db): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query(`create table if not exists schema_migrations (
      id text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await tx.query<{ id: string }>('select id from schema_migrations')).map((r) => r.id));
    const applied: string[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
