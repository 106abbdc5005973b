import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import type { SearchResponse } from '@shared/contracts/registry'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, signOut, withQuery } from '../../../../services/navigation'
import { placeText } from '../../../../utils/format'
import { InboxEntry, useUnreadCount } from '../../../../components/inbox-entry'
import '../../components/staff.scss'
import './index.scss'

type Result = SearchResponse['results'][number]

/** What matched, in words: the member's name, the 户编号 or the masked ID number. */
function matchText(result: Result): string {
  const { by, memberName, idNumberMasked } = result.matched
  if (by === 'number') return '户编号'
  if (by === 'id_digits') return `${memberName ?? ''} 身份证 ${idNumberMasked ?? ''}`
  return memberName === result.headName ? `户主 ${memberName}` : `成员 ${memberName ?? ''}`
}

/** Households in the staff member's area by a member's name, 户编号 or the last digits of an ID number. */
export default function SearchPage() {
  const user = getStoredUser()
  const sendingRef = useRef(false)
  const [q, setQ] = useState('')
  const [searched, setSearched] = useState('')
  const [answer, setAnswer] = useState<SearchResponse>()
  const [sending, setSending] = useState(false)
  const [error, setError] = useState('')
  const unread = useUnreadCount()

  const search = async () => {
    if (sendingRef.current) return
    sendingRef.current = true
    setSending(true)
    setError('')
    try {
      const query = q.trim()
      setAnswer(await call('searchHouseholds', { query: { q: query } }))
      setSearched(query)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      sendingRef.current = false
      setSending(false)
    }
  }

  const open = (result: Result) => Taro.navigateTo({ url: withQuery(PAGES.staffHousehold, { id: result.id }) })
  const isHome = Taro.getCurrentPages().length <= 1

  return (
    <View className='page search'>
      {isHome && user && (
        <View className='staff-header'>
          <View>
            <View className='staff-header__name' id='search-staff-name'>{user.name}</View>
            <View className='staff-header__meta'>{user.roleLabel} · {user.area.name}</View>
          </View>
          <View className='staff-header__logout' id='search-logout' onClick={signOut}>退出登录</View>
        </View>
      )}
      {isHome && <InboxEntry unread={unread} />}

      <View className='search__bar'>
        <Input
          id='search-input'
          className='text-input search__input'
          value={q}
          maxlength={30}
          confirmType='search'
          placeholder='姓名、户编号或身份证后四位'
          onInput={(e) => { setQ(e.detail.value); setError('') }}
          onConfirm={() => void search()}
        />
        <Button className='btn btn-primary search__button' id='search-button' disabled={sending || undefined} onClick={() => void search()}>
          {sending ? '搜索中' : '搜索'}
        </Button>
      </View>
      {error && <View className='error-box' id='search-error'>{error}</View>}

      {answer && (
        <View id='search-results'>
          <View className='section-title'>“{searched}”的结果（{answer.results.length}户）</View>
          {answer.truncated && <View className='notice-box' id='search-truncated'>结果较多，仅显示前50户，请输入更完整的姓名或户编号。</View>}
          {answer.results.length === 0 && (
            <View className='card empty' id='search-empty'>没有找到符合的农户。请核对姓名、户编号，或换用身份证号后四位。</View>
          )}
          {answer.results.map((result) => (
            <View key={result.id} className='card result-card' id={`search-result-${result.id}`} data-household-id={result.id} onClick={() => open(result)}>
              <View className='result-card__head'>{result.headName}家</View>
              <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value mono'>{result.number}</Text></View>
              <View className='row'><Text className='row__label'>村组</Text><Text className='row__value'>{placeText({ ...result.place, county: '' })}</Text></View>
              <View className='row'><Text className='row__label'>匹配</Text><Text className='row__value result-card__match'>{matchText(result)}</Text></View>
              <View className='result-card__open'>查看 ›</View>
            </View>
          ))}
        </View>
      )}

      {!answer && !error && (
        <View className='search__hint'>可以输入家中任何一人的姓名、16位户编号（或前几位），或身份证号的后四位。</View>
      )}
      {isHome && <View className='link' id='search-tasks' onClick={() => Taro.navigateTo({ url: PAGES.tasks })}>我的任务</View>}
      {isHome && user && (user.role === 'township_reviewer' || user.role === 'inspector') && (
        <View className='link' id='search-supervision' onClick={() => Taro.navigateTo({ url: PAGES.supervision })}>督导：逾期和即将到期事项</View>
      )}
      {isHome && <View className='link' id='search-awareness' onClick={() => Taro.navigateTo({ url: PAGES.awareness })}>知晓率：政策明白纸和答题情况</View>}
    </View>
  )
}
