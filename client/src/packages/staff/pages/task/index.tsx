import { useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { TaskDetailResponse } from '@shared/contracts/task'
import { call, errorMessage } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../../../services/navigation'
import { HouseholdSummary, MemberList } from '../../../../components/household-info'
import { LoadState } from '../../../../components/load-state'
import { daysLeftText, formatDate, formatDateTime, isUrgent, riskText } from '../../../../utils/format'
import './index.scss'

/** One task: the deadline, the household and the clues that started it. */
export default function TaskPage() {
  const [id, setId] = useState('')
  const [detail, setDetail] = useState<TaskDetailResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async (taskId: string) => {
    setError('')
    setLoading(true)
    try {
      setDetail(await call('getTask', { params: { id: taskId } }))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    setId(params.id ?? '')
    void load(params.id ?? '')
  })

  return (
    <View className='page task-detail'>
      <LoadState loading={loading} error={error} onRetry={() => void load(id)} />
      {detail && !loading && (
        <View>
          <View className='card' id='task-deadline'>
            <View className='task-detail__kind'>{detail.task.kindLabel}</View>
            <View className='row'><Text className='row__label'>期限</Text><Text className='row__value'>{formatDate(detail.task.dueDate)}前完成</Text></View>
            <View className={`task-detail__due${isUrgent(detail.task.daysLeft) ? ' task-detail__due--urgent' : ''}`}>
              {daysLeftText(detail.task.daysLeft)}
            </View>
            <View className='muted'>发现日期：{formatDate(detail.task.clueDate)}</View>
          </View>

          <View className='section-title'>线索（{detail.clues.length}条）</View>
          {detail.clues.map((clue) => (
            <View key={clue.id} className='card clue'>
              <View className='row'><Text className='row__label'>来源</Text><Text className='row__value'>{clue.channelLabel}</Text></View>
              <View className='row'><Text className='row__label'>日期</Text><Text className='row__value'>{formatDate(clue.clueDate)}</Text></View>
              <View className='clue__risks'>{riskText(clue.riskTypes)}</View>
              <View className='clue__text'>{clue.description}</View>
              <View className='muted'>报告时间：{formatDateTime(clue.reportedAt)}</View>
            </View>
          ))}

          <View className='section-title'>户信息</View>
          <HouseholdSummary household={detail.household} />
          <View
            className='link task-detail__household-link'
            id='task-open-household'
            onClick={() => Taro.navigateTo({ url: withQuery(PAGES.staffHousehold, { id: detail.household.id }) })}
          >
            查看本户档案 ›
          </View>
          <MemberList members={detail.household.members} />
        </View>
      )}
    </View>
  )
}
