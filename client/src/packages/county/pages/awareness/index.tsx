import { useRef, useState } from 'react'
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { AreaAwareness, AwarenessResponse, UnreachedResponse } from '@shared/contracts/awareness'
import { rateText } from '@shared/domain/supervision'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import './index.scss'

const READERS = ['county_admin', 'township_reviewer', 'village_cadre', 'inspector']
const LEVEL_LABELS: Record<string, string> = { county: '县', township: '乡镇', village: '村', group: '组' }

/** A bar's width and the target line's place, in per cent of the track. */
const percent = (rate: number) => `${Math.min(100, Math.max(0, rate * 100))}%`

function Bar({ rate, target, tone }: { rate: number, target: number, tone: 'good' | 'bad' | 'low' }) {
  return (
    <View className='bar'>
      <View className={`bar__fill bar__fill--${tone}`} style={{ width: percent(rate) }} />
      <View className='bar__target' style={{ left: percent(target) }} />
    </View>
  )
}

/**
 * 知晓率: the share of households of an area whose member knows the declaration conditions (latest quiz: every key
 * question right) against the 95% target, a bar per township, village or group with the target line, villages below it
 * flagged; and how many households each explainer reached. A township opens its villages; a village its groups and
 * the households not yet reached or not aware.
 */
export default function AwarenessPage() {
  const user = getStoredUser()
  const allowed = !!user && READERS.includes(user.role)
  /** The areas drilled into, from the user's own (empty: the user's own area). */
  const trail = useRef<{ id: string, name: string }[]>([])
  const [data, setData] = useState<AwarenessResponse>()
  const [unreached, setUnreached] = useState<UnreachedResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async () => {
    const here = trail.current[trail.current.length - 1]
    setError('')
    setLoading(true)
    try {
      const answer = await call('awareness', { query: here ? { areaId: here.id } : {} })
      setData(answer)
      setUnreached(answer.area.level === 'village'
        ? await call('unreachedHouseholds', { query: { villageId: answer.area.areaId } })
        : undefined)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useLoad(() => {
    if (allowed) void load()
    else setLoading(false)
  })
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const go = (next: { id: string, name: string }[]) => {
    trail.current = next
    void load().then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 0 }))
  }
  const drill = (child: AreaAwareness) => {
    if (child.level === 'group' || loading) return
    go([...trail.current, { id: child.areaId, name: child.name }])
  }

  if (!allowed) {
    return <View className='page awareness'><View className='card empty' id='awareness-forbidden'>只有县、乡镇、村的工作人员和督查人员可以查看知晓率。</View></View>
  }

  const target = data?.target ?? 0.95
  const area = data?.area
  const toneOf = (a: AreaAwareness) => (a.rate >= target ? 'good' : a.flagged ? 'bad' : 'low')
  const parent = trail.current.length > 1 ? trail.current[trail.current.length - 2] : null

  return (
    <View className='page awareness'>
      {trail.current.length > 0 && (
        <View className='awareness__back' id='awareness-up' onClick={() => go(trail.current.slice(0, -1))}>
          ‹ 返回{parent ? parent.name : (user?.area.name ?? '上一级')}
        </View>
      )}
      <LoadState loading={loading && !data} error={data ? '' : error} onRetry={() => void load()} />
      {data && error && <View className='error-box'>{error}</View>}

      {area && (
        <View className={`card awareness__head awareness__head--${toneOf(area)}`} id='awareness-area' data-area-id={area.areaId}>
          <View className='awareness__name'>{area.name}</View>
          <View className='awareness__rate-line'>
            <Text className='awareness__rate' id='awareness-rate'>{rateText(area.rate)}</Text>
            <Text className='awareness__target'>目标 {rateText(target)}</Text>
          </View>
          <View className='awareness__counts' id='awareness-counts'>知道申报条件 {area.aware} 户 / 共 {area.households} 户</View>
          <Bar rate={area.rate} target={target} tone={toneOf(area)} />
          <View className={`awareness__verdict awareness__verdict--${toneOf(area)}`}>
            {area.households === 0 ? '没有农户' : area.rate >= target ? '已达标' : `未达标，还差 ${Math.max(0, Math.ceil(target * area.households) - area.aware)} 户`}
          </View>
        </View>
      )}

      {data && data.children.length > 0 && (
        <View className='card awareness__chart' id='awareness-children'>
          <View className='awareness__chart-title'>
            各{LEVEL_LABELS[data.children[0].level]}知晓率
            <Text className='awareness__legend'>┆ 红线为 {rateText(target)} 目标</Text>
          </View>
          {data.children.map((c) => (
            <View
              key={c.areaId}
              className={`awareness__row${c.level === 'group' ? '' : ' awareness__row--tap'}`}
              id={`awareness-child-${c.areaId}`}
              data-rate={String(c.rate)}
              data-flagged={c.flagged ? 'yes' : 'no'}
              onClick={() => drill(c)}
            >
              <View className='awareness__row-head'>
                <Text className='awareness__row-name'>{c.name}</Text>
                {c.flagged && <Text className='awareness__flag'>未达标</Text>}
                <Text className='awareness__row-rate'>{rateText(c.rate)}</Text>
              </View>
              <Bar rate={c.rate} target={target} tone={toneOf(c)} />
              <View className='awareness__row-line'>
                {c.aware}/{c.households} 户{c.level === 'group' ? '' : c.level === 'village' ? ' · 看未覆盖的户 ›' : ' · 看各村 ›'}
              </View>
            </View>
          ))}
        </View>
      )}

      {data && area && data.explainers.length > 0 && (
        <View className='card awareness__chart' id='awareness-reach'>
          <View className='awareness__chart-title'>明白纸到户情况（{area.name}）</View>
          {data.explainers.map((e) => {
            const reached = area.reached[e.explainerId] ?? 0
            const rate = area.households ? reached / area.households : 0
            return (
              <View key={e.explainerId} className='awareness__row' id={`awareness-reach-${e.explainerId}`}>
                <View className='awareness__row-head'>
                  <Text className='awareness__row-name'>《{e.title}》</Text>
                  <Text className='awareness__row-rate'>{rateText(rate)}</Text>
                </View>
                <View className='bar'><View className='bar__fill bar__fill--reach' style={{ width: percent(rate) }} /></View>
                <View className='awareness__row-line'>已看过 {reached} 户 / 共 {area.households} 户</View>
              </View>
            )
          })}
        </View>
      )}
      {data && data.explainers.length === 0 && <View className='card muted'>这里还没有现行的政策明白纸。</View>}

      {unreached && (
        <View id='awareness-unreached'>
          <View className='section-title'>未覆盖的户（{unreached.households.length}）</View>
          <View className='muted awareness__note'>有明白纸没看过，或还没答对申报条件题的户。请网格员入户时一起看明白纸、答题。</View>
          {unreached.households.length === 0 && <View className='card empty'>全村每户都看过明白纸，也知道申报条件。</View>}
          {unreached.households.map((h) => (
            <View
              key={h.householdId}
              className='card awareness__household'
              id={`unreached-${h.householdId}`}
              onClick={() => Taro.navigateTo({ url: withQuery(PAGES.staffHousehold, { id: h.householdId }) })}
            >
              <View className='awareness__household-head'>
                <Text className='awareness__household-name'>{h.headName}家</Text>
                <Text className='muted'>{h.group}</Text>
              </View>
              <View className='muted mono'>{h.number}</View>
              {h.unopened.length > 0 && <View className='awareness__missing'>没看过：{h.unopened.map((t) => `《${t}》`).join('')}</View>}
              <View className={h.aware ? 'awareness__ok' : 'awareness__missing'}>{h.aware ? '已知道申报条件' : '还没答对申报条件题'}</View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
