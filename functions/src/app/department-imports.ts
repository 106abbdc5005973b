import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  DEPARTMENT_ALERTS_EXPORTED, DEPARTMENT_ALERTS_SHOWN, DEPARTMENT_IMPORT_PHASE_LABELS, DEPARTMENT_IMPORT_ROWS_SHOWN,
  type AlertOutcome, type DepartmentAlertView, type DepartmentDataKind, type DepartmentImportJobView,
  type DepartmentImportPhase, type ListDepartmentAlertsQuery, type ListDepartmentAlertsResponse, type SpreadsheetFile,
} from '@shared/contracts/department-imports';
import { IMPORT_STATUS_LABELS } from '@shared/contracts/imports';
import { chinaDate } from '@shared/domain/dates';
import {
  DEPARTMENT_DATA_KINDS, DEPARTMENT_DATA_KIND_LABELS, departmentRulesOf, departmentTemplate, evaluateRules,
  hitDescription, loosestThresholds, thresholdsFor, type DepartmentRow, type DepartmentRuleContext,
  type DepartmentRuleHit, type DepartmentThresholds, type RuleMember,
} from '@shared/domain/department-data';
import { AppError } from '@shared/domain/errors';
import { householdLabel } from '@shared/domain/messages';
import { MONITORED_CATEGORY_LABELS, type MonitoredCategory, type WorkflowState } from '@shared/domain/workflow/states';
import { fileKindOf } from '../adapters/import-file';
import type { Deps } from '../deps';
import type { Actor } from '../http/auth';
import type { Sql } from '../ports/db';
import {
  alertStates, clearStaging, DEPARTMENT_IMPORT, finishJob, findSameFile, insertAlerts, insertJob, listAlerts,
  loadJob, loadRuleContext, matchAndKeep, saveMatchCounts, saveRaiseCounts, setPhase, stageLines,
  type AlertRow, type Candidate, type ContextRecord, type NewAlert, type RuleContextRows,
} from '../store/department-imports';
import { findHouseholds } from '../store/households';
import { insertErrors, updateProgress } from '../store/imports';
import { findUserDepartment } from '../store/users';
import { hashOf, retryOnConflict, RetryableConflict, writeClues } from './clues';
import { enqueue, type Outgoing } from './outbox';
import { readDepartmentRows, readInWorker, readInWorkers, type ReadBatch } from './department-reader';

/** Rows per staging batch (one COPY, one transaction, one progress update). */
const BATCH_SIZE = 10_000;
/** A file on disk this large is read in worker threads, a csv in two halves (uploads, at most 4 MB, are read here). */
const WORKER_MIN_BYTES = 8 * 1024 * 1024;
/** Households whose rule context is loaded at once. */
const RAISE_BATCH = 500;
/** Clues written per transaction: the transaction's fixed cost shared; a conflict redoes only these. */
const ALERTS_PER_TRANSACTION = 50;

export interface DepartmentImportProgress {
  phase: DepartmentImportPhase;
  rowsRead: number;
  rowsRejected: number;
  bytesRead: number;
  bytesTotal: number;
  /** In the raising phase: households looked at so far. */
  householdsDone?: number;
  cluesCreated?: number;
}

export interface DepartmentImportOptions {
  kind: DepartmentDataKind;
  /** Who imports: the clues are theirs; their area bounds the match (null area: the whole registry). */
  importer: Actor;
  now: Date;
  /** Chosen by the caller (the H5 client polls it while uploading); a new one otherwise. */
  jobId?: string;
  batchSize?: number;
  onProgress?: (p: DepartmentImportProgress) => void;
}

export interface DepartmentImportSource {
  fileName: string;
  bytesTotal: number;
  /** Opened once, read as a stream. */
  open(): Readable;
  /** The file on disk, when it is one: a large file is then read in a worker thread. */
  path?: string;
}

