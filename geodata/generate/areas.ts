import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { featureCollection, multiPolygon, point, polygon } from '@turf/helpers'
import { union } from '@turf/union'
import { CODE_PREFIX, DISTRICT_NAME, GRID_HOUSEHOLDS } from './config.ts'
import type { AreaRecord, LngLat, PolygonCoords } from '../dataset/index.ts'
import { intersectLines } from './geom.ts'
import type { Lattice, Region } from './lattice.ts'
import type { Network, Side } from './network.ts'
import type { Plan } from './plan.ts'
import type { Content } from './content.ts'
import type { BldDraft } from './model.ts'
import { leavesOf } from './blocks.ts'
import { round7 } from './projection.ts'

/**
 * The area hierarchy. Superblocks, blocks and river strips tile the district exactly (neighbours
 * share every corner and T-junction vertex, see Network.ring), and areas are unions of them:
 *  - grid: adjacent blocks of the community's residential superblock grouped to ~300–500
 *    households (a very large compound is cut in two along its spine path, as real grids split big
 *    小区), or half of an attached non-residential superblock; a river half-strip joins the grid with
 *    the longest frontage on its bank;
 *  - community: its superblocks and strips; street: its communities; district: its streets.
 * Codes: 6-digit county prefix + 3-digit street + 3 digits, where 001–499 are the street's
 * communities and 501–999 its grids (grids have no official code; this keeps all codes unique).
 */

export interface GridDraft {
  id: string
  code: string
  name: string
  community: number
  buildings: BldDraft[]
  households: number
}

export interface Areas {
  records: AreaRecord[]
  districtId: string
  streetIds: string[]
  streetNames: string[]
  communityIds: string[]
  communityNames: string[]
  grids: GridDraft[]
  districtGeom: PolygonCoords[]
}

/** A piece of land that goes whole into one grid: a block, half a big compound, a strip, a cell. */
interface Unit {
  region: Region
  buildings: BldDraft[]
  hh: number
}

function cleanRing(ring: LngLat[]): LngLat[] {
  const out: LngLat[] = []
  for (const [x, y] of ring) {
    const p: LngLat = [round7(x), round7(y)]
    const last = out[out.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p)
  }
  if (out.length && (out[0][0] !== out[out.length - 1][0] || out[0][1] !== out[out.length - 1][1])) out.push(out[0])
  return out
}

/** Union of MultiPolygons (polygon clipping via turf), rounded back to 7 decimals. */
export function unionAll(parts: PolygonCoords[][]): PolygonCoords[] {
  if (parts.length === 1) return parts[0]
  const u = union(featureCollection(parts.map((mp) => multiPolygon(mp))))
  if (!u) return []
  const g = u.geometry
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as LngLat[][][]
  return polys.map((poly) => poly.map(cleanRing))
}

const pad = (n: number, w: number) => String(n).padStart(w, '0')
const sum = (bs: BldDraft[]) => bs.reduce((s, b) => s + b.households, 0)
const sumBy = (pts: LngLat[], i: 0 | 1) => pts.reduce((s, p) => s + p[i], 0)

/** Two regions touch if they have sides on the same line with overlapping stretches. */
function adjacent(a: Region, b: Region): boolean {
  const ov = (s: Side, t: Side) =>
    s.line === t.line && Math.min(Math.max(s.t0, s.t1), Math.max(t.t0, t.t1)) - Math.max(Math.min(s.t0, s.t1), Math.min(t.t0, t.t1)) > 1e-6
  return a.sides.some((s) => b.sides.some((t) => ov(s, t)))
}

/** Cuts a block region in two along a compound's spine (a boundary line that is not a street). */
function cutRegion(net: Network, r: Region, cut: { k: number; a: { x: number; y: number }; b: { x: number; y: number } }): [Region, Region] | null {
  const rot = <T,>(xs: readonly T[]) => [0, 1, 2, 3].map((i) => xs[(i + cut.k) % 4]) as [T, T, T, T]
  const n = rot(r.n)
  const sides = rot(r.sides)
  const cross = (s: Side) => {
    const p = intersectLines(cut.a, cut.b, s.line.a, s.line.b)
    if (!p) return null
    const t = net.tOf(s.line, p)
    const lo = Math.min(s.t0, s.t1)
    const hi = Math.max(s.t0, s.t1)
    return t > lo + 1e-6 && t < hi - 1e-6 ? t : null
  }
  const tA = cross(sides[0])
  const tB = cross(sides[2])
  if (tA === null || tB === null) return null
  const A = net.boundAt(sides[0].line, tA)
  const B = net.boundAt(sides[2].line, tB)
  const line = net.addLine(A, B, { kind: 'local', walk: null })
  return [
    { n: [n[0], A, B, n[3]], sides: [{ line: sides[0].line, t0: sides[0].t0, t1: tA }, { line, t0: 0, t1: 1 }, { line: sides[2].line, t0: tB, t1: sides[2].t1 }, sides[3]] },
    { n: [A, n[1], n[2], B], sides: [{ line: sides[0].line, t0: tA, t1: sides[0].t1 }, sides[1], { line: sides[2].line, t0: sides[2].t0, t1: tB }, { line, t0: 1, t1: 0 }] },
  ]
}

