import { STATION_STATUS_MIX } from './config.ts'
import type { LngLat, StationKind, StationRecord, StationStatus } from '../dataset/index.ts'
import type { Rng } from './rng.ts'
import type { Areas } from './areas.ts'
import type { Content } from './content.ts'
import type { Lattice } from './lattice.ts'
import type { Network } from './network.ts'
import type { Plan } from './plan.ts'
import type { BldDraft } from './model.ts'
import { ORDINALS } from './names.ts'

/**
 * 党群服务阵地 "1+7+N": one district centre, one centre per street, one per community, then compound
 * stations, 红色驿站, 暖心驿家/快递小哥加油站 and 红色议事厅. Every station sits exactly on a walk node
 * (a building entrance or a road junction), so walking circles can start from it. Statuses follow
 * 包河区's mix (22 : 12 : 6 : 8); the district and street centres are always in service.
 */

const HOURS: Record<StationKind, string[]> = {
  district_center: ['周一至周日 8:30-17:30'],
  street_center: ['周一至周日 8:30-17:30', '周一至周六 8:30-18:00'],
  community_center: ['周一至周日 8:30-17:30', '周一至周六 8:00-18:00', '周一至周五 8:30-17:30，周末 9:00-12:00'],
  compound_station: ['周一至周五 9:00-17:00', '周一至周日 9:00-11:30，14:30-17:30'],
  red_post: ['全天24小时', '周一至周日 7:00-21:00'],
  rider_station: ['全天24小时', '周一至周日 7:00-22:00'],
  deliberation_room: ['每周三 14:30-17:30（议事日）', '按需预约开放'],
}
const AREA: Record<StationKind, [number, number]> = {
  district_center: [1500, 3000],
  street_center: [600, 1200],
  community_center: [300, 800],
  compound_station: [50, 200],
  red_post: [20, 60],
  rider_station: [20, 80],
  deliberation_room: [40, 120],
}
const SERVICES: Record<StationKind, string[]> = {
  district_center: ['党员教育', '组织关系接转', '政务服务', '志愿服务', '法律援助', '就业创业指导', '党建展览', '会议培训'],
  street_center: ['党员活动', '政务代办', '社会救助', '志愿服务', '矛盾调解', '就业服务', '老年助餐', '文体活动'],
  community_center: ['党员活动', '便民代办', '养老服务', '托育服务', '矛盾调解', '图书阅览', '健康咨询', '志愿服务', '四点半课堂'],
  compound_station: ['党员亮身份', '物业议事', '便民服务', '邻里互助', '政策宣传'],
  red_post: ['休息饮水', '手机充电', '应急药箱', '微波加热', '便民雨伞'],
  rider_station: ['休息饮水', '手机充电', '微波加热', '卫生间', '应急药箱', '法律咨询'],
  deliberation_room: ['居民议事', '矛盾调解', '协商共治', '红黑榜评议'],
}

