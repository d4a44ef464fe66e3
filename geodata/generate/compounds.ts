import type { Network } from './network.ts'
import type { NamePool } from './names.ts'
import type { Rng } from './rng.ts'
import type { Block, CompoundDraft, Era } from './model.ts'
import { newBuilding } from './model.ts'
import { makeSite, roadLinkT, type Site } from './site.ts'

/**
 * A walled residential compound (小区) on one block. The wall is the block inset from the roads.
 * Slab buildings stand in rows facing south; a path runs in front of every row and a spine path
 * crosses all rows, so the inside is connected. 1–3 gates sit on walls that face a walkable road;
 * each gate is a node joined to the road by a short 'gate' edge. Every inside edge (paths, gates,
 * building entrances) carries the compound id, and nothing else links inside to outside.
 */

interface RowType {
  floors: [number, number]
  depth: [number, number]
  len: [number, number]
  /** Gap to the next row north as a multiple of height (sunlight spacing, looser for towers). */
  gapK: number
  /** Stairwell (or core) length along the slab and households per floor per stairwell. */
  stairLen: number
  perFloor: number
}
const WALKUP: RowType = { floors: [5, 7], depth: [10, 12], len: [26, 42], gapK: 1.3, stairLen: 15, perFloor: 2 }
const MIDRISE: RowType = { floors: [11, 18], depth: [12, 14], len: [24, 38], gapK: 0.9, stairLen: 18, perFloor: 2 }
const TOWER: RowType = { floors: [24, 33], depth: [15, 18], len: [24, 34], gapK: 0.6, stairLen: 30, perFloor: 4 }

const YEARS: Record<Era, [number, number]> = { old: [1982, 1999], mid: [2000, 2011], new: [2011, 2022] }
const MARGIN = 10
const PATH_OFF = 6
const SPINE_HALF = 6

function rowTypeFor(era: Era, rng: Rng): RowType {
  if (era === 'old') return WALKUP
  if (era === 'mid') return rng.chance(0.4) ? MIDRISE : WALKUP
  return rng.chance(0.3) ? TOWER : MIDRISE
}

interface Row {
  y: number
  depth: number
  floors: number
  type: RowType
}

function layoutRows(site: Site, era: Era, rng: Rng): Row[] {
  const rows: Row[] = []
  let y = MARGIN + PATH_OFF
  for (;;) {
    const type = rowTypeFor(era, rng)
    const floors = rng.int(type.floors[0], type.floors[1])
    const depth = rng.range(type.depth[0], type.depth[1])
    if (y + depth > site.h - MARGIN) break
    rows.push({ y, depth, floors, type })
    y += depth + Math.max(18, type.gapK * floors * 3)
  }
  // Larger compounds keep a central garden (中心花园) where the middle row would be.
  if (rows.length >= 5) rows.splice(Math.floor(rows.length / 2), 1)
  if (rows.length === 0) return rows
  const last = rows[rows.length - 1]
  const slack = (site.h - MARGIN - (last.y + last.depth)) / 2
  for (const r of rows) r.y += slack
  return rows
}

const GATE_NAMES = ['南门', '东门', '北门', '西门']

