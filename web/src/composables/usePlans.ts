/**
 * 方案: the planner's saved plans — save the plan in hand under a name, list mine, open one (replacing
 * the changes in hand, after asking when those are not saved), rename and delete. The plan in hand is
 * the what-if's changes and the scenario, in the shape the what-if route takes.
 */
import { computed, shallowRef, type Ref } from 'vue'
import { plansApi, type PlanChanges, type PlanSummary } from '../api/plans.ts'
import { toApiError, type ApiError } from '../api/request.ts'
import type { Scenario } from '../api/types.ts'
import type { UseWhatIfReturn } from './useWhatIf.ts'

export interface UsePlansOptions {
  scenario: Ref<Scenario>
  whatIf: Pick<UseWhatIfReturn, 'added' | 'moved' | 'removed' | 'load'>
  /** Asked before unsaved changes are replaced. @default window.confirm */
  confirm?: (message: string) => boolean
  fetcher?: typeof plansApi
}

/** The changes in hand as a saved plan holds them. */
export function changesOf(whatIf: UsePlansOptions['whatIf']): PlanChanges {
  return {
    add: whatIf.added.value.map((h) => ({ id: h.key, lng: h.lngLat[0], lat: h.lngLat[1], ...(h.kind ? { kind: h.kind } : {}) })),
    move: [...whatIf.moved.value].map(([id, [lng, lat]]) => ({ id, lng, lat })),
    remove: [...whatIf.removed.value],
  }
}

/** What decides whether two plans are the same: the scenario and the stations, not the keys of added ones. */
function fingerprint(scenario: Scenario, c: PlanChanges): string {
  const add = (c.add ?? []).map((a) => [a.lng, a.lat, a.kind ?? ''])
  const move = [...(c.move ?? [])].sort((a, b) => a.id.localeCompare(b.id)).map((m) => [m.id, m.lng, m.lat])
  return JSON.stringify([scenario, add, move, [...(c.remove ?? [])].sort()])
}

export function usePlans(options: UsePlansOptions) {
  const fetcher = options.fetcher ?? plansApi
  const confirm = options.confirm ?? ((m: string) => window.confirm(m))
  const items = shallowRef<readonly PlanSummary[]>([])
  const busy = shallowRef(false)
  const error = shallowRef<ApiError | null>(null)
  /** The plan last saved or opened, and what it held then. */
  const current = shallowRef<{ id: number; name: string } | null>(null)
  const savedPrint = shallowRef(fingerprint('current', {}))

  const print = computed(() => fingerprint(options.scenario.value, changesOf(options.whatIf)))
  const empty = computed(() => options.whatIf.added.value.length + options.whatIf.moved.value.size + options.whatIf.removed.value.size === 0)
  /** Changes in hand that no saved plan holds (an empty plan is never unsaved). */
  const unsaved = computed(() => !empty.value && print.value !== savedPrint.value)

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    busy.value = true
    error.value = null
    try {
      return await work()
    } catch (err) {
      error.value = toApiError(err)
      return null
    } finally {
      busy.value = false
    }
  }

  const refresh = () => run(async () => {
    items.value = (await fetcher.list()).items
  })

  async function save(name: string) {
    const plan = await run(() => fetcher.create({ name, scenario: options.scenario.value, changes: changesOf(options.whatIf) }))
    if (!plan) return null
    current.value = { id: plan.id, name: plan.name }
    savedPrint.value = fingerprint(plan.scenario, plan.changes)
    await refresh()
    return plan
  }

  /** Overwrite a saved plan with the changes in hand. */
  async function overwrite(id: number) {
    const plan = await run(() => fetcher.update(id, { scenario: options.scenario.value, changes: changesOf(options.whatIf) }))
    if (!plan) return null
    current.value = { id: plan.id, name: plan.name }
    savedPrint.value = fingerprint(plan.scenario, plan.changes)
    await refresh()
    return plan
  }

  /** Open a plan into the planner; false when the planner kept its unsaved changes (or the plan failed to load). */
  async function open(id: number): Promise<boolean> {
    if (unsaved.value && !confirm('当前方案有未保存的修改，打开其他方案将替换这些修改。继续吗？')) return false
    const plan = await run(() => fetcher.get(id))
    if (!plan) return false
    // The scenario first: its watcher keeps only moves and removals of its own stations, which the plan's are.
    options.scenario.value = plan.scenario
    options.whatIf.load(plan.changes)
    current.value = { id: plan.id, name: plan.name }
    savedPrint.value = fingerprint(plan.scenario, plan.changes)
    return true
  }

  async function rename(id: number, name: string) {
    const plan = await run(() => fetcher.update(id, { name }))
    if (!plan) return null
    if (current.value?.id === id) current.value = { id, name: plan.name }
    await refresh()
    return plan
  }

  async function remove(id: number) {
    const ok = await run(() => fetcher.remove(id))
    if (ok === null && error.value) return false
    if (current.value?.id === id) current.value = null
    await refresh()
    return true
  }

  return { items, busy, error, current, unsaved, refresh, save, overwrite, open, rename, remove }
}

export type UsePlansReturn = ReturnType<typeof usePlans>
