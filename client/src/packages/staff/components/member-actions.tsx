import { useState } from 'react'
import { Button, View } from '@tarojs/components'
import type { z } from 'zod'
import type { HouseholdView, MemberView } from '@shared/contracts/household'
import { REMOVE_REASON_LABELS, type PersonalDataResponseSchema, type RemoveMemberRequestSchema } from '@shared/contracts/registry'
import { routes } from '@shared/contracts/routes'
import { call, errorMessage, validate } from '../../../services/api'
import { redirectIfSignedOut } from '../../../services/navigation'
import { Choice, FieldError, optionsOf } from './choice'
import { useForm } from '../../../components/use-form'

export type PersonalData = z.infer<typeof PersonalDataResponseSchema>
type Reason = z.infer<typeof RemoveMemberRequestSchema>['reason']
const REASONS = optionsOf<Reason>(REMOVE_REASON_LABELS)

interface Props {
  householdId: string
  member: MemberView
  canReveal: boolean
  canEdit: boolean
  /** The whole ID and phone numbers, once revealed on this visit to the page. */
  revealed: PersonalData | undefined
  onRevealed: (memberId: string, data: PersonalData) => void
  onHide: (memberId: string) => void
  onRemoved: (household: HouseholdView) => void
}

/** Below a member's card: 查看完整号码 (audited) and 减员 (not for the head), each only when allowed. */
export function MemberActions({ householdId, member, canReveal, canEdit, revealed, onRevealed, onHide, onRemoved }: Props) {
  const [revealing, setRevealing] = useState(false)
  const [revealError, setRevealError] = useState('')
  const [removing, setRemoving] = useState(false)
  const [reason, setReason] = useState<Reason | null>(null)
  const form = useForm(['reason'] as const)
  const canRemove = canEdit && member.relation !== 'head'
  if (!canReveal && !canRemove) return null

  const reveal = async () => {
    if (revealing) return
    setRevealing(true)
    setRevealError('')
    try {
      onRevealed(member.id, await call('viewPersonalData', { params: { id: householdId, memberId: member.id } }))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setRevealError(errorMessage(e))
    } finally {
      setRevealing(false)
    }
  }

  const remove = () => form.run(async () => {
    const body = validate(routes.removeMember.body, { reason: reason ?? undefined })
    const { household } = await call('removeMember', { params: { id: householdId, memberId: member.id }, body })
    onRemoved(household)
  })

  return (
    <View className='member-actions'>
      {canReveal && revealed && (
        <View className='revealed' id={`reveal-box-${member.id}`}>
          <View className='row'><View className='row__label'>身份证</View><View className='row__value mono' id={`reveal-id-${member.id}`}>{revealed.idNumber}</View></View>
          {revealed.phone && <View className='row'><View className='row__label'>电话</View><View className='row__value mono' id={`reveal-phone-${member.id}`}>{revealed.phone}</View></View>}
          <View className='revealed__note'>查看记录已留存</View>
          <View className='small-btn' id={`hide-${member.id}`} onClick={() => onHide(member.id)}>隐藏号码</View>
        </View>
      )}
      {revealError && <View className='field-error' id={`reveal-error-${member.id}`}>{revealError}</View>}
      <View className='member-actions__buttons'>
        {canReveal && !revealed && (
          <View className={`small-btn${revealing ? ' small-btn--disabled' : ''}`} id={`reveal-${member.id}`} onClick={() => void reveal()}>
            {revealing ? '正在读取…' : '查看完整号码'}
          </View>
        )}
        {canRemove && !removing && (
          <View className='small-btn small-btn--danger' id={`remove-${member.id}`} onClick={() => setRemoving(true)}>减员</View>
        )}
      </View>
      {removing && (
        <View className='remove-panel' id={`remove-panel-${member.id}`}>
          <View className='remove-panel__title'>将{member.name}从本户减员</View>
          <View className='field__label'>减员原因</View>
          <Choice id={`remove-reason-${member.id}`} options={REASONS} value={reason} onChange={(v) => { setReason(v); form.clearField('reason') }} />
          <FieldError id={`remove-error-reason-${member.id}`} message={form.fieldErrors.reason} />
          <View className='remove-panel__warn'>减员后{member.name}不再计入本户人口，操作人和时间会留存记录。</View>
          {form.formError && <View className='error-box' id={`remove-error-${member.id}`}>{form.formError}</View>}
          <Button className='btn btn-primary' id={`remove-confirm-${member.id}`} disabled={form.sending || undefined} onClick={() => void remove()}>
            {form.sending ? '正在减员…' : '确认减员'}
          </Button>
          <Button className='btn btn-secondary' id={`remove-cancel-${member.id}`} disabled={form.sending || undefined}
            onClick={() => { setRemoving(false); setReason(null) }}>取消</Button>
        </View>
      )}
    </View>
  )
}
