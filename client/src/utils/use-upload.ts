import { useRef, useState } from 'react'
import { useUnload } from '@tarojs/taro'
import { MAX_UPLOAD_BYTES } from '@shared/domain/household-import'
import { ApiError, errorMessage } from '../services/api'
import { redirectIfSignedOut } from '../services/navigation'
import { formatSize, newJobId, pickFile, toBase64 } from './upload'

/** How often the job row is read while the upload request runs. */
const POLL_MS = 1000

/**
 * A spreadsheet upload whose request runs the whole import (household import, department data): the file chosen and
 * checked (.xlsx/.csv, size), sent with a job id chosen here; meanwhile the job row, read every second, shows how far
 * it got. A refused file (wrong header …) has a job row saying why; after a network timeout the import may still be
 * running, so the row is read once more.
 */
export function useSpreadsheetUpload<J>(api: {
  upload: (body: { jobId: string, fileName: string, contentBase64: string }) => Promise<{ job: J }>
  job: (id: string) => Promise<{ job: J }>
}) {
  const [fileName, setFileName] = useState('')
  const [job, setJob] = useState<J>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const polling = useRef<ReturnType<typeof setInterval>>()

  const stopPolling = () => {
    if (polling.current) clearInterval(polling.current)
    polling.current = undefined
  }
  useUnload(stopPolling)

  const start = async () => {
    if (busy) return
    setError('')
    const file = await pickFile()
    if (!file) return
    if (!/\.(xlsx|csv)$/i.test(file.name)) {
      setError('只支持 .xlsx 或 .csv 文件（旧版 .xls 请在 Excel 中另存为 .xlsx）')
      return
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(`文件有 ${formatSize(file.size)}，网页导入不能超过 ${formatSize(MAX_UPLOAD_BYTES)}。请分成几个文件，或请管理员用命令行导入。`)
      return
    }
    setBusy(true)
    setJob(undefined)
    setFileName(file.name)
    const jobId = newJobId()
    let finished = false
    polling.current = setInterval(() => {
      api.job(jobId)
        .then((r) => { if (!finished) setJob(r.job) })
        .catch(() => { /* not started yet, or a hiccup: the next poll tries again */ })
    }, POLL_MS)
    try {
      const res = await api.upload({ jobId, fileName: file.name, contentBase64: toBase64(await file.arrayBuffer()) })
      finished = true
      setJob(res.job)
    } catch (e) {
      finished = true
      if (redirectIfSignedOut(e)) return
      setError(errorMessage(e))
      if (e instanceof ApiError && e.code !== 'REQUEST.INVALID') api.job(jobId).then((r) => setJob(r.job)).catch(() => undefined)
    } finally {
      stopPolling()
      setBusy(false)
    }
  }

  return { fileName, job, busy, error, setError, start }
}
