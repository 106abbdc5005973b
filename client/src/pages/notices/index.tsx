import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { MAX_OBJECTION_CHARS, type ListNoticesResponse, type NoticeView, type RaiseObjectionResponse } from '@shared/contracts/notice'
import { routes } from '@shared/contracts/routes'
import { call, errorMessage, validate } from '../../services/api'
import { redirectIfSignedOut } from '../../services/navigation'
import { useForm } from '../../components/use-form'
import { LoadState } from '../../components/load-state'
import { formatDate } from '../../utils/format'
import { makeClientKey } from '../../utils/form'
import './index.scss'

const FIELDS = ['content', 'anonymous'] as const

/** Whole days from one YYYY-MM-DD to another. */
const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000)

/** 提出异议 under one notice: what is wrong, named or anonymous; one request id per form, so a retry stores one. */
function ObjectionForm({ notice, onDone, onCancel }: { notice: NoticeView, onDone: (r: RaiseObjectionResponse) => void, onCancel: () => void }) {
  const requestId = useRef(makeClientKey())
  const [content, setContent] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  const form = useForm(FIELDS)

  const submit = () => form.run(async () => {
    const body = validate(routes.raiseObjection.body, { content, anonymous, requestId: requestId.current })
    onDone(await call('raiseObjection', { params: { id: notice.id }, body }))
  })

  return (
    <View className='objection-form' id={`objection-form-${notice.id}`}>
      <View className='field'>
        <View className='field__label'>您的异议</View>
        <View className='field__help'>说说您知道的情况，比如这户的收入、房子、车辆等和公示不符的地方。</View>
        <Textarea
          className='text-area objection-form__content'
          id='objection-content'
          value={content}
          maxlength={MAX_OBJECTION_CHARS}
          placeholder='请写下您的异议'
          onInput={(e) => { setContent(e.detail.value); form.clearField('content') }}
        />
        {form.fieldErrors.content && <View className='field-error' id='error-content'>{form.fieldErrors.content}</View>}
      </View>
      <View
        id='objection-anonymous'
        className={`checkbox${anonymous ? ' checkbox--checked' : ''}`}
        onClick={() => { setAnonymous(!anonymous); form.clearField('anonymous') }}
      >
        <Text className='checkbox__box'>{anonymous ? '✓' : ''}</Text>
        <Text>匿名提出</Text>
      </View>
      <View className='objection-form__hint'>
        {anonymous ? '勾选了匿名：谁也看不到是您提的，村里核实时也不会找您。' : '没有勾选匿名：村里能看到您的名字，核实时可能会找您了解情况。'}
      </View>
      {form.summary && <View className='error-box' id='objection-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='objection-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在提交…' : '提交异议'}
      </Button>
      <View className='link' onClick={onCancel}>不提了</View>
    </View>
  )
}

/**
 * 村内公示 of the farmer's own village: each notice running today with its text and period; any farmer of the village
 * may object to one, with their name or anonymously. The text carries nothing sensitive (the server builds it).
 */
export default function NoticesPage() {
  const [data, setData] = useState<ListNoticesResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [formFor, setFormFor] = useState<string | null>(null)
  const [done, setDone] = useState<Record<string, RaiseObjectionResponse>>({})

  const load = async () => {
    setError('')
    try {
      setData(await call('listNotices'))
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const objected = (r: RaiseObjectionResponse) => {
    setDone((d) => ({ ...d, [r.noticeId]: r }))
    setFormFor(null)
  }

  return (
    <View className='page notices'>
      <LoadState loading={loading && !data} error={data ? '' : error} onRetry={() => void load()} />
      {data && (
        <View>
          <View className='notices__head' id='notices-village'>{data.village} 正在公示</View>
          <View className='lead'>公示期内，对名单有不同意见的，可以在这里提出，也可以直接找村委会。</View>
          {error && <View className='error-box'>{error}</View>}
          {data.notices.length === 0 && <View className='card empty' id='notices-empty'>本村现在没有正在公示的名单。</View>}
          {data.notices.map((n) => {
            const left = daysFrom(data.today, n.endOn)
            const answer = done[n.id]
            return (
              <View key={n.id} className='card notice' id={`notice-${n.id}`}>
                <View className='notice__text'>
                  {n.text.split('\n').map((line, i) => (
                    <View key={i} className={i === 0 ? 'notice__title' : 'notice__line'}>{line}</View>
                  ))}
                </View>
                <View className='notice__period'>
                  <View>公示截止：{formatDate(n.endOn)}</View>
                  <View>{left > 0 ? `还有${left}天可以提出异议` : '今天是最后一天'}</View>
                </View>
                {answer && (
                  <View className='objection-done' id='objection-done'>
                    <View className='objection-done__title'>✓ 异议已提交</View>
                    <View className='objection-done__text'>{answer.message}</View>
                  </View>
                )}
                {!answer && formFor === n.id && <ObjectionForm notice={n} onDone={objected} onCancel={() => setFormFor(null)} />}
                {!answer && formFor !== n.id && (
                  <Button className='btn btn-secondary' id={`object-${n.id}`} onClick={() => setFormFor(n.id)}>提出异议</Button>
                )}
              </View>
            )
          })}
        </View>
      )}
    </View>
  )
}
