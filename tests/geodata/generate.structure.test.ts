import { beforeAll, describe, expect, it } from 'vitest'
import { area } from '@turf/area'
import { booleanIntersects } from '@turf/boolean-intersects'
import { difference } from '@turf/difference'
import { featureCollection, lineString, multiPolygon, polygon } from '@turf/helpers'
import { length } from '@turf/length'
import { generateDistrict } from '../../geodata/generate/index.ts'
import type { AreaRecord, Dataset, LngLat, StationKind, StationStatus } from '../../geodata/dataset/index.ts'

let d: Dataset
const key = (p: LngLat) => `${p[0]},${p[1]}`
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0)
const mp = (a: AreaRecord) => multiPolygon(a.geom)
const level = (l: AreaRecord['level']) => d.areas.filter((a) => a.level === l)

beforeAll(() => {
  d = generateDistrict()
})

describe('default district (scale 1): counts like 大观区', () => {
  it('meets the size targets', () => {
    expect(level('district')).toHaveLength(1)
    expect(level('street').length).toBeGreaterThanOrEqual(6)
    expect(level('community').length).toBeGreaterThanOrEqual(40)
    expect(level('grid').length).toBeGreaterThanOrEqual(270)
    expect(d.buildings.length).toBeGreaterThanOrEqual(6000)
    const residents = sum(d.buildings.map((b) => b.residents))
    const households = sum(d.buildings.map((b) => b.households))
    expect(residents).toBeGreaterThan(225_000)
    expect(residents).toBeLessThan(275_000)
    expect(residents / households).toBeGreaterThan(2.5)
    expect(residents / households).toBeLessThan(2.9)
    const party = sum(d.buildings.map((b) => b.partyMemberHouseholds))
    expect(party / households).toBeGreaterThan(0.02)
    expect(party / households).toBeLessThan(0.08)
    expect(d.partyHouseholds.length).toBeGreaterThan(1300)
    expect(d.partyHouseholds.length).toBeLessThan(1900)
    expect(d.propertyCompanies.length).toBeGreaterThanOrEqual(20)
    expect(d.propertyCompanies.length).toBeLessThanOrEqual(30)
    expect(d.stations.length).toBeGreaterThanOrEqual(60)
    expect(d.meta).toMatchObject({ seed: 20240701, scale: 1, version: 1 })
  })

  it('has unique ids and codes, 12-digit codes, hierarchical ids and unique names per level', () => {
    for (const table of [d.areas, d.propertyCompanies, d.compounds, d.buildings, d.partyOrgs, d.partyHouseholds, d.workers, d.stations, d.walkNodes, d.walkEdges, d.landuse] as { id: unknown }[][]) {
      expect(new Set(table.map((r) => r.id)).size).toBe(table.length)
    }
    expect(new Set(d.areas.map((a) => a.code)).size).toBe(d.areas.length)
    for (const a of d.areas) expect(a.code).toMatch(/^\d{12}$/)
    for (const l of ['street', 'community', 'grid'] as const) {
      const as = level(l)
      expect(new Set(as.map((a) => a.name)).size).toBe(as.length)
    }
    expect(new Set(d.compounds.map((c) => c.name)).size).toBe(d.compounds.length)
    expect(new Set(d.propertyCompanies.map((c) => c.name)).size).toBe(d.propertyCompanies.length)
    for (const c of d.propertyCompanies) expect(c.name).toMatch(/物业服务有限公司$/)
  })

  it('links every parentId to an area of the level above', () => {
    const byId = new Map(d.areas.map((a) => [a.id, a]))
    const above = { district: null, street: 'district', community: 'street', grid: 'community' } as const
    for (const a of d.areas) {
      const want = above[a.level]
      if (want === null) {
        expect(a.parentId).toBeNull()
        continue
      }
      const p = byId.get(a.parentId!)
      expect(p?.level, a.id).toBe(want)
      expect(a.id.startsWith(p!.id)).toBe(true)
    }
  })

  it('tiles: grids lie within their community, children areas sum to their parent', () => {
    const byId = new Map(d.areas.map((a) => [a.id, a]))
    for (const g of level('grid')) {
      const diff = difference(featureCollection([mp(g), mp(byId.get(g.parentId!)!)]))
      expect(diff ? area(diff) : 0, g.id).toBeLessThan(1)
    }
    for (const parent of d.areas.filter((a) => a.level !== 'grid')) {
      const kids = d.areas.filter((a) => a.parentId === parent.id)
      const kidsArea = sum(kids.map((k) => area(mp(k))))
      expect(Math.abs(kidsArea - area(mp(parent))) / area(mp(parent)), parent.id).toBeLessThan(0.005)
    }
  })

  it('puts every building entrance, gate and station exactly on the walk network', () => {
    const nodes = new Set(d.walkNodes.map((n) => key(n.lngLat)))
    for (const b of d.buildings) expect(nodes.has(key(b.entrance)), b.id).toBe(true)
    for (const c of d.compounds) for (const g of c.gates) expect(nodes.has(key(g.lngLat)), g.id).toBe(true)
    for (const s of d.stations) expect(nodes.has(key(s.lngLat)), s.id).toBe(true)
  })

  it('has consistent edges: existing endpoints, coords ending at them, lengthM within 1 cm', () => {
    // Problems are collected and compared once: 24k edges × six expect() calls cost seconds.
    const byId = new Map(d.walkNodes.map((n) => [n.id, n]))
    const problems: string[] = []
    for (const e of d.walkEdges) {
      const s = byId.get(e.source)
      const t = byId.get(e.target)
      if (!s || !t) {
        problems.push(`edge ${e.id}: endpoint missing`)
        continue
      }
      if (key(e.coords[0]) !== key(s.lngLat)) problems.push(`edge ${e.id}: does not start at its source`)
      if (key(e.coords[e.coords.length - 1]) !== key(t.lngLat)) problems.push(`edge ${e.id}: does not end at its target`)
      const metres = length(lineString(e.coords), { units: 'kilometers' }) * 1000
      if (!(Math.abs(metres - e.lengthM) <= 0.01)) problems.push(`edge ${e.id}: lengthM ${e.lengthM} vs ${metres}`)
      if (!(e.lengthM > 0)) problems.push(`edge ${e.id}: zero length`)
      if (['arterial', 'local', 'alley', 'bridge'].includes(e.kind) && !e.name) problems.push(`edge ${e.id} (${e.kind}): no name`)
      if (['gate', 'compound_path', 'park_path'].includes(e.kind) && e.name !== null) problems.push(`edge ${e.id} (${e.kind}): named`)
    }
    expect(problems).toEqual([])
  })

  it('makes every area one polygon without holes (contiguous streets, communities and grids)', () => {
    for (const a of d.areas) {
      expect(a.geom.length, a.id).toBe(1)
      expect(a.geom[0].length, a.id).toBe(1)
    }
  })

  it('has T-junctions and dead-end local streets, and arterials that stop at the river', () => {
    const deg = new Map<number, string[]>()
    for (const e of d.walkEdges)
      for (const n of [e.source, e.target]) deg.set(n, [...(deg.get(n) ?? []), e.kind])
    const street = new Set(['arterial', 'local', 'bridge'])
    const deadEnds = [...deg.values()].filter((ks) => ks.length === 1 && ks[0] === 'local').length
    const tees = [...deg.values()].filter((ks) => ks.length === 3 && ks.every((k) => street.has(k))).length
    expect(deadEnds).toBeGreaterThan(10)
    expect(tees).toBeGreaterThan(100)
  })

  it('makes walking distance longer than the straight line, as in a real city', () => {
    const n = d.walkNodes.length + 1
    const adj: [number, number][][] = Array.from({ length: n }, () => [])
    for (const e of d.walkEdges) {
      adj[e.source].push([e.target, e.lengthM])
      adj[e.target].push([e.source, e.lengthM])
    }
    const nodeId = new Map(d.walkNodes.map((x) => [key(x.lngLat), x.id]))
    const metres = (a: LngLat, b: LngLat) => length(lineString([a, b]), { units: 'kilometers' }) * 1000
    const homes = d.buildings.filter((b) => b.households > 0)
    const ratios: number[] = []
    for (let i = 0; i < 12; i++) {
      const a = homes[(i * 7919) % homes.length]
      const dist = new Float64Array(n).fill(Infinity)
      const src = nodeId.get(key(a.entrance))!
      dist[src] = 0
      const heap: [number, number][] = [[0, src]]
      while (heap.length) {
        // small binary heap keyed on distance
        const top = heap[0]
        const last = heap.pop()!
        if (heap.length) {
          heap[0] = last
          for (let j = 0; ; ) {
            const l = 2 * j + 1
            const r = l + 1
            let m = j
            if (l < heap.length && heap[l][0] < heap[m][0]) m = l
            if (r < heap.length && heap[r][0] < heap[m][0]) m = r
            if (m === j) break
            ;[heap[m], heap[j]] = [heap[j], heap[m]]
            j = m
          }
        }
        const [du, u] = top
        if (du > dist[u]) continue
        for (const [v, w] of adj[u])
          if (du + w < dist[v]) {
            dist[v] = du + w
            heap.push([dist[v], v])
            for (let j = heap.length - 1; j > 0; ) {
              const p = (j - 1) >> 1
              if (heap[p][0] <= heap[j][0]) break
              ;[heap[p], heap[j]] = [heap[j], heap[p]]
              j = p
            }
          }
      }
      for (let j = 0; j < homes.length; j += 37) {
        const b = homes[j]
        const straight = metres(a.entrance, b.entrance)
        if (straight < 500 || straight > 2000) continue
        const walk = dist[nodeId.get(key(b.entrance))!]
        expect(walk).toBeGreaterThanOrEqual(straight - 0.01)
        ratios.push(walk / straight)
      }
    }
    ratios.sort((x, y) => x - y)
    const median = ratios[ratios.length >> 1]
    // Street grids give ~1.2–1.3; superblocks, gated compounds and a river with few bridges add more.
    expect(ratios.length).toBeGreaterThan(200)
    expect(median).toBeGreaterThan(1.15)
    expect(median).toBeLessThan(1.8)
  })

  it('is one connected walk network', () => {
    const parent = new Map<number, number>(d.walkNodes.map((n) => [n.id, n.id]))
    const find = (x: number): number => {
      while (parent.get(x) !== x) {
        parent.set(x, parent.get(parent.get(x)!)!)
        x = parent.get(x)!
      }
      return x
    }
    for (const e of d.walkEdges) parent.set(find(e.source), find(e.target))
    const sizes = new Map<number, number>()
    for (const n of d.walkNodes) sizes.set(find(n.id), (sizes.get(find(n.id)) ?? 0) + 1)
    const largest = Math.max(...sizes.values())
    expect(largest / d.walkNodes.length).toBeGreaterThanOrEqual(0.995)
    expect(sizes.size, `${sizes.size} components`).toBe(1)
  })

  it('enters walled compounds only through their gates', () => {
    const walled = new Set(d.compounds.filter((c) => c.walled).map((c) => c.id))
    // Without gate edges, every node touches edges of a single compound (or of none).
    const owner = new Map<number, string | null>()
    for (const e of d.walkEdges) {
      if (e.kind === 'gate') continue
      for (const n of [e.source, e.target]) {
        const prev = owner.get(n)
        if (prev !== undefined && prev !== e.compoundId && (walled.has(prev ?? '') || walled.has(e.compoundId ?? '')))
          throw new Error(`node ${n} joins ${prev} and ${e.compoundId} without a gate`)
        owner.set(n, e.compoundId)
      }
    }
    // Each gate edge joins the compound's inside to the outside.
    const gateEdges = d.walkEdges.filter((e) => e.kind === 'gate')
    expect(gateEdges.length).toBeGreaterThan(0)
    for (const e of gateEdges) {
      expect(walled.has(e.compoundId!)).toBe(true)
      const sides = [owner.get(e.source), owner.get(e.target)]
      expect(sides).toContain(e.compoundId)
      expect(sides.some((o) => o !== e.compoundId)).toBe(true)
    }
    // Buildings of a compound have their doors inside it; others outside any compound.
    const nodeId = new Map(d.walkNodes.map((n) => [key(n.lngLat), n.id]))
    for (const b of d.buildings) expect(owner.get(nodeId.get(key(b.entrance))!) ?? null, b.id).toBe(b.compoundId)
    for (const c of d.compounds) {
      expect(c.gates.length).toBeGreaterThanOrEqual(1)
      expect(c.gates.length).toBeLessThanOrEqual(3)
    }
  })

  it('crosses the river only on bridges', () => {
    const water = d.landuse.filter((l) => l.kind === 'water')
    expect(water.length).toBeGreaterThan(0)
    const wpoly = water.map((w) => polygon(w.geom))
    const [minX, minY, maxX, maxY] = [0, 1, 0, 1].map((axis, i) => {
      const vals = water.flatMap((w) => w.geom[0].map((p) => p[axis]))
      return i < 2 ? Math.min(...vals) : Math.max(...vals)
    })
    let bridges = 0
    const problems: string[] = []
    for (const e of d.walkEdges) {
      const xs = e.coords.map((p) => p[0])
      const ys = e.coords.map((p) => p[1])
      if (Math.max(...xs) < minX || Math.min(...xs) > maxX || Math.max(...ys) < minY || Math.min(...ys) > maxY) {
        if (e.kind === 'bridge') problems.push(`bridge ${e.id} is nowhere near the water`)
        continue
      }
      const crosses = wpoly.some((w) => booleanIntersects(lineString(e.coords), w))
      if (e.kind === 'bridge') {
        if (!crosses) problems.push(`bridge ${e.id} does not cross the water`)
        bridges++
      } else if (crosses) problems.push(`edge ${e.id} (${e.kind}) enters the water`)
    }
    expect(problems).toEqual([])
    expect(bridges).toBeGreaterThanOrEqual(2)
    expect(bridges).toBeLessThanOrEqual(3)
  })

  it('has every station kind and status, on existing areas', () => {
    const kinds: StationKind[] = ['district_center', 'street_center', 'community_center', 'compound_station', 'red_post', 'rider_station', 'deliberation_room']
    const statuses: StationStatus[] = ['in_service', 'renovating', 'under_construction', 'planned']
    for (const k of kinds) expect(d.stations.some((s) => s.kind === k), k).toBe(true)
    for (const s of statuses) expect(d.stations.some((x) => x.status === s), s).toBe(true)
    expect(d.stations.filter((s) => s.kind === 'district_center')).toHaveLength(1)
    expect(d.stations.filter((s) => s.kind === 'street_center')).toHaveLength(level('street').length)
    expect(d.stations.filter((s) => s.kind === 'community_center')).toHaveLength(level('community').length)
    const areaIds = new Set(d.areas.map((a) => a.id))
    const compoundIds = new Set(d.compounds.map((c) => c.id))
    for (const s of d.stations) {
      expect(areaIds.has(s.areaId)).toBe(true)
      if (s.compoundId) expect(compoundIds.has(s.compoundId)).toBe(true)
      expect(s.floorArea).toBeGreaterThan(0)
      expect(s.services.length).toBeGreaterThan(0)
    }
    for (const s of d.stations.filter((x) => x.kind === 'compound_station')) expect(s.compoundId).not.toBeNull()
  })

  it('organises the party by level, with building groups in most but not all homes', () => {
    const orgs = new Map(d.partyOrgs.map((o) => [o.id, o]))
    const parentKind = { district_committee: null, street_working_committee: 'district_committee', community_committee: 'street_working_committee', grid_branch: 'community_committee', building_group: 'grid_branch' } as const
    for (const o of d.partyOrgs) {
      const want = parentKind[o.kind]
      if (want === null) expect(o.parentId).toBeNull()
      else expect(orgs.get(o.parentId!)?.kind, o.id).toBe(want)
      expect(o.members).toBeGreaterThan(0)
      expect(o.secretary.length).toBeGreaterThanOrEqual(2)
    }
    const branches = d.partyOrgs.filter((o) => o.kind === 'grid_branch')
    expect(new Set(branches.map((o) => o.areaId)).size).toBe(level('grid').length)
    expect(branches).toHaveLength(level('grid').length)
    const homes = d.buildings.filter((b) => b.households > 0)
    const groups = d.partyOrgs.filter((o) => o.kind === 'building_group')
    const homeIds = new Set(homes.map((b) => b.id))
    for (const g of groups) expect(homeIds.has(g.buildingId!)).toBe(true)
    const coverage = groups.length / homes.length
    expect(coverage).toBeGreaterThan(0.65)
    expect(coverage).toBeLessThan(0.92)
    for (const h of d.partyHouseholds) expect(orgs.get(h.orgId)?.buildingId).toBe(h.buildingId)
  })

  it('staffs every grid and community', () => {
    for (const g of level('grid')) {
      const ws = d.workers.filter((w) => w.areaId === g.id)
      expect(ws.filter((w) => w.role === 'grid_worker').length).toBeGreaterThanOrEqual(1)
      expect(ws.filter((w) => w.role === 'police_liaison')).toHaveLength(1)
    }
    for (const c of level('community')) {
      const n = d.workers.filter((w) => w.areaId === c.id && w.role === 'community_worker').length
      expect(n).toBeGreaterThanOrEqual(4)
      expect(n).toBeLessThanOrEqual(8)
    }
    for (const w of d.workers) expect(w.phone).toMatch(/^1[3-9]\d{9}$/)
  })

  it('links compounds and buildings to existing grids, communities and companies', () => {
    const grids = new Set(level('grid').map((a) => a.id))
    const comms = new Set(level('community').map((a) => a.id))
    const companies = new Set(d.propertyCompanies.map((c) => c.id))
    const compounds = new Set(d.compounds.map((c) => c.id))
    for (const c of d.compounds) {
      expect(grids.has(c.gridId)).toBe(true)
      expect(comms.has(c.communityId)).toBe(true)
      expect(c.gridId.startsWith(c.communityId)).toBe(true)
      if (c.propertyCompanyId) expect(companies.has(c.propertyCompanyId)).toBe(true)
    }
    expect(d.compounds.some((c) => c.propertyCompanyId === null)).toBe(true)
    for (const b of d.buildings) {
      expect(grids.has(b.gridId)).toBe(true)
      if (b.compoundId) expect(compounds.has(b.compoundId)).toBe(true)
      expect(b.footprint[0].length).toBeGreaterThanOrEqual(4)
    }
    const floors = d.buildings.filter((b) => b.kind === 'residential').map((b) => b.floors)
    expect(floors.some((f) => f <= 3)).toBe(true)
    expect(floors.some((f) => f >= 5 && f <= 7)).toBe(true)
    expect(floors.some((f) => f >= 11 && f <= 18)).toBe(true)
    expect(floors.some((f) => f >= 24 && f <= 33)).toBe(true)
  })
})
