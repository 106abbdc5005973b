import { useState } from 'react'
import { Button, Input, View } from '@tarojs/components'
import type { LoginResponse } from '@shared/contracts/auth'
import { routes } from '@shared/contracts/routes'
import { call, validate } from '../services/api'
import { useForm } from './use-form'

type Field = 'headName' | 'idLast4'
const FIELDS: readonly Field[] = ['headName', 'idLast4']

interface Props {
  code: string
  /** Called with the new session once the household is bound. */
  onBound: (answer: LoginResponse) => void
}

/** 第一次使用: the farmer proves they belong to the household by the head's name and 4 characters of an ID number. */
export function BindForm({ code, onBound }: Props) {
  const [headName, setHeadName] = useState('')
  const [idLast4, setIdLast4] = useState('')
  const { sending, fieldErrors, formError, run, clearField } = useForm(FIELDS)

  const submit = () => run(async () => {
    const body = validate(routes.bindHousehold.body, { headName, idLast4 })
    onBound(await call('bindHousehold', { params: { code }, body }))
  })

  return (
    <View className='bind' id='bind-form'>
      <View className='bind__title'>第一次使用，请核对本户信息完成绑定</View>
      <View className='bind__text'>
        请填写户主的姓名，和家里任何一个人身份证号的最后四位。绑定后，这部手机就能查看您家的信息和申报进度。
      </View>

      <View className='field'>
        <View className='field__label'>户主姓名</View>
        <Input
          id='bind-head-name'
          className='text-input'
          value={headName}
          maxlength={20}
          placeholder='例如：张建国'
          onInput={(e) => { setHeadName(e.detail.value); clearField('headName') }}
        />
        {fieldErrors.headName && <View className='field-error' id='bind-error-headName'>{fieldErrors.headName}</View>}
      </View>

      <View className='field'>
        <View className='field__label'>身份证号后四位</View>
        <View className='field__help'>家中任何一位成员的都可以，最后一位可能是X</View>
        <Input
          id='bind-id-last4'
          className='text-input text-input--short mono'
          type='idcard'
          value={idLast4}
          maxlength={4}
          placeholder='例如：123X'
          onInput={(e) => { setIdLast4(e.detail.value); clearField('idLast4') }}
        />
        {fieldErrors.idLast4 && <View className='field-error' id='bind-error-idLast4'>{fieldErrors.idLast4}</View>}
      </View>

      {formError && <View className='error-box' id='bind-error'>{formError}</View>}
      <Button className='btn btn-primary btn-huge' id='bind-submit' disabled={sending || undefined} onClick={() => void submit()}>
        {sending ? '正在绑定…' : '绑定本户'}
      </Button>
    </View>
  )
}
