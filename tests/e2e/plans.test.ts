/**
 * 方案 in a real browser: a plan saved through the API is listed in the planner's 方案 panel, opened
 * into the planner (its station appears as a hypothetical one and the headline moves), the plan in hand
 * is saved again under another name from the panel, and 对比 opens the comparison page, whose district
 * row shows the server's comparison numbers and its differences coloured. Screenshot:
 * docs/screenshots/plan-compare.png.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { screenshotPath, STEP_TIMEOUT, useBrowserSession } from './session.ts'

const VIEWPORT = { width: 1600, height: 900 }

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser plans test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('planner: saved plans and their comparison in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session
  let page: Page
  let planId = 0
  const name = `e2e方案-${Date.now()}`

  const idle = (p: Page) =>
    p.waitForFunction(() => (window as any).__planner?.idle() === true, undefined, { timeout: STEP_TIMEOUT, polling: 200 })
  const state = (p: Page) => p.evaluate(() => (window as any).__planner.state() as { added: unknown[]; covered: Record<string, number>; scenario: string })

  it('opens a saved plan into the planner', async () => {
    const gap = (await api('/api/coverage/gaps?minutes=15&scenario=current&limit=1')).features[0]
    const [lng, lat] = gap.properties.entrance
    planId = (await api('/api/plans', { name, scenario: 'current', changes: { add: [{ id: 'h1', lng, lat }] } })).id

    page = await session.openPage('/planner', VIEWPORT)
    await page.waitForSelector('[data-testid="covered-residents-15"]', { timeout: STEP_TIMEOUT })
    await idle(page)
    const before = (await state(page)).covered['15']!
    await page.waitForSelector(`[data-testid="plan-${planId}"]`, { timeout: STEP_TIMEOUT })
    await page.click(`[data-testid="plan-open-${planId}"]`)
    await page.waitForFunction(() => (window as any).__planner.state().added.length === 1, undefined, { timeout: STEP_TIMEOUT })
    await idle(page)
    const after = await state(page)
    expect(after.covered['15']).toBeGreaterThan(before)
    expect(await page.textContent('[data-testid="plans-current"]')).toContain(name)
  }, 180_000)

  it('saves the plan in hand under another name from the panel', async () => {
    await page.fill('[data-testid="plan-name"]', `${name}-副本`)
    await page.click('[data-testid="plan-save"]')
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid^="plan-"] .what')].some((e) => e.textContent?.includes(n)), `${name}-副本`, { timeout: STEP_TIMEOUT })
    const mine = (await api('/api/plans')).items
    const copy = mine.find((p: any) => p.name === `${name}-副本`)
    expect(copy.counts.stationsAdded).toBe(1)
  }, 60_000)

  it('compares now, the pipeline and the plan by street, with the server\'s numbers', async () => {
    await page.click(`[data-testid="plan-pick-${planId}"]`)
    await page.click('[data-testid="plans-compare"]')
    await page.waitForURL(/\/planner\/compare\?plans=now%2Cpipeline%2C\d+|\/planner\/compare\?plans=now,pipeline,\d+/, { timeout: STEP_TIMEOUT })
    await page.waitForSelector('[data-testid="compare-district"]', { timeout: STEP_TIMEOUT })
    const cmp = await api(`/api/plans/compare?plans=now,pipeline,${planId}`)
    const district = cmp.rows[0]
    const cells = await page.$$eval('[data-testid="compare-district"] td', (tds) => tds.map((td) => td.textContent ?? ''))
    expect(cells).toHaveLength(3)
    cells.forEach((text, i) => expect(text.replace(/,/g, '')).toContain(String(district.covered[i]['15'])))
    expect(await page.textContent('[data-testid="compare-district"] .diff.up')).toContain(`+${district.diff[1]['15'].toLocaleString('zh-CN')}`)
    const streets = cmp.rows.filter((r: any) => r.level === 'street')
    expect(await page.$$eval('[data-testid^="compare-row-"]', (rows) => rows.length)).toBe(streets.length)
    expect(await page.textContent('[data-testid="compare-table"] thead')).toContain(name)
    await page.selectOption('[data-testid="compare-from"]', '0')
    await page.selectOption('[data-testid="compare-to"]', '2')
    await page.screenshot({ path: screenshotPath('plan-compare.png') })
    expect(errors).toEqual([])
  }, 120_000)
})
