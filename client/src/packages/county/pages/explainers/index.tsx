import { useState } from 'react'
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { Button, RichText, Text, View } from '@tarojs/components'
import type { ExplainerDetailResponse, ExplainerSummary, PublishExplainerResponse } from '@shared/contracts/awareness'
import type { AreaOption } from '@shared/contracts/codes'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { PAGES, redirectIfSignedOut } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { formatDate, formatDateTime } from '../../../../utils/format'
import { chinaToday } from '../../../../utils/form'
import { styledHtml } from '../../../../utils/rich-text'
import { ExplainerForm } from '../../components/explainer-form'
import './index.scss'

type Detail = ExplainerDetailResponse['explainer']
type Mode = { kind: 'list' } | { kind: 'view', detail: Detail, published?: PublishExplainerResponse } | { kind: 'edit', from?: Detail }

const LETTERS = 'ABCDEF'

/** Every version of each explainer, newest version first, explainers by their newest version. */
function byExplainer(list: ExplainerSummary[]): ExplainerSummary[][] {
  const groups = new Map<string, ExplainerSummary[]>()
  for (const e of list) groups.set(e.explainerId, [...(groups.get(e.explainerId) ?? []), e])
  return [...groups.values()].map((versions) => versions.sort((a, b) => b.version - a.version))
}

function validity(e: ExplainerSummary): string {
  return `${formatDate(e.validFrom)}起${e.validTo ? `至${formatDate(e.validTo)}` : '，长期有效'}`
}

/** The county's preview: a policy figure as 【监测线】 (each household reads its own region's figure). */
function markPlaceholders(html: string): string {
  return html.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, '【$1】')
}

/** 现行, or why a version is not in force (today by the phone's clock, in China). */
function stateText(e: ExplainerSummary): string {
  if (e.current) return '现行'
  const today = chinaToday()
  if (e.validFrom > today) return '待生效'
  if (e.validTo && e.validTo < today) return '已过期'
  return '已被新版本替代'
}

/**
 * 政策明白纸 for the county: every explainer with all its published versions (kept, never overwritten), a version as
 * published with its questions, and the editor for a new explainer or the next version of one.
 */
