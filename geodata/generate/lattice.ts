import { GEOMETRY } from './config.ts'
import { add, lerp, pt, rotate, type Pt } from './geom.ts'
import type { NamePool } from './names.ts'
import type { Line, Network, Side } from './network.ts'
import type { Rng } from './rng.ts'

/**
 * The arterial lattice: (nx+1) north–south roads × (ny+2) east–west roads, jittered, rotated and
 * gently warped so that spacing and angles are irregular. One lattice row (between east–west lines jr
 * and jr+1) is the river: its two lines are the bank roads, only a few north–south roads cross it as
 * bridges, the others stop at the banks.
 */

export interface Region {
  /** Corner nodes, counter-clockwise (SW, SE, NE, NW for a cell). */
  n: [number, number, number, number]
  /** sides[i] runs from corner i to corner i+1. */
  sides: [Side, Side, Side, Side]
  kids?: [Region, Region]
  /** Set on leaves: index into the block list. */
  block?: number
}

export interface LatticeCell {
  index: number
  i: number
  /** Cell row (0 = southernmost), river row not counted. */
  j: number
  region: Region
  /** true for cells north of the river. */
  north: boolean
}

export interface Strip {
  /** River half-strip attached to the cell on its bank. */
  region: Region
  cell: number
  /** The bank road the strip shares with its cell. */
  bank: Line
}

export interface Lattice {
  nx: number
  ny: number
  /** River lies between east–west lines jr and jr+1; jr = number of cell rows south of it. */
  jr: number
  nodes: number[][]
  col: Line[][]
  row: Line[][]
  cells: LatticeCell[]
  strips: Strip[]
  bridges: Line[]
  water: Pt[]
  embankments: Pt[][]
  /** Arterial road names: colNames[i], rowNames[r]. */
  colNames: string[]
  rowNames: string[]
}

function spacings(rng: Rng, n: number, special?: { at: number; range: [number, number] }): number[] {
  const out = [0]
  for (let k = 0; k < n; k++) {
    const r = special && special.at === k ? special.range : GEOMETRY.arterialSpacing
    out.push(out[k] + rng.range(r[0], r[1]))
  }
  const mid = out[n] / 2
  return out.map((v) => v - mid)
}

