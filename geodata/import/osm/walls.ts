/**
 * Walled compounds in the walk network, modelled as the demo district models them: paths inside a
 * compound carry its id, and the inside meets the public network only at the compound's gates. A way is
 * cut where it meets a compound's outline; each piece takes the id of the compound it runs inside (none
 * outside or along the wall). Where pieces of different sides meet at a node — a cut point, or a node
 * on the outline that an inside path shares with a street — they stay joined only if a gate of that
 * compound (entrance=*, barrier=gate) lies within GATE_REACH_M; otherwise the inside pieces get a node of
 * their own at the same place, so the wall is not walked through. The coverage engine then reaches
 * buildings in the compound through its gates only (their entrances snap to the compound's own paths).
 */
import { haversineM, type LngLat } from '../../../server/engine/index.ts'
import { negativeId } from '../lib/ids.ts'
import { bboxOf, crossing, dist, inBox, inRings, LocalMetres, middle, nearRings, overlaps, ringArea, type Box, type XY } from '../lib/plane.ts'
import { osmEdgeId, type OsmWalkEdge } from './osm-walk-network.ts'

/** A gate lets a way through the wall where it meets the outline within this many metres of it (walls and landuse outlines are often drawn a little apart). */
export const GATE_REACH_M = 3
/** Points closer than this are the same point (coordinates carry 7 decimals, about 1 cm). */
const SAME_M = 0.05
const CELL_M = 250

export interface WalledCompound {
  id: string
  /** Outer ring, then holes, in [lng, lat]. */
  rings: LngLat[][]
}

export interface WallGate {
  compoundId: string
  lngLat: LngLat
  /** The gate's OSM node id, when it is a node (compound_gates osm-n<id>). */
  nodeId: number | null
}

export interface WalkNet {
  nodes: readonly { id: number; lngLat: LngLat }[]
  edges: OsmWalkEdge[]
}

export interface WalledNet extends WalkNet {
  /** Edges that ran across a wall and were cut there. */
  cutEdges: number
  /** Nodes where the inside of a compound met the outside away from a gate, and were parted. */
  sealedNodes: number
}

interface Poly {
  id: string
  rings: XY[][]
  bbox: Box
  area: number
}
/** A stretch of an edge between cuts: its end nodes and its vertices. */
interface Cut {
  source: number
  target: number
  coords: LngLat[]
}
interface Piece extends Cut {
  compoundId: string | null
}

/**
 * The network with walls. Edges that meet no wall come back as they are (the same objects: a city's
 * network is not copied), the others as new edges.
 */
