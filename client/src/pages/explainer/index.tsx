import { useRef, useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Button, RichText, Text, View } from '@tarojs/components'
import type { OpenExplainerResponse } from '@shared/contracts/awareness'
import { call, errorMessage } from '../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../services/navigation'
import { LoadState } from '../../components/load-state'
import { formatDate } from '../../utils/format'
import { makeClientKey } from '../../utils/form'
import { styledHtml } from '../../utils/rich-text'
import './index.scss'

type Explainer = OpenExplainerResponse['explainer']

/**
 * One explainer in large type. Opening it records that the household read it (who and when); each opening has its
 * own key, and a retry of the same opening sends the same key, so it is recorded once.
 */
export default function ExplainerPage() {
  const target = useRef({ householdId: '', id: '', clientKey: '' })
  const [explainer, setExplainer] = useState<Explainer>()
  const [html, setHtml] = useState('')
  const [hasQuiz, setHasQuiz] = useState(false)
  const [large, setLarge] = useState(false)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async () => {
    const { householdId, id, clientKey } = target.current
    setError('')
    setLoading(true)
    try {
      const answer = await call('openExplainer', { params: { householdId, id }, body: { clientKey } })
      setExplainer(answer.explainer)
      setHtml(styledHtml(answer.explainer.html))
      void Taro.setNavigationBarTitle({ title: answer.explainer.title })
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    target.current = { householdId: params.householdId ?? '', id: params.id ?? '', clientKey: makeClientKey() }
    setHasQuiz(params.quiz === '1')
    void load()
  })

  const quiz = () => Taro.redirectTo({ url: withQuery(PAGES.quiz, { householdId: target.current.householdId }) })

  return (
    <View className={`page explainer${large ? ' explainer--large' : ''}`}>
      <LoadState loading={loading && !explainer} error={explainer ? '' : error} onRetry={() => void load()} />
      {explainer && (
        <View id='explainer'>
          <View className='explainer__head'>
            <View className='explainer__title' id='explainer-title'>{explainer.title}</View>
            <View className='explainer__meta'>
              <Text className='tag tag--info'>{explainer.topicLabel}</Text>
              <Text className='explainer__valid'>
                {explainer.area.name} · {formatDate(explainer.validFrom)}起{explainer.validTo ? `，至${formatDate(explainer.validTo)}` : ''}
              </Text>
            </View>
            <View className='explainer__size' id='explainer-size' onClick={() => setLarge(!large)}>
              {large ? '字小一点' : '字大一点'}
            </View>
          </View>
          <View className='card explainer__body' id='explainer-body'>
            <RichText nodes={html} />
          </View>
          {hasQuiz && (
            <View>
              <Button className='btn btn-primary' id='explainer-quiz' onClick={quiz}>看完了，答题测一测</Button>
              <View className='explainer__hint'>答几道题，答完马上告诉您对错和原因。</View>
            </View>
          )}
          <Button className='btn btn-secondary' id='explainer-back' onClick={() => void Taro.navigateBack()}>返回</Button>
        </View>
      )}
    </View>
  )
}
