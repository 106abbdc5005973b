import { useState } from 'react'
import { View } from '@tarojs/components'
import { DeliberateCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { checkCommand, DateField, FormFrame, NumberField, TextAreaField, toNumber } from './fields'
import type { CaseFormProps } from './types'

const FIELDS = ['heldOn', 'attendees', 'votesFor', 'votesAgainst', 'votesAbstain', 'minutes'] as const
const BY_CODE = {
  'CASE.DATE_IN_FUTURE': 'heldOn', 'CASE.NO_QUORUM': 'attendees', 'CASE.VOTES_EXCEED_ATTENDANCE': 'votesFor', 'CASE.NO_MAJORITY': 'votesFor',
} as const

/** 民主评议: when, who attended (one name a line), the votes and the minutes. */
export function DeliberateForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today } = detail
  const [heldOn, setHeldOn] = useState(today)
  const [attendees, setAttendees] = useState('')
  const [votes, setVotes] = useState({ votesFor: '', votesAgainst: '', votesAbstain: '' })
  const [minutes, setMinutes] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const names = attendees.split(/[\n,，、;；]+/).map((n) => n.trim()).filter(Boolean)
  const setVote = (key: keyof typeof votes, value: string) => {
    setVotes((v) => ({ ...v, [key]: value }))
    form.clearField(key)
  }

  const submit = () => form.run(async () => {
    const command = checkCommand(DeliberateCommandSchema, {
      type: 'deliberate', heldOn, attendees: names, minutes,
      votesFor: toNumber(votes.votesFor), votesAgainst: toNumber(votes.votesAgainst), votesAbstain: toNumber(votes.votesAbstain),
    })
    await send(command)
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='deliberate-form' title={label} intro='村两委和村民代表评议该户是否纳入，按实际到会人员和表决结果填写。'
      summary={form.summary} sending={form.sending} submitLabel='提交评议结果' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='deliberate-date' label='评议日期' value={heldOn} today={today} end={today} error={err.heldOn}
        onChange={(v) => { setHeldOn(v); form.clearField('heldOn') }} />
      <TextAreaField id='deliberate-attendees' label={`参会人员（每行一个姓名，已填${names.length}人）`} max={4000} value={attendees}
        error={err.attendees} placeholder={'张三\n李四\n王五'}
        onChange={(v) => { setAttendees(v); form.clearField('attendees') }} />
      <View className='case-form__group'>表决结果</View>
      <NumberField id='deliberate-for' label='赞成' unit='票' decimals={false} value={votes.votesFor} error={err.votesFor}
        onChange={(v) => setVote('votesFor', v)} />
      <NumberField id='deliberate-against' label='反对' unit='票' decimals={false} value={votes.votesAgainst} error={err.votesAgainst}
        onChange={(v) => setVote('votesAgainst', v)} />
      <NumberField id='deliberate-abstain' label='弃权' unit='票' decimals={false} value={votes.votesAbstain} error={err.votesAbstain}
        onChange={(v) => setVote('votesAbstain', v)} />
      <TextAreaField id='deliberate-minutes' label='评议记录' max={2000} value={minutes} error={err.minutes}
        placeholder='例如：与会人员一致认为该户因病支出大、收入低，同意纳入监测对象。'
        onChange={(v) => { setMinutes(v); form.clearField('minutes') }} />
    </FormFrame>
  )
}
