import { configureZod } from '@shared/contracts/zod-locale';
import { VerificationSchema, type VerificationInput } from '@shared/contracts/verification';

configureZod();

const PHOTO = '7d1a3b0e-2f4c-4b8a-9c3d-1e2f3a4b5c6d';
const valid: VerificationInput = {
  income: { wagesYuan: 18000, businessYuan: 6000.5, propertyYuan: 0, transfersYuan: 2400 },
  productionCostsYuan: 2000,
  householdSize: 4,
  rigidExpenses: { medicalYuan: 12000, schoolingYuan: 3000, disasterLossYuan: 0, otherYuan: 0 },
  basicNeeds: {
    education: { secured: true }, medical: { secured: true, note: '已参加城乡居民医保' },
    housing: { secured: false, note: '后墙开裂，鉴定为C级危房' }, drinkingWater: { secured: true },
  },
  photoIds: [PHOTO],
};

const at = (over: Record<string, unknown>) => ({ ...valid, ...over });

describe('VerificationSchema', () => {
  test('accepts a complete record; trims text; fills in what may be left out', () => {
    const { photoIds: _p, ...noPhotos } = valid;
    const v = VerificationSchema.parse({ ...noPhotos, basicNeeds: { ...valid.basicNeeds, medical: { secured: true, note: '  已参保  ' } } });
    expect(v.basicNeeds.medical.note).toBe('已参保');
    expect(v.photoIds).toEqual([]);
    expect(v.rigidExpenses.otherDescription).toBe('');
    expect(v.basicNeeds.housing).toEqual({ secured: false, note: '后墙开裂，鉴定为C级危房' });
  });

  test.each([
    ['a negative income', at({ income: { ...valid.income, wagesYuan: -1 } }), 'income.wagesYuan', '工资性收入不能为负数'],
    ['an income missing', at({ income: { ...valid.income, propertyYuan: undefined } }), 'income.propertyYuan', '请填写财产性收入（元，没有请填0）'],
    ['an income as text', at({ income: { ...valid.income, transfersYuan: '2400' } }), 'income.transfersYuan', '请填写转移性收入（元，没有请填0）'],
    ['an absurd amount', at({ productionCostsYuan: 10_000_001 }), 'productionCostsYuan', '生产经营费用不能超过1000万元，请核对'],
    ['nobody in the household', at({ householdSize: 0 }), 'householdSize', '家庭人口数至少为1人'],
    ['half a person', at({ householdSize: 2.5 }), 'householdSize', '家庭人口数应为整数'],
    ['a negative medical expense', at({ rigidExpenses: { ...valid.rigidExpenses, medicalYuan: -5 } }), 'rigidExpenses.medicalYuan', '医疗自付费用不能为负数'],
    ['another expense without saying what', at({ rigidExpenses: { ...valid.rigidExpenses, otherYuan: 800, otherDescription: '  ' } }),
      'rigidExpenses.otherDescription', '请说明其他刚性支出是什么'],
    ['a check without its answer', at({ basicNeeds: { ...valid.basicNeeds, housing: { note: '危房' } } }), 'basicNeeds.housing.secured', '请选择是否有保障'],
    ['a check missing', at({ basicNeeds: { ...valid.basicNeeds, drinkingWater: undefined } }), 'basicNeeds.drinkingWater', ''],
    ['ten photos', at({ photoIds: Array.from({ length: 10 }, (_, i) => `7d1a3b0e-2f4c-4b8a-9c3d-1e2f3a4b5c${String(i).padStart(2, '0')}`) }),
      'photoIds', '最多上传9张照片'],
    ['the same photo twice', at({ photoIds: [PHOTO, PHOTO] }), 'photoIds', '同一张照片不能重复添加'],
    ['a photo id that is not one', at({ photoIds: ['../../etc/passwd'] }), 'photoIds.0', '编号格式不正确'],
  ])('%s → refused at %s', (_name, input, path, message) => {
    const r = VerificationSchema.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue).toBeDefined();
    expect(issue!.message).toContain(message);
    expect(issue!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test('another expense with its description is fine; unknown fields are refused', () => {
    expect(VerificationSchema.safeParse(at({ rigidExpenses: { ...valid.rigidExpenses, otherYuan: 800, otherDescription: '丧葬' } })).success)
      .toBe(true);
    const r = VerificationSchema.safeParse(at({ perCapitaNetIncomeYuan: 99999 }));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/未知的键.*perCapitaNetIncomeYuan/);
  });
});
