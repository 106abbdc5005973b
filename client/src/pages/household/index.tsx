import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { HouseholdView } from '@shared/contracts/household'
import { call, errorMessage, getStoredUser } from '../../services/api'
import { PAGES, redirectIfSignedOut, signOut, withQuery } from '../../services/navigation'
import { CaseStatusCard } from '../../components/case-status'
import { HouseholdSummary, MemberList } from '../../components/household-info'
import { LoadState } from '../../components/load-state'
import { formatDateTime, riskText } from '../../utils/format'
import './index.scss'

/** The farmer's household: who lives here, where the open case stands, and the one-tap declaration. */
export default function HouseholdPage() {
  const { params } = useRouter()
  const code = params.code || getStoredUser()?.householdCode || ''
  const [household, setHousehold] = useState<HouseholdView>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')

  const load = async () => {
    setError('')
    try {
      const result = await call('householdByCode', { params: { code } })
      setHousehold(result.household)
    } catch (e) {
      if (!redirectIfSignedOut(e, code)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

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
      {household && (
        <View>
          {error && <View className='error-box'>{error}</View>}
          <HouseholdSummary household={household} />

          {household.openCase
            ? <CaseStatusCard id='household-case' summary={household.openCase} />
            : <View className='card status-card status-card--none' id='household-case'>目前没有进行中的申报</View>}

          <View className='declare-cta'>
            <Button className='btn btn-primary btn-huge' id='declare-button' onClick={declare}>一键申报</Button>
            <View className='declare-cta__hint'>家里遇到生病、受灾、失业等困难，点上面的按钮告诉村里。</View>
          </View>

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
