import { useState } from 'react'
import { Button, Input, View } from '@tarojs/components'
import type { z } from 'zod'
import {
  HEALTH_LABELS, LABOUR_LABELS, RELATION_LABELS, SCHOOLING_LABELS,
  type HealthSchema, type HouseholdView, type LabourSchema, type RelationSchema, type SchoolingSchema,
} from '@shared/contracts/household'
import { routes } from '@shared/contracts/routes'
import { checkIdNumber } from '@shared/domain/id-number'
import { call, validate } from '../../../services/api'
import { chinaToday, formErrors, type FieldErrors } from '../../../utils/form'
import { Choice, FieldError, optionsOf } from './choice'
import { useForm } from '../../../components/use-form'

type Relation = z.infer<typeof RelationSchema>
type Health = z.infer<typeof HealthSchema>
type Labour = z.infer<typeof LabourSchema>
type Schooling = z.infer<typeof SchoolingSchema>

type Field = 'name' | 'idNumber' | 'relation' | 'health' | 'disabilityLevel' | 'labour' | 'schooling' | 'phone'
const FIELDS: readonly Field[] = ['name', 'idNumber', 'relation', 'health', 'disabilityLevel', 'labour', 'schooling', 'phone']

const RELATIONS = optionsOf(RELATION_LABELS, ['head'])
const HEALTHS = optionsOf(HEALTH_LABELS)
const LABOURS = optionsOf(LABOUR_LABELS)
const SCHOOLINGS = optionsOf(SCHOOLING_LABELS)
const LEVELS = [1, 2, 3, 4].map((value) => ({ value, label: `${value}级` }))

const ID_PROBLEMS = { format: '身份证号应为18位，最后一位可以是X', birth_date: '身份证号中的出生日期不存在', checksum: '身份证号校验位不对，请核对' }

/** The REQUEST.INVALID error `validate` throws for a draft (its issues carry the field paths). */
function validationError(draft: unknown): unknown {
  try {
    validate(routes.addMember.body, draft)
    return null
  } catch (e) {
    return e
  }
}

interface Props {
  householdId: string
  onSaved: (household: HouseholdView) => void
  onCancel: () => void
}

