import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { LoginResponse } from '@shared/contracts/auth'
import type { HouseholdView } from '@shared/contracts/household'
import { ApiError, call, errorMessage, getStoredUser, saveSession } from '../../services/api'
import { PAGES, redirectIfSignedOut, signOut, toMyCase, toNotices, withQuery } from '../../services/navigation'
import { BindForm } from '../../components/bind-form'
import { CaseStatusCard } from '../../components/case-status'
import { HouseholdSummary, MemberList } from '../../components/household-info'
import { LoadState } from '../../components/load-state'
import { InboxEntry, useUnreadCount } from '../../components/inbox-entry'
import { ExplainerList } from '../../components/explainer-list'
import { formatDateTime, riskText } from '../../utils/format'
import './index.scss'

/** Why the household is not shown: the farmer must bind first, or this is someone else's household. */
type Refusal = 'not_bound' | 'not_yours' | null

/**
 * The farmer's household: who lives here, where the open case stands, and the one-tap declaration.
 * A farmer not yet bound to any household binds to the scanned one here first.
 */
export default function HouseholdPage() {
  const { params } = useRouter()
  const code = params.code || getStoredUser()?.householdCode || ''
  const [household, setHousehold] = useState<HouseholdView>()
  const [refusal, setRefusal] = useState<Refusal>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [justBound, setJustBound] = useState(false)
  const unread = useUnreadCount()

  const load = async () => {
    setError('')
    try {
      const result = await call('householdByCode', { params: { code } })
      setHousehold(result.household)
      setRefusal(null)
    } catch (e) {
      if (redirectIfSignedOut(e, code)) return
      if (e instanceof ApiError && e.code === 'HOUSEHOLD.NOT_BOUND') setRefusal('not_bound')
      else if (e instanceof ApiError && e.code === 'HOUSEHOLD.NOT_YOURS') setRefusal('not_yours')
      else setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  const bound = ({ token, user }: LoginResponse) => {
    saveSession(token, user)
    setJustBound(true)
    setRefusal(null)
    setLoading(true)
    void load()
  }

  const ownCode = getStoredUser()?.householdCode ?? ''
  const goToOwn = () => Taro.reLaunch({ url: withQuery(PAGES.household, { code: ownCode }) })

  // Also runs when the farmer comes back from the declaration page, so the status is current.
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const declare = () => {
    if (!household) return
    Taro.navigateTo({ url: withQuery(PAGES.declare, { householdId: household.id, code }) })
  }

  return (
    <View className='page household'>
      <LoadState loading={loading && !household} error={household ? '' : error} onRetry={() => void load()} />
      {!household && !loading && refusal === 'not_bound' && <BindForm code={code} onBound={bound} />}
      {!household && !loading && refusal === 'not_yours' && (
        <View className='card refusal' id='household-not-yours'>
          <View className='refusal__title'>这不是您家的二维码</View>
          <View className='refusal__text'>您的微信已经绑定了自己家，只能查看和申报本户的信息。</View>
          {ownCode && <Button className='btn btn-primary' id='household-go-own' onClick={goToOwn}>回到我家页面</Button>}
        </View>
      )}
      {household && (
        <View>
          {error && <View className='error-box'>{error}</View>}
          {justBound && <View className='bound-note' id='household-bound'>绑定成功。以后打开小程序，就能直接看到您家的信息。</View>}
          <HouseholdSummary household={household} />

          {household.openCase
            ? (
              <View onClick={() => toMyCase(household.openCase!.id)}>
                <CaseStatusCard id='household-case' summary={household.openCase} />
                <View className='case-link' id='household-case-detail'>查看办理进度和结果 ›</View>
              </View>
            )
            : <View className='card status-card status-card--none' id='household-case'>目前没有进行中的申报</View>}

          <InboxEntry unread={unread} />

          <View className='declare-cta'>
            <Button className='btn btn-primary btn-huge' id='declare-button' onClick={declare}>一键申报</Button>
            <View className='declare-cta__hint'>家里遇到生病、受灾、失业等困难，点上面的按钮告诉村里。</View>
          </View>

          <View className='card notices-entry' id='household-notices' onClick={toNotices}>
            <View className='notices-entry__title'>村内公示 ›</View>
            <View className='notices-entry__text'>看看本村正在公示的名单，有不同意见可以提出，可以匿名。</View>
          </View>

          <ExplainerList householdId={household.id} />

          <MemberList members={household.members} />

          {household.declarations.length > 0 && (
            <View className='declarations'>
              <View className='section-title'>最近的申报</View>
              {household.declarations.map((declaration) => (
                <View key={declaration.id} className='card declaration'>
                  <View className='declaration__date'>{formatDateTime(declaration.submittedAt)}</View>
                  <View className='declaration__risks'>{riskText(declaration.riskTypes)}</View>
                  <View className='declaration__text'>{declaration.description}</View>
                </View>
              ))}
            </View>
          )}
        </View>
      )}
      <View className='link' id='household-logout' onClick={signOut}>退出登录</View>
    </View>
  )
}
