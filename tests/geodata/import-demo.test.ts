import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { removeDemo } from '../../geodata/import/demo/remove-demo.ts'
import { ensureDemoData } from '../../server/db/seed.ts'
import { createImportDatabase, IMPORT_DB_SKIP, type ImportTestDatabase } from '../helpers/import-database.ts'

describe.skipIf(IMPORT_DB_SKIP)(`remove-demo${IMPORT_DB_SKIP ? ` (${IMPORT_DB_SKIP})` : ''}`, () => {
  let db: ImportTestDatabase
  beforeAll(async () => {
    db = await createImportDatabase('demo')
    await ensureDemoData(db.pool, { seed: 20240701, scale: 1 })
  }, 120_000)
  afterAll(async () => db?.drop())

  const one = async (sql: string) => (await db.pool.query(sql)).rows[0]

  it('removes the demo district in one step, after which real data imports without --clear-demo', async () => {
    const before = await one('SELECT revision, (SELECT count(*)::int FROM areas) AS areas FROM dataset_info')
    expect(before.areas).toBeGreaterThan(300)
    const dir = mkdtempSync(join(tmpdir(), 'remove-demo-'))
    const file = join(dir, 'district.geojson')
    const ring = [[116.3, 39.9], [116.31, 39.9], [116.31, 39.91], [116.3, 39.91], [116.3, 39.9]]
    writeFileSync(file, JSON.stringify({ type: 'Feature', properties: { name: '真实区', code: '110199' }, geometry: { type: 'Polygon', coordinates: [ring] } }))
    await expect(importAreas(db.pool, file, { level: 'district' })).rejects.toThrow(/--clear-demo/)

    const report = await removeDemo(db.pool)
    expect(report.details.removed).toMatchObject({ areas: before.areas })
    const after = await one(`SELECT revision, source, (SELECT count(*)::int FROM areas) AS areas, (SELECT count(*)::int FROM buildings) AS buildings,
      (SELECT count(*)::int FROM walk_edges) AS edges, (SELECT count(*)::int FROM area_totals) AS totals FROM dataset_info`)
    expect(after).toEqual({ revision: before.revision + 1, source: 'demo removed', areas: 0, buildings: 0, edges: 0, totals: 0 })
    await expect(removeDemo(db.pool)).rejects.toThrow(/no generated demo district/)

    const imported = await importAreas(db.pool, file, { level: 'district' })
    expect(imported.loaded.areas).toBe(1)
  })
})
