/**
 * 方案对比, the table and the map's numbers (pure): rows of one level, each column's covered residents
 * and its difference from the first column, and the difference between any two chosen columns per area.
 */
import type { PlanComparison, PlanComparisonRow } from '../api/plans.ts'
import type { RGBA } from '../layers/palette.ts'

export type DiffTone = 'up' | 'down' | 'same'

export function diffTone(value: number): DiffTone {
  return value > 0 ? 'up' : value < 0 ? 'down' : 'same'
}

/** "+1,234" / "−56" / "0", the way a difference reads in the table. */
export function formatDiff(value: number): string {
  const n = Math.abs(value).toLocaleString('zh-CN')
  return value > 0 ? `+${n}` : value < 0 ? `−${n}` : '0'
}

export interface CompareCell {
  covered: number
  share: number
  /** Against the first column; null in the first column itself. */
  diff: number | null
  tone: DiffTone
}

export interface CompareTableRow {
  id: string
  name: string
  level: string
  parentId: string | null
  residents: number
  cells: CompareCell[]
}

/** The rows of one level (the district always first when asked for), for one minute value. */
export function compareTable(cmp: PlanComparison, minutes: number, levels: readonly string[]): CompareTableRow[] {
  const key = String(minutes)
  return cmp.rows
    .filter((r) => levels.includes(r.level))
    .map((r) => ({
      id: r.id,
      name: r.name,
      level: r.level,
      parentId: r.parentId,
      residents: r.residents,
      cells: r.covered.map((c, i) => {
        const diff = i === 0 ? null : r.diff[i]![key]!
        return { covered: c[key]!, share: r.residents > 0 ? c[key]! / r.residents : 0, diff, tone: diff === null ? 'same' : diffTone(diff) }
      }),
    }))
}

/** Covered residents of column `to` minus column `from`, per area id. */
export function columnDifference(rows: readonly PlanComparisonRow[], minutes: number, from: number, to: number): Map<string, number> {
  const key = String(minutes)
  return new Map(rows.map((r) => [r.id, (r.covered[to]?.[key] ?? 0) - (r.covered[from]?.[key] ?? 0)]))
}

const GAIN: RGBA = [60, 207, 142, 0]
const LOSS: RGBA = [240, 80, 80, 0]

/** Green for more residents covered, red for fewer, stronger with the size against the largest; clear for none. */
export function diffColor(value: number, maxAbs: number): RGBA {
  if (value === 0 || maxAbs <= 0) return [0, 0, 0, 0]
  const base = value > 0 ? GAIN : LOSS
  const t = Math.min(1, Math.abs(value) / maxAbs)
  return [base[0], base[1], base[2], Math.round(60 + 160 * Math.sqrt(t))]
}
