import { ApiError, errorMessage } from '../services/api'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

export interface FormErrors<F extends string> {
  fields: FieldErrors<F>
  /** For the box above the submit button: what belongs to no field, or the server's refusal. */
  form: string
}

/**
 * Splits a failed submit into messages beside fields and one for the whole form. Field issues come from
 * `validate`/`call` (REQUEST.INVALID) or the server's 400; `byCode` puts a coded refusal beside a field
 * (e.g. MEMBER.ID_EXISTS beside the ID number).
 */
export function formErrors<F extends string>(
  error: unknown, fields: readonly F[], byCode: Partial<Record<string, F>> = {},
): FormErrors<F> {
  const result: FormErrors<F> = { fields: {}, form: '' }
  const isField = (path: string): path is F => (fields as readonly string[]).includes(path)
  // the whole path, or the longest leading part of it that is a field: 'riskTypes.0' → 'riskTypes'
  const fieldOf = (path: string): F | undefined => {
    const parts = path.split('.')
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('.')
      if (isField(candidate)) return candidate
    }
    return undefined
  }
  const others: string[] = []
  if (error instanceof ApiError) {
    const coded = byCode[error.code]
    if (coded) {
      result.fields[coded] = error.message
      return result
    }
    for (const issue of error.issues) {
      const field = fieldOf(issue.path)
      if (field) result.fields[field] ??= issue.message
      else others.push(issue.message)
    }
  }
  if (Object.keys(result.fields).length === 0 || others.length > 0) result.form = others[0] ?? errorMessage(error)
  return result
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** One key per form: every retry of this form sends it, so the server stores the record once. */
export function makeClientKey(): string {
  let key = Date.now().toString(36)
  while (key.length < 24) key += KEY_ALPHABET[Math.floor(Math.random() * KEY_ALPHABET.length)]
  return key
}

/** A random RFC 4122 version-4 id, for records the client names itself (crypto.randomUUID is missing in WeChat). */
export function makeUuid(): string {
  const hex = '0123456789abcdef'
  let id = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) id += '-'
    else if (i === 14) id += '4'
    else if (i === 19) id += hex[8 + Math.floor(Math.random() * 4)]
    else id += hex[Math.floor(Math.random() * 16)]
  }
  return id
}

/** Today's date in China (UTC+8 all year, no daylight saving) as YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}
