import Taro from '@tarojs/taro'
import { SubscribeAnswerSchema, type PushTemplatesResponse, type SubscribeAnswer, type TemplatePurpose } from '@shared/contracts/inbox'
import { ApiError, call, getToken } from './api'
import { makeClientKey } from '../utils/form'

/**
 * WeChat one-time subscriptions (一次性订阅消息): each "允许" lets the server push one message of that template.
 * WeChat shows the request only from inside a tap, before anything asynchronous, so the template ids are fetched
 * beforehand (`prepareSubscriptions` when a page shows) and `askToSubscribe` asks at once from the tap handler.
 * Nothing here ever throws into a page, and nothing happens in the H5 build or when there is nothing to ask for.
 */

/** The taps that ask: the farmer's 一键申报 (to hear the result), staff opening a task or deciding a case (the next to-do). */
export type SubscribeMoment = 'declare' | 'task' | 'command'

const PURPOSE: Record<SubscribeMoment, TemplatePurpose> = { declare: 'result', task: 'todo', command: 'todo' }

/** This session's templates (GET /api/push/templates), kept per sign-in token: another login asks again. */
let cache: { token: string, templates: PushTemplatesResponse['templates'] | null, loading: boolean } | null = null

/** Fetches this user's template ids once per session, in the background. Call it when a page that asks shows. */
export function prepareSubscriptions(): void {
  if (process.env.TARO_ENV === 'h5') return
  const token = getToken()
  if (!token || (cache?.token === token && (cache.templates || cache.loading))) return
  const entry = { token, templates: null as PushTemplatesResponse['templates'] | null, loading: true }
  cache = entry
  call('pushTemplates')
    .then((answer) => { entry.templates = answer.templates })
    .catch(() => { /* asked again when the next page shows */ })
    .finally(() => { entry.loading = false })
}

/** Posts WeChat's answer; a request lost on the way is sent once more with the same request id (counted once). */
async function record(results: Record<string, SubscribeAnswer>): Promise<void> {
  const body = { results, requestId: makeClientKey() }
  try {
    await call('recordSubscriptions', { body })
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NETWORK') await call('recordSubscriptions', { body })
  }
}

/**
 * Asks to subscribe to the templates of this moment and records the answer. Call it first thing in a tap handler.
 * When the ids are not known yet (the first page show's fetch has not come back) it only fetches them for next time.
 */
export function askToSubscribe(moment: SubscribeMoment): void {
  if (process.env.TARO_ENV === 'h5') return
  try {
    const templates = cache?.token === getToken() ? cache.templates : null
    if (!templates) {
      prepareSubscriptions()
      return
    }
    const tmplIds = templates.filter((t) => t.purpose === PURPOSE[moment]).map((t) => t.templateId)
    if (tmplIds.length === 0) return
    Taro.requestSubscribeMessage({ tmplIds, entityIds: tmplIds })
      .then((answer) => {
        // { errMsg, [templateId]: 'accept' | 'reject' | 'ban' | 'filter' }: only the ids asked for, with a known answer
        const results: Record<string, SubscribeAnswer> = {}
        for (const id of tmplIds) {
          const parsed = SubscribeAnswerSchema.safeParse((answer as Record<string, unknown>)[id])
          if (parsed.success) results[id] = parsed.data
        }
        return Object.keys(results).length > 0 ? record(results) : undefined
      })
      .catch(() => { /* refused by WeChat (no tap, turned off in settings) or not recorded: the inbox still has every message */ })
  } catch {
    // never into the page
  }
}
