import type { Network } from './network.ts'
import type { NamePool } from './names.ts'
import type { Rng } from './rng.ts'
import type { Block } from './model.ts'
import { newBuilding } from './model.ts'
import { makeSite, roadCrossT } from './site.ts'

/**
 * An open old neighbourhood (老街区): unwalled, so its lanes ('alley' edges) run straight through to
 * the surrounding roads. North–south lanes every ~36–42 m are lined on both sides with small 2–3
 * floor houses, each with its door on the lane; one east–west lane ties the lanes together (so a lane
 * whose far end meets a dead-end stretch is still reachable). compoundId stays null throughout.
 */
export function buildOldNeighbourhood(net: Network, rng: Rng, names: NamePool, block: Block): boolean {
  const site = makeSite(net, block.region, 'south')
  if (!site || site.w < 40 || site.h < 40) return false
  const n = Math.max(1, Math.floor(site.w / rng.range(36, 42)))
  const pitch = site.w / n
  const depth = Math.min(12, pitch / 2 - 3.5)
  const yc = site.h > 90 ? site.h * rng.range(0.4, 0.6) : null

  // A lane from road to road where the road is walkable, else it stops at the block edge.
  const lane = (x0: number, y0: number, x1: number, y1: number, sideA: number, sideB: number, name: string) => {
    const a = site.at(x0, y0)
    const b = site.at(x1, y1)
    const tA = roadCrossT(net, site.sides[sideA], a, b)
    const tB = roadCrossT(net, site.sides[sideB], a, b)
    const na = tA !== null ? net.junctionAt(site.sides[sideA].line, tA) : net.node(a)
    const nb = tB !== null ? net.junctionAt(site.sides[sideB].line, tB) : net.node(b)
    return net.addLine(na, nb, { kind: 'alley', name })
  }

  const cross = yc !== null ? lane(0, yc, site.w, yc, 3, 1, names.road('alley')) : null
  const lanes = []
  for (let k = 0; k < n; k++) {
    const xa = (k + 0.5) * pitch
    const name = names.road('alley')
    const line = lane(xa, 0, xa, site.h, 0, 2, name)
    lanes.push(line)
    if (cross && yc !== null) {
      const node = net.node(site.at(xa, yc))
      net.junctionNode(line, node)
      net.junctionNode(cross, node)
    }
    let no = 0
    for (const dir of [-1, 1]) {
      const xf = xa + dir * 2 // facade 2 m off the lane centre
      const xb = xa + dir * (2 + depth)
      let y = 3
      for (;;) {
        const L = rng.range(10, 16)
        if (yc !== null && y < yc + 4 && y + L > yc - 4) {
          y = yc + 4
          continue
        }
        if (y + L > site.h - 3) break
        const ye = y + L / 2
        const entrance = net.node(site.at(xf, ye))
        const onLane = net.node(site.at(xa, ye))
        net.junctionNode(line, onLane)
        net.addLine(entrance, onLane, { kind: 'entrance' })
        const floors = rng.int(2, 3)
        const label = `${++no * 2 - (dir < 0 ? 1 : 0)}号`
        const x1 = Math.min(xf, xb)
        const x2 = Math.max(xf, xb)
        block.buildings.push(
          newBuilding({
            kind: 'residential',
            label,
            name: `${name}${label}`,
            floors,
            capacity: floors * (L * depth > 160 ? 2 : 1),
            footprint: [site.at(x1, y), site.at(x2, y), site.at(x2, y + L), site.at(x1, y + L)],
            entrance,
            compound: null,
            block: block.index,
            road: name,
          }),
        )
        y += L + rng.range(1.5, 3)
      }
      no = 0
    }
  }
  block.site = site.q.slice()
  return true
}
