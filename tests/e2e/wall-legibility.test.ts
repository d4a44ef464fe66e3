/**
 * The wall read from across the room, in headless Chromium on the demo kiosk key: at 1366×768,
 * 1920×1080 and 3840×2160 every visible text is at least 14 px at the 1920×1080 stage's scale
 * (below 1080p the stage is letterboxed and scaled whole, so sizes are read unscaled; at 4K they are
 * divided by the wall's growth), there are no scrollbars, the map's buttons have Chinese titles and
 * grow with the wall, and no English shows. Then the unattended tour (?tour=10) names a street in the
 * header and the night theme (?night=1) is on.
 */
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { STEP_TIMEOUT, useBrowserSession } from './session.ts'

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the wall legibility test (apt-get install chromium)`)

interface TextSample {
  text: string
  /** Font size in px at the 1920×1080 stage's scale. */
  px: number
  /** Typed by a person (a case title): exempt from the wording rule, not from the size rule. */
  typed: boolean
}

interface Legibility {
  rootPx: number
  letterboxed: boolean
  stageScale: number
  texts: TextSample[]
  scroll: { sw: number; cw: number; sh: number; ch: number; bsw: number; bcw: number; bsh: number; bch: number }
  buttons: { title: string; height: number }[]
}

/** Everything measured in the page, in one evaluate. */
function measure(page: Page): Promise<Legibility> {
  return page.evaluate(() => {
    const rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize)
    // The layout is 120 × 67.5 rem: a 16 px root is the 1920×1080 stage; bigger walls grow the root.
    const toStage = 16 / rootPx
    const screen = document.querySelector<HTMLElement>('[data-testid="screen"]')!
    const stageScale = screen.getBoundingClientRect().width / screen.offsetWidth
    const texts: { text: string; px: number; typed: boolean }[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      const el = n.parentElement
      if (!text || !el) continue
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
      const range = document.createRange()
      range.selectNodeContents(n)
      const r = range.getBoundingClientRect()
      if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue
      // Computed sizes are layout px: the letterbox transform does not change them.
      // What residents and operators typed (a case's title) is theirs, in whatever letters: the wording
      // rule is for the wall's own text. The size rule is for everything.
      texts.push({ text, px: parseFloat(getComputedStyle(el).fontSize) * toStage, typed: el.closest('[data-typed]') !== null })
    }
    const de = document.documentElement
    const body = document.body
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.maplibregl-ctrl-group button')].map((b) => ({
      title: b.title,
      height: b.offsetHeight * toStage,
    }))
    return {
      rootPx,
      letterboxed: screen.dataset.letterboxed === 'true',
      stageScale,
      texts,
      scroll: { sw: de.scrollWidth, cw: de.clientWidth, sh: de.scrollHeight, ch: de.clientHeight, bsw: body.scrollWidth, bcw: body.clientWidth, bsh: body.scrollHeight, bch: body.clientHeight },
      buttons,
    }
  })
}

const VIEWPORTS = [
  { width: 1366, height: 768, rootPx: 16, letterboxed: true },
  { width: 1920, height: 1080, rootPx: 16, letterboxed: false },
  { width: 3840, height: 2160, rootPx: 32, letterboxed: false },
]

describe.skipIf(!hasChromium)('wall legibility: text sizes, letterboxing, scrollbars, Chinese map controls', () => {
  const session = useBrowserSession()

  // A case from the residents' app with Latin letters in its title: the source is named in Chinese, the
  // title is shown as it was typed (and is held to the size rule only).
  beforeAll(async () => {
    const { features } = await session.api('/api/buildings?area=' + (await session.api('/api/areas?level=grid')).features[0].properties.id + '&limit=1')
    const ring = features[0].geometry.coordinates[0][0] as [number, number]
    await session.api('/api/cases', { source: 'app', category: 'noise', title: 'KTV 噪音扰民 (Karaoke)', location: { lng: ring[0], lat: ring[1] } })
  })

  const openWall = async (query: string, viewport: { width: number; height: number }) => {
    const page = await session.openPage(`/screen?kiosk=${encodeURIComponent(DEMO_KIOSK_KEY)}${query}`, viewport, undefined, false)
    await page.waitForURL((u) => u.pathname === '/screen' && !u.search.includes('kiosk'), { timeout: STEP_TIMEOUT })
    await page.waitForFunction(() => (window as { __screen?: { idle(): boolean } }).__screen?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 250 })
    // The charts and the map's buttons are in once their containers have a size.
    await page.waitForSelector('.maplibregl-ctrl-zoom-in', { timeout: STEP_TIMEOUT })
    await page.waitForSelector('[data-testid="ticker-item"], [data-testid="case-ticker"] .empty', { timeout: STEP_TIMEOUT })
    return page
  }

  for (const vp of VIEWPORTS) {
    it(
      `${vp.width}×${vp.height}: nothing under 14 px at the 1080p stage, no scrollbars, Chinese map buttons`,
      async () => {
        const page = await openWall('&night=0', vp)
        try {
          const m = await measure(page)
          expect(m.rootPx).toBeCloseTo(vp.rootPx, 5)
          expect(m.letterboxed).toBe(vp.letterboxed)
          expect(m.stageScale).toBeCloseTo(vp.letterboxed ? Math.min(vp.width / 1920, vp.height / 1080) : 1, 3)

          expect(m.texts.length, 'visible texts found').toBeGreaterThan(40)
          const small = m.texts.filter((t) => t.px < 14 - 1e-6)
          const smallest = Math.min(...m.texts.map((t) => t.px))
          console.log(`[e2e] ${vp.width}×${vp.height}: ${m.texts.length} texts, smallest ${smallest.toFixed(2)} px at the 1080p stage (root ${m.rootPx} px, stage ×${m.stageScale.toFixed(4)})`)
          expect(small, `texts under 14 px: ${small.slice(0, 8).map((t) => `${t.text.slice(0, 12)} ${t.px.toFixed(1)}px`).join(', ')}`).toEqual([])

          // No English words anywhere a person can read (numbers, units like "%" and Latin in names are not words).
          // The app case posted above is on screen: its source in Chinese, its typed title exempt.
          expect(m.texts.some((t) => t.text === '随手拍应用')).toBe(true)
          expect(m.texts.some((t) => t.typed && t.text.includes('Karaoke'))).toBe(true)
          const english = m.texts.filter((t) => !t.typed).filter((t) => /[A-Za-z]{3,}/.test(t.text))
          expect(english.map((t) => t.text)).toEqual([])

          expect(m.scroll.sw).toBeLessThanOrEqual(m.scroll.cw)
          expect(m.scroll.sh).toBeLessThanOrEqual(m.scroll.ch)
          expect(m.scroll.bsw).toBeLessThanOrEqual(m.scroll.bcw)
          expect(m.scroll.bsh).toBeLessThanOrEqual(m.scroll.bch)

          const titles = m.buttons.map((b) => b.title)
          expect(titles).toContain('放大')
          expect(titles).toContain('缩小')
          for (const t of titles) expect(t).toMatch(/[\u4e00-\u9fff]/)
          // The buttons grow with the wall (maplibre's own are 29 px at any size).
          for (const b of m.buttons) expect(b.height).toBeGreaterThanOrEqual(32)
        } finally {
          await page.close()
        }
      },
      STEP_TIMEOUT * 3,
    )
  }

  it(
    '?tour=10 names a street in the header and flies the map there; ?night=1 turns the night theme on',
    async () => {
      const streets = ((await session.api('/api/areas?level=street')).features as { properties: { name: string } }[]).map((f) => f.properties.name)
      expect(streets.length).toBeGreaterThan(0)
      const page = await openWall('&tour=10&night=1', { width: 1920, height: 1080 })
      try {
        expect(await page.getAttribute('[data-testid="wall"]', 'data-night')).toBe('true')
        const zoom0 = await page.evaluate(() => (window as unknown as { __map: { getZoom(): number } }).__map.getZoom())
        await page.waitForSelector('[data-testid="screen-focus"]', { timeout: STEP_TIMEOUT })
        const name = (await page.textContent('[data-testid="screen-focus"]'))?.trim()
        expect(streets).toContain(name)
        // A street is smaller than the district: the map zooms in on it once the flight ends.
        await page.waitForFunction(
          (z) => {
            const m = (window as unknown as { __map: { getZoom(): number; isMoving(): boolean } }).__map
            return !m.isMoving() && m.getZoom() > z + 0.2
          },
          zoom0,
          { timeout: STEP_TIMEOUT, polling: 250 },
        )
      } finally {
        await page.close()
      }
    },
    STEP_TIMEOUT * 3,
  )
})