function summary(v: {
  rowsRead: number; rowsRejected: number; matched: number; unmatched: number; repeated: number; hits: number;
  cluesCreated: number; cluesJoined: number; ongoing: number;
}): string {
  return `共读取 ${v.rowsRead} 行：${v.rowsRejected} 行有误未导入；${v.matched} 行与户籍中的人员比对成功，` +
    `${v.unmatched} 行未比对到（列在下方，不生成线索）；比对成功的行中 ${v.repeated} 行此前已导入过，不再重复预警。` +
    `触发预警规则 ${v.hits} 次，生成风险线索 ${v.cluesCreated} 条，其中 ${v.cluesJoined} 条并入该户正在办理的案件` +
    (v.ongoing ? `；另有 ${v.ongoing} 次该成员已因同一规则预警、案件仍在办理中，不再重复生成线索` : '') + '。';
}

/**
 * 部门筛查预警: reads a department's file a row at a time, checks each row, stages the good ones (ID numbers only
 * hashed and masked) in batches, then matches them against the registry set-based, keeps the new records, runs the
 * kind's rules over the households they touch and writes one department-alert clue per household and rule hit
 * (writeClues: it joins an open case or opens one with the grid member's 入户核实 task). A record imported before
 * raises nothing again; a wrong header refuses the file; bad rows are reported with row, column and reason.
 */
export async function importDepartmentData(
  deps: Deps, source: DepartmentImportSource, opts: DepartmentImportOptions,
): Promise<DepartmentImportJobView> {
  const fileKind = fileKindOf(source.fileName);
  if (!fileKind) throw new AppError('IMPORT.UNSUPPORTED_FILE');
  const { kind, importer, now } = opts;
  const def = DEPARTMENT_DATA_KINDS[kind];
  const jobId = opts.jobId ?? crypto.randomUUID();
  const scope = importer.areaPath ?? '/';
  const today = chinaDate(now);
  const created = await insertJob(deps.db, {
    id: jobId, kind, department: def.department, fileName: source.fileName, createdBy: importer.userId,
    areaPath: importer.areaPath, bytesTotal: source.bytesTotal, now,
  });
  if (!created) throw new AppError('IMPORT.JOB_EXISTS');

  let rowsRead = 0;
  let rowsRejected = 0;
  let staged = 0;
  let bytesRead = 0;
  const progress = (phase: DepartmentImportPhase, extra: Partial<DepartmentImportProgress> = {}) =>
    opts.onProgress?.({ phase, rowsRead, rowsRejected, bytesRead, bytesTotal: source.bytesTotal, ...extra });
  try {
    const onBatch = async (b: ReadBatch) => {
      ({ rowsRead, rowsRejected, bytesRead } = b);
      staged += b.staged;
      await deps.db.transaction(async (tx) => {
        await stageLines(tx, b.lines);
        await insertErrors(tx, jobId, b.errors, DEPARTMENT_IMPORT);
        await updateProgress(tx, jobId, b, DEPARTMENT_IMPORT);
      });
      progress('reading');
    };
    const reading = { kind, fileKind, jobId, today, batchSize: opts.batchSize ?? BATCH_SIZE };
    const { sha256: fileSha256 } = source.path && source.bytesTotal >= WORKER_MIN_BYTES
      ? await (fileKind === 'csv' ? readInWorkers : readInWorker)(source.path, reading, deps.protector.lookupKey, onBatch)
      : await readDepartmentRows(source.open(), reading, (id) => deps.protector.lookupHash(id), onBatch);

    await setPhase(deps.db, jobId, 'matching', fileSha256);
    const sameFile = await findSameFile(deps.db, jobId, kind, fileSha256);
    progress('matching');
    const loosest = loosestThresholds(deps.config.departmentThresholds, Number(today.slice(0, 4)));
    const match = await deps.db.transaction(async (tx) => {
      const counts = await matchAndKeep(tx, { id: jobId, kind, scope, now, staged }, {
        medicalSelfPayFen: loosest.medicalSelfPayYuan * 100, medicalShareOfIncome: loosest.medicalShareOfIncome,
      });
      await saveMatchCounts(tx, jobId, counts);
      return counts;
    });

    await setPhase(deps.db, jobId, 'raising');
    progress('raising');
    const raised = await raiseAlerts(deps, jobId, kind, importer, now, match.candidates, (p) => progress('raising', p));

    const hits = Object.values(raised.hitsByRule).reduce((a, b) => a + b, 0);
    const again = sameFile
      ? `此文件与 ${chinaDate(sameFile.created_at)} 导入的「${sameFile.file_name}」内容完全相同。` : '';
    await finishJob(deps.db, jobId, {
      status: 'done', now, message: again + summary({ rowsRead, rowsRejected, ...match, hits, ...raised }),
    });
  } catch (err) {
    const message = err instanceof AppError ? err.message : '导入因系统错误中断，请稍后重试（已导入的记录不会重复预警）';
    await finishJob(deps.db, jobId, { status: 'failed', message, now }).catch(() => {});
    throw err;
  } finally {
    await deps.db.transaction((tx) => clearStaging(tx, jobId)).catch(() => {});
  }
  const view = await jobView(deps.db, jobId);
  if (!view) throw new Error(`department import ${jobId} vanished`);
  return view.view;
}

