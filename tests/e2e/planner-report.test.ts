/**
 * A district planner's session with the plan's files (issue 12), in headless Chromium: place two
 * stations on coverage gaps, ask for three more sites and adopt one, see sites and stations named the
 * way people talk (as /api/places/describe says), download the plan as CSV, and open the printable
 * report and print it to PDF. The PDF's text is read with pdftotext (Debian poppler-utils) where it is
 * installed; otherwise from the fonts' ToUnicode maps in the PDF itself (which hold exactly the
 * characters drawn), besides the report's tables in the page. Screenshot: docs/screenshots/plan-report.png.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { inflateSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { clickAt, type PagePoint, ringCentre, screenshotPath, STEP_TIMEOUT, useBrowserSession } from './session.ts'

const VIEWPORT = { width: 1600, height: 900 }
type LngLat = [number, number]

/** The planner's test hooks (planner.test.ts declares them on Window in full); the part used here. */
interface PlannerWindow {
  __planner?: {
    idle(): boolean
    state(): { added: { key: string; lngLat: LngLat }[]; suggested: number; suggestBody: Record<string, unknown> }
    pointFor(lngLat: LngLat): PagePoint | null
  }
}

const metres = (a: LngLat, b: LngLat) => Math.hypot((a[0] - b[0]) * Math.cos((a[1] * Math.PI) / 180), a[1] - b[1]) * 111_320
const COORDS = /^-?\d+\.\d+, -?\d+\.\d+$/

/** pdftotext's output, or null where poppler-utils is not installed. */
function pdftotext(file: string): string | null {
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Every character the PDF's fonts map back to Unicode (Chromium writes a ToUnicode CMap for each
 * subset font, holding the glyphs drawn): enough to tell whether given Chinese text was printed.
 */
