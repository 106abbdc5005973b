import { EXPLAINER_PLACEHOLDERS } from '@shared/contracts/awareness';
import {
  POLICY_NOT_SET, fillPlaceholders, hasPlaceholder, placeholderValues, unknownPlaceholders,
} from '@shared/domain/explainers';
import type { Policy } from '@shared/domain/policy';

/** 政策明白纸: the policy's figures go into the text when it is read, so a changed monitoring line is never stale. */
const POLICY: Policy = {
  areaId: 'qh', year: 2026, monitoringLineYuan: 7300, identificationDays: 15, noticeMinDays: 5, planDays: 10, dayCount: 'calendar',
};
const TEXT = '<p>{{年度}}年监测线{{监测线}}，{{认定时限}}内认定，公示{{公示天数}}，{{ 帮扶计划时限 }}内制定帮扶计划。</p>';

describe('placeholders: which are known', () => {
  test('every placeholder of the contract is known; anything else in braces is named, each once, in order', () => {
    const all = Object.keys(EXPLAINER_PLACEHOLDERS).map((n) => `{{${n}}}`).join(' ');
    expect(unknownPlaceholders(all)).toEqual([]);
    expect(unknownPlaceholders(TEXT)).toEqual([]);
    expect(unknownPlaceholders('低于{{收入线}}元，{{监测线}}，{{期限}}，又是{{收入线}}，{{}}')).toEqual(['收入线', '期限', '']);
  });

  test('single braces and unclosed braces are plain text', () => {
    expect(unknownPlaceholders('{监测线} {{监测线 和 }')).toEqual([]);
    expect(unknownPlaceholders('{{监测线 和 }}')).toEqual(['监测线 和']);
    expect(hasPlaceholder('{监测线}')).toBe(false);
    expect(hasPlaceholder('家庭年人均纯收入低于{{监测线}}')).toBe(true);
    expect(hasPlaceholder('{{ 任意 }}')).toBe(true);
  });
});

describe('placeholders: filled from the policy', () => {
  test('calendar days read 天; the line reads in yuan; the year is its digits', () => {
    expect(fillPlaceholders(TEXT, placeholderValues(POLICY, 2026)))
      .toBe('<p>2026年监测线7300元，15天内认定，公示5天，10天内制定帮扶计划。</p>');
  });

  test('working days read 个工作日, and another line and year show through', () => {
    const provincial: Policy = { ...POLICY, year: 2027, monitoringLineYuan: 7800, identificationDays: 20, dayCount: 'working' };
    expect(fillPlaceholders(TEXT, placeholderValues(provincial, 2027)))
      .toBe('<p>2027年监测线7800元，20个工作日内认定，公示5个工作日，10个工作日内制定帮扶计划。</p>');
  });

  test('with no policy for the region the figures say to follow the county; the year is still filled', () => {
    expect(fillPlaceholders(TEXT, placeholderValues(null, 2026))).toBe(
      `<p>2026年监测线${POLICY_NOT_SET}，${POLICY_NOT_SET}内认定，公示${POLICY_NOT_SET}，${POLICY_NOT_SET}内制定帮扶计划。</p>`,
    );
  });

  test('a placeholder used twice is filled twice; an unknown one is left as written', () => {
    expect(fillPlaceholders('{{监测线}}/{{监测线}} {{收入线}}', placeholderValues(POLICY, 2026))).toBe('7300元/7300元 {{收入线}}');
  });
});
