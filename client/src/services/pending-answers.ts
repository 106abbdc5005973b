import Taro from '@tarojs/taro'
import { z } from 'zod'

/**
 * Quiz answers given on a visit while the phone had no network: kept in the phone's storage per quiz and sent later
 * in one answerQuiz (the server takes several answers at once, and an answer it already has again as a replay).
 */
const KEY = 'quiz-pending-answers'

const PendingQuizSchema = z.object({
  quizId: z.string(),
  householdId: z.string(),
  memberName: z.string(),
  answers: z.array(z.object({ questionId: z.string(), choice: z.number().int() })),
})
export type PendingQuiz = z.infer<typeof PendingQuizSchema>
export type PendingAnswer = PendingQuiz['answers'][number]

function readAll(): PendingQuiz[] {
  const parsed = z.array(PendingQuizSchema).safeParse(Taro.getStorageSync(KEY))
  return parsed.success ? parsed.data : []
}

/** The quizzes of this household with answers not yet sent. */
export function pendingFor(householdId: string): PendingQuiz[] {
  return readAll().filter((p) => p.householdId === householdId)
}

/** Keeps an answer of this quiz (a later answer to the same question replaces the earlier); returns the quiz's list. */
export function keepAnswer(quiz: Omit<PendingQuiz, 'answers'>, answer: PendingAnswer): PendingAnswer[] {
  const all = readAll()
  const earlier = all.find((p) => p.quizId === quiz.quizId)
  const answers = [...(earlier?.answers ?? []).filter((a) => a.questionId !== answer.questionId), answer]
  Taro.setStorageSync(KEY, [...all.filter((p) => p.quizId !== quiz.quizId), { ...quiz, answers }])
  return answers
}

/** Forgets a quiz's kept answers once the server has them. */
export function forgetAnswers(quizId: string): void {
  Taro.setStorageSync(KEY, readAll().filter((p) => p.quizId !== quizId))
}
