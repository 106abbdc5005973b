import { useRef, useState } from 'react'
import { Button, Picker, Textarea, View } from '@tarojs/components'
import type { VisitView } from '@shared/contracts/registry'
import { routes } from '@shared/contracts/routes'
import { call, validate } from '../../../services/api'
import { chinaToday, makeClientKey } from '../../../utils/form'
import { formatDate } from '../../../utils/format'
import { FieldError } from './choice'
import { useForm } from '../../../components/use-form'

type Field = 'visitedOn' | 'findings'
const FIELDS: readonly Field[] = ['visitedOn', 'findings']

interface Props {
  householdId: string
  onSaved: (visit: VisitView, replayed: boolean) => void
  onCancel: () => void
}

/** 记录走访: the date (today unless changed) and what the visit found. One client key per form, so a retry stores it once. */
export function VisitForm({ householdId, onSaved, onCancel }: Props) {
  const clientKey = useRef(makeClientKey())
  const today = chinaToday()
  const [visitedOn, setVisitedOn] = useState(today)
  const [findings, setFindings] = useState('')
  const form = useForm(FIELDS, { 'VISIT.DATE_IN_FUTURE': 'visitedOn' })

  const submit = () => form.run(async () => {
    const body = validate(routes.recordVisit.body, { visitedOn, findings, clientKey: clientKey.current })
    const { visit, replayed } = await call('recordVisit', { params: { id: householdId }, body })
    onSaved(visit, replayed)
  })

  return (
    <View className='card staff-form' id='visit-form'>
      <View className='staff-form__title'>记录走访</View>
      <View className='field'>
        <View className='field__label'>走访日期</View>
        <Picker mode='date' value={visitedOn} start='2013-01-01' end={today}
          onChange={(e) => { setVisitedOn(String(e.detail.value)); form.clearField('visitedOn') }}>
          <View className='picker-field' id='visit-date' data-value={visitedOn}>
            {formatDate(visitedOn)}{visitedOn === today ? '（今天）' : ''}<View className='picker-field__arrow'>更改 ›</View>
          </View>
        </Picker>
        <FieldError id='visit-error-visitedOn' message={form.fieldErrors.visitedOn} />
      </View>
      <View className='field'>
        <View className='field__label'>走访情况</View>
        <Textarea
          id='visit-findings'
          className='text-area'
          value={findings}
          maxlength={1000}
          placeholder='例如：户主腿伤未愈，暂不能外出务工；家中有存粮，住房安全。'
          onInput={(e) => { setFindings(e.detail.value); form.clearField('findings') }}
        />
        <View className='staff-counter'>{findings.length}/1000</View>
        <FieldError id='visit-error-findings' message={form.fieldErrors.findings} />
      </View>
      {form.summary && <View className='error-box' id='visit-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='visit-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在保存…' : '保存走访记录'}
      </Button>
      <Button className='btn btn-secondary' id='visit-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
