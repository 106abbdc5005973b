import {
  DEPARTMENT_DATA_KIND_LABELS, DEPARTMENT_DATA_KIND_LIST, DEPARTMENT_DATA_KINDS, departmentHeaderProblemText,
  departmentRowCells, departmentTemplate, kindsOfDepartment, mapHeader, parseDateCell, parseYuanCell, rowKey,
  validateDepartmentRow, valueLabel, type DepartmentCells, type DepartmentDataKind, type DepartmentRow,
} from '@shared/domain/department-data';
import { DepartmentDataKindSchema } from '@shared/contracts/department-imports';
import { idCheckChar } from '@shared/domain/id-number';

const TODAY = '2026-11-20';
const id = (first17: string) => first17 + idCheckChar(first17);
const ADULT = id('61052819800101001');
const BAD_CHECKSUM = ADULT.slice(0, 17) + (ADULT[17] === '0' ? '1' : '0');

/** The template's sample row read back as the importer would: header mapped, cells picked by position. */
function templateRow(kind: DepartmentDataKind): DepartmentCells {
  const [headers, sample] = departmentTemplate(kind);
  const check = mapHeader(kind, headers);
  if (!check.ok) throw new Error(`template header of ${kind} refused: ${JSON.stringify(check)}`);
  return departmentRowCells(kind, sample, check.index);
}

function medical(cells: DepartmentCells = {}): DepartmentCells {
  return { idNumber: ADULT, name: '王大山', on: '2026-10-15', hospital: '清河县人民医院', amount: '32000', ...cells };
}

function valid(kind: DepartmentDataKind, cells: DepartmentCells): DepartmentRow {
  const res = validateDepartmentRow(kind, cells, 2, TODAY);
  if (!res.ok) throw new Error(JSON.stringify(res.errors));
  return res.value;
}

describe('the kinds', () => {
  test('every kind of the contract has its department, label and the person and date columns', () => {
    expect(DEPARTMENT_DATA_KIND_LIST).toEqual(DepartmentDataKindSchema.options);
    for (const kind of DEPARTMENT_DATA_KIND_LIST) {
      const def = DEPARTMENT_DATA_KINDS[kind];
      expect(def.department).toMatch(/局|联|大队/);
      expect(DEPARTMENT_DATA_KIND_LABELS[kind]).toBe(def.label);
      const required = def.columns.filter((c) => c.required).map((c) => [c.key, c.type]);
      expect(required).toEqual(expect.arrayContaining([['idNumber', 'id'], ['name', 'name'], ['on', 'date']]));
      for (const key of def.identity) expect(def.columns.map((c) => c.key)).toContain(key);
    }
    expect(kindsOfDepartment('医保局')).toEqual(['medical']);
    expect(kindsOfDepartment('残联')).toEqual(['disability']);
    expect(kindsOfDepartment('卫健委')).toEqual([]);
  });

  test('an enum value\'s label is its first word spelling, also for 残疾等级 whose digits enumerate first', () => {
    const grade = DEPARTMENT_DATA_KINDS.disability.columns.find((c) => c.key === 'grade')!;
    expect(valueLabel(grade, '2')).toBe('二级');
    const rating = DEPARTMENT_DATA_KINDS.housing.columns.find((c) => c.key === 'rating')!;
    expect(valueLabel(rating, 'C')).toBe('C级');
  });

  test.each(DEPARTMENT_DATA_KIND_LIST)('the %s template: headers map back, its synthetic sample row validates', (kind) => {
    const [headers, sample] = departmentTemplate(kind);
    expect(headers).toHaveLength(DEPARTMENT_DATA_KINDS[kind].columns.length);
    expect(sample).toHaveLength(headers.length);
    const row = valid(kind, templateRow(kind));
    expect(row.kind).toBe(kind);
    expect(row.idNumber).toMatch(/^110101/);
    expect(row.on).toBe('2026-10-15');
  });

  test('yuan columns say their unit in the template and money becomes whole fen', () => {
    expect(departmentTemplate('medical')[0]).toContain('个人自付金额（元）');
    const row = valid('medical', templateRow('medical'));
    expect(row.amountFen).toBe(3_200_000);
    expect(row.fields).toEqual({ hospital: '示例县人民医院', totalCost: 6_800_000, fundPaid: 3_600_000 });
    expect(valid('disaster', templateRow('disaster')).amountFen).toBe(1_500_000);
    expect(valid('housing', templateRow('housing')).amountFen).toBeNull();
  });
});

