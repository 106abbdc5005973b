import { useRef, useState } from 'react'
import Taro, { useLoad, useUnload } from '@tarojs/taro'
import { Button, Input, Text, View } from '@tarojs/components'
import { HouseholdNumberSchema, type AreaOption, type CodeHolder } from '@shared/contracts/codes'
import {
  call, downloadDoorPlates, errorMessage, getStoredUser, validate, type DoorPlatesFile,
} from '../../../../services/api'
import { redirectIfSignedOut } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { formatDateTime } from '../../../../utils/format'
import './index.scss'

const PRINTERS = ['county_admin', 'township_reviewer', 'village_cadre']

// Taro H5 writes disabled={false} as disabled="false", which CSS counts as disabled: pass undefined instead.

/** Opens the PDF: a new tab in H5 (the user's tap allows it), WeChat's document viewer in the mini-program. */
function openPdf(file: DoorPlatesFile): void {
  if (process.env.TARO_ENV === 'h5') {
    window.open(file.location, '_blank')
    return
  }
  void Taro.openDocument({ filePath: file.location, fileType: 'pdf', showMenu: true })
}

/** H5 only: saves the PDF under its own name. */
function savePdf(file: DoorPlatesFile): void {
  const link = document.createElement('a')
  link.href = file.location
  link.download = file.fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/**
 * 一户一码: print the door plates of a village or group (A4 PDF, 8 plates a page), and — for the county — give a
 * household a new code when its plate was lost or its code leaked; the old code stops working at once.
 */
export default function CodesPage() {
  const user = getStoredUser()
  const canPrint = !!user && PRINTERS.includes(user.role)
  const canRotate = user?.role === 'county_admin'
  const [areas, setAreas] = useState<AreaOption[]>()
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState('')
  const [busyArea, setBusyArea] = useState('')
  const [file, setFile] = useState<DoorPlatesFile & { label: string }>()
  const [plateError, setPlateError] = useState('')
  const busyRef = useRef(false)

  const [number, setNumber] = useState('')
  const [holder, setHolder] = useState<CodeHolder>()
  const [rotateError, setRotateError] = useState('')
  const [rotatedAt, setRotatedAt] = useState('')
  const [working, setWorking] = useState(false)

  const load = async () => {
    setLoadError('')
    setLoading(true)
    try {
      setAreas((await call('listAreas')).areas)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad(() => {
    if (canPrint) void load()
    else setLoading(false)
  })
  useUnload(() => {
    if (process.env.TARO_ENV === 'h5' && file) URL.revokeObjectURL(file.location)
  })

  const print = async (area: AreaOption) => {
    if (busyRef.current) return
    busyRef.current = true
    setBusyArea(area.id)
    setPlateError('')
    try {
      const next = await downloadDoorPlates(area.id)
      if (process.env.TARO_ENV === 'h5' && file) URL.revokeObjectURL(file.location)
      setFile({ ...next, label: area.label })
    } catch (e) {
      if (!redirectIfSignedOut(e)) setPlateError(errorMessage(e))
    } finally {
      busyRef.current = false
      setBusyArea('')
    }
  }

  const find = async () => {
    setRotateError('')
    setRotatedAt('')
    setHolder(undefined)
    setWorking(true)
    try {
      const valid = validate(HouseholdNumberSchema, number)
      setHolder((await call('householdByNumber', { params: { number: valid } })).household)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setRotateError(errorMessage(e))
    } finally {
      setWorking(false)
    }
  }

  const rotate = async () => {
    if (!holder) return
    const { confirm } = await Taro.showModal({
      title: '确认更换户码',
      content: `更换后，${holder.number}（户主 ${holder.headNameMasked}）的旧二维码立即失效，需要重新打印并张贴门牌。确定更换吗？`,
      confirmText: '确定更换',
      cancelText: '取消',
    })
    if (!confirm) return
    setWorking(true)
    setRotateError('')
    try {
      const answer = await call('rotateHouseholdCode', { params: { id: holder.id } })
      setHolder(answer.household)
      setRotatedAt(answer.rotatedAt)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setRotateError(errorMessage(e))
    } finally {
      setWorking(false)
    }
  }

  if (!canPrint) {
    return (
      <View className='page codes'>
        <View className='card empty' id='codes-forbidden'>只有县乡村振兴局、乡镇和村两委的工作人员可以打印门牌。</View>
      </View>
    )
  }

  const villages = (areas ?? []).filter((a) => a.level === 'village')
  const groupsOf = (villageId: string) => (areas ?? []).filter((a) => a.level === 'group' && a.parentId === villageId)
  const groupArea = holder && areas?.find((a) => a.id === holder.areaId)

  return (
    <View className='page codes'>
      <View className='lead'>每户一张门牌：二维码、户编号、村组和户主姓名（已遮挡）。A4 纸打印，每页 8 张，沿虚线裁剪。</View>

      <View className='section-title'>打印门牌</View>
      <LoadState loading={loading} error={loadError} onRetry={() => void load()} />
      {plateError && <View className='error-box' id='plates-error'>{plateError}</View>}
      {file && (
        <View className='card codes__result' id='plates-ready'>
          <View className='codes__area-name'>{file.label}</View>
          <View className='muted'>{file.plates} 户门牌，共 {file.pages} 页</View>
          <Button className='btn btn-primary' id='plates-open' onClick={() => openPdf(file)}>打开门牌 PDF</Button>
          {process.env.TARO_ENV === 'h5' && (
            <Button className='btn btn-secondary' id='plates-save' onClick={() => savePdf(file)}>保存到本机</Button>
          )}
        </View>
      )}
      {areas && villages.length === 0 && <View className='card empty'>您的辖区内没有村。</View>}
      {villages.map((village) => (
        <View key={village.id} className='card codes__area' id={`area-${village.id}`}>
          <View className='codes__area-name'>{village.label}</View>
          <View className='muted'>{village.households} 户</View>
          <Button
            className='btn btn-primary'
            id={`print-${village.id}`}
            disabled={!!busyArea || village.households === 0 || undefined}
            onClick={() => void print(village)}
          >
            {busyArea === village.id ? '正在生成…' : '打印整村门牌'}
          </Button>
          <View className='codes__groups'>
            {groupsOf(village.id).map((group) => (
              <Button
                key={group.id}
                className='btn btn-secondary codes__group'
                id={`print-${group.id}`}
                disabled={!!busyArea || group.households === 0 || undefined}
                onClick={() => void print(group)}
              >
                {busyArea === group.id ? '正在生成…' : `${group.name}（${group.households}户）`}
              </Button>
            ))}
          </View>
        </View>
      ))}

      {canRotate && (
        <View>
          <View className='section-title'>更换户码</View>
          <View className='card'>
            <View>门牌丢失或二维码被他人拿到时，可以给这一户换一个新码。旧码立即失效。</View>
            <Input
              className='codes__input'
              id='rotate-number'
              type='number'
              placeholder='输入户编号'
              value={number}
              maxlength={32}
              onInput={(e) => setNumber(e.detail.value)}
            />
            <Button className='btn btn-secondary' id='rotate-find' disabled={working || undefined} onClick={() => void find()}>查找</Button>
            {rotateError && <View className='error-box' id='rotate-error'>{rotateError}</View>}
          </View>
          {holder && (
            <View className='card' id='rotate-holder'>
              <View className='row'><Text className='row__label'>户编号</Text><Text className='row__value'>{holder.number}</Text></View>
              <View className='row'><Text className='row__label'>户主</Text><Text className='row__value'>{holder.headNameMasked}</Text></View>
              <View className='row'>
                <Text className='row__label'>地址</Text>
                <Text className='row__value'>{holder.place.township}{holder.place.village}{holder.place.group}</Text>
              </View>
              <View className='row'>
                <Text className='row__label'>上次换码</Text>
                <Text className='row__value'>{holder.codeRotatedAt ? formatDateTime(holder.codeRotatedAt) : '从未更换'}</Text>
              </View>
              {rotatedAt ? (
                <View>
                  <View className='codes__done' id='rotate-done'>已更换，新码已生效，旧门牌已作废。请重新打印本组门牌并张贴。</View>
                  {groupArea && (
                    <Button
                      className='btn btn-primary'
                      id='rotate-print-group'
                      disabled={!!busyArea || undefined}
                      onClick={() => void print(groupArea)}
                    >
                      打印{groupArea.label}门牌
                    </Button>
                  )}
                </View>
              ) : (
                <View>
                  <View className='codes__warning'>更换后旧二维码立即失效，需要重新张贴门牌。</View>
                  <Button className='btn btn-primary' id='rotate-confirm' disabled={working || undefined} onClick={() => void rotate()}>
                    更换此户的码
                  </Button>
                </View>
              )}
            </View>
          )}
        </View>
      )}
    </View>
  )
}
