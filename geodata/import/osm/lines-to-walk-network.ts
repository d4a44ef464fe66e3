/**
 * Polylines → walk network: a node wherever lines share a vertex (coordinates compared after rounding to
 * 1e-7°, ≈ 1 cm, which is how OSM-derived layers store shared vertices) and at every line end; lines are
 * split at those nodes. Lengths are great-circle metres along the pieces.
 */
import { haversineM, type LngLat, type WalkEdgeInput, type WalkNetworkInput } from '../../../server/engine/index.ts'

export interface WalkLine {
  coords: readonly LngLat[]
  compoundId?: string | null
}

export interface LineWalkEdge extends WalkEdgeInput {
  /** Index of the input line the edge was cut from (to carry its kind and name). */
  line: number
}

export interface LinesToWalkNetworkOptions {
  /** Decimal places coordinates are compared at. @default 7 */
  precision?: number
}

export function linesToWalkNetwork(lines: readonly WalkLine[], options: LinesToWalkNetworkOptions = {}): { nodes: WalkNetworkInput['nodes']; edges: LineWalkEdge[] } {
  const { precision = 7 } = options
  const f = 10 ** precision
  const key = (p: LngLat) => `${Math.round(p[0] * f)},${Math.round(p[1] * f)}`
  const uses = new Map<string, number>()
  for (const line of lines) {
    line.coords.forEach((p, i) => {
      const k = key(p)
      // Ends count twice so they always become nodes.
      uses.set(k, (uses.get(k) ?? 0) + (i === 0 || i === line.coords.length - 1 ? 2 : 1))
    })
  }
  const nodeIds = new Map<string, number>()
  const nodes: WalkNetworkInput['nodes'][number][] = []
  const nodeFor = (p: LngLat) => {
    const k = key(p)
    let id = nodeIds.get(k)
    if (id === undefined) {
      id = nodes.length + 1
      nodeIds.set(k, id)
      nodes.push({ id, lngLat: [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f] })
    }
    return id
  }
  const edges: LineWalkEdge[] = []
  for (const [lineIndex, line] of lines.entries()) {
    if (line.coords.length < 2) continue
    let piece: LngLat[] = [line.coords[0]]
    for (let i = 1; i < line.coords.length; i++) {
      piece.push(line.coords[i])
      if (i === line.coords.length - 1 || uses.get(key(line.coords[i]))! > 1) {
        const source = nodeFor(piece[0]), target = nodeFor(piece[piece.length - 1])
        let lengthM = 0
        for (let k = 1; k < piece.length; k++) lengthM += haversineM(piece[k - 1][0], piece[k - 1][1], piece[k][0], piece[k][1])
        if (source !== target || lengthM > 0) {
          edges.push({ id: edges.length + 1, line: lineIndex, source, target, lengthM, compoundId: line.compoundId ?? null, coords: piece })
        }
        piece = [line.coords[i]]
      }
    }
  }
  return { nodes, edges }
}
