import { useState } from 'react'
import Taro, { useDidHide, useLoad, usePullDownRefresh } from '@tarojs/taro'
import { Button, View } from '@tarojs/components'
import type { HouseholdView } from '@shared/contracts/household'
import type { HouseholdDetailResponse, VisitView } from '@shared/contracts/registry'
import type { ReportClueResponse } from '@shared/contracts/clue'
import { call, errorMessage, getStoredUser } from '../../../../services/api'
import { redirectIfSignedOut, toCase } from '../../../../services/navigation'
import { HouseholdSummary, MemberList } from '../../../../components/household-info'
import { LoadState } from '../../../../components/load-state'
import { ExplainerList } from '../../../../components/explainer-list'
import { AddMemberForm } from '../../components/add-member-form'
import { CLUE_CHANNEL_OF, ClueForm } from '../../components/clue-form'
import { ChangeHeadForm } from '../../components/change-head-form'
import { FlagsForm } from '../../components/flags-form'
import { MemberActions, type PersonalData } from '../../components/member-actions'
import { MoveForm } from '../../components/move-form'
import { CaseHistory, FlagsCard, VisitList } from '../../components/records'
import { VisitForm } from '../../components/visit-form'
import '../../components/staff.scss'
import './index.scss'

/** Who reads the explainers with a household and runs its quiz on a visit. */
const VISIT_STAFF = ['grid_member', 'village_cadre', 'township_reviewer', 'county_admin']

type OpenForm = 'visit' | 'add' | 'head' | 'flags' | 'move' | 'clue' | null

/**
 * A household as staff see it, opened by scanning its code (?code=) or from search (?id=): members, flags,
 * case history and visits, and — as the server allows — visits, whole ID numbers and registry changes.
 */
