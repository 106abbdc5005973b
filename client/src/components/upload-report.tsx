import { Text, View } from '@tarojs/components'
import './upload-report.scss'

/** What the upload card reads of an import job (the household import's and the department import's alike). */
interface UploadJob {
  fileName: string
  status: 'running' | 'done' | 'failed'
  statusLabel: string
  phaseLabel: string
  rowsRead: number
  rowsRejected: number
  percent: number | null
}

/**
 * The upload card of a spreadsheet import: the file, a bar (striped while the progress cannot be told, e.g. an .xlsx
 * being unpacked) and what is happening; `id` and `statusId` name the card and its status line.
 */
export function UploadProgress({ id, statusId, fileName, job }: { id: string, statusId: string, fileName: string, job: UploadJob | null | undefined }) {
  const percent = job ? job.percent : null
  return (
    <View className='card' id={id}>
      <View className='upload__file'>{fileName || job?.fileName}</View>
      <View className='upload__bar'>
        <View
          className={`upload__bar-fill${percent === null && job?.status === 'running' ? ' upload__bar-fill--unknown' : ''}`}
          style={{ width: `${percent ?? (!job || job.status === 'running' ? 100 : 0)}%` }}
        />
      </View>
      <View className='upload__status' id={statusId}>
        {!job ? '正在上传文件…'
          : job.status === 'running' ? `${job.phaseLabel}：已读取 ${job.rowsRead} 行${percent !== null ? `（${percent}%）` : ''}，其中 ${job.rowsRejected} 行有误`
            : job.statusLabel}
      </View>
    </View>
  )
}

/** The rows a file's checks refused: row, column and reason, the first ones of `total`. */
export function RowErrors({ id, errors, total }: { id: string, errors: { row: number, column: string | null, reason: string }[], total: number }) {
  return (
    <View>
      <View className='section-title'>
        有误的行（共 {total} 处{total > errors.length ? `，下面列出前 ${errors.length} 处` : ''}）
      </View>
      <View className='upload__table' id={id}>
        <View className='upload__tr upload__tr--head'>
          <Text className='upload__td upload__td--row'>行</Text>
          <Text className='upload__td upload__td--col'>列</Text>
          <Text className='upload__td'>原因</Text>
        </View>
        {errors.map((e, i) => (
          <View className='upload__tr' key={`${e.row}-${i}`}>
            <Text className='upload__td upload__td--row'>{e.row}</Text>
            <Text className='upload__td upload__td--col'>{e.column ?? '整行'}</Text>
            <Text className='upload__td'>{e.reason}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