describe('the header', () => {
  test('aliases, spaces, a trailing * and 「（元）」 are accepted, in any order; 序号/备注 are ignored', () => {
    const check = mapHeader('medical', ['序号', ' 参保人姓名 ', '证件号码*', '出院日期', '自付金额(元)', '医院名称', '备注']);
    expect(check).toEqual({ ok: true, index: { name: 1, idNumber: 2, on: 3, amount: 4, hospital: 5 } });
  });

  test('optional columns may be left out', () => {
    expect(mapHeader('medical', ['身份证号', '姓名', '结算日期', '个人自付金额']).ok).toBe(true);
  });

  test.each([
    ['a required column missing', 'medical', ['身份证号', '姓名', '结算日期'], { missing: ['个人自付金额'], unknown: [], duplicated: [] }],
    ['an unknown column', 'medical', ['身份证号', '姓名', '结算日期', '个人自付金额', '自付金额（万元）'],
      { missing: [], unknown: ['自付金额（万元）'], duplicated: [] }],
    ['another kind\'s file', 'housing', ['身份证号', '姓名', '结算日期', '个人自付金额'],
      { missing: ['鉴定日期', '鉴定等级'], unknown: ['结算日期', '个人自付金额'], duplicated: [] }],
    ['one column under two names', 'medical', ['身份证号', '证件号码', '姓名', '结算日期', '个人自付金额'],
      { missing: [], unknown: [], duplicated: ['身份证号'] }],
  ] as const)('%s refuses the file', (_, kind, headers, expected) => {
    const check = mapHeader(kind, headers);
    expect(check).toEqual({ ok: false, ...expected });
  });

  test('the refusal reads as one Chinese sentence naming the columns', () => {
    const check = mapHeader('medical', ['身份证号', '姓名', '医疗费用', '结算日期']);
    if (check.ok) throw new Error('should be refused');
    expect(departmentHeaderProblemText('medical', check)).toBe(
      '文件表头与「医疗费用个人自付」的导入模板不一致，缺少这些列：个人自付金额；无法识别这些列：医疗费用（请改成模板中的列名，或删除这些列）。'
      + '第 1 行应为表头，请对照该类数据的导入模板。整个文件未导入。',
    );
  });
});