/** A rule's hit on a household, from one of its records (the latest when several records of the file hit it). */
export interface DepartmentHit extends DepartmentRuleHit {
  householdId: string;
  memberId: string;
  /** The record's stored row key (department_records.row_key). */
  rowKey: string;
  /** How many records of this import hit the rule for the household. */
  recordCount: number;
}

function recordAsRow(kind: DepartmentDataKind, r: ContextRecord): DepartmentRow {
  return { kind, row: 0, idNumber: '', name: '', on: r.happened_on, amountFen: r.amount_fen, fields: r.data as DepartmentRow['fields'] };
}

/**
 * The kind's rules over a batch of households' new records, each record with its household and members from the
 * registry (and, for a medical record, the member's 12-month self-pay from the kept records). The stored record
 * stands in for the file's row: it has no ID number or name, which no rule reads. Several records of one household
 * hitting the same rule in one import make one hit — the latest record's, with the count — so a month's bills of
 * one patient make one clue.
 */
export function departmentHits(
  kind: DepartmentDataKind, context: RuleContextRows, thresholdsOf: (areaPath: string) => DepartmentThresholds,
): DepartmentHit[] {
  const households = new Map(context.households.map((h) => [h.id, h]));
  const members = new Map<string, RuleMember[]>();
  for (const m of context.members) {
    const list = members.get(m.household_id) ?? [];
    list.push({
      id: m.id, birthDate: m.birth_date, relation: m.relation as RuleMember['relation'],
      health: m.health as RuleMember['health'], disabilityLevel: m.disability_level, labour: m.labour as RuleMember['labour'],
    });
    members.set(m.household_id, list);
  }
  const hits = new Map<string, DepartmentHit>();
  for (const r of context.records) {
    const household = households.get(r.household_id);
    const people = members.get(r.household_id) ?? [];
    const member = people.find((m) => m.id === r.member_id);
    if (!household || !member) continue; // removed since the match: nothing to say about them
    const ctx: DepartmentRuleContext = {
      row: recordAsRow(kind, r), category: household.category, incomePerCapitaYuan: household.income_per_capita_yuan,
      members: people, member,
      ...(r.self_pay_fen_12m !== null ? { medicalSelfPayFen12m: r.self_pay_fen_12m } : {}),
    };
    for (const hit of evaluateRules(kind, ctx, thresholdsOf(household.area_path))) {
      const key = `${hit.ruleId}|${r.household_id}`;
      const recordCount = (hits.get(key)?.recordCount ?? 0) + 1;
      // records come by date: a later one replaces an earlier one as the hit shown
      hits.set(key, { ...hit, householdId: r.household_id, memberId: r.member_id, rowKey: r.row_key, recordCount });
    }
  }
  return [...hits.values()];
}

/**
 * The rules over the candidates' households (matchAndKeep passed over the records no rule can hit), a batch of
 * households at a time (their context in a few set-based queries), then one clue per household and rule hit, a few
 * dozen per transaction: a retry, or a record an interrupted import left unraised, finds the alert by its unique key
 * and adds nothing. Thresholds: the household's region's for the import year.
 */
