import Taro from '@tarojs/taro'
import { MAX_PHOTO_BASE64_CHARS, type PhotoContentType } from '@shared/contracts/files'
import { MAX_EXPLAINER_IMAGE_BYTES } from '@shared/contracts/awareness'
import { ApiError, call } from './api'

/** A photo chosen on the phone: where the platform keeps it (for the thumbnail) until it is uploaded. */
export interface ChosenPhoto {
  /** H5: a blob: URL; WeChat: a temporary file path. Either works as an <Image> src. */
  path: string
}

/** Takes a photo or picks some from the album (at most `max`); an empty list when the user cancels. */
export async function choosePhotos(max: number): Promise<ChosenPhoto[]> {
  try {
    const result = await Taro.chooseImage({ count: max, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
    return result.tempFilePaths.slice(0, max).map((path) => ({ path }))
  } catch {
    return [] // cancelled
  }
}

async function readBase64(path: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    // a blob: URL of the chosen file (Taro's arrayBufferToBase64 in H5 wants bytes, not an ArrayBuffer)
    const blob = await (await fetch(path)).blob()
    const dataUrl = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => reject(reader.error)
      reader.readAsDataURL(blob)
    })
    return dataUrl.slice(dataUrl.indexOf(',') + 1)
  }
  const data = Taro.getFileSystemManager().readFileSync(path, 'base64')
  return typeof data === 'string' ? data : Taro.arrayBufferToBase64(data)
}

/** JPEG and PNG by their first bytes, as the server checks them ('/9j/' and 'iVBORw0KGgo' in base64). */
function contentTypeOf(base64: string): PhotoContentType | null {
  if (base64.startsWith('/9j/')) return 'image/jpeg'
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png'
  return null
}

/** A chosen image as base64 with its type, checked as the server checks it; `what` names it in the messages. */
async function readImage(photo: ChosenPhoto, what: string, max: { base64Chars: number, label: string }) {
  let base64: string
  try {
    base64 = await readBase64(photo.path)
  } catch {
    throw new ApiError(0, 'FILE.READ_FAILED', `读取${what}失败，请重新选择`)
  }
  const contentType = contentTypeOf(base64)
  if (!contentType) throw new ApiError(0, 'FILE.TYPE_MISMATCH', `只能上传 JPEG 或 PNG 格式的${what}`)
  if (base64.length > max.base64Chars) throw new ApiError(0, 'FILE.TOO_LARGE', `${max.label}，请压缩后再上传`)
  return { contentType, base64 }
}

/** Uploads one chosen photo (POST /api/files) and returns the stored file's id. */
export async function uploadPhoto(photo: ChosenPhoto): Promise<string> {
  const body = await readImage(photo, '照片', { base64Chars: MAX_PHOTO_BASE64_CHARS, label: '照片不能超过3 MB' })
  const { id } = await call('uploadPhoto', { body })
  return id
}

/** Uploads one image for an explainer (county admins; JPEG or PNG, at most 512 KB) and returns its id for ![说明](file:<id>). */
export async function uploadExplainerImage(photo: ChosenPhoto): Promise<string> {
  const body = await readImage(photo, '图片', {
    base64Chars: Math.ceil(MAX_EXPLAINER_IMAGE_BYTES / 3) * 4, label: `明白纸的图片不能超过${MAX_EXPLAINER_IMAGE_BYTES / 1024} KB`,
  })
  const { id } = await call('uploadExplainerImage', { body })
  return id
}

/** A stored photo as a data: URL for an <Image> (GET /api/files/{id}, within the user's area). */
export async function loadPhoto(id: string): Promise<string> {
  const file = await call('getFile', { params: { id } })
  return `data:${file.contentType};base64,${file.contentBase64}`
}
