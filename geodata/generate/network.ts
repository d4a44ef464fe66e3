import type { EdgeKind, LngLat, WalkEdgeRecord, WalkNodeRecord } from '../dataset/index.ts'
import { dist, lerp, projectT, type Pt } from './geom.ts'
import { pathLengthM, roundCm, type Projection } from './projection.ts'

/**
 * The walk network as a registry of straight "lines" (a road between two lattice nodes, a local
 * road, an alley, a compound path, a gate or entrance link …). Everything that touches a line
 * registers a junction at parameter t on it; nodes are deduplicated by their rounded output
 * coordinate. At the end each line yields consecutive edges between its junctions, restricted to its
 * walkable stretch. This is what makes roads meet at exact shared nodes: a T-junction splits the
 * edge it joins, without any geometric snapping afterwards.
 */

export interface NodeRec {
  x: number
  y: number
  ll: LngLat
}
export interface Junction {
  t: number
  node: number
}
export interface Line {
  id: number
  a: Pt
  b: Pt
  len: number
  kind: EdgeKind
  name: string | null
  compoundId: string | null
  /** Walkable stretch [w0, w1] in line parameter; null when nothing of it is walkable. */
  walk: [number, number] | null
  junctions: Junction[]
  /** Points where area boundaries (block corners, split ends) lie on this line; used to build rings. */
  bounds: Junction[]
}

export interface LineProps {
  kind: EdgeKind
  name?: string | null
  compoundId?: string | null
  walk?: [number, number] | null
}

/** A stretch of a line from t0 to t1 (t1 < t0 walks it backwards): one side of a region. */
export interface Side {
  line: Line
  t0: number
  t1: number
}

const EPS_T = 1e-9

export class Network {
  readonly nodes: NodeRec[] = []
  readonly lines: Line[] = []
  private readonly byKey = new Map<string, number>()

  constructor(readonly proj: Projection) {}

  /** Node at a point; two points that round to the same output coordinate are the same node. */
  node(p: Pt): number {
    const ll = this.proj.toLngLat(p)
    const key = `${ll[0]},${ll[1]}`
    const hit = this.byKey.get(key)
    if (hit !== undefined) return hit
    const id = this.nodes.length
    this.nodes.push({ x: p.x, y: p.y, ll })
    this.byKey.set(key, id)
    return id
  }

  pt(node: number): Pt {
    return this.nodes[node]
  }

  addLine(a: number, b: number, props: LineProps): Line {
    const pa = this.pt(a)
    const pb = this.pt(b)
    const walk = props.walk === undefined ? ([0, 1] as [number, number]) : props.walk
    const line: Line = {
      id: this.lines.length,
      a: { x: pa.x, y: pa.y },
      b: { x: pb.x, y: pb.y },
      len: dist(pa, pb),
      kind: props.kind,
      name: props.name ?? null,
      compoundId: props.compoundId ?? null,
      walk,
      junctions: [],
      bounds: [
        { t: 0, node: a },
        { t: 1, node: b },
      ],
    }
    this.lines.push(line)
    if (walk) {
      line.junctions.push(walk[0] === 0 ? { t: 0, node: a } : { t: walk[0], node: this.node(this.at(line, walk[0])) })
      line.junctions.push(walk[1] === 1 ? { t: 1, node: b } : { t: walk[1], node: this.node(this.at(line, walk[1])) })
    }
    return line
  }

  /** Convenience: a line between two points. */
  addLinePts(a: Pt, b: Pt, props: LineProps): Line {
    return this.addLine(this.node(a), this.node(b), props)
  }

  at(line: Line, t: number): Pt {
    if (t === 0) return line.a
    if (t === 1) return line.b
    return lerp(line.a, line.b, t)
  }

  tOf(line: Line, p: Pt): number {
    return projectT(line.a, line.b, p)
  }

