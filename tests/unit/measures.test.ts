import { labourLevel, suggestMeasures, type MeasureFacts, type MeasureMember } from '@shared/domain/measures';

/** A working-age adult in good health, not in school. */
const adult = (name: string, o: Partial<MeasureMember> = {}): MeasureMember => ({
  name, age: 40, labour: 'ordinary', health: 'healthy', disabilityLevel: null, schooling: 'none', ...o,
});
const facts = (o: Partial<MeasureFacts>): MeasureFacts => ({ members: [], riskTypes: [], lowIncome: false, extremePoverty: false, ...o });
/** 'measure@member' or 'measure' for the household, with its department: compact to compare. */
const lines = (f: MeasureFacts) => suggestMeasures(f).map((s) => `${s.measure}${s.memberName ? `@${s.memberName}` : ''}/${s.department}`);

describe('labourLevel: the household as a whole, students and those outside working age not counted', () => {
  const cases: [string, MeasureMember[], ReturnType<typeof labourLevel>][] = [
    ['one ordinary worker', [adult('甲')], 'with_labour'],
    ['one skilled worker among people who cannot work', [adult('甲', { labour: 'lost' }), adult('乙', { labour: 'skilled' })], 'with_labour'],
    ['only weak labour', [adult('甲', { labour: 'weak' }), adult('乙', { labour: 'none' })], 'weak_labour'],
    ['all lost or none', [adult('甲', { labour: 'lost' }), adult('乙', { labour: 'none' })], 'no_labour'],
    ['a student with ordinary labour is not labour', [adult('甲', { labour: 'lost' }), adult('乙', { age: 19, schooling: 'college' })], 'no_labour'],
    ['an ordinary worker of 70 is past working age', [adult('甲', { age: 70 })], 'no_labour'],
    ['a 15-year-old is under working age', [adult('甲', { age: 15 })], 'no_labour'],
    ['working age ends at 64', [adult('甲', { age: 64, labour: 'weak' })], 'weak_labour'],
    ['no members at all', [], 'no_labour'],
  ];
  test.each(cases)('%s', (_name, members, level) => expect(labourLevel(members)).toBe(level));
});

