import ExcelJS from 'exceljs';
import { IMPORT_HEADERS, type ImportColumnHeader } from '@shared/domain/household-import';
import { birthDate, mobile, rng, syntheticIdNumber } from '../../functions/src/seed/synthetic';

/** Spreadsheets for the import tests: rows by Chinese header, written as .xlsx (exceljs) or .csv. */
export type SheetRecord = Partial<Record<ImportColumnHeader, string>>;

const r = rng(7);
const taken = new Set<string>();

/** A valid synthetic ID number for someone of that age and gender (region 610581: none of the demo county's seeded people). */
export function newIdNumber(age = 40, gender: 'male' | 'female' = 'male'): string {
  return syntheticIdNumber(r, '610581', birthDate(r, age, 2026), gender, taken);
}

export function newMobile(): string {
  return mobile(r);
}

/** A valid member row in 清河县 安乐镇 红星村 一组; override any column. */
export function memberRow(householdNumber: string, headName: string, over: SheetRecord = {}): SheetRecord {
  const gender = over.性别 === '女' ? 'female' : 'male';
  return {
    户编号: householdNumber, 户主姓名: headName, 成员姓名: headName, 证件号码: newIdNumber(40, gender), 与户主关系: '户主', 性别: '男',
    健康状况: '健康', 残疾等级: '', 劳动技能: '普通劳动力', 在校生情况: '非在校生', 县: '清河县', 乡镇: '安乐镇', 村: '红星村',
    组: '一组', 户类型: '一般农户', 脱贫年度: '', 是否低保: '否', 是否特困: '否', 联系电话: '', 上年人均纯收入: '8200',
    ...over,
  };
}

/** A household: the head and `extra` members (spouse, a daughter …). */
export function household(number: string, headName: string, extra: SheetRecord[] = []): SheetRecord[] {
  return [
    memberRow(number, headName, { 联系电话: newMobile() }),
    ...extra.map((e) => memberRow(number, headName, { 与户主关系: '配偶', 性别: '女', 成员姓名: '李秀英', ...e })),
  ];
}

export function table(records: SheetRecord[], headers: readonly string[] = IMPORT_HEADERS): string[][] {
  return [[...headers], ...records.map((rec) => headers.map((h) => rec[h as ImportColumnHeader] ?? ''))];
}

export async function xlsxBuffer(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('农户');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csvText(rows: string[][]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
