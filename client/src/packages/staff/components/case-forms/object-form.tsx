import { useRef, useState } from 'react'
import { ObjectCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { makeUuid } from '../../../../utils/form'
import { checkCommand, DateField, FormFrame, TextAreaField } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['raisedOn', 'content'] as const
const BY_CODE = { 'CASE.DATE_IN_FUTURE': 'raisedOn' } as const

/** 登记公示异议: an objection received on paper or in person during the notice, to be verified. */
export function ObjectForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today } = detail
  // the objection's own id, made once per form so a retry records it once
  const objectionId = useRef(makeUuid())
  const [raisedOn, setRaisedOn] = useState(today)
  const [content, setContent] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    await send(checkCommand(ObjectCommandSchema, { type: 'object', objectionId: objectionId.current, raisedOn, content }))
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='object-form' title={label} intro='记录群众提出的异议。异议须核实，核实办结前公示不能结束。'
      summary={form.summary} sending={form.sending} submitLabel='登记异议' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='object-date' label='提出日期' value={raisedOn} today={today} end={today} error={err.raisedOn}
        onChange={(v) => { setRaisedOn(v); form.clearField('raisedOn') }} />
      <TextAreaField id='object-content' label='异议内容' max={1000} value={content} error={err.content}
        placeholder='例如：有村民反映该户子女在县城有房有车。'
        onChange={(v) => { setContent(v); form.clearField('content') }} />
    </FormFrame>
  )
}
