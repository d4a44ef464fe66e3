/**
 * The drill-down map in a real browser: Debian Chromium (headless, software WebGL) clicks the map canvas
 * with the mouse from the district down to a street, a community, a grid and a building, and checks the
 * breadcrumbs, the URL and the side panel against the API at every step; a grid URL reopens the grid;
 * browser back leaves the building. Software WebGL is slow, hence the generous timeouts.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { clickAt, type PagePoint, STEP_TIMEOUT, useBrowserSession, screenshotPath } from './session.ts'

const SCREENSHOT = screenshotPath('explore-grid.png')
const VIEWPORT = { width: 1600, height: 900 }
const LEVEL_NAMES: Record<string, string> = { district: '区', street: '街道', community: '社区', grid: '网格', building: '楼栋' }

interface ExploreState {
  areaId: string
  level: string
  buildingId: string | null
  childIds: string[]
  buildingIds: string[]
}

declare global {
  interface Window {
    __explore?: {
      idle(): boolean
      state(): ExploreState
      childPoint(id: string): PagePoint | null
      buildingPoint(id: string): PagePoint | null
    }
  }
}

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser drill-down test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('explore: drill down on the map in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session
  const openPage = (path: string) => session.openPage(path, VIEWPORT)
  let page: Page

  /** The route's data is loaded, the map has stopped moving and drawn its tiles. */
  async function settled(p: Page, areaId: string) {
    await p.waitForFunction(
      (id) => window.__explore?.idle() === true && window.__explore.state().areaId === id,
      areaId,
      { timeout: STEP_TIMEOUT, polling: 250 },
    )
    await p.waitForSelector(`[data-testid="area-title"][data-id="${areaId}"]`, { timeout: STEP_TIMEOUT })
  }

  /** Panel, breadcrumbs and URL all say we are at `areaId`, with the API's totals. */
  async function expectAt(p: Page, areaId: string) {
    const area = (await api(`/api/areas/${areaId}`)).properties
    expect(new URL(p.url()).pathname).toBe(`/explore/${areaId}`)
    expect(await p.textContent('[data-testid="area-title"]')).toBe(area.name)
    expect(await p.getAttribute('[data-testid="area-level"]', 'data-level')).toBe(area.level)
    expect((await p.textContent('[data-testid="area-level"]'))?.trim()).toBe(LEVEL_NAMES[area.level])
    for (const key of ['residents', 'households', 'buildings']) {
      expect(Number(await p.getAttribute(`[data-testid="total-${key}"]`, 'data-value')), key).toBe(area.totals[key])
    }
    const crumbs = await p.$$eval('[data-testid="crumb"]', (els) =>
      els.map((e) => ({ id: e.getAttribute('data-id'), level: e.getAttribute('data-level'), text: e.textContent ?? '' })),
    )
    const trail = [...area.ancestors, { id: area.id, name: area.name, level: area.level }]
    expect(crumbs.map((c) => c.id)).toEqual(trail.map((a: any) => a.id))
    expect(crumbs.map((c) => c.level)).toEqual(trail.map((a: any) => a.level))
    crumbs.forEach((c, i) => expect(c.text).toContain(trail[i].name))
    return area
  }

  /** Clicks (a real mouse click on the canvas) the first child that is visible and unobstructed. */
  async function clickChild(p: Page): Promise<string> {
    const { childIds } = await p.evaluate(() => window.__explore!.state())
    expect(childIds.length).toBeGreaterThan(0)
    for (const id of childIds) {
      const pt = await p.evaluate((cid) => window.__explore!.childPoint(cid), id)
      if (!pt) continue
      await clickAt(p, pt)
      return id
    }
    throw new Error(`none of ${childIds.length} children has a clickable point on the map`)
  }

  let gridId = ''
  let buildingId: string | null = null

  it(
    'clicks district → street → community → grid on the map, each level with its totals and breadcrumbs',
    async () => {
      const config = await api('/api/config')
      const districtId: string = config.district.id

      page = await openPage('/explore')
      await settled(page, districtId)
      await expectAt(page, districtId)
      expect(await page.evaluate(() => !!(window as any).__map)).toBe(true)

      for (const level of ['street', 'community', 'grid']) {
        const childId = await clickChild(page)
        await page.waitForURL(`**/explore/${childId}`, { timeout: STEP_TIMEOUT })
        await settled(page, childId)
        const area = await expectAt(page, childId)
        expect(area.level).toBe(level)
        gridId = childId
      }

      // Buildings of the grid load by viewport once the map has settled on it.
      await page.waitForFunction(() => window.__explore!.state().buildingIds.length > 0, undefined, { timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => window.__explore!.idle(), undefined, { timeout: STEP_TIMEOUT })
      // Park the mouse on the side panel so no hover tooltip covers the map in the screenshot.
      await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2)
      await page.waitForSelector('[data-testid="map-tooltip"]', { state: 'detached', timeout: STEP_TIMEOUT })
      await page.screenshot({ path: SCREENSHOT })

    },
    STEP_TIMEOUT * 4,
  )

  it(
    'offers the grid\'s layers and its case list for download as CSV, GeoJSON and GeoPackage',
    async () => {
      const grid = (await api(`/api/areas/${gridId}`)).properties
      const download = async (testid: string) => {
        const href = (await page.getAttribute(`[data-testid="${testid}"]`, 'href'))!
        const res = await fetch(href.replace(/^https?:\/\/[^/]+/, session.server.base), { headers: { cookie: session.server.cookie } })
        expect(res.status, href).toBe(200)
        expect(res.headers.get('content-disposition')).toContain('attachment')
        return { href, res, bytes: new Uint8Array(await res.arrayBuffer()) }
      }
      const csv = await download('export-buildings-csv')
      expect(csv.href).toContain('/ogc/collections/buildings/export.csv')
      expect(new URL(csv.href).searchParams.get('area')).toBe(gridId)
      expect([...csv.bytes.slice(0, 3)], 'UTF-8 BOM, so Excel reads the Chinese names').toEqual([0xef, 0xbb, 0xbf])
      const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes.slice(3)).trim().split('\n')
      expect(lines[0]!.startsWith('id,')).toBe(true)
      expect(lines.length, 'the grid has buildings to export').toBeGreaterThan(1)
      const geojson = (await page.getAttribute('[data-testid="export-stations-geojson"]', 'href'))!
      expect(geojson).toContain('/ogc/collections/stations/export.geojson')

      const gpkg = await download('export-buildings-gpkg')
      expect(gpkg.res.headers.get('content-type')).toBe('application/geopackage+sqlite3')
      expect(gpkg.res.headers.get('content-disposition')).toContain(encodeURIComponent(`buildings-${grid.name}.gpkg`))
      expect(new TextDecoder().decode(gpkg.bytes.slice(0, 15)), 'an SQLite file').toBe('SQLite format 3')

      // The case list follows the card's filters.
      await page.click('[data-testid="case-export-class-service"]')
      await page.click('[data-testid="case-export-window-all"]')
      const cases = await download('export-cases-csv')
      const q = new URL(cases.href).searchParams
      expect([q.get('area'), q.get('class721'), q.get('window')]).toEqual([gridId, 'service', null])
      const header = new TextDecoder('utf-8', { ignoreBOM: true }).decode(cases.bytes.slice(3)).split('\n')[0]!
      expect(header).toContain('categoryName')
      expect(header).not.toMatch(/reporter|phone|address|description/i)
    },
    STEP_TIMEOUT,
  )

  it(
    'opens the same grid from its link in a fresh page',
    async () => {
      const fresh = await openPage(`/explore/${gridId}`)
      await settled(fresh, gridId)
      await expectAt(fresh, gridId)
      await fresh.close()

    },
    STEP_TIMEOUT * 4,
  )

  it(
    'opens a building of the grid by clicking it: its card, its URL and five breadcrumbs',
    async () => {
      const { buildingIds } = await page.evaluate(() => window.__explore!.state())
      for (const id of buildingIds) {
        const pt = await page.evaluate((bid) => window.__explore!.buildingPoint(bid), id)
        if (!pt) continue
        await clickAt(page, pt)
        buildingId = id
        break
      }
      expect(buildingId, 'a building of the grid is clickable on the map').not.toBeNull()
      await page.waitForURL(`**/explore/${gridId}/building/${buildingId}`, { timeout: STEP_TIMEOUT })
      const building = (await api(`/api/buildings/${buildingId}`)).properties
      await page.waitForSelector('[data-testid="building-card"]', { timeout: STEP_TIMEOUT })
      expect(await page.textContent('[data-testid="building-name"]')).toBe(building.name)
      expect(Number(await page.textContent('[data-testid="building-floors"]'))).toBe(building.floors)
      const crumbs = await page.$$eval('[data-testid="crumb"]', (els) => els.map((e) => e.getAttribute('data-level')))
      expect(crumbs).toEqual(['district', 'street', 'community', 'grid', 'building'])
      await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2)
      await page.waitForSelector('[data-testid="map-tooltip"]', { state: 'detached', timeout: STEP_TIMEOUT })
      await page.screenshot({ path: screenshotPath('explore-building.png') })

    },
    STEP_TIMEOUT * 4,
  )

  it(
    'goes back to the grid with the browser and up to the street with a breadcrumb',
    async () => {
      await page.goBack()
      await page.waitForURL(`**/explore/${gridId}`, { timeout: STEP_TIMEOUT })
      await page.waitForSelector('[data-testid="building-card"]', { state: 'detached', timeout: STEP_TIMEOUT })
      await page.click('[data-testid="crumb"][data-level="street"] a')
      const streetId = (await api(`/api/areas/${gridId}`)).properties.ancestors.find((a: any) => a.level === 'street').id
      await page.waitForURL(`**/explore/${streetId}`, { timeout: STEP_TIMEOUT })
      await settled(page, streetId)
      await expectAt(page, streetId)

      expect(errors).toEqual([])
    },
    STEP_TIMEOUT * 4,
  )
})
