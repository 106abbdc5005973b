import { useState } from 'react'
import { View } from '@tarojs/components'
import { RISK_TYPE_LABELS, RiskTypeSchema, type RiskType } from '@shared/contracts/common'
import { ApproveAtCountyCommandSchema } from '@shared/contracts/workflow'
import { MONITORED_CATEGORY_LABELS, type MonitoredCategory } from '@shared/domain/workflow/states'
import { useForm } from '../../../../components/use-form'
import { Choice, FieldError, optionsOf } from '../choice'
import { checkCommand, DateField, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['category', 'riskTypes', 'identifiedOn', 'opinion'] as const
const BY_CODE = {
  'CASE.RISK_TYPES_REQUIRED': 'riskTypes', 'CASE.CATEGORY_MISMATCH': 'category', 'CASE.BAD_DECISION_DATE': 'identifiedOn',
} as const

/**
 * 县级审定纳入监测: the category (only those that fit the household; the evaluation's suggestion preselected), the risk
 * types (those the evaluation and the clues name preselected), the identification date and the opinion.
 */
export function ApproveAtCountyForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today, evaluation, household } = detail
  const categories = optionsOf(MONITORED_CATEGORY_LABELS, household.category === 'lifted' ? ['marginal'] : ['unstable_lifted'])
  const suggested = evaluation?.suggestedCategory
  const [category, setCategory] = useState<MonitoredCategory | null>(
    suggested && categories.some((c) => c.value === suggested) ? suggested : null,
  )
  const named = new Set<RiskType>([...(evaluation?.suggestedRiskTypes ?? []), ...detail.clues.flatMap((c) => c.riskTypes)])
  const [riskTypes, setRiskTypes] = useState<RiskType[]>(RiskTypeSchema.options.filter((r) => named.has(r)))
  const [identifiedOn, setIdentifiedOn] = useState(today)
  const [opinion, setOpinion] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const toggle = (r: RiskType) => {
    setRiskTypes((list) => (list.includes(r) ? list.filter((x) => x !== r) : RiskTypeSchema.options.filter((x) => x === r || list.includes(x))))
    form.clearField('riskTypes')
  }

  const submit = () => form.run(async () => {
    const extra = riskTypes.length === 0 ? [{ path: 'riskTypes', message: '请至少选择一种风险类型' }] : []
    await send(checkCommand(ApproveAtCountyCommandSchema, {
      type: 'approveAtCounty', category: category ?? undefined, riskTypes, identifiedOn, opinion,
    }, extra))
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='county-form' title={label} intro='审定后该户纳入监测对象，村里须在规定期限内制定帮扶计划。'
      summary={form.summary} sending={form.sending} submitLabel='审定纳入监测' onSubmit={() => void submit()} onCancel={onCancel}>
      <View className='field'>
        <View className='field__label'>监测对象类别</View>
        <View className='field__help'>{household.category === 'lifted' ? '该户是脱贫户' : '该户是一般农户'}，只列出可选的类别。</View>
        <Choice id='county-category' options={categories} value={category} onChange={(v) => { setCategory(v); form.clearField('category') }} />
        <FieldError id='county-category-error' message={err.category} />
      </View>
      <View className='field'>
        <View className='field__label'>风险类型（可多选）</View>
        <View className='choice' id='county-risks'>
          {RiskTypeSchema.options.map((r) => (
            <View key={r} id={`county-risk-${r}`} className={`choice__chip${riskTypes.includes(r) ? ' choice__chip--selected' : ''}`} onClick={() => toggle(r)}>
              {riskTypes.includes(r) ? '✓ ' : ''}{RISK_TYPE_LABELS[r]}
            </View>
          ))}
        </View>
        <FieldError id='county-risks-error' message={err.riskTypes} />
      </View>
      <DateField id='county-date' label='审定日期' value={identifiedOn} today={today} start={detail.case.clueDate} end={today}
        error={err.identifiedOn} onChange={(v) => { setIdentifiedOn(v); form.clearField('identifiedOn') }} />
      <TextAreaField id='county-opinion' label='审定意见' max={2000} value={opinion} error={err.opinion}
        placeholder='例如：经审定，同意纳入监测对象。'
        onChange={(v) => { setOpinion(v); form.clearField('opinion') }} />
    </FormFrame>
  )
}