/**
 * Groups units into grids: repeatedly merge the smallest under-sized group into the adjacent group
 * that gives the smallest total, as long as that stays within the maximum (a nearly empty group — a
 * school, a park — may push its neighbour up to 35 % over).
 */
function groupUnits(units: Unit[], f: number): Unit[][] {
  const min = GRID_HOUSEHOLDS.min * f
  const max = GRID_HOUSEHOLDS.max * f
  const tiny = GRID_HOUSEHOLDS.tiny * f
  const groups = units.map((u) => ({ units: [u], hh: u.hh }))
  for (;;) {
    let merged = false
    const small = groups.filter((g) => g.hh < min).sort((a, b) => a.hh - b.hh)
    for (const g of small) {
      const cap = g.hh < tiny ? max * 1.35 : max
      let best: (typeof groups)[number] | null = null
      for (const o of groups) {
        if (o === g || o.hh + g.hh > cap) continue
        if (!o.units.some((u) => g.units.some((v) => adjacent(u.region, v.region)))) continue
        if (!best || o.hh < best.hh) best = o
      }
      if (best) {
        best.units.push(...g.units)
        best.hh += g.hh
        groups.splice(groups.indexOf(g), 1)
        merged = true
        break
      }
    }
    if (!merged) break
  }
  return groups.map((g) => g.units)
}

