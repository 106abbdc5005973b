import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { CaseDetailResponse } from '@shared/contracts/workflow'
import { PROCEDURE_STEPS, stepOf, type ProcedureStep } from '@shared/domain/workflow/states'
import { call, errorMessage, getStoredUser } from '../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../services/navigation'
import { LoadState } from '../../components/load-state'
import { formatDate } from '../../utils/format'
import './index.scss'

/** '2026-11-20' inside a sentence → '2026年11月20日', as people write dates. */
const chineseDates = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}/g, (d) => formatDate(d))

/** The five steps as a household would say them. */
const STEP_WORDS: Record<ProcedureStep, string> = {
  verification: '上门核实', deliberation: '村里评议', notice: '村里公示', township_review: '乡镇审核', county_review: '县里审定',
}

/** Where the procedure stands: each step done, now, or still to come. */
function Steps({ status }: { status: CaseDetailResponse['case']['status'] }) {
  const at = stepOf(status)
  if (!at) return null
  const now = PROCEDURE_STEPS.indexOf(at.step)
  return (
    <View className='card steps' id='case-steps'>
      <View className='caption'>{at.procedure === 'elimination' ? '风险消除要走的五步' : '认定要走的五步'}</View>
      {PROCEDURE_STEPS.map((step, i) => {
        const state = i < now ? 'done' : i === now ? 'now' : 'todo'
        return (
          <View key={step} className={`steps__item steps__item--${state}`}>
            <View className='steps__mark'>{state === 'done' ? '✓' : i + 1}</View>
            <View className='steps__label'>{STEP_WORDS[step]}</View>
            <View className='steps__state'>{state === 'done' ? '已办完' : state === 'now' ? '正在办' : ''}</View>
          </View>
        )
      })}
    </View>
  )
}

/**
 * The farmer's own case in plain words and large type: what stage it is at, what happens next, who does it and by
 * when, the decision and its reason, and what has happened so far. The server gives the household its own view:
 * no one's name, nothing others said.
 */
export default function MyCasePage() {
  const { params } = useRouter()
  const [detail, setDetail] = useState<CaseDetailResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async () => {
    setError('')
    try {
      setDetail(await call('getCase', { params: { id: params.id ?? '' } }))
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const back = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.reLaunch({ url: withQuery(PAGES.household, { code: getStoredUser()?.householdCode }) })
  }

  const c = detail?.case
  return (
    <View className='page my-case'>
      <LoadState loading={loading && !detail} error={detail ? '' : error} onRetry={() => void load()} />
      {c && (
        <View>
          <View className='card my-case__now' id='case-now'>
            <View className='caption'>现在到了哪一步</View>
            <View className='my-case__status'>{c.statusLabel}</View>
            <View className='my-case__text'>{c.explanation}</View>
          </View>

          {c.nextDeadline && (
            <View className='card my-case__next' id='case-next'>
              <View className='caption'>接下来</View>
              <View className='my-case__text'>由<Bold>{c.nextDeadline.ownerLabel}</Bold>办理“{c.nextDeadline.label}”，</View>
              <View className='my-case__text'>在<Bold>{formatDate(c.nextDeadline.date)}</Bold>前办好。</View>
            </View>
          )}

          {c.outcome && (
            <View className='card my-case__outcome' id='case-outcome'>
              <View className='caption'>结果和原因</View>
              <View className='my-case__text'>{chineseDates(c.outcome)}</View>
            </View>
          )}

          <Steps status={c.status} />

          {c.noticeText && (
            <View className='card my-case__notice' id='case-notice'>
              <View className='caption'>村里张贴的公示</View>
              {c.noticeText.split('\n').map((line, i) => <View key={i} className='my-case__notice-line'>{line}</View>)}
            </View>
          )}

          <View className='section-title'>办理经过</View>
          <View className='card' id='case-timeline'>
            {[...detail.timeline].reverse().map((e) => (
              <View key={e.id} className='history'>
                <View className='history__date'>{formatDate(e.on)}</View>
                <View className='history__what'>{e.label}<Text className='history__who'>（{e.actorLabel}）</Text></View>
                {e.summary && <View className='history__summary'>{chineseDates(e.summary)}</View>}
              </View>
            ))}
          </View>
          <View className='muted center'>有疑问可以打电话问村委会或本组网格员。</View>
          <Button className='btn btn-secondary' id='case-back' onClick={back}>返回我家页面</Button>
        </View>
      )}
    </View>
  )
}

function Bold({ children }: { children: string }) {
  return <Text className='my-case__bold'>{children}</Text>
}
