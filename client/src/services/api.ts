import './zod-setup'
import Taro from '@tarojs/taro'
import type { z } from 'zod'
import {
  routes, type RouteBody, type RouteDef, type RouteName, type RouteParams, type RouteQuery, type RouteResponse,
} from '@shared/contracts/routes'
import { ErrorBodySchema } from '@shared/contracts/common'
import { UserViewSchema, type UserView } from '@shared/contracts/auth'

/** The only module that talks to the network. Pages call `call(name, { params, query, body })`. */

export interface FieldIssue {
  /** Dotted path of the field, e.g. `riskTypes` or `members.0.name`; '' for the whole request. */
  path: string
  message: string
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly issues: FieldIssue[]

  constructor(status: number, code: string, message: string, issues: FieldIssue[] = []) {
    super(message)
    // Keep `instanceof` working when classes are compiled to ES5.
    Object.setPrototypeOf(this, ApiError.prototype)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.issues = issues
  }
}

/** Any thrown value as a Chinese sentence for the user. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return '出现了问题，请稍后再试'
}

type ParamsOption<N extends RouteName> = RouteParams<N> extends undefined ? { params?: undefined } : { params: RouteParams<N> }
type BodyOption<N extends RouteName> = RouteBody<N> extends undefined ? { body?: undefined } : { body: RouteBody<N> }
type QueryOption<N extends RouteName> = RouteQuery<N> extends undefined ? { query?: undefined } : { query: RouteQuery<N> }
export type CallOptions<N extends RouteName> = ParamsOption<N> & BodyOption<N> & QueryOption<N>
type CallArgs<N extends RouteName> = Record<string, never> extends CallOptions<N> ? [options?: CallOptions<N>] : [options: CallOptions<N>]

const TIMEOUT_MS = 15000

/** What Taro.request may hand back; checked with the route's schema before use. */
type RawData = string | TaroGeneral.IAnyObject | ArrayBuffer

function toIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

function invalidRequest(error: z.ZodError): ApiError {
  const issues = toIssues(error)
  return new ApiError(0, 'REQUEST.INVALID', issues[0]?.message ?? '请检查填写的内容', issues)
}

/**
 * Checks a form draft against a schema (usually `routes.<name>.body`) and returns the typed value,
 * or throws the same REQUEST.INVALID error `call` would. Lets a page validate fields that its state types
 * more loosely than the contract (e.g. an unticked consent box is `false`, the contract wants `true`).
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw invalidRequest(parsed.error)
  return parsed.data
}

function buildPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{(\w+)\}/g, (_match, key: string) => encodeURIComponent(String(params[key] ?? '')))
}

/** `?a=1&b=2` from a parsed query object, leaving out undefined and null values; '' when there is nothing. */
function buildQuery(query: Record<string, unknown>): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The route table seen per route name, so a generic `N` keeps its own response type. */
const responseSchemas: { [K in RouteName]: { response: z.ZodType<RouteResponse<K>> } } = routes

function parseResponse<T>(schema: z.ZodType<T>, data: unknown, status: number): T {
  const parsed = schema.safeParse(data)
  if (!parsed.success) {
    throw new ApiError(status, 'RESPONSE.INVALID', '服务器返回的数据有误，请稍后再试')
  }
  return parsed.data
}

/**
 * Calls one API route: checks params, query and body against the route's schemas (nothing is sent when they fail),
 * attaches the stored token, and parses the answer with the route's response schema.
 * Throws ApiError: REQUEST.INVALID (with field issues), NETWORK, the server's coded errors, RESPONSE.INVALID.
 */
export async function call<N extends RouteName>(name: N, ...args: CallArgs<N>): Promise<RouteResponse<N>> {
  const options: { params?: unknown, body?: unknown, query?: unknown } = args[0] ?? {}
  const route: RouteDef = routes[name]

  let params: Record<string, unknown> = {}
  if (route.params) {
    const parsed = route.params.safeParse(options.params ?? {})
    if (!parsed.success) throw invalidRequest(parsed.error)
    if (isRecord(parsed.data)) params = parsed.data
  }
  let query: Record<string, unknown> = {}
  if (route.query) {
    const parsed = route.query.safeParse(options.query ?? {})
    if (!parsed.success) throw invalidRequest(parsed.error)
    if (isRecord(parsed.data)) query = parsed.data
  }
  let body: unknown
  if (route.body) {
    const parsed = route.body.safeParse(options.body)
    if (!parsed.success) throw invalidRequest(parsed.error)
    body = parsed.data
  }

  const header: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) header['Content-Type'] = 'application/json'
  const token = getToken()
  if (token) header.Authorization = `Bearer ${token}`

  let response: Taro.request.SuccessCallbackResult<RawData>
  try {
    response = await Taro.request<RawData>({
      url: API_BASE + buildPath(route.path, params) + buildQuery(query),
      method: route.method,
      header,
      data: isRecord(body) ? body : undefined,
      dataType: 'json',
      timeout: TIMEOUT_MS,
    })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
  }

  const status = response.statusCode
  if (status < 200 || status >= 300) {
    const parsed = ErrorBodySchema.safeParse(response.data)
    if (parsed.success) {
      const { code, message, issues } = parsed.data.error
      throw new ApiError(status, code, message, issues ?? [])
    }
    throw new ApiError(status, `HTTP.${status}`, `服务暂时不可用（${status}），请稍后再试`)
  }
  return parseResponse(responseSchemas[name].response, response.data, status)
}

// ---- session: token and the signed-in user, kept in local storage ----

const TOKEN_KEY = 'token'
const USER_KEY = 'user'

export function getToken(): string {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY)
  return typeof token === 'string' ? token : ''
}

export function getStoredUser(): UserView | null {
  const parsed = UserViewSchema.safeParse(Taro.getStorageSync(USER_KEY))
  return parsed.success ? parsed.data : null
}

export function saveSession(token: string, user: UserView): void {
  Taro.setStorageSync(TOKEN_KEY, token)
  Taro.setStorageSync(USER_KEY, user)
}

export function saveUser(user: UserView): void {
  Taro.setStorageSync(USER_KEY, user)
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY)
  Taro.removeStorageSync(USER_KEY)
}

// ---- door plates (一户一码): the PDF comes base64 in JSON; made into something the platform can open ----

export interface DoorPlatesFile {
  fileName: string
  plates: number
  pages: number
  /** H5: a blob: URL (revoke it when done); WeChat: a file in the user data folder for Taro.openDocument. */
  location: string
}

/** Fetches the door-plate PDF of a village or group and keeps it where this platform can open it. */
export async function downloadDoorPlates(areaId: string): Promise<DoorPlatesFile> {
  const answer = await call('doorPlates', { params: { areaId } })
  const bytes = Taro.base64ToArrayBuffer(answer.contentBase64)
  const meta = { fileName: answer.fileName, plates: answer.plates, pages: answer.pages }
  if (process.env.TARO_ENV === 'h5') {
    return { ...meta, location: URL.createObjectURL(new Blob([bytes], { type: answer.contentType })) }
  }
  // WeChat: only ASCII in the path, one file per area (a new download replaces the old)
  const filePath = `${Taro.env.USER_DATA_PATH}/door-plates-${areaId}.pdf`
  try {
    Taro.getFileSystemManager().writeFileSync(filePath, bytes)
  } catch {
    throw new ApiError(0, 'FILE.WRITE_FAILED', '保存文件失败，请检查手机存储空间后重试')
  }
  return { ...meta, location: filePath }
}
