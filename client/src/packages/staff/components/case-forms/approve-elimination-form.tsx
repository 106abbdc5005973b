import { useState } from 'react'
import { View } from '@tarojs/components'
import { ApproveEliminationCommandSchema } from '@shared/contracts/workflow'
import { ELIMINATION_METHOD_LABELS, type EliminationMethod } from '@shared/domain/workflow/states'
import { useForm } from '../../../../components/use-form'
import { Choice, FieldError, optionsOf } from '../choice'
import { checkCommand, DateField, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['method', 'eliminatedOn', 'opinion'] as const
const BY_CODE = { 'CASE.BAD_DECISION_DATE': 'eliminatedOn' } as const

const METHOD_HELP: Record<EliminationMethod, string> = {
  stable: '稳定消除：经过帮扶，收入持续稳定高于监测线，“三保障”和饮水安全巩固。',
  natural: '自然消除：致贫返贫风险自然消失（如子女毕业就业、大病治愈），无需继续帮扶。',
}

/** 县级审定风险消除: how the risk was removed (稳定消除 / 自然消除), the decision's date and the county's opinion. */
export function ApproveEliminationForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today } = detail
  const [method, setMethod] = useState<EliminationMethod | null>(null)
  const [eliminatedOn, setEliminatedOn] = useState(today)
  const [opinion, setOpinion] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    await send(checkCommand(ApproveEliminationCommandSchema, { type: 'approveElimination', method: method ?? undefined, eliminatedOn, opinion }))
  })

  return (
    <FormFrame id='approve-elimination-form' title={label} summary={form.summary} sending={form.sending} submitLabel='审定风险已消除'
      intro='审定后案件办结，停止监测和每月走访，农户会收到通知。整户无劳动能力、靠兜底保障的户不能消除，请改为“标注兜底保障”。'
      onSubmit={() => void submit()} onCancel={onCancel}>
      <View className='field'>
        <View className='field__label'>消除方式</View>
        <Choice id='elimination-method' options={optionsOf(ELIMINATION_METHOD_LABELS)} value={method}
          onChange={(v) => { setMethod(v); form.clearField('method') }} />
        {method && <View className='field__help'>{METHOD_HELP[method]}</View>}
        <FieldError id='elimination-method-error' message={form.fieldErrors.method} />
      </View>
      <DateField id='elimination-date' label='审定日期' value={eliminatedOn} today={today} end={today} error={form.fieldErrors.eliminatedOn}
        onChange={(v) => { setEliminatedOn(v); form.clearField('eliminatedOn') }} />
      <TextAreaField id='elimination-opinion' label='审定意见' max={2000} value={opinion} error={form.fieldErrors.opinion}
        placeholder='例如：经入户核实、民主评议和公示无异议，乡镇审核同意，该户风险已稳定消除。'
        onChange={(v) => { setOpinion(v); form.clearField('opinion') }} />
    </FormFrame>
  )
}
