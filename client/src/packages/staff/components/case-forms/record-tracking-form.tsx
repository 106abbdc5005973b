import { useState } from 'react'
import { View } from '@tarojs/components'
import { RecordTrackingCommandSchema, type CaseDetailResponse } from '@shared/contracts/workflow'
import type { FieldIssue } from '../../../../services/api'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { CheckBox, FieldError } from '../choice'
import { checkCommand, DateField, FormFrame, NumberField, TextAreaField, toNumber } from './fields'
import { PhotoPicker, type PhotoItem } from './photo-picker'
import type { CaseFormProps } from './types'

const FIELDS = ['visitedOn', 'note', 'incomePerCapitaYuan', 'newRisk', 'photoIds'] as const
const BY_CODE = { 'CASE.DATE_IN_FUTURE': 'visitedOn' } as const

/** The per-capita income the latest 帮扶走访 recorded, from the timeline. */
export function latestTrackedIncome(detail: CaseDetailResponse): { yuan: number, on: string } | null {
  for (const e of [...detail.timeline].reverse()) {
    const yuan = e.type === 'tracking_recorded' ? e.details?.incomePerCapitaYuan : undefined
    if (typeof yuan === 'number') return { yuan, on: e.on }
  }
  return null
}

/**
 * 帮扶走访 (monthly, while monitored): the visit's date and findings, an update of the per-capita income when it was
 * asked about, whether a new risk was found (the village is told to revise the plan), and photos.
 */
export function RecordTrackingForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today, policy } = detail
  const [visitedOn, setVisitedOn] = useState(today)
  const [note, setNote] = useState('')
  const [income, setIncome] = useState('')
  const [newRisk, setNewRisk] = useState(false)
  const [photos, setPhotos] = useState<PhotoItem[]>([])
  const form = useForm(FIELDS, BY_CODE)
  const last = latestTrackedIncome(detail)
  const typed = toNumber(income)

  const submit = () => form.run(async () => {
    const extra: FieldIssue[] = []
    if (photos.some((p) => p.uploading)) extra.push({ path: 'photoIds', message: '照片还在上传，请稍等' })
    else if (photos.some((p) => p.error)) extra.push({ path: 'photoIds', message: '有照片没有上传成功，请删除后重新选择' })
    const photoIds = photos.flatMap((p) => (p.id ? [p.id] : []))
    await send(checkCommand(RecordTrackingCommandSchema, {
      type: 'recordTracking', visitedOn, note, incomePerCapitaYuan: typed ?? null, newRisk,
      ...(photoIds.length ? { photoIds } : {}),
    }, extra))
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='tracking-form' title={label} summary={form.summary} sending={form.sending} submitLabel='保存走访记录'
      intro='监测期间每月至少入户走访一次，记录帮扶措施落实、收入变化和有无新的风险。' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='tracking-date' label='走访日期' value={visitedOn} today={today} end={today} error={err.visitedOn}
        onChange={(v) => { setVisitedOn(v); form.clearField('visitedOn') }} />
      <TextAreaField id='tracking-note' label='走访情况' max={2000} value={note} error={err.note}
        placeholder='例如：户主术后恢复良好，已到公益性岗位上班；医疗救助已到账；住房、饮水安全。'
        onChange={(v) => { setNote(v); form.clearField('note') }} />
      <NumberField id='tracking-income' label='人均纯收入（选填）' unit='元' value={income} error={err.incomePerCapitaYuan}
        help={`本次了解到收入变化时填写。${last ? `上次记录${last.yuan}元（${formatDate(last.on)}）。` : ''}监测线${policy.monitoringLineYuan}元。`}
        onChange={(v) => { setIncome(v); form.clearField('incomePerCapitaYuan') }} />
      {typed !== undefined && typed < policy.monitoringLineYuan && (
        <View className='case-form__warn' id='tracking-below-line'>低于监测线{policy.monitoringLineYuan}元，请在走访情况中写明原因。</View>
      )}
      <View className='field'>
        <CheckBox id='tracking-new-risk' checked={newRisk} label='发现新的风险（村里会收到提醒，调整帮扶计划）'
          onChange={(v) => { setNewRisk(v); form.clearField('newRisk') }} />
        <FieldError id='tracking-new-risk-error' message={err.newRisk} />
      </View>
      <PhotoPicker id='tracking-photos' photos={photos} max={9} error={err.photoIds}
        onChange={(update) => { setPhotos(update); form.clearField('photoIds') }} />
    </FormFrame>
  )
}
