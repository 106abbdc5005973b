/**
 * 部门筛查预警: the departments' monthly files (医保, 民政, 残联, 住建, 教育, 交警, 人社, 应急), pure. Which columns each
 * kind of file has (the header → key mapping is this data, not code), the template, the check of one row, the
 * record's identity for dedup, and the rules that turn a matched record into a risk clue with the sentence the
 * village cadre reads. Matching against the registry, the 12-month sums and the clues are the importer's.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { z } from 'zod';
import type { RiskType } from '../contracts/common';
import type { DepartmentDataKind } from '../contracts/department-imports';
import { LABOUR_LABELS, RELATION_LABELS, type HealthSchema, type LabourSchema, type RelationSchema } from '../contracts/household';
import { ageOn } from './dates';
import { checkIdNumber, idCheckChar, normaliseIdNumber } from './id-number';

dayjs.extend(utc);

export type { DepartmentDataKind } from '../contracts/department-imports';
export { DepartmentDataKindSchema } from '../contracts/department-imports';

type Health = z.infer<typeof HealthSchema>;
type Labour = z.infer<typeof LabourSchema>;
type Relation = z.infer<typeof RelationSchema>;

/**
 * One column of a department's file. `header` is the template's; `aliases` are the other names departments'
 * exports use for it. `yuan` cells become whole fen; `enum` cells become the code `values` maps their spelling to
 * (the first spelling of a code is its label); `date` cells become YYYY-MM-DD.
 */
export interface DepartmentColumn {
  key: string;
  header: string;
  aliases?: readonly string[];
  type: 'id' | 'name' | 'date' | 'yuan' | 'text' | 'enum';
  values?: Readonly<Record<string, string>>;
  required: boolean;
  /** The template's sample cell (synthetic). */
  sample: string;
}

export interface DepartmentDataKindDef {
  /** The department that sends this kind of file (as users.department spells it). */
  department: string;
  label: string;
  columns: readonly DepartmentColumn[];
  /** Besides the person and the date, the columns that tell two records of the person apart (rowKey). */
  identity: readonly string[];
}

const sampleId = (first17: string) => first17 + idCheckChar(first17);
/** Synthetic sample people (110101 = a Beijing district code; the birth dates are made up). */
const SAMPLE_ADULT_ID = sampleId('11010119800315201');
const SAMPLE_CHILD_ID = sampleId('11010120140910302');

const ID_ALIASES = ['证件号码', '身份证号码', '公民身份号码', '身份证', '证件号'];
const idColumn = (extra: string[] = [], sample = SAMPLE_ADULT_ID): DepartmentColumn => ({
  key: 'idNumber', header: '身份证号', aliases: [...ID_ALIASES, ...extra], type: 'id', required: true, sample,
});
const nameColumn = (extra: string[] = [], sample = '李示例'): DepartmentColumn => ({
  key: 'name', header: '姓名', aliases: extra, type: 'name', required: true, sample,
});
const dateColumn = (header: string, aliases: string[], sample = '2026-10-15'): DepartmentColumn => ({
  key: 'on', header, aliases, type: 'date', required: true, sample,
});

