/**
 * A real district end to end: the Beijing Haidian OpenStreetMap sample imported under boundaries of our
 * own (district → street → community), grids drawn by `grids --auto`, and a stations register in Chinese
 * written here; then the wall display, the drill-down to a building and the planner's coverage work on it
 * in headless Chromium exactly as on the demo. Needs Chromium, TEST_DATABASE_URL (the import goes into a
 * database of its own there) and ../shared/geodata-raw.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../geodata/import/areas/import-areas.ts'
import { autoGrids } from '../../geodata/import/grids/auto-grids.ts'
import { importOsm } from '../../geodata/import/osm/import-osm.ts'
import { importStations } from '../../geodata/import/stations/import-stations.ts'
import { createImportDatabase, IMPORT_DB_SKIP, RAW, type ImportTestDatabase } from '../helpers/import-database.ts'
import { startServerOn } from './app-server.ts'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { clickAt, STEP_TIMEOUT, useBrowserSession } from './session.ts'

const HAIDIAN_PBF = join(RAW, 'beijing-haidian-cau-osm/map.osm.pbf')
const missing = !hasChromium
  ? `${CHROMIUM_PATH} not found (apt-get install chromium)`
  : IMPORT_DB_SKIP ?? (existsSync(HAIDIAN_PBF) ? null : `${HAIDIAN_PBF} not found (../shared/geodata-raw is absent)`)
if (missing) console.warn(`[e2e] imported district skipped: ${missing}`)

const DISTRICT = { id: 'area-110108', name: '样例区' }
const COMMUNITY = 'area-110108001001'

describe.skipIf(!!missing)(`an imported district in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let db: ImportTestDatabase
  beforeAll(async () => {
    db = await createImportDatabase('e2e')
    const dir = mkdtempSync(join(tmpdir(), 'imported-district-'))
    // Boundaries around the Haidian extract, one per level, as a district's GIS officer would bring them.
    const ring = [[116.343, 39.997], [116.361, 39.997], [116.361, 40.01], [116.343, 40.01], [116.343, 39.997]]
    for (const [level, name, code] of [['district', DISTRICT.name, '110108'], ['street', '样例街道', '110108001'], ['community', '样例社区', '110108001001']] as const) {
      const f = join(dir, `${level}.geojson`)
      writeFileSync(f, JSON.stringify({ type: 'Feature', properties: { name, code }, geometry: { type: 'Polygon', coordinates: [ring] } }))
      await importAreas(db.pool, f, { level })
    }
    await importOsm(db.pool, HAIDIAN_PBF)
    await autoGrids(db.pool, { targetHouseholds: 400 })
    // Three stations on buildings spread over the sample, in a register with Chinese headers.
    const { rows } = await db.pool.query(
      `SELECT ST_X(ST_PointOnSurface(footprint)) AS lng, ST_Y(ST_PointOnSurface(footprint)) AS lat
       FROM buildings ORDER BY id LIMIT 3 OFFSET 20`,
    )
    const csv = ['名称,类型,状态,经度,纬度,坐标系', ...rows.map((r, i) => `样例站${i + 1},小区党群服务站,在用,${r.lng},${r.lat},wgs84`)].join('\n')
    writeFileSync(join(dir, 'stations.csv'), csv)
    await importStations(db.pool, join(dir, 'stations.csv'))
  }, 300_000)
  afterAll(async () => db?.drop())

  const session = useBrowserSession({ start: (webRoot) => startServerOn(webRoot, db.url, 'external') })
  const { api, errors } = session
  let page: Page

  it(
    'runs the wall display on the imported district and shows a case posted there',
    async () => {
      page = await session.openPage('/screen', { width: 1920, height: 1080 })
      await page.waitForFunction(() => (window as any).__screen?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 250 })
      expect(await page.textContent('[data-testid="screen-district"]')).toBe(DISTRICT.name)
      const created = await api('/api/cases', {
        source: 'hotline_12345', category: 'street_lighting', title: '导入区测试：路灯不亮',
        location: { lng: 116.352, lat: 40.003 }, reporter: { name: '赵小明', phone: '13900001234' },
      })
      expect(created.districtId).toBe(DISTRICT.id)
      await page.locator(`[data-testid="ticker-item"][data-case-id="${created.id}"]`).waitFor({ timeout: STEP_TIMEOUT })
      await page.close()
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'drills down to an auto-drawn grid and opens one of its OpenStreetMap buildings',
    async () => {
      const grid = (await api(`/api/areas?level=grid&parent=${COMMUNITY}`)).features[0].properties
      expect(grid.name).toBe('样例社区第1网格')
      page = await session.openPage(`/explore/${grid.id}`, { width: 1600, height: 900 })
      await page.waitForFunction((id) => (window as any).__explore?.idle() === true && (window as any).__explore.state().areaId === id, grid.id, {
        timeout: STEP_TIMEOUT, polling: 250,
      })
      await page.waitForFunction(() => (window as any).__explore.state().buildingIds.length > 0, undefined, { timeout: STEP_TIMEOUT })
      const crumbs = await page.$$eval('[data-testid="crumb"]', (els) => els.map((e) => e.getAttribute('data-level')))
      expect(crumbs).toEqual(['district', 'street', 'community', 'grid'])
      const { buildingIds } = await page.evaluate(() => (window as any).__explore.state())
      let opened: string | null = null
      for (const id of buildingIds as string[]) {
        const pt = await page.evaluate((bid) => (window as any).__explore.buildingPoint(bid), id)
        if (!pt) continue
        await clickAt(page, pt)
        opened = id
        break
      }
      expect(opened, 'a building of the grid is clickable').not.toBeNull()
      await page.waitForSelector('[data-testid="building-card"]', { timeout: STEP_TIMEOUT })
      const building = (await api(`/api/buildings/${opened}`)).properties
      expect(await page.textContent('[data-testid="building-name"]')).toBe(building.name)
      await page.close()
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'shows the planner\'s walking coverage of the imported stations, as the API computes it',
    async () => {
      const coverage = await api('/api/coverage?minutes=5,15&scenario=current&level=district')
      const district = coverage.areas.find((a: { level: string }) => a.level === 'district')
      expect(district.covered['15'].residents).toBeGreaterThan(0)
      page = await session.openPage('/planner', { width: 1600, height: 900 })
      await page.waitForFunction(() => (window as any).__planner?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 250 })
      expect(Number(await page.getAttribute('[data-testid="covered-residents-15"]', 'data-value'))).toBe(district.covered['15'].residents)
      expect(errors).toEqual([])
    },
    STEP_TIMEOUT * 3,
  )
})
