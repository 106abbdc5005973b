import { Text, View } from '@tarojs/components'
import type { EligibilityEvaluation } from '@shared/contracts/verification'
import { formatYuan } from '@shared/domain/eligibility'
import { MONITORED_CATEGORY_LABELS } from '@shared/domain/workflow/states'
import { riskText } from '../../../utils/format'

/**
 * The eligibility evaluation of a 入户核实 record: per-capita income against the line, every condition with its
 * sentence, the suggested category and risk types. Only a reference: people decide (评议, 审核, 审定).
 */
export function EligibilityCard({ id, title, evaluation }: { id: string, title: string, evaluation: EligibilityEvaluation }) {
  const below = evaluation.conditions.find((c) => c.id === 'income_below_line')?.holds ?? false
  return (
    <View className='card eligibility' id={id}>
      <View className='eligibility__title'>{title}</View>
      <View className='eligibility__caveat'>仅供参考，由评议和审核决定</View>
      <View className='eligibility__figures'>
        <View className='eligibility__figure'>
          <View className='eligibility__figure-label'>人均纯收入</View>
          <View className={`eligibility__figure-value${below ? ' eligibility__figure-value--below' : ''}`} id={`${id}-per-capita`}>
            {formatYuan(evaluation.perCapitaNetIncomeYuan)}
          </View>
        </View>
        <View className='eligibility__figure'>
          <View className='eligibility__figure-label'>防贫监测线</View>
          <View className='eligibility__figure-value'>{formatYuan(evaluation.monitoringLineYuan)}</View>
        </View>
      </View>
      <View className='row'><Text className='row__label'>家庭纯收入</Text><Text className='row__value'>{formatYuan(evaluation.netIncomeYuan)}</Text></View>
      <View className='row'><Text className='row__label'>刚性支出</Text><Text className='row__value'>{formatYuan(evaluation.rigidExpensesYuan)}</Text></View>
      <View className='eligibility__conditions' id={`${id}-conditions`}>
        {evaluation.conditions.map((c) => (
          <View key={c.id} className={`eligibility__condition${c.holds ? ' eligibility__condition--holds' : ''}`} data-holds={String(c.holds)}>
            <Text className='eligibility__mark'>{c.holds ? '●' : '○'}</Text>
            <Text className='eligibility__text'>{c.text}</Text>
          </View>
        ))}
      </View>
      <View className='eligibility__suggestion' id={`${id}-suggestion`}>
        <View className='eligibility__category'>
          {evaluation.suggestedCategory ? `建议类别：${MONITORED_CATEGORY_LABELS[evaluation.suggestedCategory]}` : '不建议纳入监测'}
        </View>
        <View>{evaluation.categoryReason}</View>
        {evaluation.suggestedRiskTypes.length > 0 && <View>建议风险类型：{riskText(evaluation.suggestedRiskTypes)}</View>}
      </View>
    </View>
  )
}

/** The evaluation in brief, above a decision's form (评议, 审核, 审定): the income against the line and the suggestion. */
export function EvaluationBrief({ id, evaluation }: { id: string, evaluation: EligibilityEvaluation }) {
  const holding = evaluation.conditions.filter((c) => c.holds).length
  return (
    <View className='evaluation-brief' id={id}>
      <View className='evaluation-brief__line'>
        入户核实：人均纯收入{formatYuan(evaluation.perCapitaNetIncomeYuan)}，防贫监测线{formatYuan(evaluation.monitoringLineYuan)}；{holding}项识别条件成立
      </View>
      <View>{evaluation.categoryReason}</View>
      <View className='evaluation-brief__caveat'>仅供参考，由评议和审核决定；详见下方“入户核实结果”。</View>
    </View>
  )
}
