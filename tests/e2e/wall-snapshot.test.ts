/**
 * One snapshot per refresh, on the wall in headless Chromium (demo kiosk key): every figure panel
 * carries the same as-of time (data-as-of, read from the DOM), that of the wall's one snapshot; after
 * new cases are posted the figures move together: the new cases are on the ticker, and the KPI tile,
 * the hourly bars, the category bars and the hourly panel's "共 N 件" all count them, as of one new time.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { ringCentre, STEP_TIMEOUT, useBrowserSession } from './session.ts'

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the wall snapshot test (apt-get install chromium)`)

interface WallState {
  lastEventId: number | null
  tickerIds: number[]
  today: number | null
  asOf: string | null
  snapshotEventId: number | null
}
const wallState = (p: Page) => p.evaluate(() => (window as unknown as { __screen: { state(): WallState } }).__screen.state())

/** The panels that show figures: each must carry the snapshot's time. */
const FIGURE_PANELS = [
  'kpi-panel', 'split-panel', 'streets-panel', 'hourly-panel', 'categories-panel', 'whistles-panel',
  'coverage-panel', 'stations-summary', 'heat-legend', 'circles-card',
]

interface Figures {
  asOf: Record<string, string | null>
  kpiToday: number
  hourlySum: number
  categorySum: number
  hourlyNote: number
  heatCount: number
}

function readFigures(page: Page, panels: string[]): Promise<Figures> {
  return page.evaluate((ids) => {
    const num = (s: string | null | undefined) => Number((s ?? '').replace(/\D/g, '') || NaN)
    const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
    const asOf: Record<string, string | null> = {}
    for (const id of ids) asOf[id] = q(id)?.getAttribute('data-as-of') ?? null
    // Every other element on the wall that states a time must state the same one.
    document.querySelectorAll<HTMLElement>('[data-testid="screen"] [data-as-of]').forEach((el, i) => {
      asOf[`#${i} ${el.dataset.testid ?? el.className}`] = el.getAttribute('data-as-of')
    })
    return {
      asOf,
      kpiToday: num(q('kpi-today')?.textContent),
      hourlySum: Number(q('chart-hourly')?.dataset.sum),
      categorySum: Number(q('chart-categories')?.dataset.sum),
      hourlyNote: num(q('hourly-panel')?.querySelector('.note')?.textContent),
      heatCount: num(q('heat-count')?.textContent),
    }
  }, panels)
}

describe.skipIf(!hasChromium)('wall: one snapshot, one as-of time, figures that move together', () => {
  const session = useBrowserSession()
  const { api } = session
  let page: Page
  let place = { lng: 0, lat: 0 }
  let category = ''
  const run = Date.now().toString(36)

  beforeAll(async () => {
    category = (await api('/api/cases/categories')).categories[0].code
    const [lng, lat] = ringCentre((await api('/api/areas?level=grid')).features[1].geometry)
    place = { lng, lat }
  })

  const expectOneTime = (f: Figures, asOf: string) => {
    for (const id of FIGURE_PANELS) expect(f.asOf[id], `${id} carries the snapshot's time`).toBe(asOf)
    const others = Object.entries(f.asOf).filter(([, v]) => v !== asOf)
    expect(others, 'every element stating a time states the snapshot’s').toEqual([])
  }

  it(
    'shows one as-of time on every figure panel, and moves every figure together when cases arrive',
    async () => {
      // The judgement slot held on the circles, so that its card (with its own time) is shown.
      page = await session.openPage(`/screen?kiosk=${encodeURIComponent(DEMO_KIOSK_KEY)}&judge=circles`, { width: 1920, height: 1080 }, undefined, false)
      await page.waitForURL((u) => u.pathname === '/screen' && !u.search.includes('kiosk'), { timeout: STEP_TIMEOUT })
      await page.waitForFunction(() => (window as { __screen?: { idle(): boolean } }).__screen?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 250 })
      await page.waitForSelector('[data-testid="circles-card"] .rates', { timeout: STEP_TIMEOUT })

      const s0 = await wallState(page)
      expect(s0.asOf).toMatch(/^\d{4}-\d\d-\d\dT/)
      const f0 = await readFigures(page, FIGURE_PANELS)
      expectOneTime(f0, s0.asOf!)
      expect(f0.hourlySum).toBe(f0.kpiToday)
      expect(f0.categorySum).toBe(f0.kpiToday)
      expect(f0.hourlyNote).toBe(f0.kpiToday)
      // The stamp reads the same instant in China time.
      const stamp = await page.textContent('[data-testid="kpi-panel"] [data-testid="as-of"]')
      const hms = new Date(Date.parse(s0.asOf!) + 8 * 3_600_000).toISOString().slice(11, 19)
      expect(stamp).toContain(hms)

      const ids: number[] = []
      for (let i = 0; i < 3; i++) {
        const c = await api('/api/cases', {
          source: 'hotline_12345', externalId: `wall-snap-${run}-${i}`, category, title: `一致性测试 ${i + 1}`,
          description: '大屏一致性测试：居民来电反映。', location: place, address: '测试地址 2 号楼', priority: 'normal',
        })
        ids.push(c.id)
      }
      // The ticker has them (the live stream), then a snapshot that counts every event the wall applied.
      await page.waitForFunction(
        (want) => {
          const s = (window as unknown as { __screen: { state(): WallState } }).__screen.state()
          return want.every((id) => s.tickerIds.includes(id)) && s.snapshotEventId !== null && s.lastEventId !== null && s.snapshotEventId >= s.lastEventId
        },
        ids,
        { timeout: 30_000, polling: 250 },
      )
      const s1 = await wallState(page)
      const f1 = await readFigures(page, FIGURE_PANELS)
      expect(s1.asOf).not.toBe(s0.asOf)
      expectOneTime(f1, s1.asOf!)
      expect(f1.kpiToday).toBeGreaterThanOrEqual(f0.kpiToday + 3)
      expect(f1.hourlySum).toBe(f1.kpiToday)
      expect(f1.categorySum).toBe(f1.kpiToday)
      expect(f1.hourlyNote).toBe(f1.kpiToday)
      expect(f1.heatCount).toBeGreaterThanOrEqual(f0.heatCount + 3)
      await page.close()
    },
    STEP_TIMEOUT * 4,
  )
})
