import { useState } from 'react'
import { View } from '@tarojs/components'
import { ResolveObjectionCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { Choice, FieldError } from '../choice'
import { checkCommand, DateField, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['objectionId', 'outcome', 'verifiedOn', 'findings'] as const
const BY_CODE = { 'CASE.DATE_IN_FUTURE': 'verifiedOn', 'CASE.OBJECTION_NOT_OPEN': 'objectionId' } as const
const OUTCOMES = [
  { value: 'dismissed', label: '异议不成立，公示继续' },
  { value: 'upheld', label: '异议成立，重新入户核实' },
] as const

/** 异议核实结果: which open objection, whether it holds, and what the check found. */
export function ResolveObjectionForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today } = detail
  const objections = detail.case.openObjections
  const [objectionId, setObjectionId] = useState(objections.length === 1 ? objections[0].id : '')
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed' | null>(null)
  const [verifiedOn, setVerifiedOn] = useState(today)
  const [findings, setFindings] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    const extra = objectionId ? [] : [{ path: 'objectionId', message: '请选择要登记结果的异议' }]
    await send(checkCommand(ResolveObjectionCommandSchema, {
      type: 'resolveObjection', objectionId: objectionId || undefined, outcome: outcome ?? undefined, verifiedOn, findings,
    }, extra))
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='resolve-form' title={label} summary={form.summary} sending={form.sending} submitLabel='提交核实结果'
      onSubmit={() => void submit()} onCancel={onCancel}>
      <View className='field'>
        <View className='field__label'>异议</View>
        <View className='option-list' id='resolve-objections'>
          {objections.map((o) => (
            <View key={o.id} id={`resolve-objection-${o.id}`}
              className={`option-row${o.id === objectionId ? ' option-row--selected' : ''}`}
              onClick={() => { setObjectionId(o.id); form.clearField('objectionId') }}>
              <View className='option-row__mark'>{o.id === objectionId ? '✓' : ''}</View>
              <View className='option-row__label'>{formatDate(o.raisedOn)}：{o.content}</View>
            </View>
          ))}
        </View>
        <FieldError id='resolve-objections-error' message={err.objectionId} />
      </View>
      <View className='field'>
        <View className='field__label'>核实结论</View>
        <Choice id='resolve-outcome' options={OUTCOMES} value={outcome} onChange={(v) => { setOutcome(v); form.clearField('outcome') }} />
        <FieldError id='resolve-outcome-error' message={err.outcome} />
      </View>
      <DateField id='resolve-date' label='核实日期' value={verifiedOn} today={today} end={today} error={err.verifiedOn}
        onChange={(v) => { setVerifiedOn(v); form.clearField('verifiedOn') }} />
      <TextAreaField id='resolve-findings' label='核实情况' max={2000} value={findings} error={err.findings}
        placeholder='例如：经核实，子女已分户，车辆为营运车辆，异议不成立。'
        onChange={(v) => { setFindings(v); form.clearField('findings') }} />
    </FormFrame>
  )
}