describe('one row', () => {
  test.each([
    ['bad ID checksum', { idNumber: BAD_CHECKSUM }, '身份证号', '身份证号校验位不正确，请核对号码'],
    ['ID too short', { idNumber: '61052819800101' }, '身份证号', '身份证号「61052819800101」格式不正确：应为 18 位，最后一位可以是数字或 X（请将单元格设为文本格式）'],
    ['ID with an impossible birth date', { idNumber: id('61052819801301001') }, '身份证号', '身份证号中的出生日期 19801301 不存在或晚于今天'],
    ['missing name', { name: ' ' }, '姓名', '姓名不能为空'],
    ['missing amount', { amount: '' }, '个人自付金额', '个人自付金额不能为空'],
    ['amount not a number', { amount: '三万' }, '个人自付金额', '个人自付金额「三万」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['amount with 3 decimals', { amount: '12.345' }, '个人自付金额', '个人自付金额「12.345」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['negative amount', { amount: '-5' }, '个人自付金额', '个人自付金额「-5」不是金额：应为不小于 0 的数字（元），最多两位小数'],
    ['missing date', { on: null }, '结算日期', '结算日期不能为空'],
    ['no 13th month', { on: '2026年13月1日' }, '结算日期', '结算日期「2026年13月1日」不是存在的日期，请核对年、月、日'],
    ['no 30 February', { on: '2026-02-30' }, '结算日期', '结算日期「2026-02-30」不是存在的日期，请核对年、月、日'],
    ['American order', { on: '11/20/2026' }, '结算日期', '结算日期「11/20/2026」日期格式无法识别：请写成 2026-11-20、2026/11/20、2026.11.20、2026年11月20日 或 20261120'],
    ['a word', { on: 'yesterday' }, '结算日期', '结算日期「yesterday」日期格式无法识别：请写成 2026-11-20、2026/11/20、2026.11.20、2026年11月20日 或 20261120'],
    ['future date', { on: '2026-11-21' }, '结算日期', '结算日期 2026-11-21 晚于今天（2026-11-20），请核对'],
    ['text too long', { hospital: '医'.repeat(101) }, '医疗机构', '医疗机构过长：最多 100 个字'],
  ] as const)('%s: one error naming the column', (_, cells, column, message) => {
    expect(validateDepartmentRow('medical', medical(cells), 7, TODAY)).toEqual({ ok: false, errors: [{ row: 7, column, message }] });
  });

  test('an enum value not in the list names the column and what it accepts', () => {
    const res = validateDepartmentRow('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-15', rating: 'E级' }, 3, TODAY);
    expect(res).toEqual({ ok: false, errors: [{ row: 3, column: '鉴定等级', message: '「E级」不是可选的鉴定等级，应为：A级、B级、C级、D级' }] });
  });

  test('every problem of a row is reported, in column order', () => {
    const res = validateDepartmentRow('medical', medical({ idNumber: BAD_CHECKSUM, on: 'yesterday', amount: '' }), 4, TODAY);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors.map((e) => e.column)).toEqual(['身份证号', '结算日期', '个人自付金额']);
  });

  test.each([
    ['2026-10-05', '2026-10-05'], ['2026-10-5', '2026-10-05'], ['2026/10/5', '2026-10-05'], ['2026.10.05', '2026-10-05'],
    ['2026年10月5日', '2026-10-05'], ['2026 年 10 月 5 日', '2026-10-05'], ['20261005', '2026-10-05'],
    ['2026-10-05 14:30:00', '2026-10-05'], ['2026/10/5 9:05', '2026-10-05'],
    ['46300', '2026-10-05'], [46300, '2026-10-05'], [46300.75, '2026-10-05'], ['45658', '2025-01-01'],
    [new Date(Date.UTC(2026, 9, 5)), '2026-10-05'], ['2026-11-20', '2026-11-20'],
  ] as const)('the date %p is accepted as %s', (cell, date) => {
    expect(parseDateCell(cell)).toEqual({ ok: true, date });
    expect(valid('medical', medical({ on: cell })).on).toBe(date);
  });

  test.each(['2026-10/05', '10-05-2026', '2026年10月', '261005', '4630', '1234567', '', 'yesterday', new Date('x')])(
    'the date %p is not recognised', (cell) => {
      expect(parseDateCell(cell)).toEqual({ ok: false, problem: 'format' });
    },
  );

  test.each([
    ['32000', 3_200_000], ['32,000.5', 3_200_050], ['￥1,234.56元', 123_456], [' 0 ', 0], [1234.56, 123_456],
    [0.1 + 0.2, 30], ['1234.560', 123_456], ['1e5', null], ['12.345', null], ['abc', null], ['100000001', null],
  ] as const)('the amount %p is %p fen', (cell, fen) => {
    expect(parseYuanCell(cell)).toBe(fen);
  });

  test('a lower-case x and spaces in the ID are tidied; an enum value may be spelled several ways', () => {
    const withX = id('11010119900307109');
    expect(withX).toMatch(/X$/);
    const row = valid('disability', { idNumber: ` ${ADULT} `, name: '王大山', on: '2026年10月1日', disabilityType: '肢体残疾', grade: '2' });
    expect(row).toEqual({
      kind: 'disability', row: 2, idNumber: ADULT, name: '王大山', on: '2026-10-01', amountFen: null,
      fields: { disabilityType: 'physical', grade: '2' },
    });
    expect(valid('job_loss', { idNumber: withX.toLowerCase(), name: '王大山', on: '2026-10-01' }).idNumber).toBe(withX);
    expect(valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-01', rating: 'd' }).fields.rating).toBe('D');
  });
});

describe('rowKey', () => {
  const HASH = 'h4sh-of-the-id';
  const base = valid('medical', medical());

  test('stable: the same record read again (another spelling of its cells) has the same key; no plain ID in it', () => {
    const again = valid('medical', medical({ on: '2026/10/15', amount: '32,000.00', hospital: ' 清河县人民医院' }));
    expect(rowKey(again, HASH)).toBe(rowKey(base, HASH));
    expect(rowKey(base, HASH)).not.toContain(ADULT);
    expect(rowKey(base, HASH)).toBe('medical|h4sh-of-the-id|2026-10-15|3200000|清河县人民医院');
  });

  test('distinct: another person, date, amount or hospital is another record; the status of an application is not', () => {
    const keys = [
      rowKey(base, HASH),
      rowKey(base, 'another-person'),
      rowKey(valid('medical', medical({ on: '2026-10-16' })), HASH),
      rowKey(valid('medical', medical({ amount: '32000.01' })), HASH),
      rowKey(valid('medical', medical({ hospital: '清河县中医院' })), HASH),
      rowKey(valid('medical', medical({ hospital: '' })), HASH),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    const application = (status: string) => valid('social_assistance', { idNumber: ADULT, name: '王大山', on: '2026-10-01', assistance: '低保', status });
    expect(rowKey(application('审核中'), HASH)).toBe(rowKey(application('已批准'), HASH));
    const other = valid('social_assistance', { idNumber: ADULT, name: '王大山', on: '2026-10-01', assistance: '特困' });
    expect(rowKey(other, HASH)).not.toBe(rowKey(application('审核中'), HASH));
  });

  test('the same person and date in two kinds are two records', () => {
    const housing = valid('housing', { idNumber: ADULT, name: '王大山', on: '2026-10-15', rating: 'C' });
    expect(rowKey(housing, HASH)).not.toBe(rowKey(base, HASH));
  });
});
