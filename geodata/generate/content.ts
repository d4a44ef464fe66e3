import { DISTRICT_NAME, GEOMETRY, RIVER_NAME } from './config.ts'
import { signedArea, type Pt } from './geom.ts'
import type { LanduseKind } from '../dataset/index.ts'
import type { Lattice } from './lattice.ts'
import type { Network } from './network.ts'
import type { NamePool } from './names.ts'
import type { Rng } from './rng.ts'
import type { Plan } from './plan.ts'
import type { Block, CompoundDraft, Era } from './model.ts'
import { subdivide } from './blocks.ts'
import { buildCompound } from './compounds.ts'
import { buildOldNeighbourhood } from './oldhood.ts'
import { buildFrontage, type FrontSpec } from './frontage.ts'
import { buildPark } from './parks.ts'
import * as P from './programs.ts'

/**
 * Fills every superblock: subdivides it into blocks and decides what each block is (compound, old
 * neighbourhood, community service block, school, shop street, pocket park, old factory, offices),
 * or, for special superblocks, which institution occupies it (hospital, office district, industrial
 * park, middle school) or whether it is a park.
 */

export interface LanduseDraft {
  kind: LanduseKind
  name: string
  geom: Pt[]
}

export interface Content {
  blocks: Block[]
  compounds: CompoundDraft[]
  landuse: LanduseDraft[]
}

/** Share of ordinary blocks of residential superblocks given to other uses (keeps density realistic). */
const OTHER_USE_SHARE = 0.5
/** Chance that a block is an open old neighbourhood: in the old town, elsewhere (urban-village pockets). */
const OLD_HOOD = { oldTown: 0.5, elsewhere: 0.02 }
const SCHOOL_CHANCE = 0.6
const ORD = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