describe('suggestMeasures', () => {
  const cases: { name: string; f: MeasureFacts; expected: string[] }[] = [
    {
      name: 'no labour, one old person alone: 低保, 特困, 临时救助, 医保, social help, pension',
      f: facts({ members: [adult('王老汉', { age: 78, labour: 'none' })] }),
      expected: [
        '纳入农村低保/民政局', '特困人员救助供养/民政局', '临时救助/民政局', '资助参加城乡居民医保/医保局',
        '社会帮扶（结对帮扶、慈善救助）/乡村振兴局', '城乡居民基本养老保险@王老汉/人社局',
      ],
    },
    {
      name: 'no labour, already on 低保 and 特困: those are not suggested again; two people: no 特困 suggestion',
      f: facts({ members: [adult('甲', { labour: 'lost' }), adult('乙', { labour: 'none', age: 62 })], lowIncome: true, extremePoverty: true }),
      expected: [
        '临时救助/民政局', '资助参加城乡居民医保/医保局', '社会帮扶（结对帮扶、慈善救助）/乡村振兴局', '城乡居民基本养老保险@乙/人社局',
      ],
    },
    {
      name: 'weak labour only: security plus jobs close to home for the weak worker, small-scale 产业',
      f: facts({ members: [adult('甲', { labour: 'weak', age: 55 }), adult('乙', { labour: 'lost', age: 61 })] }),
      expected: [
        '纳入农村低保/民政局', '产业帮扶（庭院经济、小额信贷）/农业农村局', '公益性岗位@甲/人社局', '就近就业（帮扶车间）@甲/人社局',
        '城乡居民基本养老保险@乙/人社局',
      ],
    },
    {
      name: 'with labour: 产业 for the household, 就业 for each worker, training for the ordinary one; no pension or 低保',
      f: facts({ members: [adult('甲', { labour: 'skilled' }), adult('乙'), adult('丙', { age: 66, labour: 'lost' })] }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局',
        '就业帮扶（岗位推荐、稳岗补贴）@乙/人社局', '技能培训@乙/人社局',
      ],
    },
    {
      name: 'with labour and a weak member: 公益性岗位 for the weak one too',
      f: facts({ members: [adult('甲', { labour: 'skilled' }), adult('乙', { labour: 'weak' })] }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '公益性岗位@乙/人社局',
        '就近就业（帮扶车间）@乙/人社局',
      ],
    },
    {
      name: 'illness: the seriously ill member gets 医疗救助, the chronic one outpatient care and a family doctor; 因病 adds nothing more',
      f: facts({
        riskTypes: ['illness'],
        members: [adult('甲', { labour: 'skilled' }), adult('乙', { health: 'serious', labour: 'lost' }), adult('丙', { health: 'chronic', labour: 'lost', age: 58 })],
      }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '医疗救助、大病保险报销@乙/医保局',
        '慢性病门诊报销@丙/医保局', '家庭医生签约服务@丙/卫健局',
      ],
    },
    {
      name: '因病 with no sick member recorded: 医疗救助 for the household',
      f: facts({ riskTypes: ['illness'], members: [adult('甲')] }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '技能培训@甲/人社局',
        '医疗救助、大病保险报销/医保局',
      ],
    },
    {
      name: 'disability: 两项补贴 for the disabled member, with the level; 因残 without a recorded disability: assessment',
      f: facts({ riskTypes: ['disability'], members: [adult('甲', { labour: 'skilled' }), adult('乙', { health: 'disabled', disabilityLevel: 2, labour: 'lost' })] }),
      expected: ['产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '残疾人两项补贴@乙/残联'],
    },
    {
      name: '因残 with nobody recorded disabled',
      f: facts({ riskTypes: ['disability'], members: [adult('甲', { labour: 'skilled' })] }),
      expected: ['产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '残疾评定及残疾人两项补贴/残联'],
    },
    {
      name: 'students: 教育资助 for each, 雨露计划 for vocational and college students only',
      f: facts({
        riskTypes: ['education'],
        members: [adult('甲', { labour: 'skilled' }), adult('乙', { age: 12, labour: 'none', schooling: 'primary' }), adult('丙', { age: 17, schooling: 'vocational' })],
      }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '教育资助（学生资助）@乙/教育局',
        '教育资助（学生资助）@丙/教育局', '雨露计划@丙/乡村振兴局',
      ],
    },
    {
      name: '因学 with no student recorded: 教育资助 for the household',
      f: facts({ riskTypes: ['education'], members: [adult('甲', { labour: 'skilled' })] }),
      expected: ['产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '教育资助（学生资助）/教育局'],
    },
    {
      name: 'housing and drinking water: 危房改造 (住建局) and 饮水安全 (水利局)',
      f: facts({ riskTypes: ['housing_safety', 'drinking_water'], members: [adult('甲', { labour: 'skilled' })] }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '农村危房改造/住建局',
        '农村饮水安全巩固提升/水利局',
      ],
    },
    {
      name: 'disaster, accident, epidemic: 临时救助 once; 因灾 adds 灾后重建; 因交通事故 the road-accident fund',
      f: facts({ riskTypes: ['disaster', 'accident', 'traffic_accident', 'epidemic'], members: [adult('甲', { labour: 'skilled' })] }),
      expected: [
        '产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '临时救助/民政局', '灾后恢复重建/应急管理局',
        '道路交通事故社会救助基金/交警大队',
      ],
    },
    {
      name: 'industry failure: 产业 (once) and the 防返贫 insurance',
      f: facts({ riskTypes: ['industry_failure'], members: [adult('甲', { labour: 'skilled' })] }),
      expected: ['产业帮扶（产业奖补、小额信贷）/农业农村局', '就业帮扶（岗位推荐、稳岗补贴）@甲/人社局', '防返贫保险理赔/乡村振兴局'],
    },
    {
      name: 'unstable employment with nobody able to work: 公益性岗位 for the household',
      f: facts({ riskTypes: ['unstable_employment'], members: [adult('甲', { labour: 'lost' })], lowIncome: true }),
      expected: [
        '特困人员救助供养/民政局', '临时救助/民政局', '资助参加城乡居民医保/医保局', '社会帮扶（结对帮扶、慈善救助）/乡村振兴局',
        '公益性岗位/人社局',
      ],
    },
  ];
  test.each(cases)('$name', ({ f, expected }) => expect(lines(f)).toEqual(expected));

  test('a measure suggested for several reasons is listed once, with every reason', () => {
    const s = suggestMeasures(facts({ riskTypes: ['disaster', 'epidemic'], members: [adult('甲', { labour: 'none' })], lowIncome: true, extremePoverty: true }));
    expect(s.filter((x) => x.measure === '临时救助')).toEqual([
      { measure: '临时救助', memberName: null, department: '民政局', basis: '整户无劳动能力；因灾；因疫情' },
    ]);
  });

  test('unstable employment names each worker once, with both reasons', () => {
    const s = suggestMeasures(facts({ riskTypes: ['unstable_employment'], members: [adult('甲', { labour: 'skilled' })] }));
    expect(s.find((x) => x.memberName === '甲')).toMatchObject({ measure: '就业帮扶（岗位推荐、稳岗补贴）', basis: '技能劳动力；因务工就业不稳' });
  });

  test('every suggestion names a department and a reason', () => {
    const all = suggestMeasures(facts({
      riskTypes: ['illness', 'disability', 'education', 'disaster', 'accident', 'industry_failure', 'unstable_employment',
        'traffic_accident', 'epidemic', 'lack_of_labour', 'housing_safety', 'drinking_water', 'other'],
      members: [adult('甲', { labour: 'weak', health: 'serious' }), adult('乙', { age: 70, labour: 'none', health: 'disabled' })],
    }));
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      expect(s.department).toMatch(/局|残联|大队/);
      expect(s.basis).not.toBe('');
    }
    expect(new Set(all.map((s) => `${s.measure}@${s.memberName}`)).size).toBe(all.length);
  });
});
