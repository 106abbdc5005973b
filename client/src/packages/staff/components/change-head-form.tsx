import { useState } from 'react'
import { Button, View } from '@tarojs/components'
import { RELATION_LABELS, type HouseholdView } from '@shared/contracts/household'
import { routes } from '@shared/contracts/routes'
import { call, validate } from '../../../services/api'
import { Choice, FieldError } from './choice'
import { useForm } from '../../../components/use-form'

const RELATION_OPTIONS = routes.changeHead.body.shape.formerHeadRelation.options
type Relation = (typeof RELATION_OPTIONS)[number]
const RELATIONS = RELATION_OPTIONS.map((value) => ({ value, label: RELATION_LABELS[value] }))

type Field = 'memberId' | 'formerHeadRelation'
const FIELDS: readonly Field[] = ['memberId', 'formerHeadRelation']

interface Props {
  household: HouseholdView
  onSaved: (household: HouseholdView) => void
  onCancel: () => void
}

/** 变更户主: another member becomes the head; the former head takes the relation chosen here. */
export function ChangeHeadForm({ household, onSaved, onCancel }: Props) {
  const [memberId, setMemberId] = useState<string | null>(null)
  const [formerHeadRelation, setFormerHeadRelation] = useState<Relation | null>(null)
  const form = useForm(FIELDS, { 'MEMBER.NOT_FOUND': 'memberId' })
  const candidates = household.members.filter((m) => m.relation !== 'head').map((m) => ({ value: m.id, label: m.name }))

  const submit = () => form.run(async () => {
    if (!memberId || !formerHeadRelation) {
      form.fail({
        memberId: memberId ? undefined : '请选择新的户主',
        formerHeadRelation: formerHeadRelation ? undefined : '请选择原户主与新户主的关系',
      })
      return
    }
    const body = validate(routes.changeHead.body, { memberId, formerHeadRelation })
    const { household: saved } = await call('changeHead', { params: { id: household.id }, body })
    onSaved(saved)
  })

  return (
    <View className='card staff-form' id='change-head-form'>
      <View className='staff-form__title'>变更户主</View>
      <View className='muted'>现户主：{household.headName}</View>
      {candidates.length === 0 ? (
        <View className='lead' id='change-head-none'>本户只有户主一人，无法变更户主。</View>
      ) : (
        <View>
          <View className='field'>
            <View className='field__label'>新户主</View>
            <Choice id='change-head-member' options={candidates} value={memberId} onChange={(v) => { setMemberId(v); form.clearField('memberId') }} />
            <FieldError id='change-head-error-memberId' message={form.fieldErrors.memberId} />
          </View>
          <View className='field'>
            <View className='field__label'>{household.headName}改为新户主的</View>
            <Choice id='change-head-former' options={RELATIONS} value={formerHeadRelation}
              onChange={(v) => { setFormerHeadRelation(v); form.clearField('formerHeadRelation') }} />
            <FieldError id='change-head-error-formerHeadRelation' message={form.fieldErrors.formerHeadRelation} />
          </View>
          {form.summary && <View className='error-box' id='change-head-error'>{form.summary}</View>}
          <Button className='btn btn-primary' id='change-head-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
            {form.sending ? '正在保存…' : '确认变更户主'}
          </Button>
        </View>
      )}
      <Button className='btn btn-secondary' id='change-head-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
