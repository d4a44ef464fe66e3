/**
 * The party organisation under an area as a flat, depth-limited tree (组织进楼: 党委 → 支部 → 小组 →
 * 中心户). Counts are over each node's whole subtree, so a node cut off by the depth limit still says
 * how many groups and 中心户 lie below it. Pure: rows in, nodes out.
 */

export interface OrgRow {
  id: string
  parentId: string | null
  kind: string
  name: string
  areaId: string
  buildingId: string | null
  members: number
  secretary: string | null
}

export interface OrgNode extends OrgRow {
  /** 0 for the roots (orgs whose parent lies outside the rows), 1 for their children … */
  depth: number
  /** Direct child orgs, whether or not they are in the answer. */
  childCount: number
  /** Building party groups (楼栋党小组) in the subtree, the node itself included. */
  groups: number
  /** 党员中心户 attached to orgs in the subtree. */
  households: number
}

/**
 * @param rows every org under the area (any order); a parent outside the rows makes a root
 * @param householdsByOrg 中心户 count per org id
 * @param maxDepth nodes deeper than this are left out (their counts stay in their ancestors')
 * @example orgTree(rows, new Map([['PO-G01B001', 2]]), 2)
 */
export function orgTree(rows: readonly OrgRow[], householdsByOrg: ReadonlyMap<string, number>, maxDepth: number): OrgNode[] {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const children = new Map<string | null, OrgRow[]>()
  for (const r of rows) {
    const parent = r.parentId !== null && byId.has(r.parentId) ? r.parentId : null
    const list = children.get(parent)
    if (list) list.push(r)
    else children.set(parent, [r])
  }
  const out: OrgNode[] = []
  // Iterative post-order: a district has thousands of groups, and imported trees may be deep.
  const totals = new Map<string, { groups: number; households: number }>()
  const order: { row: OrgRow; depth: number }[] = []
  const stack = (children.get(null) ?? []).slice().sort(byName).reverse().map((row) => ({ row, depth: 0 }))
  // Orgs caught in a parent cycle (bad imported data) are reached from no root and so left out.
  while (stack.length) {
    const item = stack.pop()!
    order.push(item)
    const kids = (children.get(item.row.id) ?? []).slice().sort(byName)
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ row: kids[i], depth: item.depth + 1 })
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const { row } = order[i]
    let groups = row.kind === 'building_group' ? 1 : 0
    let households = householdsByOrg.get(row.id) ?? 0
    for (const k of children.get(row.id) ?? []) {
      const t = totals.get(k.id)
      if (t) {
        groups += t.groups
        households += t.households
      }
    }
    totals.set(row.id, { groups, households })
  }
  for (const { row, depth } of order) {
    if (depth > maxDepth) continue
    out.push({ ...row, depth, childCount: children.get(row.id)?.length ?? 0, ...totals.get(row.id)! })
  }
  return out
}

/** Siblings in their natural order: 第2网格 before 第10网格. */
const collator = new Intl.Collator('zh-CN', { numeric: true })
function byName(a: OrgRow, b: OrgRow) {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
