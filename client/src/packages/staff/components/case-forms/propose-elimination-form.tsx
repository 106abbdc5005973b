import { useState } from 'react'
import { View } from '@tarojs/components'
import { ProposeEliminationCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { daysBetween, formatDate } from '../../../../utils/format'
import { checkCommand, DateField, FormFrame, TextAreaField } from './fields'
import { latestTrackedIncome } from './record-tracking-form'
import type { CaseFormProps } from './types'

const FIELDS = ['proposedOn', 'reason'] as const
const BY_CODE = { 'CASE.MONITORED_TOO_SHORT': 'proposedOn', 'CASE.DATE_IN_FUTURE': 'proposedOn' } as const

/**
 * 提出风险消除: starts the same procedure as identification (入户核实 → 评议 → 公示 → 审核 → 审定). The form shows
 * what the criteria rest on — how long the household has been tracked and the latest income against the line.
 */
export function ProposeEliminationForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today, policy } = detail
  const [proposedOn, setProposedOn] = useState(today)
  const [reason, setReason] = useState('')
  const form = useForm(FIELDS, BY_CODE)
  const identifiedOn = detail.case.identifiedOn
  const last = latestTrackedIncome(detail)

  const submit = () => form.run(async () => {
    await send(checkCommand(ProposeEliminationCommandSchema, { type: 'proposeElimination', proposedOn, reason }))
  })

  return (
    <FormFrame id='propose-elimination-form' title={label} summary={form.summary} sending={form.sending} submitLabel='提出风险消除'
      intro='风险消除须收入稳定高于监测线、“三保障”和饮水安全巩固、原有风险已消除且无新风险，一般帮扶跟踪满一年。提出后按入户核实、民主评议、公示、乡镇审核、县级审定办理。'
      onSubmit={() => void submit()} onCancel={onCancel}>
      <View className='case-form__hint' id='propose-elimination-facts'>
        {identifiedOn ? <View>{formatDate(identifiedOn)}纳入监测，至今{daysBetween(identifiedOn, today)}天。</View> : null}
        <View>{last ? `最近一次走访（${formatDate(last.on)}）人均纯收入${last.yuan}元，` : '走访中还没有记录过收入，'}监测线{policy.monitoringLineYuan}元。</View>
      </View>
      <DateField id='propose-elimination-date' label='提出日期' value={proposedOn} today={today} end={today} error={form.fieldErrors.proposedOn}
        onChange={(v) => { setProposedOn(v); form.clearField('proposedOn') }} />
      <TextAreaField id='propose-elimination-reason' label='提出理由' max={2000} value={reason} error={form.fieldErrors.reason}
        placeholder='例如：户主已在公益性岗位稳定就业一年，医疗费用经救助后明显下降，近三次走访人均纯收入均高于监测线。'
        onChange={(v) => { setReason(v); form.clearField('reason') }} />
    </FormFrame>
  )
}
