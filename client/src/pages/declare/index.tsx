import { useRef, useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import type { RiskType } from '@shared/contracts/common'
import { RISK_TYPE_LABELS, RiskTypeSchema } from '@shared/contracts/common'
import type { SubmitDeclarationResponse } from '@shared/contracts/declaration'
import { routes } from '@shared/contracts/routes'
import { ApiError, call, errorMessage, validate } from '../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../services/navigation'
import { askToSubscribe, prepareSubscriptions } from '../../services/subscriptions'
import { CaseStatusCard } from '../../components/case-status'
import './index.scss'

const RISK_TYPES = RiskTypeSchema.options
const CONSENT_TEXT = '本人承诺所报情况真实，授权村、乡镇、县相关部门核查本户家庭收入、资产等信息。'
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'

/** One key per form: every retry of this form sends it, so the server stores one declaration. */
function makeClientKey(): string {
  let key = Date.now().toString(36)
  while (key.length < 24) key += KEY_ALPHABET[Math.floor(Math.random() * KEY_ALPHABET.length)]
  return key
}

type Field = 'riskTypes' | 'description' | 'consent'
type FieldErrors = Partial<Record<Field, string>>

function isField(path: string): path is Field {
  return path === 'riskTypes' || path === 'description' || path === 'consent'
}

export default function DeclarePage() {
  const clientKey = useRef('')
  const sendingRef = useRef(false)
  const [householdId, setHouseholdId] = useState('')
  const [code, setCode] = useState('')
  const [riskTypes, setRiskTypes] = useState<RiskType[]>([])
  const [description, setDescription] = useState('')
  const [consent, setConsent] = useState(false)
  const [sending, setSending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState('')
  const [result, setResult] = useState<SubmitDeclarationResponse>()

  useLoad((params: Partial<Record<string, string>>) => {
    clientKey.current = makeClientKey()
    setHouseholdId(params.householdId ?? '')
    setCode(params.code ?? '')
    prepareSubscriptions()
  })

  const clearError = (field: Field) => setFieldErrors((errors) => ({ ...errors, [field]: undefined }))

  const toggleRisk = (type: RiskType) => {
    setRiskTypes((types) => (types.includes(type) ? types.filter((t) => t !== type) : [...types, type]))
    clearError('riskTypes')
  }

  const submit = async () => {
    if (sendingRef.current) return
    sendingRef.current = true
    setSending(true)
    setFormError('')
    setFieldErrors({})
    try {
      const body = validate(routes.submitDeclaration.body, {
        householdId, riskTypes, description, consent, clientKey: clientKey.current,
      })
      // still within the tap (nothing awaited yet): WeChat asks whether to send the result
      askToSubscribe('declare')
      const response = await call('submitDeclaration', { body })
      setResult(response)
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } catch (e) {
      if (redirectIfSignedOut(e, code)) return
      const errors: FieldErrors = {}
      const others: string[] = []
      if (e instanceof ApiError) {
        for (const issue of e.issues) {
          const field = issue.path.split('.')[0] // 'riskTypes.0' belongs to the risk chips
          if (isField(field)) errors[field] ??= issue.message
          else others.push(issue.message)
        }
      }
      setFieldErrors(errors)
      if (Object.keys(errors).length === 0 || others.length > 0) setFormError(others[0] ?? errorMessage(e))
    } finally {
      sendingRef.current = false
      setSending(false)
    }
  }

  const backToHousehold = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack()
    else Taro.redirectTo({ url: withQuery(PAGES.household, { code }) })
  }

  if (result) {
    return (
      <View className='page declare success' id='declare-success'>
        <View className='success__mark'>✓</View>
        <View className='success__title' id='success-title'>申报成功</View>
        {result.replayed && <View className='success__note'>这份申报之前已经提交过，没有重复申报。</View>}
        <CaseStatusCard id='declared-case' summary={result.case} />
        <Button className='btn btn-primary' id='back-to-household' onClick={backToHousehold}>返回我家页面</Button>
      </View>
    )
  }

  return (
    <View className='page declare'>
      <View className='lead'>请选择家里遇到的困难，简单说明情况，村里会尽快上门核实。</View>

      <View className='field' id='field-risk-types'>
        <View className='field__label'>遇到了什么困难（可多选）</View>
        <View className='chips'>
          {RISK_TYPES.map((type) => {
            const selected = riskTypes.includes(type)
            return (
              <View
                key={type}
                id={`risk-${type}`}
                data-risk={type}
                className={`risk-chip${selected ? ' risk-chip--selected' : ''}`}
                onClick={() => toggleRisk(type)}
              >
                {selected ? '✓ ' : ''}{RISK_TYPE_LABELS[type]}
              </View>
            )
          })}
        </View>
        {fieldErrors.riskTypes && <View className='field-error' id='error-riskTypes'>{fieldErrors.riskTypes}</View>}
      </View>

      <View className='field' id='field-description'>
        <View className='field__label'>情况说明</View>
        <View className='field__help'>说说发生了什么、什么时候开始、现在有什么困难。</View>
        <Textarea
          id='description'
          className='text-area description'
          placeholderClass='description-placeholder'
          value={description}
          maxlength={500}
          placeholder='例如：今年8月老伴住院做手术，自费花了3万多元，家里没有其他收入。'
          onInput={(e) => { setDescription(e.detail.value); clearError('description') }}
        />
        <View className='counter'>{description.length}/500</View>
        {fieldErrors.description && <View className='field-error' id='error-description'>{fieldErrors.description}</View>}
      </View>

      <View className='field consent' id='field-consent'>
        <View className='field__label'>授权承诺</View>
        <View className='consent__text' id='consent-text'>{CONSENT_TEXT}</View>
        <View
          id='consent-checkbox'
          className={`checkbox${consent ? ' checkbox--checked' : ''}`}
          onClick={() => { setConsent(!consent); clearError('consent') }}
        >
          <Text className='checkbox__box'>{consent ? '✓' : ''}</Text>
          <Text>我已阅读并同意</Text>
        </View>
        {fieldErrors.consent && <View className='field-error' id='error-consent'>{fieldErrors.consent}</View>}
      </View>

      {formError && <View className='error-box' id='form-error'>{formError}</View>}
      <Button className='btn btn-primary' id='submit-declaration' disabled={sending || undefined} onClick={() => void submit()}>
        {sending ? '正在提交…' : '提交申报'}
      </Button>
    </View>
  )
}
