import { insetQuad, intersectLines, lerp, type Pt } from './geom.ts'
import type { Region } from './lattice.ts'
import type { Line, Network } from './network.ts'
import type { Rng } from './rng.ts'
import { makeSite, roadLinkT } from './site.ts'

/**
 * A park superblock: a loop footpath 30 m inside the park edge, a cross of paths through the middle,
 * and short connectors from the loop out to the surrounding roads (1–2 per side). All 'park_path'.
 * Returns the park polygon (for land use) or null.
 */
export function buildPark(net: Network, rng: Rng, region: Region): Pt[] | null {
  const site = makeSite(net, region, 0)
  if (!site) return null
  const loop = insetQuad(site.q, [30, 30, 30, 30])
  if (!loop) return site.q.slice()
  const props = { kind: 'park_path' as const }
  const loopLines: Line[] = []
  for (let k = 0; k < 4; k++) loopLines.push(net.addLinePts(loop[k], loop[(k + 1) % 4], props))

  const onLoop = (k: number, f: number) => {
    const node = net.node(lerp(loop[k], loop[(k + 1) % 4], f))
    net.junctionNode(loopLines[k], node)
    return node
  }
  for (let k = 0; k < 4; k++) {
    const fs = [0.5]
    if (rng.chance(0.5)) fs.push(rng.chance(0.5) ? 0.2 : 0.8)
    for (const f of fs) {
      const p = lerp(loop[k], loop[(k + 1) % 4], f)
      const t = roadLinkT(net, site.sides[k], p)
      if (t === null) continue
      net.addLine(net.junctionAt(site.sides[k].line, t), onLoop(k, f), props)
    }
  }
  const m = [0, 1, 2, 3].map((k) => onLoop(k, 0.5))
  const a = net.addLine(m[0], m[2], props)
  const b = net.addLine(m[1], m[3], props)
  const c = intersectLines(net.pt(m[0]), net.pt(m[2]), net.pt(m[1]), net.pt(m[3]))
  if (c) {
    const node = net.node(c)
    net.junctionNode(a, node)
    net.junctionNode(b, node)
  }
  return site.q.slice()
}
