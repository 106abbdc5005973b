import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { TaskView } from '@shared/contracts/task'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, signOut, toCase } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { InboxEntry, useUnreadCount } from '../../../../components/inbox-entry'
import { askToSubscribe, prepareSubscriptions } from '../../../../services/subscriptions'
import { daysLeftText, formatDate, isUrgent, riskText } from '../../../../utils/format'
import '../../components/staff.scss'
import './index.scss'

/** Staff who print door plates (一户一码) for their area. */
const CODE_STAFF = ['county_admin', 'township_reviewer', 'village_cadre']
/** Staff who plan the monthly visits (每月走访计划) of their area. */
const VISIT_PLANNERS = ['grid_member', 'village_cadre', 'township_reviewer']
/** Staff who supervise deadlines (督导): the township its villages, the county and its inspectors everything. */
const SUPERVISORS = ['township_reviewer', 'county_admin', 'inspector']

/** The user's open tasks (入户核实, 评议, 公示, 审核, 审定 …), most urgent first as the server sorts them; each opens its case. */
export default function TasksPage() {
  const user = getStoredUser()
  const [tasks, setTasks] = useState<TaskView[]>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const unread = useUnreadCount()

  const load = async () => {
    setError('')
    try {
      setTasks((await call('listTasks')).tasks)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useDidShow(() => {
    void load()
    prepareSubscriptions()
  })
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  return (
    <View className='page tasks'>
      <View className='staff-header'>
        <View>
          <View className='staff-header__name' id='staff-name'>{user?.name ?? ''}</View>
          <View className='staff-header__meta'>{user ? `${user.roleLabel} · ${user.area.name}` : ''}</View>
        </View>
        <View className='staff-header__logout' id='tasks-logout' onClick={signOut}>退出登录</View>
        <View className='staff-header__search' id='tasks-search' onClick={() => Taro.navigateTo({ url: PAGES.search })}>搜索农户 ›</View>
      </View>

      <InboxEntry unread={unread} />
      {user && SUPERVISORS.includes(user.role) && (
        <View className='card link' id='open-supervision' onClick={() => Taro.navigateTo({ url: PAGES.supervision })}>
          督导：逾期和即将到期事项、办理时效 ›
        </View>
      )}
      {user && VISIT_PLANNERS.includes(user.role) && (
        <View className='card link' id='open-visit-plan' onClick={() => Taro.navigateTo({ url: PAGES.visitPlan })}>
          本月走访计划：脱贫户、监测对象和八必访 ›
        </View>
      )}
      {user && CODE_STAFF.includes(user.role) && (
        <View className='card link' id='open-codes' onClick={() => Taro.navigateTo({ url: PAGES.codes })}>
          一户一码：打印门牌、更换户码 ›
        </View>
      )}
      <LoadState loading={loading && !tasks} error={tasks ? '' : error} onRetry={() => void load()} />
      {tasks && error && <View className='error-box'>{error}</View>}
      {tasks && (
        <View>
          <View className='section-title'>待办任务（{tasks.length}）</View>
          {tasks.length === 0 && <View className='card empty' id='tasks-empty'>目前没有待办任务。案件到了您办理的环节，会出现在这里。</View>}
          {tasks.map((task) => (
            <View
              key={task.id}
              className='card task-card'
              id={`task-${task.id}`}
              data-task-id={task.id}
              onClick={() => { askToSubscribe('task'); toCase(task.caseId) }}
            >
              <View className='task-card__top'>
                <Text className='task-card__kind'>{task.kindLabel}</Text>
                <Text className={`task-card__due${isUrgent(task.daysLeft) ? ' task-card__due--urgent' : ''}`}>
                  {daysLeftText(task.daysLeft)}
                </Text>
              </View>
              <View className='task-card__head'>{task.headName}家</View>
              <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value'>{task.householdNumber}</Text></View>
              <View className='row'><Text className='row__label'>地址</Text><Text className='row__value'>{task.place.village}{task.place.group}</Text></View>
              <View className='row'><Text className='row__label'>来源</Text><Text className='row__value'>{task.channelLabel}</Text></View>
              <View className='row'><Text className='row__label'>风险</Text><Text className='row__value'>{riskText(task.riskTypes)}</Text></View>
              <View className='row'><Text className='row__label'>期限</Text><Text className='row__value'>{formatDate(task.dueDate)}前</Text></View>
              <View className='task-card__open'>去办理 ›</View>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
