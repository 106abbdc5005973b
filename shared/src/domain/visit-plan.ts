import type { RiskType } from '../contracts/common';
import { RISK_TYPE_LABELS } from '../contracts/common';
import type { z } from 'zod';
import type { HealthSchema, SchoolingSchema } from '../contracts/household';
import { addCalendarDays } from './dates';

/**
 * 每月走访计划: grid members visit every 脱贫户 and every monitored household at least once a month (DOMAIN.md
 * "干部排查"), the 八必访 households first. This file says which of the eight priorities the registry's data supports
 * for a household, and in what order the plan lists households. Pure: the caller loads the facts.
 */

/** The eight priority visits (八必访), in DOMAIN.md's order. */
export const PRIORITY_KINDS = [
  'income', 'illness', 'extreme_poverty_or_alone', 'low_income_support', 'disability', 'students', 'migrant_work',
  'accident_or_disaster',
] as const;
export type PriorityKind = (typeof PRIORITY_KINDS)[number];
export const PRIORITY_LABELS: Record<PriorityKind, string> = {
  income: '收入低或骤减',
  illness: '大病或慢性病',
  extreme_poverty_or_alone: '特困供养或单人户',
  low_income_support: '低保户',
  disability: '残疾',
  students: '多子女非义务教育就学',
  migrant_work: '务工收入不稳',
  accident_or_disaster: '重大事故或灾害',
};

export interface PriorityFlag {
  kind: PriorityKind;
  label: string;
  /** What in the data raised it, in Chinese: '大病1人、慢性病2人'. */
  detail: string;
}

export interface VisitPlanFacts {
  lowIncome: boolean;
  extremePoverty: boolean;
  /** 上年人均纯收入 as imported (yuan per person), when known. */
  lastYearIncomePerCapitaYuan: number | null;
  /** The latest per-capita income recorded on a monitoring visit (帮扶走访 收入更新), when there is one. */
  latestRecordedIncome: { yuan: number; on: string } | null;
  /** The household's current members. */
  members: { health: z.infer<typeof HealthSchema>; disabilityLevel: number | null; schooling: z.infer<typeof SchoolingSchema> }[];
  /** Risk types named by the household's clues (any channel) found in the year before the plan's month ends. */
  recentRiskTypes: RiskType[];
}

export interface PriorityRules {
  /** 防贫监测线 of the household's region for the plan's year; null when no policy is set (no low-income flag then). */
  monitoringLineYuan: number | null;
  /**
   * 骤减: the latest recorded income is at least this share below last year's. The seeds give no figure; 0.3 is our
   * assumption, to be set by the county with the other policy parameters.
   */
  incomeDropShare: number;
}

export const DEFAULT_INCOME_DROP_SHARE = 0.3;

/** 非义务教育阶段: 高中, 中职, 大专及以上 — the schooling whose costs weigh on a family (学前教育 is not counted). */
const NON_COMPULSORY = new Set(['senior', 'vocational', 'college']);
/** 一级、二级 are 重度残疾. */
const SEVERE_DISABILITY_MAX_LEVEL = 2;

const risks = (types: readonly RiskType[], wanted: readonly RiskType[]) =>
  wanted.filter((t) => types.includes(t)).map((t) => RISK_TYPE_LABELS[t]);

/**
 * Which 八必访 priorities the data supports, in the order of PRIORITY_KINDS, each once with the reasons found.
 *   收入低或骤减: the latest known per-capita income (recorded on a visit, else last year's) is below the monitoring
 *     line; or the latest recorded income fell by rules.incomeDropShare or more from last year's.
 *   大病或慢性病: members recorded 患有大病 or 长期慢性病; or a clue of the past year names 因病.
 *   特困供养或单人户: the household is 特困供养 (the registry does not say 分散 or 集中), or has one member.
 *   低保户: the household is 低保 (whether newly applied is not recorded).
 *   残疾: members recorded 残疾 (一、二级 counted as 重度); or a clue of the past year names 因残 (newly disabled).
 *   多子女非义务教育就学: two or more members in 高中, 中职 or 大专及以上.
 *   务工收入不稳: a clue of the past year names 因务工就业不稳 (the registry holds no employment data).
 *   重大事故或灾害: a clue of the past year names 因灾, 因意外事故 or 因交通事故.
 */
