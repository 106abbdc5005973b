import { useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { DevUsersResponse, LoginResponse } from '@shared/contracts/auth'
import { RoleSchema } from '@shared/contracts/common'
import { call, errorMessage, saveSession } from '../../services/api'
import { PAGES, homeUrl, withQuery } from '../../services/navigation'
import './index.scss'

type DevUser = DevUsersResponse['users'][number]

/** Farmer first, then staff from the group level up; within a role by username ('grid' before 'grid-…'). */
function byRole(a: DevUser, b: DevUser): number {
  const order = RoleSchema.options
  return order.indexOf(a.role) - order.indexOf(b.role) || a.username.localeCompare(b.username)
}

/** WeChat sign-in in the mini-program; a list of demo accounts in the H5 development build. */
export default function LoginPage() {
  const [code, setCode] = useState<string>()
  const [devUsers, setDevUsers] = useState<DevUser[]>([])
  const [busy, setBusy] = useState(false)
  const [loading, setLoading] = useState(DEV_LOGIN)
  const [error, setError] = useState('')

  const finish = ({ token, user }: LoginResponse, entryCode: string | undefined) => {
    saveSession(token, user)
    Taro.reLaunch({ url: homeUrl(user, entryCode) ?? withQuery(PAGES.index, { code: entryCode }) })
  }

  const loginWithWechat = async (entryCode: string | undefined) => {
    setBusy(true)
    setError('')
    try {
      const { code: wxCode } = await Taro.login()
      finish(await call('wechatLogin', { body: { code: wxCode } }), entryCode)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const loginAs = async (username: string) => {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      finish(await call('devLogin', { body: { username } }), code)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const loadDevUsers = async () => {
    setLoading(true)
    setError('')
    try {
      setDevUsers([...(await call('devUsers')).users].sort(byRole))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    setCode(params.code)
    if (DEV_LOGIN) void loadDevUsers()
    else if (process.env.TARO_ENV === 'weapp') void loginWithWechat(params.code)
  })

  return (
    <View className='page login'>
      <View className='login__title'>防止返贫监测帮扶</View>
      {error && <View className='error-box' id='login-error'>{error}</View>}

      {DEV_LOGIN ? (
        <View className='dev-users'>
          <View className='login__intro'>演示环境：请选择一个账号登录</View>
          {loading && <View className='load-state'>正在加载账号…</View>}
          {devUsers.map((user) => (
            <Button
              key={user.username}
              className='dev-user'
              id={`dev-user-${user.username}`}
              data-username={user.username}
              disabled={busy || undefined}
              onClick={() => void loginAs(user.username)}
            >
              <Text className='dev-user__main'>{user.roleLabel} · {user.name} · {user.area.name}</Text>
              {user.hint && <Text className='dev-user__hint'>{user.hint}</Text>}
            </Button>
          ))}
          {!loading && error && <Button className='btn btn-secondary' onClick={() => void loadDevUsers()}>重新加载</Button>}
        </View>
      ) : process.env.TARO_ENV === 'weapp' ? (
        <View>
          <View className='login__intro'>使用微信账号登录，查看您家的信息和申报进度。</View>
          <Button className='btn btn-primary' id='wechat-login' disabled={busy || undefined} onClick={() => void loginWithWechat(code)}>
            {busy ? '正在登录…' : '微信登录'}
          </Button>
        </View>
      ) : (
        <View className='login__intro'>请在微信中打开“防返贫监测”小程序。</View>
      )}
    </View>
  )
}
