import { View } from '@tarojs/components'

export interface ChoiceOption<T extends string | number> {
  value: T
  label: string
}

interface Props<T extends string | number> {
  /** Ids of the chips are `<id>-<value>`. */
  id: string
  options: readonly ChoiceOption<T>[]
  value: T | null
  onChange: (value: T) => void
}

/** One of a few options as large chips (easier to tap and to read than a picker wheel). */
export function Choice<T extends string | number>({ id, options, value, onChange }: Props<T>) {
  return (
    <View className='choice' id={id}>
      {options.map((option) => {
        const selected = option.value === value
        return (
          <View
            key={String(option.value)}
            id={`${id}-${option.value}`}
            data-value={String(option.value)}
            className={`choice__chip${selected ? ' choice__chip--selected' : ''}`}
            onClick={() => onChange(option.value)}
          >
            {selected ? '✓ ' : ''}{option.label}
          </View>
        )
      })}
    </View>
  )
}

/** Options from a label table, in the table's order. */
export function optionsOf<T extends string>(labels: Record<T, string>, leaveOut: readonly T[] = []): ChoiceOption<T>[] {
  return (Object.keys(labels) as T[]).filter((value) => !leaveOut.includes(value)).map((value) => ({ value, label: labels[value] }))
}

/** A yes/no box with a label. */
export function CheckBox({ id, checked, label, onChange }: { id: string, checked: boolean, label: string, onChange: (checked: boolean) => void }) {
  return (
    <View id={id} className={`checkbox${checked ? ' checkbox--checked' : ''}`} onClick={() => onChange(!checked)}>
      <View className='checkbox__box'>{checked ? '✓' : ''}</View>
      <View>{label}</View>
    </View>
  )
}

/** The message beside a field, when there is one. */
export function FieldError({ id, message }: { id: string, message?: string }) {
  return message ? <View className='field-error' id={id}>{message}</View> : null
}
