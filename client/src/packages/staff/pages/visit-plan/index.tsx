import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { VisitPlanItem, VisitPlanResponse } from '@shared/contracts/visit-plan'
import { call, errorMessage } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { formatDate } from '../../../../utils/format'
import '../../components/staff.scss'
import './index.scss'

type Filter = 'all' | 'unvisited' | 'flagged'
const FILTERS: { value: Filter, label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'unvisited', label: '本月未走访' },
  { value: 'flagged', label: '八必访' },
]

/** 'YYYY-MM' moved by `delta` months. */
function shiftMonth(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta
  const m = (index % 12) + 1
  return `${Math.floor(index / 12)}-${m < 10 ? '0' : ''}${m}`
}

function whyText(h: VisitPlanItem): string {
  if (h.lifted && h.monitored) return '脱贫户 · 监测对象'
  return h.lifted ? '脱贫户' : '监测对象'
}

/**
 * 每月走访计划: every 脱贫户 and monitored household of the staff member's area for a month, 八必访 first, then those
 * not yet visited. Tapping a household opens its page, where the visit is recorded.
 */
export default function VisitPlanPage() {
  // the month on screen, read by the show/refresh handlers (a ref: they may hold an old render's closure)
  const monthRef = useRef<string | undefined>(undefined)
  const [plan, setPlan] = useState<VisitPlanResponse>()
  const [filter, setFilter] = useState<Filter>('all')
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async (which = monthRef.current) => {
    setError('')
    setLoading(true)
    try {
      const answer = await call('visitPlan', { query: which ? { month: which } : {} })
      setPlan(answer)
      monthRef.current = answer.month
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  // coming back from a household page after recording a visit shows it at once
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const shown = (plan?.households ?? []).filter((h) =>
    filter === 'all' || (filter === 'unvisited' ? !h.visited : h.flags.length > 0))

  return (
    <View className='page visit-plan'>
      <View className='visit-plan__months'>
        <View className='small-btn' id='plan-prev' onClick={() => plan && void load(shiftMonth(plan.month, -1))}>‹ 上月</View>
        <View className='visit-plan__month' id='plan-month'>{plan?.monthLabel ?? ''}</View>
        <View className='small-btn' id='plan-next' onClick={() => plan && void load(shiftMonth(plan.month, 1))}>下月 ›</View>
      </View>

      <LoadState loading={loading && !plan} error={plan ? '' : error} onRetry={() => void load()} />
      {plan && error && <View className='error-box'>{error}</View>}
      {plan && (
        <View id='visit-plan'>
          <View className='card visit-plan__summary' id='plan-summary'>
            <View>应走访 <Text className='visit-plan__count'>{plan.counts.households}</Text> 户</View>
            <View>已走访 <Text className='visit-plan__count visit-plan__count--done'>{plan.counts.visited}</Text> 户</View>
            <View>八必访 <Text className='visit-plan__count visit-plan__count--flag'>{plan.counts.flagged}</Text> 户</View>
          </View>
          <View className='muted'>脱贫户和监测对象每月至少走访一次；八必访户排在最前，其次是本月还没走访的。</View>

          <View className='choice visit-plan__filters'>
            {FILTERS.map((f) => (
              <View
                key={f.value}
                id={`plan-filter-${f.value}`}
                className={`choice__chip${filter === f.value ? ' choice__chip--selected' : ''}`}
                onClick={() => setFilter(f.value)}
              >
                {f.label}
              </View>
            ))}
          </View>

          {shown.length === 0 && (
            <View className='card empty' id='plan-empty'>
              {plan.households.length === 0 ? '本辖区没有需要走访的脱贫户或监测对象。' : '没有符合条件的农户。'}
            </View>
          )}
          {shown.map((h) => (
            <View
              key={h.householdId}
              className={`card plan-card${h.flags.length ? ' plan-card--flagged' : ''}`}
              id={`plan-${h.householdId}`}
              data-household-id={h.householdId}
              onClick={() => Taro.navigateTo({ url: withQuery(PAGES.staffHousehold, { id: h.householdId }) })}
            >
              <View className='plan-card__top'>
                <Text className='plan-card__head'>{h.headName}家</Text>
                <Text className={`plan-card__visited${h.visited ? ' plan-card__visited--done' : ''}`}>
                  {h.visited ? '本月已走访' : '本月未走访'}
                </Text>
              </View>
              <View className='tags'>
                <Text className='tag tag--info'>{whyText(h)}</Text>
                {h.caseStatusLabel && <Text className='tag'>{h.caseStatusLabel}</Text>}
              </View>
              <View className='row'><Text className='row__label'>村组</Text><Text className='row__value'>{h.place.village}{h.place.group}</Text></View>
              <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value mono'>{h.number}</Text></View>
              <View className='row'>
                <Text className='row__label'>上次走访</Text>
                <Text className='row__value'>{h.lastVisitOn ? formatDate(h.lastVisitOn) : '没有走访记录'}</Text>
              </View>
              {h.flags.length > 0 && (
                <View className='plan-card__flags'>
                  {h.flags.map((f) => (
                    <View key={f.kind} className='plan-card__flag'>
                      <Text className='plan-card__flag-label'>{f.label}</Text>：{f.detail}
                    </View>
                  ))}
                </View>
              )}
              <View className='plan-card__open'>去走访 ›</View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
