import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { call } from '../services/api'
import { toInbox } from '../services/navigation'
import './inbox-entry.scss'

/** The signed-in user's unread messages, fetched each time the page shows; null until known (or when it failed). */
export function useUnreadCount(): number | null {
  const [unread, setUnread] = useState<number | null>(null)
  useDidShow(() => {
    call('listInbox', { query: {} })
      .then((answer) => setUnread(answer.unread))
      .catch(() => { /* the entry still opens the inbox, which shows the error */ })
  })
  return unread
}

/** "消息（3）›" where people start from: opens the inbox; the count in red while any is unread. */
export function InboxEntry({ unread }: { unread: number | null }) {
  return (
    <View className={`card inbox-entry${unread ? ' inbox-entry--unread' : ''}`} id='inbox-entry' onClick={toInbox}>
      <View className='inbox-entry__title'>
        消息
        {unread ? <View className='inbox-entry__badge' id='inbox-unread'>{unread > 99 ? '99+' : unread}条未读</View> : null}
      </View>
      <View className='inbox-entry__more'>{unread ? '去看看 ›' : '›'}</View>
    </View>
  )
}
