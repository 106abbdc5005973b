import { useRef, useState } from 'react'
import { Button, Picker, View } from '@tarojs/components'
import { RISK_TYPE_LABELS, RiskTypeSchema, type RiskType, type Role } from '@shared/contracts/common'
import type { ReportClueResponse } from '@shared/contracts/clue'
import { routes } from '@shared/contracts/routes'
import { DEPARTMENTS } from '@shared/domain/measures'
import { call, validate } from '../../../services/api'
import { useForm } from '../../../components/use-form'
import { chinaToday, makeClientKey } from '../../../utils/form'
import { FieldError } from './choice'
import { DateField, TextAreaField } from './case-forms/fields'

/** Who reports a clue from the household page, and through which channel (the server checks the same). */
export const CLUE_CHANNEL_OF: Partial<Record<Role, 'grid_visit' | 'department_alert'>> = {
  grid_member: 'grid_visit', village_cadre: 'grid_visit', county_admin: 'department_alert', department_user: 'department_alert',
}

type Field = 'riskTypes' | 'description' | 'foundOn' | 'department'
const FIELDS: readonly Field[] = ['riskTypes', 'description', 'foundOn', 'department']
const BY_CODE = { 'CASE.DATE_IN_FUTURE': 'foundOn', 'CLUE.DEPARTMENT_REQUIRED': 'department' } as const

interface Props {
  householdId: string
  role: Role
  onSaved: (answer: ReportClueResponse) => void
  onCancel: () => void
}

/**
 * 报告风险线索: a grid member's or village cadre's visit (网格员走访发现), or a department's data entered by the county
 * (部门筛查预警, naming the department). The day it was found starts the identification clock; a new clue for a
 * household with an open case joins that case. One client key per form, so a retry stores it once.
 */
export function ClueForm({ householdId, role, onSaved, onCancel }: Props) {
  const channel = CLUE_CHANNEL_OF[role] ?? 'grid_visit'
  const clientKey = useRef(makeClientKey())
  const today = chinaToday()
  const [riskTypes, setRiskTypes] = useState<RiskType[]>([])
  const [description, setDescription] = useState('')
  const [foundOn, setFoundOn] = useState(today)
  const [department, setDepartment] = useState('')
  const form = useForm(FIELDS, BY_CODE)
  const byCounty = channel === 'department_alert' && role === 'county_admin'

  const toggle = (r: RiskType) => {
    setRiskTypes((list) => (list.includes(r) ? list.filter((x) => x !== r) : RiskTypeSchema.options.filter((x) => x === r || list.includes(x))))
    form.clearField('riskTypes')
  }

  const submit = () => form.run(async () => {
    if (byCounty && !department) {
      form.fail({ department: '请选择预警数据来自哪个部门' })
      return
    }
    const body = validate(routes.reportClue.body, {
      householdId, channel, riskTypes, description, foundOn, clientKey: clientKey.current, ...(byCounty ? { department } : {}),
    })
    onSaved(await call('reportClue', { body }))
  })

  const err = form.fieldErrors
  return (
    <View className='card staff-form' id='clue-form'>
      <View className='staff-form__title'>报告风险线索</View>
      <View className='muted'>
        {channel === 'grid_visit' ? '走访中发现该户有返贫致贫风险时报告。' : '行业部门数据预警该户有风险时，由县里录入。'}
        报告后由网格员入户核实；该户已有在办案件的，线索并入该案件。
      </View>
      {byCounty && (
        <View className='field'>
          <View className='field__label'>预警部门</View>
          <Picker mode='selector' range={[...DEPARTMENTS]} value={Math.max(0, DEPARTMENTS.indexOf(department as (typeof DEPARTMENTS)[number]))}
            onChange={(e) => { setDepartment(DEPARTMENTS[Number(e.detail.value)]); form.clearField('department') }}>
            <View className='picker-field' id='clue-department' data-value={department}>
              {department || '请选择部门'}<View className='picker-field__arrow'>选择 ›</View>
            </View>
          </Picker>
          <FieldError id='clue-department-error' message={err.department} />
        </View>
      )}
      <View className='field'>
        <View className='field__label'>风险类型（可多选）</View>
        <View className='choice' id='clue-risks'>
          {RiskTypeSchema.options.map((r) => (
            <View key={r} id={`clue-risk-${r}`} className={`choice__chip${riskTypes.includes(r) ? ' choice__chip--selected' : ''}`} onClick={() => toggle(r)}>
              {riskTypes.includes(r) ? '✓ ' : ''}{RISK_TYPE_LABELS[r]}
            </View>
          ))}
        </View>
        <FieldError id='clue-risks-error' message={err.riskTypes} />
      </View>
      <TextAreaField id='clue-description' label='发现的情况' max={1000} value={description} error={err.description}
        placeholder={channel === 'grid_visit' ? '例如：户主务工受伤，两个月没有收入，医药费自付约8000元。' : '例如：医保数据显示，该户今年住院自付费用超过2万元。'}
        onChange={(v) => { setDescription(v); form.clearField('description') }} />
      <DateField id='clue-found-on' label='发现日期' help='从这一天起计算认定时限' value={foundOn} today={today} end={today} error={err.foundOn}
        onChange={(v) => { setFoundOn(v); form.clearField('foundOn') }} />
      {form.summary && <View className='error-box' id='clue-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='clue-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在提交…' : '报告线索'}
      </Button>
      <Button className='btn btn-secondary' id='clue-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
