import { useState } from 'react'
import { NotIncludeCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { checkCommand, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['reason'] as const
const BY_CODE = { 'CASE.REASON_REQUIRED': 'reason' } as const

/** 不予纳入: closes the case; the household is told the reason, so it is written in plain words. */
export function NotIncludeForm({ label, send, onCancel }: CaseFormProps) {
  const [reason, setReason] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    const extra = reason.trim() ? [] : [{ path: 'reason', message: '请填写不予纳入的原因，农户会看到' }]
    await send(checkCommand(NotIncludeCommandSchema, { type: 'notInclude', reason }, extra))
  })

  return (
    <FormFrame id='not-include-form' title={label} intro='确认后案件办结，农户会收到原因。如以后出现新的困难，可以再次申报。'
      summary={form.summary} sending={form.sending} submitLabel='确认不予纳入' onSubmit={() => void submit()} onCancel={onCancel}>
      <TextAreaField id='not-include-reason' label='原因（农户会看到，请用平实的话写）' max={1000} value={reason} error={form.fieldErrors.reason}
        placeholder='例如：经核实，您家人均纯收入高于防贫监测线，住房、饮水、教育、医疗都有保障。'
        onChange={(v) => { setReason(v); form.clearField('reason') }} />
    </FormFrame>
  )
}
