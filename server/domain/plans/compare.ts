/**
 * Plan comparison (方案对比), pure: what-if answers of several columns (now, the pipeline, saved plans)
 * laid side by side per area, with each column's difference from the first. The numbers are the
 * engine's own; nothing is computed here but subtraction.
 */
import type { AreaLevel } from '../vocabulary/index.ts'

export interface ColumnAreas {
  areas: readonly { id: string; level: AreaLevel; name: string; parentId: string | null; residents: number; covered: Record<string, { residents: number }> }[]
}

export interface CompareRowOut {
  id: string
  level: AreaLevel
  name: string
  parentId: string | null
  residents: number
  covered: Record<string, number>[]
  diff: Record<string, number>[]
}

const LEVEL_ORDER: Partial<Record<AreaLevel, number>> = { district: 0, street: 1, community: 2 }

/** Rows for the district, its streets and its communities (in that order, then by id). */
export function compareRows(columns: readonly ColumnAreas[], minutes: readonly number[]): CompareRowOut[] {
  if (columns.length === 0) return []
  const byColumn = columns.map((c) => new Map(c.areas.map((a) => [a.id, a])))
  const keys = minutes.map(String)
  return columns[0]!.areas
    .filter((a) => a.level in LEVEL_ORDER)
    .sort((a, b) => LEVEL_ORDER[a.level]! - LEVEL_ORDER[b.level]! || a.id.localeCompare(b.id))
    .map((a) => {
      const covered = byColumn.map((m) => {
        const area = m.get(a.id)
        return Object.fromEntries(keys.map((k) => [k, area?.covered[k]?.residents ?? 0]))
      })
      const diff = covered.map((c) => Object.fromEntries(keys.map((k) => [k, c[k]! - covered[0]![k]!])))
      return { id: a.id, level: a.level, name: a.name, parentId: a.parentId, residents: a.residents, covered, diff }
    })
}

export type ColumnSpec = { key: 'now' } | { key: 'pipeline' } | { key: 'plan'; id: number }

/** "now,pipeline,12,13" → its columns; a message when it is not 2 to 4 distinct known columns. */
export function parseColumns(text: string): ColumnSpec[] | string {
  const parts = text.split(',').map((s) => s.trim())
  if (parts.length < 2 || parts.length > 4) return `plans takes 2 to 4 columns, got ${parts.length}`
  if (new Set(parts).size !== parts.length) return 'plans names a column twice'
  const out: ColumnSpec[] = []
  for (const p of parts) {
    if (p === 'now' || p === 'pipeline') out.push({ key: p })
    else if (/^[1-9]\d{0,15}$/.test(p)) out.push({ key: 'plan', id: Number(p) })
    else return `plans: "${p}" is neither now, pipeline nor a plan id`
  }
  return out
}
