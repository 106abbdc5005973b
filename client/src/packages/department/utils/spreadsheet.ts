import Taro from '@tarojs/taro'
import type { SpreadsheetFile } from '@shared/contracts/department-imports'
import { ApiError } from '../../../services/api'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * Hands a generated spreadsheet (template, 反馈 export) to the user: H5 saves it as a download; WeChat writes it to
 * the user data folder and opens it, from where it can be forwarded. `slot` names the WeChat file (ASCII only).
 */
export async function saveSpreadsheet(file: SpreadsheetFile, slot: string): Promise<void> {
  const bytes = Taro.base64ToArrayBuffer(file.contentBase64)
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a')
    link.href = URL.createObjectURL(new Blob([bytes], { type: XLSX_TYPE }))
    link.download = file.fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(link.href), 10000)
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${slot}.xlsx`
  try {
    Taro.getFileSystemManager().writeFileSync(filePath, bytes)
  } catch {
    throw new ApiError(0, 'FILE.WRITE_FAILED', '保存文件失败，请检查手机存储空间后重试')
  }
  await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true })
}
