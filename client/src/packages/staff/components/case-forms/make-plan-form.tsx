import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { MakePlanCommandSchema, type CaseDetailResponse } from '@shared/contracts/workflow'
import type { FieldIssue } from '../../../../services/api'
import { DEPARTMENTS, LABOUR_LEVEL_LABELS, labourLevel, suggestMeasures, type MeasureSuggestion } from '@shared/domain/measures'
import { useForm } from '../../../../components/use-form'
import { formatDate } from '../../../../utils/format'
import { Choice, FieldError } from '../choice'
import { PlanMeasureList } from '../plan-measures'
import { checkCommand, DateField, FormFrame, TextField } from './fields'
import type { CaseFormProps } from './types'

/** One measure as the form edits it. */
interface Draft {
  key: string
  measure: string
  /** '' for the whole household. */
  memberName: string
  kind: 'department' | 'person'
  name: string
  dueOn: string
  /** Why the catalogue suggested it, when it did. */
  basis?: string
}

let seq = 0
const nextKey = () => `m${++seq}`

/** YYYY-MM-DD plus whole days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/** The plan's deadline (待制定帮扶计划's due date) while it lies ahead, otherwise a month from today. */
function defaultDueOn(detail: CaseDetailResponse): string {
  const deadline = detail.openTasks.find((t) => t.kind === 'make_plan')?.dueOn
  return deadline && deadline >= detail.today ? deadline : addDays(detail.today, 30)
}

const fromSuggestion = (s: MeasureSuggestion, dueOn: string): Draft => ({
  key: nextKey(), measure: s.measure, memberName: s.memberName ?? '', kind: 'department', name: s.department, dueOn, basis: s.basis,
})
const sameMeasure = (d: Draft, s: MeasureSuggestion) => d.measure === s.measure && d.memberName === (s.memberName ?? '')

const BY_CODE = { 'CASE.PLAN_EMPTY': 'measures', 'CASE.MEASURE_INCOMPLETE': 'measures', 'CASE.DATE_IN_FUTURE': 'madeOn' } as const

/**
 * 制定帮扶计划 (一户一方案、一人一措施): the catalogue's suggestions from the members' labour capacity, health and
 * schooling and the case's risk types, to check, edit, remove or add to; each with the member it is for, the
 * responsible department or person and a due date (the plan's deadline unless changed). A revision starts from the
 * measures still open; those done are listed and stay done.
 */