export function cutAtWalls(net: WalkNet, compounds: readonly WalledCompound[], gates: readonly WallGate[]): WalledNet {
  if (!compounds.length || !net.nodes.length) return { ...net, cutEdges: 0, sealedNodes: 0 }
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity
  for (const { lngLat: [x, y] } of net.nodes) {
    w = Math.min(w, x); s = Math.min(s, y); e = Math.max(e, x); n = Math.max(n, y)
  }
  const proj = new LocalMetres((w + e) / 2, (s + n) / 2)
  const xy = (p: LngLat): XY => proj.toXY(p)
  const polys: Poly[] = compounds.map((c) => {
    const rings = c.rings.map((r) => r.map(xy))
    return { id: c.id, rings, bbox: bboxOf(rings[0], SAME_M), area: Math.abs(ringArea(rings[0])) }
  })
  const index = new Map<string, number[]>()
  polys.forEach((p, i) => eachCell(p.bbox, (k) => (index.get(k) ?? index.set(k, []).get(k)!).push(i)))
  const near = (bbox: Poly['bbox']) => {
    const found = new Set<number>()
    eachCell(bbox, (k) => index.get(k)?.forEach((i) => found.add(i)))
    return [...found].filter((i) => overlaps(bbox, polys[i].bbox)).map((i) => polys[i])
  }
  /** The smallest compound strictly containing a point (on the wall counts as outside). */
  const compoundAt = (p: XY, candidates: Poly[]) => {
    let best: Poly | null = null
    for (const c of candidates) {
      if (!inBox(p, c.bbox) || !inRings(p, c.rings) || nearRings(p, c.rings, SAME_M)) continue
      if (!best || c.area < best.area) best = c
    }
    return best?.id ?? null
  }

  const gatePoints = gates.filter((g) => g.nodeId !== null).map((g) => ({ id: g.nodeId!, at: xy(g.lngLat) }))
  const gateAt = (p: LngLat) => {
    const q = xy(p)
    return gatePoints.find((g) => dist(g.at, q) <= SAME_M)?.id ?? null
  }

  // Edges of a way come one after another (osmWalkNetwork emits them so); a way with a cut is renumbered.
  const edges: OsmWalkEdge[] = []
  const added: { id: number; lngLat: LngLat }[] = []
  let cutEdges = 0
  for (let i = 0; i < net.edges.length; ) {
    let j = i
    while (j < net.edges.length && net.edges[j].wayId === net.edges[i].wayId) j++
    const way: OsmWalkEdge[] = []
    let cut = false
    for (let k = i; k < j; k++) {
      const e = net.edges[k]
      // The projection is linear, so the edge's box is found in degrees and only its corners projected.
      const bb = bboxOf(e.coords)
      const candidates = near([proj.x(bb[0]) - SAME_M, proj.y(bb[1]) - SAME_M, proj.x(bb[2]) + SAME_M, proj.y(bb[3]) + SAME_M])
      if (!candidates.length) {
        way.push(e)
        continue
      }
      const pts = e.coords.map((c) => xy(c as LngLat))
      const split = splitAtWalls(e, pts, candidates, proj, gateAt)
      const sides = mergeSameSide(split.map((p) => ({ ...p, compoundId: compoundAt(middle(p.coords.map(xy)), candidates) })))
      if (sides.length === 1) {
        way.push(sides[0].compoundId ? edge(e, { compoundId: sides[0].compoundId }) : e)
        continue
      }
      cut = true
      cutEdges++
      for (const p of sides.slice(1)) added.push({ id: p.source, lngLat: p.coords[0] })
      way.push(...sides.map((p) => piece(e, p)))
    }
    // Ids as osmWalkNetwork gives them, way id × 2048 + running piece number, now counting the cut pieces.
    way.forEach((x, n) => edges.push(cut && x.id !== osmEdgeId(x.wayId, n) ? edge(x, { id: osmEdgeId(x.wayId, n) }) : x))
    i = j
  }
  const sealed = sealWalls(edges, gates.map((g) => ({ compoundId: g.compoundId, at: xy(g.lngLat) })), xy)
  added.push(...sealed)
  const seen = new Set<number>()
  const nodes = [...net.nodes, ...added.filter((a) => !seen.has(a.id) && seen.add(a.id))]
  return { nodes, edges, cutEdges, sealedNodes: sealed.length }
}

/** A piece cut from edge e as an edge of its own (its id is set when the way is renumbered). */
function piece(e: OsmWalkEdge, p: Piece): OsmWalkEdge {
  let lengthM = 0
  for (let k = 1; k < p.coords.length; k++) lengthM += haversineM(p.coords[k - 1][0], p.coords[k - 1][1], p.coords[k][0], p.coords[k][1])
  return edge(e, { source: p.source, target: p.target, lengthM, compoundId: p.compoundId, coords: p.coords })
}

/** A changed copy of an edge, written out field by field: an object spread makes a slow dictionary object. */
function edge(e: OsmWalkEdge, change: Partial<OsmWalkEdge>): OsmWalkEdge {
  const c = { id: e.id, wayId: e.wayId, kind: e.kind, name: e.name, source: e.source, target: e.target, lengthM: e.lengthM, compoundId: e.compoundId, coords: e.coords }
  return Object.assign(c, change)
}

/**
 * An edge cut at every point where it meets a candidate compound's rings. A cut at a vertex keeps that
 * vertex's OSM node id; a cut between vertices gets a new node id from the edge and the distance along it.
 */