  /** Is the line walkable at t, with at least marginM metres of walkable line on either side? */
  walkableAt(line: Line, t: number, marginM = 0): boolean {
    if (!line.walk) return false
    const m = marginM / line.len
    return t >= line.walk[0] + m - EPS_T && t <= line.walk[1] - m + EPS_T
  }

  /** Registers a junction at t and returns its node. */
  junctionAt(line: Line, t: number): number {
    const node = this.node(this.at(line, t))
    line.junctions.push({ t, node })
    return node
  }

  /** Registers an existing node (lying on the line) as a junction. */
  junctionNode(line: Line, node: number): void {
    line.junctions.push({ t: this.tOf(line, this.pt(node)), node })
  }

  /** Registers an area-boundary point on the line and returns its node. */
  boundAt(line: Line, t: number): number {
    const node = this.node(this.at(line, t))
    line.bounds.push({ t, node })
    return node
  }

  /** Nodes of a side from t0 (inclusive) towards t1 (exclusive), with every boundary point between. */
  sideNodes(side: Side): number[] {
    const lo = Math.min(side.t0, side.t1) - EPS_T
    const hi = Math.max(side.t0, side.t1) + EPS_T
    const pts = side.line.bounds.filter((j) => j.t >= lo && j.t <= hi)
    pts.sort((p, q) => (side.t1 >= side.t0 ? p.t - q.t : q.t - p.t))
    const out: number[] = []
    for (const p of pts) {
      if (Math.abs(p.t - side.t1) <= EPS_T) continue
      if (out[out.length - 1] !== p.node) out.push(p.node)
    }
    return out
  }

  /** Closed lng/lat ring of a region given by its sides (counter-clockwise). */
  ring(sides: Side[]): LngLat[] {
    const ids: number[] = []
    for (const s of sides) for (const n of this.sideNodes(s)) if (ids[ids.length - 1] !== n) ids.push(n)
    while (ids.length > 1 && ids[0] === ids[ids.length - 1]) ids.pop()
    const ring = ids.map((n) => this.nodes[n].ll)
    ring.push(ring[0])
    return ring
  }

  /**
   * Edges of every line between consecutive junctions inside its walkable stretch. Only nodes that
   * some edge uses are emitted; they are renumbered 1..N in creation order.
   */
  build(): { nodes: WalkNodeRecord[]; edges: WalkEdgeRecord[] } {
    const raw: { a: number; b: number; line: Line }[] = []
    const seen = new Set<string>()
    for (const line of this.lines) {
      if (!line.walk) continue
      const [w0, w1] = line.walk
      const js = line.junctions.filter((j) => j.t >= w0 - EPS_T && j.t <= w1 + EPS_T)
      js.sort((p, q) => p.t - q.t || p.node - q.node)
      let prev = -1
      for (const j of js) {
        if (prev >= 0 && j.node !== prev) {
          const key = prev < j.node ? `${prev}-${j.node}` : `${j.node}-${prev}`
          if (!seen.has(key)) {
            seen.add(key)
            raw.push({ a: prev, b: j.node, line })
          }
        }
        prev = j.node
      }
    }
    const used = new Uint8Array(this.nodes.length)
    for (const e of raw) used[e.a] = used[e.b] = 1
    const newId = new Int32Array(this.nodes.length)
    const nodes: WalkNodeRecord[] = []
    for (let i = 0; i < this.nodes.length; i++) {
      if (!used[i]) continue
      newId[i] = nodes.length + 1
      nodes.push({ id: nodes.length + 1, lngLat: this.nodes[i].ll })
    }
    const edges: WalkEdgeRecord[] = raw.map((e, i) => {
      const coords = [this.nodes[e.a].ll, this.nodes[e.b].ll]
      return {
        id: i + 1,
        source: newId[e.a],
        target: newId[e.b],
        lengthM: roundCm(pathLengthM(coords)),
        kind: e.line.kind,
        name: e.line.name,
        compoundId: e.line.compoundId,
        coords,
      }
    })
    return { nodes, edges }
  }
}