export function buildLattice(net: Network, rng: Rng, names: NamePool, nx: number, ny: number): Lattice {
  const jr = Math.floor(ny / 2)
  const xs = spacings(rng, nx)
  const ys = spacings(rng, ny + 1, { at: jr, range: GEOMETRY.riverRowWidth })
  const theta = (rng.range(GEOMETRY.rotationDeg[0], GEOMETRY.rotationDeg[1]) * (rng.chance(0.5) ? 1 : -1) * Math.PI) / 180
  // Low-frequency warp: wavelengths of several km bend the long roads (and the river) gently.
  const lx = rng.range(5000, 8000)
  const ly = rng.range(5000, 8000)
  const px = rng.range(0, 2 * Math.PI)
  const py = rng.range(0, 2 * Math.PI)
  const A = GEOMETRY.warp
  const J = GEOMETRY.jitter

  const P: Pt[][] = []
  for (let i = 0; i <= nx; i++) {
    P.push([])
    let riverJitter = pt(0, 0)
    for (let r = 0; r <= ny + 1; r++) {
      let j = pt(rng.range(-J, J), rng.range(-J, J))
      // Both bank lines share their jitter so the river keeps its width.
      if (r === jr) riverJitter = j
      if (r === jr + 1) j = riverJitter
      const base = pt(xs[i], ys[r])
      const warped = add(base, pt(A * Math.sin((2 * Math.PI * base.y) / ly + py), A * Math.sin((2 * Math.PI * base.x) / lx + px)))
      P[i].push(rotate(add(warped, j), theta))
    }
  }
  const nodes = P.map((col) => col.map((p) => net.node(p)))

  const colNames: string[] = []
  for (let i = 0; i <= nx; i++) colNames.push(names.road('ns'))
  const rowNames: string[] = []
  for (let r = 0; r <= ny + 1; r++) rowNames.push(r === jr ? '滨河南路' : r === jr + 1 ? '滨河北路' : names.road('ew'))

  // Bridges: a few interior north–south roads, spread out along the river.
  const nb = Math.max(2, Math.round(nx / 3.5))
  const bridgeCols = new Set<number>()
  for (let k = 0; k < nb; k++) {
    let c = Math.round(((k + 0.5) * nx) / nb) + rng.int(-1, 1)
    c = Math.min(nx - 1, Math.max(1, c))
    while (bridgeCols.has(c) && c < nx - 1) c++
    bridgeCols.add(c)
  }

  const col: Line[][] = []
  const bridges: Line[] = []
  for (let i = 0; i <= nx; i++) {
    col.push([])
    for (let r = 0; r <= ny; r++) {
      let line: Line
      if (r !== jr) line = net.addLine(nodes[i][r], nodes[i][r + 1], { kind: 'arterial', name: colNames[i] })
      else if (bridgeCols.has(i)) {
        line = net.addLine(nodes[i][r], nodes[i][r + 1], { kind: 'bridge', name: `${colNames[i].replace(/(路|大道|街)$/, '')}大桥` })
        bridges.push(line)
      } else line = net.addLine(nodes[i][r], nodes[i][r + 1], { kind: 'arterial', name: colNames[i], walk: null })
      col[i].push(line)
    }
  }
  const row: Line[][] = []
  for (let i = 0; i < nx; i++) {
    row.push([])
    for (let r = 0; r <= ny + 1; r++) {
      // The lattice line inside the river row does not exist; every other east–west segment is a road.
      row[i].push(net.addLine(nodes[i][r], nodes[i + 1][r], { kind: 'arterial', name: rowNames[r] }))
    }
  }

  const cells: LatticeCell[] = []
  for (let j = 0; j < ny; j++) {
    const r0 = j < jr ? j : j + 1
    for (let i = 0; i < nx; i++) {
      const region: Region = {
        n: [nodes[i][r0], nodes[i + 1][r0], nodes[i + 1][r0 + 1], nodes[i][r0 + 1]],
        sides: [
          { line: row[i][r0], t0: 0, t1: 1 },
          { line: col[i + 1][r0], t0: 0, t1: 1 },
          { line: row[i][r0 + 1], t0: 1, t1: 0 },
          { line: col[i][r0], t0: 1, t1: 0 },
        ],
      }
      cells.push({ index: cells.length, i, j, region, north: j >= jr })
    }
  }

  // River: split along its centre line into half-strips that belong to the cell on each bank, so the
  // areas tile the whole district and no sub-district (街道) crosses the river.
  const mid = nodes.map((_, i) => net.boundAt(col[i][jr], 0.5))
  const strips: Strip[] = []
  for (let i = 0; i < nx; i++) {
    const centre = net.addLine(mid[i], mid[i + 1], { kind: 'arterial', name: null, walk: null })
    strips.push({
      cell: (jr - 1) * nx + i,
      bank: row[i][jr],
      region: {
        n: [nodes[i][jr], nodes[i + 1][jr], mid[i + 1], mid[i]],
        sides: [
          { line: row[i][jr], t0: 0, t1: 1 },
          { line: col[i + 1][jr], t0: 0, t1: 0.5 },
          { line: centre, t0: 1, t1: 0 },
          { line: col[i][jr], t0: 0.5, t1: 0 },
        ],
      },
    })
    strips.push({
      cell: jr * nx + i,
      bank: row[i][jr + 1],
      region: {
        n: [mid[i], mid[i + 1], nodes[i + 1][jr + 1], nodes[i][jr + 1]],
        sides: [
          { line: centre, t0: 0, t1: 1 },
          { line: col[i + 1][jr], t0: 0.5, t1: 1 },
          { line: row[i][jr + 1], t0: 1, t1: 0 },
          { line: col[i][jr], t0: 1, t1: 0.5 },
        ],
      },
    })
  }

  // Water and embankment polygons: fractions across the river row, measured on each crossing line.
  const south: Pt[] = []
  const north: Pt[] = []
  const roadS: Pt[] = []
  const roadN: Pt[] = []
  for (let i = 0; i <= nx; i++) {
    const a = P[i][jr]
    const b = P[i][jr + 1]
    const w = Math.hypot(b.x - a.x, b.y - a.y)
    const tRoad = GEOMETRY.bankRoadHalf / w
    const tWater = (GEOMETRY.bankRoadHalf + GEOMETRY.embankment) / w
    roadS.push(lerp(a, b, tRoad))
    south.push(lerp(a, b, tWater))
    north.push(lerp(a, b, 1 - tWater))
    roadN.push(lerp(a, b, 1 - tRoad))
  }
  const water = [...south, ...north.slice().reverse()]
  const embankments = [
    [...roadS, ...south.slice().reverse()],
    [...north, ...roadN.slice().reverse()],
  ]
  return { nx, ny, jr, nodes, col, row, cells, strips, bridges, water, embankments, colNames, rowNames }
}
