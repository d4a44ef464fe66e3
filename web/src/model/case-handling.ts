/**
 * How a case was handled, in words for lists (drill-down, building card, the grid worker's phone): the
 * level it was settled at, the resident's rating, and whether it ran past its deadline.
 */
import type { CaseView } from '../api/case-types.ts'
import { CASE_STATUS_NAMES, RESOLVED_LEVEL_NAMES } from '../vocab.ts'

export { RESOLVED_LEVEL_NAMES }


/** One short line: "楼栋办结 · 满意 5 分", "处置中 · 超期", "已受理". */
export function handlingText(c: Pick<CaseView, 'status' | 'resolvedLevel' | 'satisfaction' | 'overdue'>): string {
  const parts: string[] = []
  if (c.resolvedLevel) parts.push(`${RESOLVED_LEVEL_NAMES[c.resolvedLevel] ?? c.resolvedLevel}办结`)
  else parts.push(CASE_STATUS_NAMES[c.status] ?? c.status)
  if (c.satisfaction !== null && c.satisfaction !== undefined) parts.push(`满意度 ${c.satisfaction} 分`)
  if (c.overdue) parts.push('超期')
  return parts.join(' · ')
}
