import { useRef, useState } from 'react'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import {
  EXPLAINER_PLACEHOLDERS, EXPLAINER_TOPIC_LABELS, EXPLAINER_TOPICS, MAX_EXPLAINER_QUESTIONS, MAX_EXPLAINER_SOURCE_CHARS,
  type ExplainerDetailResponse, type ExplainerTopic, type PublishExplainerResponse,
} from '@shared/contracts/awareness'
import type { AreaOption } from '@shared/contracts/codes'
import { routes } from '@shared/contracts/routes'
import { ApiError, call, validate } from '../../../services/api'
import { choosePhotos, uploadExplainerImage } from '../../../services/photos'
import { useForm } from '../../../components/use-form'
import { chinaToday, makeClientKey } from '../../../utils/form'
import { formatDate } from '../../../utils/format'
import { draftOf, newQuestion, questionInput, QuestionFields, type QuestionDraft } from './question-fields'

type Detail = ExplainerDetailResponse['explainer']

/** What the helper buttons put into the text (at the last place typed in, or at the end). */
const SNIPPETS = [
  { id: 'heading', label: '插入小标题', text: '\n## 小标题\n' },
  { id: 'list', label: '插入列表', text: '\n- 第一条\n- 第二条\n- 第三条\n' },
  { id: 'bold', label: '插入加粗', text: '**要紧的话**' },
]
const PLACEHOLDERS = Object.keys(EXPLAINER_PLACEHOLDERS) as (keyof typeof EXPLAINER_PLACEHOLDERS)[]

const FIELDS = ['topic', 'title', 'source', 'areaId', 'validFrom', 'validTo'] as const

interface Props {
  /** The areas the admin may choose (county, townships, villages). */
  areas: AreaOption[]
  /** The version a new version starts from; none for a new explainer. */
  from?: Detail
  onPublished: (answer: PublishExplainerResponse) => void
  onCancel: () => void
}

/**
 * Write and publish an explainer, or the next version of one: 类别, 标题, 适用地区, 有效期, the text in Markdown (with
 * buttons for headings, lists, images and the policy figures) and its questions. Publishing sends one key for this
 * form, the same on every retry, so a lost answer publishes once.
 */
