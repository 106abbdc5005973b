import { useState } from 'react'
import { Button, Input, View } from '@tarojs/components'
import type { HouseholdView } from '@shared/contracts/household'
import { routes } from '@shared/contracts/routes'
import { call, validate } from '../../../services/api'
import { CheckBox, Choice, FieldError } from './choice'
import { useForm } from '../../../components/use-form'

type Category = HouseholdView['category']
const CATEGORIES = [{ value: 'lifted', label: '脱贫户' }, { value: 'ordinary', label: '一般农户' }] as const

type Field = 'category' | 'liftedYear' | 'lowIncome' | 'extremePoverty'
const FIELDS: readonly Field[] = ['category', 'liftedYear', 'lowIncome', 'extremePoverty']

interface Props {
  household: HouseholdView
  onSaved: (household: HouseholdView) => void
  onCancel: () => void
}

/** 户类型 (脱贫户 with its year, or 一般农户), 低保户 and 特困供养. */
export function FlagsForm({ household, onSaved, onCancel }: Props) {
  const [category, setCategory] = useState<Category>(household.category)
  const [liftedYear, setLiftedYear] = useState(household.liftedYear ? String(household.liftedYear) : '')
  const [lowIncome, setLowIncome] = useState(household.lowIncome)
  const [extremePoverty, setExtremePoverty] = useState(household.extremePoverty)
  const form = useForm(FIELDS)

  const submit = () => form.run(async () => {
    const year = category === 'lifted' ? (liftedYear.trim() ? Number(liftedYear.trim()) : null) : null
    if (category === 'lifted' && (year === null || !Number.isInteger(year) || year < 2013 || year > 2030)) {
      form.fail({ liftedYear: '请填写脱贫年度（2013年至2030年）' })
      return
    }
    const body = validate(routes.setHouseholdFlags.body, { category, liftedYear: year, lowIncome, extremePoverty })
    const { household: saved } = await call('setHouseholdFlags', { params: { id: household.id }, body })
    onSaved(saved)
  })

  return (
    <View className='card staff-form' id='flags-form'>
      <View className='staff-form__title'>修改户类型和标识</View>
      <View className='field'>
        <View className='field__label'>户类型</View>
        <Choice id='flags-category' options={CATEGORIES} value={category} onChange={(v) => { setCategory(v); form.clearField('category') }} />
        <FieldError id='flags-error-category' message={form.fieldErrors.category} />
      </View>
      {category === 'lifted' && (
        <View className='field'>
          <View className='field__label'>脱贫年度</View>
          <Input id='flags-lifted-year' className='text-input text-input--short mono' type='number' maxlength={4} value={liftedYear}
            placeholder='例如：2018' onInput={(e) => { setLiftedYear(e.detail.value); form.clearField('liftedYear') }} />
          <FieldError id='flags-error-liftedYear' message={form.fieldErrors.liftedYear} />
        </View>
      )}
      <View className='field'>
        <CheckBox id='flags-low-income' checked={lowIncome} label='低保户' onChange={setLowIncome} />
        <CheckBox id='flags-extreme-poverty' checked={extremePoverty} label='特困供养' onChange={setExtremePoverty} />
      </View>
      {form.summary && <View className='error-box' id='flags-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='flags-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在保存…' : '保存'}
      </Button>
      <Button className='btn btn-secondary' id='flags-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