async function raiseAlerts(
  deps: Deps, jobId: string, kind: DepartmentDataKind, importer: Actor, now: Date, candidates: Candidate[],
  onBatch: (p: { householdsDone: number; cluesCreated: number }) => void,
): Promise<{ hitsByRule: Record<string, number>; cluesCreated: number; cluesJoined: number; ongoing: number }> {
  const foundOn = chinaDate(now);
  const department = DEPARTMENT_DATA_KINDS[kind].department;
  const year = Number(foundOn.slice(0, 4));
  const thresholdsOf = (areaPath: string) => thresholdsFor(deps.config.departmentThresholds, areaPath, year);
  const counts = { hitsByRule: {} as Record<string, number>, cluesCreated: 0, cluesJoined: 0, ongoing: 0 };
  // candidates come ordered by household: a batch takes whole households
  const byHousehold = new Map<string, string[]>();
  for (const c of candidates) byHousehold.set(c.household_id, [...(byHousehold.get(c.household_id) ?? []), c.member_id]);
  const households = [...byHousehold.keys()];
  for (let at = 0; at < households.length; at += RAISE_BATCH) {
    const ids = households.slice(at, at + RAISE_BATCH);
    const context = await loadRuleContext(deps.db, jobId, kind, ids, ids.flatMap((id) => byHousehold.get(id)!));
    const hits = departmentHits(kind, context, thresholdsOf);
    for (const hit of hits) counts.hitsByRule[hit.ruleId] = (counts.hitsByRule[hit.ruleId] ?? 0) + 1;
    for (let i = 0; i < hits.length; i += ALERTS_PER_TRANSACTION) {
      const some = hits.slice(i, i + ALERTS_PER_TRANSACTION);
      // a conflict (a concurrent import or declaration on one of the households) redoes the few: each finds
      // what was committed meanwhile and adds nothing twice
      const written = await retryOnConflict(() => deps.db.transaction(
        (tx) => writeAlerts(tx, deps, { jobId, kind, department, importer, foundOn, now }, some),
      ));
      for (const w of written) {
        if (w === 'ongoing') counts.ongoing++;
        else if (w) {
          counts.cluesCreated++;
          if (w.joined) counts.cluesJoined++;
        }
      }
    }
    await saveRaiseCounts(deps.db, jobId, counts);
    onBatch({ householdsDone: at + ids.length, cluesCreated: counts.cluesCreated });
  }
  return counts;
}

/** The clue's text: what was found (and how many records of the file found it), then the rule's explanation. */
export function clueDescription(department: string, hit: DepartmentHit): string {
  const more = hit.recordCount > 1 ? `（本次文件中该户共 ${hit.recordCount} 条记录触发此规则，以上为最近一条）` : '';
  return hitDescription(department, { ...hit, summary: hit.summary + more });
}

type Written = { joined: boolean } | 'ongoing' | null;

/**
 * A few hits → their clues (through writeClues: each joins the household's open case or opens one with the grid
 * member's 入户核实 task) and alert rows, in the caller's transaction, with the lookups and the messages done for all
 * of them at once. Per hit: null when it was written before (nothing added); 'ongoing' when the rule already alerted
 * about this member and that case is still open (the cadres are on it: a further bill of a patient already over the
 * line would otherwise raise a clue every month). A concurrent import that wrote one of the alerts first makes it
 * throw RetryableConflict: the transaction is undone and redone.
 */
