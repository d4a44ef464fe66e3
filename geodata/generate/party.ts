import { DISTRICT_NAME } from './config.ts'
import type { PartyHouseholdRecord, PartyOrgRecord, WorkerRecord } from '../dataset/index.ts'
import type { Rng } from './rng.ts'
import type { Areas } from './areas.ts'
import type { BldDraft } from './model.ts'
import { mobile, personName } from './names.ts'

/**
 * Party organisation mirroring the areas (组织进楼): district committee → street working committees
 * → community committees → one branch per grid → building groups in most (not all) residential
 * buildings. Coverage of building groups is drawn per grid (mostly 72–95 %, some grids 50–70 %) so
 * leaders have differences to look at. `members` counts the party members organised under an org
 * (a building's members, summed upwards, plus staff at community, street and district level).
 * 党员中心户 are picked among party-member households of buildings that have a group.
 */

export interface PartyOut {
  orgs: PartyOrgRecord[]
  households: PartyHouseholdRecord[]
  workers: WorkerRecord[]
  /** Share of residential buildings with a group. */
  coverage: number
}

export function buildParty(rng: Rng, areas: Areas, gridBuildings: BldDraft[][], centralTarget: number): PartyOut {
  const orgs: PartyOrgRecord[] = []
  const groups: PartyOrgRecord[] = []
  const gridOrgs: PartyOrgRecord[] = []
  const grouped: BldDraft[] = []
  let resCount = 0

  areas.grids.forEach((g, gi) => {
    const homes = gridBuildings[gi].filter((b) => b.households > 0)
    resCount += homes.length
    const rate = rng.range(0.02, 0.035)
    for (const b of homes) b.partyHouseholds = rng.roundStochastic(b.households * rate)
    const small = homes.filter((b) => b.floors <= 3).length > homes.length / 2
    const coverage = (rng.chance(0.12) ? rng.range(0.5, 0.7) : rng.range(0.72, 0.95)) * (small ? 0.85 : 1)
    const order = homes.slice().sort((a, b) => b.partyHouseholds - a.partyHouseholds || b.households - a.households)
    const nGroups = Math.round(coverage * homes.length)
    order.forEach((b, i) => {
      if (i < nGroups) {
        b.hasGroup = true
        b.partyHouseholds = Math.max(1, b.partyHouseholds)
        b.partyMembers = Math.max(3, b.partyHouseholds + Math.round(b.partyHouseholds * rng.range(0.1, 0.4)))
        grouped.push(b)
      } else b.partyMembers = b.partyHouseholds + Math.round(b.partyHouseholds * 0.2)
    })
    const gid = `PO-${g.id}`
    const members = Math.max(3, homes.reduce((s, b) => s + b.partyMembers, 0) + rng.int(1, 3))
    gridOrgs.push({ id: gid, kind: 'grid_branch', name: `${g.name}党支部`, areaId: g.id, buildingId: null, parentId: `PO-${areas.communityIds[g.community]}`, members, secretary: personName(rng) })
    for (const b of order)
      if (b.hasGroup)
        groups.push({ id: `PO-${b.id}`, kind: 'building_group', name: `${b.name}党小组`, areaId: g.id, buildingId: b.id, parentId: gid, members: b.partyMembers, secretary: personName(rng) })
  })

  const commMembers = areas.communityIds.map(() => 0)
  areas.grids.forEach((g, gi) => (commMembers[g.community] += gridOrgs[gi].members))
  const streetOfComm = areas.communityIds.map((cid) => areas.streetIds.findIndex((s) => cid.startsWith(s + 'C')))
  const streetMembers = areas.streetIds.map(() => 0)
  const commOrgs: PartyOrgRecord[] = areas.communityIds.map((cid, ci) => {
    const members = commMembers[ci] + rng.int(3, 6)
    streetMembers[streetOfComm[ci]] += members
    return { id: `PO-${cid}`, kind: 'community_committee', name: `中共${areas.communityNames[ci]}委员会`, areaId: cid, buildingId: null, parentId: `PO-${areas.streetIds[streetOfComm[ci]]}`, members, secretary: personName(rng) }
  })
  const streetOrgs: PartyOrgRecord[] = areas.streetIds.map((sid, si) => ({
    id: `PO-${sid}`,
    kind: 'street_working_committee',
    name: `中共${DISTRICT_NAME}${areas.streetNames[si]}工作委员会`,
    areaId: sid,
    buildingId: null,
    parentId: `PO-${areas.districtId}`,
    members: streetMembers[si] + rng.int(15, 30),
    secretary: personName(rng),
  }))
  orgs.push({
    id: `PO-${areas.districtId}`,
    kind: 'district_committee',
    name: `中共${DISTRICT_NAME}委员会`,
    areaId: areas.districtId,
    buildingId: null,
    parentId: null,
    members: streetOrgs.reduce((s, o) => s + o.members, 0) + rng.int(300, 500),
    secretary: personName(rng),
  })
  orgs.push(...streetOrgs, ...commOrgs, ...gridOrgs, ...groups)

  // 党员中心户: spread the target over grouped buildings in proportion to their party households.
  const pool = grouped.reduce((s, b) => s + b.partyHouseholds, 0)
  const households: PartyHouseholdRecord[] = []
  for (const b of grouped) {
    const n = Math.min(b.partyHouseholds, rng.roundStochastic((b.partyHouseholds * centralTarget) / Math.max(1, pool)))
    for (let i = 0; i < n; i++)
      households.push({ id: `PH${String(households.length + 1).padStart(5, '0')}`, buildingId: b.id, orgId: `PO-${b.id}`, householder: personName(rng), phone: mobile(rng) })
  }

  // People on the ground: grid worker(s) and a police liaison per grid, 4–8 community workers.
  const workers: WorkerRecord[] = []
  const worker = (role: WorkerRecord['role'], areaId: string) =>
    workers.push({ id: `W${String(workers.length + 1).padStart(5, '0')}`, name: personName(rng), phone: mobile(rng), role, areaId })
  areas.grids.forEach((g) => {
    worker('grid_worker', g.id)
    if (g.households > 450 || rng.chance(0.12)) worker('grid_worker', g.id)
    worker('police_liaison', g.id)
  })
  for (const cid of areas.communityIds) for (let i = rng.int(4, 8); i > 0; i--) worker('community_worker', cid)

  return { orgs, households, workers, coverage: grouped.length / Math.max(1, resCount) }
}