function pdfCharacters(pdf: Buffer): Set<string> {
  const chars = new Set<string>()
  const text = pdf.toString('latin1')
  const stream = /stream\r?\n/g
  let m: RegExpExecArray | null
  while ((m = stream.exec(text))) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    if (end < 0) break
    let body: string
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1')
    } catch {
      continue
    }
    if (!body.includes('begincmap')) continue
    // NFKC: a CJK font draws 方 and the Kangxi radical ⽅ with one glyph, and the map may name either.
    const utf16 = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16))).normalize('NFKC')
    for (const [, block] of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, , dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) chars.add(utf16(dst!))
    }
    for (const [, block] of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const first = parseInt(dst!, 16)
        for (let i = 0; i <= parseInt(hi!, 16) - parseInt(lo!, 16); i++) chars.add(String.fromCodePoint(first + i).normalize('NFKC'))
      }
    }
  }
  return chars
}

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser plan-report test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('planner: names, exports and the printable report in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session
  let page: Page
  let report: Page
  /** 5xx answers with their bodies, to say which failure it was (session.errors has the URLs). */
  const failures: string[] = []

  const idle = (p: Page) => p.waitForFunction(() => (window as unknown as PlannerWindow).__planner?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 200 })
  const describePoints = async (points: LngLat[]) =>
    (await api('/api/places/describe', { points: points.map(([lng, lat]) => ({ lng, lat })) })).items.map((d: any) => d.label as string)

  it(
    'places two stations on gaps far apart and names them as the server does',
    async () => {
      const gaps = await api('/api/coverage/gaps?minutes=15&scenario=current&limit=300')
      page = await session.openPage('/planner', VIEWPORT, (p) =>
        p.on('response', (r) => {
          if (r.status() >= 500) void r.text().then((b) => failures.push(`${r.status()} ${r.url()}: ${b.slice(0, 200)}`), () => undefined)
        }),
      )
      await page.waitForSelector('[data-testid="covered-residents-15"]', { timeout: STEP_TIMEOUT })
      await idle(page)
      const spots: { at: LngLat; pt: PagePoint }[] = []
      for (const f of gaps.features) {
        const at = ringCentre(f.geometry)
        const pt = await page.evaluate((ll) => (window as unknown as PlannerWindow).__planner!.pointFor(ll), at)
        if (pt && spots.every((s) => metres(s.at, at) > 1_500)) spots.push({ at, pt })
        if (spots.length === 2) break
      }
      expect(spots, 'two gap buildings far apart are visible').toHaveLength(2)
      for (const [i, s] of spots.entries()) {
        await page.click('[data-testid="add-mode"]')
        await page.waitForSelector('[data-testid="planner"][data-add-mode="true"]')
        await clickAt(page, s.pt)
        await page.waitForFunction((n) => (window as unknown as PlannerWindow).__planner!.state().added.length === n, i + 1, { timeout: STEP_TIMEOUT })
      }
      await idle(page)
      const added = (await page.evaluate(() => (window as unknown as PlannerWindow).__planner!.state())).added.map((h) => h.lngLat)
      const labels = await describePoints(added)
      await page.waitForFunction(
        (want) => [...document.querySelectorAll('[data-testid="what-if-place"]')].map((e) => e.textContent?.trim()).join('|') === want.join('|'),
        labels,
        { timeout: STEP_TIMEOUT },
      )
      for (const l of labels) expect(l, 'a name, not coordinates').not.toMatch(COORDS)
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'asks for three more sites, names them, and adopts the first',
    async () => {
      await page.fill('[data-testid="suggest-k"]', '3')
      await page.click('[data-testid="suggest-run"]')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="suggest-site"]').length === 3, undefined, { timeout: STEP_TIMEOUT })
      const asked = await page.evaluate(() => (window as unknown as PlannerWindow).__planner!.state().suggestBody)
      const suggestion = await api('/api/coverage/suggest', asked)
      const labels = await describePoints(suggestion.sites.map((s: any) => [s.lng, s.lat]))
      await page.waitForFunction(
        (want) => [...document.querySelectorAll('[data-testid="suggest-place"]')].map((e) => e.textContent?.trim()).join('|') === want.join('|'),
        labels,
        { timeout: STEP_TIMEOUT },
      )
      await page.click('[data-testid="suggest-adopt"] >> nth=0')
      await page.waitForFunction(() => (window as unknown as PlannerWindow).__planner!.state().added.length === 3, undefined, { timeout: STEP_TIMEOUT })
      await idle(page)
      // The adopted site is named at once: its name was known from the suggestion.
      expect((await page.textContent('[data-testid="what-if-item"] >> nth=2'))!).toContain(labels[0])
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'saves the plan in hand and compares it with now and the pipeline: the same numbers as what-ifs of each',
    async () => {
      const name = `链路方案-${Date.now()}`
      await page.fill('[data-testid="plan-name"]', name)
      await page.click('[data-testid="plan-save"]')
      await page.waitForFunction((n) => document.querySelector('[data-testid="plans-current"]')?.textContent?.includes(n), name, { timeout: STEP_TIMEOUT })
      const saved = (await api('/api/plans')).items.find((p: any) => p.name === name)
      expect(saved.counts.stationsAdded).toBe(3)
      const compare = await session.openPage(`/planner/compare?plans=now,pipeline,${saved.id}`, VIEWPORT)
      await compare.waitForSelector('[data-testid="compare-district"]', { timeout: STEP_TIMEOUT })
      const cells = (await compare.$$eval('[data-testid="compare-district"] td', (tds) => tds.map((td) => td.textContent ?? ''))).map((t) => t.replace(/,/g, ''))
      expect(cells).toHaveLength(3)
      // Each column as the planner's own question would count it: now, the pipeline built, and this plan.
      const district15 = async (body: object) =>
        (await api('/api/coverage/what-if', { minutes: [15], ...body })).areas.find((a: any) => a.level === 'district').covered['15'].residents as number
      const { suggestBody } = await page.evaluate(() => (window as unknown as PlannerWindow).__planner!.state())
      const plan = { add: suggestBody.add, move: suggestBody.move, remove: suggestBody.remove }
      const want = [await district15({ scenario: 'current' }), await district15({ scenario: 'planned' }), await district15({ scenario: 'current', ...plan })]
      want.forEach((n, i) => expect(cells[i], `column ${i + 1}`).toContain(String(n)))
      expect(want[2]).toBeGreaterThan(want[0])
      await compare.close()
    },
    STEP_TIMEOUT * 2,
  )

  it(
    'downloads the plan as CSV with a BOM, Chinese headers and the stations\' names',
    async () => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT }), page.click('[data-testid="plan-export-plan-csv"]')])
      expect(download.suggestedFilename()).toMatch(/^规划方案站点_现状在用_\d{8}-\d{4}\.csv$/)
      const bytes = readFileSync((await download.path())!)
      expect(bytes.length).toBeGreaterThan(100)
      const text = bytes.toString('utf8')
      expect(text.startsWith('\uFEFF变动,站点名称,站点类型')).toBe(true)
      const lines = text.trim().split('\r\n')
      expect(lines).toHaveLength(4)
      expect(lines.slice(1).every((l) => l.startsWith('新增,假设站点 '))).toBe(true)
      const places = await page.$$eval('[data-testid="what-if-place"]', (els) => els.map((e) => e.textContent!.trim()))
      for (const p of places) expect(text).toContain(p)

      const [sites] = await Promise.all([page.waitForEvent('download', { timeout: STEP_TIMEOUT }), page.click('[data-testid="plan-export-sites-csv"]')])
      const sitesText = readFileSync((await sites.path())!, 'utf8')
      expect(sitesText.startsWith('\uFEFF排名,新增覆盖居民')).toBe(true)
      expect(sitesText).toContain('已采纳')
    },
    STEP_TIMEOUT * 2,
  )

  it(
    'opens the report with the map and Chinese tables and prints it to a PDF with the Chinese text in it',
    async () => {
      const [popup] = await Promise.all([page.context().waitForEvent('page', { timeout: STEP_TIMEOUT }), page.click('[data-testid="plan-report"]')])
      report = popup
      report.on('pageerror', (e) => errors.push(`report pageerror: ${e.message}`))
      await report.waitForSelector('[data-testid="plan-report"]', { timeout: STEP_TIMEOUT })
      await report.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[data-testid="report-map"]')
        return !!img && img.complete && img.naturalWidth > 100
      }, undefined, { timeout: STEP_TIMEOUT })
      const title = (await report.textContent('h1'))!.trim()
      expect(title).toMatch(/党群服务阵地规划方案$/)
      const stationRows = await report.$$eval('[data-testid="report-stations"] tbody tr', (rows) => rows.map((r) => r.textContent ?? ''))
      expect(stationRows).toHaveLength(3)
      const places = await page.$$eval('[data-testid="what-if-place"]', (els) => els.map((e) => e.textContent!.trim()))
      places.forEach((p, i) => expect(stationRows[i]).toContain(p))
      expect(await report.locator('[data-testid="report-sites"] tbody tr').count()).toBe(3)
      expect(await report.locator('[data-testid="report-streets"] tbody tr').count()).toBeGreaterThan(0)
      expect(await report.locator('[data-testid="report-communities"] tbody tr').count()).toBeGreaterThan(0)
      const headline = await report.textContent('[data-testid="report-headline"]')
      expect(headline).toContain('15 分钟')

      await report.screenshot({ path: screenshotPath('plan-report.png') })
      await report.emulateMedia({ media: 'print' })
      expect(await report.isVisible('[data-testid="report-print"]'), 'the toolbar is not printed').toBe(false)
      await report.emulateMedia({ media: 'screen' })
      const pdf = await report.pdf({ preferCSSPageSize: true, printBackground: true })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      // The map image alone is tens of kilobytes.
      expect(pdf.length).toBeGreaterThan(50_000)
      const file = `${process.env.TMPDIR ?? '/tmp'}/plan-report-${process.pid}.pdf`
      writeFileSync(file, pdf)
      const text = pdftotext(file)
      if (text !== null) {
        expect(text).toContain(title)
        expect(text).toContain('站点变动')
        expect(text.replace(/\s+/g, '')).toContain(places[0]!.replace(/\s+/g, ''))
      } else {
        console.warn('[e2e] pdftotext not found (Debian poppler-utils): checking the PDF fonts\' characters instead')
        const chars = pdfCharacters(pdf)
        for (const want of [title, '站点变动', '智能选址建议', '社区覆盖', places[0]!]) {
          const missing = [...want.replace(/[\s·\d.,、（）()]/g, '')].filter((c) => !chars.has(c))
          expect(missing, `characters of "${want}" printed in the PDF`).toEqual([])
        }
        // The check can fail: characters that are nowhere on the report are not found.
        expect([...'鹦鹉螺'].some((c) => chars.has(c))).toBe(false)
      }
      expect(errors, failures.join('\n')).toEqual([])
    },
    STEP_TIMEOUT * 3,
  )

  it(
    'sites under a budget inside an outline drawn on the map, from public buildings, each site of its kind',
    async () => {
      await page.bringToFront()
      await idle(page)
      // An outline around the plan's stations: four corners clicked where the map shows (no panel over them), closed with 完成.
      const added = (await page.evaluate(() => (window as unknown as PlannerWindow).__planner!.state())).added.map((h) => h.lngLat)
      const [cx, cy] = [added.reduce((s, p) => s + p[0], 0) / added.length, added.reduce((s, p) => s + p[1], 0) / added.length]
      let corners: PagePoint[] = []
      for (const r of [0.012, 0.008, 0.005, 0.003]) {
        const at: LngLat[] = [[cx - r, cy - r * 0.8], [cx + r, cy - r * 0.8], [cx + r, cy + r * 0.8], [cx - r, cy + r * 0.8]]
        const pts = await page.evaluate((ll) => ll.map((p) => (window as unknown as PlannerWindow).__planner!.pointFor(p)), at)
        if (pts.every((p) => p !== null)) {
          corners = pts as PagePoint[]
          break
        }
      }
      expect(corners, 'four corners of an outline visible on the map').toHaveLength(4)
      await page.click('[data-testid="outline-draw"]')
      await page.waitForSelector('[data-testid="outline-hint"]', { timeout: STEP_TIMEOUT })
      for (const [i, c] of corners.entries()) {
        await clickAt(page, c)
        await page.waitForFunction((n) => (window as any).__planner.state().outlineCorners === n, i + 1, { timeout: STEP_TIMEOUT })
      }
      await page.click('[data-testid="outline-finish"]')
      await page.waitForSelector('[data-testid="outline-clear"]', { timeout: STEP_TIMEOUT })
      expect(await page.textContent('[data-testid="outline-state"]')).toContain('4 个顶点')
      await page.check('[data-testid="suggest-source-public_building"]')
      await page.uncheck('[data-testid="suggest-source-street"]')
      await page.check('[data-testid="suggest-budget-on"]')
      expect(await page.inputValue('[data-testid="suggest-k"]')).toBe('4')
      await page.click('[data-testid="suggest-run"]')
      await page.waitForSelector('[data-testid="suggest-source-count-public_building"]', { timeout: STEP_TIMEOUT })
      const asked = (await page.evaluate(() => (window as unknown as PlannerWindow).__planner!.state())).suggestBody as any
      expect(asked.budget).toEqual([{ kind: 'community_center', count: 1 }, { kind: 'compound_station', count: 3 }])
      expect(asked.sources).toEqual(['public_building'])
      const ring: LngLat[] = asked.within.coordinates[0]
      expect(ring).toHaveLength(5)
      const answer = await api('/api/coverage/suggest', asked)
      expect(answer.sites.length).toBeGreaterThan(0)
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="suggest-site"]').length === n, answer.sites.length, { timeout: STEP_TIMEOUT })
      const kinds = await page.$$eval('[data-testid="suggest-kind"]', (els) => els.map((e) => (e as HTMLElement).dataset.kind))
      expect(kinds).toEqual(answer.sites.map((s: any) => s.kind))
      expect(kinds[0]).toBe('community_center')
      const [w, sN, e, n] = [Math.min(...ring.map((p) => p[0])), Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[1]))]
      for (const site of answer.sites) {
        expect(site.source).toBe('public_building')
        expect(site.lng).toBeGreaterThanOrEqual(w)
        expect(site.lng).toBeLessThanOrEqual(e)
        expect(site.lat).toBeGreaterThanOrEqual(sN)
        expect(site.lat).toBeLessThanOrEqual(n)
      }
      const named = await page.$$eval('[data-testid="suggest-candidate"]', (els) => els.map((el) => el.textContent ?? ''))
      expect(named[0]).toBe(`公共建筑：${answer.sites[0].name}`)
      await page.screenshot({ path: screenshotPath('planner-siting-options.png') })
      expect(errors, failures.join('\n')).toEqual([])
    },
    STEP_TIMEOUT * 3,
  )
})
