/**
 * The screen's local copy of recent cases: a compact record per case (enough for heat, hourly and
 * category counts) keyed by id, and the newest few in full for the ticker. Every write compares the
 * case's `version`, so a snapshot and the live stream can overlap in any order and nothing is counted
 * twice. Bounded: cases older than the cutoff are pruned, and past `maxCases` the oldest go first.
 */
import type { CaseView } from '../api/case-types.ts'

export interface CaseLite {
  id: number
  /** Epoch milliseconds. */
  createdAt: number
  lng: number
  lat: number
  category: string
  categoryName: string
  class721: string
  status: string
  overdue: boolean
  streetId: string | null
  communityId: string | null
  version: number
}

export interface RecentCasesOptions {
  /** Cases shown in full, newest first. @default 30 */
  tickerSize?: number
  /** Hard cap on cases kept, whatever their age. @default 20000 */
  maxCases?: number
}

export type UpsertResult = 'new' | 'updated' | 'stale' | 'too-old'

const newerFirst = (a: CaseView, b: CaseView) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id

export function toLite(v: CaseView): CaseLite {
  return {
    id: v.id,
    createdAt: Date.parse(v.createdAt),
    lng: v.location.lng,
    lat: v.location.lat,
    category: v.category,
    categoryName: v.categoryName,
    class721: v.class721,
    status: v.status,
    overdue: v.overdue,
    streetId: v.streetId,
    communityId: v.communityId,
    version: v.version,
  }
}

export class RecentCases {
  private readonly byId = new Map<number, CaseLite>()
  private tickerList: CaseView[] = []
  private readonly tickerSize: number
  private readonly maxCases: number
  /** Cases created before this (epoch ms) are not kept; raised by prune(). */
  private cutoff = -Infinity

  constructor(options: RecentCasesOptions = {}) {
    this.tickerSize = options.tickerSize ?? 30
    this.maxCases = options.maxCases ?? 20_000
  }

  get size(): number {
    return this.byId.size
  }

  has(id: number): boolean {
    return this.byId.has(id)
  }

  /** Newest first, at most `tickerSize`. */
  get ticker(): readonly CaseView[] {
    return this.tickerList
  }

  /** Take in a view of a case from a snapshot or an event; an older or equal version changes nothing. */
  upsert(view: CaseView): UpsertResult {
    const lite = toLite(view)
    const known = this.byId.get(view.id)
    if (known && known.version >= view.version) return 'stale'
    this.updateTicker(view)
    if (!known && lite.createdAt < this.cutoff) return 'too-old'
    this.byId.set(view.id, lite)
    // A tenth at a time, so that a stream at the cap does not sort everything on every case.
    if (!known && this.byId.size > this.maxCases) this.evictOldest(Math.max(this.byId.size - this.maxCases, Math.ceil(this.maxCases / 10)))
    return known ? 'updated' : 'new'
  }

  /** Drop cases created before `cutoff` (epoch ms); returns how many went. */
  prune(cutoff: number): number {
    this.cutoff = cutoff
    let n = 0
    for (const [id, c] of this.byId) {
      if (c.createdAt < cutoff) {
        this.byId.delete(id)
        n++
      }
    }
    return n
  }

  clear(): void {
    this.byId.clear()
    this.tickerList = []
    this.cutoff = -Infinity
  }

  /** A fresh array of every kept case (callers treat it as immutable). */
  list(): CaseLite[] {
    return Array.from(this.byId.values())
  }

  private updateTicker(view: CaseView) {
    const list = this.tickerList
    const at = list.findIndex((c) => c.id === view.id)
    if (at >= 0) {
      if (list[at]!.version >= view.version) return
      const next = list.slice()
      next[at] = view
      this.tickerList = next
      return
    }
    const last = list[list.length - 1]
    if (list.length >= this.tickerSize && last && newerFirst(view, last) >= 0) return
    const next = list.slice()
    let i = next.findIndex((c) => newerFirst(view, c) < 0)
    if (i < 0) i = next.length
    next.splice(i, 0, view)
    if (next.length > this.tickerSize) next.length = this.tickerSize
    this.tickerList = next
  }

  private evictOldest(count: number) {
    const oldest = this.list()
      .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
      .slice(0, count)
    for (const c of oldest) this.byId.delete(c.id)
  }
}