export const DEPARTMENT_DATA_KINDS: Readonly<Record<DepartmentDataKind, DepartmentDataKindDef>> = {
  medical: {
    department: '医保局',
    label: '医疗费用个人自付',
    columns: [
      idColumn(['参保人身份证号', '患者身份证号']),
      nameColumn(['参保人姓名', '患者姓名']),
      dateColumn('结算日期', ['费用结算日期', '出院日期', '报销日期', '就诊日期']),
      { key: 'hospital', header: '医疗机构', aliases: ['医疗机构名称', '医院名称', '定点医疗机构', '就诊医院'], type: 'text', required: false, sample: '示例县人民医院' },
      { key: 'totalCost', header: '医疗总费用', aliases: ['总费用', '医疗费用总额'], type: 'yuan', required: false, sample: '68000.00' },
      { key: 'fundPaid', header: '医保报销金额', aliases: ['报销金额', '基金支付金额', '医保支付金额', '统筹支付金额'], type: 'yuan', required: false, sample: '36000.00' },
      { key: 'amount', header: '个人自付金额', aliases: ['个人自付', '自付金额', '个人自付费用', '个人负担金额', '个人支付金额'], type: 'yuan', required: true, sample: '32000.00' },
    ],
    identity: ['amount', 'hospital'],
  },
  social_assistance: {
    department: '民政局',
    label: '低保/特困申请',
    columns: [
      idColumn(['申请人身份证号']),
      nameColumn(['申请人姓名']),
      dateColumn('申请日期', ['受理日期']),
      {
        key: 'assistance', header: '救助类别', aliases: ['申请类别', '救助类型', '申请类型'], type: 'enum', required: true, sample: '低保',
        values: {
          低保: 'low_income', 最低生活保障: 'low_income', 农村低保: 'low_income', 农村最低生活保障: 'low_income',
          特困供养: 'extreme_poverty', 特困: 'extreme_poverty', 特困人员: 'extreme_poverty', 特困人员救助供养: 'extreme_poverty',
          临时救助: 'temporary',
        },
      },
      {
        key: 'status', header: '办理状态', aliases: ['审批状态', '审核状态'], type: 'enum', required: false, sample: '审核中',
        values: {
          已申请: 'applied', 申请中: 'applied', 已受理: 'applied', 审核中: 'reviewing',
          已批准: 'approved', 批准: 'approved', 已审批: 'approved', 未批准: 'refused', 不予批准: 'refused', 不批准: 'refused',
        },
      },
    ],
    // a later file repeats the application with its new status: still the same application
    identity: ['assistance'],
  },
  disability: {
    department: '残联',
    label: '残疾证办理',
    columns: [
      idColumn(['持证人身份证号']),
      nameColumn(['持证人姓名']),
      dateColumn('发证日期', ['办证日期', '首次发证日期', '评定日期']),
      {
        key: 'disabilityType', header: '残疾类别', aliases: ['残疾类型'], type: 'enum', required: true, sample: '肢体残疾',
        values: {
          视力残疾: 'visual', 听力残疾: 'hearing', 言语残疾: 'speech', 肢体残疾: 'physical', 智力残疾: 'intellectual',
          精神残疾: 'mental', 多重残疾: 'multiple',
        },
      },
      {
        key: 'grade', header: '残疾等级', type: 'enum', required: true, sample: '二级',
        values: { 一级: '1', 二级: '2', 三级: '3', 四级: '4', 1: '1', 2: '2', 3: '3', 4: '4', 一: '1', 二: '2', 三: '3', 四: '4' },
      },
    ],
    identity: ['disabilityType', 'grade'],
  },
  housing: {
    department: '住建局',
    label: '房屋安全鉴定',
    columns: [
      idColumn(['户主身份证号']),
      nameColumn(['户主姓名']),
      dateColumn('鉴定日期', ['评定日期']),
      {
        key: 'rating', header: '鉴定等级', aliases: ['安全等级', '房屋安全等级', '鉴定结论'], type: 'enum', required: true, sample: 'C级',
        values: { A级: 'A', B级: 'B', C级: 'C', D级: 'D', A: 'A', B: 'B', C: 'C', D: 'D' },
      },
      { key: 'address', header: '房屋地址', aliases: ['地址'], type: 'text', required: false, sample: '示例镇示例村3组' },
    ],
    identity: ['rating'],
  },
  education: {
    department: '教育局',
    label: '学生在校/辍学',
    columns: [
      idColumn(['学生身份证号'], SAMPLE_CHILD_ID),
      nameColumn(['学生姓名'], '李小示'),
      dateColumn('登记日期', ['统计日期', '离校日期', '日期']),
      {
        key: 'status', header: '在校状态', aliases: ['就学状态', '学籍状态'], type: 'enum', required: true, sample: '辍学',
        values: {
          在校: 'enrolled', 在读: 'enrolled', 辍学: 'dropped_out', 失学: 'dropped_out', 未入学: 'not_enrolled',
          休学: 'suspended', 毕业: 'graduated', 已毕业: 'graduated',
        },
      },
      { key: 'school', header: '学校名称', aliases: ['学校', '就读学校'], type: 'text', required: false, sample: '示例镇中心小学' },
    ],
    identity: ['status'],
  },
  accident: {
    department: '交警大队',
    label: '交通事故',
    columns: [
      idColumn(['当事人身份证号']),
      nameColumn(['当事人姓名']),
      dateColumn('事故日期', ['事故发生日期', '发生日期']),
      {
        key: 'injury', header: '伤亡情况', aliases: ['伤情', '伤亡程度'], type: 'enum', required: true, sample: '重伤',
        values: { 死亡: 'death', 重伤: 'serious', 轻伤: 'minor', 轻微伤: 'minor', 未受伤: 'none', 无: 'none' },
      },
      { key: 'place', header: '事故地点', aliases: ['发生地点'], type: 'text', required: false, sample: '示例县道12公里处' },
    ],
    identity: ['injury'],
  },
  job_loss: {
    department: '人社局',
    label: '失业登记',
    columns: [
      idColumn(),
      nameColumn(),
      dateColumn('失业日期', ['失业登记日期', '登记日期']),
      { key: 'employer', header: '原工作单位', aliases: ['原单位', '原就业单位'], type: 'text', required: false, sample: '示例市某电子厂' },
      { key: 'reason', header: '失业原因', type: 'text', required: false, sample: '企业裁员' },
    ],
    identity: [],
  },
  disaster: {
    department: '应急管理局',
    label: '灾害损失',
    columns: [
      idColumn(['户主身份证号']),
      nameColumn(['户主姓名']),
      dateColumn('受灾日期', ['灾害发生日期', '发生日期']),
      {
        key: 'disasterType', header: '灾害种类', aliases: ['灾害类型', '灾种'], type: 'enum', required: true, sample: '洪涝',
        values: {
          洪涝: 'flood', 干旱: 'drought', 风雹: 'hail', 台风: 'typhoon', 地震: 'earthquake', 地质灾害: 'geological',
          低温冷冻: 'frost', 雪灾: 'snow', 火灾: 'fire', 其他: 'other',
        },
      },
      { key: 'amount', header: '直接经济损失', aliases: ['经济损失', '损失金额', '直接经济损失金额'], type: 'yuan', required: true, sample: '15000' },
    ],
    identity: ['disasterType', 'amount'],
  },
};

export const DEPARTMENT_DATA_KIND_LIST = Object.keys(DEPARTMENT_DATA_KINDS) as DepartmentDataKind[];

