/**
 * 部门筛查预警: the departments' monthly files (医保, 民政, 残联, 住建, 教育, 交警, 人社, 应急), pure. Which columns each
 * kind of file has (the header → key mapping is this data, not code), the template, the check of one row, the
 * record's identity for dedup, and the rules that turn a matched record into a risk clue with the sentence the
 * village cadre reads. Matching against the registry, the 12-month sums and the clues are the importer's.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { z } from 'zod';
import type { RiskType } from '../contracts/common';
import type { DepartmentDataKind } from '../contracts/department-imports';
import type { HealthSchema, LabourSchema, RelationSchema } from '../contracts/household';
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

function realDate(y: number, m: number, d: number): DateCellResult {
  const at = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2199 || at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d) {
    return { ok: false, problem: 'no_such_date' };
  }
  return { ok: true, date: at.toISOString().slice(0, 10) };
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
  const text = typeof cell === 'number' ? String(cell) : (cell ?? '').replace(/[\s\u3000]+/g, ' ').trim();
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}(\.\d+)?$/.test(text)) return excelSerialDate(Number(text));
  return { ok: false, problem: 'format' };
}

/** Yuan as written (1,234.5 / 1234.50元 / ￥1234) → whole fen; null when it is not an amount of at most 2 decimals. */
export function parseYuanCell(cell: DepartmentCell): number | null {
  if (cell instanceof Date) return null;
  const text = typeof cell === 'number' ? String(cell) : (cell ?? '').replace(/[\s\u3000,，]+/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const fen = Number(text) * 100;
  const whole = Math.round(fen);
  // 2 decimals at most; a spreadsheet's float noise (1234.5600000001) is not a third decimal
  if (Math.abs(fen - whole) > 1e-6 * Math.max(1, whole) || whole > MAX_FEN) return null;
  return whole;
}

function cellString(cell: DepartmentCell): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return String(cell);
  return (cell ?? '').replace(/[\s\u3000]+/g, ' ').trim();
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
  for (const column of DEPARTMENT_DATA_KINDS[kind].columns) {
    const { header } = column;
    const fail = (message: string) => errors.push({ row: rowNumber, column: header, message });
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
 * The record's identity, so that the same record imported again (in a later file, or twice in one) is recognised:
 * the kind, the person, the date and the kind's distinguishing columns (e.g. the amount and the hospital of a bill).
 * The person is `idHash`, the keyed hash of the ID number (DataProtector.lookupHash), never the plain number, so the
 * key may be stored.
 */
export function rowKey(row: DepartmentRow, idHash: string): string {
  const { identity } = DEPARTMENT_DATA_KINDS[row.kind];
  const parts = identity.map((key) => {
    const v = key === 'amount' ? row.amountFen : row.fields[key];
    return v === null || v === undefined ? '' : String(v).replace(/\s+/g, ' ');
  });
  return [row.kind, idHash, row.on, ...parts].join('|');
}
