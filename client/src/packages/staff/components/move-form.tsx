import { useEffect, useState } from 'react'
import { Button, Input, View } from '@tarojs/components'
import type { AreaOption } from '@shared/contracts/codes'
import type { HouseholdView } from '@shared/contracts/household'
import { routes } from '@shared/contracts/routes'
import { call, errorMessage, validate } from '../../../services/api'
import { redirectIfSignedOut } from '../../../services/navigation'
import { FieldError } from './choice'
import { useForm } from '../../../components/use-form'

/** Above this many groups a filter box helps find one. */
const FILTER_FROM = 8

interface Props {
  household: HouseholdView
  onSaved: (household: HouseholdView) => void
  onCancel: () => void
}

/** The group the household lives in, matched by its names (the household view carries no area id). */
function isCurrent(group: AreaOption, household: HouseholdView): boolean {
  const { village, group: groupName } = household.place
  return group.name === groupName && group.label.includes(village)
}

/** 迁移到其他组: pick one of the groups in the staff member's area; the household's open tasks follow it. */
export function MoveForm({ household, onSaved, onCancel }: Props) {
  const [groups, setGroups] = useState<AreaOption[]>()
  const [loadError, setLoadError] = useState('')
  const [filter, setFilter] = useState('')
  const [groupId, setGroupId] = useState<string | null>(null)
  const form = useForm(['groupId'] as const, { 'AREA.NOT_FOUND': 'groupId' })

  const load = async () => {
    setLoadError('')
    try {
      const { areas } = await call('listAreas')
      setGroups(areas.filter((area) => area.level === 'group'))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorMessage(e))
    }
  }
  useEffect(() => { void load() }, [])

  const submit = () => form.run(async () => {
    if (!groupId) {
      form.fail({ groupId: '请选择要迁入的组' })
      return
    }
    const body = validate(routes.moveHousehold.body, { groupId })
    const { household: saved } = await call('moveHousehold', { params: { id: household.id }, body })
    onSaved(saved)
  })

  const shown = (groups ?? []).filter((g) => !filter.trim() || g.label.includes(filter.trim()))
  const chosen = groups?.find((g) => g.id === groupId)

  return (
    <View className='card staff-form' id='move-form'>
      <View className='staff-form__title'>迁移到其他组</View>
      <View className='muted'>现在：{household.place.township}{household.place.village}{household.place.group}</View>
      {!groups && !loadError && <View className='load-state'>正在加载村组…</View>}
      {loadError && (
        <View>
          <View className='error-box' id='move-load-error'>{loadError}</View>
          <Button className='btn btn-secondary' onClick={() => void load()}>重试</Button>
        </View>
      )}
      {groups && (
        <View className='field'>
          <View className='field__label'>迁入的组</View>
          {groups.length > FILTER_FROM && (
            <Input id='move-filter' className='text-input' value={filter} placeholder='输入村名或组名筛选' onInput={(e) => setFilter(e.detail.value)} />
          )}
          <View className='option-list' id='move-groups'>
            {shown.map((group) => {
              const current = isCurrent(group, household)
              const selected = group.id === groupId
              return (
                <View
                  key={group.id}
                  id={`move-group-${group.id}`}
                  data-group-id={group.id}
                  className={`option-row${selected ? ' option-row--selected' : ''}${current ? ' option-row--disabled' : ''}`}
                  onClick={() => { if (!current) { setGroupId(group.id); form.clearField('groupId') } }}
                >
                  <View className='option-row__mark'>{selected ? '✓' : ''}</View>
                  <View className='option-row__label'>{group.label}{current ? '（现在所在组）' : ''}</View>
                </View>
              )
            })}
            {shown.length === 0 && <View className='empty'>没有符合的组</View>}
          </View>
          <FieldError id='move-error-groupId' message={form.fieldErrors.groupId} />
        </View>
      )}
      {chosen && <View className='remove-panel__warn' id='move-summary'>将本户迁入{chosen.label}，本户未完成的任务随户转给该组网格员。</View>}
      {form.summary && <View className='error-box' id='move-error'>{form.summary}</View>}
      {groups && (
        <Button className='btn btn-primary' id='move-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
          {form.sending ? '正在迁移…' : '确认迁移'}
        </Button>
      )}
      <Button className='btn btn-secondary' id='move-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
