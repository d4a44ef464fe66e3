/**
 * One slot of an unattended wall showing several panels in turn: the index of the one shown now,
 * moving on every `everyMs`. Nobody touches a wall, so the turn is by time only.
 */
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export function useRotation<T>(items: readonly T[], everyMs: number): ShallowRef<T> {
  if (!items.length) throw new Error('useRotation needs at least one item')
  if (!(everyMs > 0)) throw new Error(`useRotation: everyMs must be positive (got ${everyMs})`)
  const current = shallowRef(items[0]!) as ShallowRef<T>
  let i = 0
  const timer = setInterval(() => {
    i = (i + 1) % items.length
    current.value = items[i]!
  }, everyMs)
  onScopeDispose(() => clearInterval(timer))
  return current
}
