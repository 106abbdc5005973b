import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import { BASIC_NEED_LABELS, MAX_VERIFICATION_PHOTOS, VerificationSchema, type BasicNeeds } from '@shared/contracts/verification'
import { VerifyCommandSchema } from '@shared/contracts/workflow'
import { evaluateEligibility, formatYuan } from '@shared/domain/eligibility'
import type { FieldIssue } from '../../../../services/api'
import { useForm } from '../../../../components/use-form'
import { CheckBox, Choice, FieldError } from '../choice'
import { EligibilityCard } from '../eligibility-card'
import { checkCommand, DateField, FormFrame, NumberField, TextAreaField, TextField, toNumber } from './fields'
import { PhotoPicker, type PhotoItem } from './photo-picker'
import type { CaseFormProps } from './types'

const V = 'verification'
const INCOMES = [
  { key: 'wages', path: `${V}.income.wagesYuan`, label: '工资性收入', help: '外出务工、在本地打工挣的工资' },
  { key: 'business', path: `${V}.income.businessYuan`, label: '生产经营收入', help: '种地、养殖、做生意卖得的钱（费用在下面单独填）' },
  { key: 'property', path: `${V}.income.propertyYuan`, label: '财产性收入', help: '土地流转费、分红、房租、利息' },
  { key: 'transfers', path: `${V}.income.transfersYuan`, label: '转移性收入', help: '养老金、低保金、各类补贴' },
  { key: 'costs', path: `${V}.productionCostsYuan`, label: '生产经营费用', help: '种子、化肥、饲料、农机等，从收入中扣除' },
] as const
const RIGID = [
  { key: 'medical', path: `${V}.rigidExpenses.medicalYuan`, label: '医疗自付', help: '医保、医疗救助报销后自己付的钱' },
  { key: 'schooling', path: `${V}.rigidExpenses.schoolingYuan`, label: '教育支出', help: '学费、住宿费、生活费' },
  { key: 'disaster', path: `${V}.rigidExpenses.disasterLossYuan`, label: '灾害损失', help: '因灾损失的房屋、庄稼、牲畜' },
  { key: 'other', path: `${V}.rigidExpenses.otherYuan`, label: '其他刚性支出', help: '' },
] as const
type AmountKey = (typeof INCOMES)[number]['key'] | (typeof RIGID)[number]['key']
const NEEDS: { key: keyof BasicNeeds, help: string }[] = [
  { key: 'education', help: '适龄子女没有因贫失学辍学' },
  { key: 'medical', help: '参加了医保，看得起病' },
  { key: 'housing', help: '住房安全，不是危房' },
  { key: 'drinkingWater', help: '有水喝，水量、水质达标' },
]
const SECURED = [{ value: 'yes', label: '有保障' }, { value: 'no', label: '没有保障' }] as const
type Secured = (typeof SECURED)[number]['value']

const PATHS = {
  size: `${V}.householdSize`, otherDescription: `${V}.rigidExpenses.otherDescription`, photos: `${V}.photoIds`,
  need: (key: keyof BasicNeeds) => `${V}.basicNeeds.${key}`,
}
const FIELDS = [
  'verifiedOn', 'findings', 'authorisationSigned', PATHS.size, PATHS.otherDescription, PATHS.photos,
  ...INCOMES.map((a) => a.path), ...RIGID.map((a) => a.path), ...NEEDS.map((n) => PATHS.need(n.key)),
  'elimination.incomePerCapitaYuan', 'elimination.basicNeedsSecured', 'elimination.identifiedRiskRemoved', 'elimination.noNewRisk',
]
const BY_CODE = { 'CASE.DATE_IN_FUTURE': 'verifiedOn', 'CASE.AUTHORISATION_MISSING': 'authorisationSigned' }

/** 入户核实: the identification's full record, or in an elimination the findings the elimination criteria ask for. */
export function VerifyForm(props: CaseFormProps) {
  return props.detail.case.status === 'elimination_verifying' ? <EliminationVerifyForm {...props} /> : <IdentificationVerifyForm {...props} />
}

function IdentificationVerifyForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { household, policy, today } = detail
  const [verifiedOn, setVerifiedOn] = useState(today)
  const [amounts, setAmounts] = useState<Record<AmountKey, string>>({
    wages: '', business: '', property: '', transfers: '', costs: '', medical: '', schooling: '', disaster: '', other: '',
  })
  const [otherDescription, setOtherDescription] = useState('')
  const [size, setSize] = useState(String(household.members.length))
  const [needs, setNeeds] = useState<Record<keyof BasicNeeds, { secured: Secured | null, note: string }>>({
    education: { secured: null, note: '' }, medical: { secured: null, note: '' },
    housing: { secured: null, note: '' }, drinkingWater: { secured: null, note: '' },
  })
  const [photos, setPhotos] = useState<PhotoItem[]>([])
  const [signed, setSigned] = useState(false)
  const [findings, setFindings] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const amount = (key: AmountKey) => toNumber(amounts[key])
  const setAmount = (key: AmountKey, path: string, value: string) => {
    setAmounts((a) => ({ ...a, [key]: value }))
    form.clearField(path)
  }
  const setNeed = (key: keyof BasicNeeds, change: Partial<{ secured: Secured, note: string }>) => {
    setNeeds((n) => ({ ...n, [key]: { ...n[key], ...change } }))
    form.clearField(PATHS.need(key))
  }
  const need = (key: keyof BasicNeeds) => ({
    secured: needs[key].secured === null ? undefined : needs[key].secured === 'yes',
    note: needs[key].note.trim() || undefined,
  })

  const verification = {
    income: { wagesYuan: amount('wages'), businessYuan: amount('business'), propertyYuan: amount('property'), transfersYuan: amount('transfers') },
    productionCostsYuan: amount('costs'),
    householdSize: toNumber(size),
    rigidExpenses: {
      medicalYuan: amount('medical'), schoolingYuan: amount('schooling'), disasterLossYuan: amount('disaster'),
      otherYuan: amount('other'), otherDescription: otherDescription.trim(),
    },
    basicNeeds: { education: need('education'), medical: need('medical'), housing: need('housing'), drinkingWater: need('drinkingWater') },
    photoIds: photos.flatMap((p) => (p.id ? [p.id] : [])),
  }
  // the live preview: the same evaluation the server makes, once every figure and check is filled in
  const complete = VerificationSchema.safeParse(verification)
  const preview = complete.success ? evaluateEligibility(complete.data, {
    monitoringLineYuan: policy.monitoringLineYuan,
    householdCategory: household.category,
    members: household.members.map((m) => ({ health: m.health, labour: m.labour })),
  }) : null

  const submit = () => form.run(async () => {
    const extra: FieldIssue[] = []
    if (!signed) extra.push({ path: 'authorisationSigned', message: '请确认农户已签字的授权承诺书' })
    if (photos.some((p) => p.uploading)) extra.push({ path: PATHS.photos, message: '照片还在上传，请稍等' })
    else if (photos.some((p) => p.error)) extra.push({ path: PATHS.photos, message: '有照片没有上传成功，请删除后重新选择' })
    const command = checkCommand(VerifyCommandSchema, {
      type: 'verify', verifiedOn, findings, authorisationSigned: signed, verification,
    }, extra)
    await send(command)
  })

  const err = form.fieldErrors
  return (
    <FormFrame id='verify-form' title={label} intro='按近12个月填写，没有的项目填0。' summary={form.summary} sending={form.sending}
      submitLabel='提交核实结果' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='verify-date' label='核实日期' value={verifiedOn} today={today} end={today} error={err.verifiedOn}
        onChange={(v) => { setVerifiedOn(v); form.clearField('verifiedOn') }} />

      <View className='case-form__group'>家庭收入（元）</View>
      {INCOMES.map((a) => (
        <NumberField key={a.key} id={`verify-${a.key}`} label={a.label} help={a.help} unit='元' value={amounts[a.key]}
          error={err[a.path]} onChange={(v) => setAmount(a.key, a.path, v)} />
      ))}
      <NumberField id='verify-size' label='家庭人口' unit='人' decimals={false} value={size} error={err[PATHS.size]}
        help={`户籍登记${household.members.length}人，按实际共同生活的人口填写`}
        onChange={(v) => { setSize(v); form.clearField(PATHS.size) }} />

      <View className='case-form__group'>刚性支出（元）</View>
      {RIGID.map((a) => (
        <NumberField key={a.key} id={`verify-${a.key}`} label={a.label} help={a.help || undefined} unit='元' value={amounts[a.key]}
          error={err[a.path]} onChange={(v) => setAmount(a.key, a.path, v)} />
      ))}
      {(amount('other') ?? 0) > 0 && (
        <TextField id='verify-other-description' label='其他刚性支出是什么' max={200} value={otherDescription}
          error={err[PATHS.otherDescription]} onChange={(v) => { setOtherDescription(v); form.clearField(PATHS.otherDescription) }} />
      )}

      <View className='case-form__group'>“三保障”和饮水安全</View>
      {NEEDS.map((n) => (
        <View key={n.key} className='field need'>
          <View className='field__label'>{BASIC_NEED_LABELS[n.key]}</View>
          <View className='field__help'>{n.help}</View>
          <Choice id={`verify-need-${n.key}`} options={SECURED} value={needs[n.key].secured}
            onChange={(v) => setNeed(n.key, { secured: v })} />
          <Input id={`verify-need-${n.key}-note`} className='text-input need__note' maxlength={200} value={needs[n.key].note}
            placeholder={needs[n.key].secured === 'no' ? '请说明问题（必要时）' : '说明（选填）'}
            onInput={(e) => setNeed(n.key, { note: e.detail.value })} />
          <FieldError id={`verify-need-${n.key}-error`} message={err[PATHS.need(n.key)]} />
        </View>
      ))}

      <PhotoPicker id='verify-photos' help='住房、饮水、票据、病历等，拍清楚即可。' photos={photos} max={MAX_VERIFICATION_PHOTOS} error={err[PATHS.photos]}
        onChange={(update) => { setPhotos(update); form.clearField(PATHS.photos) }} />

      <TextAreaField id='verify-findings' label='核实情况' max={2000} value={findings} error={err.findings}
        placeholder='例如：老伴住院手术，医保报销后自付3.2万元；户主在家务农，无外出务工收入。'
        onChange={(v) => { setFindings(v); form.clearField('findings') }} />

      <View className='field'>
        <View className='field__label'>授权承诺书</View>
        <CheckBox id='verify-signed' checked={signed} label='农户已在《授权承诺书》上签字，同意核查家庭收入、资产等信息'
          onChange={(v) => { setSigned(v); form.clearField('authorisationSigned') }} />
        <FieldError id='verify-signed-error' message={err.authorisationSigned} />
      </View>

      {preview
        ? <EligibilityCard id='verify-preview' title='参考结果（按上面填写的计算）' evaluation={preview} />
        : <View className='card case-form__hint' id='verify-preview-pending'>
          填完收入、人口、支出和“三保障”各项后，这里会算出人均纯收入，并与防贫监测线{formatYuan(policy.monitoringLineYuan)}比较。
        </View>}
    </FormFrame>
  )
}

