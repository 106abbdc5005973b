import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { HouseholdView, MemberView } from '@shared/contracts/household'
import { HEALTH_LABELS, LABOUR_LABELS, RELATION_LABELS, SCHOOLING_LABELS } from '@shared/contracts/household'
import { placeText } from '../utils/format'

/** 户编号, 户主, 县乡村组, 户类型 and the 低保/特困 flags. `idPrefix` keeps element ids unique per page. */
export function HouseholdSummary({ household, idPrefix = 'household' }: { household: HouseholdView, idPrefix?: string }) {
  const category = household.category === 'lifted'
    ? `脱贫户${household.liftedYear ? `（${household.liftedYear}年脱贫）` : ''}`
    : '一般农户'
  return (
    <View className='card household-summary' id={`${idPrefix}-summary`}>
      <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value' id={`${idPrefix}-number`}>{household.number}</Text></View>
      <View className='row'><Text className='row__label'>户主</Text><Text className='row__value' id={`${idPrefix}-head`}>{household.headName}</Text></View>
      <View className='row'><Text className='row__label'>住址</Text><Text className='row__value'>{placeText(household.place)}</Text></View>
      <View className='row'><Text className='row__label'>户类型</Text><Text className='row__value' id={`${idPrefix}-category`}>{category}</Text></View>
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

interface MemberListOptions {
  /** Prefix of the cards' ids (`<prefix>-member-<id>`); without it the cards have none. */
  idPrefix?: string
  /** Extra content at the bottom of a member's card, e.g. staff actions. */
  renderExtra?: (member: MemberView) => ReactNode
}

function MemberCard({ member, idPrefix, renderExtra }: { member: MemberView } & MemberListOptions) {
  return (
    <View className='card member-card' id={idPrefix ? `${idPrefix}-member-${member.id}` : undefined} data-member-id={member.id}>
      <View className='member-card__title'>
        <Text className='member-card__name'>{member.name}</Text>
        <Text className='tag'>{RELATION_LABELS[member.relation]}</Text>
      </View>
      <View className='member-card__line'>
        {member.gender === 'male' ? '男' : '女'} · {member.age}岁
      </View>
      <View className='row'><Text className='row__label'>身份证</Text><Text className='row__value mono'>{member.idNumberMasked}</Text></View>
      {member.phoneMasked && (
        <View className='row'><Text className='row__label'>电话</Text><Text className='row__value mono'>{member.phoneMasked}</Text></View>
      )}
      <View className='row'><Text className='row__label'>健康</Text><Text className='row__value'>{healthText(member)}</Text></View>
      <View className='row'><Text className='row__label'>劳动力</Text><Text className='row__value'>{LABOUR_LABELS[member.labour]}</Text></View>
      <View className='row'><Text className='row__label'>在校</Text><Text className='row__value'>{SCHOOLING_LABELS[member.schooling]}</Text></View>
      {renderExtra?.(member)}
    </View>
  )
}

export function MemberList({ members, idPrefix, renderExtra }: { members: MemberView[] } & MemberListOptions) {
  return (
    <View className='member-list' id={idPrefix ? `${idPrefix}-members` : undefined}>
      <View className='section-title'>家庭成员（{members.length}人）</View>
      {members.map((member) => <MemberCard key={member.id} member={member} idPrefix={idPrefix} renderExtra={renderExtra} />)}
    </View>
  )
}
