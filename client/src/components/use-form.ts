import { useRef, useState } from 'react'
import { formErrors, type FieldErrors } from '../utils/form'
import { redirectIfSignedOut } from '../services/navigation'

/**
 * The state every form shares (the farmer's binding and the staff forms): sending (the button is disabled and a second tap ignored), messages beside
 * fields and one for the whole form. `run` clears them, runs the submit and sorts any error.
 */
export function useForm<F extends string>(fields: readonly F[], byCode: Partial<Record<string, F>> = {}) {
  const sendingRef = useRef(false)
  const [sending, setSending] = useState(false)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({})
  const [formError, setFormError] = useState('')

  const run = async (submit: () => Promise<void>) => {
    if (sendingRef.current) return
    sendingRef.current = true
    setSending(true)
    setFieldErrors({})
    setFormError('')
    try {
      await submit()
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const errors = formErrors(e, fields, byCode)
      setFieldErrors(errors.fields)
      setFormError(errors.form)
    } finally {
      sendingRef.current = false
      setSending(false)
    }
  }

  const clearField = (field: F) => setFieldErrors((errors) => ({ ...errors, [field]: undefined }))
  /** Shows a message beside a field without sending (a check the contract cannot express). */
  const fail = (errors: FieldErrors<F>) => setFieldErrors(errors)

  const fieldCount = Object.values(fieldErrors).filter(Boolean).length
  /** What to show beside the submit button: the form's own error, or a pointer to the fields above it. */
  const summary = formError || (fieldCount > 0 ? `有${fieldCount}项需要修改，请看上面的红字` : '')

  return { sending, fieldErrors, formError, summary, run, clearField, fail }
}
