import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { HouseholdExplainersResponse } from '@shared/contracts/awareness'
import { call, errorMessage } from '../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../services/navigation'
import './explainer-list.scss'

/** '11月20日' in the phone's time: the day the household last opened it. */
function readDay(iso: string): string {
  const d = new Date(iso)
  return `${d.getMonth() + 1}月${d.getDate()}日`
}

interface Props {
  householdId: string
  /** Staff on a visit: the same list, worded for reading it with the household. */
  visit?: boolean
}

/**
 * 政策明白纸: the explainers in force for the household, each marked 已读 (with the day it was last opened) or 未读,
 * and 「答题测一测」 when there are questions. Reloaded whenever the page shows again (after reading or a quiz).
 */
export function ExplainerList({ householdId, visit = false }: Props) {
  const [data, setData] = useState<HouseholdExplainersResponse>()
  const [error, setError] = useState('')

  const load = async () => {
    if (!householdId) return
    try {
      setData(await call('householdExplainers', { params: { householdId } }))
      setError('')
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    }
  }
  useEffect(() => void load(), [householdId])
  useDidShow(() => void load())

  const open = (id: string) => Taro.navigateTo({
    url: withQuery(PAGES.explainer, { householdId, id, quiz: data && data.questionCount > 0 ? '1' : '' }),
  })
  const quiz = () => Taro.navigateTo({ url: withQuery(PAGES.quiz, { householdId }) })

  return (
    <View className='explainers' id='explainers'>
      <View className='section-title'>政策明白纸</View>
      {error && <View className='error-box' id='explainers-error'>{error}</View>}
      {!data && !error && <View className='card muted'>正在加载…</View>}
      {data && data.explainers.length === 0 && <View className='card muted' id='explainers-none'>现在没有需要看的明白纸。</View>}
      {data?.explainers.map((e) => (
        <View
          key={e.id}
          className={`card explainer-item${e.openedAt ? '' : ' explainer-item--unread'}`}
          id={`explainer-${e.explainerId}`}
          data-read={e.openedAt ? 'yes' : 'no'}
          onClick={() => open(e.id)}
        >
          <View className='explainer-item__title'>{e.title}</View>
          <View className='explainer-item__line'>
            {e.openedAt
              ? <Text className='explainer-item__read'>✓ 已读（{readDay(e.openedAt)}）</Text>
              : <Text className='explainer-item__unread'>未读</Text>}
            <Text className='explainer-item__open'>{e.openedAt ? '再看一遍 ›' : '点这里看 ›'}</Text>
          </View>
        </View>
      ))}
      {data && data.questionCount > 0 && (
        <View className='explainers__quiz'>
          <Button className='btn btn-primary' id='explainers-quiz' onClick={quiz}>{visit ? '和家里人一起答题' : '答题测一测'}</Button>
          <View className='explainers__hint'>
            {visit ? '请户里的一位成员作答，几道题，答完马上知道对错。' : '看完明白纸，答几道题，看看记住了没有。答完马上告诉您对错。'}
          </View>
        </View>
      )}
    </View>
  )
}
