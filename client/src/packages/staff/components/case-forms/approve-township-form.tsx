import { useState } from 'react'
import { ApproveAtTownshipCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { checkCommand, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['opinion'] as const

/** 乡镇审核: the township's opinion; approving sends the case to the county. */
export function ApproveAtTownshipForm({ label, send, onCancel }: CaseFormProps) {
  const [opinion, setOpinion] = useState('')
  const form = useForm(FIELDS)

  const submit = () => form.run(async () => {
    await send(checkCommand(ApproveAtTownshipCommandSchema, { type: 'approveAtTownship', opinion }))
  })

  return (
    <FormFrame id='township-form' title={label} intro='审核通过后报县级审定。如材料不全，请点“退回”并写明原因。'
      summary={form.summary} sending={form.sending} submitLabel='审核通过，报县审定' onSubmit={() => void submit()} onCancel={onCancel}>
      <TextAreaField id='township-opinion' label='审核意见' max={2000} value={opinion} error={form.fieldErrors.opinion}
        placeholder='例如：入户核实、民主评议、公示程序完整，材料齐全，同意上报。'
        onChange={(v) => { setOpinion(v); form.clearField('opinion') }} />
    </FormFrame>
  )
}
