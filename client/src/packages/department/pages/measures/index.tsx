import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import type { MeasureOrderView } from '@shared/contracts/measures'
import { routes } from '@shared/contracts/routes'
import { call, errorMessage, getStoredUser, validate } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, signOut, withQuery } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { InboxEntry, useUnreadCount } from '../../../../components/inbox-entry'
import { useForm } from '../../../../components/use-form'
import { makeClientKey } from '../../../../utils/form'
import { daysLeftText, formatDate, isUrgent } from '../../../../utils/format'
import './index.scss'

type Tab = 'open' | 'done'

/**
 * 行业部门: the assistance measures ordered to the user's department (开单) within their area, soonest due first,
 * each reported done with what was done (销号 with evidence); and those already done.
 */
export default function DepartmentMeasuresPage() {
  const user = getStoredUser()
  const [tab, setTab] = useState<Tab>('open')
  const [lists, setLists] = useState<Partial<Record<Tab, MeasureOrderView[]>>>({})
  const [department, setDepartment] = useState('')
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [completing, setCompleting] = useState('')
  const [notice, setNotice] = useState('')
  const unread = useUnreadCount()

  const load = async (which: Tab) => {
    setError('')
    try {
      const answer = await call('listMeasures', { query: { status: which } })
      setDepartment(answer.department ?? '')
      setLists((l) => ({ ...l, [which]: answer.measures }))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useDidShow(() => void load(tab))
  usePullDownRefresh(() => void load(tab).finally(() => Taro.stopPullDownRefresh()))

  const show = (which: Tab) => {
    setTab(which)
    setCompleting('')
    void load(which)
  }

  const completed = (m: MeasureOrderView, replayed: boolean) => {
    setCompleting('')
    setLists((l) => ({ open: l.open?.filter((x) => x.id !== m.id), done: l.done ? [m, ...l.done.filter((x) => x.id !== m.id)] : undefined }))
    const message = replayed ? '这项措施之前已办结过' : `已办结：${m.measure}`
    setNotice(message)
    void Taro.showToast({ title: message, icon: 'none', duration: 2000 })
  }

  const measures = lists[tab]
  const overdue = lists.open?.filter((m) => m.daysLeft < 0).length ?? 0
  return (
    <View className='page dept'>
      <View className='staff-header'>
        <View>
          <View className='staff-header__name' id='dept-user'>{user?.name ?? ''}</View>
          <View className='staff-header__meta'>{department || user?.roleLabel || ''} · {user?.area.name ?? ''}</View>
        </View>
        <View className='staff-header__logout' id='dept-logout' onClick={signOut}>退出登录</View>
      </View>
      <InboxEntry unread={unread} />
      <View className='card link dept__screening' id='dept-screening'
        onClick={() => Taro.navigateTo({ url: withQuery(PAGES.screening, { department }) })}>
        数据比对与核实反馈：上传本部门数据，查看预警线索的核实结果 ›
      </View>

      <View className='page-tabs'>
        <View className={`page-tabs__tab${tab === 'open' ? ' page-tabs__tab--on' : ''}`} id='dept-tab-open' onClick={() => show('open')}>
          待办理{lists.open ? `（${lists.open.length}）` : ''}
        </View>
        <View className={`page-tabs__tab${tab === 'done' ? ' page-tabs__tab--on' : ''}`} id='dept-tab-done' onClick={() => show('done')}>
          已办结
        </View>
      </View>
      {notice && <View className='done-box' id='dept-notice'>{notice}</View>}
      {tab === 'open' && overdue > 0 && <View className='dept__overdue' id='dept-overdue'>有{overdue}项已超过完成期限，请尽快办理。</View>}

      <LoadState loading={loading && !measures} error={measures ? '' : error} onRetry={() => void load(tab)} />
      {measures && error && <View className='error-box'>{error}</View>}
      {measures && measures.length === 0 && (
        <View className='card empty' id='dept-empty'>
          {tab === 'open' ? '目前没有派给本部门的帮扶措施。村里制定帮扶计划后，派给本部门的措施会出现在这里。' : '还没有办结的措施。'}
        </View>
      )}
      {measures?.map((m) => (
        <View key={m.id} className='card dept-measure' id={`measure-${m.id}`} data-measure-id={m.id}>
          <View className='dept-measure__top'>
            <Text className='dept-measure__name'>{m.measure}</Text>
            {m.status === 'open'
              ? <Text className={`dept-measure__due${isUrgent(m.daysLeft) ? ' dept-measure__due--urgent' : ''}`}>{daysLeftText(m.daysLeft)}</Text>
              : <Text className='dept-measure__done-badge'>已办结</Text>}
          </View>
          <View className='row'><Text className='row__label'>对象</Text><Text className='row__value'>{m.memberName ?? '全户'}</Text></View>
          <View className='row'><Text className='row__label'>户主</Text><Text className='row__value'>{m.headName}</Text></View>
          <View className='row'><Text className='row__label'>地址</Text><Text className='row__value'>{m.place.township}{m.place.village}{m.place.group}</Text></View>
          <View className='row'><Text className='row__label'>期限</Text><Text className='row__value'>{formatDate(m.dueOn)}前</Text></View>
          <View className='row'><Text className='row__label'>派单</Text><Text className='row__value'>{formatDate(m.planMadeOn)}帮扶计划</Text></View>
          {m.status === 'done' && (
            <View className='dept-measure__evidence'>
              <View>{m.doneOn ? formatDate(m.doneOn) : ''}办结{m.doneByName ? ` · ${m.doneByName}` : ''}</View>
              <View>{m.evidence}</View>
            </View>
          )}
          {m.status === 'open' && completing !== m.id && (
            <Button className='btn btn-primary dept-measure__open' id={`measure-${m.id}-complete`} onClick={() => { setNotice(''); setCompleting(m.id) }}>
              登记办结
            </Button>
          )}
          {completing === m.id && <CompleteForm measure={m} onDone={completed} onCancel={() => setCompleting('')} />}
        </View>
      ))}
    </View>
  )
}

const FIELDS = ['evidence'] as const

/** 销号: what was done, in words (amount paid, date, receipt number …). One request id per form: a retry records it once. */
function CompleteForm({ measure, onDone, onCancel }: {
  measure: MeasureOrderView
  onDone: (m: MeasureOrderView, replayed: boolean) => void
  onCancel: () => void
}) {
  const requestId = useRef(makeClientKey())
  const [evidence, setEvidence] = useState('')
  const form = useForm(FIELDS)

  const submit = () => form.run(async () => {
    const body = validate(routes.completeMeasure.body, { evidence, requestId: requestId.current })
    const answer = await call('completeMeasure', { params: { id: measure.id }, body })
    onDone(answer.measure, answer.replayed)
  })

  return (
    <View className='dept-measure__form' id='dept-complete-form'>
      <View className='field'>
        <View className='field__label'>办理情况</View>
        <View className='field__help'>写明办了什么、何时办、金额或单据号，村里和县里会看到。</View>
        <Textarea id='dept-evidence' className='text-area' value={evidence} maxlength={1000}
          placeholder='例如：11月26日已审批医疗救助，发放救助金2300元，单据号YB2026-1126-015。'
          onInput={(e) => { setEvidence(e.detail.value); form.clearField('evidence') }} />
        <View className='dept-measure__counter'>{evidence.length}/1000</View>
        {form.fieldErrors.evidence && <View className='field-error' id='dept-evidence-error'>{form.fieldErrors.evidence}</View>}
      </View>
      {form.summary && <View className='error-box' id='dept-complete-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='dept-complete-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在提交…' : '确认办结'}
      </Button>
      <Button className='btn btn-secondary' id='dept-complete-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
