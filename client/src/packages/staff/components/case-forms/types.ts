import type { CaseCommand, CaseDetailResponse } from '@shared/contracts/workflow'

/** What every case form gets from the case page. */
export interface CaseFormProps {
  /** The case as the page last loaded it (reloaded after a conflict; the form keeps what was typed). */
  detail: CaseDetailResponse
  /** The command's name as the server lists it in `actions`, e.g. 入户核实. */
  label: string
  /**
   * Sends the command with the case's version and this form's request id. Resolves when it was applied (the page
   * then closes the form); rejects with an ApiError the form shows (refusals, a version conflict after reloading).
   */
  send: (command: CaseCommand) => Promise<void>
  onCancel: () => void
}
