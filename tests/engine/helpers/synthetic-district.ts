/**
 * A small seeded district for engine tests: a street lattice, some blocks walled compounds entered by one
 * gate, buildings (compound ones with entrance nodes, street ones off the network so they must be
 * snapped), stations of every status, and a district → street → community → grid tree.
 */
import type { AreaInput, BuildingInput, StationInput, StationStatus, WalkEdgeInput, WalkNodeInput } from '../../../server/engine/index.ts'
import { haversineM } from '../../../server/engine/lib/local-projection.ts'

export interface SyntheticDistrict {
  network: { nodes: WalkNodeInput[]; edges: WalkEdgeInput[] }
  buildings: BuildingInput[]
  areas: AreaInput[]
  stations: StationInput[]
}

export interface SyntheticOptions {
  seed?: number
  cols?: number
  rows?: number
  blockM?: number
  stations?: number
  walledShare?: number
}

export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LNG0 = 117.3, LAT0 = 31.8
const toLngLat = (x: number, y: number): [number, number] => [
  Math.round((LNG0 + x / (111_195 * Math.cos((LAT0 * Math.PI) / 180))) * 1e7) / 1e7,
  Math.round((LAT0 + y / 111_195) * 1e7) / 1e7,
]

export function syntheticDistrict(options: SyntheticOptions = {}): SyntheticDistrict {
  const { seed = 1, cols = 6, rows = 5, blockM = 150, stations: stationCount = 6, walledShare = 0.4 } = options
  const rand = rng(seed)
  const nodes: WalkNodeInput[] = []
  const edges: WalkEdgeInput[] = []
  const addNode = (x: number, y: number) => {
    nodes.push({ id: nodes.length + 1, lngLat: toLngLat(x, y) })
    return nodes.length
  }
  const addEdge = (a: number, b: number, compoundId: string | null) => {
    const pa = nodes[a - 1].lngLat, pb = nodes[b - 1].lngLat
    const lengthM = Math.round(haversineM(pa[0], pa[1], pb[0], pb[1]) * 100) / 100
    edges.push({ id: edges.length + 1, source: a, target: b, lengthM, compoundId, coords: [pa, pb] })
  }
  const grid: number[][] = []
  for (let j = 0; j <= rows; j++) {
    grid.push([])
    for (let i = 0; i <= cols; i++) grid[j].push(addNode(i * blockM, j * blockM))
  }
  for (let j = 0; j <= rows; j++) for (let i = 0; i < cols; i++) addEdge(grid[j][i], grid[j][i + 1], null)
  for (let j = 0; j < rows; j++) for (let i = 0; i <= cols; i++) addEdge(grid[j][i], grid[j + 1][i], null)
  const areas: AreaInput[] = [{ id: 'D', level: 'district', parentId: null, name: 'District' }]
  const streets = 2, communitiesPerStreet = 2
  for (let s = 0; s < streets; s++) {
    areas.push({ id: `D-S${s}`, level: 'street', parentId: 'D', name: `Street ${s}` })
    for (let c = 0; c < communitiesPerStreet; c++) {
      areas.push({ id: `D-S${s}-C${c}`, level: 'community', parentId: `D-S${s}`, name: `Community ${s}.${c}` })
    }
  }
  const buildings: BuildingInput[] = []
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const s = i < cols / 2 ? 0 : 1
      const c = j < rows / 2 ? 0 : 1
      const gridId = `D-S${s}-C${c}-G${j}.${i}`
      areas.push({ id: gridId, level: 'grid', parentId: `D-S${s}-C${c}`, name: `Grid ${j}.${i}` })
      const x0 = i * blockM, y0 = j * blockM
      const walled = rand() < walledShare
      const compoundId = walled ? `CP${j}.${i}` : null
      const n = 2 + Math.floor(rand() * 3)
      let path = -1
      if (walled) {
        // One gate on a random side: the compound's only way out.
        const side = Math.floor(rand() * 4)
        const mid = blockM / 2
        const [gx, gy] = [[x0 + mid, y0], [x0 + blockM, y0 + mid], [x0 + mid, y0 + blockM], [x0, y0 + mid]][side]
        const gate = addNode(gx, gy)
        // Split the street edge the gate sits on so the gate is a real junction.
        splitStreetAt(nodes, edges, gate)
        path = addNode(x0 + mid, y0 + mid)
        addEdge(gate, path, compoundId)
      }
      for (let k = 0; k < n; k++) {
        const bx = x0 + 30 + rand() * (blockM - 60), by = y0 + 30 + rand() * (blockM - 60)
        const residents = Math.floor(20 + rand() * 300)
        const households = Math.max(1, Math.floor(residents / 2.8))
        let entrance: [number, number]
        if (walled) {
          const door = addNode(bx, by)
          addEdge(door, path, compoundId)
          entrance = nodes[door - 1].lngLat
        } else entrance = toLngLat(bx, by)
        buildings.push({
          id: `B${buildings.length + 1}`,
          gridId,
          compoundId,
          residents,
          households,
          partyMemberHouseholds: Math.floor(households * 0.05 * rand()),
          entrance,
        })
      }
    }
  }
  const statuses: StationStatus[] = ['in_service', 'renovating', 'under_construction', 'planned']
  const kinds = ['community_center', 'compound_station', 'red_post']
  const stations: StationInput[] = []
  for (let k = 0; k < stationCount; k++) {
    const onX = rand() < 0.5
    const x = onX ? rand() * cols * blockM : Math.floor(rand() * (cols + 1)) * blockM
    const y = onX ? Math.floor(rand() * (rows + 1)) * blockM : rand() * rows * blockM
    stations.push({
      id: `ST${k + 1}`,
      kind: kinds[k % kinds.length],
      status: statuses[k % statuses.length],
      compoundId: null,
      lngLat: toLngLat(x + (rand() - 0.5) * 10, y + (rand() - 0.5) * 10),
    })
  }
  return { network: { nodes, edges }, buildings, areas, stations }
}

function splitStreetAt(nodes: WalkNodeInput[], edges: WalkEdgeInput[], node: number): void {
  const p = nodes[node - 1].lngLat
  for (const e of edges) {
    if (e.compoundId !== null) continue
    const a = nodes[e.source - 1].lngLat, b = nodes[e.target - 1].lngLat
    const along = haversineM(a[0], a[1], p[0], p[1]), rest = haversineM(p[0], p[1], b[0], b[1])
    if (Math.abs(along + rest - e.lengthM) > 0.05) continue
    const target = e.target
    e.target = node
    e.lengthM = Math.round(along * 100) / 100
    e.coords = [a, p]
    edges.push({ id: edges.length + 1, source: node, target, lengthM: Math.round(rest * 100) / 100, compoundId: null, coords: [p, b] })
    return
  }
  throw new Error('gate is not on a street')
}
