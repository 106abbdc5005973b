import type { ComponentType } from 'react'
import type { CaseCommand } from '@shared/contracts/workflow'
import { ApproveAtCountyForm } from './approve-county-form'
import { ApproveAtTownshipForm } from './approve-township-form'
import { DeliberateForm } from './deliberate-form'
import { EndNoticeForm } from './end-notice-form'
import { NotIncludeForm } from './not-include-form'
import { ObjectForm } from './object-form'
import { ResolveObjectionForm } from './resolve-objection-form'
import { ReturnCaseForm } from './return-case-form'
import { StartNoticeForm } from './start-notice-form'
import type { CaseFormProps } from './types'
import { VerifyForm } from './verify-form'
import { MakePlanForm } from './make-plan-form'
import { RecordTrackingForm } from './record-tracking-form'
import { ProposeEliminationForm } from './propose-elimination-form'
import { ApproveEliminationForm } from './approve-elimination-form'
import { MarkSafetyNetForm } from './mark-safety-net-form'
import { KeepMonitoringForm } from './keep-monitoring-form'

export type { CaseFormProps } from './types'

/**
 * The form for each workflow command the case page offers (`actions`). To add one: write the component
 * (CaseFormProps), import it here and add its line. A command without a form shows a plain message on the page.
 */
export const CASE_FORMS: Partial<Record<CaseCommand['type'], ComponentType<CaseFormProps>>> = {
  verify: VerifyForm,
  deliberate: DeliberateForm,
  startNotice: StartNoticeForm,
  object: ObjectForm,
  resolveObjection: ResolveObjectionForm,
  endNotice: EndNoticeForm,
  approveAtTownship: ApproveAtTownshipForm,
  approveAtCounty: ApproveAtCountyForm,
  returnCase: ReturnCaseForm,
  notInclude: NotIncludeForm,
  makePlan: MakePlanForm,
  recordTracking: RecordTrackingForm,
  proposeElimination: ProposeEliminationForm,
  approveElimination: ApproveEliminationForm,
  markSafetyNet: MarkSafetyNetForm,
  keepMonitoring: KeepMonitoringForm,
}
