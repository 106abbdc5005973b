/**
 * Importing households and members from the county's spreadsheets (.xlsx / .csv, one row per member, Chinese
 * headers as in the national system's exports). The column list, the value maps and the check of one row live
 * here, pure, so the importer, the template and the client's help text all use the same definitions.
 * Checks that need other rows or the registry (one ID in two households, the areas, the head) are the importer's.
 */
import type { z } from 'zod';
import type { HealthSchema, LabourSchema, RelationSchema, SchoolingSchema } from '../contracts/household';
import { birthDateOf, checkIdNumber, genderOf, normaliseIdNumber } from './id-number';

type Health = z.infer<typeof HealthSchema>;
type Labour = z.infer<typeof LabourSchema>;
type Relation = z.infer<typeof RelationSchema>;
type Schooling = z.infer<typeof SchoolingSchema>;

/** The columns in template order. `required: false` columns may be left out of the file entirely. */
export const IMPORT_COLUMNS = [
  { key: 'householdNumber', header: '户编号', required: true },
  { key: 'headName', header: '户主姓名', required: true },
  { key: 'name', header: '成员姓名', required: true },
  { key: 'idNumber', header: '证件号码', required: true },
  { key: 'relation', header: '与户主关系', required: true },
  { key: 'gender', header: '性别', required: true },
  { key: 'health', header: '健康状况', required: true },
  { key: 'disabilityLevel', header: '残疾等级', required: false },
  { key: 'labour', header: '劳动技能', required: true },
  { key: 'schooling', header: '在校生情况', required: true },
  { key: 'county', header: '县', required: true },
  { key: 'township', header: '乡镇', required: true },
  { key: 'village', header: '村', required: true },
  { key: 'group', header: '组', required: true },
  { key: 'category', header: '户类型', required: true },
  { key: 'liftedYear', header: '脱贫年度', required: false },
  { key: 'lowIncome', header: '是否低保', required: true },
  { key: 'extremePoverty', header: '是否特困', required: true },
  { key: 'phone', header: '联系电话', required: false },
  { key: 'income', header: '上年人均纯收入', required: false },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export type ImportColumnHeader = (typeof IMPORT_COLUMNS)[number]['header'];
export const IMPORT_HEADERS: readonly ImportColumnHeader[] = IMPORT_COLUMNS.map((c) => c.header);
export const HEADER_OF = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.header])) as Record<ImportColumnKey, ImportColumnHeader>;

/** Accepted spellings of each enumerated value, as they appear in the county's files. */
export const RELATION_VALUES: Record<string, Relation> = {
  户主: 'head', 本人: 'head',
  配偶: 'spouse', 妻子: 'spouse', 丈夫: 'spouse',
  之子: 'child', 之女: 'child', 子女: 'child', 儿子: 'child', 女儿: 'child', 长子: 'child', 次子: 'child', 长女: 'child', 次女: 'child',
  父母: 'parent', 之父: 'parent', 之母: 'parent', 父亲: 'parent', 母亲: 'parent',
  孙子: 'grandchild', 孙女: 'grandchild', 之孙子: 'grandchild', 之孙女: 'grandchild', 孙辈: 'grandchild', 外孙子: 'grandchild', 外孙女: 'grandchild',
  兄弟姐妹: 'sibling', 兄弟: 'sibling', 姐妹: 'sibling', 之兄弟姐妹: 'sibling',
  其他: 'other', 之儿媳: 'other', 儿媳: 'other', 之女婿: 'other', 女婿: 'other', 祖父母: 'other', 其他亲属: 'other',
};
export const HEALTH_VALUES: Record<string, Health> = {
  健康: 'healthy', 长期慢性病: 'chronic', 慢性病: 'chronic', 患有大病: 'serious', 大病: 'serious', 残疾: 'disabled',
};
export const LABOUR_VALUES: Record<string, Labour> = {
  技能劳动力: 'skilled', 普通劳动力: 'ordinary', 弱劳动力或半劳动力: 'weak', 弱劳动力: 'weak', 半劳动力: 'weak',
  丧失劳动力: 'lost', 无劳动力: 'none',
};
export const SCHOOLING_VALUES: Record<string, Schooling> = {
  非在校生: 'none', 无: 'none', 学前教育: 'preschool', 学前: 'preschool', 小学: 'primary', 初中: 'junior',
  高中: 'senior', 普通高中: 'senior', 中职: 'vocational', 中等职业教育: 'vocational', 高职: 'college',
  大专及以上: 'college', 大专: 'college', 本科: 'college', 本科及以上: 'college', 研究生: 'college',
};
export const CATEGORY_VALUES: Record<string, 'lifted' | 'ordinary'> = { 脱贫户: 'lifted', 一般农户: 'ordinary' };
export const YES_NO_VALUES: Record<string, boolean> = { 是: true, 否: false };
export const GENDER_VALUES: Record<string, 'male' | 'female'> = { 男: 'male', 女: 'female' };
export const DISABILITY_VALUES: Record<string, number> = {
  '1': 1, '2': 2, '3': 3, '4': 4, 一级: 1, 二级: 2, 三级: 3, 四级: 4, 一: 1, 二: 2, 三: 3, 四: 4,
};

