import type pg from 'pg'
import { CENTRAL_HOUSEHOLD, ORG_RANK, PARTY_ROW_LABELS } from './vocabulary.ts'

/**
 * Each staged organisation's parent and each 中心户's organisation (parent_id in imp_party). A named
 * 上级组织 is looked up by code, name or id among the register's rows first, then among the organisations
 * already loaded, and must rank above the row (党委 above 支部 above 小组). Without one, an organisation
 * hangs from the organisation of the nearest enclosing area (a building group from its grid's branch,
 * a branch from its community's committee …; none for the top of what is loaded), and a 中心户 from its
 * building's group. A row whose named parent is rejected is rejected too (and so on down), so nothing
 * points at a row that is not written; implicit parents skip rejected rows.
 */
export async function linkParents(client: pg.PoolClient): Promise<void> {
  const rank = JSON.stringify(ORG_RANK)
  const kindName = JSON.stringify(Object.fromEntries(Object.entries(PARTY_ROW_LABELS).map(([k, n]) => [k, n[0]])))
  await client.query(`CREATE TEMP TABLE imp_party_orgs ON COMMIT DROP AS
    SELECT id, kind, name, NULL::text AS code, area_id, building_id, 0 AS source, 0 AS ord FROM party_orgs
    UNION ALL
    SELECT id, kind, name, code, area_id, building_id, 1, ord FROM imp_party WHERE kind <> $1 AND problem IS NULL`, [CENTRAL_HOUSEHOLD])

  // A named parent: the register's own rows win over what is loaded (a renamed committee is found by its new name).
  await client.query(
    `UPDATE imp_party r SET parent_id = (
       SELECT o.id FROM imp_party_orgs o WHERE r.parent IN (o.code, o.name, o.id) AND o.id <> r.id
       ORDER BY o.source DESC, (o.code IS NOT DISTINCT FROM r.parent) DESC, o.ord, o.id LIMIT 1)
     WHERE r.parent IS NOT NULL AND r.problem IS NULL`,
  )
  await client.query(
    `UPDATE imp_party SET problem = format('%s %L is neither in the register nor loaded', CASE WHEN kind = $1 THEN '所属组织' ELSE '上级组织' END, parent)
     WHERE parent IS NOT NULL AND parent_id IS NULL AND problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
  await client.query(
    `UPDATE imp_party r SET problem = format('上级组织 %L is a %s, which does not rank above a %s', r.parent, $3::json ->> o.kind, $3::json ->> r.kind)
     FROM imp_party_orgs o WHERE o.id = r.parent_id AND r.parent IS NOT NULL AND r.kind <> $1
       AND ($2::json ->> o.kind)::int >= ($2::json ->> r.kind)::int AND r.problem IS NULL`,
    [CENTRAL_HOUSEHOLD, rank, kindName],
  )

  await rejectOrphans(client)
  // Only organisations that will be written can be parents from here on.
  await client.query(`DELETE FROM imp_party_orgs o WHERE source = 1 AND NOT EXISTS (SELECT 1 FROM imp_party p WHERE p.id = o.id AND p.problem IS NULL)`)

  // The nearest enclosing area's organisation: a building group starts at its own grid, others one level up.
  await client.query(
    `UPDATE imp_party r SET parent_id = (
       WITH RECURSIVE up (id, parent_id, depth) AS (
         SELECT a.id, a.parent_id, 0 FROM areas a
         WHERE a.id = CASE WHEN r.building_id IS NOT NULL THEN r.area_id ELSE (SELECT p.parent_id FROM areas p WHERE p.id = r.area_id) END
         UNION ALL
         SELECT a.id, a.parent_id, up.depth + 1 FROM up JOIN areas a ON a.id = up.parent_id)
       SELECT o.id FROM up JOIN imp_party_orgs o ON o.area_id = up.id AND o.building_id IS NULL ORDER BY up.depth, o.source DESC LIMIT 1)
     WHERE r.kind NOT IN ($1, 'district_committee') AND r.parent IS NULL AND r.problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
  await client.query(
    `UPDATE imp_party r SET problem = format('its building''s 党小组 (%s) was rejected', f."where")
     FROM imp_party f WHERE f.kind = 'building_group' AND f.building_id = r.building_id AND f.problem IS NOT NULL AND f.id IS NOT NULL
       AND r.kind = $1 AND r.parent IS NULL AND r.problem IS NULL
       AND NOT EXISTS (SELECT 1 FROM imp_party_orgs o WHERE o.building_id = r.building_id AND o.kind = 'building_group')`,
    [CENTRAL_HOUSEHOLD],
  )
  await client.query(
    `UPDATE imp_party r SET parent_id = o.id FROM imp_party_orgs o
     WHERE o.building_id = r.building_id AND o.kind = 'building_group' AND r.kind = $1 AND r.parent IS NULL AND r.problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
  await client.query(
    `UPDATE imp_party SET problem = 'its building has no 党小组 in the register or loaded (a 党员中心户 belongs to its building''s party group); name one in 所属组织'
     WHERE kind = $1 AND parent_id IS NULL AND problem IS NULL`,
    [CENTRAL_HOUSEHOLD],
  )
}

/** Reject rows whose named parent is a rejected row of the register, down the chain. */
async function rejectOrphans(client: pg.PoolClient): Promise<void> {
  for (;;) {
    const { rowCount } = await client.query(
      `UPDATE imp_party r SET problem = format('its %s %s was rejected', CASE WHEN r.kind = $1 THEN '所属组织' ELSE '上级组织' END, f."where")
       FROM imp_party f WHERE f.id = r.parent_id AND f.problem IS NOT NULL AND r.problem IS NULL
         AND NOT EXISTS (SELECT 1 FROM imp_party g WHERE g.id = r.parent_id AND g.problem IS NULL)
         AND NOT EXISTS (SELECT 1 FROM party_orgs o WHERE o.id = r.parent_id)`,
      [CENTRAL_HOUSEHOLD],
    )
    if (!rowCount) break
  }
}