export function ExplainerForm({ areas, from, onPublished, onCancel }: Props) {
  const clientKey = useRef(makeClientKey())
  const cursor = useRef<number | null>(null)
  const [topic, setTopic] = useState<ExplainerTopic | null>(from?.topic ?? null)
  const [title, setTitle] = useState(from?.title ?? '')
  const [areaId, setAreaId] = useState(from?.area.id ?? areas.find((a) => a.level === 'county')?.id ?? '')
  const [validFrom, setValidFrom] = useState(chinaToday())
  const [validTo, setValidTo] = useState<string | null>(from?.validTo && from.validTo >= chinaToday() ? from.validTo : null)
  const [source, setSource] = useState(from?.source ?? '')
  const [questions, setQuestions] = useState<QuestionDraft[]>(from?.questions.map(draftOf) ?? [])
  const [questionErrors, setQuestionErrors] = useState<Record<number, string>>({})
  const [uploading, setUploading] = useState(false)
  const [imageError, setImageError] = useState('')
  const questionFields = questions.map((_q, i) => `questions.${i}` as const)
  const form = useForm<(typeof FIELDS)[number] | `questions.${number}`>([...FIELDS, ...questionFields])

  const areaIndex = Math.max(0, areas.findIndex((a) => a.id === areaId))
  const areaLabel = (a: AreaOption) => (a.level === 'county' ? `全县（${a.name}）` : a.label)

  const insert = (text: string) => {
    const at = cursor.current === null || cursor.current > source.length ? source.length : cursor.current
    setSource(source.slice(0, at) + text + source.slice(at))
    cursor.current = at + text.length
    form.clearField('source')
  }

  const insertImage = async () => {
    setImageError('')
    const [photo] = await choosePhotos(1)
    if (!photo) return
    setUploading(true)
    try {
      const id = await uploadExplainerImage(photo)
      insert(`\n![图片](file:${id})\n`)
    } catch (e) {
      setImageError(e instanceof ApiError ? e.message : '图片上传失败，请重试')
    } finally {
      setUploading(false)
    }
  }

  const setQuestion = (i: number, draft: QuestionDraft) => {
    setQuestions(questions.map((q, j) => (j === i ? draft : q)))
    setQuestionErrors(({ [i]: _gone, ...rest }) => rest)
  }
  const removeQuestion = (i: number) => {
    setQuestions(questions.filter((_q, j) => j !== i))
    setQuestionErrors({})
  }

  const publish = () => form.run(async () => {
    setQuestionErrors({})
    const unanswered = questions.findIndex((q) => q.answer === null)
    if (unanswered >= 0) {
      setQuestionErrors({ [unanswered]: '请点选这道题的正确答案' })
      throw new ApiError(0, 'REQUEST.INVALID', `第${unanswered + 1}题还没有选正确答案`)
    }
    try {
      const body = validate(routes.publishExplainer.body, {
        clientKey: clientKey.current,
        ...(from ? { explainerId: from.explainerId } : {}),
        topic, title, source, areaId, validFrom, validTo,
        questions: questions.map(questionInput),
      })
      onPublished(await call('publishExplainer', { body }))
    } catch (e) {
      // a question's message goes beside that question
      if (e instanceof ApiError) {
        const byQuestion: Record<number, string> = {}
        for (const issue of e.issues) {
          const match = /^questions\.(\d+)/.exec(issue.path)
          if (match) byQuestion[Number(match[1])] ??= issue.message
        }
        setQuestionErrors(byQuestion)
      }
      throw e
    }
  })

  const errorOf = (field: (typeof FIELDS)[number]) => form.fieldErrors[field]
  const questionError = (i: number) => questionErrors[i] ?? form.fieldErrors[`questions.${i}`]

  return (
    <View className='explainer-form' id='explainer-form'>
      <View className='section-title'>{from ? `发布《${from.title}》的新版本（第 ${from.version + 1} 版）` : '发布新的明白纸'}</View>
      {from && <View className='card muted'>新版本从生效日起替代旧版本，旧版本保留备查。下面已填入第 {from.version} 版的内容，改好后发布。</View>}

      <View className='field'>
        <View className='field__label'>类别</View>
        <View className='chips' id='form-topic'>
          {EXPLAINER_TOPICS.map((t) => (
            <View key={t} id={`form-topic-${t}`} className={`chips__chip${topic === t ? ' chips__chip--on' : ''}`} onClick={() => { setTopic(t); form.clearField('topic') }}>
              {topic === t ? '✓ ' : ''}{EXPLAINER_TOPIC_LABELS[t]}
            </View>
          ))}
        </View>
        {errorOf('topic') && <View className='field-error' id='form-topic-error'>{topic ? errorOf('topic') : '请选择类别'}</View>}
      </View>

      <View className='field'>
        <View className='field__label'>标题</View>
        <Input className='text-input' id='form-title' value={title} maxlength={40} placeholder='例如：家里遇到困难，怎样申报'
          onInput={(e) => { setTitle(e.detail.value); form.clearField('title') }} />
        {errorOf('title') && <View className='field-error' id='form-title-error'>{errorOf('title')}</View>}
      </View>

      <View className='field'>
        <View className='field__label'>适用地区</View>
        <Picker mode='selector' range={areas.map(areaLabel)} value={areaIndex} onChange={(e) => { setAreaId(areas[Number(e.detail.value)].id); form.clearField('areaId') }}>
          <View className='picker-box' id='form-area'>{areas[areaIndex] ? areaLabel(areas[areaIndex]) : '请选择'} ▾</View>
        </Picker>
        {errorOf('areaId') && <View className='field-error'>{errorOf('areaId')}</View>}
      </View>

      <View className='field'>
        <View className='field__label'>有效期</View>
        <View className='explainer-form__dates'>
          <Picker mode='date' value={validFrom} onChange={(e) => { setValidFrom(e.detail.value); form.clearField('validFrom') }}>
            <View className='date-pick' id='form-valid-from'>{formatDate(validFrom)}起</View>
          </Picker>
          <Picker mode='date' value={validTo ?? validFrom} start={validFrom} onChange={(e) => { setValidTo(e.detail.value); form.clearField('validTo') }}>
            <View className='date-pick' id='form-valid-to'>{validTo ? `至${formatDate(validTo)}` : '长期有效'}</View>
          </Picker>
        </View>
        {validTo && <View className='link explainer-form__forever' id='form-forever' onClick={() => setValidTo(null)}>改为长期有效</View>}
        {(errorOf('validFrom') || errorOf('validTo')) && <View className='field-error'>{errorOf('validFrom') || errorOf('validTo')}</View>}
      </View>

      <View className='field'>
        <View className='field__label'>正文</View>
        <View className='field__help'>
          「## 」开头的一行是小标题，「- 」开头的是列表。监测线、时限等数字请用下面的按钮插入，农户看到的是本地当年政策的数字，不用每年改：
          监测线显示为“7300元”这样（已带“元”），时限显示为“15天”或“10个工作日”，年度显示为“2026”。
        </View>
        <View className='tools'>
          {SNIPPETS.map((s) => <View key={s.id} className='tools__btn' id={`form-insert-${s.id}`} onClick={() => insert(s.text)}>{s.label}</View>)}
          <View className='tools__btn' id='form-insert-image' onClick={() => void insertImage()}>{uploading ? '正在上传…' : '插入图片'}</View>
        </View>
        <View className='tools'>
          {PLACEHOLDERS.map((p) => (
            <View key={p} className='tools__btn tools__btn--figure' id={`form-insert-${p}`} onClick={() => insert(`{{${p}}}`)}>插入{p}</View>
          ))}
        </View>
        {imageError && <View className='field-error' id='form-image-error'>{imageError}</View>}
        <Textarea
          className='text-area explainer-form__source'
          id='form-source'
          value={source}
          maxlength={MAX_EXPLAINER_SOURCE_CHARS}
          placeholder={'## 哪些情况可以申报\n- 家里有人得了大病，花了很多钱\n- 遭了灾，房子或庄稼受损'}
          onInput={(e) => { setSource(e.detail.value); cursor.current = e.detail.cursor; form.clearField('source') }}
          onBlur={(e) => { const at = (e.detail as { cursor?: number }).cursor; if (typeof at === 'number') cursor.current = at }}
        />
        <View className='explainer-form__count'>{source.length}/{MAX_EXPLAINER_SOURCE_CHARS}</View>
        {errorOf('source') && <View className='field-error' id='form-source-error'>{errorOf('source')}</View>}
      </View>

      <View className='section-title'>题目（{questions.length}）</View>
      <View className='field__help'>答题时先出关键题，再随机出其他题，每次 5 题。关键题都答对的户，算作知道申报条件。</View>
      {questions.map((q, i) => (
        <QuestionFields key={q.key} index={i} draft={q} error={questionError(i)}
          onChange={(d) => setQuestion(i, d)} onRemove={() => removeQuestion(i)} />
      ))}
      {questions.length < MAX_EXPLAINER_QUESTIONS && (
        <View className='explainer-form__add'>
          <Button className='btn btn-secondary' id='form-add-single' onClick={() => setQuestions([...questions, newQuestion('single')])}>＋ 单选题</Button>
          <Button className='btn btn-secondary' id='form-add-true-false' onClick={() => setQuestions([...questions, newQuestion('true_false')])}>＋ 判断题</Button>
        </View>
      )}

      {form.summary && <View className='error-box' id='form-error'>{form.summary}</View>}
      <Button className='btn btn-primary btn-huge' id='form-publish' disabled={form.sending || uploading || undefined} onClick={() => void publish()}>
        {form.sending ? '正在发布…' : '发布'}
      </Button>
      <Button className='btn btn-secondary' id='form-cancel' onClick={onCancel}>取消</Button>
      <Text className='muted explainer-form__note'>发布后不能修改，只能再发布新版本。</Text>
    </View>
  )
}