function EliminationVerifyForm({ detail, label, send, onCancel }: CaseFormProps) {
  const { policy, today } = detail
  const [verifiedOn, setVerifiedOn] = useState(today)
  const [income, setIncome] = useState('')
  const [checks, setChecks] = useState({ basicNeedsSecured: false, identifiedRiskRemoved: false, noNewRisk: false })
  const [findings, setFindings] = useState('')
  const form = useForm(FIELDS, BY_CODE)

  const submit = () => form.run(async () => {
    const command = checkCommand(VerifyCommandSchema, {
      type: 'verify', verifiedOn, findings, elimination: { incomePerCapitaYuan: toNumber(income), ...checks },
    })
    await send(command)
  })

  const perCapita = toNumber(income)
  const unmet = [
    perCapita !== undefined && !(perCapita > policy.monitoringLineYuan) ? `人均纯收入须高于防贫监测线${formatYuan(policy.monitoringLineYuan)}` : '',
    !checks.basicNeedsSecured ? '“三保障”和饮水安全须有保障' : '',
    !checks.identifiedRiskRemoved ? '识别时的风险须已消除' : '',
    !checks.noNewRisk ? '须没有新的风险' : '',
  ].filter(Boolean)
  const CHECKS = [
    { key: 'basicNeedsSecured', label: '“三保障”和饮水安全都有保障' },
    { key: 'identifiedRiskRemoved', label: '识别时的风险已经消除' },
    { key: 'noNewRisk', label: '没有新的返贫致贫风险' },
  ] as const
  const err = form.fieldErrors
  return (
    <FormFrame id='verify-form' title={`${label}（风险消除）`} summary={form.summary} sending={form.sending}
      submitLabel='提交核实结果' onSubmit={() => void submit()} onCancel={onCancel}>
      <DateField id='verify-date' label='核实日期' value={verifiedOn} today={today} end={today} error={err.verifiedOn}
        onChange={(v) => { setVerifiedOn(v); form.clearField('verifiedOn') }} />
      <NumberField id='verify-income-per-capita' label='人均纯收入' unit='元' value={income} error={err['elimination.incomePerCapitaYuan']}
        help={`近12个月；防贫监测线${formatYuan(policy.monitoringLineYuan)}`}
        onChange={(v) => { setIncome(v); form.clearField('elimination.incomePerCapitaYuan') }} />
      {CHECKS.map((c) => (
        <CheckBox key={c.key} id={`verify-${c.key}`} checked={checks[c.key]} label={c.label}
          onChange={(v) => setChecks((s) => ({ ...s, [c.key]: v }))} />
      ))}
      <TextAreaField id='verify-findings' label='核实情况' max={2000} value={findings} error={err.findings}
        onChange={(v) => { setFindings(v); form.clearField('findings') }} />
      {unmet.length > 0 && (
        <View className='card case-form__hint' id='verify-unmet'>暂不满足风险消除条件：{unmet.join('；')}。</View>
      )}
    </FormFrame>
  )
}
