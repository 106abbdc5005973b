import { useState } from 'react'
import { KeepMonitoringCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { checkCommand, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['reason'] as const
const BY_CODE = { 'CASE.REASON_REQUIRED': 'reason' } as const

/** 不予消除，继续监测: the elimination procedure stops with a reason; the household stays monitored and tracked. */
export function KeepMonitoringForm({ label, send, onCancel }: CaseFormProps) {
  const [reason, setReason] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    const extra = reason.trim() ? [] : [{ path: 'reason', message: '请填写不予消除的原因，村里和农户会看到' }]
    await send(checkCommand(KeepMonitoringCommandSchema, { type: 'keepMonitoring', reason }, extra))
  })

  return (
    <FormFrame id='keep-monitoring-form' title={label} summary={form.summary} sending={form.sending} submitLabel='确认继续监测'
      intro='风险消除程序到此结束，该户继续作为监测对象，帮扶和每月走访照常进行。' onSubmit={() => void submit()} onCancel={onCancel}>
      <TextAreaField id='keep-monitoring-reason' label='原因' max={1000} value={reason} error={form.fieldErrors.reason}
        placeholder='例如：核实发现户主旧病复发，收入不稳定，暂不具备风险消除条件。'
        onChange={(v) => { setReason(v); form.clearField('reason') }} />
    </FormFrame>
  )
}
