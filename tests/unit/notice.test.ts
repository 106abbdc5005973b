import type { HouseholdView, MemberView } from '@shared/contracts/household';
import type { Verification } from '@shared/contracts/verification';
import { noticeText, surnameOnly, type NoticeSource } from '@shared/domain/notice';
import { SAMPLE_VERIFICATION } from '../support/fixtures';

/**
 * 村内公示 text: what it says, and that nothing sensitive a case carries can reach it — whole names, ID and phone
 * numbers, bank accounts, diagnoses, amounts — whatever the case's records contain.
 */

// a case as the database holds it, with every kind of personal data in the places people type it
const SECRETS = {
  headName: '欧阳建国', spouseName: '李秀英', childName: '欧阳小明',
  idNumber: '610528195803120018', idMasked: '6105**********0018', phone: '13800138000', bankAccount: '6222021234567890123',
  diagnosis: '肺癌晚期', hospital: '西京医院', dialysis: '尿毒症每周透析三次', note: '子女在外务工每月寄回800元',
};
const member = (name: string, relation: MemberView['relation'], over: Partial<MemberView> = {}): MemberView & Record<string, unknown> => ({
  id: `m-${name}`, name, relation, gender: 'male', age: 60, idNumberMasked: SECRETS.idMasked, phoneMasked: '138****8000',
  health: 'healthy', disabilityLevel: null, labour: 'ordinary', schooling: 'none',
  // what a careless caller could pass along: unmasked numbers beside the view's fields
  idNumber: SECRETS.idNumber, phone: SECRETS.phone, bankAccount: SECRETS.bankAccount, ...over,
});
const HOUSEHOLD: HouseholdView & Record<string, unknown> = {
  id: 'h1', number: '6105280101010001', headName: SECRETS.headName,
  place: { county: '清河县', township: '安乐镇', village: '红星村', group: '一组' },
  category: 'ordinary', liftedYear: null, lowIncome: false, extremePoverty: false,
  members: [
    member(SECRETS.headName, 'head', { health: 'serious', labour: 'none' }),
    member(SECRETS.spouseName, 'spouse', { health: 'disabled', disabilityLevel: 2, labour: 'lost' }),
    member(SECRETS.childName, 'child'),
  ],
  openCase: null, declarations: [{ id: 'd1', riskTypes: ['illness'], description: SECRETS.dialysis, submittedAt: '2026-11-01T00:00:00Z', clueDate: '2026-11-01' }],
  bankAccount: SECRETS.bankAccount,
};
const VERIFICATION: Verification = {
  ...SAMPLE_VERIFICATION,
  rigidExpenses: { medicalYuan: 32000, schoolingYuan: 0, disasterLossYuan: 0, otherYuan: 4321, otherDescription: `${SECRETS.hospital}透析` },
  basicNeeds: {
    education: { secured: true },
    medical: { secured: false, note: `户主${SECRETS.diagnosis}，在${SECRETS.hospital}化疗，${SECRETS.note}` },
    housing: { secured: true, note: `户主电话${SECRETS.phone}` },
    drinkingWater: { secured: true },
  },
};
const CLUES = [
  { riskTypes: ['illness'] as const, description: `老伴${SECRETS.dialysis}，身份证${SECRETS.idNumber}，银行卡${SECRETS.bankAccount}`, channel: 'self_declared' },
  { riskTypes: ['disaster'] as const, description: `${SECRETS.spouseName}家大棚被冲毁，损失2万元`, channel: 'grid_visit' },
];
const source = (over: Partial<NoticeSource> = {}): NoticeSource => ({
  procedure: 'identification', period: { startOn: '2026-11-20', endOn: '2026-11-25' }, household: HOUSEHOLD,
  monitoringLineYuan: 7300, verification: VERIFICATION, clues: CLUES, identifiedRiskTypes: ['illness'], ...over,
});

