import { View } from '@tarojs/components'
import type { CaseSummary } from '@shared/contracts/case'
import { formatDate } from '../utils/format'

/** Where the household's case stands, what happens next, by when and who acts. */
export function CaseStatusCard({ id, summary }: { id: string, summary: CaseSummary }) {
  const deadline = summary.nextDeadline
  return (
    <View className='card status-card' id={id}>
      <View className='status-card__caption'>当前进度</View>
      <View className='status-card__label'>{summary.statusLabel}</View>
      <View className='status-card__text'>{summary.explanation}</View>
      {deadline && (
        <View className='status-card__deadline'>
          <View>下一步：{deadline.label}（{deadline.ownerLabel}）</View>
          <View>期限：{formatDate(deadline.date)}前</View>
        </View>
      )}
      <View className='muted'>发现日期：{formatDate(summary.clueDate)}</View>
    </View>
  )
}
