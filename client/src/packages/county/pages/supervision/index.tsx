import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import type {
  DeadlineItem, DeadlineStatus, SupervisionDeadlinesResponse, TimelinessResponse, UnreachableResponse,
} from '@shared/contracts/supervision'
import { rateText } from '@shared/domain/supervision'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { redirectIfSignedOut, toCase } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { formatDate, formatDateTime } from '../../../../utils/format'
import './index.scss'

/** Who sees the pushes that did not reach their person (the admins of an area). */
const PUSH_ADMINS = ['township_reviewer', 'county_admin']
const TABS: { value: DeadlineStatus, label: string }[] = [
  { value: 'overdue', label: '逾期' },
  { value: 'due_soon', label: '即将到期' },
]
/** Parked pushes shown before 显示全部. */
const PUSHES_SHOWN = 10

type Rate = TimelinessResponse['overall']['plan']

function rateLine(r: Rate): string {
  if (!r.total) return r.pending ? `暂无可评价（${r.pending}件未到期）` : '暂无案件'
  return `${r.onTime}/${r.total} 按时${r.pending ? `，另${r.pending}件未到期` : ''}`
}

function dueText(item: DeadlineItem): string {
  if (item.daysOverdue > 0) return `逾期${item.daysOverdue}天`
  return item.daysLeft === 0 ? '今天到期' : `还剩${item.daysLeft}天`
}

/**
 * 督导: the deadlines of the supervisor's area — overdue and due-soon tasks and department measures, counted per
 * township and village, each row with whose work it is and whether they can be reached by push — the timeliness of
 * decisions and plans over a period, and (for admins) the pushes that did not reach their person. Read-only; a row
 * opens its case.
 */