export function buildContent(
  net: Network,
  rng: Rng,
  names: NamePool,
  lat: Lattice,
  plan: Plan,
  streetNames: string[],
  communityNames: string[],
): Content {
  const blocks: Block[] = []
  const compounds: CompoundDraft[] = []
  const landuse: LanduseDraft[] = []
  let hospitals = 0
  let campuses = 0
  const newBlock = (cell: number, region: Block['region'], use: Block['use'], label = ''): Block => {
    const b: Block = { index: blocks.length, cell, region, use, buildings: [], compound: null, site: null, label }
    region.block = b.index
    blocks.push(b)
    return b
  }
  const front = (r: Rng, b: Block, place: string, p: P.Programme, extra: FrontSpec[] = [], kind?: LanduseKind) => {
    buildFrontage(net, r, b, place, [...extra, ...p.core], p.fill, p.maxFill)
    if (kind && b.site) landuse.push({ kind, name: b.label, geom: b.site })
  }

  for (const cell of lat.cells) {
    const pc = plan.cells[cell.index]
    const r = rng.fork(`cell-${cell.index}`)
    const community = communityNames[pc.community]
    if (pc.kind === 'park') {
      const b = newBlock(cell.index, cell.region, 'park', names.uniqueOf(() => `${names.placeWord()}公园`))
      const geom = buildPark(net, r, cell.region)
      if (geom) landuse.push({ kind: 'park', name: b.label, geom })
      continue
    }
    const residential = pc.kind === 'residential'
    const leaves = subdivide(net, r, cell.region, {
      split: residential ? GEOMETRY.residentialSplit : GEOMETRY.specialSplit,
      minBlock: residential ? GEOMETRY.minBlock : GEOMETRY.minBlock + 40,
      deadEndShare: GEOMETRY.deadEndShare,
      roadName: () => names.road('local'),
    })
    const mine = leaves.map((leaf) => newBlock(cell.index, leaf, 'compound'))
    // Service centres hosted here go first on the first (or service) block's street front.
    const centres: FrontSpec[] = []
    if (pc.hostsDistrictCenter) centres.push(P.centreSpec.district(`${DISTRICT_NAME}党群服务中心`))
    if (pc.hostsStreetCenter) centres.push(P.centreSpec.street(`${streetNames[pc.street]}党群服务中心`))

    if (residential) {
      // One community service block (the smallest), maybe a primary school (the largest left).
      const area = (b: Block) => signedArea(b.region.n.map((id) => net.pt(id)))
      const bySize = mine.slice().sort((a, b) => area(a) - area(b))
      const pub = bySize[0]
      pub.use = 'public'
      pub.label = `${community}服务街坊`
      const services = P.communityServices(community)
      buildFrontage(net, r, pub, community, [services.core[0], ...centres, ...services.core.slice(1)], services.fill, services.maxFill)
      if (mine.length > 3 && r.chance(SCHOOL_CHANCE)) {
        const sch = bySize[bySize.length - 1]
        sch.use = 'school'
        sch.label = names.uniqueOf(() => `${names.placeWord()}小学`)
        front(r, sch, sch.label, P.PRIMARY_SCHOOL, [], 'school')
      }
      for (const b of mine) if (b.use === 'compound') residentialBlock(r, b, pc.oldTown, pc.radius, community)
      continue
    }

    mine.forEach((b, i) => {
      const first = i === 0 ? centres : []
      if (pc.kind === 'hospital') {
        if (i === 0) hospitals++
        b.use = 'hospital'
        b.label = hospitals === 1 ? `${DISTRICT_NAME}人民医院` : `${DISTRICT_NAME}第${ORD[(hospitals - 1) % 10]}人民医院`
        front(r, b, b.label, i === 0 ? P.HOSPITAL : { ...P.HOSPITAL, core: [] }, first, 'hospital')
      } else if (pc.kind === 'office') {
        b.use = 'office'
        b.label = names.uniqueOf(() => `${names.placeWord()}商务区`)
        front(r, b, b.label, P.OFFICE_DISTRICT, i === 0 ? [...first, P.govServices(DISTRICT_NAME)] : [], 'commercial')
      } else if (pc.kind === 'industrial') {
        b.use = 'industrial'
        b.label = i === 0 ? names.uniqueOf(() => `${DISTRICT_NAME.replace(/区$/, '')}${names.placeWord()}产业园`) : mine[0].label
        front(r, b, b.label, P.INDUSTRIAL_PARK, first, 'industrial')
      } else {
        if (i === 0) campuses++
        b.use = 'campus'
        b.label = i === 0 ? names.uniqueOf(() => `${DISTRICT_NAME}第${ORD[(campuses - 1) % 10]}中学`) : mine[0].label
        front(r, b, b.label, i === 0 ? P.MIDDLE_SCHOOL : { ...P.MIDDLE_SCHOOL, core: [] }, first, 'school')
      }
    })
  }

  /**
   * An ordinary block of a residential superblock: mostly a walled compound (era by distance from
   * the centre), largely open old neighbourhoods in the old town, else one of the other uses.
   */
  function residentialBlock(r: Rng, b: Block, oldTown: boolean, radius: number, community: string) {
    const roll = r.float()
    if (roll < (oldTown ? OLD_HOOD.oldTown : OLD_HOOD.elsewhere)) {
      b.use = 'oldhood'
      b.label = `${names.placeWord()}老街区`
      if (buildOldNeighbourhood(net, r, names, b)) return
    } else if (!oldTown && roll > 1 - OTHER_USE_SHARE) {
      otherUse(r, b)
      return
    }
    const era: Era = oldTown ? 'old' : r.weighted<Era>(['old', 'mid', 'new'], [0.7 - 0.35 * radius, 0.25 + 0.15 * radius, 0.05 + 0.2 * radius])
    const c = buildCompound(net, r, names, b, era, `XQ${String(compounds.length + 1).padStart(4, '0')}`)
    if (c) {
      b.use = 'compound'
      b.compound = c
      b.buildings.push(...c.buildings)
      b.site = c.geom
      b.label = c.name
      compounds.push(c)
    } else {
      b.use = 'mixed'
      b.label = `${community}商住街坊`
      buildFrontage(net, r, b, community, [], [P.MIXED, P.SHOPS])
    }
  }

  function otherUse(r: Rng, b: Block) {
    const kind = r.weighted(['mixed', 'green', 'industrial', 'office'] as const, [0.35, 0.3, 0.15, 0.2])
    if (kind === 'green') {
      b.use = 'green'
      b.label = names.uniqueOf(() => `${names.placeWord()}游园`)
      const geom = buildPark(net, r, b.region)
      if (geom) landuse.push({ kind: 'park', name: b.label, geom })
    } else if (kind === 'mixed') {
      b.use = 'mixed'
      b.label = names.uniqueOf(() => `${names.placeWord()}商业街`)
      front(r, b, b.label, P.SHOP_STREET, [], 'commercial')
    } else if (kind === 'industrial') {
      b.use = 'industrial'
      b.label = names.uniqueOf(() => r.pick(P.FACTORIES))
      front(r, b, b.label, P.OLD_FACTORY, [], 'industrial')
    } else {
      b.use = 'office'
      b.label = names.uniqueOf(() => `${names.placeWord()}大厦`)
      front(r, b, b.label, P.OFFICE_BLOCK, [], 'commercial')
    }
  }

  landuse.unshift(
    { kind: 'water', name: RIVER_NAME, geom: lat.water },
    { kind: 'green', name: `${RIVER_NAME}南岸滨河绿带`, geom: lat.embankments[0] },
    { kind: 'green', name: `${RIVER_NAME}北岸滨河绿带`, geom: lat.embankments[1] },
  )
  return { blocks, compounds, landuse }
}