export function priorityFlags(h: VisitPlanFacts, rules: PriorityRules): PriorityFlag[] {
  const found: Record<PriorityKind, string[]> = {
    income: [], illness: [], extreme_poverty_or_alone: [], low_income_support: [], disability: [], students: [],
    migrant_work: [], accident_or_disaster: [],
  };
  const count = (p: (m: VisitPlanFacts['members'][number]) => boolean) => h.members.filter(p).length;

  const lastYear = h.lastYearIncomePerCapitaYuan;
  const latest = h.latestRecordedIncome;
  const current = latest?.yuan ?? lastYear;
  if (current !== null && rules.monitoringLineYuan !== null && current < rules.monitoringLineYuan) {
    found.income.push(`人均纯收入${current}元，低于监测线${rules.monitoringLineYuan}元`);
  }
  if (latest && lastYear !== null && lastYear > 0 && latest.yuan <= lastYear * (1 - rules.incomeDropShare)) {
    found.income.push(`人均纯收入由上年${lastYear}元降至${latest.yuan}元（${latest.on}走访）`);
  }

  const serious = count((m) => m.health === 'serious');
  const chronic = count((m) => m.health === 'chronic');
  if (serious) found.illness.push(`大病${serious}人`);
  if (chronic) found.illness.push(`慢性病${chronic}人`);
  found.illness.push(...risks(h.recentRiskTypes, ['illness']).map((r) => `近一年线索${r}`));

  if (h.extremePoverty) found.extreme_poverty_or_alone.push('享受特困供养');
  if (h.members.length === 1) found.extreme_poverty_or_alone.push('单人户');

  if (h.lowIncome) found.low_income_support.push('享受农村低保');

  const disabled = h.members.filter((m) => m.health === 'disabled');
  if (disabled.length) {
    const severe = disabled.filter((m) => m.disabilityLevel !== null && m.disabilityLevel <= SEVERE_DISABILITY_MAX_LEVEL).length;
    found.disability.push(`残疾${disabled.length}人${severe ? `（重度${severe}人）` : ''}`);
  }
  found.disability.push(...risks(h.recentRiskTypes, ['disability']).map((r) => `近一年线索${r}`));

  const students = count((m) => NON_COMPULSORY.has(m.schooling));
  if (students >= 2) found.students.push(`高中及以上在读${students}人`);

  found.migrant_work.push(...risks(h.recentRiskTypes, ['unstable_employment']).map((r) => `近一年线索${r}`));

  const events = risks(h.recentRiskTypes, ['disaster', 'accident', 'traffic_accident']);
  if (events.length) found.accident_or_disaster.push(`近一年线索${events.join('、')}`);

  return PRIORITY_KINDS.filter((k) => found[k].length > 0)
    .map((kind) => ({ kind, label: PRIORITY_LABELS[kind], detail: found[kind].join('；') }));
}

/** Flagged households first, then those not yet visited this month; then by 户编号 (which follows the area). */
export function compareVisitPlan(
  a: { flags: readonly unknown[]; visited: boolean; number: string },
  b: { flags: readonly unknown[]; visited: boolean; number: string },
): number {
  const flagged = Number(b.flags.length > 0) - Number(a.flags.length > 0);
  if (flagged) return flagged;
  const unvisited = Number(a.visited) - Number(b.visited);
  if (unvisited) return unvisited;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first and last day of a 'YYYY-MM' month, and the day a year before its end (where "the past year" starts). */
export function monthSpan(month: string): { first: string; last: string; yearBefore: string } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`月份格式应为 YYYY-MM：${JSON.stringify(month)}`);
  const first = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  const last = addCalendarDays(next, -1);
  // the same day a year earlier (29 February: the 28th)
  const yearBefore = `${Number(m[1]) - 1}${last.slice(4) === '-02-29' ? '-02-28' : last.slice(4)}`;
  return { first, last, yearBefore };
}

/** '2026-11' → '2026年11月' */
export const monthLabel = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