/** 新增成员: a person joins the household (birth, marriage, moving in). The ID number is checked before sending. */
export function AddMemberForm({ householdId, onSaved, onCancel }: Props) {
  const [name, setName] = useState('')
  const [idNumber, setIdNumber] = useState('')
  const [relation, setRelation] = useState<Relation | null>(null)
  const [health, setHealth] = useState<Health | null>('healthy')
  const [disabilityLevel, setDisabilityLevel] = useState<number | null>(null)
  const [labour, setLabour] = useState<Labour | null>(null)
  const [schooling, setSchooling] = useState<Schooling | null>('none')
  const [phone, setPhone] = useState('')
  const form = useForm(FIELDS, { 'MEMBER.ID_INVALID': 'idNumber', 'MEMBER.ID_EXISTS': 'idNumber' })

  const submit = () => form.run(async () => {
    // choices the contract refuses with a generic message get a specific one here, and the ID number is
    // checked (length, birth date, check digit) before anything is sent
    const own: FieldErrors<Field> = {}
    if (!relation) own.relation = '请选择与户主关系'
    if (!health) own.health = '请选择健康状况'
    if (health === 'disabled' && disabilityLevel === null) own.disabilityLevel = '请选择残疾等级'
    if (!labour) own.labour = '请选择劳动技能'
    if (!schooling) own.schooling = '请选择在校情况'
    const id = idNumber.trim().toUpperCase()
    const problem = id ? checkIdNumber(id, chinaToday()) : null
    if (!id) own.idNumber = '请填写身份证号'
    else if (problem) own.idNumber = ID_PROBLEMS[problem]
    const draft = {
      name, idNumber: id, relation, health, labour, schooling,
      disabilityLevel: health === 'disabled' ? disabilityLevel : null,
      phone: phone.trim() ? phone.trim() : null,
    }
    const parsed = routes.addMember.body.safeParse(draft)
    if (!parsed.success || Object.keys(own).length > 0) {
      const fromSchema = parsed.success ? {} : formErrors(validationError(draft), FIELDS).fields
      form.fail({ ...fromSchema, ...own })
      return
    }
    const { household } = await call('addMember', { params: { id: householdId }, body: parsed.data })
    onSaved(household)
  })

  return (
    <View className='card staff-form' id='add-member-form'>
      <View className='staff-form__title'>新增成员</View>
      <View className='field'>
        <View className='field__label'>姓名</View>
        <Input id='add-member-name' className='text-input' value={name} maxlength={20} placeholder='成员姓名'
          onInput={(e) => { setName(e.detail.value); form.clearField('name') }} />
        <FieldError id='add-member-error-name' message={form.fieldErrors.name} />
      </View>
      <View className='field'>
        <View className='field__label'>身份证号</View>
        <Input id='add-member-id-number' className='text-input mono' type='idcard' value={idNumber} maxlength={18} placeholder='18位身份证号'
          onInput={(e) => { setIdNumber(e.detail.value); form.clearField('idNumber') }} />
        <FieldError id='add-member-error-idNumber' message={form.fieldErrors.idNumber} />
      </View>
      <View className='field'>
        <View className='field__label'>与户主关系</View>
        <Choice id='add-member-relation' options={RELATIONS} value={relation} onChange={(v) => { setRelation(v); form.clearField('relation') }} />
        <FieldError id='add-member-error-relation' message={form.fieldErrors.relation} />
      </View>
      <View className='field'>
        <View className='field__label'>健康状况</View>
        <Choice id='add-member-health' options={HEALTHS} value={health} onChange={(v) => { setHealth(v); form.clearField('health') }} />
        <FieldError id='add-member-error-health' message={form.fieldErrors.health} />
      </View>
      {health === 'disabled' && (
        <View className='field'>
          <View className='field__label'>残疾等级</View>
          <Choice id='add-member-disability' options={LEVELS} value={disabilityLevel}
            onChange={(v) => { setDisabilityLevel(v); form.clearField('disabilityLevel') }} />
          <FieldError id='add-member-error-disabilityLevel' message={form.fieldErrors.disabilityLevel} />
        </View>
      )}
      <View className='field'>
        <View className='field__label'>劳动技能</View>
        <Choice id='add-member-labour' options={LABOURS} value={labour} onChange={(v) => { setLabour(v); form.clearField('labour') }} />
        <FieldError id='add-member-error-labour' message={form.fieldErrors.labour} />
      </View>
      <View className='field'>
        <View className='field__label'>在校情况</View>
        <Choice id='add-member-schooling' options={SCHOOLINGS} value={schooling} onChange={(v) => { setSchooling(v); form.clearField('schooling') }} />
        <FieldError id='add-member-error-schooling' message={form.fieldErrors.schooling} />
      </View>
      <View className='field'>
        <View className='field__label'>手机号码（可不填）</View>
        <Input id='add-member-phone' className='text-input mono' type='number' value={phone} maxlength={11} placeholder='11位手机号'
          onInput={(e) => { setPhone(e.detail.value); form.clearField('phone') }} />
        <FieldError id='add-member-error-phone' message={form.fieldErrors.phone} />
      </View>
      {form.summary && <View className='error-box' id='add-member-error'>{form.summary}</View>}
      <Button className='btn btn-primary' id='add-member-submit' disabled={form.sending || undefined} onClick={() => void submit()}>
        {form.sending ? '正在保存…' : '保存新成员'}
      </Button>
      <Button className='btn btn-secondary' id='add-member-cancel' disabled={form.sending || undefined} onClick={onCancel}>取消</Button>
    </View>
  )
}
