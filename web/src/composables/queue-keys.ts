/**
 * The workbench's keys, as a pure function from a key press to what it means, so the rules are tested
 * without a DOM: j/k or ↓/↑ move the selection, Enter opens it, / goes to the search box, 1–6 switch
 * tabs, PageDown/PageUp turn pages. Typing in a field is never taken over (only Escape leaves it).
 */
import { QUEUE_TABS, type QueueTab } from './workbench-query.ts'

export interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  altKey?: boolean
  /** Where the key was pressed: typing in these is left alone. */
  targetTag?: string
  /** True for contenteditable targets. */
  targetEditable?: boolean
}

export type QueueKeyAction =
  | { type: 'select'; index: number }
  | { type: 'open'; index: number }
  | { type: 'search' }
  | { type: 'blur' }
  | { type: 'tab'; tab: QueueTab }
  | { type: 'page'; delta: 1 | -1 }

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT'])

/**
 * What a key means given the selected row (null: none) and how many rows the page has; null when the
 * key is not the workbench's (the browser keeps it).
 */
export function queueKeyAction(e: KeyLike, selected: number | null, rows: number): QueueKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  const typing = e.targetEditable || (e.targetTag ? TYPING.has(e.targetTag.toUpperCase()) : false)
  if (typing) return e.key === 'Escape' ? { type: 'blur' } : null
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      if (!rows) return null
      return { type: 'select', index: selected === null ? 0 : Math.min(rows - 1, selected + 1) }
    case 'k':
    case 'ArrowUp':
      if (!rows) return null
      return { type: 'select', index: selected === null ? 0 : Math.max(0, selected - 1) }
    case 'Enter':
      return selected !== null && selected < rows ? { type: 'open', index: selected } : null
    case '/':
      return { type: 'search' }
    case 'PageDown':
      return { type: 'page', delta: 1 }
    case 'PageUp':
      return { type: 'page', delta: -1 }
    default: {
      const n = /^[1-9]$/.test(e.key) ? Number(e.key) : 0
      const tab = n ? QUEUE_TABS[n - 1] : undefined
      return tab ? { type: 'tab', tab } : null
    }
  }
}

/** After the page reloads, keep the selection on the same case if it is still listed, else at the same place. */
export function keepSelection(prevId: number | null, prevIndex: number | null, ids: readonly number[]): number | null {
  if (!ids.length) return null
  if (prevId !== null) {
    const i = ids.indexOf(prevId)
    if (i >= 0) return i
  }
  if (prevIndex === null) return null
  return Math.min(prevIndex, ids.length - 1)
}