export const DEPARTMENT_DATA_KIND_LABELS = Object.fromEntries(
  DEPARTMENT_DATA_KIND_LIST.map((k) => [k, DEPARTMENT_DATA_KINDS[k].label]),
) as Record<DepartmentDataKind, string>;

/** The kinds a department sends (a department user may import only these). */
export function kindsOfDepartment(department: string): DepartmentDataKind[] {
  return DEPARTMENT_DATA_KIND_LIST.filter((k) => DEPARTMENT_DATA_KINDS[k].department === department);
}

export function columnOf(kind: DepartmentDataKind, key: string): DepartmentColumn | undefined {
  return DEPARTMENT_DATA_KINDS[kind].columns.find((c) => c.key === key);
}

/** The label of an enum code (the first spelling that maps to it), for figures and exports. */
export function valueLabel(column: DepartmentColumn, code: string): string {
  // integer-like keys ('1' for 一级) enumerate first in JavaScript: a word is preferred as the label
  const spellings = Object.entries(column.values ?? {}).filter(([, v]) => v === code).map(([k]) => k);
  return spellings.find((k) => !/^\d+$/.test(k)) ?? spellings[0] ?? code;
}

/** The labels an enum column accepts, one per code (for the help text and the messages). */
export function valueLabels(column: DepartmentColumn): string[] {
  return [...new Set(Object.values(column.values ?? {}))].map((code) => valueLabel(column, code));
}

// ---------------------------------------------------------------------------------------------------------------
// The header

/** Headers commonly found in exports that carry nothing the rules need: accepted and ignored. */
export const IGNORED_HEADERS: readonly string[] = ['序号', '编号', '备注'];

/** Spaces (also full-width), a trailing '*' (required in some templates) and a trailing unit 「（元）」 do not count. */
export function normaliseDepartmentHeader(cell: string): string {
  return cell.replace(/[\s\u3000]+/g, '').replace(/(?:[*＊]|[（(]元[)）])+$/, '');
}

export type DepartmentHeaderCheck =
  | { ok: true; index: Record<string, number> }
  | { ok: false; missing: string[]; unknown: string[]; duplicated: string[] };

/**
 * Where each column of the kind is in the file (0-based cell index, found by its header or any alias). A required
 * column missing, a header that is none of the kind's (and not 序号/编号/备注) or a column twice refuses the file:
 * a misnamed column would otherwise be silently empty.
 */
export function mapHeader(kind: DepartmentDataKind, headerCells: readonly string[]): DepartmentHeaderCheck {
  const { columns } = DEPARTMENT_DATA_KINDS[kind];
  const byName = new Map<string, DepartmentColumn>();
  for (const c of columns) for (const name of [c.header, ...(c.aliases ?? [])]) byName.set(normaliseDepartmentHeader(name), c);
  const ignored = new Set(IGNORED_HEADERS);
  const index: Record<string, number> = {};
  const unknown: string[] = [];
  const duplicated: string[] = [];
  headerCells.forEach((cell, i) => {
    const name = normaliseDepartmentHeader(cell);
    if (!name || ignored.has(name)) return;
    const column = byName.get(name);
    if (!column) unknown.push(cell.trim());
    else if (index[column.key] !== undefined) {
      if (!duplicated.includes(column.header)) duplicated.push(column.header);
    } else index[column.key] = i;
  });
  const missing = columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.header);
  return missing.length || unknown.length || duplicated.length ? { ok: false, missing, unknown, duplicated } : { ok: true, index };
}

/** The Chinese sentence for a refused header. */
export function departmentHeaderProblemText(kind: DepartmentDataKind, check: Extract<DepartmentHeaderCheck, { ok: false }>): string {
  const parts: string[] = [];
  if (check.missing.length) parts.push(`缺少这些列：${check.missing.join('、')}`);
  if (check.unknown.length) parts.push(`无法识别这些列：${check.unknown.join('、')}（请改成模板中的列名，或删除这些列）`);
  if (check.duplicated.length) parts.push(`这些列出现了不止一次：${check.duplicated.join('、')}`);
  return `文件表头与「${DEPARTMENT_DATA_KINDS[kind].label}」的导入模板不一致，${parts.join('；')}。第 1 行应为表头，请对照该类数据的导入模板。整个文件未导入。`;
}

/** A cell as read: text (csv, or exceljs's text), or a number / Date when the reader keeps them. */
export type DepartmentCell = string | number | Date | null | undefined;
export type DepartmentCells = Partial<Record<string, DepartmentCell>>;

/** The cells of one data row by column key, picked by the header's positions. */
export function departmentRowCells(kind: DepartmentDataKind, cells: readonly DepartmentCell[], index: Record<string, number>): DepartmentCells {
  const out: DepartmentCells = {};
  for (const c of DEPARTMENT_DATA_KINDS[kind].columns) {
    const at = index[c.key];
    if (at !== undefined) out[c.key] = cells[at] ?? '';
  }
  return out;
}

/** The template: the headers (yuan columns say 「（元）」) and one synthetic sample row, as text cells. */
export function departmentTemplate(kind: DepartmentDataKind): string[][] {
  const { columns } = DEPARTMENT_DATA_KINDS[kind];
  return [columns.map((c) => (c.type === 'yuan' ? `${c.header}（元）` : c.header)), columns.map((c) => c.sample)];
}