/** For the help text: the values each enumerated column accepts (first spelling of each value first). */
export const IMPORT_VALUE_HELP: Partial<Record<ImportColumnHeader, string[]>> = {
  与户主关系: Object.keys(RELATION_VALUES),
  性别: Object.keys(GENDER_VALUES),
  健康状况: Object.keys(HEALTH_VALUES),
  残疾等级: ['一级', '二级', '三级', '四级'],
  劳动技能: Object.keys(LABOUR_VALUES),
  在校生情况: Object.keys(SCHOOLING_VALUES),
  户类型: Object.keys(CATEGORY_VALUES),
  是否低保: Object.keys(YES_NO_VALUES),
  是否特困: Object.keys(YES_NO_VALUES),
};

/** One problem with one cell (or a whole row when `column` is null). `row` counts as in the file: header = 1. */
export interface ImportRowError {
  row: number;
  column: ImportColumnHeader | null;
  reason: string;
}

/** A member row that passed every check of its own. `idNumber` and `phone` are plain: encrypt before storing. */
export interface ImportRow {
  row: number;
  householdNumber: string;
  headName: string;
  name: string;
  idNumber: string;
  relation: Relation;
  gender: 'male' | 'female';
  birthDate: string;
  health: Health;
  disabilityLevel: number | null;
  labour: Labour;
  schooling: Schooling;
  county: string;
  township: string;
  village: string;
  group: string;
  category: 'lifted' | 'ordinary';
  liftedYear: number | null;
  lowIncome: boolean;
  extremePoverty: boolean;
  phone: string | null;
  incomePerCapitaYuan: number | null;
}

/** Where each column is in the file (0-based cell index), or the headers that are missing. */
export type HeaderCheck =
  | { ok: true; index: Partial<Record<ImportColumnKey, number>> }
  | { ok: false; missing: ImportColumnHeader[]; duplicated: ImportColumnHeader[] };

/** Headers match after trimming spaces (also full-width) and a trailing '*' that marks required columns in templates. */
function normaliseHeader(cell: string): string {
  return cell.replace(/[\s\u3000]+/g, '').replace(/[*＊]$/, '');
}

export function checkHeader(cells: readonly string[]): HeaderCheck {
  const index: Partial<Record<ImportColumnKey, number>> = {};
  const duplicated: ImportColumnHeader[] = [];
  const names = cells.map(normaliseHeader);
  for (const c of IMPORT_COLUMNS) {
    const at = names.indexOf(c.header);
    if (at < 0) continue;
    if (names.indexOf(c.header, at + 1) >= 0) duplicated.push(c.header);
    index[c.key] = at;
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && index[c.key] === undefined).map((c) => c.header);
  return missing.length || duplicated.length ? { ok: false, missing, duplicated } : { ok: true, index };
}

