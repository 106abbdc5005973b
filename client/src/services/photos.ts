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

/** Uploads one chosen photo (POST /api/files) and returns the stored file's id. */
export async function uploadPhoto(photo: ChosenPhoto): Promise<string> {
  let base64: string
  try {
    base64 = await readBase64(photo.path)
  } catch {
    throw new ApiError(0, 'FILE.READ_FAILED', '读取照片失败，请重新选择')
  }
  const contentType = contentTypeOf(base64)
  if (!contentType) throw new ApiError(0, 'FILE.TYPE_MISMATCH', '只能上传 JPEG 或 PNG 格式的照片')
  if (base64.length > MAX_PHOTO_BASE64_CHARS) throw new ApiError(0, 'FILE.TOO_LARGE', '照片不能超过3 MB，请压缩后再上传')
  const { id } = await call('uploadPhoto', { body: { contentType, base64 } })
  return id
}

/** Uploads one image for an explainer (county admins; JPEG or PNG, at most 512 KB) and returns its id for ![说明](file:<id>). */
export async function uploadExplainerImage(photo: ChosenPhoto): Promise<string> {
  let base64: string
  try {
    base64 = await readBase64(photo.path)
  } catch {
    throw new ApiError(0, 'FILE.READ_FAILED', '读取图片失败，请重新选择')
  }
  const contentType = contentTypeOf(base64)
  if (!contentType) throw new ApiError(0, 'FILE.TYPE_MISMATCH', '只能插入 JPEG 或 PNG 格式的图片')
  if (base64.length > Math.ceil(MAX_EXPLAINER_IMAGE_BYTES / 3) * 4) {
    throw new ApiError(0, 'FILE.TOO_LARGE', `明白纸的图片不能超过${MAX_EXPLAINER_IMAGE_BYTES / 1024} KB，请压缩后再插入`)
  }
  const { id } = await call('uploadExplainerImage', { body: { contentType, base64 } })
  return id
}

/** A stored photo as a data: URL for an <Image> (GET /api/files/{id}, within the user's area). */
export async function loadPhoto(id: string): Promise<string> {
  const file = await call('getFile', { params: { id } })
  return `data:${file.contentType};base64,${file.contentBase64}`
}
