import { useEffect, useState } from 'react'
import { Image, View } from '@tarojs/components'
import { errorMessage } from '../../../../services/api'
import { choosePhotos, loadPhoto, uploadPhoto } from '../../../../services/photos'
import { FieldError } from '../choice'

/** A photo on the form: shown from the phone's copy, its stored id once uploaded. */
export interface PhotoItem {
  key: string
  path: string
  id?: string
  uploading: boolean
  error?: string
}

interface Props {
  id: string
  /** What to photograph, under the label. */
  help?: string
  photos: PhotoItem[]
  max: number
  error?: string
  onChange: (update: (photos: PhotoItem[]) => PhotoItem[]) => void
}

let seq = 0

/** 拍照或选择照片: each is uploaded at once (POST /api/files) and shown as a thumbnail that can be removed. */
export function PhotoPicker({ id, help, photos, max, error, onChange }: Props) {
  const add = async () => {
    const room = max - photos.length
    if (room <= 0) return
    const chosen = await choosePhotos(room)
    const items = chosen.map((c) => ({ key: `p${++seq}`, path: c.path, uploading: true }))
    onChange((list) => [...list, ...items])
    await Promise.all(items.map(async (item) => {
      try {
        const fileId = await uploadPhoto(item)
        onChange((list) => list.map((p) => (p.key === item.key ? { ...p, id: fileId, uploading: false } : p)))
      } catch (e) {
        onChange((list) => list.map((p) => (p.key === item.key ? { ...p, uploading: false, error: errorMessage(e) } : p)))
      }
    }))
  }

  return (
    <View className='field'>
      <View className='field__label'>照片（选填，最多{max}张）</View>
      {help && <View className='field__help'>{help}</View>}
      <View className='photos' id={id}>
        {photos.map((p) => (
          <View key={p.key} className={`photos__item${p.error ? ' photos__item--failed' : ''}`} data-file-id={p.id ?? ''}>
            <Image className='photos__image' src={p.path} mode='aspectFill' />
            <View className='photos__state'>{p.uploading ? '上传中…' : p.error ? '上传失败' : '已上传'}</View>
            <View className='photos__remove' onClick={() => onChange((list) => list.filter((x) => x.key !== p.key))}>删除</View>
          </View>
        ))}
        {photos.length < max && (
          <View className='photos__add' id={`${id}-add`} onClick={() => void add()}>＋ 拍照或选择照片</View>
        )}
      </View>
      {photos.filter((p) => p.error).map((p) => <View key={p.key} className='field-error'>{p.error}</View>)}
      <FieldError id={`${id}-error`} message={error} />
    </View>
  )
}

/** Stored photos of a record, loaded when shown (staff of the household's area only). */
export function StoredPhotos({ id, ids }: { id: string, ids: string[] }) {
  const [urls, setUrls] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    for (const fileId of ids) {
      loadPhoto(fileId)
        .then((url) => { if (live) setUrls((u) => ({ ...u, [fileId]: url })) })
        .catch((e) => { if (live) setError(errorMessage(e)) })
    }
    return () => { live = false }
  }, [ids.join(',')])
  if (ids.length === 0) return null
  return (
    <View className='photos' id={id}>
      {ids.map((fileId) => (
        <View key={fileId} className='photos__item'>
          {urls[fileId] ? <Image className='photos__image' src={urls[fileId]} mode='aspectFill' /> : <View className='photos__state'>加载中…</View>}
        </View>
      ))}
      {error && <View className='field-error'>{error}</View>}
    </View>
  )
}