// ---------------------------------------------------------------------------------------------------------------
// One row

export interface DepartmentRowError {
  /** As numbered in the file: the header is row 1. */
  row: number;
  /** The column's header as in the template. */
  column: string;
  message: string;
}

/**
 * A record that passed its own checks. `idNumber` is plain: hash it (DataProtector.lookupHash) to match, never store
 * it. `amountFen` is the kind's `amount` column (medical self-pay, disaster loss) in whole fen, null for kinds
 * without one. `fields` holds the other columns by key: enum codes, texts, yuan columns in whole fen; null when left
 * empty.
 */
export interface DepartmentRow {
  kind: DepartmentDataKind;
  row: number;
  idNumber: string;
  name: string;
  /** The record's date (结算日期, 申请日期, 发证日期 …), YYYY-MM-DD. */
  on: string;
  amountFen: number | null;
  fields: Record<string, string | number | null>;
}

export type DepartmentRowResult = { ok: true; value: DepartmentRow } | { ok: false; errors: DepartmentRowError[] };

const NAME = /^[\p{Script=Han}A-Za-z·•.\s]{1,30}$/u;
const MAX_TEXT = 100;
/** 1 亿元: larger amounts are typing mistakes. */
const MAX_FEN = 100_000_000 * 100;

export type DateCellResult = { ok: true; date: string } | { ok: false; problem: 'format' | 'no_such_date' };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic, not a Date object: a million-row file checks a million dates. */
function realDate(y: number, m: number, d: number): DateCellResult {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1];
  if (y < 1900 || y > 2199 || days === undefined || d < 1 || d > days) return { ok: false, problem: 'no_such_date' };
  return { ok: true, date: `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` };
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug included); 5 digits = 1927–2173. */
function excelSerialDate(serial: number): DateCellResult {
  const at = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return { ok: true, date: at.toISOString().slice(0, 10) };
}

/**
 * A date cell: YYYY-MM-DD, YYYY/M/D, YYYY.M.D (each optionally followed by a time), YYYY年M月D日, YYYYMMDD, an Excel
 * date cell (a Date, or its serial day number when read without styles). 'no_such_date' when it has a date's shape
 * but no such day exists (2026年13月1日), 'format' for anything else.
 */
export function parseDateCell(cell: DepartmentCell): DateCellResult {
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? { ok: false, problem: 'format' } : realDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  const text = typeof cell === 'number' ? String(cell) : spaced(cell ?? '');
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}(\.\d+)?$/.test(text)) return excelSerialDate(Number(text));
  return { ok: false, problem: 'format' };
}

const PLAIN_AMOUNT = /^\d+(\.\d+)?$/;

/** Yuan as written (1,234.5 / 1234.50元 / ￥1234) → whole fen; null when it is not an amount of at most 2 decimals. */
export function parseYuanCell(cell: DepartmentCell): number | null {
  if (cell instanceof Date) return null;
  const text = typeof cell === 'number' || PLAIN_AMOUNT.test(cell ?? '') ? String(cell)
    : (cell ?? '').replace(/[\s\u3000,，]+/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  if (!PLAIN_AMOUNT.test(text)) return null;
  const fen = Number(text) * 100;
  const whole = Math.round(fen);
  // 2 decimals at most; a spreadsheet's float noise (1234.5600000001) is not a third decimal
  if (Math.abs(fen - whole) > 1e-6 * Math.max(1, whole) || whole > MAX_FEN) return null;
  return whole;
}

/** A space of any kind: most cells have none, and then there is nothing to collapse or trim (a million-row file). */
const SPACE = /[\s\u3000]/;

/** The cell's text, runs of spaces collapsed to one, trimmed. */
function spaced(text: string): string {
  return SPACE.test(text) ? text.replace(/[\s\u3000]+/g, ' ').trim() : text;
}

function cellString(cell: DepartmentCell): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return String(cell);
  return spaced(cell ?? '');
}

/**
 * Checks one data row of a department file on its own and returns it typed, or every problem it has, each naming its
 * column. `today` (YYYY-MM-DD, Beijing) bounds the dates: a record cannot be dated after the day it is imported.
 */
