import Taro from '@tarojs/taro'
import type { UserView } from '@shared/contracts/auth'
import { ApiError, clearSession } from './api'

export const PAGES = {
  index: '/pages/index/index',
  login: '/pages/login/index',
  household: '/pages/household/index',
  declare: '/pages/declare/index',
  notices: '/pages/notices/index',
  myCase: '/pages/case/index',
  inbox: '/pages/inbox/index',
  explainer: '/pages/explainer/index',
  quiz: '/pages/quiz/index',
  tasks: '/packages/staff/pages/tasks/index',
  case: '/packages/staff/pages/case/index',
  staffHousehold: '/packages/staff/pages/household/index',
  search: '/packages/staff/pages/search/index',
  visitPlan: '/packages/staff/pages/visit-plan/index',
  codes: '/packages/county/pages/codes/index',
  imports: '/packages/county/pages/import/index',
  supervision: '/packages/county/pages/supervision/index',
  explainers: '/packages/county/pages/explainers/index',
  awareness: '/packages/county/pages/awareness/index',
  measures: '/packages/department/pages/measures/index',
  screening: '/packages/department/pages/screening/index',
} as const

/** `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | null | undefined>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
  return pairs.length ? `${path}?${pairs.join('&')}` : path
}

/**
 * Where a signed-in user starts: a farmer on the household page; staff who scanned a household's code on the
 * staff household page; otherwise a grid member on their task list, village, township and inspection staff on
 * the household search; the county admin on the household import; a department user on the measures ordered to it.
 */
export function homeUrl(user: UserView, code?: string): string | null {
  if (user.role === 'farmer') {
    const householdCode = code || user.householdCode
    return householdCode ? withQuery(PAGES.household, { code: householdCode }) : null
  }
  // department users see no household data, so a scanned code means nothing to them
  if (code && user.role !== 'department_user') return withQuery(PAGES.staffHousehold, { code })
  if (user.role === 'village_cadre' || user.role === 'township_reviewer' || user.role === 'inspector') return PAGES.search
  if (user.role === 'county_admin') return PAGES.imports
  if (user.role === 'department_user') return PAGES.measures
  return PAGES.tasks
}

/** Opens a case (识别认定、帮扶、风险消除): its status, deadline, record and what the user may do now. */
export function toCase(id: string): void {
  Taro.navigateTo({ url: withQuery(PAGES.case, { id }) })
}

/** The farmer's village notices (村内公示), where they may object. */
export function toNotices(): void {
  Taro.navigateTo({ url: PAGES.notices })
}

/** The farmer's own case, explained in plain words. */
export function toMyCase(id: string): void {
  Taro.navigateTo({ url: withQuery(PAGES.myCase, { id }) })
}

/** 消息: the user's own messages (new tasks, reminders, results). */
export function toInbox(): void {
  Taro.navigateTo({ url: PAGES.inbox })
}

/**
 * Where a message leads, as a URL to navigate to: its `page` ('packages/staff/pages/case/index?id=…') when that is a
 * page of this app, otherwise null.
 */
export function messageUrl(page: string | null): string | null {
  if (!page) return null
  const url = page.startsWith('/') ? page : `/${page}`
  const path = url.split('?')[0]
  return (Object.values(PAGES) as string[]).includes(path) ? url : null
}

export function signOut(): void {
  clearSession()
  Taro.reLaunch({ url: PAGES.login })
}

/** On 401 (missing or expired sign-in) forget the session and go to the login page. Returns true when it did. */
export function redirectIfSignedOut(error: unknown, code?: string): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false
  clearSession()
  Taro.reLaunch({ url: withQuery(PAGES.login, { code }) })
  return true
}

/**
 * The household code the app was opened with: `?code=` in H5 (in the hash route or the page URL itself),
 * `scene` of a mini-program code in WeChat (URL-encoded), or `code` passed between pages.
 */
export function readEntryCode(params: Partial<Record<string, string>>): string | undefined {
  if (params.code) return params.code
  if (params.scene) {
    try {
      return decodeURIComponent(params.scene)
    } catch {
      return params.scene
    }
  }
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    const fromSearch = new URLSearchParams(window.location.search).get('code')
    if (fromSearch) return fromSearch
  }
  return undefined
}
