import { useRef, useState } from 'react'
import Taro, { useLoad } from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import type { AnswerResult, Quiz } from '@shared/contracts/awareness'
import type { MemberView } from '@shared/contracts/household'
import { RELATION_LABELS } from '@shared/contracts/household'
import { ApiError, call, errorMessage, getStoredUser } from '../../services/api'
import { forgetAnswers, keepAnswer, pendingFor, type PendingAnswer, type PendingQuiz } from '../../services/pending-answers'
import { redirectIfSignedOut } from '../../services/navigation'
import { LoadState } from '../../components/load-state'
import { makeClientKey } from '../../utils/form'
import './index.scss'

const LETTERS = 'ABCDEF'

function optionLabel(question: Quiz['questions'][number], index: number): string {
  return question.kind === 'single' ? `${LETTERS[index]}. ${question.options[index]}` : question.options[index]
}

/** Where to go on in a quiz: the first question not yet answered, nor kept on the phone (the length when all are). */
function firstOpen(quiz: Quiz, kept: PendingAnswer[]): number {
  const answered = new Set([...quiz.answered, ...kept].map((a) => a.questionId))
  const index = quiz.questions.findIndex((q) => !answered.has(q.id))
  return index === -1 ? quiz.questions.length : index
}

/**
 * 答题测一测: a member of the household (chosen here) answers a few questions one at a time; each answer is checked at
 * once and shows the right answer and why; at the end the score, and 「再答一次」 draws a new quiz. The farmer answers
 * for their own household; staff run it with the household on a visit (the server decides which from the role).
 * On a visit, an answer that cannot be sent for want of network is kept on the phone and the quiz goes on; the kept
 * answers go in one request once the network is back (then the right answers and explanations show).
 */
