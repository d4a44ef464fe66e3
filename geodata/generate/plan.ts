import { BASE_CELLS, TARGETS } from './config.ts'
import { centroid, dist, type Pt } from './geom.ts'
import type { Lattice } from './lattice.ts'
import type { Network } from './network.ts'
import type { Rng } from './rng.ts'

/**
 * Land-use plan at superblock level and the administrative grouping: which superblocks are parks,
 * hospital, offices, industry or a school campus; which residential ones are the old town; which
 * superblocks form each street (街道, grown from seeds, never across the river); and which superblocks
 * form each community (社区: one residential superblock plus non-residential neighbours).
 */

export type CellKind = 'residential' | 'park' | 'hospital' | 'office' | 'industrial' | 'campus'

export interface PlanCell {
  kind: CellKind
  oldTown: boolean
  /** 0 at the centre of the district, 1 at its edge: older housing near the centre. */
  radius: number
  centre: Pt
  street: number
  community: number
  hostsStreetCenter: boolean
  hostsDistrictCenter: boolean
}

export interface Plan {
  cells: PlanCell[]
  streets: { cells: number[] }[]
  communities: { home: number; street: number; cells: number[] }[]
}

export function makePlan(net: Network, lat: Lattice, rng: Rng): Plan {
  const { nx, ny, jr } = lat
  const n = nx * ny
  const k = n / BASE_CELLS
  const centres = lat.cells.map((c) => centroid(c.region.n.map((id) => net.pt(id))))
  const rMax = Math.max(...centres.map((p) => Math.hypot(p.x, p.y)))
  const cells: PlanCell[] = centres.map((centre) => ({
    kind: 'residential',
    oldTown: false,
    radius: Math.hypot(centre.x, centre.y) / rMax,
    centre,
    street: -1,
    community: -1,
    hostsStreetCenter: false,
    hostsDistrictCenter: false,
  }))
  const ij = (c: number) => ({ i: c % nx, j: Math.floor(c / nx) })
  const neighbours = (c: number): number[] => {
    const { i, j } = ij(c)
    const out: number[] = []
    if (i > 0) out.push(c - 1)
    if (i < nx - 1) out.push(c + 1)
    // Rows jr-1 and jr face each other across the river: not neighbours.
    if (j > 0 && j !== jr) out.push(c - nx)
    if (j < ny - 1 && j !== jr - 1) out.push(c + nx)
    return out
  }
  const riverside = (c: number) => ij(c).j === jr - 1 || ij(c).j === jr
  const edge = (c: number) => {
    const { i, j } = ij(c)
    return i === 0 || j === 0 || i === nx - 1 || j === ny - 1
  }

  // Non-residential superblocks; none may end up surrounded by non-residential ones only.
  const isolatedIfSet = (c: number) => neighbours(c).every((m) => cells[m].kind !== 'residential')
  const place = (kind: CellKind, count: number, candidates: number[]) => {
    let placed = 0
    for (const c of candidates) {
      if (placed >= count) break
      if (cells[c].kind !== 'residential' || isolatedIfSet(c)) continue
      if (neighbours(c).some((m) => cells[m].kind !== 'residential' && neighbours(m).filter((x) => x !== c).every((x) => cells[x].kind !== 'residential')))
        continue
      cells[c].kind = kind
      placed++
    }
  }
  const all = [...Array(n).keys()]
  const byRadius = all.slice().sort((a, b) => cells[a].radius - cells[b].radius)
  place('office', Math.max(1, Math.round(TARGETS.offices * k)), byRadius.slice(0, Math.max(4, Math.round(4 * k))).concat(byRadius))
  place('industrial', Math.round(TARGETS.industrial * k), rng.shuffle(all.filter((c) => edge(c) && !riverside(c))))
  const parks = Math.max(1, Math.round(TARGETS.parks * k))
  place('park', Math.ceil(parks / 2), rng.shuffle(all.filter(riverside)))
  place('park', parks - Math.ceil(parks / 2), rng.shuffle(all.filter((c) => !riverside(c))))
  place('hospital', Math.max(1, Math.round(TARGETS.hospitals * k)), rng.shuffle(all.filter((c) => cells[c].radius < 0.7)))
  place('campus', Math.round(TARGETS.campuses * k), rng.shuffle(all.slice()))

  // Old town: the residential superblocks nearest the centre and the river.
  const res = all.filter((c) => cells[c].kind === 'residential')
  const score = new Map(res.map((c) => [c, cells[c].radius - (riverside(c) ? 0.15 : 0) + rng.range(0, 0.2)]))
  res
    .slice()
    .sort((a, b) => score.get(a)! - score.get(b)!)
    .slice(0, Math.max(1, Math.round(res.length * 0.08)))
    .forEach((c) => (cells[c].oldTown = true))

  // Streets: split between the banks in proportion to their superblocks, seeds by farthest-point
  // sampling, then balanced region growing (smallest street grows next, towards its seed).
  const nStreets = Math.max(2, Math.round(TARGETS.streets * k))
  const banks = [all.filter((c) => ij(c).j < jr), all.filter((c) => ij(c).j >= jr)]
  const nSouth = Math.min(nStreets - 1, Math.max(1, Math.round((nStreets * banks[0].length) / n)))
  const seeds: number[] = []
  banks.forEach((bank, b) => {
    const want = b === 0 ? nSouth : nStreets - nSouth
    const mine = [rng.pick(bank)]
    while (mine.length < want) {
      let best = bank[0]
      let bestD = -1
      for (const c of bank) {
        const d = Math.min(...mine.map((s) => dist(centres[c], centres[s])))
        if (d > bestD) {
          bestD = d
          best = c
        }
      }
      mine.push(best)
    }
    seeds.push(...mine)
  })
  const streetOf = new Array<number>(n).fill(-1)
  const members: number[][] = seeds.map((s, i) => {
    streetOf[s] = i
    return [s]
  })
  for (;;) {
    let grew = false
    const order = members.map((_, i) => i).sort((a, b) => members[a].length - members[b].length || a - b)
    for (const s of order) {
      let best = -1
      let bestD = Infinity
      for (const c of members[s])
        for (const m of neighbours(c)) {
          if (streetOf[m] !== -1) continue
          const d = dist(centres[m], centres[seeds[s]])
          if (d < bestD || (d === bestD && m < best)) {
            bestD = d
            best = m
          }
        }
      if (best >= 0) {
        streetOf[best] = s
        members[s].push(best)
        grew = true
        break
      }
    }
    if (!grew) break
  }
  members.forEach((m) => m.sort((a, b) => a - b))
  streetOf.forEach((s, c) => (cells[c].street = s))
  // Every street needs a residential superblock to host its communities.
  for (const m of members) {
    if (m.some((c) => cells[c].kind === 'residential')) continue
    cells[m[0]].kind = 'residential'
  }

  // Communities: one per residential superblock; others attach to a neighbour of the same street.
  const communities: Plan['communities'] = []
  for (let s = 0; s < members.length; s++)
    for (const c of members[s])
      if (cells[c].kind === 'residential') {
        cells[c].community = communities.length
        communities.push({ home: c, street: s, cells: [c] })
      }
  for (let pending = true; pending; ) {
    pending = false
    for (const c of all) {
      if (cells[c].community !== -1) continue
      const host = neighbours(c).find((m) => cells[m].street === cells[c].street && cells[m].community !== -1)
      if (host === undefined) {
        pending = true
        continue
      }
      cells[c].community = cells[host].community
      communities[cells[host].community].cells.push(c)
    }
  }

  // Service centres: each street's in its residential superblock nearest the street's middle; the
  // district's in the most central office superblock (or residential one if there is none).
  members.forEach((m) => {
    const mid = centroid(m.map((c) => centres[c]))
    const host = m.filter((c) => cells[c].kind === 'residential').sort((a, b) => dist(centres[a], mid) - dist(centres[b], mid))[0]
    cells[host].hostsStreetCenter = true
  })
  const dc = byRadius.find((c) => cells[c].kind === 'office') ?? byRadius.find((c) => cells[c].kind === 'residential')!
  cells[dc].hostsDistrictCenter = true

  return { cells, streets: members.map((m) => ({ cells: m })), communities }
}
