import type { Place, RiskType } from '@shared/contracts/common'
import { RISK_TYPE_LABELS } from '@shared/contracts/common'

const pad = (n: number) => (n < 10 ? `0${n}` : String(n))

/** '2025-11-30' → '2025年11月30日' */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate)
  if (!match) return isoDate
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`
}

/** An ISO timestamp in the phone's local time: '2025年11月24日 10:30' */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日 ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** '剩余3天', '今天到期', '已超期2天' */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `剩余${daysLeft}天`
  if (daysLeft === 0) return '今天到期'
  return `已超期${-daysLeft}天`
}

/** Due soon (≤ 2 days) or overdue: shown in red. */
export function isUrgent(daysLeft: number): boolean {
  return daysLeft <= 2
}

export function riskText(types: RiskType[]): string {
  return types.map((type) => RISK_TYPE_LABELS[type]).join('、')
}

export function placeText(place: Place): string {
  return `${place.county}${place.township}${place.village}${place.group}`
}

/** Whole days from one date (YYYY-MM-DD) to another; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}
