import { useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { InboxMessage } from '@shared/contracts/inbox'
import { call, errorMessage } from '../../services/api'
import { messageUrl, redirectIfSignedOut } from '../../services/navigation'
import { LoadState } from '../../components/load-state'
import { formatDateTime } from '../../utils/format'
import './index.scss'

/**
 * 消息: the user's own messages, newest first — new tasks, reminders and overdue notices for staff, results for the
 * household. Unread ones stand out; tapping one marks it read and opens what it is about. Large type throughout.
 */
export default function InboxPage() {
  const [messages, setMessages] = useState<InboxMessage[]>()
  const [nextBefore, setNextBefore] = useState<string | null>(null)
  const [unread, setUnread] = useState(0)
  const [loading, setLoading] = useState(true)
  const [more, setMore] = useState(false)
  const [error, setError] = useState('')

  const load = async () => {
    setError('')
    try {
      const answer = await call('listInbox', { query: {} })
      setMessages(answer.messages)
      setNextBefore(answer.nextBefore)
      setUnread(answer.unread)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  useDidShow(() => void load())
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()))

  const loadMore = async () => {
    if (!nextBefore || more) return
    setMore(true)
    setError('')
    try {
      const answer = await call('listInbox', { query: { before: nextBefore } })
      setMessages((shown) => [...(shown ?? []), ...answer.messages])
      setNextBefore(answer.nextBefore)
      setUnread(answer.unread)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setMore(false)
    }
  }

  /** Marks read on screen at once; the server's count follows. A failure to mark is not worth stopping the user for. */
  const markRead = (body: { ids: number[] } | { all: true }) => {
    setMessages((shown) => shown?.map((m) => ('all' in body || body.ids.includes(m.id) ? { ...m, read: true } : m)))
    call('markInboxRead', { body })
      .then((answer) => setUnread(answer.unread))
      .catch((e) => { if (!redirectIfSignedOut(e)) setError(errorMessage(e)) })
  }

  const open = (m: InboxMessage) => {
    if (!m.read) {
      setUnread((n) => Math.max(0, n - 1))
      markRead({ ids: [m.id] })
    }
    const url = messageUrl(m.page)
    if (url) Taro.navigateTo({ url })
  }

  return (
    <View className='page inbox'>
      <LoadState loading={loading && !messages} error={messages ? '' : error} onRetry={() => void load()} />
      {messages && (
        <View>
          <View className='inbox__head'>
            <View className='inbox__count' id='inbox-count'>{unread > 0 ? `${unread}条未读` : '没有未读消息'}</View>
            {unread > 0 && (
              <Button className='btn btn-secondary inbox__all' id='inbox-read-all' onClick={() => { setUnread(0); markRead({ all: true }) }}>
                全部已读
              </Button>
            )}
          </View>
          {error && <View className='error-box'>{error}</View>}
          {messages.length === 0 && (
            <View className='card empty' id='inbox-empty'>还没有消息。有新任务、到期提醒或办理结果时，会出现在这里。</View>
          )}
          {messages.map((m) => {
            const url = messageUrl(m.page)
            return (
              <View
                key={m.id}
                className={`card message${m.read ? '' : ' message--unread'}`}
                id={`message-${m.id}`}
                data-read={m.read ? 'yes' : 'no'}
                onClick={() => open(m)}
              >
                <View className='message__top'>
                  {!m.read && <View className='message__dot'>未读</View>}
                  <View className='message__title'>{m.title}</View>
                </View>
                <View className='message__body'>{m.body}</View>
                <View className='message__foot'>
                  <View className='message__time'>{formatDateTime(m.createdAt)}</View>
                  {url && <View className='message__open'>查看 ›</View>}
                </View>
              </View>
            )
          })}
          {nextBefore && (
            <Button className='btn btn-secondary' id='inbox-more' disabled={more || undefined} onClick={() => void loadMore()}>
              {more ? '正在加载…' : '更早的消息'}
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
