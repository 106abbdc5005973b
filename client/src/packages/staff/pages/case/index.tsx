import { useState } from 'react'
import Taro, { useLoad, usePullDownRefresh } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { CaseCommand, CaseDetailResponse, TimelineEntry } from '@shared/contracts/workflow'
import type { Verification } from '@shared/contracts/verification'
import { ApiError, call, errorMessage, getStoredUser } from '../../../../services/api'
import { PAGES, redirectIfSignedOut, withQuery } from '../../../../services/navigation'
import { HouseholdSummary, MemberList } from '../../../../components/household-info'
import { LoadState } from '../../../../components/load-state'
import { makeClientKey } from '../../../../utils/form'
import { prepareSubscriptions } from '../../../../services/subscriptions'
import { daysBetween, daysLeftText, formatDate, formatDateTime, isUrgent, riskText } from '../../../../utils/format'
import { CASE_FORMS } from '../../components/case-forms'
import { StoredPhotos } from '../../components/case-forms/photo-picker'
import { EligibilityCard, EvaluationBrief } from '../../components/eligibility-card'
import { PlanMeasureList } from '../../components/plan-measures'
import '../../components/staff.scss'
import '../../components/case-forms/case-forms.scss'
import './index.scss'

/** The form being filled in: which command, and the request id made when it was opened (a retry sends it again). */
interface OpenForm {
  command: string
  label: string
  requestId: string
}

/** Decisions on the case: the 入户核实 result is shown in brief above their forms (the full card is further down). */
const DECISIONS = ['deliberate', 'approveAtTownship', 'approveAtCounty', 'returnCase', 'notInclude']

const CONFLICT_MESSAGE = '这个案件刚被其他人办理过，页面已更新为最新情况。您填写的内容都还在，请核对后再提交。'

/** Photos recorded with a 入户核实 (in its record) or another act (帮扶走访, 公示, 措施办结: photoIds), from the command as the timeline keeps it. */
function photoIdsOf(entry: TimelineEntry): string[] {
  const verification = entry.details?.verification as Partial<Verification> | undefined
  const ids = verification?.photoIds ?? entry.details?.photoIds
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : []
}

/**
 * One case as staff see it: where it stands and its next deadline, what this user may do now (one form per
 * command), the open tasks, notice and objections, the 入户核实 evaluation, the clues, the household and the timeline.
 */
