import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import {
  IMPORT_COLUMNS, IMPORT_VALUE_HELP, MAX_UPLOAD_BYTES, importTemplateCsv,
} from '@shared/domain/household-import'
import { call, getStoredUser } from '../../../../services/api'
import { PAGES, signOut } from '../../../../services/navigation'
import { formatSize } from '../../../../utils/upload'
import { useSpreadsheetUpload } from '../../../../utils/use-upload'
import { RowErrors, UploadProgress } from '../../../../components/upload-report'
import './index.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

/** H5: saves the template (CSV with a BOM, so Excel reads it as UTF-8), made from the shared column list. */
function downloadTemplate(): void {
  const blob = new Blob([importTemplateCsv()], { type: 'text/csv;charset=utf-8' })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = '农户信息导入模板.csv'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(link.href), 10000)
}

/**
 * 导入农户信息 (县乡村振兴局, on a computer): upload the county's .xlsx or .csv of households and members, watch it
 * being read, then see what went in and every row that did not (行, 列, 原因).
 */
export default function ImportPage() {
  const user = getStoredUser()
  const allowed = user?.role === 'county_admin'
  const [showHelp, setShowHelp] = useState(false)
  const { fileName, job, busy, error, start } = useSpreadsheetUpload({
    upload: (body) => call('startHouseholdImport', { body }),
    job: (id) => call('getImportJob', { params: { id } }),
  })



  return (
    <View className='page import'>
      <View className='staff-header'>
        <View>
          <View className='staff-header__name'>{user?.name ?? ''}</View>
          <View className='staff-header__meta'>{user ? `${user.roleLabel} · ${user.area.name}` : ''}</View>
        </View>
        <View className='staff-header__logout' id='import-logout' onClick={signOut}>退出登录</View>
        <View className='staff-header__search' id='import-tasks' onClick={() => Taro.navigateTo({ url: PAGES.tasks })}>我的任务：县级审定等 ›</View>
      </View>

      <View className='card link' id='import-supervision' onClick={() => Taro.navigateTo({ url: PAGES.supervision })}>
        督导：逾期和即将到期事项、办理时效 ›
      </View>
      <View className='card link' id='import-screening' onClick={() => Taro.navigateTo({ url: PAGES.screening })}>
        部门数据比对：医保、民政、残联等数据筛查预警 ›
      </View>
      <View className='card link' id='import-explainers' onClick={() => Taro.navigateTo({ url: PAGES.explainers })}>
        政策明白纸：发布、新版本和题目 ›
      </View>
      <View className='card link' id='import-awareness' onClick={() => Taro.navigateTo({ url: PAGES.awareness })}>
        知晓率：各乡镇、村的政策知晓和明白纸到户情况 ›
      </View>
      <View className='section-title'>导入农户和成员信息</View>
      {!IS_H5 && (
        <View className='card' id='import-weapp-note'>
          导入需要选择电脑上的 Excel 文件，请在电脑浏览器中打开本系统（网页版）进行导入。
        </View>
      )}
      {IS_H5 && !allowed && <View className='error-box'>只有县乡村振兴局的账号可以导入农户信息。</View>}
      {IS_H5 && allowed && (
        <View>
          <View className='card lead'>
            每个成员一行，第 1 行为表头。支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），网页导入不超过 {formatSize(MAX_UPLOAD_BYTES)}。
            同一文件可以重复导入：已有的户按户编号更新，成员按证件号码更新，不会重复；文件中没有的成员不会被删除。
          </View>
          <View className='import__actions'>
            <Button className='btn btn-primary btn-huge' id='import-choose' disabled={busy || undefined} onClick={() => void start()}>
              {busy ? '正在导入…' : '选择文件并导入'}
            </Button>
            <Button className='btn btn-secondary' id='import-template' onClick={downloadTemplate}>下载导入模板</Button>
            <View className='link' id='import-codes' onClick={() => Taro.navigateTo({ url: PAGES.codes })}>一户一码：打印门牌、更换二维码 ›</View>
            <View className='link' id='import-help-toggle' onClick={() => setShowHelp(!showHelp)}>
              {showHelp ? '收起填写说明' : '查看填写说明（各列可填的内容）'}
            </View>
          </View>
          {showHelp && (
            <View className='card import__help'>
              {IMPORT_COLUMNS.map((c) => (
                <View className='row' key={c.key}>
                  <Text className='row__label import__help-col'>{c.header}{c.required ? '' : '（选填）'}</Text>
                  <Text className='row__value import__help-values'>
                    {IMPORT_VALUE_HELP[c.header]?.join('、') ?? (c.key === 'idNumber' ? '18 位身份证号，单元格设为文本' : '')}
                  </Text>
                </View>
              ))}
            </View>
          )}
        </View>
      )}

      {error && <View className='error-box' id='import-error'>{error}</View>}

      {(busy || job) && (
        <UploadProgress id='import-progress' statusId='import-status' fileName={fileName} job={job} />
      )}

      {job && job.status !== 'running' && (
        <View>
          <View className='card' id='import-summary'>
            {job.message && <View className='import__message'>{job.message}</View>}
            {job.status === 'done' && (
              <View className='import__counts'>
                <View className='row'><Text className='row__label'>读取</Text><Text className='row__value'>{job.rowsRead} 行</Text></View>
                <View className='row'><Text className='row__label'>有误</Text><Text className='row__value'>{job.rowsRejected} 行</Text></View>
                <View className='row'><Text className='row__label'>户</Text><Text className='row__value'>新增 {job.householdsCreated}，更新 {job.householdsUpdated}</Text></View>
                <View className='row'><Text className='row__label'>成员</Text><Text className='row__value'>新增 {job.membersCreated}，更新 {job.membersUpdated}</Text></View>
              </View>
            )}
          </View>
          {job.errors.length > 0 && <RowErrors id='import-errors' errors={job.errors} total={job.errorsTotal} />}
        </View>
      )}
    </View>
  )
}