async function writeAlerts(
  tx: Sql, deps: Deps,
  job: { jobId: string; kind: DepartmentDataKind; department: string; importer: Actor; foundOn: string; now: Date },
  hits: DepartmentHit[],
): Promise<Written[]> {
  const { department, importer, foundOn, now } = job;
  const states = await alertStates(tx, hits);
  const fresh = hits.filter((_, i) => states[i] === null);
  const households = new Map((await findHouseholds(tx, fresh.map((h) => h.householdId))).map((h) => [h.id, h]));
  const toWrite = fresh.filter((hit) => households.has(hit.householdId)).map((hit) => {
    const household = households.get(hit.householdId)!;
    const description = clueDescription(department, hit);
    return {
      hit,
      clue: {
        household,
        clue: { channel: 'department_alert' as const, riskTypes: hit.riskTypes, description, foundOn, consentAt: null, department },
        key: {
          clientKey: `dept:${hit.ruleId}:${hit.householdId}:${hit.rowKey}`,
          hash: hashOf([hit.householdId, 'department_alert', [...hit.riskTypes].sort(), description, foundOn, department]),
        },
      },
    };
  });
  const clues = await writeClues(tx, importer, toWrite.map((k) => k.clue), now);
  const alerts: NewAlert[] = toWrite.map(({ hit }, i) => ({
    ruleId: hit.ruleId, householdId: hit.householdId, memberId: hit.memberId, rowKey: hit.rowKey, figures: hit.figures,
    summary: hit.summary, explanation: hit.explanation, clueId: clues[i].clue.id, caseId: clues[i].caseId,
    joinedOpenCase: !clues[i].openedCase,
  }));
  const written = new Map<DepartmentHit, Written>(toWrite.map(({ hit }, i) => [hit, { joined: !clues[i].openedCase }]));
  const messages: Outgoing[] = clues.flatMap((w) => w.messages);
  if (await insertAlerts(tx, job, alerts) !== alerts.length) throw new RetryableConflict();
  await enqueue(tx, deps, messages, now);
  return hits.map((hit, i) => (states[i] === 'ongoing' ? 'ongoing' : written.get(hit) ?? null));
}

// ---- who may import and see ----

/**
 * The county's administrators import any kind for their county (the alerts carry the kind's department); a
 * department's own account imports its department's kinds within its area. Nobody else.
 */