export function validateDepartmentRow(
  kind: DepartmentDataKind, cells: DepartmentCells, rowNumber: number, today: string,
): DepartmentRowResult {
  const errors: DepartmentRowError[] = [];
  const values: Record<string, string | number | null> = {};
  // one closure per row, not per cell: a million-row file spends seconds creating closures
  let header = '';
  const fail = (message: string) => errors.push({ row: rowNumber, column: header, message });
  for (const column of DEPARTMENT_DATA_KINDS[kind].columns) {
    header = column.header;
    const raw = cells[column.key];
    const text = cellString(raw);
    if (!text) {
      if (column.required) fail(`${header}不能为空`);
      values[column.key] = null;
      continue;
    }
    switch (column.type) {
      case 'id': {
        const id = normaliseIdNumber(text.replace(/\s/g, '').replace(/ｘ/gi, 'X'));
        const problem = checkIdNumber(id, today);
        if (problem === 'format') fail(`${header}「${text}」格式不正确：应为 18 位，最后一位可以是数字或 X（请将单元格设为文本格式）`);
        else if (problem === 'birth_date') fail(`${header}中的出生日期 ${id.slice(6, 14)} 不存在或晚于今天`);
        else if (problem === 'checksum') fail(`${header}校验位不正确，请核对号码`);
        else values[column.key] = id;
        break;
      }
      case 'name':
        if (!NAME.test(text)) fail(`${header}「${text}」格式不正确：应为 1–30 个汉字或字母`);
        else values[column.key] = text;
        break;
      case 'date': {
        const parsed = parseDateCell(raw);
        if (!parsed.ok && parsed.problem === 'format') {
          fail(`${header}「${text}」日期格式无法识别：请写成 2026-11-20、2026/11/20、2026.11.20、2026年11月20日 或 20261120`);
        } else if (!parsed.ok) fail(`${header}「${text}」不是存在的日期，请核对年、月、日`);
        else if (parsed.date > today) fail(`${header} ${parsed.date} 晚于今天（${today}），请核对`);
        else values[column.key] = parsed.date;
        break;
      }
      case 'yuan': {
        const fen = parseYuanCell(raw);
        if (fen === null) fail(`${header}「${text}」不是金额：应为不小于 0 的数字（元），最多两位小数`);
        else values[column.key] = fen;
        break;
      }
      case 'enum': {
        const code = column.values?.[text.replace(/\s/g, '').toUpperCase()];
        if (code === undefined) fail(`「${text}」不是可选的${header}，应为：${valueLabels(column).join('、')}`);
        else values[column.key] = code;
        break;
      }
      case 'text':
        if (text.length > MAX_TEXT) fail(`${header}过长：最多 ${MAX_TEXT} 个字`);
        else values[column.key] = text;
        break;
    }
  }
  if (errors.length) return { ok: false, errors };
  const { idNumber, name, on, amount, ...fields } = values;
  return {
    ok: true,
    value: {
      kind, row: rowNumber, idNumber: idNumber as string, name: name as string, on: on as string,
      amountFen: (amount as number | null | undefined) ?? null, fields,
    },
  };
}

/**
 * The record's identity among the records of one person, so that the same record imported again (in a later file, or
 * twice in one) is recognised: the kind, the date and the kind's distinguishing columns (e.g. the amount and the
 * hospital of a bill). The person is not in it: a record is kept under the member it matched, so the key may be
 * stored and carries nothing that identifies anyone.
 */
export function rowKey(row: DepartmentRow): string {
  const { identity } = DEPARTMENT_DATA_KINDS[row.kind];
  let key = `${row.kind}|${row.on}`;
  for (const k of identity) {
    const v = k === 'amount' ? row.amountFen : row.fields[k];
    key += `|${v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' ')}`;
  }
  return key;
}

// ---------------------------------------------------------------------------------------------------------------
// Money and shares as the cadre reads them

