import type { ReactNode } from 'react'
import { Button, Input, Picker, Textarea, View } from '@tarojs/components'
import type { z } from 'zod'
import { ApiError, type FieldIssue } from '../../../../services/api'
import { formatDate } from '../../../../utils/format'
import { askToSubscribe } from '../../../../services/subscriptions'
import { FieldError } from '../choice'

/**
 * The pieces every case form is made of. Ids: the input's own id is `<id>` (H5 tests type into `#<id> input`),
 * its message `<id>-error`.
 */

/**
 * Checks a draft command against its zod schema, adding the checks the schema cannot express (`extra`), and
 * returns the parsed command or throws one REQUEST.INVALID error with every field's message.
 */
export function checkCommand<S extends z.ZodType>(schema: S, draft: unknown, extra: FieldIssue[] = []): z.output<S> {
  const parsed = schema.safeParse(draft)
  if (parsed.success && extra.length === 0) return parsed.data
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))),
    ...extra,
  ]
  throw new ApiError(0, 'REQUEST.INVALID', issues[0]?.message ?? '请检查填写的内容', issues)
}

/** '' → undefined (the schema then asks for it), otherwise the number typed ('1,200' and '1 200' read as 1200). */
export function toNumber(text: string): number | undefined {
  const cleaned = text.replace(/[,，\s]/g, '')
  return cleaned === '' ? undefined : Number(cleaned)
}

interface FrameProps {
  id: string
  title: string
  /** One line under the title: what the act means. */
  intro?: string
  children: ReactNode
  summary: string
  sending: boolean
  submitLabel: string
  onSubmit: () => void
  onCancel: () => void
}

/** The card with the title, the fields, the form's message and the submit and cancel buttons. */
export function FormFrame({ id, title, intro, children, summary, sending, submitLabel, onSubmit, onCancel }: FrameProps) {
  return (
    <View className='card staff-form case-form' id={id}>
      <View className='staff-form__title'>{title}</View>
      {intro && <View className='case-form__intro'>{intro}</View>}
      {children}
      {summary && <View className='error-box' id={`${id}-error`}>{summary}</View>}
      <Button
        className='btn btn-primary' id={`${id}-submit`} disabled={sending || undefined}
        // asked within the tap (WeChat requires it), before the form's checks and uploads: to hear of the next to-do
        onClick={() => { askToSubscribe('command'); onSubmit() }}
      >
        {sending ? '正在提交…' : submitLabel}
      </Button>
      <Button className='btn btn-secondary' id={`${id}-cancel`} disabled={sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}

interface FieldProps {
  id: string
  label: string
  help?: string
  error?: string
}

export function DateField({ id, label, help, error, value, today, start = '2013-01-01', end, onChange }: FieldProps & {
  value: string
  today: string
  start?: string
  end?: string
  onChange: (value: string) => void
}) {
  return (
    <View className='field'>
      <View className='field__label'>{label}</View>
      {help && <View className='field__help'>{help}</View>}
      <Picker mode='date' value={value || today} start={start} end={end ?? '2099-12-31'} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='picker-field' id={id} data-value={value}>
          {value ? `${formatDate(value)}${value === today ? '（今天）' : ''}` : '请选择日期'}
          <View className='picker-field__arrow'>更改 ›</View>
        </View>
      </Picker>
      <FieldError id={`${id}-error`} message={error} />
    </View>
  )
}

export function NumberField({ id, label, help, error, value, unit, decimals = true, onChange }: FieldProps & {
  value: string
  unit: string
  /** false: whole numbers only (people, votes). */
  decimals?: boolean
  onChange: (value: string) => void
}) {
  return (
    <View className='field number-field'>
      <View className='number-field__line'>
        <View className='number-field__label'>{label}</View>
        <Input
          id={id}
          className='text-input number-field__input'
          type={decimals ? 'digit' : 'number'}
          value={value}
          maxlength={12}
          placeholder='0'
          onInput={(e) => onChange(e.detail.value)}
        />
        <View className='number-field__unit'>{unit}</View>
      </View>
      {help && <View className='field__help'>{help}</View>}
      <FieldError id={`${id}-error`} message={error} />
    </View>
  )
}

export function TextField({ id, label, help, error, value, max, placeholder, onChange }: FieldProps & {
  value: string
  max: number
  placeholder?: string
  onChange: (value: string) => void
}) {
  return (
    <View className='field'>
      <View className='field__label'>{label}</View>
      {help && <View className='field__help'>{help}</View>}
      <Input id={id} className='text-input' value={value} maxlength={max} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} />
      <FieldError id={`${id}-error`} message={error} />
    </View>
  )
}

export function TextAreaField({ id, label, help, error, value, max, placeholder, onChange }: FieldProps & {
  value: string
  max: number
  placeholder?: string
  onChange: (value: string) => void
}) {
  return (
    <View className='field'>
      <View className='field__label'>{label}</View>
      {help && <View className='field__help'>{help}</View>}
      <Textarea id={id} className='text-area' value={value} maxlength={max} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} />
      <View className='staff-counter'>{value.length}/{max}</View>
      <FieldError id={`${id}-error`} message={error} />
    </View>
  )
}