export function buildAreas(
  net: Network,
  lat: Lattice,
  plan: Plan,
  content: Content,
  streetNames: string[],
  communityNames: string[],
  targetGrids: number,
): Areas {
  // Units first: cutting big compounds adds boundary vertices, which must exist before any ring.
  const unitsOfCell = (cell: number): Unit[] => {
    const region = lat.cells[cell].region
    const units: Unit[] = []
    for (const leaf of leavesOf(region)) {
      const block = content.blocks[leaf.block!]
      const hh = sum(block.buildings)
      const c = block.compound
      const halves = c && hh > GRID_HOUSEHOLDS.max * 1.2 ? cutRegion(net, leaf, c.cut) : null
      if (halves) {
        for (const h of [0, 1] as const) {
          const bs = block.buildings.filter((b) => b.half === h)
          units.push({ region: halves[h], buildings: bs, hh: sum(bs) })
        }
      } else units.push({ region: leaf, buildings: block.buildings, hh })
    }
    return units
  }
  const homeUnits = plan.communities.map((c) => unitsOfCell(c.home))
  // Size grids like the real district (大观区: 274 grids for ~250,000 people): if the default
  // 250–450 households gives fewer grids than the target, shrink the band a little at a time.
  const nonResGrids = plan.communities.reduce((acc, c) => acc + c.cells.filter((x) => x !== c.home).reduce((a, x) => a + (lat.cells[x].region.kids ? 2 : 1), 0), 0)
  let f = 1
  let grouped = homeUnits.map((u) => groupUnits(u, f))
  while (f > 0.6 && nonResGrids + grouped.reduce((a, g) => a + g.length, 0) < targetGrids) {
    f -= 0.04
    grouped = homeUnits.map((u) => groupUnits(u, f))
  }
  const ring = (r: Region) => net.ring(r.sides)

  const wS = Math.max(2, String(plan.streets.length).length)
  const districtId = 'D01'
  const streetIds: string[] = []
  const communityIds: string[] = new Array(plan.communities.length)
  const grids: GridDraft[] = []
  const streetRecords: AreaRecord[] = []
  const communityRecords: AreaRecord[] = []
  const gridRecords: AreaRecord[] = []

  plan.streets.forEach((_, s) => {
    const sid = `${districtId}S${pad(s + 1, wS)}`
    const scode = pad(s + 1, 3)
    streetIds.push(sid)
    const comms = plan.communities.map((c, i) => ({ c, i })).filter(({ c }) => c.street === s)
    const wC = Math.max(2, String(comms.length).length)
    let gridNo = 0
    const communityGeoms: PolygonCoords[][] = []
    comms.forEach(({ c, i }, ci) => {
      const cid = `${sid}C${pad(ci + 1, wC)}`
      communityIds[i] = cid
      const groups: { units: Unit[]; extra: Region[] }[] = grouped[i].map((units) => ({ units, extra: [] }))
      // Attached non-residential superblocks (park, hospital, offices …): a grid per half of the
      // superblock (its first split), or one for an undivided superblock.
      for (const cell of c.cells)
        if (cell !== c.home) {
          const root = lat.cells[cell].region
          for (const r of root.kids ?? [root]) {
            const bs = leavesOf(r).flatMap((l) => content.blocks[l.block!].buildings)
            groups.push({ units: [{ region: r, buildings: bs, hh: sum(bs) }], extra: [] })
          }
        }
      const parts: PolygonCoords[][] = c.cells.map((cell) => [[ring(lat.cells[cell].region)]])
      for (const strip of lat.strips) {
        if (!c.cells.includes(strip.cell)) continue
        parts.push([[ring(strip.region)]])
        let best = groups[0]
        let bestLen = -1
        for (const g of groups) {
          const len = g.units.reduce((acc, u) => acc + u.region.sides.filter((sd) => sd.line === strip.bank).reduce((x, sd) => x + Math.abs(sd.t1 - sd.t0), 0), 0)
          if (len > bestLen) {
            bestLen = len
            best = g
          }
        }
        best.extra.push(strip.region)
      }
      // A group of blocks can close a ring around a block of another grid. An enclave grid is not
      // how grids are drawn, so the surrounding grid absorbs it.
      const geoms = groups.map((g) => unionAll([...g.units.map((u) => u.region), ...g.extra].map((r) => [[ring(r)]])))
      for (let gi = 0; gi < groups.length; gi++) {
        const holes = geoms[gi].flatMap((poly) => poly.slice(1))
        if (!holes.length) continue
        const inside = groups.findIndex((o, oi) => {
          if (oi === gi) return false
          const r = ring(o.units[0].region)
          const c = point([sumBy(r.slice(1), 0) / (r.length - 1), sumBy(r.slice(1), 1) / (r.length - 1)])
          return holes.some((h) => booleanPointInPolygon(c, polygon([h])))
        })
        if (inside < 0) continue
        groups[gi].units.push(...groups[inside].units)
        groups[gi].extra.push(...groups[inside].extra)
        groups.splice(inside, 1)
        geoms.splice(inside, 1)
        gi = -1
        for (let k = 0; k < groups.length; k++) geoms[k] = unionAll([...groups[k].units.map((u) => u.region), ...groups[k].extra].map((r) => [[ring(r)]]))
      }
      const wG = Math.max(2, String(groups.length).length)
      groups.forEach((g, gi) => {
        gridNo++
        const buildings = g.units.flatMap((u) => u.buildings)
        const grid: GridDraft = {
          id: `${cid}G${pad(gi + 1, wG)}`,
          code: `${CODE_PREFIX}${scode}${pad(500 + gridNo, 3)}`,
          name: `${communityNames[i]}第${gi + 1}网格`,
          community: i,
          buildings,
          households: sum(buildings),
        }
        grids.push(grid)
        gridRecords.push({ id: grid.id, code: grid.code, name: grid.name, level: 'grid', parentId: cid, geom: geoms[gi] })
      })
      const geom = unionAll(parts)
      communityGeoms.push(geom)
      communityRecords.push({ id: cid, code: `${CODE_PREFIX}${scode}${pad(ci + 1, 3)}`, name: communityNames[i], level: 'community', parentId: sid, geom })
    })
    streetRecords.push({ id: sid, code: `${CODE_PREFIX}${scode}000`, name: streetNames[s], level: 'street', parentId: districtId, geom: unionAll(communityGeoms) })
  })
  const districtGeom = unionAll(streetRecords.map((r) => r.geom))
  const records: AreaRecord[] = [
    { id: districtId, code: `${CODE_PREFIX}000000`, name: DISTRICT_NAME, level: 'district', parentId: null, geom: districtGeom },
    ...streetRecords,
    ...communityRecords,
    ...gridRecords,
  ]
  return { records, districtId, streetIds, streetNames, communityIds, communityNames, grids, districtGeom }
}
