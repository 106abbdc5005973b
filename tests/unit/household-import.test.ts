import {
  checkHeader, headerProblemText, IMPORT_HEADERS, importTemplateCsv, rowCells, validateImportRow, type RawImportRow,
} from '@shared/domain/household-import';
import { idCheckChar } from '@shared/domain/id-number';

const TODAY = '2026-11-20';
const id = (first17: string) => first17 + idCheckChar(first17);
const MAN = id('61052819800101001'); // odd 17th digit: male
const WOMAN = id('61052819820202002');

const good: RawImportRow = {
  householdNumber: '6105280101010001', headName: '王大山', name: '王大山', idNumber: MAN, relation: '户主', gender: '男',
  health: '健康', disabilityLevel: '', labour: '普通劳动力', schooling: '非在校生', county: '清河县', township: '安乐镇',
  village: '红星村', group: '一组', category: '一般农户', liftedYear: '', lowIncome: '否', extremePoverty: '否',
  phone: '13812345678', income: '8,200.4',
};

describe('the header', () => {
  test('every column found, in any order, with spaces and a trailing * ignored', () => {
    const shuffled = [...IMPORT_HEADERS].reverse().map((h, i) => (i === 0 ? ` ${h}* ` : h));
    const check = checkHeader(shuffled);
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.index.householdNumber).toBe(IMPORT_HEADERS.length - 1);
  });

  test('optional columns may be left out; required ones may not', () => {
    const without = IMPORT_HEADERS.filter((h) => !['残疾等级', '脱贫年度', '联系电话', '上年人均纯收入'].includes(h));
    expect(checkHeader(without).ok).toBe(true);
    const check = checkHeader(IMPORT_HEADERS.filter((h) => h !== '证件号码' && h !== '村'));
    expect(check).toEqual({ ok: false, missing: ['证件号码', '村'], duplicated: [] });
    if (!check.ok) expect(headerProblemText(check)).toContain('缺少这些列：证件号码、村');
  });

  test('a column twice is refused; the template has exactly the headers', () => {
    expect(checkHeader([...IMPORT_HEADERS, '村'])).toMatchObject({ ok: false, duplicated: ['村'] });
    expect(importTemplateCsv()).toBe(`\uFEFF${IMPORT_HEADERS.join(',')}\r\n`);
  });

  test('rowCells picks the cells by header position', () => {
    const check = checkHeader(['证件号码', '户编号']);
    if (check.ok) throw new Error('should be missing columns');
    expect(rowCells(['a', 'b'], { idNumber: 0, householdNumber: 1 })).toEqual({ idNumber: 'a', householdNumber: 'b' });
  });
});

describe('one row', () => {
  test('a good row maps Chinese values to the enums; birth date and gender come from the ID number', () => {
    const res = validateImportRow(good, 2, TODAY);
    expect(res).toEqual({
      ok: true,
      value: expect.objectContaining({
        row: 2, relation: 'head', gender: 'male', birthDate: '1980-01-01', health: 'healthy', labour: 'ordinary',
        schooling: 'none', category: 'ordinary', liftedYear: null, lowIncome: false, extremePoverty: false,
        phone: '13812345678', incomePerCapitaYuan: 8200, disabilityLevel: null,
      }),
    });
  });

  test.each([
    ['之女', 'child'], ['之子', 'child'], ['配偶', 'spouse'], ['之母', 'parent'], ['孙女', 'grandchild'],
    ['兄弟姐妹', 'sibling'], ['其他', 'other'],
  ])('与户主关系 %s → %s', (label, relation) => {
    const res = validateImportRow({ ...good, relation: label, name: '王小红', idNumber: WOMAN, gender: '女' }, 3, TODAY);
    expect(res.ok && res.value.relation).toBe(relation);
  });

  test.each([
    ['健康状况', { health: '很好' }, '「很好」不是可选的健康状况'],
    ['劳动技能', { labour: '强' }, '不是可选的劳动技能'],
    ['在校生情况', { schooling: '博士后' }, '不是可选的在校生情况'],
    ['户类型', { category: '监测户' }, '不是可选的户类型'],
    ['是否低保', { lowIncome: 'Y' }, '不是可选的是否低保'],
    ['成员姓名', { name: '' }, '成员姓名不能为空'],
    ['户编号', { householdNumber: '' }, '户编号不能为空'],
    ['村', { village: ' ' }, '村不能为空'],
    ['证件号码', { idNumber: '61052819800101' }, '格式不正确'],
    ['证件号码', { idNumber: '6.10528E+17' }, '格式不正确'],
    ['证件号码', { idNumber: id('61052819990231001') }, '出生日期 19990231 不存在'],
    ['证件号码', { idNumber: id('61052820991231001') }, '晚于今天'],
    ['证件号码', { idNumber: MAN.slice(0, 17) + (MAN[17] === '0' ? '1' : '0') }, '校验位不正确'],
    ['性别', { gender: '女' }, '性别与证件号码不符'],
    ['残疾等级', { health: '残疾' }, '残疾等级不能为空'],
    ['残疾等级', { health: '残疾', disabilityLevel: '五级' }, '不是可选的残疾等级'],
    ['脱贫年度', { category: '脱贫户' }, '脱贫户的脱贫年度不能为空'],
    ['脱贫年度', { category: '脱贫户', liftedYear: '2030' }, '格式不正确'],
    ['脱贫年度', { liftedYear: '2018' }, '一般农户不应填写脱贫年度'],
    ['联系电话', { phone: '12345' }, '联系电话「12345」格式不正确'],
    ['上年人均纯收入', { income: '-5' }, '格式不正确'],
    ['户主姓名', { headName: '王大' }, '与户主姓名「王大」不一致'],
    ['成员姓名', { name: '王123' }, '格式不正确'],
  ])('%s: %j → %s', (column, over, reason) => {
    const res = validateImportRow({ ...good, ...over }, 7, TODAY);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors).toContainEqual({ row: 7, column, reason: expect.stringContaining(reason) });
  });

  test('every problem of a row is reported, not only the first', () => {
    const res = validateImportRow({ ...good, name: '', health: '?', lowIncome: '' }, 9, TODAY);
    expect(res.ok ? [] : res.errors.map((e) => e.column)).toEqual(['成员姓名', '健康状况', '是否低保']);
  });

  test('a 脱贫户 with its year, a disabled member with level, a landline, lower-case x in the ID', () => {
    const x = [...Array(1000).keys()].map((n) => `61052819750505${String(n).padStart(3, '0')}`)
      .find((f) => idCheckChar(f) === 'X' && Number(f[16]) % 2 === 1)!;
    const res = validateImportRow({
      ...good, idNumber: `${x}x`, category: '脱贫户', liftedYear: '2019', health: '残疾', disabilityLevel: '二级',
      phone: '0912-1234567',
    }, 4, TODAY);
    expect(res.ok && res.value).toMatchObject({ category: 'lifted', liftedYear: 2019, disabilityLevel: 2, phone: '0912-1234567', idNumber: `${x}X` });
  });
});