export function buildCompound(net: Network, rng: Rng, names: NamePool, block: Block, era: Era, id: string): CompoundDraft | null {
  const site = makeSite(net, block.region, 'south')
  if (!site || site.w < 60 || site.h < 50) return null
  const rows = layoutRows(site, era, rng)
  if (rows.length === 0) return null
  const xs = site.w * rng.range(0.4, 0.6)
  const pathY = rows.map((r) => r.y - PATH_OFF)

  // Gate candidates: the spine meets the south/north walls, a row path meets the east/west walls.
  type Cand = { side: number; x: number; y: number; t: number; row?: number }
  const cands: Cand[] = []
  const tryCand = (side: number, x: number, y: number, row?: number) => {
    const t = roadLinkT(net, site.sides[side], site.at(x, y))
    if (t !== null) cands.push({ side, x, y, t, row })
    return t !== null
  }
  tryCand(0, xs, 0)
  tryCand(2, xs, site.h)
  const order = rows.map((_, k) => k).sort((a, b) => Math.abs(a - (rows.length - 1) / 2) - Math.abs(b - (rows.length - 1) / 2))
  for (const side of [1, 3]) for (const k of order) if (tryCand(side, side === 1 ? site.w : 0, pathY[k], k)) break
  if (cands.length === 0) return null
  rng.shuffle(cands)
  const nGates = Math.min(cands.length, 1 + (rng.chance(0.55) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0))
  const gates = cands.slice(0, nGates).sort((a, b) => a.side - b.side)

  // Buildings first (pure geometry), so that nothing is registered in the network for a block that
  // cannot hold a compound. Each row is cut by the spine corridor into two runs of slabs.
  type Slab = { k: number; x1: number; x2: number; row: Row }
  const slabs: Slab[] = []
  rows.forEach((row, k) => {
    const len = rng.range(row.type.len[0], row.type.len[1])
    const runs: [number, number][] = [
      [MARGIN, xs - SPINE_HALF],
      [xs + SPINE_HALF, site.w - MARGIN],
    ]
    for (const [a, b] of runs) {
      const span = b - a
      const gap = rng.range(8, 14)
      let n = Math.floor((span + gap) / (len + gap))
      let L = len
      if (n === 0) {
        if (span < 18) continue
        n = 1
        L = span
      }
      let x = a + (span - (n * L + (n - 1) * gap)) / 2
      for (let i = 0; i < n; i++, x += L + gap) slabs.push({ k, x1: x, x2: x + L, row })
    }
  })
  if (slabs.length === 0) return null

  const name = names.compound(era)
  const gateAt = (side: number, row?: number) => gates.some((g) => g.side === side && (row === undefined || g.row === row))
  const props = { kind: 'compound_path' as const, compoundId: id }

  // Row paths (in front of each row), extended to the wall where a side gate is.
  const rowLines = pathY.map((yp, k) =>
    net.addLinePts(site.at(gateAt(3, k) ? 0 : 4, yp), site.at(gateAt(1, k) ? site.w : site.w - 4, yp), props),
  )
  // Spine across all rows, extended to the south/north wall where a gate is.
  const y0 = gateAt(0) ? 0 : pathY[0]
  const y1 = gateAt(2) ? site.h : pathY[pathY.length - 1]
  const spine = y1 - y0 > 0.5 ? net.addLinePts(site.at(xs, y0), site.at(xs, y1), props) : null
  pathY.forEach((yp, k) => {
    const node = net.node(site.at(xs, yp))
    net.junctionNode(rowLines[k], node)
    if (spine) net.junctionNode(spine, node)
  })

  const draft: CompoundDraft = {
    id,
    name,
    era,
    builtYear: rng.int(YEARS[era][0], YEARS[era][1]),
    geom: site.q.slice(),
    gates: [],
    block: block.index,
    road: site.sides[gates[0].side].line.name ?? '',
    buildings: [],
    cut: { k: site.k, a: site.at(xs, 0), b: site.at(xs, site.h) },
  }
  for (const g of gates) {
    const gateNode = net.node(site.at(g.x, g.y))
    const roadNode = net.junctionAt(site.sides[g.side].line, g.t)
    net.addLine(roadNode, gateNode, { kind: 'gate', compoundId: id })
    draft.gates.push({ id: `${id}-G${draft.gates.length + 1}`, name: GATE_NAMES[g.side], node: gateNode })
  }

  slabs.forEach(({ k, x1, x2, row }, i) => {
    const yb = row.y
    const yt = row.y + row.depth
    const xe = (x1 + x2) / 2
    const entrance = net.node(site.at(xe, yb))
    const onPath = net.node(site.at(xe, pathY[k]))
    net.junctionNode(rowLines[k], onPath)
    net.addLine(entrance, onPath, { kind: 'entrance', compoundId: id })
    const stairs = Math.max(1, Math.round((x2 - x1) / row.type.stairLen))
    const label = `${i + 1}栋`
    draft.buildings.push(
      newBuilding({
        kind: 'residential',
        label,
        name: `${name}${label}`,
        floors: row.floors,
        capacity: stairs * row.type.perFloor * row.floors,
        footprint: [site.at(x1, yb), site.at(x2, yb), site.at(x2, yt), site.at(x1, yt)],
        entrance,
        compound: draft,
        block: block.index,
        road: draft.road,
        half: x2 <= xs ? 0 : 1,
      }),
    )
  })
  // Ancillary buildings: a property service building by the south wall next to the spine, and in
  // old compounds a bicycle shed (车棚) in each gap between rows — both typical of Chinese compounds.
  const ancillary = (label: string, floors: number, x1: number, x2: number, y1: number, y2: number, doorY: number, pathK: number) => {
    const xe = (x1 + x2) / 2
    const entrance = net.node(site.at(xe, doorY))
    const onPath = net.node(site.at(xe, pathY[pathK]))
    net.junctionNode(rowLines[pathK], onPath)
    net.addLine(entrance, onPath, { kind: 'entrance', compoundId: id })
    draft.buildings.push(
      newBuilding({
        kind: 'public',
        label,
        name: `${name}${label}`,
        floors,
        capacity: 0,
        footprint: [site.at(x1, y1), site.at(x2, y1), site.at(x2, y2), site.at(x1, y2)],
        entrance,
        compound: draft,
        block: block.index,
        road: draft.road,
        half: x2 <= xs ? 0 : 1,
      }),
    )
  }
  if (xs + 24 < site.w - MARGIN) ancillary(era === 'old' ? '物业用房' : '物业服务中心', era === 'old' ? 1 : 2, xs + 8, xs + 22, 1.5, 8.5, 8.5, 0)
  if (era === 'old' && xs > MARGIN + 24 && site.w - xs > MARGIN + 24)
    for (let k = 1; k < rows.length; k++) {
      const p = pathY[k]
      const west = k % 2 === 1
      const x1 = west ? MARGIN : site.w - MARGIN - 14
      ancillary(`车棚${k}`, 1, x1, x1 + 14, p - 6.5, p - 1.5, p - 1.5, k)
    }
  return draft
}
