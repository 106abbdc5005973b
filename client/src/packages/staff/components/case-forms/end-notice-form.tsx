import { View } from '@tarojs/components'
import { EndNoticeCommandSchema } from '@shared/contracts/workflow'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { checkCommand, FormFrame } from './fields'
import type { CaseFormProps } from './types'

/** 公示期满报乡镇审核: a confirmation; the server checks the notice has run out with no open objection. */
export function EndNoticeForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { notice, openObjections } = detail.case
  const form = useForm([] as const)
  const early = notice !== null && detail.today < notice.endOn

  const submit = () => form.run(async () => {
    await send(checkCommand(EndNoticeCommandSchema, { type: 'endNotice' }))
  })

  return (
    <FormFrame id='end-notice-form' title={label} summary={form.summary} sending={form.sending} submitLabel='确认公示期满，报乡镇审核'
      onSubmit={() => void submit()} onCancel={onCancel}>
      {notice && <View className='case-form__intro'>公示期：{formatDate(notice.startOn)}至{formatDate(notice.endOn)}</View>}
      {early && <View className='case-form__warn' id='end-notice-early'>公示期还没有满（{formatDate(notice.endOn)}截止），期满后才能报乡镇审核。</View>}
      {openObjections.length > 0 && (
        <View className='case-form__warn' id='end-notice-objections'>还有{openObjections.length}条异议没有核实办结，请先登记核实结果。</View>
      )}
      {!early && openObjections.length === 0 && <View className='case-form__hint'>公示期已满，没有未办结的异议。确认后报乡镇审核。</View>}
    </FormFrame>
  )
}