export function buildStations(rng: Rng, net: Network, lat: Lattice, plan: Plan, content: Content, areas: Areas, k: number): StationRecord[] {
  const out: Omit<StationRecord, 'id' | 'status'>[] = []
  const communityOfBlock = (b: number) => areas.communityIds[plan.cells[content.blocks[b].cell].community]
  const all = content.blocks.flatMap((b) => b.buildings)
  const addr = (b: BldDraft) => `${b.road}${rng.int(1, 299)}号${b.compound ? b.compound.name + b.label : ''}`
  // Station names are unique: a repeated name gets the next free ordinal (…二站, …三站).
  const used = new Set<string>()
  const uniqueName = (name: string) => {
    let n = name
    for (let i = 2; used.has(n); i++) n = `${name}${ORDINALS[(i - 1) % ORDINALS.length]}站`
    used.add(n)
    return n
  }
  const at = (kind: StationKind, name0: string, areaId: string, b: BldDraft | null, lngLat: LngLat, address: string) => {
    const name = uniqueName(name0)
    const svc = SERVICES[kind]
    const keep = new Set(rng.shuffle(svc.slice()).slice(0, rng.int(3, svc.length)))
    out.push({
      name,
      kind,
      areaId,
      compoundId: b?.compound?.id ?? null,
      floorArea: Math.round(rng.range(AREA[kind][0], AREA[kind][1])),
      hours: rng.pick(HOURS[kind]),
      services: svc.filter((x) => keep.has(x)),
      address,
      lngLat,
    })
  }
  const atBuilding = (kind: StationKind, name: string, areaId: string, b: BldDraft) => at(kind, name, areaId, b, net.nodes[b.entrance].ll, addr(b))
  const byRole = (role: BldDraft['role']) => all.filter((b) => b.role === role)
  const fallback = (cells: number[]) => all.find((b) => cells.includes(content.blocks[b.block].cell) && !b.compound) ?? all[0]

  const dc = byRole('district_center')[0] ?? fallback([plan.cells.findIndex((c) => c.hostsDistrictCenter)])
  atBuilding('district_center', dc.name.endsWith('党群服务中心') ? dc.name : '区党群服务中心', areas.districtId, dc)
  const streetCentres = byRole('street_center')
  areas.streetIds.forEach((sid, s) => {
    const b = streetCentres.find((x) => plan.cells[content.blocks[x.block].cell].street === s) ?? fallback(plan.streets[s].cells)
    atBuilding('street_center', `${areas.streetNames[s]}党群服务中心`, sid, b)
  })
  const commCentres = byRole('community_center')
  plan.communities.forEach((c, ci) => {
    const b = commCentres.find((x) => content.blocks[x.block].cell === c.home) ?? fallback(c.cells)
    atBuilding('community_center', `${areas.communityNames[ci]}党群服务中心`, areas.communityIds[ci], b)
  })

  // Compound stations in larger compounds, at the building nearest the first gate.
  const hhOf = (c: Content['compounds'][number]) => c.buildings.reduce((s, b) => s + b.households, 0)
  const big = content.compounds.slice().sort((a, b) => hhOf(b) - hhOf(a) || a.id.localeCompare(b.id))
  const nComp = Math.min(big.length, Math.round(25 * k))
  const chosen = rng.shuffle(big.slice(0, Math.min(big.length, nComp * 3))).slice(0, nComp)
  chosen.sort((a, b) => a.id.localeCompare(b.id))
  const nearGate = (c: Content['compounds'][number]) => {
    const g = net.pt(c.gates[0].node)
    return c.buildings.slice().sort((a, b) => {
      const pa = net.pt(a.entrance)
      const pb = net.pt(b.entrance)
      return Math.hypot(pa.x - g.x, pa.y - g.y) - Math.hypot(pb.x - g.x, pb.y - g.y)
    })[0]
  }
  for (const c of chosen) atBuilding('compound_station', `${c.name}党群服务站`, communityOfBlock(c.block), nearGate(c))

  // 红色驿站 at arterial crossings (lattice nodes inside the district, off the river).
  const nodeCell = new Map<number, number>()
  for (const cell of lat.cells) for (const n of cell.region.n) if (!nodeCell.has(n)) nodeCell.set(n, cell.index)
  const crossings: { i: number; r: number }[] = []
  for (let i = 1; i < lat.nx; i++) for (let r = 1; r <= lat.ny; r++) crossings.push({ i, r })
  for (const { i, r } of rng.shuffle(crossings).slice(0, Math.round(10 * k))) {
    const node = lat.nodes[i][r]
    const cell = nodeCell.get(node)!
    const road = lat.colNames[i]
    at('red_post', `${road}红色驿站`, areas.communityIds[plan.cells[cell].community], null, net.nodes[node].ll, `${road}与${lat.rowNames[r]}交叉口`)
  }

  // 暖心驿家 / 快递小哥加油站 at markets, shops and office buildings (where riders wait).
  const commercial = all.filter((b) => b.role === 'market' || b.role === 'office' || b.role === 'shop')
  rng
    .shuffle(commercial.slice())
    .slice(0, Math.round(8 * k))
    .forEach((b, i) => {
      const place = b.road
      atBuilding('rider_station', i % 2 === 0 ? `${place}暖心驿家` : `${place}快递小哥加油站`, communityOfBlock(b.block), b)
    })

  // 红色议事厅: half in compounds, half in community centres.
  const nDelib = Math.round(8 * k)
  const delibCompounds = rng.shuffle(content.compounds.filter((c) => !chosen.includes(c))).slice(0, Math.ceil(nDelib / 2))
  for (const c of delibCompounds) atBuilding('deliberation_room', `${c.name}红色议事厅`, communityOfBlock(c.block), nearGate(c))
  rng
    .shuffle(commCentres.slice())
    .slice(0, nDelib - delibCompounds.length)
    .forEach((b) => atBuilding('deliberation_room', b.name.replace(/党群服务中心$/, '红色议事厅'), communityOfBlock(b.block), b))

  // Statuses: exact proportional counts (largest remainder), centres first in service.
  const mix = Object.entries(STATION_STATUS_MIX) as [StationStatus, number][]
  const total = mix.reduce((s, [, v]) => s + v, 0)
  const quota = mix.map(([s, v]) => ({ s, exact: (v * out.length) / total, n: Math.floor((v * out.length) / total) }))
  let left = out.length - quota.reduce((s, q) => s + q.n, 0)
  for (const q of quota.slice().sort((a, b) => b.exact - b.n - (a.exact - a.n))) if (left-- > 0) q.n++
  const fixed = out.filter((s) => s.kind === 'district_center' || s.kind === 'street_center').length
  const pool: StationStatus[] = []
  for (const q of quota) for (let i = 0; i < q.n; i++) pool.push(q.s)
  pool.splice(0, fixed) // the in-service quota comes first in `mix`; centres take from it
  rng.shuffle(pool)
  let p = 0
  return out.map((s, i) => ({
    id: `ZD${String(i + 1).padStart(4, '0')}`,
    name: s.name,
    kind: s.kind,
    status: s.kind === 'district_center' || s.kind === 'street_center' ? 'in_service' : pool[p++],
    areaId: s.areaId,
    compoundId: s.compoundId,
    floorArea: s.floorArea,
    hours: s.hours,
    services: s.services,
    address: s.address,
    lngLat: s.lngLat,
  }))
}
