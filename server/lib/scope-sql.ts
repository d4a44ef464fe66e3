import type { Scope } from '../domain/access/policy.ts'

/**
 * The SQL condition that keeps a query inside a principal's scope, with its values appended to `params`
 * (so it composes with any parameterised query). Cases carry their district, street, community and grid
 * ids, so an area's subtree is an equality on one of them; a department reaches the cases whistled
 * (吹哨) or dispatched to it.
 */
export function caseScopeSql(scope: Scope, alias: string, params: unknown[]): string {
  const parts: string[] = []
  if (scope.areaId !== null) {
    params.push(scope.areaId)
    const p = `$${params.length}`
    parts.push(`(${alias}.district_id = ${p} OR ${alias}.street_id = ${p} OR ${alias}.community_id = ${p} OR ${alias}.grid_id = ${p})`)
  }
  if (scope.department !== null) {
    params.push(scope.department)
    const p = `$${params.length}`
    parts.push(
      `((${alias}.dispatched_level = 'department' AND ${alias}.dispatched_to = ${p})
        OR EXISTS (SELECT 1 FROM case_escalations ce WHERE ce.case_id = ${alias}.id AND ce.department = ${p}))`,
    )
  }
  return parts.length ? parts.join(' AND ') : 'TRUE'
}

/** Whether an area (a building's grid, a worker's area …) lies in the scope's subtree. */
export function areaScopeSql(scope: Scope, areaExpr: string, params: unknown[]): string {
  if (scope.areaId === null) return 'TRUE'
  params.push(scope.areaId)
  return `area_in_scope(${areaExpr}, $${params.length})`
}
