import type { Candidate, DiscMeasure } from './detect.ts'
import { metres } from './geo.ts'

export interface BaselinePoint {
  category: string
  lng: number
  lat: number
}

export interface ResidentPoint {
  lng: number
  lat: number
  residents: number
}

/**
 * The measures of each candidate's disc from points in memory: the same counts the database computes
 * (server/plugins/hotspots/queries.ts), for synthetic tests and the benchmark.
 */
export function measureDiscs(
  candidates: readonly Candidate[],
  baseline: readonly BaselinePoint[],
  population: readonly ResidentPoint[],
  districtAreaM2: number,
): DiscMeasure[] {
  if (!(districtAreaM2 > 0)) throw new Error(`measureDiscs: districtAreaM2 must be positive (got ${districtAreaM2})`)
  const residentsTotal = population.reduce((s, b) => s + b.residents, 0)
  const byCategory = new Map<string, BaselinePoint[]>()
  for (const b of baseline) {
    const list = byCategory.get(b.category) ?? []
    list.push(b)
    byCategory.set(b.category, list)
  }
  return candidates.map((c) => {
    const own = byCategory.get(c.category) ?? []
    let baselineIn = 0
    for (const b of own) if (metres(c.centre, [b.lng, b.lat]) <= c.discM) baselineIn++
    let residentsIn = 0
    for (const b of population) if (metres(c.centre, [b.lng, b.lat]) <= c.discM) residentsIn += b.residents
    return {
      baselineIn,
      baselineTotal: own.length,
      residentsIn,
      residentsTotal,
      areaShare: Math.min(1, (Math.PI * c.discM * c.discM) / districtAreaM2),
    }
  })
}
