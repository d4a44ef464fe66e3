/**
 * The command-center screen in a real browser: Debian Chromium (headless, software WebGL) opens
 * /screen, a case posted to the API appears in the ticker (reporter masked) and today's count goes up;
 * then the socket is closed on purpose, a case is posted while the screen is away, and after the
 * reconnection it arrives exactly once; the same after a dropped transport that socket.io reconnects
 * by itself. Today can be replayed and left again. Finally the simulator feeds the district for a few
 * seconds and the screen is captured at 1920×1080: docs/screenshots/screen.png.
 */
import type { Page } from 'playwright-core'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { startSimulation } from '../../server/simulator/run.ts'
import { until } from '../helpers/until.ts'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { ringCentre, STEP_TIMEOUT, useBrowserSession, screenshotPath } from './session.ts'

const SCREENSHOT = screenshotPath('screen.png')
const VIEWPORT = { width: 1920, height: 1080 }

interface ScreenState {
  state: string
  lastEventId: number | null
  counters: { applied: number; duplicates: number; connections: number }
  tickerIds: number[]
  cases: number
  today: number | null
}

declare global {
  interface Window {
    __screen?: {
      idle(): boolean
      state(): ScreenState
      pause(): void
      resume(): void
      drop(): void
    }
  }
}

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser screen test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('screen: the live command-center display in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session
  let page: Page
  let category = ''
  let place: { lng: number; lat: number } = { lng: 0, lat: 0 }
  let serial = 0
  const run = Date.now().toString(36)

  /** A case through the native intake body, inside a grid of the district. */
  const postCase = async (title: string) =>
    (await api('/api/cases', {
      source: 'hotline_12345',
      externalId: `screen-e2e-${run}-${++serial}`,
      category,
      title,
      description: '大屏端到端测试：居民来电反映。',
      location: place,
      address: '测试地址 1 号楼',
      reporter: { name: '王小明', phone: '13912345678' },
      priority: 'high',
    })) as { id: number; status: string; gridId: string | null }

  const state = (p: Page) => p.evaluate(() => window.__screen!.state())
  const tickerRows = (p: Page, id: number) => p.locator(`[data-testid="ticker-item"][data-case-id="${id}"]`)
  /**
   * Events arrive in id order, so once a case posted now is on the ticker, any duplicate of an earlier
   * one would already be there too: a condition to wait on instead of a pause.
   */
  const afterSentinel = async (title: string) => {
    const sentinel = await postCase(title)
    await tickerRows(page, sentinel.id).waitFor({ timeout: STEP_TIMEOUT })
  }
  const kpiToday = async (p: Page) => Number((await p.textContent('[data-testid="kpi-today"]'))?.replace(/\D/g, '') || NaN)

  beforeAll(async () => {
    category = (await api('/api/cases/categories')).categories[0].code
    // The middle of a grid's outline: inside the district, and inside that grid.
    const [lng, lat] = ringCentre((await api('/api/areas?level=grid')).features[0].geometry)
    place = { lng, lat }
  })

  it(
    'shows a posted case in the ticker and today’s count going up',
    async () => {
      // The wall display runs unattended on a kiosk key, never on a person's account.
      page = await session.openPage(`/screen?kiosk=${encodeURIComponent(DEMO_KIOSK_KEY)}`, VIEWPORT, undefined, false)
      await page.waitForURL((u) => u.pathname === '/screen' && !u.search.includes('kiosk'), { timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => window.__screen?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 250 })
      expect(await page.getAttribute('[data-testid="live-status"]', 'data-level')).toBe('ok')
      expect(await page.textContent('[data-testid="live-status"]')).toContain('在线')
      const config = await api('/api/config')
      expect(await page.textContent('[data-testid="screen-district"]')).toBe(config.district.name)

      const before = await kpiToday(page)
      expect(Number.isInteger(before), `today's count reads as a number, got ${before}`).toBe(true)
      const created = await postCase('大屏测试：楼道漏水')
      expect(created.gridId).not.toBeNull()

      await tickerRows(page, created.id).waitFor({ timeout: STEP_TIMEOUT })
      const row = (await tickerRows(page, created.id).textContent()) ?? ''
      expect(row).toContain('大屏测试：楼道漏水')
      // A kiosk gets no personal data at all: not even the masked reporter.
      expect(row).not.toContain('王**')
      expect(row).not.toContain('王小明')
      expect(row).not.toContain('13912345678')
      // The newest case is on top.
      expect((await state(page)).tickerIds[0]).toBe(created.id)

      // Stats are refetched shortly after the event (debounced), not on a slow timer.
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="kpi-today"]')?.textContent?.replace(/\D/g, '')) > n, before, {
        timeout: 20_000,
        polling: 250,
      })
      expect(await kpiToday(page)).toBeGreaterThanOrEqual(before + 1)
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'catches up after the socket was closed: the case posted meanwhile arrives exactly once',
    async () => {
      const s0 = await state(page)
      await page.evaluate(() => window.__screen!.pause())
      await page.waitForFunction(() => window.__screen!.state().state === 'down', undefined, { timeout: STEP_TIMEOUT })
      expect(await page.textContent('[data-testid="live-status"]')).toContain('重连中')

      const missed = await postCase('大屏测试：断线期间的诉求')
      // The intake has committed and pushed; with the socket closed the screen cannot have it.
      expect(await tickerRows(page, missed.id).count()).toBe(0)

      await page.evaluate(() => window.__screen!.resume())
      await tickerRows(page, missed.id).waitFor({ timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => window.__screen!.state().state === 'live', undefined, { timeout: STEP_TIMEOUT })
      await afterSentinel('大屏测试：断线后的下一件')
      expect(await tickerRows(page, missed.id).count()).toBe(1)
      const s1 = await state(page)
      expect(s1.tickerIds.filter((id) => id === missed.id)).toHaveLength(1)
      expect(s1.counters.connections).toBe(s0.counters.connections + 1)
      expect(s1.lastEventId!).toBeGreaterThan(s0.lastEventId!)
      expect(await page.getAttribute('[data-testid="live-status"]', 'data-level')).toBe('ok')
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'reconnects by itself after a dropped transport and applies the missed case once',
    async () => {
      const s0 = await state(page)
      await page.evaluate(() => window.__screen!.drop())
      const missed = await postCase('大屏测试：网络中断时的诉求')
      await tickerRows(page, missed.id).waitFor({ timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => window.__screen!.state().state === 'live', undefined, { timeout: STEP_TIMEOUT })
      await afterSentinel('大屏测试：恢复后的下一件')
      expect(await tickerRows(page, missed.id).count()).toBe(1)
      const s1 = await state(page)
      expect(s1.counters.connections).toBeGreaterThan(s0.counters.connections)
      expect(s1.tickerIds.filter((id) => id === missed.id)).toHaveLength(1)
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'replays today and goes back to live',
    async () => {
      await page.click('[data-testid="replay-open"]')
      await page.waitForSelector('[data-testid="replay-bar"][data-loading="false"]', { timeout: STEP_TIMEOUT })
      await page.waitForSelector('[data-testid="replay-note"]')
      expect(await page.textContent('[data-testid="replay-time"]')).toMatch(/今天 \d\d:\d\d/)
      // Drag to the end of the day so far: the replayed ticker then holds the cases posted above.
      await page.$eval('[data-testid="replay-slider"]', (el) => {
        const input = el as HTMLInputElement
        input.value = input.max
        input.dispatchEvent(new Event('input'))
      })
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="ticker-item"]').length > 0, undefined, { timeout: STEP_TIMEOUT })
      await page.click('[data-testid="replay-close"]')
      await page.waitForSelector('[data-testid="replay-open"]')
      expect(await page.locator('[data-testid="replay-note"]').count()).toBe(0)
      expect((await state(page)).state).toBe('live')
    },
    STEP_TIMEOUT * 2,
  )

  it(
    'stays live under the simulator and is captured at 1920×1080',
    async () => {
      // 2,000× : about seven hours of the district in 12 s, so cases have been dispatched, resolved and rated.
      const sim = await startSimulation({ url: session.server.base, speed: 2000, warmup: 40, statusEvery: 0, concurrency: 4, log: () => {} })
      try {
        await until(() => sim.stats.posted > 30 && sim.stats.transitions > sim.stats.posted, 'the simulator to post and move 30 cases', 90_000, 250)
      } finally {
        await sim.stop()
      }
      expect(sim.stats.errors).toBe(0)
      // A couple of fresh arrivals so that the picture shows their pulses on the map.
      await postCase('大屏测试：单元门禁损坏')
      const last = await postCase('大屏测试：小区路灯不亮')
      await tickerRows(page, last.id).waitFor({ timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => window.__screen!.idle(), undefined, { timeout: STEP_TIMEOUT })

      const s = await state(page)
      expect(s.state).toBe('live')
      expect(s.cases).toBeGreaterThan(20)
      expect(new Set(s.tickerIds).size).toBe(s.tickerIds.length)
      // The heat count comes with the wall's snapshot, refreshed after a burst of events (≤ 10 s): wait for it.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="heat-count"]')?.textContent) > 20, undefined, { timeout: STEP_TIMEOUT })
      expect(Number(await page.textContent('[data-testid="heat-count"]'))).toBeGreaterThan(20)
      expect(await page.locator('[data-testid="stale-warning"]').count()).toBe(0)

      await page.screenshot({ path: SCREENSHOT })
      expect(errors).toEqual([])
    },
    STEP_TIMEOUT * 3,
  )
})