/** The Chinese sentence for a refused header. */
export function headerProblemText(check: Extract<HeaderCheck, { ok: false }>): string {
  const parts: string[] = [];
  if (check.missing.length) parts.push(`缺少这些列：${check.missing.join('、')}`);
  if (check.duplicated.length) parts.push(`这些列出现了不止一次：${check.duplicated.join('、')}`);
  return `文件表头不正确，${parts.join('；')}。第 1 行应为表头，请使用导入模板。整个文件未导入。`;
}

/** The cells of one data row by column key, as text (trimmed by the validator). */
export type RawImportRow = Partial<Record<ImportColumnKey, string>>;

export function rowCells(cells: readonly string[], index: Partial<Record<ImportColumnKey, number>>): RawImportRow {
  const out: RawImportRow = {};
  for (const c of IMPORT_COLUMNS) {
    const at = index[c.key];
    if (at !== undefined) out[c.key] = cells[at] ?? '';
  }
  return out;
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

const NAME = /^[\p{Script=Han}A-Za-z·•.\s]{1,30}$/u;
const HOUSEHOLD_NUMBER = /^[0-9A-Za-z-]{4,40}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/**
 * Checks one member row on its own and returns it typed, or every problem it has. `today` (YYYY-MM-DD, Beijing)
 * bounds birth dates and years. The birth date and gender come from the ID number; the 性别 column must agree.
 */
export function validateImportRow(
  raw: RawImportRow, row: number, today: string,
): { ok: true; value: ImportRow } | { ok: false; errors: ImportRowError[] } {
  const errors: ImportRowError[] = [];
  const fail = (key: ImportColumnKey, reason: string) => errors.push({ row, column: HEADER_OF[key], reason });
  const text = (key: ImportColumnKey) => (raw[key] ?? '').replace(/[\s\u3000]+/g, ' ').trim();
  const required = (key: ImportColumnKey): string | null => {
    const v = text(key);
    if (!v) {
      fail(key, `${HEADER_OF[key]}不能为空`);
      return null;
    }
    return v;
  };
  const choice = <T>(key: ImportColumnKey, map: Record<string, T>): T | null => {
    const v = required(key);
    if (v === null) return null;
    const found = map[v.replace(/\s/g, '')];
    if (found === undefined) {
      const allowed = Object.keys(map).slice(0, 8).join('、');
      fail(key, `「${v}」不是可选的${HEADER_OF[key]}，应为：${allowed}${Object.keys(map).length > 8 ? ' 等' : ''}`);
      return null;
    }
    return found;
  };
  const person = (key: 'name' | 'headName'): string | null => {
    const v = required(key);
    if (v !== null && !NAME.test(v)) {
      fail(key, `${HEADER_OF[key]}「${v}」格式不正确：应为 1–30 个汉字或字母`);
      return null;
    }
    return v;
  };

  const householdNumber = required('householdNumber');
  if (householdNumber !== null && !HOUSEHOLD_NUMBER.test(householdNumber)) {
    fail('householdNumber', `户编号「${householdNumber}」格式不正确：应为 4–40 位数字或字母`);
  }
  const headName = person('headName');
  const name = person('name');

  let idNumber: string | null = null;
  const idRaw = required('idNumber');
  if (idRaw !== null) {
    const id = normaliseIdNumber(idRaw.replace(/\s/g, '').replace(/ｘ/gi, 'X'));
    const problem = checkIdNumber(id, today);
    if (problem === 'format') fail('idNumber', '证件号码格式不正确：应为 18 位，最后一位可以是数字或 X（请将单元格设为文本格式）');
    else if (problem === 'birth_date') fail('idNumber', `证件号码中的出生日期 ${id.slice(6, 14)} 不存在或晚于今天`);
    else if (problem === 'checksum') fail('idNumber', '证件号码校验位不正确，请核对号码');
    else idNumber = id;
  }

  const relation = choice('relation', RELATION_VALUES);
  if (relation === 'head' && name !== null && headName !== null && name !== headName) {
    fail('headName', `户主行的成员姓名「${name}」与户主姓名「${headName}」不一致`);
  }
  const gender = choice('gender', GENDER_VALUES);
  if (gender !== null && idNumber !== null && genderOf(idNumber) !== gender) {
    fail('gender', `性别与证件号码不符（证件号码为${genderOf(idNumber) === 'male' ? '男' : '女'}性）`);
  }
  const health = choice('health', HEALTH_VALUES);
  let disabilityLevel: number | null = null;
  const level = text('disabilityLevel');
  if (level) {
    disabilityLevel = DISABILITY_VALUES[level.replace(/\s/g, '')] ?? null;
    if (disabilityLevel === null) fail('disabilityLevel', `「${level}」不是可选的残疾等级，应为：一级、二级、三级、四级`);
  } else if (health === 'disabled') {
    fail('disabilityLevel', '健康状况为残疾时，残疾等级不能为空');
  }
  const labour = choice('labour', LABOUR_VALUES);
  const schooling = choice('schooling', SCHOOLING_VALUES);
  const county = required('county');
  const township = required('township');
  const village = required('village');
  const group = required('group');
  const category = choice('category', CATEGORY_VALUES);

  let liftedYear: number | null = null;
  const yearText = text('liftedYear');
  const thisYear = Number(today.slice(0, 4));
  if (yearText) {
    const y = /^\d{4}(年|\.0)?$/.test(yearText) ? Number(yearText.slice(0, 4)) : NaN;
    if (!(y >= 2013 && y <= thisYear)) fail('liftedYear', `脱贫年度「${yearText}」格式不正确：应为 2013–${thisYear} 之间的年份`);
    else if (category === 'ordinary') fail('liftedYear', '一般农户不应填写脱贫年度');
    else liftedYear = y;
  } else if (category === 'lifted') {
    fail('liftedYear', '脱贫户的脱贫年度不能为空');
  }
  const lowIncome = choice('lowIncome', YES_NO_VALUES);
  const extremePoverty = choice('extremePoverty', YES_NO_VALUES);

  let phone: string | null = null;
  const phoneText = text('phone').replace(/[\s()（）]/g, '');
  if (phoneText) {
    if (MOBILE.test(phoneText) || LANDLINE.test(phoneText)) phone = phoneText;
    else fail('phone', `联系电话「${phoneText}」格式不正确：应为 11 位手机号或带区号的固定电话`);
  }

  let incomePerCapitaYuan: number | null = null;
  const incomeText = text('income').replace(/[,，]/g, '').replace(/元$/, '');
  if (incomeText) {
    const n = /^\d+(\.\d+)?$/.test(incomeText) ? Number(incomeText) : NaN;
    if (!(n >= 0 && n < 10_000_000)) fail('income', `上年人均纯收入「${incomeText}」格式不正确：应为不小于 0 的金额（元）`);
    else incomePerCapitaYuan = Math.round(n);
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      row, householdNumber: householdNumber!, headName: headName!, name: name!, idNumber: idNumber!, relation: relation!,
      gender: gender!, birthDate: birthDateOf(idNumber!), health: health!, disabilityLevel, labour: labour!,
      schooling: schooling!, county: county!, township: township!, village: village!, group: group!,
      category: category!, liftedYear, lowIncome: lowIncome!, extremePoverty: extremePoverty!, phone, incomePerCapitaYuan,
    },
  };
}

/** The import template as CSV text: UTF-8 with a BOM (so Excel opens it as UTF-8), the header row only. */
export function importTemplateCsv(): string {
  return `\uFEFF${IMPORT_HEADERS.join(',')}\r\n`;
}

/** Web (API) uploads are limited: the base64 text must fit a Lambda request (6 MB) with room to spare. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
export const MAX_UPLOAD_BASE64_CHARS = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;
