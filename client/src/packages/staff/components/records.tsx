import { Text, View } from '@tarojs/components'
import type { HouseholdView } from '@shared/contracts/household'
import type { StaffPanel } from '@shared/contracts/registry'
import { formatDate, formatDateTime } from '../../../utils/format'
import { toCase } from '../../../services/navigation'

const yesNo = (value: boolean) => (value ? '是' : '否')

/** 低保 and 特困 as plain 是/否 rows (户类型 is in the summary above). */
export function FlagsCard({ household }: { household: HouseholdView }) {
  return (
    <View className='card' id='sh-flags'>
      <View className='row'><Text className='row__label flags-label'>低保户</Text><Text className='row__value' id='sh-flag-low-income'>{yesNo(household.lowIncome)}</Text></View>
      <View className='row'><Text className='row__label flags-label'>特困供养</Text><Text className='row__value' id='sh-flag-extreme-poverty'>{yesNo(household.extremePoverty)}</Text></View>
    </View>
  )
}

/** Every case of the household, newest first: where it stands, when the clue was found, open or closed; each opens its case. */
export function CaseHistory({ cases }: { cases: StaffPanel['cases'] }) {
  if (cases.length === 0) return <View className='card empty' id='sh-cases-empty'>没有监测记录</View>
  return (
    <View id='sh-case-list'>
      {cases.map((item) => (
        <View key={item.id} className='card record' id={`sh-case-${item.id}`} onClick={() => toCase(item.id)}>
          <View className='record__top'>
            <Text className='record__title'>{item.statusLabel}</Text>
            <Text className={`badge${item.isOpen ? ' badge--open' : ''}`}>{item.isOpen ? '进行中' : '已结束'}</Text>
          </View>
          <View className='row'><Text className='row__label'>发现日期</Text><Text className='row__value'>{formatDate(item.clueDate)}</Text></View>
          <View className='row'><Text className='row__label'>立案时间</Text><Text className='row__value'>{formatDateTime(item.openedAt)}</Text></View>
          <View className='record__open'>查看办理过程 ›</View>
        </View>
      ))}
    </View>
  )
}

/** The visits, newest first (the server sends at most 50). */
export function VisitList({ visits }: { visits: StaffPanel['visits'] }) {
  if (visits.length === 0) return <View className='card empty' id='sh-visits-empty'>还没有走访记录</View>
  return (
    <View id='sh-visit-list'>
      {visits.map((visit) => (
        <View key={visit.id} className='card record' id={`sh-visit-${visit.id}`}>
          <View className='record__top'>
            <Text className='record__title'>{formatDate(visit.visitedOn)}</Text>
            <Text className='record__who'>{visit.visitorName}</Text>
          </View>
          <View className='record__text'>{visit.findings}</View>
        </View>
      ))}
    </View>
  )
}