/** Everything personal the fixtures hold, and every figure of the record. */
const FORBIDDEN = [
  ...Object.values(SECRETS).filter((s) => s !== SECRETS.headName),
  '建国', '小明', SECRETS.idNumber.slice(-4), '138', '8000', '32000', '3.2万', '5800', '4321', '7300', '化疗', '透析', '医院', '大病', '残疾',
  '健康', '丧失劳动力',
];

/** The text with its dates taken out: no digit may remain (no amount, no number of any kind). */
const withoutDates = (text: string) => text.replace(/\d{4}年\d{1,2}月\d{1,2}日/g, '');

describe('nothing sensitive can appear', () => {
  const variants: [string, NoticeSource][] = [
    ['identification with a record', source()],
    ['identification without a record', source({ verification: null })],
    ['identification of a 脱贫户', source({ household: { ...HOUSEHOLD, category: 'lifted' } })],
    ['elimination', source({ procedure: 'elimination' })],
    ['elimination without identified risks', source({ procedure: 'elimination', identifiedRiskTypes: [] })],
  ];
  test.each(variants)('%s', (_name, s) => {
    const text = noticeText(s);
    for (const secret of FORBIDDEN) expect(text).not.toContain(secret);
    expect(withoutDates(text)).not.toMatch(/\d/);
    expect(text).toContain('欧阳*');
    expect(text).not.toContain(SECRETS.headName);
  });
});

test('an identification notice: who (surname only), where, the proposal, the reasons in general words, the period, how to object', () => {
  const text = noticeText(source());
  expect(text.split('\n')).toEqual([
    '防止返贫监测对象识别公示',
    '经入户核实、村民主评议，拟将红星村一组欧阳**户纳入防止返贫监测对象（边缘易致贫户）。',
    '主要原因：因病、因残、因灾、其他困难；家庭人均纯收入低于防贫监测线；刚性支出较大，基本生活出现困难；“三保障”或饮水安全存在困难。',
    '公示期：2026年11月20日至2026年11月25日。',
    '公示期内如有异议，可以向红星村村民委员会反映，也可以在“防返贫监测”微信小程序的“村内公示”中提出，可以不留姓名。',
    '红星村村民委员会',
    '2026年11月20日',
  ]);
});

test('without a 入户核实 record the reasons are the clues\' risk types and no category is proposed', () => {
  const lines = noticeText(source({ verification: null, clues: [CLUES[0]] })).split('\n');
  expect(lines[1]).toBe('经入户核实、村民主评议，拟将红星村一组欧阳**户纳入防止返贫监测对象。');
  expect(lines[2]).toBe('主要原因：因病。');
  expect(noticeText(source({ verification: null, clues: [] })).split('\n')[2]).toBe('主要原因：存在返贫致贫风险。');
});

test('the category follows the evaluation: a 脱贫户 is proposed as 脱贫不稳定户', () => {
  expect(noticeText(source({ household: { ...HOUSEHOLD, category: 'lifted' } }))).toContain('纳入防止返贫监测对象（脱贫不稳定户）');
});

test('an elimination notice: 拟标注风险消除, with the removed risk and the conditions in words', () => {
  const lines = noticeText(source({ procedure: 'elimination', identifiedRiskTypes: ['illness', 'disaster'] })).split('\n');
  expect(lines.slice(0, 3)).toEqual([
    '防止返贫监测对象风险消除公示',
    '经入户核实、村民主评议，拟将红星村一组欧阳**户标注风险消除。',
    '主要情况：家庭人均纯收入稳定高于防贫监测线，“三保障”和饮水安全有保障，原有因病、因灾风险已消除，没有新的风险。',
  ]);
});

test.each([
  ['张三', '张*'], ['张三丰', '张**'], ['欧阳修', '欧阳*'], ['欧阳', '欧*'], ['司马相如', '司马**'], ['王', '王*'], [' 李四 ', '李*'], ['', ''],
])('surnameOnly(%p) = %p', (name, masked) => {
  expect(surnameOnly(name)).toBe(masked);
});

test('a household without a recorded head is still named without anyone\'s name', () => {
  expect(noticeText(source({ household: { ...HOUSEHOLD, headName: '' } }))).toContain('拟将红星村一组某户纳入');
});
