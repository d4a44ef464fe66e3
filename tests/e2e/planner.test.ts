/**
 * The planner in a real browser: Debian Chromium (headless, software WebGL) waits for the coverage
 * numbers, drops a hypothetical station on the largest coverage gap with a mouse click, drags the
 * marker with real mouse down / move / up to another gap and sees the covered-residents number change
 * (live during the drag, and again after the drop), asks for 3 suggested sites and adopts one, takes
 * a station out through its card, and checks the numbers against the server's what-if answer for the
 * same changes and the gap export links. Screenshot: docs/screenshots/planner.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { clickAt, type PagePoint, ringCentre, STEP_TIMEOUT, useBrowserSession, screenshotPath } from './session.ts'
import { until } from '../helpers/until.ts'

const SCREENSHOT = screenshotPath('planner.png')
const VIEWPORT = { width: 1600, height: 900 }

type LngLat = [number, number]

interface PlannerState {
  scenario: string
  minutes: number
  addMode: boolean
  added: { key: string; lngLat: LngLat }[]
  covered: Record<string, number>
  whatIfPending: boolean
  suggested: number
  /** What "开始计算" would send: the plan in hand and the minimum distance. */
  suggestBody: Record<string, unknown> & { add: unknown[] }
}

declare global {
  interface Window {
    __planner?: {
      idle(): boolean
      state(): PlannerState
      pointFor(lngLat: LngLat): PagePoint | null
      pickAt(x: number, y: number): { layer: string; id: string | null } | null
      lngLatAt(x: number, y: number): LngLat | null
    }
  }
}

