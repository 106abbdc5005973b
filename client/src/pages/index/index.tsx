import { useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import { call, errorMessage, getToken, saveUser } from '../../services/api'
import { PAGES, homeUrl, readEntryCode, redirectIfSignedOut, signOut, withQuery } from '../../services/navigation'
import './index.scss'

/** Entry: reads the household code from the QR code and sends the user to the right page. */
export default function EntryPage() {
  const [code, setCode] = useState<string>()
  const [error, setError] = useState('')
  const [unbound, setUnbound] = useState(false)

  const route = async (entryCode: string | undefined) => {
    setError('')
    if (!getToken()) {
      Taro.redirectTo({ url: withQuery(PAGES.login, { code: entryCode }) })
      return
    }
    try {
      const { user } = await call('me')
      saveUser(user)
      const url = homeUrl(user, entryCode)
      if (url) Taro.redirectTo({ url })
      else setUnbound(true)
    } catch (e) {
      if (!redirectIfSignedOut(e, entryCode)) setError(errorMessage(e))
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    const entryCode = readEntryCode(params)
    setCode(entryCode)
    void route(entryCode)
  })

  return (
    <View className='page entry'>
      {!error && !unbound && <View className='load-state'>正在打开…</View>}
      {error && (
        <View className='load-state load-state--error'>
          <View className='error-text page-error'>{error}</View>
          <Button className='btn btn-secondary' onClick={() => void route(code)}>重试</Button>
        </View>
      )}
      {unbound && (
        <View className='card'>
          <View className='lead'>请扫描贴在您家门口的“一户一码”二维码，打开您家的页面。</View>
          <View className='link' id='entry-logout' onClick={signOut}>退出登录</View>
        </View>
      )}
    </View>
  )
}
