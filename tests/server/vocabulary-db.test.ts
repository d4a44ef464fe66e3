import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestApp, testDatabases, type TestApp } from '../helpers/databases.ts'
import * as vocab from '../../server/domain/vocabulary/index.ts'

/**
 * The migrations' CHECK constraints hold the same code lists as server/domain/vocabulary, so a migration
 * cannot drift from the code (and a new tuple value fails here until a migration widens the CHECK).
 */
const EXPECTED: Record<string, readonly string[]> = {
  'areas.level': vocab.AREA_LEVELS,
  'buildings.kind': vocab.BUILDING_KINDS,
  'party_orgs.kind': vocab.PARTY_ORG_KINDS,
  'workers.role': vocab.WORKER_ROLES,
  'stations.kind': vocab.STATION_KINDS,
  'stations.status': vocab.STATION_STATUSES,
  'cases.source': vocab.SOURCES,
  'cases.class_721': vocab.CLASSES_721,
  'cases.priority': vocab.PRIORITIES,
  'cases.status': vocab.CASE_STATUSES,
  'cases.reported_crs': vocab.INPUT_CRS,
  'cases.dispatched_level': vocab.DISPATCH_LEVELS,
  'cases.resolved_level': vocab.RESOLVED_LEVELS,
  'case_escalations.from_level': vocab.WHISTLE_LEVELS,
  'accounts.role': vocab.ROLES,
  'api_keys.purpose': vocab.KEY_PURPOSES,
  'api_keys.source': vocab.SOURCES,
  'audit_log.action': vocab.AUDIT_ACTIONS,
  'hotspot_alerts.status': vocab.HOTSPOT_STATUSES,
  'hotspot_alerts.closed_reason': vocab.HOTSPOT_CLOSE_REASONS,
  'planted_hotspots.origin': vocab.PLANT_ORIGINS,
  'plans.scenario': vocab.SCENARIOS,
}

/** The quoted text literals of a constraint or predicate, e.g. `ARRAY['a'::text, 'b'::text]` → [a, b]. */
const literals = (sql: string) => [...sql.matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => m[1]!.replaceAll("''", "'")).sort()
const sorted = (list: readonly string[]) => [...list].sort()

describe.each(testDatabases())('code lists on the $name database', (target) => {
  let t: TestApp
  beforeAll(async () => {
    t = await openTestApp(target)
  })
  afterAll(async () => {
    await t?.close()
  })

  /** Single-column CHECK constraints that list text values, as "table.column" → definition. */
  async function listChecks(): Promise<Map<string, string>> {
    const { rows } = await t.db.pool.query<{ col: string; def: string }>(
      `SELECT c.conrelid::regclass::text || '.' || a.attname AS col, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'c' AND c.connamespace = $1::regnamespace AND cardinality(c.conkey) = 1`,
      ['public'],
    )
    // A pattern check (`username ~ '^…$'`) holds text too, but no code list.
    return new Map(rows.filter((r) => /'::text/.test(r.def) && !/ ~ /.test(r.def)).map((r) => [r.col, r.def]))
  }

  it('has a CHECK for every code-list column, with exactly the tuple values', async () => {
    const checks = await listChecks()
    for (const [col, values] of Object.entries(EXPECTED)) {
      expect(checks.has(col), `${col} has a CHECK constraint`).toBe(true)
      expect(literals(checks.get(col)!), col).toEqual(sorted(values))
    }
  })

  it('has no code-list CHECK that the vocabulary does not know about', async () => {
    expect([...(await listChecks()).keys()].sort()).toEqual(Object.keys(EXPECTED).sort())
  })

  it('indexes open cases by the open statuses', async () => {
    const { rows } = await t.db.pool.query<{ pred: string }>(
      `SELECT pg_get_expr(i.indpred, i.indrelid) AS pred FROM pg_index i WHERE i.indexrelid = $1::regclass`,
      ['cases_open_geom_idx'],
    )
    expect(literals(rows[0]!.pred)).toEqual(sorted(vocab.OPEN_STATUSES))
  })
})