/** Metres between two nearby points (equirectangular; fine at district scale). */
function metres(a: LngLat, b: LngLat): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180)
  return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]) * 111_320
}

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser planner test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('planner: service-circle coverage and what-if in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session
  let page: Page
  let whatIfRequests = 0

  const idle = (p: Page) => p.waitForFunction(() => window.__planner?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 200 })
  const covered15 = async (p: Page) => Number(await p.getAttribute('[data-testid="covered-residents-15"]', 'data-value'))
  const visible = async (at: LngLat) => page.evaluate((ll) => window.__planner!.pointFor(ll), at)
  // Carried from step to step, as a planner's session carries them.
  let before = 0
  let afterAdd = 0
  let afterDrop = 0
  let first: { id: string; at: LngLat; pt: PagePoint } | null = null
  let second: { id: string; at: LngLat; pt: PagePoint } | null = null

  it(
    'opens with the district\'s coverage and finds two gap buildings far apart on the map',
    async () => {
      const coverage = await api('/api/coverage?minutes=5,15&scenario=current&level=district')
      const district = coverage.areas.find((a: any) => a.level === 'district')
      const gaps = await api('/api/coverage/gaps?minutes=15&scenario=current&limit=300')
      expect(gaps.features.length, 'the demo district has 15-minute gaps').toBeGreaterThan(1)

      page = await session.openPage('/planner', VIEWPORT, (p) =>
        p.on('request', (r) => {
          if (r.url().includes('/api/coverage/what-if')) whatIfRequests++
        }),
      )
      await page.waitForSelector('[data-testid="covered-residents-15"]', { timeout: STEP_TIMEOUT })
      await idle(page)
      before = await covered15(page)
      expect(before).toBe(district.covered['15'].residents)
      expect(Number(await page.getAttribute('[data-testid="covered-residents-5"]', 'data-value'))).toBe(district.covered['5'].residents)

      // The largest gap the map shows unobstructed, then another one well away from it.
      const candidates: { id: string; at: LngLat }[] = gaps.features.map((f: any) => ({ id: f.properties.id, at: ringCentre(f.geometry) }))
      for (const c of candidates) {
        const pt = await visible(c.at)
        if (!pt) continue
        if (!first) first = { ...c, pt }
        else if (metres(first.at, c.at) > 2_000) {
          second = { ...c, pt }
          break
        }
      }
      expect(first, 'a gap building is visible on the map').not.toBeNull()
      expect(second, 'a second gap building far from the first is visible on the map').not.toBeNull()
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'drops a hypothetical station on the first gap in add mode and the covered residents go up',
    async () => {
      await page.click('[data-testid="add-mode"]')
      await page.waitForSelector('[data-testid="planner"][data-add-mode="true"]')
      await clickAt(page, first!.pt)
      const marker = page.locator('[data-testid="map-marker"]')
      await marker.waitFor({ state: 'visible', timeout: STEP_TIMEOUT })
      await page.waitForFunction((n) => {
        const s = window.__planner!.state()
        return s.added.length === 1 && Number(document.querySelector('[data-testid="covered-residents-15"]')?.getAttribute('data-value')) !== n
      }, before, { timeout: STEP_TIMEOUT })
      await idle(page)
      afterAdd = await covered15(page)
      expect(afterAdd).toBeGreaterThan(before)
      expect(Number(await page.getAttribute('[data-testid="delta-residents-15"]', 'data-value'))).toBe(afterAdd - before)
      const placed = (await page.evaluate(() => window.__planner!.state())).added[0]!.lngLat
      expect(metres(placed, first!.at)).toBeLessThan(30)
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'drags the station to the second gap: the numbers follow during the drag and match the server after the drop',
    async () => {
      const marker = page.locator('[data-testid="map-marker"]')
      const box = (await marker.boundingBox())!
      const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 }
      const requestsBeforeDrag = whatIfRequests
      await page.mouse.move(from.x, from.y)
      await page.mouse.down()
      // Halfway, then wait until the page has asked the server while the button is still down.
      const mid = { x: (from.x + second!.pt.x) / 2, y: (from.y + second!.pt.y) / 2 }
      await page.mouse.move(mid.x, mid.y, { steps: 12 })
      await until(() => whatIfRequests > requestsBeforeDrag, 'a what-if request during the drag', STEP_TIMEOUT)
      await page.mouse.move(second!.pt.x, second!.pt.y, { steps: 12 })
      await page.mouse.up()
      await page.waitForFunction(
        (target) => {
          const s = window.__planner!.state()
          const at = s.added[0]?.lngLat
          return !!at && Math.abs(at[0] - target[0]) < 0.0005 && Math.abs(at[1] - target[1]) < 0.0005
        },
        second!.at,
        { timeout: STEP_TIMEOUT },
      )
      await idle(page)
      afterDrop = await covered15(page)
      expect(afterDrop, 'the number changed after the drop').not.toBe(afterAdd)
      expect(afterDrop, 'and differs from before the add').not.toBe(before)
      expect(whatIfRequests - requestsBeforeDrag, 'what-if asked again while dragging, not only on the drop').toBeGreaterThan(1)
      // The page shows what the server says for a station at the dropped place.
      const dropped = (await page.evaluate(() => window.__planner!.state())).added[0]!.lngLat
      const check = await api('/api/coverage/what-if', { add: [{ lng: dropped[0], lat: dropped[1] }], scenario: 'current', minutes: [5, 15], level: 'district' })
      expect(afterDrop).toBe(check.areas.find((a: any) => a.level === 'district').covered['15'].residents)
      expect(await page.textContent('[data-testid="what-if-delta"]')).toContain(check.delta['15'].residents.toLocaleString('zh-CN'))

    },
    STEP_TIMEOUT * 3,
  )

  it(
    'suggests 3 sites with the server\'s gains and adopts the first',
    async () => {
      await page.fill('[data-testid="suggest-k"]', '3')
      await page.click('[data-testid="suggest-run"]')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="suggest-site"]').length === 3, undefined, { timeout: STEP_TIMEOUT })
      const gains = await page.$$eval('[data-testid="suggest-site"]', (els) => els.map((e) => Number(e.getAttribute('data-gain'))))
      // The planner sites on the plan in hand (the station placed above) at its minimum distance.
      const asked = await page.evaluate(() => window.__planner!.state().suggestBody)
      expect(asked.add.length).toBe(1)
      const suggestion = await api('/api/coverage/suggest', asked)
      expect(gains).toEqual(suggestion.sites.map((s: any) => s.gain))
      gains.forEach((g) => expect(g).toBeGreaterThan(0))
      expect(suggestion.coveredBefore).toBe(afterDrop)
      await page.click('[data-testid="suggest-adopt"] >> nth=0')
      await page.waitForFunction(() => window.__planner!.state().added.length === 2, undefined, { timeout: STEP_TIMEOUT })
      await idle(page)
      // Counted on the plan in hand, the adopted site raises the headline by exactly its gain.
      expect(await covered15(page)).toBe(afterDrop + gains[0]!)
      expect(await page.$('[data-testid="suggest-stale"]')).toBeNull()

    },
    STEP_TIMEOUT * 3,
  )

  it(
    'takes an existing station out through its card and agrees with the server on every change',
    async () => {
      const stations = await api('/api/stations?status=in_service')
      let removedId: string | null = null
      for (const f of stations.features) {
        const pt = await visible(f.geometry.coordinates)
        if (!pt) continue
        const picked = await page.evaluate(({ x, y }) => window.__planner!.pickAt(x, y), pt)
        if (picked?.layer !== 'stations' || picked.id !== f.properties.id) continue
        await clickAt(page, pt)
        removedId = f.properties.id
        break
      }
      expect(removedId, 'an in-service station is clickable on the map').not.toBeNull()
      await page.waitForSelector('[data-testid="station-card"]', { timeout: STEP_TIMEOUT })
      const beforeRemove = await covered15(page)
      await page.click('[data-testid="station-remove"]')
      await page.waitForSelector('[data-testid="what-if-item"][data-kind="removed"]', { timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => !window.__planner!.state().whatIfPending, undefined, { timeout: STEP_TIMEOUT })
      await idle(page)
      const afterRemove = await covered15(page)
      expect(afterRemove).toBeLessThanOrEqual(beforeRemove)
      const added = (await page.evaluate(() => window.__planner!.state())).added.map((h) => ({ lng: h.lngLat[0], lat: h.lngLat[1] }))
      const all = await api('/api/coverage/what-if', { add: added, remove: [removedId], scenario: 'current', minutes: [5, 15], level: 'district' })
      const allDistrict = all.areas.find((a: any) => a.level === 'district')
      expect(afterRemove).toBe(allDistrict.covered['15'].residents)
      expect(Number(await page.getAttribute('[data-testid="covered-residents-5"]', 'data-value'))).toBe(allDistrict.covered['5'].residents)

    },
    STEP_TIMEOUT * 3,
  )

  it(
    'offers the gaps as CSV, GeoJSON and GeoPackage downloads, and is captured',
    async () => {
      for (const [format, type] of [['csv', 'text/csv'], ['geojson', 'application/geo+json'], ['gpkg', 'application/geopackage+sqlite3']] as const) {
        const href = (await page.getAttribute(`[data-testid="export-${format}"]`, 'href'))!
        expect(href).toContain(`/api/coverage/gaps.${format}`)
        expect(href).toContain('minutes=15')
        const res = await fetch(href.replace(/^https?:\/\/[^/]+/, session.server.base), { headers: { cookie: session.server.cookie } })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toContain(type)
        expect(res.headers.get('content-disposition')).toContain('attachment')
      }

      // Close the station card so the screenshot shows the what-if list and the suggestions.
      await page.click('[data-testid="station-card"] button.close')
      await page.mouse.move(VIEWPORT.width - 5, VIEWPORT.height / 2)
      await page.waitForSelector('[data-testid="map-tooltip"]', { state: 'detached', timeout: STEP_TIMEOUT })
      await page.screenshot({ path: SCREENSHOT })

      expect(errors).toEqual([])
    },
    STEP_TIMEOUT * 3,
  )
})
