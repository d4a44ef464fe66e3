import type { BuildingKind } from '../dataset/index.ts'
import type { Network } from './network.ts'
import type { Rng } from './rng.ts'
import type { Block, BldDraft, BuildingRole } from './model.ts'
import { newBuilding } from './model.ts'
import { makeSite, setbackOf, roadLinkT, type Site } from './site.ts'

/**
 * Non-residential blocks (community service block, school, hospital, offices, industry): buildings
 * line the two road fronts of the block with their doors on the road, each joined to it by a
 * short 'entrance' edge. The middle of the block stays open (playground, car park, yard).
 */

export interface FrontSpec {
  label: string
  kind: BuildingKind
  floors: [number, number]
  len: [number, number]
  depth: [number, number]
  role?: BuildingRole
  /** Full name, when it is not simply place + label. */
  name?: string
}

/** Upper floors of a mixed building: ~140 m² of gross floor (incl. stairs, corridors) per flat. */
const FLAT_M2 = 140

function frontScore(net: Network, site: Site): number {
  let s = 0
  for (const [side, y] of [
    [0, 0],
    [2, site.h],
  ] as const) {
    if (roadLinkT(net, site.sides[side], site.at(site.w / 2, y)) !== null) s += side === 0 ? 2 : 1.5
  }
  return s + site.w / 1000
}

/**
 * Places required specs first (in order), then repeats the fill specs while room remains (at most
 * maxFill). Returns required specs that found no walkable frontage.
 */
export function buildFrontage(
  net: Network,
  rng: Rng,
  block: Block,
  place: string,
  required: FrontSpec[],
  fill: FrontSpec[],
  maxFill = 99,
): FrontSpec[] {
  let site: Site | null = null
  let best = -1
  for (let k = 0; k < 4; k++) {
    const s = makeSite(net, block.region, k, (l) => setbackOf(l, 7, 16))
    if (!s) continue
    const sc = frontScore(net, s)
    if (sc > best) {
      best = sc
      site = s
    }
  }
  if (!site) return required
  block.site = site.q.slice()
  const queue = required.slice()
  let filled = 0
  const next = (): FrontSpec | null => {
    if (queue.length) return queue[0]
    if (!fill.length || filled >= maxFill) return null
    return rng.pick(fill)
  }
  for (const front of [0, 2]) {
    let x = 6
    for (;;) {
      const spec = next()
      if (!spec) break
      let L = rng.range(spec.len[0], spec.len[1])
      if (x + L > site.w - 6) {
        L = site.w - 6 - x
        if (L < spec.len[0] * 0.7) break
      }
      const d = Math.max(8, Math.min(rng.range(spec.depth[0], spec.depth[1]), site.h / 2 - 8))
      const yFacade = front === 0 ? 2 : site.h - 2
      const yBack = front === 0 ? 2 + d : site.h - 2 - d
      const xe = x + L / 2
      const t = roadLinkT(net, site.sides[front], site.at(xe, yFacade))
      if (t === null) {
        x += L + rng.range(6, 14)
        if (x > site.w - 20) break
        continue
      }
      if (queue.length) queue.shift()
      else filled++
      const roadNode = net.junctionAt(site.sides[front].line, t)
      const entrance = net.node(site.at(xe, yFacade))
      net.addLine(entrance, roadNode, { kind: 'entrance' })
      const floors = rng.int(spec.floors[0], spec.floors[1])
      const y1 = Math.min(yFacade, yBack)
      const y2 = Math.max(yFacade, yBack)
      const name = spec.name ?? `${place}${spec.label}`
      const b: BldDraft = newBuilding({
        kind: spec.kind,
        label: spec.label,
        name,
        floors,
        capacity: spec.kind === 'mixed' ? (floors - 1) * Math.max(1, Math.round((L * d) / FLAT_M2)) : 0,
        footprint: [site.at(x, y1), site.at(x + L, y1), site.at(x + L, y2), site.at(x, y2)],
        entrance,
        compound: null,
        block: block.index,
        road: site.sides[front].line.name ?? '',
        role: spec.role,
      })
      block.buildings.push(b)
      x += L + rng.range(6, 14)
    }
  }
  return queue
}