export default function StaffHouseholdPage() {
  const [by, setBy] = useState<{ code?: string, id?: string }>({})
  const [detail, setDetail] = useState<HouseholdDetailResponse>()
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState('')
  const [open, setOpen] = useState<OpenForm>(null)
  const [notice, setNotice] = useState('')
  const [revealed, setRevealed] = useState<Record<string, PersonalData>>({})
  const [clueCase, setClueCase] = useState('')
  const role = getStoredUser()?.role

  const load = async (target: { code?: string, id?: string }) => {
    setError('')
    try {
      setDetail(target.id
        ? await call('householdById', { params: { id: target.id } })
        : await call('householdByCode', { params: { code: target.code ?? '' } }))
    } catch (e) {
      if (!redirectIfSignedOut(e, target.code)) setError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    const target = { code: params.code, id: params.id }
    setBy(target)
    void load(target)
  })
  usePullDownRefresh(() => void load(by).finally(() => Taro.stopPullDownRefresh()))
  // whole ID numbers stay on screen only while the page does
  useDidHide(() => setRevealed({}))

  const tell = (message: string) => {
    setNotice(message)
    void Taro.showToast({ title: message, icon: 'none', duration: 2000 })
  }

  const show = (form: OpenForm) => {
    setNotice('')
    setOpen(form)
  }

  const saved = (household: HouseholdView, message: string) => {
    setDetail((d) => (d ? { ...d, household } : d))
    setOpen(null)
    tell(message)
  }

  const visitSaved = (visit: VisitView, replayed: boolean) => {
    setDetail((d) => (d && d.staff
      ? { ...d, staff: { ...d.staff, visits: [visit, ...d.staff.visits.filter((v) => v.id !== visit.id)] } }
      : d))
    setOpen(null)
    tell(replayed ? '这条走访记录之前已保存过' : '走访记录已保存')
  }

  const clueSaved = (answer: ReportClueResponse) => {
    setOpen(null)
    setClueCase(answer.case.id)
    tell(answer.replayed ? '这条线索之前已报告过' : answer.openedCase ? '线索已报告，已立案，等待网格员入户核实' : '线索已报告，已并入该户正在办理的案件')
    void load(by)
  }

  const household = detail?.household
  const staff = detail?.staff
  const can = staff?.can ?? { recordVisit: false, edit: false, viewIdNumbers: false }

  return (
    <View className='page staff-household'>
      <LoadState loading={loading && !detail} error={detail ? '' : error} onRetry={() => void load(by)} />
      {household && (
        <View id='staff-household'>
          {error && <View className='error-box'>{error}</View>}
          {notice && <View className='done-box' id='sh-notice'>{notice}</View>}

          <View className='section-title' id='sh-section-summary'>基本情况</View>
          <HouseholdSummary household={household} idPrefix='sh' />
          <FlagsCard household={household} />
          {can.edit && open !== 'flags' && <Button className='btn btn-secondary' id='sh-edit-flags' onClick={() => show('flags')}>修改户类型、低保、特困</Button>}
          {open === 'flags' && <FlagsForm household={household} onSaved={(h) => saved(h, '户类型和标识已更新')} onCancel={() => setOpen(null)} />}

          {role && CLUE_CHANNEL_OF[role] && (
            <View id='sh-section-clue'>
              {open !== 'clue' && <Button className='btn btn-secondary' id='sh-report-clue' onClick={() => show('clue')}>报告风险线索</Button>}
              {open === 'clue' && <ClueForm householdId={household.id} role={role} onSaved={clueSaved} onCancel={() => setOpen(null)} />}
              {clueCase && open !== 'clue' && <View className='link' id='sh-clue-case' onClick={() => toCase(clueCase)}>查看该案件 ›</View>}
            </View>
          )}

          {role && VISIT_STAFF.includes(role) && (
            <View id='sh-section-explainers'>
              <ExplainerList householdId={household.id} visit />
            </View>
          )}

          <View id='sh-section-members'>
            <MemberList
              members={household.members}
              idPrefix='sh'
              renderExtra={(member) => (
                <MemberActions
                  householdId={household.id}
                  member={member}
                  canReveal={can.viewIdNumbers}
                  canEdit={can.edit}
                  revealed={revealed[member.id]}
                  onRevealed={(memberId, data) => setRevealed((r) => ({ ...r, [memberId]: data }))}
                  onHide={(memberId) => setRevealed(({ [memberId]: _hidden, ...rest }) => rest)}
                  onRemoved={(h) => saved(h, `${member.name}已减员`)}
                />
              )}
            />
            {can.edit && open !== 'add' && open !== 'head' && (
              <View className='button-row'>
                <Button className='btn btn-secondary' id='sh-add-member' onClick={() => show('add')}>新增成员</Button>
                <Button className='btn btn-secondary' id='sh-change-head' onClick={() => show('head')}>变更户主</Button>
              </View>
            )}
            {open === 'add' && <AddMemberForm householdId={household.id} onSaved={(h) => saved(h, '新成员已登记')} onCancel={() => setOpen(null)} />}
            {open === 'head' && <ChangeHeadForm household={household} onSaved={(h) => saved(h, `户主已变更为${h.headName}`)} onCancel={() => setOpen(null)} />}
          </View>

          {staff && (
            <View id='sh-section-visits'>
              <View className='section-title'>走访记录（{staff.visits.length}）</View>
              {can.recordVisit && open !== 'visit' && (
                <Button className='btn btn-primary' id='sh-record-visit' onClick={() => show('visit')}>记录走访</Button>
              )}
              {open === 'visit' && <VisitForm householdId={household.id} onSaved={visitSaved} onCancel={() => setOpen(null)} />}
              <View className='gap' />
              <VisitList visits={staff.visits} />
            </View>
          )}

          {staff && (
            <View id='sh-section-cases'>
              <View className='section-title'>监测记录（{staff.cases.length}）</View>
              <CaseHistory cases={staff.cases} />
            </View>
          )}

          {can.edit && (
            <View id='sh-section-move'>
              <View className='section-title'>迁移</View>
              {open !== 'move' && <Button className='btn btn-secondary' id='sh-move' onClick={() => show('move')}>迁移到其他组</Button>}
              {open === 'move' && <MoveForm household={household} onSaved={(h) => saved(h, `已迁入${h.place.village}${h.place.group}`)} onCancel={() => setOpen(null)} />}
            </View>
          )}
        </View>
      )}
    </View>
  )
}