export async function assertMayImport(sql: Sql, actor: Actor, kind: DepartmentDataKind): Promise<void> {
  if (!actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  if (actor.role === 'county_admin') return;
  if (actor.role !== 'department_user') throw new AppError('AUTH.FORBIDDEN');
  const department = await findUserDepartment(sql, actor.userId);
  if (!department) throw new AppError('DEPARTMENT_IMPORT.NO_DEPARTMENT');
  if (DEPARTMENT_DATA_KINDS[kind].department !== department) {
    throw new AppError('DEPARTMENT_IMPORT.NOT_YOUR_DEPARTMENT',
      `您是${department}的账号，只能导入本部门的数据；「${DEPARTMENT_DATA_KIND_LABELS[kind]}」由${DEPARTMENT_DATA_KINDS[kind].department}报送`);
  }
}

/** What a staff account may see of department imports: its area, and for a department user its department only. */
async function viewerScope(sql: Sql, actor: Actor): Promise<{ scope: string; department: string | null }> {
  if (!actor.areaPath) throw new AppError('AUTH.FORBIDDEN');
  if (actor.role === 'county_admin') return { scope: actor.areaPath, department: null };
  if (actor.role !== 'department_user') throw new AppError('AUTH.FORBIDDEN');
  const department = await findUserDepartment(sql, actor.userId);
  if (!department) throw new AppError('DEPARTMENT_IMPORT.NO_DEPARTMENT');
  return { scope: actor.areaPath, department };
}

/** The upload from the H5 client: decoded from base64 and streamed through the same importer. */
export async function importUploadedDepartmentData(
  deps: Deps, actor: Actor,
  input: { jobId?: string; kind: DepartmentDataKind; fileName: string; contentBase64: string }, now: Date,
): Promise<DepartmentImportJobView> {
  await assertMayImport(deps.db, actor, input.kind);
  if (!fileKindOf(input.fileName)) throw new AppError('IMPORT.UNSUPPORTED_FILE');
  const bytes = Buffer.from(input.contentBase64, 'base64');
  return importDepartmentData(deps, {
    fileName: input.fileName, bytesTotal: bytes.length, open: () => Readable.from([bytes]),
  }, { kind: input.kind, importer: actor, now, jobId: input.jobId });
}

// ---- the job view ----

async function jobView(sql: Sql, jobId: string) {
  const loaded = await loadJob(sql, jobId, DEPARTMENT_IMPORT_ROWS_SHOWN);
  if (!loaded) return null;
  const { job: j } = loaded;
  const kind = j.kind as DepartmentDataKind;
  const csvLike = /\.csv$/i.test(j.file_name);
  const percent = j.phase === 'done' ? 100
    : j.phase === 'reading' && csvLike && j.bytes_total > 0 ? Math.min(99, Math.floor((j.bytes_read / j.bytes_total) * 100))
      : j.phase === 'reading' ? null : 99;
  const view: DepartmentImportJobView = {
    id: j.id, kind, kindLabel: DEPARTMENT_DATA_KIND_LABELS[kind], department: j.department, fileName: j.file_name,
    status: j.status, statusLabel: IMPORT_STATUS_LABELS[j.status], phase: j.phase,
    phaseLabel: DEPARTMENT_IMPORT_PHASE_LABELS[j.phase], bytesRead: j.bytes_read, bytesTotal: j.bytes_total, percent,
    rowsRead: j.rows_read, rowsMatched: j.rows_matched, rowsUnmatched: j.rows_unmatched, rowsRepeated: j.rows_repeated,
    rowsRejected: j.rows_rejected,
    hitsByRule: departmentRulesOf(kind).map((r) => ({ ruleId: r.id, label: r.label, hits: j.hits_by_rule[r.id] ?? 0 })),
    cluesCreated: j.clues_created, cluesJoined: j.clues_joined, message: j.message,
    createdAt: j.created_at.toISOString(), finishedAt: j.finished_at ? j.finished_at.toISOString() : null,
    errorsTotal: j.errors_total,
    errors: loaded.errors.map((e) => ({ row: e.row_number, column: e.column_name, reason: e.reason })),
    unmatchedTotal: j.unmatched_total,
    unmatched: loaded.unmatched.map((u) => ({ row: u.row_number, name: u.name, idMasked: u.id_masked })),
  };
  return { view, job: j };
}

/** A job with its first errors and unmatched rows: for its importer, the county, and its own department's users. */
export async function getDepartmentImport(deps: Deps, actor: Actor, jobId: string): Promise<DepartmentImportJobView> {
  const { scope, department } = await viewerScope(deps.db, actor);
  const loaded = await jobView(deps.db, jobId);
  const j = loaded?.job;
  const visible = j && (j.created_by === actor.userId ||
    (j.area_path !== null && j.area_path.startsWith(scope) && (department === null || j.department === department)));
  if (!loaded || !visible) throw new AppError('IMPORT.NOT_FOUND');
  return loaded.view;
}

// ---- the template ----

/** The kind's template as .xlsx: the headers and one synthetic sample row, every cell text (IDs keep their digits). */
export async function departmentTemplateFile(kind: DepartmentDataKind): Promise<SpreadsheetFile> {
  const rows = departmentTemplate(kind);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(DEPARTMENT_DATA_KIND_LABELS[kind].replace(/[\\/*?:[\]]/g, '、'));
  ws.columns = rows[0].map(() => ({ width: 20, style: { numFmt: '@' } }));
  for (const row of rows) ws.addRow(row);
  ws.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    fileName: `${DEPARTMENT_DATA_KINDS[kind].department}-${DEPARTMENT_DATA_KIND_LABELS[kind].replace(/\//g, '、')}-导入模板.xlsx`,
    contentBase64: buffer.toString('base64'),
  };
}

// ---- feedback (反馈) ----

const PROCEDURE_STATES: readonly WorkflowState[] = [
  'deliberating', 'notice_due', 'notice', 'township_review', 'county_review',
];
const MONITORED_STATES: readonly WorkflowState[] = ['plan_due', 'plan_made', 'tracking', 'safety_net'];

/** What became of an alert, from its case's state and its latest decisive events. */
export function alertOutcome(
  status: WorkflowState, events: AlertRow['events'],
): { outcome: AlertOutcome; label: string; on: string | null } {
  const on = (e: keyof AlertRow['events']) => events[e]?.on ?? null;
  const category = events.county_approved?.command?.category as MonitoredCategory | undefined;
  const monitored = `已纳入监测${category ? `（${MONITORED_CATEGORY_LABELS[category] ?? category}）` : ''}`;
  if (status === 'verifying') return { outcome: 'to_verify', label: '待核实', on: null };
  if (PROCEDURE_STATES.includes(status)) return { outcome: 'verifying', label: '核实中（已入户核实，评议审核中）', on: on('verified') };
  if (MONITORED_STATES.includes(status)) return { outcome: 'monitored', label: monitored, on: on('county_approved') };
  if (status === 'not_included') {
    const reason = events.not_included?.command?.reason;
    return { outcome: 'not_included', label: `未纳入${typeof reason === 'string' && reason ? `（${reason}）` : ''}`, on: on('not_included') };
  }
  if (status === 'eliminated') return { outcome: 'eliminated', label: '风险已消除', on: on('elimination_approved') };
  return { outcome: 'eliminating', label: `${monitored}，风险消除程序中`, on: on('county_approved') };
}

function alertView(r: AlertRow): DepartmentAlertView {
  const o = alertOutcome(r.case_status as WorkflowState, r.events);
  return {
    id: r.id, jobId: r.job_id, fileName: r.file_name, kind: r.kind as DepartmentDataKind, department: r.department,
    household: householdLabel(r.head_name, r.village, r.grp), memberIdMasked: r.member_id_masked, ruleId: r.rule_id,
    ruleLabel: departmentRulesOf(r.kind as DepartmentDataKind).find((x) => x.id === r.rule_id)?.label ?? r.rule_id,
    explanation: r.explanation, summary: r.summary, figures: r.figures, clueDate: r.found_on,
    joinedOpenCase: r.joined_open_case, caseId: r.case_id, outcome: o.outcome, outcomeLabel: o.label, outcomeOn: o.on,
    createdAt: r.created_at.toISOString(),
  };
}

const EXPORT_COLUMNS: [string, number, (a: DepartmentAlertView) => string][] = [
  ['线索日期', 12, (a) => a.clueDate],
  ['部门', 12, (a) => a.department],
  ['数据类型', 16, (a) => DEPARTMENT_DATA_KIND_LABELS[a.kind]],
  ['农户', 22, (a) => a.household],
  ['身份证号（脱敏）', 22, (a) => a.memberIdMasked],
  ['预警规则', 22, (a) => a.ruleLabel],
  ['预警情况', 40, (a) => a.summary],
  ['规则说明', 50, (a) => a.explanation],
  ['并入已有案件', 12, (a) => (a.joinedOpenCase ? '是' : '否')],
  ['核实结果', 28, (a) => a.outcomeLabel],
  ['结果日期', 12, (a) => a.outcomeOn ?? ''],
  ['导入文件', 24, (a) => a.fileName],
];

async function alertsWorkbook(alerts: DepartmentAlertView[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('预警反馈');
  ws.columns = EXPORT_COLUMNS.map(([header, width]) => ({ header, width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  for (const a of alerts) ws.addRow(EXPORT_COLUMNS.map(([, , value]) => value(a)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * 反馈: the alerts the department (its own only) or the county (all in its county) raised, newest first, each
 * with what its case has come to. format=xlsx: the same list as a spreadsheet (up to DEPARTMENT_ALERTS_EXPORTED).
 */
export async function listDepartmentAlerts(
  deps: Deps, actor: Actor, q: ListDepartmentAlertsQuery, now: Date,
): Promise<ListDepartmentAlertsResponse> {
  const { scope, department } = await viewerScope(deps.db, actor);
  const xlsx = q.format === 'xlsx';
  const rows = await listAlerts(deps.db, {
    scope, department, jobId: q.jobId ?? null, from: q.from ?? null, to: q.to ?? null,
    limit: xlsx ? DEPARTMENT_ALERTS_EXPORTED : DEPARTMENT_ALERTS_SHOWN,
  });
  const total = rows[0]?.total ?? 0;
  const alerts = rows.map(alertView);
  if (!xlsx) return { format: 'json', total, alerts };
  const buffer = await alertsWorkbook(alerts);
  return {
    format: 'xlsx', total,
    file: { fileName: `部门预警反馈-${department ?? '全部部门'}-${chinaDate(now)}.xlsx`, contentBase64: buffer.toString('base64') },
  };
}

