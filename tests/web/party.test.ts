/**
 * 组织进楼 in the drill-down: the flat org list as the panel's nested tree, what clicking an org does,
 * the 中心户 map layer, and useParty's loading rules (the layer only from community level down and
 * while switched on, nothing outside the user's scope, no stale area on the map).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef, type EffectScope } from 'vue'
import type { CasesNearBuilding, CasesNearHouseholds, HouseholdBuildingCollection, PartyOrgNode, PartyOrgTree } from '../../web/src/api/party.ts'
import type { AreaLevel } from '../../web/src/api/types.ts'
import { useParty } from '../../web/src/composables/useParty.ts'
import { HOUSEHOLD_RADIUS_STEPS, householdRadius, PARTY_HOUSEHOLDS_LAYER, partyLayers } from '../../web/src/layers/party-layers.ts'
import { GOLD } from '../../web/src/layers/palette.ts'
import { buildPartyTree, initiallyOpen, orgAction, type TreeOrg } from '../../web/src/model/party-tree.ts'
import { fakeRoute, settle } from './fake-api.ts'
import { byId, call, ids } from './layer-helpers.ts'

const node = (id: string, parentId: string | null, kind: PartyOrgNode['kind'], o: Partial<PartyOrgNode> = {}): PartyOrgNode => ({
  id, parentId, kind, kindName: kind, name: id, areaId: 'grid-1', buildingId: null, depth: 0, members: 10, secretary: null,
  childCount: 0, groups: 0, households: 0, ...o,
})

describe('buildPartyTree', () => {
  it('nests orgs under their parents, hangs 中心户 under their groups and counts the children left out', () => {
    const tree = buildPartyTree({
      nodes: [
        node('c', null, 'community_committee', { areaId: 'com-1', childCount: 3 }),
        node('b1', 'c', 'grid_branch', { childCount: 1 }),
        node('g1', 'b1', 'building_group', { buildingId: 'B1' }),
        node('b2', 'c', 'grid_branch', { areaId: 'grid-2', childCount: 4 }),
      ],
      households: [{ id: 'h1', orgId: 'g1', buildingId: 'B1', householder: '张*', phone: '********678' }, { id: 'hx', orgId: 'gone', buildingId: 'B9', householder: null, phone: null }],
    })
    expect(tree.map((r) => r.id)).toEqual(['c'])
    const [c] = tree
    expect(c.children.map((x) => x.id)).toEqual(['b1', 'b2'])
    expect(c.hiddenChildren).toBe(1)
    const b1 = c.children[0] as TreeOrg
    const b2 = c.children[1] as TreeOrg
    expect(b1.hiddenChildren).toBe(0)
    expect(b2.hiddenChildren).toBe(4)
    const g1 = b1.children[0] as TreeOrg
    expect(g1.children).toEqual([{ kind: 'household', id: 'h1', buildingId: 'B1', householder: '张*', phone: '********678' }])
    expect(initiallyOpen(tree)).toEqual(new Set(['c']))
  })

  it('makes an org whose parent is not in the list a root', () => {
    const tree = buildPartyTree({ nodes: [node('b1', 'elsewhere', 'grid_branch'), node('b2', null, 'grid_branch')], households: [] })
    expect(tree.map((r) => r.id)).toEqual(['b1', 'b2'])
  })
})

describe('orgAction', () => {
  it('selects a group’s building, drills into another area’s org, and toggles one of the area shown', () => {
    expect(orgAction({ kind: 'building_group', areaId: 'grid-1', buildingId: 'B1' }, 'grid-1')).toEqual({ do: 'building', buildingId: 'B1', gridId: 'grid-1' })
    expect(orgAction({ kind: 'grid_branch', areaId: 'grid-2', buildingId: null }, 'com-1')).toEqual({ do: 'drill', areaId: 'grid-2' })
    expect(orgAction({ kind: 'community_committee', areaId: 'com-1', buildingId: null }, 'com-1')).toEqual({ do: 'toggle' })
  })
})

const households = (counts: number[], area = 'com-1'): HouseholdBuildingCollection => ({
  type: 'FeatureCollection',
  area: { id: area, name: area, level: 'community' },
  features: counts.map((n, i) => ({
    type: 'Feature',
    id: `B${i}`,
    geometry: { type: 'Point', coordinates: [120 + i / 1000, 30] },
    properties: { id: `B${i}`, name: `${i}号楼`, gridId: 'grid-1', floors: 6, households: n, groupId: null, groupName: null, branchId: null, branchName: null },
  })),
})

describe('partyLayers', () => {
  it('draws nothing without data, and a dot per building sized by its 中心户 count', () => {
    expect(partyLayers({ households: null, hoveredId: null })).toEqual([])
    const fc = households([1, 2, 5])
    const layers = partyLayers({ households: fc, hoveredId: null })
    expect(ids(layers)).toEqual([PARTY_HOUSEHOLDS_LAYER])
    const l = byId(layers, PARTY_HOUSEHOLDS_LAYER)
    expect(l.props.data).toBe(fc.features)
    expect(fc.features.map((f) => call(l, 'getRadius', f))).toEqual([5, 7, 9])
    expect(HOUSEHOLD_RADIUS_STEPS.map((s) => householdRadius(s.min))).toEqual([5, 7, 9])
    expect(householdRadius(0)).toBe(0)
    expect(call(l, 'getLineColor', fc.features[0])).toEqual(GOLD)
    expect(call(l, 'getPosition', fc.features[0])).toEqual([120, 30, 0])
  })

  it('puts the dots on the roofs of extruded buildings and rings the hovered and highlighted ones', () => {
    const fc = households([1, 1, 1])
    const l = byId(partyLayers({ households: fc, hoveredId: 'B0', highlightIds: ['B2'] }, { floorHeight: 3 }), PARTY_HOUSEHOLDS_LAYER)
    expect(call(l, 'getPosition', fc.features[1])).toEqual([120.001, 30, 19])
    expect(fc.features.map((f) => call(l, 'getRadius', f))).toEqual([7, 5, 7])
    expect(call(l, 'getLineColor', fc.features[1])).toEqual(GOLD)
    expect(call(l, 'getLineColor', fc.features[2])).not.toEqual(GOLD)
    expect(l.props.updateTriggers).toMatchObject({ getRadius: 'B0,B2', getPosition: 3 })
  })
})

let scope: EffectScope | undefined
afterEach(() => scope?.stop())

function setup(start: { id: string; level: AreaLevel } | null, enabled = true) {
  const routes = {
    orgs: fakeRoute<{ area: string }, PartyOrgTree>(),
    households: fakeRoute<{ area: string }, HouseholdBuildingCollection>(),
    casesNear: fakeRoute<{ area: string }, CasesNearHouseholds>(),
    building: fakeRoute<{ id: string }, CasesNearBuilding>(),
  }
  const area = shallowRef(start)
  const on = shallowRef(enabled)
  const buildingId = shallowRef<string | null>(null)
  scope = effectScope()
  const p = scope.run(() =>
    useParty({
      area, enabled: on, buildingId,
      fetcher: {
        orgs: (q, signal) => routes.orgs.fn({ area: q.area }, signal),
        households: (q, signal) => routes.households.fn({ area: q.area }, signal),
        casesNear: (q, signal) => routes.casesNear.fn({ area: q.area }, signal),
        buildingCasesNear: (id, _q, signal) => routes.building.fn({ id }, signal),
      },
    }),
  )!
  return { routes, area, on, buildingId, p }
}

describe('useParty', () => {
  it('reads the tree and nearby cases of every area, the layer only at community and grid level while on', async () => {
    const { routes, area, p } = setup({ id: 'street-1', level: 'street' })
    expect(routes.orgs.calls.map((c) => c.arg)).toEqual([{ area: 'street-1' }])
    expect(routes.casesNear.calls.map((c) => c.arg)).toEqual([{ area: 'street-1' }])
    expect(routes.households.calls).toHaveLength(0)
    expect(p.layerLevel.value).toBe(false)
    area.value = { id: 'com-1', level: 'community' }
    await nextTick()
    expect(routes.households.calls.map((c) => c.arg)).toEqual([{ area: 'com-1' }])
    const fc = households([2])
    routes.households.last().resolve(fc)
    await settle()
    expect(p.households.value).toBe(fc)
    p.layerOn.value = false
    await nextTick()
    expect(p.households.value).toBe(null)
    p.layerOn.value = true
    await nextTick()
    expect(routes.households.calls).toHaveLength(1) // same area: the answer in hand is shown again
    expect(p.households.value).toBe(fc)
  })

  it('shows no layer of the previous area while the next one loads', async () => {
    const { routes, area, p } = setup({ id: 'com-1', level: 'community' })
    routes.households.last().resolve(households([1], 'com-1'))
    await settle()
    area.value = { id: 'grid-1', level: 'grid' }
    await nextTick()
    expect(p.households.value).toBe(null)
    routes.households.last().resolve(households([1, 3], 'grid-1'))
    await settle()
    expect(p.households.value?.area.id).toBe('grid-1')
  })

  it('asks nothing outside the user’s scope, and follows the selected building', async () => {
    const { routes, on, buildingId } = setup({ id: 'com-9', level: 'community' }, false)
    buildingId.value = 'B7'
    await nextTick()
    expect([routes.orgs.calls.length, routes.households.calls.length, routes.casesNear.calls.length, routes.building.calls.length]).toEqual([0, 0, 0, 0])
    on.value = true
    await nextTick()
    expect(routes.building.calls.map((c) => c.arg)).toEqual([{ id: 'B7' }])
    expect(routes.orgs.calls).toHaveLength(1)
  })
})