export default function ExplainersPage() {
  const allowed = getStoredUser()?.role === 'county_admin'
  const [list, setList] = useState<ExplainerSummary[]>()
  const [areas, setAreas] = useState<AreaOption[]>([])
  const [mode, setMode] = useState<Mode>({ kind: 'list' })
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [opening, setOpening] = useState('')

  const load = async () => {
    setError('')
    try {
      const [explainers, areaList] = await Promise.all([call('listExplainers'), call('listAreas')])
      setList(explainers.explainers)
      setAreas(areaList.areas.filter((a) => a.level !== 'group'))
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

  const top = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })

  /** Loads one version, then shows it or starts its next version. */
  const open = async (id: string, then: 'view' | 'edit') => {
    if (opening) return
    setOpening(id)
    setError('')
    try {
      const { explainer } = await call('getExplainer', { params: { id } })
      setMode(then === 'view' ? { kind: 'view', detail: explainer } : { kind: 'edit', from: explainer })
      top()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setOpening('')
    }
  }

  const published = (answer: PublishExplainerResponse) => {
    setMode({ kind: 'view', detail: answer.explainer, published: answer })
    top()
    void load()
  }

  const back = () => {
    setMode({ kind: 'list' })
    top()
  }

  if (!allowed) {
    return <View className='page explainers'><View className='card empty' id='explainers-forbidden'>只有县乡村振兴局的账号可以发布政策明白纸。</View></View>
  }

  if (mode.kind === 'edit') {
    return (
      <View className='page explainers'>
        <ExplainerForm areas={areas} from={mode.from} onPublished={published} onCancel={back} />
      </View>
    )
  }

  if (mode.kind === 'view') {
    const d = mode.detail
    return (
      <View className='page explainers' id='explainer-view' data-version-id={d.id}>
        {mode.published && (
          <View className='done-box' id='explainer-published'>
            {mode.published.replayed ? '这一版之前已经发布过，没有重复发布。' : `已发布：《${d.title}》第 ${d.version} 版，${formatDate(d.validFrom)}起在${d.area.name}生效。`}
          </View>
        )}
        <View className='explainers__title'>{d.title}</View>
        <View className='explainers__meta'>
          <Text className='tag tag--info'>{d.topicLabel}</Text>
          <Text className='tag'>第 {d.version} 版</Text>
          {d.current && <Text className='tag tag--current'>现行</Text>}
        </View>
        <View className='muted'>{d.area.name} · {validity(d)}</View>
        <View className='muted'>{d.publishedBy} 发布于 {formatDateTime(d.publishedAt)}</View>
        <View className='section-title'>农户看到的样子</View>
        <View className='muted'>【监测线】【认定时限】等，农户看到的是他所在地当年政策的数字。</View>
        <View className='card explainers__body' id='explainer-html'><RichText nodes={styledHtml(markPlaceholders(d.html))} /></View>
        <View className='section-title'>题目（{d.questions.length}）</View>
        {d.questions.length === 0 && <View className='card muted'>这一版没有题目。</View>}
        {d.questions.map((q, i) => (
          <View key={q.id} className='card explainers__question'>
            <View className='explainers__question-stem'>
              {i + 1}. {q.stem}
              {q.key && <Text className='tag tag--key'>关键题</Text>}
            </View>
            {q.kind === 'single'
              ? q.options.map((o, j) => <View key={j} className={j === q.answer ? 'explainers__right' : ''}>{LETTERS[j]}. {o}{j === q.answer ? '  ✓' : ''}</View>)
              : <View className='explainers__right'>答案：{q.options[q.answer]}</View>}
            <View className='muted'>解析：{q.explanation}</View>
          </View>
        ))}
        <Button className='btn btn-primary' id='explainer-new-version' onClick={() => void open(d.id, 'edit')}>以这一版为底稿，发布新版本</Button>
        <Button className='btn btn-secondary' id='explainer-back' onClick={back}>返回列表</Button>
      </View>
    )
  }

  const groups = byExplainer(list ?? [])
  return (
    <View className='page explainers'>
      <View className='lead'>明白纸发布后不能改，只能发布新版本；旧版本都保留。农户在“我家信息”里看到本地现行的明白纸。</View>
      <Button className='btn btn-primary btn-huge' id='explainers-new' onClick={() => { setMode({ kind: 'edit' }); top() }}>发布新的明白纸</Button>
      <View className='link' id='explainers-awareness' onClick={() => Taro.navigateTo({ url: PAGES.awareness })}>知晓率：各乡镇、村的政策知晓情况 ›</View>
      <LoadState loading={loading} error={list ? '' : error} onRetry={() => void load()} />
      {list && error && <View className='error-box'>{error}</View>}
      {list && groups.length === 0 && <View className='card empty' id='explainers-none'>还没有发布明白纸。</View>}
      {groups.map((versions) => {
        const latest = versions[0]
        return (
          <View key={latest.explainerId} className='card explainers__item' id={`explainers-${latest.explainerId}`}>
            <View className='explainers__item-title'>{latest.title}</View>
            <View className='explainers__meta'>
              <Text className='tag tag--info'>{latest.topicLabel}</Text>
              <Text className='tag'>{latest.area.name}</Text>
            </View>
            {versions.map((v) => (
              <View key={v.id} className='explainers__version' id={`version-${v.id}`} onClick={() => void open(v.id, 'view')}>
                <View className='explainers__version-head'>
                  <Text>第 {v.version} 版{v.title !== latest.title ? `《${v.title}》` : ''}</Text>
                  <Text className={v.current ? 'tag tag--current' : 'tag'}>{stateText(v)}</Text>
                </View>
                <View className='explainers__version-line'>{validity(v)}</View>
                <View className='explainers__version-line'>{v.questionCount} 道题 · {v.publishedBy} {formatDateTime(v.publishedAt)} 发布 {opening === v.id ? '…' : '›'}</View>
              </View>
            ))}
            <Button className='btn btn-secondary' id={`explainers-next-${latest.explainerId}`} disabled={!!opening || undefined} onClick={() => void open(latest.id, 'edit')}>
              发布新版本
            </Button>
          </View>
        )
      })}
    </View>
  )
}
