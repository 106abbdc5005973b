import { Input, Text, Textarea, View } from '@tarojs/components'
import { TRUE_FALSE_OPTIONS, type Question, type QuestionInput } from '@shared/contracts/awareness'

/** A question as it is being written: the answer may not be chosen yet; options only for single choice. */
export interface QuestionDraft {
  /** For React's list only. */
  key: string
  kind: QuestionInput['kind']
  stem: string
  options: string[]
  answer: number | null
  explanation: string
  isKey: boolean
}

const LETTERS = 'ABCDEF'
const MAX_OPTIONS = 6
let drafts = 0

export function newQuestion(kind: QuestionInput['kind']): QuestionDraft {
  drafts += 1
  return {
    key: `q${drafts}`, kind, stem: '', options: kind === 'single' ? ['', '', ''] : [], answer: null, explanation: '', isKey: false,
  }
}

/** A published question again as a draft (for the next version). */
export function draftOf(question: Question): QuestionDraft {
  return { ...newQuestion(question.kind), stem: question.stem, options: question.kind === 'single' ? question.options : [],
    answer: question.answer, explanation: question.explanation, isKey: question.key }
}

/**
 * The draft as the contract wants it. An answer not yet chosen becomes -1, which the contract refuses with its own
 * message (正确答案应为选项序号) beside this question.
 */
export function questionInput(d: QuestionDraft): QuestionInput {
  const common = { stem: d.stem, answer: d.answer ?? -1, explanation: d.explanation, key: d.isKey }
  return d.kind === 'single' ? { kind: 'single', options: d.options, ...common } : { kind: 'true_false', ...common }
}

interface Props {
  index: number
  draft: QuestionDraft
  error?: string
  onChange: (draft: QuestionDraft) => void
  onRemove: () => void
}

/** One question of the bank: the stem, the options (single choice), the right answer, the explanation, 关键题. */
export function QuestionFields({ index, draft, error, onChange, onRemove }: Props) {
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...draft, ...patch })
  const options = draft.kind === 'single' ? draft.options : TRUE_FALSE_OPTIONS
  const setOption = (i: number, value: string) => set({ options: draft.options.map((o, j) => (j === i ? value : o)) })
  const removeOption = (i: number) => set({
    options: draft.options.filter((_o, j) => j !== i),
    answer: draft.answer === null || draft.answer === i ? null : draft.answer > i ? draft.answer - 1 : draft.answer,
  })
  const id = `question-${index}`

  return (
    <View className={`card question${error ? ' question--error' : ''}`} id={id}>
      <View className='question__head'>
        <Text className='question__no'>第 {index + 1} 题 · {draft.kind === 'single' ? '单选题' : '判断题'}</Text>
        <Text className='question__remove' id={`${id}-remove`} onClick={onRemove}>删除</Text>
      </View>
      <View className='field__label'>题目</View>
      <Textarea
        className='text-area question__stem'
        id={`${id}-stem`}
        value={draft.stem}
        maxlength={200}
        placeholder={draft.kind === 'single' ? '例如：家里突然有人得了大病，可以怎样申报？' : '例如：家里遇到困难，只能等村干部上门，自己不能申报。'}
        onInput={(e) => set({ stem: e.detail.value })}
      />
      {draft.kind === 'single' && <View className='field__label question__gap'>选项</View>}
      {draft.kind === 'single' && draft.options.map((option, i) => (
        <View className='question__option' key={i}>
          <Text className='question__letter'>{LETTERS[i]}</Text>
          <Input
            className='text-input question__option-input'
            id={`${id}-option-${i}`}
            value={option}
            maxlength={60}
            placeholder={`选项${LETTERS[i]}`}
            onInput={(e) => setOption(i, e.detail.value)}
          />
          {draft.options.length > 2 && <Text className='question__option-remove' onClick={() => removeOption(i)}>✕</Text>}
        </View>
      ))}
      {draft.kind === 'single' && draft.options.length < MAX_OPTIONS && (
        <View className='question__add-option' id={`${id}-add-option`} onClick={() => set({ options: [...draft.options, ''] })}>＋ 加一个选项</View>
      )}
      <View className='field__label question__gap'>正确答案</View>
      <View className='question__answers'>
        {options.map((option, i) => (
          <View
            key={i}
            id={`${id}-answer-${i}`}
            className={`question__answer${draft.answer === i ? ' question__answer--on' : ''}`}
            onClick={() => set({ answer: i })}
          >
            {draft.answer === i ? '✓ ' : ''}{draft.kind === 'single' ? LETTERS[i] : option}
          </View>
        ))}
      </View>
      <View className='field__label question__gap'>答案解析（答完后给农户看）</View>
      <Textarea
        className='text-area question__explanation'
        id={`${id}-explanation`}
        value={draft.explanation}
        maxlength={300}
        placeholder='例如：家里遇到困难，可以自己在小程序上一键申报，也可以找网格员、村干部。'
        onInput={(e) => set({ explanation: e.detail.value })}
      />
      <View id={`${id}-key`} className={`checkbox question__key${draft.isKey ? ' checkbox--checked' : ''}`} onClick={() => set({ isKey: !draft.isKey })}>
        <View className='checkbox__box'>{draft.isKey ? '✓' : ''}</View>
        <View>关键题（申报条件，计入知晓率）</View>
      </View>
      {error && <View className='field-error' id={`${id}-error`}>{error}</View>}
    </View>
  )
}
