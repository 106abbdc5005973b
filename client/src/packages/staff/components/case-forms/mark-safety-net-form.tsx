import { useState } from 'react'
import { MarkSafetyNetCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { checkCommand, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['opinion'] as const

/** 标注整户无劳动能力兜底保障户: instead of elimination, the household stays monitored and visited every month. */
export function MarkSafetyNetForm({ label, send, onCancel }: CaseFormProps) {
  const [opinion, setOpinion] = useState('')
  const form = useForm(FIELDS)

  const submit = () => form.run(async () => {
    await send(checkCommand(MarkSafetyNetCommandSchema, { type: 'markSafetyNet', opinion }))
  })

  return (
    <FormFrame id='safety-net-form' title={label} summary={form.summary} sending={form.sending} submitLabel='确认标注兜底保障'
      intro='全家没有劳动能力、主要靠低保、特困供养等兜底保障生活的户，不作风险消除，标注后继续监测，每月照常走访。'
      onSubmit={() => void submit()} onCancel={onCancel}>
      <TextAreaField id='safety-net-opinion' label='审定意见' max={2000} value={opinion} error={form.fieldErrors.opinion}
        placeholder='例如：该户成员均无劳动能力，已纳入低保和特困供养，标注为整户无劳动能力兜底保障户，继续监测。'
        onChange={(v) => { setOpinion(v); form.clearField('opinion') }} />
    </FormFrame>
  )
}