export function MakePlanForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { household, today } = detail
  const riskTypes = detail.case.riskTypes.length ? detail.case.riskTypes : [...new Set(detail.clues.flatMap((c) => c.riskTypes))]
  const suggestions = suggestMeasures({
    members: household.members, riskTypes, lowIncome: household.lowIncome, extremePoverty: household.extremePoverty,
  })
  const dueDefault = defaultDueOn(detail)
  const open = detail.measures.filter((m) => m.status === 'open')
  const done = detail.measures.filter((m) => m.status === 'done')
  const revising = detail.measures.length > 0

  const [madeOn, setMadeOn] = useState(today)
  const [drafts, setDrafts] = useState<Draft[]>(() => (revising
    ? open.map((m) => ({
      key: nextKey(), measure: m.measure, memberName: m.memberName ?? '', kind: m.responsible.kind, name: m.responsible.name, dueOn: m.dueOn,
    }))
    : suggestions.map((s) => fromSuggestion(s, dueDefault))))

  const fields = ['madeOn', 'measures', ...drafts.flatMap((_, i) => [`measures.${i}.measure`, `measures.${i}.responsible`, `measures.${i}.dueOn`, `measures.${i}.memberName`])]
  const form = useForm(fields, BY_CODE)
  const err = form.fieldErrors

  const change = (key: string, patch: Partial<Draft>) => {
    setDrafts((list) => list.map((d) => (d.key === key ? { ...d, ...patch } : d)))
    const i = drafts.findIndex((d) => d.key === key)
    for (const f of Object.keys(patch)) form.clearField(`measures.${i}.${f === 'kind' || f === 'name' ? 'responsible' : f}`)
    form.clearField('measures')
  }
  const remove = (key: string) => {
    setDrafts((list) => list.filter((d) => d.key !== key))
    form.fail({}) // messages are by position: they no longer fit
  }
  const addBlank = () => {
    setDrafts((list) => [...list, { key: nextKey(), measure: '', memberName: '', kind: 'department', name: '', dueOn: dueDefault }])
    form.clearField('measures')
  }
  const notListed = suggestions.filter((s) => !drafts.some((d) => sameMeasure(d, s)))

  const submit = () => form.run(async () => {
    const extra: FieldIssue[] = []
    drafts.forEach((d, i) => {
      if (!d.name.trim()) extra.push({ path: `measures.${i}.responsible`, message: d.kind === 'department' ? '请选择责任部门' : '请填写责任人姓名' })
      if (d.dueOn && d.dueOn < madeOn) extra.push({ path: `measures.${i}.dueOn`, message: '完成期限不能早于制定日期' })
    })
    if (drafts.length === 0) extra.push({ path: 'measures', message: '帮扶计划至少要有一项帮扶措施' })
    await send(checkCommand(MakePlanCommandSchema, {
      type: 'makePlan',
      madeOn,
      measures: drafts.map((d) => ({
        measure: d.measure, memberName: d.memberName || null, responsible: { kind: d.kind, name: d.name }, dueOn: d.dueOn,
      })),
    }, extra))
  })

  const memberOptions = [{ value: '', label: '全户' }, ...household.members.map((m) => ({ value: m.name, label: m.name }))]
  return (
    <FormFrame id='plan-form' title={label} summary={form.summary} sending={form.sending}
      submitLabel={revising ? '保存调整后的帮扶计划' : '确认帮扶计划'} onSubmit={() => void submit()} onCancel={onCancel}
      intro={revising
        ? '调整计划：下面是尚未完成的措施，可修改、删除或新增。保存后，未列入的原措施不再派单；已完成的措施保留。'
        : `一户一方案、一人一措施。已按家庭成员情况（${LABOUR_LEVEL_LABELS[labourLevel(household.members)]}）和风险类型列出建议措施，请逐项核对。`}>
      <DateField id='plan-made-on' label='制定日期' value={madeOn} today={today} end={today} error={err.madeOn}
        onChange={(v) => { setMadeOn(v); form.clearField('madeOn') }} />

      {done.length > 0 && (
        <View className='field'>
          <View className='field__label'>已完成的措施（不会改动）</View>
          <PlanMeasureList id='plan-done' measures={done} today={today} />
        </View>
      )}

      <View className='case-form__group'>帮扶措施（{drafts.length}项）</View>
      <FieldError id='plan-measures-error' message={err.measures} />
      {drafts.map((d, i) => {
        const p = `plan-m-${i}`
        const departments: string[] = [...DEPARTMENTS]
        if (d.kind === 'department' && d.name && !departments.includes(d.name)) departments.unshift(d.name)
        return (
          <View key={d.key} className='plan-item' id={p} data-measure={d.measure}>
            <View className='plan-item__top'>
              <View className='plan-item__number'>第{i + 1}项</View>
              <View className='small-btn small-btn--danger plan-item__remove' id={`${p}-remove`} onClick={() => remove(d.key)}>删除</View>
            </View>
            {d.basis && <View className='plan-item__basis'>建议依据：{d.basis}</View>}
            <TextField id={`${p}-measure`} label='措施' max={100} value={d.measure} error={err[`measures.${i}.measure`]}
              placeholder='例如：公益性岗位' onChange={(v) => change(d.key, { measure: v })} />
            <View className='field'>
              <View className='field__label'>帮扶对象</View>
              <Choice id={`${p}-member`} options={memberOptions} value={d.memberName} onChange={(v) => change(d.key, { memberName: v })} />
            </View>
            <View className='field'>
              <View className='field__label'>责任</View>
              <Choice id={`${p}-kind`} options={[{ value: 'department', label: '行业部门' }, { value: 'person', label: '帮扶责任人' }] as const}
                value={d.kind} onChange={(v) => change(d.key, { kind: v, name: '' })} />
            </View>
            {d.kind === 'department' ? (
              <View className='field'>
                <View className='field__label'>责任部门</View>
                <Picker mode='selector' range={departments} value={Math.max(0, departments.indexOf(d.name))}
                  onChange={(e) => change(d.key, { name: departments[Number(e.detail.value)] })}>
                  <View className='picker-field' id={`${p}-department`} data-value={d.name}>
                    {d.name || '请选择部门'}<View className='picker-field__arrow'>选择 ›</View>
                  </View>
                </Picker>
                <FieldError id={`${p}-responsible-error`} message={err[`measures.${i}.responsible`]} />
              </View>
            ) : (
              <TextField id={`${p}-person`} label='责任人姓名' max={50} value={d.name} error={err[`measures.${i}.responsible`]}
                placeholder='例如：驻村工作队员姓名' onChange={(v) => change(d.key, { name: v })} />
            )}
            <DateField id={`${p}-due`} label='完成期限' value={d.dueOn} today={today} start={madeOn} error={err[`measures.${i}.dueOn`]}
              onChange={(v) => change(d.key, { dueOn: v })} />
          </View>
        )
      })}
      <View className='small-btn' id='plan-add' onClick={addBlank}>＋ 添加一项措施</View>
      {notListed.length > 0 && (
        <View className='field plan-suggestions' id='plan-suggestions'>
          <View className='field__label'>其他建议措施（点一下加入）</View>
          {notListed.map((s) => (
            <View key={`${s.measure}@${s.memberName ?? ''}`} className='plan-suggestion'
              onClick={() => setDrafts((list) => [...list, fromSuggestion(s, dueDefault)])}>
              ＋ {s.measure}{s.memberName ? `（${s.memberName}）` : ''} · {s.department}
              <View className='muted'>{s.basis}</View>
            </View>
          ))}
        </View>
      )}
      <View className='case-form__hint'>计划确认后，派给行业部门的措施会出现在该部门的“帮扶措施”待办中，期限默认为{formatDate(dueDefault)}。</View>
    </FormFrame>
  )
}
