import { BASE_CELLS, BASE_COLS, BASE_ROWS, DEFAULT_CENTER, DEFAULT_SEED, DISTRICT_NAME, GENERATOR_VERSION, TARGETS } from './config.ts'
import type { BuildingRecord, CompoundRecord, Dataset, LanduseRecord, LngLat, PolygonCoords, PropertyCompanyRecord } from '../dataset/index.ts'
import type { Pt } from './geom.ts'
import type { BldDraft } from './model.ts'
import { Rng } from './rng.ts'
import { makeProjection, type Projection } from './projection.ts'
import { Network } from './network.ts'
import { NamePool, landline } from './names.ts'
import { buildLattice } from './lattice.ts'
import { makePlan } from './plan.ts'
import { buildContent } from './content.ts'
import { populate } from './population.ts'
import { buildAreas } from './areas.ts'
import { buildParty } from './party.ts'
import { buildStations } from './stations.ts'

export interface GenerateOptions {
  /** PRNG seed; same seed + scale ⇒ byte-identical output. */
  seed?: number
  /** Multiplies the number of superblocks (≈ √scale per axis) and everything in them. */
  scale?: number
  /** Centre of the local metric frame, [lng, lat]. */
  center?: LngLat
}

/** Figures that are not part of the dataset but useful when tuning (printed by the CLI). */
export interface GenerateStats {
  cols: number
  rows: number
  occupancy: number
  groupCoverage: number
}

const ring = (proj: Projection, pts: Pt[]): LngLat[] => {
  const r = pts.map((p) => proj.toLngLat(p))
  r.push(r[0])
  return r
}

export function generate(options: GenerateOptions = {}): { dataset: Dataset; stats: GenerateStats } {
  const seed = options.seed ?? DEFAULT_SEED
  const scale = options.scale ?? 1
  const center = options.center ?? DEFAULT_CENTER
  if (!Number.isInteger(seed)) throw new Error('seed must be an integer')
  if (!(scale > 0) || scale > 50) throw new Error('scale must be in (0, 50]')
  const root = new Rng(seed)
  const nx = Math.max(2, Math.round(BASE_COLS * Math.sqrt(scale)))
  const ny = Math.max(2, Math.round(BASE_ROWS * Math.sqrt(scale)))
  const k = (nx * ny) / BASE_CELLS

  const proj = makeProjection(center)
  const net = new Network(proj)
  const names = new NamePool(root.fork('names'))
  const lat = buildLattice(net, root.fork('lattice'), names, nx, ny)
  const plan = makePlan(net, lat, root.fork('plan'))
  const streetNames = plan.streets.map(() => names.street())
  const communityNames = plan.communities.map(() => names.community())
  const content = buildContent(net, root.fork('content'), names, lat, plan, streetNames, communityNames)
  const occupancy = populate(
    root.fork('population'),
    content.blocks.flatMap((b) => b.buildings),
    TARGETS.residents * k,
    TARGETS.residentsPerHousehold,
  )
  const areas = buildAreas(net, lat, plan, content, streetNames, communityNames, Math.ceil(TARGETS.grids * k))

  const gridBuildings = areas.grids.map((g) => g.buildings)
  gridBuildings.forEach((bs, gi) =>
    bs.forEach((b, i) => {
      b.id = `${areas.grids[gi].id}B${String(i + 1).padStart(3, '0')}`
      b.gridId = areas.grids[gi].id
    }),
  )
  const party = buildParty(root.fork('party'), areas, gridBuildings, Math.round(TARGETS.partyCentralHouseholds * k))

  // Property companies (红色物业): one per compound, except many old compounds (老旧小区) that are
  // self-managed. Round-robin first so every company manages something, then a skewed pick.
  const prng = root.fork('property')
  const nCompanies = Math.max(1, Math.round(TARGETS.propertyCompanies * k))
  const propertyCompanies: PropertyCompanyRecord[] = []
  for (let i = 0; i < nCompanies; i++)
    propertyCompanies.push({ id: `WY${String(i + 1).padStart(3, '0')}`, name: names.propertyCompany(), phone: landline(prng) })
  const weights = propertyCompanies.map((_, i) => 1 / (i + 3))
  const managed = content.compounds.filter((c) => !(c.era === 'old' && prng.chance(0.55)))
  const companyOf = new Map<string, string>()
  prng.shuffle(managed.slice()).forEach((c, i) =>
    companyOf.set(c.id, i < nCompanies ? propertyCompanies[i].id : prng.weighted(propertyCompanies, weights).id),
  )

  const communityOfCell = (cell: number) => areas.communityIds[plan.cells[cell].community]
  const compounds: CompoundRecord[] = content.compounds.map((c) => ({
    id: c.id,
    name: c.name,
    communityId: communityOfCell(content.blocks[c.block].cell),
    gridId: majorityGrid(c.buildings),
    propertyCompanyId: companyOf.get(c.id) ?? null,
    walled: true,
    builtYear: c.builtYear,
    geom: [ring(proj, c.geom)],
    gates: c.gates.map((g) => ({ id: g.id, name: g.name, lngLat: net.nodes[g.node].ll })),
  }))
  const buildings: BuildingRecord[] = gridBuildings.flat().map((b) => ({
    id: b.id,
    name: b.name,
    kind: b.kind,
    compoundId: b.compound?.id ?? null,
    gridId: b.gridId,
    floors: b.floors,
    households: b.households,
    residents: b.residents,
    partyMemberHouseholds: b.partyHouseholds,
    footprint: [ring(proj, b.footprint)],
    entrance: net.nodes[b.entrance].ll,
  }))
  const stations = buildStations(root.fork('stations'), net, lat, plan, content, areas, k)
  const { nodes, edges } = net.build()
  const landuse: LanduseRecord[] = content.landuse.map((l, i) => ({
    id: `LU${String(i + 1).padStart(4, '0')}`,
    kind: l.kind,
    name: l.name,
    geom: [ring(proj, l.geom)],
  }))

  const bbox = bboxOf(areas.districtGeom)
  const dataset: Dataset = {
    meta: { name: DISTRICT_NAME, seed, scale, version: GENERATOR_VERSION, center, bbox },
    areas: areas.records,
    propertyCompanies,
    compounds,
    buildings,
    partyOrgs: party.orgs,
    partyHouseholds: party.households,
    workers: party.workers,
    stations,
    walkNodes: nodes,
    walkEdges: edges,
    landuse,
  }
  return { dataset, stats: { cols: nx, rows: ny, occupancy, groupCoverage: party.coverage } }
}

/** The deterministic demo district. Pure: no I/O, no clock, no Math.random. */
export function generateDistrict(options?: { seed?: number; scale?: number }): Dataset {
  return generate(options).dataset
}

/** The grid holding most of a compound's households (a big compound can span two grids). */
function majorityGrid(bs: BldDraft[]): string {
  const hh = new Map<string, number>()
  for (const b of bs) hh.set(b.gridId, (hh.get(b.gridId) ?? 0) + b.households + 1e-3)
  return [...hh.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0]
}

function bboxOf(geom: PolygonCoords[]): [number, number, number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const poly of geom)
    for (const [x, y] of poly[0]) {
      if (x < minX) minX = x
      if (y < minY) minY = y
      if (x > maxX) maxX = x
      if (y > maxY) maxY = y
    }
  return [minX, minY, maxX, maxY]
}

