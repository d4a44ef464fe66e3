import { describe, expect, it } from 'vitest'
import { orgTree, type OrgRow } from '../../server/domain/party/org-tree.ts'

/** The org tree's counts over whole subtrees, its depth cut, roots, order and tolerance of bad imports. */
const org = (id: string, parentId: string | null, kind: string, name = id, members = 1): OrgRow => ({
  id, parentId, kind, name, areaId: `A-${id}`, buildingId: kind === 'building_group' ? `B-${id}` : null, members, secretary: null,
})

const rows: OrgRow[] = [
  org('g10', 'b1', 'building_group', '第10楼党小组'),
  org('c', null, 'community_committee', '社区党委', 90),
  org('b1', 'c', 'grid_branch', '第1网格党支部', 40),
  org('g2', 'b1', 'building_group', '第2楼党小组'),
  org('b2', 'c', 'grid_branch', '第2网格党支部', 30),
  org('g3', 'b2', 'building_group', '第3楼党小组'),
]
const households = new Map([['g10', 2], ['g2', 1], ['g3', 3], ['b2', 1]])

describe('orgTree', () => {
  it('counts groups and 中心户 over each subtree and lists parents before children, siblings in natural order', () => {
    const nodes = orgTree(rows, households, 9)
    expect(nodes.map((n) => n.id)).toEqual(['c', 'b1', 'g2', 'g10', 'b2', 'g3'])
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n]))
    expect(byId.c).toMatchObject({ depth: 0, childCount: 2, groups: 3, households: 7, members: 90 })
    expect(byId.b1).toMatchObject({ depth: 1, childCount: 2, groups: 2, households: 3 })
    // A household attached to the branch itself counts there and above.
    expect(byId.b2).toMatchObject({ depth: 1, childCount: 1, groups: 1, households: 4 })
    expect(byId.g10).toMatchObject({ depth: 2, childCount: 0, groups: 1, households: 2 })
  })

  it('leaves out what lies deeper than asked but keeps it in the counts above', () => {
    const nodes = orgTree(rows, households, 1)
    expect(nodes.map((n) => n.id)).toEqual(['c', 'b1', 'b2'])
    expect(nodes.find((n) => n.id === 'b1')).toMatchObject({ childCount: 2, groups: 2, households: 3 })
    expect(orgTree(rows, households, 0).map((n) => n.id)).toEqual(['c'])
  })

  it('makes an org whose parent is outside the rows a root, and leaves out orgs caught in a parent cycle', () => {
    const part = rows.filter((r) => r.id !== 'c')
    expect(orgTree(part, households, 9).filter((n) => n.depth === 0).map((n) => n.id)).toEqual(['b1', 'b2'])
    const cyclic = [...rows, org('x', 'y', 'grid_branch'), org('y', 'x', 'grid_branch')]
    const nodes = orgTree(cyclic, households, 9)
    expect(nodes.map((n) => n.id)).toEqual(['c', 'b1', 'g2', 'g10', 'b2', 'g3'])
    expect(orgTree([], households, 3)).toEqual([])
  })
})
