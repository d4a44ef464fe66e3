/**
 * Figures the planner derives from a coverage answer (the scenario's or a what-if's): shares per area
 * for the choropleth, the worst grids, the headline. Pure functions, memoised per answer object.
 */
import type { AreaCoverage, AreaLevel, CoverageResponse } from '../api/types.ts'
import type { AreaShare } from '../model/coverage.ts'

export interface WorstGrid {
  id: string
  name: string
  uncovered: number
  share: number
  /** Newly covered residents under a what-if; null for the scenario as it is. */
  delta: number | null
}

const shareCache = new WeakMap<CoverageResponse, Map<string, Map<string, AreaShare>>>()

/** Coverage share and residents left outside, per area of one level, for one minute value. */
export function areaShares(coverage: CoverageResponse | null, level: AreaLevel, minutes: number): ReadonlyMap<string, AreaShare> {
  if (!coverage) return new Map()
  let perKey = shareCache.get(coverage)
  if (!perKey) shareCache.set(coverage, (perKey = new Map()))
  const key = `${level}|${minutes}`
  let out = perKey.get(key)
  if (!out) {
    out = new Map()
    for (const a of coverage.areas) {
      if (a.level !== level) continue
      const c = a.covered[String(minutes)]
      if (c) out.set(a.id, { share: a.residents > 0 ? c.share : 1, uncovered: a.residents - c.residents })
    }
    perKey.set(key, out)
  }
  return out
}

/** Grids with the most residents outside the circle, most first; fully covered grids are left out. */
export function worstGrids(coverage: CoverageResponse | null, minutes: number, limit = 12): WorstGrid[] {
  if (!coverage) return []
  const m = String(minutes)
  return coverage.areas
    .filter((a) => a.level === 'grid' && a.covered[m] && a.residents - a.covered[m]!.residents > 0)
    .map((a) => ({
      id: a.id,
      name: a.name,
      uncovered: a.residents - a.covered[m]!.residents,
      share: a.covered[m]!.share,
      delta: a.delta?.[m]?.residents ?? null,
    }))
    .sort((x, y) => y.uncovered - x.uncovered || x.share - y.share)
    .slice(0, limit)
}

export function districtOf(coverage: CoverageResponse | null): AreaCoverage | null {
  return coverage?.areas.find((a) => a.level === 'district') ?? null
}

export function countGrids(coverage: CoverageResponse | null): number {
  return coverage?.areas.filter((a) => a.level === 'grid').length ?? 0
}

/** The headline tiles: residents covered within each minute value, with the what-if change when there is one. */
export function headlineRows(
  district: AreaCoverage | null,
  delta: Record<string, { residents: number }> | null,
  minutes: readonly number[],
): { minutes: number; covered: number; share: number; delta: number | null }[] {
  return minutes.map((m) => {
    const c = district?.covered[String(m)]
    return { minutes: m, covered: c?.residents ?? 0, share: c?.share ?? 0, delta: delta ? (delta[String(m)]?.residents ?? null) : null }
  })
}

/** Residential buildings outside the circle of `minutes` in the district. */
export function gapBuildings(district: AreaCoverage | null, minutes: number): number | null {
  const c = district?.covered[String(minutes)]
  return district && c ? district.buildings - c.buildings : null
}
