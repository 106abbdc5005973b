import { Text, View } from '@tarojs/components'
import type { HouseholdView, MemberView } from '@shared/contracts/household'
import { HEALTH_LABELS, LABOUR_LABELS, RELATION_LABELS, SCHOOLING_LABELS } from '@shared/contracts/household'
import { placeText } from '../utils/format'

/** 户编号, 户主, 县乡村组, 户类型 and the 低保/特困 flags. */
export function HouseholdSummary({ household }: { household: HouseholdView }) {
  const category = household.category === 'lifted'
    ? `脱贫户${household.liftedYear ? `（${household.liftedYear}年脱贫）` : ''}`
    : '一般农户'
  return (
    <View className='card household-summary'>
      <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value' id='household-number'>{household.number}</Text></View>
      <View className='row'><Text className='row__label'>户主</Text><Text className='row__value' id='household-head'>{household.headName}</Text></View>
      <View className='row'><Text className='row__label'>住址</Text><Text className='row__value'>{placeText(household.place)}</Text></View>
      <View className='row'><Text className='row__label'>户类型</Text><Text className='row__value'>{category}</Text></View>
      {(household.lowIncome || household.extremePoverty) && (
        <View className='tags'>
          {household.lowIncome && <Text className='tag tag--info'>低保户</Text>}
          {household.extremePoverty && <Text className='tag tag--info'>特困供养</Text>}
        </View>
      )}
    </View>
  )
}

function healthText(member: MemberView): string {
  const label = HEALTH_LABELS[member.health]
  return member.health === 'disabled' && member.disabilityLevel ? `${label}（${member.disabilityLevel}级）` : label
}

function MemberCard({ member }: { member: MemberView }) {
  return (
    <View className='card member-card'>
      <View className='member-card__title'>
        <Text className='member-card__name'>{member.name}</Text>
        <Text className='tag'>{RELATION_LABELS[member.relation]}</Text>
      </View>
      <View className='member-card__line'>
        {member.gender === 'male' ? '男' : '女'} · {member.age}岁
      </View>
      <View className='row'><Text className='row__label'>身份证</Text><Text className='row__value mono'>{member.idNumberMasked}</Text></View>
      <View className='row'><Text className='row__label'>健康</Text><Text className='row__value'>{healthText(member)}</Text></View>
      <View className='row'><Text className='row__label'>劳动力</Text><Text className='row__value'>{LABOUR_LABELS[member.labour]}</Text></View>
      <View className='row'><Text className='row__label'>在校</Text><Text className='row__value'>{SCHOOLING_LABELS[member.schooling]}</Text></View>
    </View>
  )
}

export function MemberList({ members }: { members: MemberView[] }) {
  return (
    <View className='member-list'>
      <View className='section-title'>家庭成员（{members.length}人）</View>
      {members.map((member) => <MemberCard key={member.id} member={member} />)}
    </View>
  )
}
