import { useState } from 'react'
import { View } from '@tarojs/components'
import { ReturnCaseCommandSchema } from '@shared/contracts/workflow'
import { PROCEDURE_STEP_LABELS, PROCEDURE_STEPS, stepOf, type ProcedureStep } from '@shared/domain/workflow/states'
import { useForm } from '../../../../components/use-form'
import { Choice, FieldError } from '../choice'
import { checkCommand, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['reason', 'resumeAt'] as const
const BY_CODE = { 'CASE.REASON_REQUIRED': 'reason', 'CASE.BAD_RETURN_TARGET': 'resumeAt' } as const

/** 退回: the reason (the household and the step it goes back to see it) and the earlier step to redo from. */
export function ReturnCaseForm({ detail, label, send, onCancel }: CaseFormProps) {
  const at = stepOf(detail.case.status)
  const earlier = at ? PROCEDURE_STEPS.slice(0, PROCEDURE_STEPS.indexOf(at.step)) : []
  const steps = earlier.map((s) => ({ value: s, label: `重新${PROCEDURE_STEP_LABELS[s]}` }))
  const [resumeAt, setResumeAt] = useState<ProcedureStep>('verification')
  const [reason, setReason] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    const extra = reason.trim() ? [] : [{ path: 'reason', message: '请填写退回理由，农户和经办人会看到' }]
    await send(checkCommand(ReturnCaseCommandSchema, { type: 'returnCase', reason, resumeAt }, extra))
  })

  return (
    <FormFrame id='return-form' title={label} summary={form.summary} sending={form.sending} submitLabel='确认退回'
      onSubmit={() => void submit()} onCancel={onCancel}>
      {steps.length > 1 && (
        <View className='field'>
          <View className='field__label'>退回到哪一步</View>
          <View className='field__help'>之后的环节都要重新办理。</View>
          <Choice id='return-step' options={steps} value={resumeAt} onChange={(v) => { setResumeAt(v); form.clearField('resumeAt') }} />
          <FieldError id='return-step-error' message={form.fieldErrors.resumeAt} />
        </View>
      )}
      {steps.length === 1 && <View className='case-form__intro'>退回后重新{PROCEDURE_STEP_LABELS[steps[0].value]}。</View>}
      <TextAreaField id='return-reason' label='退回理由' max={1000} value={reason} error={form.fieldErrors.reason}
        placeholder='例如：收入核算缺少务工收入证明，请补充后重新核实。'
        onChange={(v) => { setReason(v); form.clearField('reason') }} />
    </FormFrame>
  )
}