export default function SupervisionPage() {
  const user = getStoredUser()
  const isAdmin = !!user && PUSH_ADMINS.includes(user.role)
  // the tab and the area narrowed to, read by the show/refresh handlers (refs: they may hold an old render's closure)
  const statusRef = useRef<DeadlineStatus>('overdue')
  const areaRef = useRef<{ id: string, name: string } | null>(null)
  const periodRef = useRef<{ from: string, to: string } | null>(null)
  const [status, setStatus] = useState<DeadlineStatus>('overdue')
  const [area, setArea] = useState<{ id: string, name: string } | null>(null)
  const [deadlines, setDeadlines] = useState<SupervisionDeadlinesResponse>()
  const [timeliness, setTimeliness] = useState<TimelinessResponse>()
  const [pushes, setPushes] = useState<UnreachableResponse>()
  const [showAllPushes, setShowAllPushes] = useState(false)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [periodError, setPeriodError] = useState('')

  const loadDeadlines = async () => {
    setError('')
    setLoading(true)
    try {
      const query = { status: statusRef.current, ...(areaRef.current ? { areaId: areaRef.current.id } : {}) }
      setDeadlines(await call('supervisionDeadlines', { query }))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  const loadTimeliness = async (period = periodRef.current) => {
    setPeriodError('')
    try {
      const answer = await call('supervisionTimeliness', { query: period ?? {} })
      setTimeliness(answer)
      periodRef.current = { from: answer.from, to: answer.to }
    } catch (e) {
      if (!redirectIfSignedOut(e)) setPeriodError(errorMessage(e))
    }
  }

  const loadPushes = async () => {
    if (!isAdmin) return
    try {
      setPushes(await call('unreachablePushes', { query: {} }))
    } catch (e) {
      redirectIfSignedOut(e)
    }
  }

  const loadAll = () => Promise.all([loadDeadlines(), loadTimeliness(), loadPushes()])
  useDidShow(() => void loadAll())
  usePullDownRefresh(() => void loadAll().finally(() => Taro.stopPullDownRefresh()))

  const chooseTab = (value: DeadlineStatus) => {
    statusRef.current = value
    setStatus(value)
    void loadDeadlines()
  }
  const narrow = (to: { id: string, name: string } | null) => {
    areaRef.current = to
    setArea(to)
    void loadDeadlines()
  }
  const setPeriod = (which: 'from' | 'to', value: string) => {
    const current = periodRef.current ?? { from: timeliness?.from ?? '', to: timeliness?.to ?? '' }
    void loadTimeliness({ ...current, [which]: value })
  }

  const counts = deadlines?.counts
  const items = deadlines?.items ?? []
  const single = counts?.townships.length === 1
  const shownPushes = showAllPushes ? pushes?.pushes ?? [] : (pushes?.pushes ?? []).slice(0, PUSHES_SHOWN)

  return (
    <View className='page supervision'>
      <View className='supervision__title'>
        <Text className='supervision__area' id='supervision-area'>{deadlines?.area.name ?? user?.area.name ?? ''}</Text>
        {deadlines && <Text className='supervision__today'>截至{formatDate(deadlines.today)}</Text>}
      </View>

      <View className='supervision__tabs'>
        {TABS.map((tab) => (
          <View
            key={tab.value}
            id={`supervision-tab-${tab.value}`}
            className={`supervision__tab${status === tab.value ? ' supervision__tab--active' : ''}`}
            onClick={() => chooseTab(tab.value)}
          >
            {tab.label}
            {counts && <Text className='supervision__tab-count'>{tab.value === 'overdue' ? counts.total.overdue : counts.total.dueSoon}</Text>}
          </View>
        ))}
      </View>
      {status === 'due_soon' && deadlines && (
        <View className='muted'>即将到期：今天到{formatDate(deadlines.soonUntil)}之间到期的事项。</View>
      )}

      <LoadState loading={loading && !deadlines} error={deadlines ? '' : error} onRetry={() => void loadDeadlines()} />
      {deadlines && error && <View className='error-box'>{error}</View>}

      {counts && (
        <View className='card supervision__table' id='supervision-counts'>
          <View className='supervision__row supervision__row--head'>
            <Text className='supervision__cell supervision__cell--name'>{single ? '村' : '乡镇 / 村'}</Text>
            <Text className='supervision__cell'>逾期</Text>
            <Text className='supervision__cell'>即将到期</Text>
          </View>
          {counts.townships.map((t) => (
            <View key={t.areaId}>
              {!single && (
                <View className='supervision__row supervision__row--township' id={`count-${t.areaId}`} onClick={() => narrow({ id: t.areaId, name: t.name })}>
                  <Text className='supervision__cell supervision__cell--name'>{t.name}</Text>
                  <Text className={`supervision__cell${t.overdue ? ' supervision__cell--bad' : ''}`}>{t.overdue}</Text>
                  <Text className={`supervision__cell${t.dueSoon ? ' supervision__cell--warn' : ''}`}>{t.dueSoon}</Text>
                </View>
              )}
              {t.villages.map((v) => (
                <View key={v.areaId} className='supervision__row' id={`count-${v.areaId}`} onClick={() => narrow({ id: v.areaId, name: v.name })}>
                  <Text className={`supervision__cell supervision__cell--name${single ? '' : ' supervision__cell--village'}`}>{v.name}</Text>
                  <Text className={`supervision__cell${v.overdue ? ' supervision__cell--bad' : ''}`}>{v.overdue}</Text>
                  <Text className={`supervision__cell${v.dueSoon ? ' supervision__cell--warn' : ''}`}>{v.dueSoon}</Text>
                </View>
              ))}
            </View>
          ))}
          <View className='supervision__hint'>点乡镇或村名，只看该地的事项。</View>
        </View>
      )}
      {area && (
        <View className='supervision__filter' id='supervision-filter'>
          只看：{area.name}
          <Text className='supervision__filter-clear' id='supervision-filter-clear' onClick={() => narrow(null)}>看全部 ✕</Text>
        </View>
      )}

      {deadlines && (
        <View id='supervision-items'>
          <View className='section-title'>{status === 'overdue' ? '逾期事项' : '即将到期事项'}（{items.length}{deadlines.truncated ? '+' : ''}）</View>
          {deadlines.truncated && (
            <View className='supervision__truncated'>事项较多，只列出{status === 'overdue' ? '逾期最久' : '最先到期'}的{deadlines.limit}项；上面的统计包括全部事项。</View>
          )}
          {items.length === 0 && (
            <View className='card empty' id='supervision-empty'>{status === 'overdue' ? '没有逾期事项。' : '近期没有即将到期的事项。'}</View>
          )}
          {items.map((item) => (
            <View
              key={`${item.kind}-${item.id}`}
              className={`card due-card${item.daysOverdue > 0 ? ' due-card--overdue' : ''}`}
              id={`due-${item.id}`}
              data-case-id={item.caseId}
              onClick={() => toCase(item.caseId)}
            >
              <View className='due-card__top'>
                <Text className='due-card__label'>{item.label}</Text>
                <Text className={`due-card__due${item.daysOverdue > 0 ? ' due-card__due--overdue' : ''}`}>{dueText(item)}</Text>
              </View>
              <View className='due-card__head'>{item.headName}家</View>
              <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value mono'>{item.householdNumber}</Text></View>
              <View className='row'><Text className='row__label'>地址</Text><Text className='row__value'>{item.place.township}{item.place.village}{item.place.group}</Text></View>
              <View className='row'><Text className='row__label'>期限</Text><Text className='row__value'>{formatDate(item.dueOn)}</Text></View>
              <View className='row'>
                <Text className='row__label'>负责</Text>
                <View className='row__value'>
                  <Text>{item.ownerLabel}</Text>
                  {item.owners.length === 0 && <Text className='due-card__nobody'>（无账号）</Text>}
                  {item.owners.map((o) => (
                    <View key={o.userId} className='due-card__owner'>
                      <Text>{o.name}</Text>
                      {o.unreachable && <Text className='due-card__flag'>{o.reasonLabel}，收不到推送</Text>}
                    </View>
                  ))}
                </View>
              </View>
              <View className='due-card__open'>查看案件 ›</View>
            </View>
          ))}
        </View>
      )}

      <View className='section-title' id='timeliness-title'>时效</View>
      {periodError && <View className='error-box' id='timeliness-error'>{periodError}</View>}
      {timeliness && (
        <View id='timeliness'>
          <View className='supervision__period'>
            <View className='supervision__period-side'>
              <Picker mode='date' value={timeliness.from} end={timeliness.today} onChange={(e) => setPeriod('from', e.detail.value)}>
                <View className='date-pick' id='timeliness-from'>{formatDate(timeliness.from)}</View>
              </Picker>
            </View>
            <Text className='supervision__period-to'>至</Text>
            <View className='supervision__period-side'>
              <Picker mode='date' value={timeliness.to} onChange={(e) => setPeriod('to', e.detail.value)}>
                <View className='date-pick' id='timeliness-to'>{formatDate(timeliness.to)}</View>
              </Picker>
            </View>
          </View>
          <View className='supervision__rates'>
            <View className='card rate-card' id='rate-identification'>
              <View className='rate-card__caption'>识别认定及时率</View>
              <View className='rate-card__value'>{rateText(timeliness.overall.identification.rate)}</View>
              <View className='rate-card__line'>线索后{timeliness.policy?.identificationDays ?? 15}{timeliness.policy?.dayCount === 'working' ? '个工作日' : '天'}内审定</View>
              <View className='rate-card__line'>{rateLine(timeliness.overall.identification)}</View>
            </View>
            <View className='card rate-card' id='rate-plan'>
              <View className='rate-card__caption'>帮扶计划及时率</View>
              <View className='rate-card__value'>{rateText(timeliness.overall.plan.rate)}</View>
              <View className='rate-card__line'>认定后{timeliness.policy?.planDays ?? 10}{timeliness.policy?.dayCount === 'working' ? '个工作日' : '天'}内制定</View>
              <View className='rate-card__line'>{rateLine(timeliness.overall.plan)}</View>
            </View>
          </View>
          <View className='card supervision__table' id='timeliness-table'>
            <View className='supervision__row supervision__row--head'>
              <Text className='supervision__cell supervision__cell--name'>{timeliness.townships.length === 1 ? '村' : '乡镇 / 村'}</Text>
              <Text className='supervision__cell'>认定</Text>
              <Text className='supervision__cell'>计划</Text>
            </View>
            {timeliness.townships.map((t) => (
              <View key={t.areaId}>
                {timeliness.townships.length > 1 && (
                  <View className='supervision__row supervision__row--township'>
                    <Text className='supervision__cell supervision__cell--name'>{t.name}</Text>
                    <Text className='supervision__cell'>{rateText(t.identification.rate)}</Text>
                    <Text className='supervision__cell'>{rateText(t.plan.rate)}</Text>
                  </View>
                )}
                {t.villages.map((v) => (
                  <View key={v.areaId} className='supervision__row'>
                    <Text className={`supervision__cell supervision__cell--name${timeliness.townships.length > 1 ? ' supervision__cell--village' : ''}`}>{v.name}</Text>
                    <Text className='supervision__cell'>{rateText(v.identification.rate)}</Text>
                    <Text className='supervision__cell'>{rateText(v.plan.rate)}</Text>
                  </View>
                ))}
              </View>
            ))}
            <View className='supervision__hint'>按线索日期（认定）和认定日期（计划）统计；到期仍未办结的算超时。</View>
          </View>
        </View>
      )}

      {isAdmin && pushes && (
        <View id='unreachable'>
          <View className='section-title'>推送未送达（{pushes.pushes.length}{pushes.truncated ? '+' : ''}）</View>
          <View className='muted'>这些消息只进了本人的“消息”页，没有推送到微信。请提醒本人在小程序里订阅消息或绑定微信。</View>
          {pushes.pushes.length === 0 && <View className='card empty'>没有未送达的推送。</View>}
          {shownPushes.map((p) => (
            <View key={p.id} className='card push-card' id={`push-${p.id}`}>
              <View className='push-card__top'>
                <Text className='push-card__name'>{p.name}</Text>
                <Text className='push-card__reason'>{p.reasonLabel}</Text>
              </View>
              <View className='push-card__meta'>{p.roleLabel} · {p.areaName}</View>
              <View className='push-card__title'>{p.title}</View>
              <View className='push-card__meta'>{formatDateTime(p.createdAt)}</View>
            </View>
          ))}
          {!showAllPushes && pushes.pushes.length > PUSHES_SHOWN && (
            <View className='link' id='unreachable-more' onClick={() => setShowAllPushes(true)}>显示全部{pushes.pushes.length}条</View>
          )}
        </View>
      )}
    </View>
  )
}
