import { SubmitDeclarationRequestSchema } from '@shared/contracts/declaration';
import { configureZod } from '@shared/contracts/zod-locale';

configureZod();

const valid = {
  householdId: '7d1a3b0e-2f4c-4b8a-9c3d-1e2f3a4b5c6d',
  riskTypes: ['illness', 'education'],
  description: '孩子上大学，老人住院',
  consent: true,
  clientKey: 'k-0123456789',
};

describe('SubmitDeclarationRequestSchema', () => {
  test('accepts a complete declaration and trims the description', () => {
    expect(SubmitDeclarationRequestSchema.parse({ ...valid, description: '  孩子上大学  ' }).description).toBe('孩子上大学');
  });

  test.each([
    ['consent missing', { consent: undefined }, 'consent', '请先阅读并同意授权承诺'],
    ['consent false', { consent: false }, 'consent', '请先阅读并同意授权承诺'],
    ['no risk type', { riskTypes: [] }, 'riskTypes', '请至少选择一种风险类型'],
    ['unknown risk type', { riskTypes: ['flu'] }, 'riskTypes.0', '不是可选的风险类型'],
    ['repeated risk type', { riskTypes: ['illness', 'illness'] }, 'riskTypes', '风险类型不能重复'],
    ['description too short', { description: '难' }, 'description', '请用几句话说明遇到的困难（至少4个字）'],
    ['description wrong type', { description: 42 }, 'description', '请简要说明遇到的困难'],
    ['household id not a uuid', { householdId: '1' }, 'householdId', '编号格式不正确'],
    ['client key with spaces', { clientKey: 'a b c d e f g h' }, 'clientKey', '申报编号格式不正确'],
  ])('%s → refused at %s', (_name, change, path, message) => {
    const r = SubmitDeclarationRequestSchema.safeParse({ ...valid, ...change });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === path);
    expect(issue?.message).toBe(message);
  });

  test('unknown fields are refused, with a Chinese message', () => {
    const r = SubmitDeclarationRequestSchema.safeParse({ ...valid, isAdmin: true });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/未知的键.*isAdmin/);
  });
});
