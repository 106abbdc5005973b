import { useEffect, useState } from 'react'
import { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import type {
  DepartmentAlertView, DepartmentDataKind, DepartmentImportJobView,
} from '@shared/contracts/department-imports'
import { DEPARTMENT_DATA_KINDS, DEPARTMENT_DATA_KIND_LIST, kindsOfDepartment, valueLabels } from '@shared/domain/department-data'
import { MAX_UPLOAD_BYTES } from '@shared/domain/household-import'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { redirectIfSignedOut, signOut } from '../../../../services/navigation'
import { LoadState } from '../../../../components/load-state'
import { formatDate } from '../../../../utils/format'
import { saveSpreadsheet } from '../../utils/spreadsheet'
import { formatSize } from '../../../../utils/upload'
import { useSpreadsheetUpload } from '../../../../utils/use-upload'
import { RowErrors, UploadProgress } from '../../../../components/upload-report'
import './index.scss'

const IS_H5 = process.env.TARO_ENV === 'h5'

type Tab = 'import' | 'feedback'

/** The columns of a kind as the help line reads them: 身份证号、姓名、结算日期、医疗机构（选填）… */
function columnsText(kind: DepartmentDataKind): string {
  return DEPARTMENT_DATA_KINDS[kind].columns
    .map((c) => `${c.header}${c.required ? '' : '（选填）'}${c.type === 'enum' ? `：填${valueLabels(c).join('/')}` : ''}`)
    .join('；')
}

/**
 * 部门数据比对 (部门筛查预警): the county office or a department's own account uploads the department's monthly file
 * (医保、民政、残联 …), watches it being compared with the registry, and reads what came of it: rows matched and not,
 * rows refused with the reason, the rules hit and the risk clues raised for the villages. 反馈: what the villages
 * found when they verified each clue, exportable for the department.
 */
export default function ScreeningPage() {
  const user = getStoredUser()
  const router = useRouter()
  const isCounty = user?.role === 'county_admin'
  const isDepartment = user?.role === 'department_user'
  const [department, setDepartment] = useState(
    user?.department ?? (router.params.department ? decodeURIComponent(router.params.department) : ''),
  )
  const kinds: DepartmentDataKind[] = isCounty ? DEPARTMENT_DATA_KIND_LIST : isDepartment ? kindsOfDepartment(department) : []
  const [tab, setTab] = useState<Tab>(router.params.tab === 'feedback' ? 'feedback' : 'import')
  const [chosen, setChosen] = useState<DepartmentDataKind | null>(null)
  const kind = chosen ?? (kinds.length === 1 ? kinds[0] : null)

  // each time the page shows again (back from elsewhere) the 反馈 list is read afresh
  const [shown, setShown] = useState(0)
  // a session stored before accounts carried their department, reached without it: ask the server which it is
  useDidShow(() => {
    setShown((n) => n + 1)
    if (!isDepartment || department) return
    call('listMeasures', { query: { status: 'open' } })
      .then((answer) => setDepartment(answer.department ?? ''))
      .catch((e) => { redirectIfSignedOut(e) })
  })

  const show = (which: Tab) => setTab(which)
  // 核实反馈 reached from an import's summary shows that import's clues first
  const [feedbackJob, setFeedbackJob] = useState<FeedbackJob | null>(null)

  return (
    <View className='page screening'>
      <View className='staff-header'>
        <View>
          <View className='staff-header__name' id='screening-user'>{user?.name ?? ''}</View>
          <View className='staff-header__meta'>{isDepartment ? department || user?.roleLabel : user?.roleLabel} · {user?.area.name ?? ''}</View>
        </View>
        <View className='staff-header__logout' id='screening-logout' onClick={signOut}>退出登录</View>
      </View>

      <View className='page-tabs'>
        <View className={`page-tabs__tab${tab === 'import' ? ' page-tabs__tab--on' : ''}`} id='screening-tab-import' onClick={() => show('import')}>
          数据比对
        </View>
        <View className={`page-tabs__tab${tab === 'feedback' ? ' page-tabs__tab--on' : ''}`} id='screening-tab-feedback'
          onClick={() => { setFeedbackJob(null); show('feedback') }}>
          核实反馈
        </View>
      </View>

      {!isCounty && !isDepartment && <View className='error-box'>只有县乡村振兴局和行业部门的账号可以使用部门数据比对。</View>}
      {(isCounty || isDepartment) && tab === 'import' && (
        <ImportPanel kinds={kinds} kind={kind} onKind={setChosen} departmentKnown={isCounty || department !== ''}
          onFeedback={(job) => { setFeedbackJob(job); show('feedback') }} />
      )}
      {(isCounty || isDepartment) && tab === 'feedback' && (
        <FeedbackPanel shown={shown} job={feedbackJob} onAllJobs={() => setFeedbackJob(null)} />
      )}
    </View>
  )
}

function ImportPanel({ kinds, kind, onKind, departmentKnown, onFeedback }: {
  kinds: DepartmentDataKind[]
  kind: DepartmentDataKind | null
  onKind: (kind: DepartmentDataKind) => void
  departmentKnown: boolean
  onFeedback: (job: FeedbackJob) => void
}) {
  const { fileName, job, busy, error, setError, start: upload } = useSpreadsheetUpload({
    upload: (body) => call('startDepartmentImport', { body: { ...body, kind: kind! } }),
    job: (id) => call('getDepartmentImport', { params: { id } }),
  })
  const [fetchingTemplate, setFetchingTemplate] = useState(false)
  const template = async () => {
    if (!kind || fetchingTemplate) return
    setError('')
    setFetchingTemplate(true)
    try {
      await saveSpreadsheet(await call('departmentTemplate', { params: { kind } }), `template-${kind}`)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setFetchingTemplate(false)
    }
  }

  const start = () => {
    if (!kind) {
      setError('请先选择数据类型')
      return
    }
    void upload()
  }

  return (
    <View>
      {!IS_H5 && (
        <View className='card' id='screening-weapp-note'>
          比对需要选择电脑上的 Excel 文件，请在电脑浏览器中打开本系统（网页版）上传。核实反馈可以在这里查看。
        </View>
      )}
      <View className='section-title'>1. 选择数据类型</View>
      {!departmentKnown && <View className='load-state'>正在加载…</View>}
      {departmentKnown && kinds.length === 0 && (
        <View className='error-box' id='screening-no-kinds'>本部门没有需要比对的数据类型。</View>
      )}
      <View className='screening__kinds' id='screening-kinds'>
        {kinds.map((k) => (
          <View key={k} id={`screening-kind-${k}`}
            className={`screening__kind${k === kind ? ' screening__kind--on' : ''}`}
            onClick={() => { if (!busy) onKind(k) }}>
            <Text className='screening__kind-label'>{k === kind ? '✓ ' : ''}{DEPARTMENT_DATA_KINDS[k].label}</Text>
            <Text className='screening__kind-dept'>{DEPARTMENT_DATA_KINDS[k].department}</Text>
          </View>
        ))}
      </View>

      {kind && (
        <View>
          <View className='section-title'>2. 按模板整理文件并上传</View>
          <View className='card lead' id='screening-columns'>
            {`第 1 行为表头，每人每条记录一行。需要的列：${columnsText(kind)}。`
              + `支持 .xlsx 和 .csv，网页上传不超过 ${formatSize(MAX_UPLOAD_BYTES)}。同一条记录重复上传不会重复预警。`}
          </View>
          <View className='screening__actions'>
            {IS_H5 && (
              <Button className='btn btn-primary btn-huge' id='screening-choose' disabled={busy || undefined} onClick={() => void start()}>
                {busy ? '正在比对…' : '选择文件并比对'}
              </Button>
            )}
            <Button className='btn btn-secondary' id='screening-template' disabled={fetchingTemplate || undefined} onClick={() => void template()}>
              {fetchingTemplate ? '正在生成模板…' : `下载“${DEPARTMENT_DATA_KINDS[kind].label}”模板`}
            </Button>
          </View>
        </View>
      )}

      {error && <View className='error-box' id='screening-error'>{error}</View>}

      {(busy || job) && (
        <UploadProgress id='screening-progress' statusId='screening-status' fileName={fileName} job={job} />
      )}

      {job && job.status !== 'running' && <JobReport job={job} onFeedback={onFeedback} />}
    </View>
  )
}

/** What came of one file, in plain words, then the refused rows and the rows that matched nobody. */
function JobReport({ job, onFeedback }: { job: DepartmentImportJobView, onFeedback: (job: FeedbackJob) => void }) {
  const hits = job.hitsByRule.reduce((n, r) => n + r.hits, 0)
  return (
    <View>
      <View className='card' id='screening-summary'>
        {/* when done, the counts below say what the message says; otherwise it says why the file was refused */}
        {job.message && job.status !== 'done' && <View className='screening__message'>{job.message}</View>}
        {job.status === 'done' && (
          <View className='screening__counts'>
            <View className='row'><Text className='row__label'>读取</Text><Text className='row__value' id='screening-read'>{job.rowsRead} 行</Text></View>
            <View className='row'><Text className='row__label'>比对上</Text><Text className='row__value' id='screening-matched'>{job.rowsMatched} 行（找到本县户籍成员）</Text></View>
            <View className='row'><Text className='row__label'>未比对上</Text><Text className='row__value' id='screening-unmatched-count'>{job.rowsUnmatched} 行{job.rowsUnmatched ? '（名单见下方，不生成线索）' : ''}</Text></View>
            <View className='row'><Text className='row__label'>重复</Text><Text className='row__value' id='screening-repeated'>{job.rowsRepeated} 行{job.rowsRepeated ? '（以前已比对过，不重复预警）' : ''}</Text></View>
            <View className='row'><Text className='row__label'>有误</Text><Text className='row__value' id='screening-rejected'>{job.rowsRejected} 行{job.rowsRejected ? '（未导入，原因见下方）' : ''}</Text></View>
            <View className='row'><Text className='row__label'>规则命中</Text><Text className='row__value' id='screening-hits'>{hits} 次</Text></View>
            {job.hitsByRule.map((r) => (
              <View className='row screening__rule' key={r.ruleId}>
                <Text className='row__label'>　</Text>
                <Text className='row__value'>{r.label}：{r.hits} 次</Text>
              </View>
            ))}
            <View className='row'>
              <Text className='row__label'>风险线索</Text>
              <Text className='row__value' id='screening-clues'>
                新增 {job.cluesCreated} 条{job.cluesJoined ? `，其中 ${job.cluesJoined} 条并入正在办理的案件` : ''}
              </Text>
            </View>
          </View>
        )}
        {job.status === 'done' && job.cluesCreated > 0 && (
          <View className='screening__next'>
            线索已交给所在村的网格员入户核实，核实结果会出现在“核实反馈”中。
            <Text className='link' id='screening-to-feedback' onClick={() => onFeedback({ id: job.id, fileName: job.fileName })}>查看核实反馈 ›</Text>
          </View>
        )}
      </View>

      {job.errors.length > 0 && <RowErrors id='screening-errors' errors={job.errors} total={job.errorsTotal} />}

      {job.unmatched.length > 0 && (
        <View>
          <View className='section-title'>
            未比对上的人员（共 {job.unmatchedTotal} 人{job.unmatchedTotal > job.unmatched.length ? `，下面列出前 ${job.unmatched.length} 人` : ''}）
          </View>
          <View className='muted screening__hint'>在本县户籍信息中没有找到这些身份证号，可能尚未录入系统，请核对。</View>
          <View className='upload__table' id='screening-unmatched'>
            <View className='upload__tr upload__tr--head'>
              <Text className='upload__td upload__td--row'>行</Text>
              <Text className='upload__td'>姓名和身份证号</Text>
            </View>
            {job.unmatched.map((u) => (
              <View className='upload__tr' key={u.row}>
                <Text className='upload__td upload__td--row'>{u.row}</Text>
                <View className='upload__td'>
                  <View className='screening__person'>{u.name}</View>
                  <View className='screening__id'>{u.idMasked}</View>
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}

/** An import whose clues the 核实反馈 list is narrowed to. */
interface FeedbackJob { id: string, fileName: string }

/**
 * 核实反馈: every alert with what the village found so far, newest first; narrowed to one import (reached from its
 * summary) and to a period of clue dates; 导出 as .xlsx for the department, with the same narrowing.
 */
function FeedbackPanel({ shown, job, onAllJobs }: { shown: number, job: FeedbackJob | null, onAllJobs: () => void }) {
  const [alerts, setAlerts] = useState<DepartmentAlertView[]>()
  const [total, setTotal] = useState(0)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const filters = { ...(job ? { jobId: job.id } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) }

  const load = async () => {
    setError('')
    setLoading(true)
    try {
      const answer = await call('listDepartmentAlerts', { query: { format: 'json', ...filters } })
      if (answer.format === 'json') {
        setAlerts(answer.alerts)
        setTotal(answer.total)
      }
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }
  // shown is 0 until the page's first show, which counts it: one load, not two; again whenever the narrowing changes
  useEffect(() => { if (shown > 0) void load() }, [shown, job?.id, from, to])

  const exportList = async () => {
    if (exporting) return
    setExportError('')
    setExporting(true)
    try {
      const answer = await call('listDepartmentAlerts', { query: { format: 'xlsx', ...filters } })
      if (answer.format === 'xlsx') await saveSpreadsheet(answer.file, 'department-feedback')
    } catch (e) {
      if (!redirectIfSignedOut(e)) setExportError(errorMessage(e))
    } finally {
      setExporting(false)
    }
  }

  return (
    <View id='screening-feedback'>
      <View className='card lead'>
        部门数据比对发现的每一条风险线索，由所在村入户核实；核实和认定的结果会显示在这里。
      </View>
      {job && (
        <View className='screening__narrow' id='feedback-job'>
          <Text className='screening__narrow-text'>只看「{job.fileName}」这次导入的线索</Text>
          <Text className='link screening__narrow-clear' id='feedback-job-clear' onClick={onAllJobs}>看全部</Text>
        </View>
      )}
      <View className='screening__period' id='feedback-period'>
        <Text className='screening__period-label'>线索日期</Text>
        <Picker mode='date' value={from || (to || '')} end={to || undefined} onChange={(e) => setFrom(e.detail.value)}>
          <View className='date-pick' id='feedback-from'>{from ? formatDate(from) : '不限'}</View>
        </Picker>
        <Text className='screening__period-to'>至</Text>
        <Picker mode='date' value={to || (from || '')} start={from || undefined} onChange={(e) => setTo(e.detail.value)}>
          <View className='date-pick' id='feedback-to'>{to ? formatDate(to) : '不限'}</View>
        </Picker>
        {(from || to) && (
          <Text className='link screening__narrow-clear' id='feedback-period-clear' onClick={() => { setFrom(''); setTo('') }}>清除</Text>
        )}
      </View>
      <View className='screening__toolbar'>
        <Text className='screening__total' id='feedback-total'>{alerts ? `共 ${total} 条` : ''}</Text>
        {alerts && alerts.length > 0 && (
          <Button className='btn btn-secondary screening__export' id='feedback-export' disabled={exporting || undefined}
            onClick={() => void exportList()}>
            {exporting ? '正在导出…' : '导出 Excel'}
          </Button>
        )}
      </View>
      {exportError && <View className='error-box' id='feedback-export-error'>{exportError}</View>}
      <LoadState loading={loading && !alerts} error={alerts ? '' : error} onRetry={() => void load()} />
      {alerts && error && <View className='error-box'>{error}</View>}
      {alerts && alerts.length === 0 && (
        <View className='card empty' id='feedback-empty'>
          {job || from || to ? '所选范围内没有风险线索。' : '还没有比对出风险线索。上传部门数据后，命中预警规则的人员会列在这里。'}
        </View>
      )}
      {alerts && total > alerts.length && (
        <View className='muted screening__hint'>下面列出最新的 {alerts.length} 条，全部请导出查看。</View>
      )}
      {alerts?.map((a) => <AlertCard key={a.id} alert={a} />)}
    </View>
  )
}

/** The outcome in a word or two for the badge (outcomeLabel, in full, is on its own line) and its colour. */
const OUTCOME_BADGE: Record<DepartmentAlertView['outcome'], [string, string]> = {
  to_verify: ['待核实', 'wait'],
  verifying: ['核实中', 'wait'],
  monitored: ['已纳入监测', 'risk'],
  not_included: ['未纳入', 'done'],
  eliminating: ['消除程序中', 'risk'],
  eliminated: ['已消除', 'done'],
}

function AlertCard({ alert: a }: { alert: DepartmentAlertView }) {
  return (
    <View className='card screening-alert' id={`alert-${a.id}`} data-case-id={a.caseId}>
      <View className='screening-alert__top'>
        <Text className='screening-alert__household'>{a.household}</Text>
        <Text className={`screening-alert__outcome screening-alert__outcome--${OUTCOME_BADGE[a.outcome][1]}`}>{OUTCOME_BADGE[a.outcome][0]}</Text>
      </View>
      <View className='screening-alert__rule'>{a.department} · {a.ruleLabel}</View>
      <View className='screening-alert__figures'>
        {Object.entries(a.figures).map(([label, value]) => (
          <View className='screening-alert__figure' key={label}>
            <Text className='screening-alert__figure-label'>{label}：</Text>
            <Text className='screening-alert__figure-value'>{/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? formatDate(String(value)) : value}</Text>
          </View>
        ))}
      </View>
      <View className='screening-alert__explanation'>{a.explanation}</View>
      <View className='row'><Text className='row__label'>人员</Text><Text className='row__value mono'>{a.memberIdMasked}</Text></View>
      <View className='row'>
        <Text className='row__label'>线索日期</Text>
        <Text className='row__value'>{formatDate(a.clueDate)}{a.joinedOpenCase ? '（并入正在办理的案件）' : ''}</Text>
      </View>
      <View className='row'>
        <Text className='row__label'>核实结果</Text>
        <Text className='row__value' id={`alert-${a.id}-outcome`}>{a.outcomeLabel}{a.outcomeOn ? `（${formatDate(a.outcomeOn)}）` : ''}</Text>
      </View>
      <View className='muted'>来源文件：{a.fileName}</View>
    </View>
  )
}