export default function CasePage() {
  const [id, setId] = useState('')
  const [detail, setDetail] = useState<CaseDetailResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [open, setOpen] = useState<OpenForm | null>(null)
  const [done, setDone] = useState('')
  const role = getStoredUser()?.role

  const fetchCase = async (caseId: string) => {
    const fresh = await call('getCase', { params: { id: caseId } })
    setDetail(fresh)
    return fresh
  }

  const load = async (caseId: string) => {
    setError('')
    try {
      await fetchCase(caseId)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    prepareSubscriptions() // so that a form's submit tap can ask at once
    setId(params.id ?? '')
    void load(params.id ?? '')
  })
  usePullDownRefresh(() => void load(id).finally(() => Taro.stopPullDownRefresh()))

  const openForm = (command: string, label: string) => {
    setDone('')
    setOpen({ command, label, requestId: makeClientKey() })
  }

  /** Sends the open form's command against the version on screen; see CaseFormProps.send. */
  const send = async (command: CaseCommand) => {
    if (!detail || !open) return
    try {
      const { replayed, ...fresh } = await call('runCaseCommand', {
        params: { id },
        body: { command, expectedVersion: detail.case.version, requestId: open.requestId },
      })
      setDetail(fresh)
      setOpen(null)
      setDone(replayed ? `“${open.label}”之前已经提交过，没有重复办理。` : `已办理：${open.label}。现在：${fresh.case.statusLabel}。`)
      Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      if (e.code === 'CASE.VERSION_CONFLICT') {
        // the case moved on under the user: show it as it is now, keep the form and what was typed in it
        let still = true
        try {
          still = (await fetchCase(id)).actions.some((a) => a.command === open.command)
        } catch {
          // the message below still holds; a pull-down reloads
        }
        const message = still ? CONFLICT_MESSAGE : `${CONFLICT_MESSAGE}现在已不需要办理“${open.label}”，可以点“取消”。`
        throw new ApiError(e.status, e.code, message)
      }
      // the server's field paths are under `command.`; the forms name them from the command
      if (e.issues.length > 0) {
        throw new ApiError(e.status, e.code, e.message, e.issues.map((i) => ({ ...i, path: i.path.replace(/^command\./, '') })))
      }
      throw e
    }
  }

  const c = detail?.case
  const deadline = c?.nextDeadline
  const daysLeft = detail && deadline ? daysBetween(detail.today, deadline.date) : 0
  const Form = open ? CASE_FORMS[open.command as CaseCommand['type']] : undefined

  return (
    <View className='page case'>
      <LoadState loading={loading && !detail} error={detail ? '' : error} onRetry={() => void load(id)} />
      {detail && c && (
        <View id='case-page' data-status={c.status} data-version={String(c.version)}>
          {error && <View className='error-box'>{error}</View>}
          {done && <View className='case__done' id='case-done'>{done}</View>}

          <View className='card case-status' id='case-status'>
            <View className='case-status__who'>{detail.household.headName}家 · {c.place.village}{c.place.group}</View>
            <View className='case-status__label' id='case-status-label'>{c.statusLabel}</View>
            {deadline && (
              <View className={`case-status__deadline${isUrgent(daysLeft) ? ' case-status__deadline--urgent' : ''}`} id='case-deadline'>
                <View>下一步：{deadline.label}{deadline.ownerLabel === deadline.label ? '' : `（${deadline.ownerLabel}）`}</View>
                <View>期限：{formatDate(deadline.date)}前</View>
                <View className='case-status__days' id='case-deadline-days'>{daysLeftText(daysLeft)}</View>
              </View>
            )}
            {c.categoryLabel && (
              <View className='case-status__monitored' id='case-monitored'>
                <View>监测类别：{c.categoryLabel}</View>
                {c.riskTypes.length > 0 && <View>风险类型：{riskText(c.riskTypes)}</View>}
                {c.identifiedOn && <View>认定日期：{formatDate(c.identifiedOn)}</View>}
              </View>
            )}
            {c.outcome && <View className='case-status__outcome' id='case-outcome'>{c.outcome}</View>}
            <View className='muted'>发现线索：{formatDate(c.clueDate)}</View>
          </View>

          <View id='case-actions'>
            {detail.actions.length > 0 && <View className='section-title'>办理</View>}
            {!open && detail.actions.map((a) => (
              <Button key={a.command} className={`btn ${a.command === 'returnCase' || a.command === 'notInclude' ? 'btn-secondary' : 'btn-primary'}`}
                id={`action-${a.command}`} onClick={() => openForm(a.command, a.label)}>
                {a.label}
              </Button>
            ))}
            {open && Form && detail.evaluation && DECISIONS.includes(open.command) && (
              <EvaluationBrief id='case-form-evaluation' evaluation={detail.evaluation} />
            )}
            {open && Form && (
              <Form key={open.requestId} detail={detail} label={open.label} send={send} onCancel={() => setOpen(null)} />
            )}
            {open && !Form && (
              <View className='card staff-form' id='case-no-form'>
                <View className='staff-form__title'>{open.label}</View>
                <View className='case-form__hint'>“{open.label}”的填写页面还在建设中，暂时不能在这里办理。</View>
                <Button className='btn btn-secondary' id='case-no-form-close' onClick={() => setOpen(null)}>返回</Button>
              </View>
            )}
            {detail.actions.length === 0 && c.isOpen && deadline && (
              <View className='card case__waiting' id='case-no-actions'>当前环节由{deadline.ownerLabel}办理，您暂时不需要操作。</View>
            )}
          </View>

          {detail.openTasks.length > 0 && (
            <View id='case-tasks'>
              <View className='section-title'>待办（{detail.openTasks.length}）</View>
              {detail.openTasks.map((t) => {
                const left = daysBetween(detail.today, t.dueOn)
                return (
                  <View key={`${t.kind}-${t.dueOn}`} className='card case-task' data-kind={t.kind}>
                    <View className='case-task__top'>
                      <Text className='case-task__label'>{t.label}</Text>
                      <Text className={`case-task__due${isUrgent(left) ? ' case-task__due--urgent' : ''}`}>{daysLeftText(left)}</Text>
                    </View>
                    <View className='muted'>{t.ownerLabel} · {formatDate(t.dueOn)}前</View>
                  </View>
                )
              })}
            </View>
          )}

          {detail.measures.length > 0 && (
            <View id='case-measures'>
              <View className='section-title'>帮扶措施（{detail.measures.length}）</View>
              <PlanMeasureList id='case-measure' measures={detail.measures} today={detail.today}
                canComplete={(m) => m.responsible.kind === 'person' && (role === 'village_cadre' || role === 'grid_member')}
                onCompleted={(m) => { setDone(`已办结：${m.measure}`); void load(id) }} />
            </View>
          )}

          {c.notice && (
            <View id='case-notice'>
              <View className='section-title'>村内公示</View>
              <View className='card'>
                <View className='case__period'>公示期：{formatDate(c.notice.startOn)} 至 {formatDate(c.notice.endOn)}</View>
                {c.noticeText && (
                  <View className='notice-text case__notice-text' id='case-notice-text'>
                    {c.noticeText.split('\n').map((line, i) => <View key={i} className={i === 0 ? 'notice-text__title' : 'notice-text__line'}>{line}</View>)}
                  </View>
                )}
                <View className='muted'>
                  {c.status !== 'notice' && c.status !== 'elimination_notice' ? '公示已结束'
                    : detail.today >= c.notice.endOn ? '公示期已满，没有待核实的异议即可报乡镇审核' : `公示中，${formatDate(c.notice.endOn)}期满`}
                </View>
                {c.openObjections.length > 0 ? (
                  <View id='case-objections'>
                    <View className='case__subtitle'>待核实的异议（{c.openObjections.length}）</View>
                    {c.openObjections.map((o) => (
                      <View key={o.id} className='case__objection' id={`case-objection-${o.id}`}>
                        <View className='muted'>{formatDate(o.raisedOn)}提出</View>
                        <View>{o.content}</View>
                      </View>
                    ))}
                  </View>
                ) : <View className='muted' id='case-objections-none'>没有待核实的异议</View>}
              </View>
            </View>
          )}

          {detail.evaluation && (
            <View>
              <View className='section-title'>入户核实结果</View>
              <EligibilityCard id='case-evaluation' title='识别条件对照' evaluation={detail.evaluation} />
            </View>
          )}

          <View id='case-clues'>
            <View className='section-title'>风险线索（{detail.clues.length}）</View>
            {detail.clues.map((clue) => (
              <View key={clue.id} className='card case-clue'>
                <View className='case-clue__top'>
                  <Text className='case-clue__channel'>{clue.channelLabel}</Text>
                  <Text className='muted'>{formatDate(clue.clueDate)}</Text>
                </View>
                <View className='case-clue__risks'>{riskText(clue.riskTypes)}</View>
                <View className='case-clue__text'>{clue.description}</View>
                <View className='muted'>报告时间：{formatDateTime(clue.reportedAt)}</View>
              </View>
            ))}
          </View>

          <View className='section-title'>户信息</View>
          <HouseholdSummary household={detail.household} idPrefix='case' />
          <View className='link case__household-link' id='case-open-household'
            onClick={() => Taro.navigateTo({ url: withQuery(PAGES.staffHousehold, { id: detail.household.id }) })}>
            查看本户档案 ›
          </View>
          <MemberList members={detail.household.members} idPrefix='case' />

          <View id='case-timeline'>
            <View className='section-title'>办理过程</View>
            {detail.timeline.map((e) => (
              <View key={e.id} className='timeline__entry' id={`case-event-${e.id}`} data-type={e.type}>
                <View className='timeline__dot' />
                <View className='timeline__body'>
                  <View className='timeline__top'>
                    <Text className='timeline__label'>{e.label}</Text>
                    <Text className='timeline__date'>{formatDate(e.on)}</Text>
                  </View>
                  {e.summary && <View className='timeline__summary'>{e.summary}</View>}
                  {e.fromLabel && e.toLabel && e.fromLabel !== e.toLabel && (
                    <View className='timeline__move'>{e.fromLabel} → {e.toLabel}</View>
                  )}
                  <View className='timeline__who'>{e.actorLabel}{e.actorName ? ` · ${e.actorName}` : ''}</View>
                  <StoredPhotos id={`case-event-${e.id}-photos`} ids={photoIdsOf(e)} />
                </View>
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}
