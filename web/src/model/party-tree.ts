/**
 * The server's flat org list (parents first) as a nested tree for the panel, with the 中心户 hung under
 * their groups as leaves. Pure, so the panel's tree is tested without a browser.
 */
import type { PartyOrgNode, PartyOrgTree } from '../api/party.ts'

export interface TreeOrg {
  kind: 'org'
  id: string
  org: PartyOrgNode
  children: TreeItem[]
  /** Child orgs the server left out (below the depth asked for). */
  hiddenChildren: number
}

export interface TreeHousehold {
  kind: 'household'
  id: string
  buildingId: string
  householder: string | null
  phone: string | null
}

export type TreeItem = TreeOrg | TreeHousehold

export function buildPartyTree(tree: Pick<PartyOrgTree, 'nodes' | 'households'>): TreeOrg[] {
  const byId = new Map<string, TreeOrg>()
  const roots: TreeOrg[] = []
  for (const org of tree.nodes) {
    const item: TreeOrg = { kind: 'org', id: org.id, org, children: [], hiddenChildren: org.childCount }
    byId.set(org.id, item)
    const parent = org.parentId === null ? undefined : byId.get(org.parentId)
    if (parent) {
      parent.children.push(item)
      parent.hiddenChildren--
    } else roots.push(item)
  }
  for (const h of tree.households) {
    byId.get(h.orgId)?.children.push({ kind: 'household', id: h.id, buildingId: h.buildingId, householder: h.householder, phone: h.phone })
  }
  return roots
}

/** Ids of the orgs open at first: the roots, so the level below the current one shows. */
export function initiallyOpen(roots: readonly TreeOrg[]): Set<string> {
  return new Set(roots.map((r) => r.id))
}

/**
 * What clicking an org does in the drill-down: a building group selects its building, an org with an area
 * other than the one shown drills there, anything else just opens or closes.
 */
export function orgAction(org: Pick<PartyOrgNode, 'kind' | 'areaId' | 'buildingId'>, currentAreaId: string):
  | { do: 'building'; buildingId: string; gridId: string }
  | { do: 'drill'; areaId: string }
  | { do: 'toggle' } {
  if (org.kind === 'building_group' && org.buildingId) return { do: 'building', buildingId: org.buildingId, gridId: org.areaId }
  if (org.areaId !== currentAreaId) return { do: 'drill', areaId: org.areaId }
  return { do: 'toggle' }
}