export default function QuizPage() {
  const householdId = useRef('')
  const startKey = useRef(makeClientKey())
  const busy = useRef(false)
  const [members, setMembers] = useState<MemberView[]>()
  const [memberId, setMemberId] = useState('')
  const [quiz, setQuiz] = useState<Quiz>()
  const [index, setIndex] = useState(0)
  const [choice, setChoice] = useState<number | null>(null)
  const [working, setWorking] = useState(false)
  const [loading, setLoading] = useState(true)
  const [loadError, setLoadError] = useState('')
  const [error, setError] = useState('')
  /** This quiz's answers kept on the phone, not yet sent. */
  const [pending, setPending] = useState<PendingAnswer[]>([])
  /** Other quizzes of this household with kept answers (from an earlier visit). */
  const [waiting, setWaiting] = useState<PendingQuiz[]>([])
  const visit = getStoredUser()?.role !== 'farmer'

  const loadMembers = async () => {
    setLoadError('')
    setLoading(true)
    try {
      const { household } = await call('householdById', { params: { id: householdId.current } })
      setMembers(household.members)
      if (household.members.length === 1) setMemberId(household.members[0].id)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorMessage(e))
    } finally {
      setLoading(false)
    }
  }

  useLoad((params: Partial<Record<string, string>>) => {
    householdId.current = params.householdId ?? ''
    setWaiting(pendingFor(householdId.current))
    void loadMembers()
  })

  /** One tap at a time: a second tap while a request is out does nothing. */
  const once = async (run: () => Promise<void>) => {
    if (busy.current) return
    busy.current = true
    setWorking(true)
    setError('')
    try {
      await run()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorMessage(e))
    } finally {
      busy.current = false
      setWorking(false)
    }
  }

  const start = () => once(async () => {
    if (!memberId) return
    const answer = await call('startQuiz', { params: { householdId: householdId.current }, body: { clientKey: startKey.current, memberId } })
    // the next start is a new quiz; a retry of this one (lost answer) sent the same key
    startKey.current = makeClientKey()
    const stored = pendingFor(householdId.current)
    const kept = stored.find((p) => p.quizId === answer.quiz.id)?.answers ?? []
    setWaiting(stored.filter((p) => p.quizId !== answer.quiz.id))
    setPending(kept)
    setQuiz(answer.quiz)
    setIndex(firstOpen(answer.quiz, kept))
    setChoice(null)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  })

  /** Sends the kept answers of a quiz with `more`; on a visit without network keeps `more` too and goes on. */
  const send = async (to: Quiz | PendingQuiz, kept: PendingAnswer[], more: PendingAnswer[] = []) => {
    const quizId = 'quizId' in to ? to.quizId : to.id
    try {
      const answer = await call('answerQuiz', { params: { id: quizId }, body: { answers: [...kept, ...more] } })
      forgetAnswers(quizId)
      setPending([])
      setWaiting((w) => w.filter((p) => p.quizId !== quizId))
      setQuiz(answer.quiz)
      return answer.quiz
    } catch (e) {
      // refused (e.g. answered otherwise meanwhile): the kept answers can never go in, so they are let go
      if (kept.length && e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401) {
        forgetAnswers(quizId)
        setPending([])
        setWaiting((w) => w.filter((p) => p.quizId !== quizId))
      }
      if (!(visit && more.length && e instanceof ApiError && e.code === 'NETWORK')) throw e
      for (const a of more) setPending(keepAnswer({ quizId, householdId: householdId.current, memberName: to.memberName }, a))
      return null
    }
  }

  const submit = () => once(async () => {
    if (!quiz || choice === null) return
    await send(quiz, pending, [{ questionId: quiz.questions[index].id, choice }])
  })

  /** The kept answers of this quiz (done screen) or of an earlier one (banner), in one request. */
  const upload = (to: Quiz | PendingQuiz, kept: PendingAnswer[]) => once(async () => {
    const done = await send(to, kept)
    if (done) setIndex(done.questions.length)
  })

  const next = () => {
    setIndex(index + 1)
    setChoice(null)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  const again = () => {
    setPending([])
    setQuiz(undefined)
    setChoice(null)
    void start()
  }

  const chooseOther = () => {
    setWaiting(pendingFor(householdId.current))
    setPending([])
    setQuiz(undefined)
    setChoice(null)
    setMemberId('')
  }

  const results = new Map<string, AnswerResult>((quiz?.answered ?? []).map((a) => [a.questionId, a]))
  const kept = new Map(pending.map((a) => [a.questionId, a.choice]))
  const question = quiz && index < quiz.questions.length ? quiz.questions[index] : undefined
  const result = question ? results.get(question.id) : undefined
  const keptChoice = question ? kept.get(question.id) : undefined
  const answered = !!result || keptChoice !== undefined

  return (
    <View className='page quiz'>
      <LoadState loading={loading} error={loadError} onRetry={() => void loadMembers()} />

      {!quiz && waiting.map((w) => (
        <View key={w.quizId} className='card quiz__waiting' id={`quiz-waiting-${w.quizId}`}>
          <View>{w.memberName ? `${w.memberName}的` : ''}答题有 {w.answers.length} 道题的答案还存在手机上，没有上传。</View>
          <Button className='btn btn-primary' disabled={working || undefined} onClick={() => void upload(w, w.answers)}>
            {working ? '正在上传…' : '现在上传，看对错'}
          </Button>
        </View>
      ))}

      {members && !quiz && (
        <View id='quiz-choose'>
          <View className='quiz__lead'>
            {visit ? '请户里的一位成员作答。题目从这一户的政策明白纸里出，答完马上知道对错。' : '请选一选是谁在答题。题目都在政策明白纸里，答完马上告诉您对错。'}
          </View>
          <View className='section-title'>谁来答题</View>
          {members.map((m) => (
            <View
              key={m.id}
              id={`quiz-member-${m.id}`}
              className={`card quiz__member${m.id === memberId ? ' quiz__member--on' : ''}`}
              onClick={() => setMemberId(m.id)}
            >
              <Text className='quiz__mark'>{m.id === memberId ? '✓' : ''}</Text>
              <Text className='quiz__member-name'>{m.name}</Text>
              <Text className='quiz__member-meta'>{RELATION_LABELS[m.relation]} · {m.age}岁</Text>
            </View>
          ))}
          {error && <View className='error-box' id='quiz-error'>{error}</View>}
          <Button className='btn btn-primary btn-huge' id='quiz-start' disabled={!memberId || working || undefined} onClick={() => void start()}>
            {working ? '正在出题…' : '开始答题'}
          </Button>
          {!memberId && <View className='quiz__hint'>先点一下上面答题人的名字</View>}
        </View>
      )}

      {quiz && question && (
        <View id='quiz-question' data-question-id={question.id}>
          <View className='quiz__progress'>
            <Text id='quiz-progress'>第 {index + 1} 题 / 共 {quiz.questions.length} 题</Text>
            <Text className='quiz__who'>{quiz.memberName} 作答</Text>
          </View>
          <View className='card quiz__card'>
            <View className='quiz__kind'>{question.kind === 'single' ? '单选题' : '判断题（对还是错？）'}</View>
            <View className='quiz__stem' id='quiz-stem'>{question.stem}</View>
            <View className='quiz__source'>出自《{question.explainerTitle}》</View>
          </View>
          <View className={question.kind === 'true_false' ? 'quiz__options quiz__options--tf' : 'quiz__options'}>
            {question.options.map((_option, i) => {
              const state = !result ? ((keptChoice ?? choice) === i ? ' quiz__option--chosen' : '')
                : i === result.answer ? ' quiz__option--right'
                  : i === result.choice ? ' quiz__option--wrong' : ' quiz__option--done'
              return (
                <View
                  key={i}
                  id={`quiz-option-${i}`}
                  className={`quiz__option${state}`}
                  onClick={() => { if (!answered) setChoice(i) }}
                >
                  {result && i === result.answer ? '✓ ' : result && i === result.choice ? '✗ ' : ''}{optionLabel(question, i)}
                </View>
              )
            })}
          </View>
          {error && <View className='error-box' id='quiz-error'>{error}</View>}
          {!answered && (
            <Button className='btn btn-primary btn-huge' id='quiz-submit' disabled={choice === null || working || undefined} onClick={() => void submit()}>
              {working ? '正在核对…' : '确定'}
            </Button>
          )}
          {!answered && choice === null && <View className='quiz__hint'>点一个答案，再点「确定」</View>}
          {result && (
            <View className={`card quiz__feedback quiz__feedback--${result.correct ? 'right' : 'wrong'}`} id='quiz-feedback' data-correct={result.correct ? 'yes' : 'no'}>
              <View className='quiz__verdict'>{result.correct ? '✓ 答对了！' : '✗ 答错了'}</View>
              {!result.correct && <View className='quiz__right'>正确答案：{optionLabel(question, result.answer)}</View>}
              <View className='quiz__why-title'>为什么</View>
              <View className='quiz__why' id='quiz-explanation'>{result.explanation}</View>
            </View>
          )}
          {!result && keptChoice !== undefined && (
            <View className='card quiz__feedback quiz__feedback--kept' id='quiz-kept'>
              <View className='quiz__why'>现在没有网络：这道题的答案已记在手机上，接着答下一题。联网后上传，再看对错和解析。</View>
            </View>
          )}
          {answered && (
            <Button className='btn btn-primary btn-huge' id='quiz-next' onClick={next}>
              {index + 1 < quiz.questions.length ? '下一题' : '看成绩'}
            </Button>
          )}
        </View>
      )}

      {quiz && !question && (
        <View id='quiz-done'>
          <View className={`card quiz__score${quiz.knowsDeclaration ? ' quiz__score--good' : ''}`}>
            <View className='quiz__score-who'>{quiz.memberName}</View>
            <View className='quiz__score-line' id='quiz-score'>
              {quiz.score ? `答对 ${quiz.score.correct} 题，共 ${quiz.score.total} 题` : `已答 ${quiz.answered.length + pending.length} 题，共 ${quiz.questions.length} 题`}
            </View>
            <View className='quiz__score-text' id='quiz-knows'>
              {!quiz.score ? '答案上传后，就能看到答对了几题。' : quiz.knowsDeclaration
                ? '怎样申报的题都答对了，遇到困难记得及时申报。'
                : '怎样申报的题还有没答对的，请再看看《怎样申报》明白纸，也可以问网格员。'}
            </View>
          </View>
          <View className='section-title'>每道题的答案</View>
          {quiz.questions.map((q, i) => {
            const r = results.get(q.id)
            return (
              <View key={q.id} className={`card quiz__review quiz__review--${!r ? 'kept' : r.correct ? 'right' : 'wrong'}`} id={`quiz-review-${i}`}>
                <View className='quiz__review-stem'>{i + 1}. {q.stem}</View>
                {!r && kept.has(q.id) && <View className='quiz__review-verdict'>答案已记在手机上，还没上传</View>}
                {r && (
                  <View>
                    <View className='quiz__review-verdict'>{r.correct ? '✓ 答对了' : `✗ 答错了，正确答案：${optionLabel(q, r.answer)}`}</View>
                    {!r.correct && <View className='quiz__why'>{r.explanation}</View>}
                  </View>
                )}
              </View>
            )
          })}
          {error && <View className='error-box' id='quiz-error'>{error}</View>}
          {pending.length > 0 && (
            <View className='card quiz__waiting' id='quiz-pending'>
              <View>还有 {pending.length} 道题的答案存在手机上。有网络时点下面的按钮上传，就能看到对错和解析。</View>
              <Button className='btn btn-primary' id='quiz-upload' disabled={working || undefined} onClick={() => void upload(quiz, pending)}>
                {working ? '正在上传…' : '上传答案'}
              </Button>
            </View>
          )}
          <Button className='btn btn-primary btn-huge' id='quiz-again' disabled={working || undefined} onClick={again}>再答一次</Button>
          {visit && <Button className='btn btn-secondary' id='quiz-other' onClick={chooseOther}>换一位成员答题</Button>}
          <Button className='btn btn-secondary' id='quiz-back' onClick={() => void Taro.navigateBack()}>返回</Button>
        </View>
      )}
    </View>
  )
}