const groupThousands = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Whole fen as text: 8,500 元 / 8,500.50 元 below 1 万元, then 3.2 万元 (two decimals at most). */
export function formatFen(fen: number): string {
  if (fen >= 1_000_000) return `${(fen / 1_000_000).toFixed(2).replace(/\.?0+$/, '')} 万元`;
  const yuan = Math.floor(fen / 100);
  const cents = fen % 100;
  return `${groupThousands(String(yuan))}${cents ? `.${String(cents).padStart(2, '0')}` : ''} 元`;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

// ---------------------------------------------------------------------------------------------------------------
// Thresholds: defaults, overridden per region (area path prefix) and year like the policies

export const DepartmentThresholdsSchema = z.strictObject({
  /** Medical self-pay over the last 12 months at or above this (yuan) raises a clue. */
  medicalSelfPayYuan: z.number().int().positive(),
  /** … or at or above this share of the household's yearly income (per-capita income × members). */
  medicalShareOfIncome: z.number().positive().max(10),
  /** A disaster's direct loss at or above this (yuan) raises a clue. */
  disasterLossYuan: z.number().int().positive(),
});
export type DepartmentThresholds = z.infer<typeof DepartmentThresholdsSchema>;

export const DEFAULT_DEPARTMENT_THRESHOLDS: DepartmentThresholds = {
  medicalSelfPayYuan: 10_000,
  medicalShareOfIncome: 0.5,
  disasterLossYuan: 10_000,
};

/** A region's thresholds for a year: the area path ('/qh/qh-al/') covers every area below it. */
export const DepartmentThresholdOverrideSchema = z.strictObject({
  areaPath: z.string().regex(/^\/([^/]+\/)+$/, { error: '地区路径格式不正确' }),
  year: z.number().int().min(2000).max(2199),
  thresholds: DepartmentThresholdsSchema.partial(),
});
export type DepartmentThresholdOverride = z.infer<typeof DepartmentThresholdOverrideSchema>;

/**
 * The thresholds in force for an area and a year: the defaults, then the overrides of that year from the widest
 * region down to the nearest (a county's value wins over its province's, a township's over its county's); a value an
 * override leaves out is inherited. Another year's overrides never apply (as policies: set per year).
 */
export function thresholdsFor(
  overrides: readonly DepartmentThresholdOverride[], areaPath: string, year: number,
): DepartmentThresholds {
  const applying = overrides
    .filter((o) => o.year === year && areaPath.startsWith(o.areaPath))
    .sort((a, b) => a.areaPath.length - b.areaPath.length);
  const out = { ...DEFAULT_DEPARTMENT_THRESHOLDS };
  for (const o of applying) {
    for (const [k, v] of Object.entries(o.thresholds) as [keyof DepartmentThresholds, number | undefined][]) {
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/**
 * The loosest value of each threshold in force anywhere in a year (every threshold is a lower line: the least is the
 * loosest). A record under these lines cannot reach any region's: the import uses them to pass over, in the database,
 * records no rule can hit, and runs the rules with each region's own thresholds on the rest.
 */
export function loosestThresholds(overrides: readonly DepartmentThresholdOverride[], year: number): DepartmentThresholds {
  const out = { ...DEFAULT_DEPARTMENT_THRESHOLDS };
  for (const o of overrides) {
    if (o.year !== year) continue;
    for (const [k, v] of Object.entries(o.thresholds) as [keyof DepartmentThresholds, number | undefined][]) {
      if (v !== undefined) out[k] = Math.min(out[k], v);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The rules

/** A member of the matched household as the rules see it (from the registry). */
export interface RuleMember {
  id: string;
  birthDate: string;
  relation: Relation;
  health: Health;
  disabilityLevel: number | null;
  labour: Labour;
}

/** What the rules read: the new record, the household it matched and the member. */
export interface DepartmentRuleContext {
  row: DepartmentRow;
  category: 'lifted' | 'ordinary';
  /** 上年人均纯收入 as registered; null when not known. */
  incomePerCapitaYuan: number | null;
  /** The household's current members (the matched one included). */
  members: readonly RuleMember[];
  member: RuleMember;
  /**
   * Medical records only: the member's self-pay in the 12-month window ending on the record's date (medicalWindowStart),
   * this record included — this record plus the earlier stored ones (selfPayInWindow sums them).
   */
  medicalSelfPayFen12m?: number;
}

export type RuleFigures = Record<string, string | number>;

export interface DepartmentRule {
  id: string;
  kind: DepartmentDataKind;
  /** Short, for the summary's hits by rule and the clue's title. */
  label: string;
  riskTypes: RiskType[];
  /** When and why the rule raises a clue, with the thresholds in force: shown to the cadre with the clue. */
  explanation(t: DepartmentThresholds): string;
  /** null when the record raises nothing; otherwise the figures and the sentence saying what was found. */
  evaluate(ctx: DepartmentRuleContext, t: DepartmentThresholds): { figures: RuleFigures; summary: string } | null;
}

export interface DepartmentRuleHit {
  ruleId: string;
  kind: DepartmentDataKind;
  label: string;
  explanation: string;
  riskTypes: RiskType[];
  figures: RuleFigures;
  summary: string;
}

export const MEDICAL_WINDOW_MONTHS = 12;

/** The first day of the 12-month window that ends on `on` (both included): 2026-11-20 → 2025-11-21. */
export function medicalWindowStart(on: string): string {
  return dayjs.utc(on).subtract(MEDICAL_WINDOW_MONTHS, 'month').add(1, 'day').format('YYYY-MM-DD');
}

/** This record's self-pay plus the member's earlier records within its 12-month window (later ones do not count). */
export function selfPayInWindow(row: DepartmentRow, earlier: readonly { on: string; amountFen: number }[]): number {
  const from = medicalWindowStart(row.on);
  return earlier.reduce((sum, r) => (r.on >= from && r.on <= row.on ? sum + r.amountFen : sum), row.amountFen ?? 0);
}

/** Compulsory education (义务教育): ages 6 to 15 on the record's date. */
export const COMPULSORY_AGE = { from: 6, to: 15 } as const;
/** Working age, the proxy for "the household's main earner": 16 or over and under 60 on the record's date. */
export const WORKING_AGE = { from: 16, below: 60 } as const;
const WITH_LABOUR: readonly Labour[] = ['skilled', 'ordinary', 'weak'];

const who = (m: RuleMember) => `家庭成员（${RELATION_LABELS[m.relation]}）`;
const fieldLabel = (kind: DepartmentDataKind, key: string, code: string | number | null) => {
  const column = columnOf(kind, key);
  return column && code !== null ? valueLabel(column, String(code)) : '';
};
const passed = (value: number, line: number) => (value > line ? '超过' : '达到');

export const DEPARTMENT_RULES: readonly DepartmentRule[] = [
  {
    id: 'medical_self_pay',
    kind: 'medical',
    label: '医疗费用个人自付过高',
    riskTypes: ['illness'],
    explanation: (t) => `医保报销后，本人近${MEDICAL_WINDOW_MONTHS}个月个人自付的医疗费用累计达到 ${formatFen(t.medicalSelfPayYuan * 100)}，`
      + `或达到全家年收入（上年人均纯收入 × 家庭人口）的 ${percent(t.medicalShareOfIncome)} 时预警：`
      + '医疗支出可能使这户因病致贫返贫，请入户核实家庭收入和医疗支出情况。',
    evaluate: (ctx, t) => {
      const sum = ctx.medicalSelfPayFen12m;
      if (sum === undefined) throw new Error('medicalSelfPayFen12m is required to evaluate a medical record');
      const line = t.medicalSelfPayYuan * 100;
      const people = Math.max(1, ctx.members.length);
      // an income not registered (or 0, which in the registry means not filled in) cannot give a share
      const incomeFen = ctx.incomePerCapitaYuan !== null && ctx.incomePerCapitaYuan > 0 ? ctx.incomePerCapitaYuan * 100 * people : null;
      const shareLine = incomeFen === null ? null : Math.round(t.medicalShareOfIncome * incomeFen);
      const overLine = sum >= line;
      const overShare = shareLine !== null && sum > 0 && sum >= shareLine;
      if (!overLine && !overShare) return null;
      const thisOne = ctx.row.amountFen ?? 0;
      const parts = [`近${MEDICAL_WINDOW_MONTHS}个月医保报销后个人自付医疗费用累计 ${formatFen(sum)}`
        + (sum !== thisOne ? `（其中本次 ${formatFen(thisOne)}）` : '')];
      if (overLine) parts.push(`${passed(sum, line)} ${formatFen(line)}的预警线`);
      if (overShare) {
        parts.push(`占全家年收入 ${formatFen(incomeFen!)}（人均 ${formatFen(ctx.incomePerCapitaYuan! * 100)} × ${people} 人）的 `
          + `${percent(sum / incomeFen!)}，${passed(sum, shareLine!)} ${percent(t.medicalShareOfIncome)} 的预警线`);
      }
      return {
        figures: {
          本次个人自付: formatFen(thisOne),
          [`近${MEDICAL_WINDOW_MONTHS}个月个人自付累计`]: formatFen(sum),
          预警线: formatFen(line),
          全家年收入: incomeFen === null ? '未登记' : formatFen(incomeFen),
          占全家年收入: incomeFen === null ? '—' : percent(sum / incomeFen),
        },
        summary: parts.join('，'),
      };
    },
  },
  {
    id: 'social_assistance_application',
    kind: 'social_assistance',
    label: '新申请低保或特困供养',
    riskTypes: ['other'],
    explanation: () => '民政部门受理了这户成员新的最低生活保障（低保）或特困人员救助供养申请：家庭可能收入低、生活困难，'
      + '无论申请是否获批，都请入户核实是否存在致贫返贫风险。',
    evaluate: (ctx) => {
      const { assistance, status } = ctx.row.fields;
      if (assistance !== 'low_income' && assistance !== 'extreme_poverty') return null;
      const kindLabel = assistance === 'low_income' ? '低保' : '特困供养';
      const statusLabel = status ? fieldLabel('social_assistance', 'status', status) : '';
      return {
        figures: { 救助类别: kindLabel, 申请日期: ctx.row.on, 办理状态: statusLabel || '未注明' },
        summary: `${who(ctx.member)}于 ${ctx.row.on} 申请${kindLabel}${statusLabel ? `（${statusLabel}）` : ''}`,
      };
    },
  },
  {
    id: 'disability_new',
    kind: 'disability',
    label: '新增重度残疾或脱贫户新增残疾',
    riskTypes: ['disability'],
    explanation: () => '残联新办理了残疾证：一级、二级（重度）残疾，或脱贫户家庭成员任何等级的残疾即预警：'
      + '残疾可能增加家庭支出、减少劳动力，请入户核实。',
    evaluate: (ctx) => {
      const grade = Number(ctx.row.fields.grade);
      const lifted = ctx.category === 'lifted';
      if (!(grade <= 2 || lifted)) return null;
      const type = fieldLabel('disability', 'disabilityType', ctx.row.fields.disabilityType);
      const gradeLabel = fieldLabel('disability', 'grade', ctx.row.fields.grade);
      return {
        figures: { 残疾类别: type, 残疾等级: gradeLabel, 户类型: lifted ? '脱贫户' : '一般农户', 发证日期: ctx.row.on },
        summary: `${who(ctx.member)}于 ${ctx.row.on} 新办残疾证：${type}${gradeLabel}`
          + (grade <= 2 ? '（重度残疾）' : '') + (lifted ? '，该户为脱贫户' : ''),
      };
    },
  },
  {
    id: 'housing_unsafe',
    kind: 'housing',
    label: '住房鉴定为C级或D级危房',
    riskTypes: ['housing_safety'],
    explanation: () => '住建部门鉴定这户的房屋为C级（局部危险）或D级（整体危险）危房：住房安全没有保障，'
      + '请入户核实居住情况，按规定纳入危房改造等帮扶。',
    evaluate: (ctx) => {
      const rating = ctx.row.fields.rating;
      if (rating !== 'C' && rating !== 'D') return null;
      const meaning = rating === 'C' ? '局部危险' : '整体危险';
      return {
        figures: { 鉴定等级: `${rating}级`, 鉴定日期: ctx.row.on },
        summary: `房屋于 ${ctx.row.on} 被鉴定为${rating}级危房（${meaning}）`,
      };
    },
  },
  {
    id: 'education_out_of_school',
    kind: 'education',
    label: '义务教育适龄儿童失学辍学',
    riskTypes: ['education'],
    explanation: () => `教育部门登记这户 ${COMPULSORY_AGE.from} 至 ${COMPULSORY_AGE.to} 周岁的义务教育适龄儿童辍学或未入学：`
      + '义务教育没有保障，请入户核实原因，配合学校劝返复学。',
    evaluate: (ctx) => {
      const status = ctx.row.fields.status;
      if (status !== 'dropped_out' && status !== 'not_enrolled') return null;
      const age = ageOn(ctx.member.birthDate, ctx.row.on);
      if (age < COMPULSORY_AGE.from || age > COMPULSORY_AGE.to) return null;
      const statusLabel = fieldLabel('education', 'status', status);
      const school = ctx.row.fields.school;
      return {
        figures: { 登记时年龄: `${age} 周岁`, 在校状态: statusLabel, 学校: school ? String(school) : '未注明', 登记日期: ctx.row.on },
        summary: `${who(ctx.member)}（登记时 ${age} 周岁）于 ${ctx.row.on} 被登记为${statusLabel}${school ? `（${school}）` : ''}`,
      };
    },
  },
  {
    id: 'accident_serious',
    kind: 'accident',
    label: '劳动力成员交通事故重伤或死亡',
    riskTypes: ['traffic_accident'],
    explanation: () => '交警部门记录这户有劳动能力的成员（技能、普通或弱劳动力）在交通事故中重伤或死亡：'
      + '家庭可能失去收入来源、增加医疗支出，请入户核实。',
    evaluate: (ctx) => {
      const injury = ctx.row.fields.injury;
      if ((injury !== 'serious' && injury !== 'death') || !WITH_LABOUR.includes(ctx.member.labour)) return null;
      const injuryLabel = fieldLabel('accident', 'injury', injury);
      const labour = LABOUR_LABELS[ctx.member.labour];
      return {
        figures: { 伤亡情况: injuryLabel, 劳动技能: labour, 事故日期: ctx.row.on },
        summary: `${who(ctx.member)}（${labour}）于 ${ctx.row.on} 在交通事故中${injuryLabel}`,
      };
    },
  },
  {
    id: 'job_loss_earner',
    kind: 'job_loss',
    label: '主要劳动力失业',
    riskTypes: ['unstable_employment'],
    explanation: () => `人社部门登记这户成员失业，且该成员 ${WORKING_AGE.from} 周岁以上、不满 ${WORKING_AGE.below} 周岁，`
      + '有劳动能力（技能、普通或弱劳动力）即预警。户籍信息里没有各成员的收入，系统以此近似判断为家庭的主要劳动力；'
      + '务工收入可能中断，请入户核实家庭收入变化。',
    evaluate: (ctx) => {
      const age = ageOn(ctx.member.birthDate, ctx.row.on);
      if (!WITH_LABOUR.includes(ctx.member.labour) || age < WORKING_AGE.from || age >= WORKING_AGE.below) return null;
      const others = ctx.members.filter((m) => m.id !== ctx.member.id && WITH_LABOUR.includes(m.labour)).length;
      const labour = LABOUR_LABELS[ctx.member.labour];
      return {
        figures: { 失业时年龄: `${age} 周岁`, 劳动技能: labour, 家中其他有劳动能力成员: others, 失业日期: ctx.row.on },
        summary: `${who(ctx.member)}（${labour}，${age} 周岁）于 ${ctx.row.on} 登记失业，`
          + (others ? `家中另有 ${others} 名有劳动能力的成员` : '家中没有其他有劳动能力的成员'),
      };
    },
  },
  {
    id: 'disaster_loss',
    kind: 'disaster',
    label: '灾害直接经济损失较大',
    riskTypes: ['disaster'],
    explanation: (t) => `应急管理部门登记这户受灾，直接经济损失达到 ${formatFen(t.disasterLossYuan * 100)} 即预警：`
      + '灾害可能使这户因灾致贫返贫，请入户核实损失和基本生活情况。',
    evaluate: (ctx, t) => {
      const loss = ctx.row.amountFen ?? 0;
      const line = t.disasterLossYuan * 100;
      if (loss < line) return null;
      const type = fieldLabel('disaster', 'disasterType', ctx.row.fields.disasterType);
      return {
        figures: { 灾害种类: type, 直接经济损失: formatFen(loss), 预警线: formatFen(line), 受灾日期: ctx.row.on },
        summary: `${ctx.row.on} 受${type}灾害，直接经济损失 ${formatFen(loss)}，${passed(loss, line)} ${formatFen(line)}的预警线`,
      };
    },
  },
];

/** The rules of one kind, in order (the import summary lists each, with 0 hits too). */
export function departmentRulesOf(kind: DepartmentDataKind): DepartmentRule[] {
  return DEPARTMENT_RULES.filter((r) => r.kind === kind);
}

/** Every rule of the kind that the record in `ctx` meets, with the explanation and figures for its clue. */
export function evaluateRules(kind: DepartmentDataKind, ctx: DepartmentRuleContext, thresholds: DepartmentThresholds): DepartmentRuleHit[] {
  if (ctx.row.kind !== kind) throw new Error(`a ${ctx.row.kind} record evaluated with the ${kind} rules`);
  const hits: DepartmentRuleHit[] = [];
  for (const rule of departmentRulesOf(kind)) {
    const found = rule.evaluate(ctx, thresholds);
    if (found) {
      hits.push({
        ruleId: rule.id, kind, label: rule.label, explanation: rule.explanation(thresholds), riskTypes: [...rule.riskTypes],
        figures: found.figures, summary: found.summary,
      });
    }
  }
  return hits;
}

/** The clue's description: what was found, then why it matters (within the clue's 1000 characters). */
export function hitDescription(department: string, hit: DepartmentRuleHit): string {
  return `【${department}·${hit.label}】${hit.summary}。${hit.explanation}`.slice(0, 1000);
}
