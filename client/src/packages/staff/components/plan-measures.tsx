import { useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { MEASURE_STATUS_LABELS, type PlanMeasureView } from '@shared/contracts/measures'
import { routes } from '@shared/contracts/routes'
import { call, validate } from '../../../services/api'
import { useForm } from '../../../components/use-form'
import { makeClientKey } from '../../../utils/form'
import { formatDate } from '../../../utils/format'
import { StoredPhotos, PhotoPicker, type PhotoItem } from './case-forms/photo-picker'
import { TextAreaField } from './case-forms/fields'
import './plan-measures.scss'

interface Props {
  id: string
  measures: PlanMeasureView[]
  today: string
  /** A 帮扶责任人's measure that this user may report done (village cadre, grid member); none when left out. */
  canComplete?: (m: PlanMeasureView) => boolean
  onCompleted?: (m: PlanMeasureView) => void
}

/**
 * The assistance plan's measures (一户一方案、一人一措施): for whom, who is responsible, by when, and whether done
 * with what evidence. A measure ordered to a department is reported done by that department (its 帮扶措施 page).
 */
export function PlanMeasureList({ id, measures, today, canComplete, onCompleted }: Props) {
  const [completing, setCompleting] = useState('')
  if (measures.length === 0) return <View className='card muted' id={`${id}-empty`}>还没有帮扶措施。</View>
  return (
    <View id={id}>
      {measures.map((m) => {
        const late = m.status === 'open' && m.dueOn < today
        return (
          <View key={m.id} className='card plan-measure' id={`${id}-${m.id}`} data-status={m.status}>
            <View className='plan-measure__top'>
              <Text className='plan-measure__name'>{m.measure}</Text>
              <Text className={`plan-measure__status plan-measure__status--${late ? 'late' : m.status}`}>
                {late ? '已超期' : MEASURE_STATUS_LABELS[m.status]}
              </Text>
            </View>
            <View className='row'><Text className='row__label'>对象</Text><Text className='row__value'>{m.memberName ?? '全户'}</Text></View>
            <View className='row'>
              <Text className='row__label'>责任</Text>
              <Text className='row__value'>{m.responsible.name}{m.responsible.kind === 'person' ? '（帮扶责任人）' : ''}</Text>
            </View>
            <View className='row'><Text className='row__label'>期限</Text><Text className='row__value'>{formatDate(m.dueOn)}前</Text></View>
            {m.status === 'done' && (
              <View className='plan-measure__done'>
                <View>{m.doneOn ? `${formatDate(m.doneOn)}办结` : '已办结'}{m.doneByName ? ` · ${m.doneByName}` : ''}</View>
                {m.evidence && <View className='plan-measure__evidence'>{m.evidence}</View>}
                <StoredPhotos id={`${id}-${m.id}-photos`} ids={m.photoIds} />
              </View>
            )}
            {m.status === 'open' && canComplete?.(m) && completing !== m.id && (
              <View className='small-btn' id={`${id}-${m.id}-complete`} onClick={() => setCompleting(m.id)}>登记办结</View>
            )}
            {completing === m.id && (
              <CompleteForm measure={m} onCancel={() => setCompleting('')}
                onDone={(done) => { setCompleting(''); onCompleted?.(done) }} />
            )}
          </View>
        )
      })}
    </View>
  )
}

const FIELDS = ['evidence', 'photoIds'] as const

/** 销号: what was done (evidence) and photos; one request id per form, so a retry records it once. */
function CompleteForm({ measure, onCancel, onDone }: { measure: PlanMeasureView, onCancel: () => void, onDone: (m: PlanMeasureView) => void }) {
  const requestId = useRef(makeClientKey())
  const [evidence, setEvidence] = useState('')
  const [photos, setPhotos] = useState<PhotoItem[]>([])
  const form = useForm(FIELDS, { 'FILE.NOT_FOUND': 'photoIds' })

  const submit = () => form.run(async () => {
    if (photos.some((p) => p.uploading || p.error)) {
      form.fail({ photoIds: photos.some((p) => p.uploading) ? '照片还在上传，请稍等' : '有照片没有上传成功，请删除后重新选择' })
      return
    }
    const body = validate(routes.completeMeasure.body, {
      evidence, photoIds: photos.flatMap((p) => (p.id ? [p.id] : [])), requestId: requestId.current,
    })
    const { measure: done } = await call('completeMeasure', { params: { id: measure.id }, body })
    onDone(done)
  })

  return (
    <View className='plan-measure__form' id='measure-complete-form'>
      <TextAreaField id='measure-evidence' label='办理情况' max={1000} value={evidence} error={form.fieldErrors.evidence}
        placeholder='例如：11月25日入户，协助办理了医疗救助申请，已送乡镇民政办。'
        onChange={(v) => { setEvidence(v); form.clearField('evidence') }} />
      <PhotoPicker id='measure-photos' photos={photos} max={9} error={form.fieldErrors.photoIds}
        onChange={(update) => { setPhotos(update); form.clearField('photoIds') }} />
      {form.summary && <View className='error-box' id='measure-complete-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='measure-complete-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在提交…' : '确认办结'}
      </Button>
      <Button className='btn btn-secondary' id='measure-complete-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
