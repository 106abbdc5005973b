import { useState } from 'react'
import { View } from '@tarojs/components'
import { StartNoticeCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { checkCommand, DateField, FormFrame } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['startOn', 'endOn'] as const
const BY_CODE = { 'CASE.NOTICE_TOO_SHORT': 'endOn' } as const

/** 张贴村内公示: the day it is posted (today unless changed) and its last day, at least the policy's minimum later. */
export function StartNoticeForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today, policy } = detail
  const [startOn, setStartOn] = useState(today)
  const [endOn, setEndOn] = useState(policy.noticeEarliestEndOn ?? '')
  const form = useForm(FIELDS, BY_CODE)
  const days = `${policy.noticeMinDays}个${policy.dayCount === 'working' ? '工作日' : '自然日'}`

  const submit = () => form.run(async () => {
    await send(checkCommand(StartNoticeCommandSchema, { type: 'startNotice', startOn, endOn }))
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='notice-form' title={label} summary={form.summary} sending={form.sending} submitLabel='确认已张贴公示'
      intro='公示内容只写户主姓氏、村组、类别和原因，不写身份证号、电话、银行账号和病情。' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='notice-start' label='张贴日期' value={startOn} today={today} end={today} error={err.startOn}
        onChange={(v) => { setStartOn(v); form.clearField('startOn') }} />
      <DateField id='notice-end' label='公示截止日期' value={endOn} today={today} start={startOn} error={err.endOn}
        help={`公示不少于${days}${policy.noticeEarliestEndOn && startOn === today ? `，今天张贴最早${formatDate(policy.noticeEarliestEndOn)}截止` : ''}`}
        onChange={(v) => { setEndOn(v); form.clearField('endOn') }} />
      <View className='case-form__hint'>公示期间群众提出的异议，请在本页“登记公示异议”中记录并核实。</View>
    </FormFrame>
  )
}
