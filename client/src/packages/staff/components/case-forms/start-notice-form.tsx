import { useState } from 'react'
import { View } from '@tarojs/components'
import type { Verification } from '@shared/contracts/verification'
import { MAX_NOTICE_PHOTOS, StartNoticeCommandSchema, type CaseDetailResponse } from '@shared/contracts/workflow'
import { noticeText } from '@shared/domain/notice'
import { stepOf } from '@shared/domain/workflow/states'
import type { FieldIssue } from '../../../../services/api'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { checkCommand, DateField, FormFrame } from './fields'
import { PhotoPicker, type PhotoItem } from './photo-picker'
import type { CaseFormProps } from './types'

const FIELDS = ['startOn', 'endOn', 'photoIds'] as const
const BY_CODE = { 'CASE.NOTICE_TOO_SHORT': 'endOn' } as const

/** The latest 入户核实 record, as the timeline keeps the command for staff. */
function latestVerification(detail: CaseDetailResponse): Verification | null {
  const verified = [...detail.timeline].reverse().find((e) => e.type === 'verified')
  return (verified?.details?.verification as Verification | undefined) ?? null
}

/**
 * 张贴村内公示: the day it is posted (today unless changed) and its last day, at least the policy's minimum later,
 * with the text to post (nothing sensitive: shared/src/domain/notice.ts) and photos of it on the board.
 */
export function StartNoticeForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { today, policy } = detail
  const [startOn, setStartOn] = useState(today)
  const [endOn, setEndOn] = useState(policy.noticeEarliestEndOn ?? '')
  const [photos, setPhotos] = useState<PhotoItem[]>([])
  const form = useForm(FIELDS, BY_CODE)
  const days = `${policy.noticeMinDays}个${policy.dayCount === 'working' ? '工作日' : '自然日'}`
  const text = endOn ? noticeText({
    procedure: stepOf(detail.case.status)?.procedure ?? 'identification',
    period: { startOn, endOn },
    household: detail.household,
    monitoringLineYuan: policy.monitoringLineYuan,
    verification: latestVerification(detail),
    clues: detail.clues,
    identifiedRiskTypes: detail.case.riskTypes,
  }) : ''

  const submit = () => form.run(async () => {
    const extra: FieldIssue[] = []
    if (photos.some((p) => p.uploading)) extra.push({ path: 'photoIds', message: '照片还在上传，请稍等' })
    else if (photos.some((p) => p.error)) extra.push({ path: 'photoIds', message: '有照片没有上传成功，请删除后重新选择' })
    const photoIds = photos.flatMap((p) => (p.id ? [p.id] : []))
    await send(checkCommand(StartNoticeCommandSchema, { type: 'startNotice', startOn, endOn, photoIds }, extra))
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
      {text && (
        <View className='field'>
          <View className='field__label'>公示内容（照此张贴）</View>
          <View className='notice-text' id='notice-text'>
            {text.split('\n').map((line, i) => <View key={i} className={i === 0 ? 'notice-text__title' : 'notice-text__line'}>{line}</View>)}
          </View>
        </View>
      )}
      <PhotoPicker id='notice-photos' help='张贴后拍下公示栏，便于留档。' photos={photos} max={MAX_NOTICE_PHOTOS} error={err.photoIds}
        onChange={(update) => { setPhotos(update); form.clearField('photoIds') }} />
      <View className='case-form__hint'>公示期间群众提出的异议，请在本页“登记公示异议”中记录并核实。</View>
    </FormFrame>
  )
}
