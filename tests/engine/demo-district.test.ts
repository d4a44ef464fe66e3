/** The engine on the generated demo district (the data the product ships with). */
import { describe, expect, it } from 'vitest'
import { booleanValid } from '@turf/boolean-valid'
import { generateDistrict } from '../../geodata/generate/index.ts'
import {
  computeCoverage, createCoverageBaseline, createCoverageModel, isochrones, stationsForScenario, whatIf,
} from '../../server/engine/index.ts'
import { polygonProblems } from './helpers/polygon-validity.ts'

describe('demo district (seed 20240701, scale 1)', () => {
  const ds = generateDistrict({ seed: 20240701, scale: 1 })
  const model = createCoverageModel({ network: { nodes: ds.walkNodes, edges: ds.walkEdges }, buildings: ds.buildings, areas: ds.areas })

  it('attaches every residential building at its entrance node, inside its compound when walled', () => {
    expect(model.unattached).toEqual([])
    expect(Math.max(...model.buildings.snapM)).toBeLessThan(0.01)
    const walled = new Set(ds.compounds.filter((c) => c.walled).map((c) => c.id))
    const g = model.graph
    const byId = new Map(ds.buildings.map((b) => [b.id, b]))
    let inWalled = 0
    for (let b = 0; b < model.buildings.count; b++) {
      const c = byId.get(model.buildings.ids[b])!.compoundId
      const v = model.buildings.node[b]
      const groups = new Set<number>()
      for (let a = g.offsets[v]; a < g.offsets[v + 1]; a++) groups.add(g.baseEdgeGroup[g.edgeBase[g.arcEdge[a]]])
      if (c && walled.has(c) && g.groups.has(c)) {
        expect(groups).toEqual(new Set([g.groups.get(c)]))
        inWalled++
      }
    }
    expect(inWalled).toBeGreaterThan(100)
  })

  it('covers more residents within 15 than within 5 minutes, and more as the pipeline completes', () => {
    const share = (scenario: 'current' | 'planned', m: string) =>
      computeCoverage(model, ds.stations, { scenario }).areas.find((a) => a.level === 'district')!.covered[m].share
    expect(share('current', '15')).toBeGreaterThan(share('current', '5'))
    expect(share('planned', '5')).toBeGreaterThanOrEqual(share('current', '5'))
    expect(share('planned', '15')).toBeLessThanOrEqual(1)
  })

  it('draws valid isochrones for stations of every kind', () => {
    const seen = new Set<string>()
    for (const s of ds.stations) {
      if (seen.has(s.kind)) continue
      seen.add(s.kind)
      for (const bands of [true, false]) {
        for (const f of isochrones(model.graph, [s], { minutes: [5, 15], bands }).features) {
          expect(polygonProblems(f.geometry)).toEqual([])
          if (f.geometry.coordinates.length) expect(booleanValid(f as never)).toBe(true)
        }
      }
    }
    expect(seen.size).toBeGreaterThan(3)
  })

  it('what-if on real data equals a full recompute', () => {
    const base = createCoverageBaseline(model, ds.stations, { scenario: 'current' })
    const s = base.stations[5]
    const lngLat: [number, number] = [s.lngLat[0] + 0.002, s.lngLat[1] - 0.001]
    const answer = whatIf(base, { move: [{ id: s.id, lngLat }], remove: [base.stations[9].id] })
    const after = stationsForScenario(ds.stations, 'current')
      .filter((x) => x.id !== base.stations[9].id)
      .map((x) => (x.id === s.id ? { ...x, lngLat, compoundId: null } : x))
    const fresh = createCoverageBaseline(model, after, { scenario: 'current' })
    expect(answer.areas.map((a) => a.covered)).toEqual(fresh.areas.map((a) => a.covered))
  })
})