function splitAtWalls(
  e: OsmWalkEdge, pts: XY[], candidates: Poly[], proj: LocalMetres, gateAt: (p: LngLat) => number | null,
): Cut[] {
  const cum = [0]
  for (let k = 1; k < pts.length; k++) cum.push(cum[k - 1] + dist(pts[k - 1], pts[k]))
  const total = cum[cum.length - 1]
  const cuts: number[] = []
  for (let k = 1; k < pts.length; k++) {
    for (const c of candidates) {
      for (const ring of c.rings) {
        for (let j = 1; j < ring.length; j++) {
          const t = crossing(pts[k - 1], pts[k], ring[j - 1], ring[j])
          if (t !== null) cuts.push(cum[k - 1] + t * (cum[k] - cum[k - 1]))
        }
      }
    }
  }
  const at = cuts.filter((a) => a > SAME_M && a < total - SAME_M).sort((a, b) => a - b).filter((a, i, all) => i === 0 || a - all[i - 1] > SAME_M)
  if (!at.length) return [{ source: e.source, target: e.target, coords: e.coords as LngLat[] }]
  const out: Cut[] = []
  let from = e.source
  let coords: LngLat[] = [e.coords[0] as LngLat]
  let k = 1
  for (const a of at) {
    while (k < pts.length - 1 && cum[k] < a - SAME_M) coords.push(e.coords[k++] as LngLat)
    let p: LngLat
    if (Math.abs(cum[k] - a) <= SAME_M) p = e.coords[k++] as LngLat
    else {
      const f = (a - cum[k - 1]) / (cum[k] - cum[k - 1])
      p = proj.toLngLat(pts[k - 1][0] + f * (pts[k][0] - pts[k - 1][0]), pts[k - 1][1] + f * (pts[k][1] - pts[k - 1][1]))
    }
    // A gate on the way keeps its OSM id (compound_gates.id is osm-n<id>); other cut points get one from where they are.
    const node = gateAt(p) ?? negativeId(`wall:${e.id}:${a.toFixed(2)}`)
    coords.push(p)
    out.push({ source: from, target: node, coords })
    from = node
    coords = [p]
  }
  for (; k < pts.length; k++) coords.push(e.coords[k] as LngLat)
  out.push({ source: from, target: e.target, coords })
  return out
}

/** Consecutive pieces of one edge on the same side of every wall join again (a cut that parted nothing). */
function mergeSameSide(pieces: Piece[]): Piece[] {
  const out: Piece[] = []
  for (const p of pieces) {
    const last = out[out.length - 1]
    if (last && last.compoundId === p.compoundId) {
      last.target = p.target
      last.coords = [...last.coords, ...p.coords.slice(1)]
    } else out.push({ ...p })
  }
  return out
}

/**
 * Part the inside of a compound from the outside at every node where they meet without a gate of that
 * compound near. The public side (or, between two compounds, the first by id) keeps the node; the other
 * side's edges get a new node id at the same place (edges are replaced, not changed). Only nodes that
 * compound edges touch are looked at. Returns the nodes made.
 */
function sealWalls(edges: OsmWalkEdge[], gates: { compoundId: string; at: XY }[], xy: (p: LngLat) => XY): { id: number; lngLat: LngLat }[] {
  const sides = new Map<number, { classes: Set<string | null>; at: LngLat }>()
  const end = (e: OsmWalkEdge, which: 0 | 1) => (which === 0 ? e.coords[0] : e.coords[e.coords.length - 1]) as LngLat
  for (const e of edges) {
    if (e.compoundId === null) continue
    for (const [ref, which] of [[e.source, 0], [e.target, 1]] as const) {
      const s = sides.get(ref) ?? sides.set(ref, { classes: new Set(), at: end(e, which) }).get(ref)!
      s.classes.add(e.compoundId)
    }
  }
  for (const e of edges) if (e.compoundId === null) for (const ref of [e.source, e.target]) sides.get(ref)?.classes.add(null)
  const renamed = new Map<string, number>()
  const made: { id: number; lngLat: LngLat }[] = []
  for (const [ref, { classes, at }] of sides) {
    if (classes.size < 2) continue
    const order = [...classes].sort((a, b) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    const keeper = order[0]
    const p = xy(at)
    for (const side of order.slice(1)) {
      if (gates.some((g) => (g.compoundId === side || g.compoundId === keeper) && dist(g.at, p) <= GATE_REACH_M)) continue
      const own = negativeId(`wall:${ref}:${side}`)
      renamed.set(`${ref}|${side}`, own)
      made.push({ id: own, lngLat: at })
    }
  }
  if (!renamed.size) return made
  edges.forEach((e, i) => {
    if (e.compoundId === null) return
    const source = renamed.get(`${e.source}|${e.compoundId}`), target = renamed.get(`${e.target}|${e.compoundId}`)
    if (source === undefined && target === undefined) return
    edges[i] = edge(e, { source: source ?? e.source, target: target ?? e.target })
  })
  return made
}

function eachCell(b: Box, f: (key: string) => void) {
  for (let i = Math.floor(b[0] / CELL_M); i <= Math.floor(b[2] / CELL_M); i++) for (let j = Math.floor(b[1] / CELL_M); j <= Math.floor(b[3] / CELL_M); j++) f(`${i},${j}`)
}
