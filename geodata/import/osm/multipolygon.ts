/**
 * Polygons of an OSM multipolygon relation (type=multipolygon): member ways joined end to end into
 * closed rings (an outer is often drawn as several open ways), then nested by containment, as osmium
 * and GDAL assemble them: a ring inside an even number of others is an outer, inside an odd number a
 * hole of the ring just around it. Roles are not trusted (empty and wrong roles are common); geometry
 * decides. Self-touching or crossing rings are left for ST_MakeValid on load.
 */
import { bboxOf, inRings, ringArea, within } from '../lib/plane.ts'
import type { OsmData, OsmRelation } from './read-osm.ts'

export type Ring = [number, number][]

export interface RelationPolygon {
  /** Outer ring first, then its holes. */
  rings: Ring[]
  /** The member way that is this polygon's whole outer ring, when one closed way is. */
  outerWay: number | null
}

export interface AssembledRelation {
  polygons: RelationPolygon[]
  /** Member ways missing from the extract: parts lying wholly outside it. */
  missingWays: number
  /** Rings left out because a member way runs out of the extract (its nodes are missing). */
  cutRings: number
  /** Chains of member ways that do not close into a ring. */
  openChains: number
}

interface Chain {
  refs: number[]
  ways: number[]
}

export function assembleMultipolygon(relation: OsmRelation, osm: Pick<OsmData, 'nodes' | 'memberWays'>, wayRefs: Map<number, number[]>): AssembledRelation {
  const out: AssembledRelation = { polygons: [], missingWays: 0, cutRings: 0, openChains: 0 }
  const seen = new Set<number>()
  const closed: Chain[] = []
  const open: Chain[] = []
  let openCut = false
  for (const m of relation.members) {
    if (m.type !== 'way' || seen.has(m.ref)) continue
    seen.add(m.ref)
    const refs = wayRefs.get(m.ref) ?? osm.memberWays.get(m.ref)
    if (!refs) {
      out.missingWays++
      continue
    }
    if (refs.length < 2) continue
    if (refs.some((r) => !osm.nodes.has(r))) {
      if (refs.length >= 4 && refs[0] === refs[refs.length - 1]) out.cutRings++
      else openCut = true
      continue
    }
    const chain = { refs, ways: [m.ref] }
    if (refs.length >= 4 && refs[0] === refs[refs.length - 1]) closed.push(chain)
    else open.push(chain)
  }
  const joined = joinChains(open)
  // A chain that cannot close because a way of it was left out (it runs outside the extract) is a cut
  // ring; one that cannot close with every way present is a mapping error.
  if (openCut) out.cutRings += Math.max(1, joined.open)
  else out.openChains += joined.open
  const rings = [...closed, ...joined.rings].map((c) => ({ chain: c, coords: c.refs.map((r) => osm.nodes.get(r)!) as Ring, nodes: new Set(c.refs) }))
  if (!rings.length) return out

  // Largest first, so every ring's containers come before it.
  const sized = rings.map((r) => ({ ...r, area: Math.abs(ringArea(r.coords)), bbox: bboxOf(r.coords) })).sort((a, b) => b.area - a.area)
  const depth = new Array<number>(sized.length).fill(0)
  const parent = new Array<number>(sized.length).fill(-1)
  for (let i = 1; i < sized.length; i++) {
    for (let j = 0; j < i; j++) {
      if (!within(sized[i].bbox, sized[j].bbox)) continue
      if (ringInside(sized[i], sized[j])) {
        depth[i]++
        parent[i] = j // the last container found is the smallest
      }
    }
  }
  const polygonOf = new Map<number, RelationPolygon>()
  sized.forEach((r, i) => {
    if (depth[i] % 2 === 0) {
      const p: RelationPolygon = { rings: [r.coords], outerWay: r.chain.ways.length === 1 ? r.chain.ways[0] : null }
      polygonOf.set(i, p)
      out.polygons.push(p)
    }
  })
  sized.forEach((r, i) => {
    if (depth[i] % 2 === 1) polygonOf.get(parent[i])?.rings.push(r.coords)
  })
  return out
}

/** Join open ways that share end nodes into closed rings; what does not close is counted. */
function joinChains(open: Chain[]): { rings: Chain[]; open: number } {
  const byEnd = new Map<number, number[]>()
  open.forEach((c, i) => {
    for (const end of [c.refs[0], c.refs[c.refs.length - 1]]) {
      const list = byEnd.get(end)
      if (list) list.push(i)
      else byEnd.set(end, [i])
    }
  })
  const used = new Array<boolean>(open.length).fill(false)
  const rings: Chain[] = []
  let left = 0
  for (let i = 0; i < open.length; i++) {
    if (used[i]) continue
    used[i] = true
    const refs = open[i].refs.slice()
    const ways = [...open[i].ways]
    let turned = false
    while (refs[0] !== refs[refs.length - 1]) {
      const end = refs[refs.length - 1]
      const next = (byEnd.get(end) ?? []).find((j) => !used[j])
      if (next === undefined) {
        // Stuck at this end: grow from the other one before giving up.
        if (turned) break
        turned = true
        refs.reverse()
        ways.reverse()
        continue
      }
      used[next] = true
      const r = open[next].refs
      refs.push(...(r[0] === end ? r.slice(1) : r.slice(0, -1).reverse()))
      ways.push(...open[next].ways)
    }
    if (refs.length >= 4 && refs[0] === refs[refs.length - 1]) rings.push({ refs, ways })
    else left++
  }
  return { rings, open: left }
}

type Sized = { coords: Ring; nodes: Set<number>; chain: Chain }

/**
 * Whether ring a lies inside ring b. Rings of a valid multipolygon do not cross, so one vertex of a that
 * is not a node of b decides; a ring all of whose nodes are b's (drawn on top of it) is tested at the
 * middle of its first edge.
 */
function ringInside(a: Sized, b: Sized): boolean {
  const k = a.chain.refs.findIndex((r) => !b.nodes.has(r))
  const p: [number, number] = k >= 0 ? a.coords[k] : [(a.coords[0][0] + a.coords[1][0]) / 2, (a.coords[0][1] + a.coords[1][1]) / 2]
  return inRings(p, [b.coords])
}
