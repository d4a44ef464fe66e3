/**
 * The case loop worked in the browser by the people who work it (issue 10): a grid worker on a phone
 * reports what they see with a photo (随手拍), the wall shows it at once, the street operator dispatches it
 * from the workbench, the worker handles and settles it on the phone, the resident's evaluation is
 * recorded and the case closed; the case view's history names every step and who took it. A street
 * operator cannot open another street's case; a department reports in to a whistle and its report rate
 * moves.
 */
import type { Browser, Page } from 'playwright-core'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { ringCentre, screenshotPath, STEP_TIMEOUT, useBrowserSession } from './session.ts'
import { DEMO_KIOSK_KEY, DEMO_PASSWORD } from '../../server/plugins/auth/bootstrap.ts'

const PHONE = { width: 360, height: 740 }
const DESK = { width: 1440, height: 900 }
const WALL = { width: 1920, height: 1080 }
/** The promise for the wall: a new report shows there within two seconds. */
const WALL_WITHIN_MS = 2_000

/** A small photo as a phone camera makes it: a JPEG (the upload's content is what matters, not its look). */
const photo = () =>
  sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 60, b: 40 } } }).jpeg().toBuffer()

/** A fresh browser context signed in through the sign-in page as a demo account. */
async function signedInAs(browser: Browser, base: string, username: string, viewport: { width: number; height: number }, extra: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext({ viewport, ...extra })
  const page = await context.newPage()
  page.on('close', () => void context.close().catch(() => undefined))
  await page.goto(`${base}/login`)
  await page.fill('[data-testid="login-username"]', username)
  await page.fill('[data-testid="login-password"]', DEMO_PASSWORD)
  await page.click('[data-testid="login-submit"]')
  await page.waitForURL((u) => u.pathname !== '/login', { timeout: STEP_TIMEOUT })
  return page
}

/** Open a case in the page's case overlay through the workbench's search (the operator's way in). */
async function openFromWorkbench(page: Page, id: number) {
  await page.fill('[data-testid="queue-q"]', String(id))
  await page.press('[data-testid="queue-q"]', 'Enter')
  const row = `[data-testid="queue-row-${id}"]`
  await page.waitForSelector(row, { timeout: STEP_TIMEOUT })
  await page.click(`${row} td.id a`)
  await page.waitForSelector(`[data-testid="case-overlay"] [data-testid="case-detail"][data-case-id="${id}"] [data-testid="case-timeline"]`, { timeout: STEP_TIMEOUT })
}

/** Take one action from the open case view: its button, its form, submit, and wait for the new status. */
async function act(page: Page, action: string, fill: () => Promise<void>, status: string) {
  await page.click(`[data-testid="action-${action}"]`)
  await page.waitForSelector(`[data-testid="form-${action}"]`, { timeout: STEP_TIMEOUT })
  await fill()
  await page.click('[data-testid="action-submit"]')
  await page.waitForSelector(`[data-testid="case-detail"][data-status="${status}"]`, { timeout: STEP_TIMEOUT })
}

describe.skipIf(!hasChromium)(`the case loop in the browser (${hasChromium ? CHROMIUM_PATH : 'needs /usr/bin/chromium'})`, () => {
  const session = useBrowserSession()

  async function demoArea(username: string): Promise<string> {
    const { accounts } = await session.api('/api/admin/accounts')
    const account = accounts.find((a: { username: string }) => a.username === username)
    if (!account?.areaId) throw new Error(`the demo account ${username} has no area`)
    return account.areaId as string
  }

  it('grid worker reports with a photo → wall → street dispatches → worker settles → evaluation and close, every step in the history', async () => {
    const gridId = await demoArea('grid')
    const { features } = await session.api(`/api/buildings?area=${gridId}&limit=50`)
    const building = features[Math.floor(features.length / 2)]
    const [lng, lat] = ringCentre(building.geometry)
    const base = session.server.base
    const title = `e2e 随手拍 ${Date.now()}`

    const wall = await session.openPage(`/screen?kiosk=${DEMO_KIOSK_KEY}`, WALL, undefined, false)
    await wall.waitForSelector('[data-testid="screen"][data-live="live"] [data-testid="case-ticker"]', { timeout: STEP_TIMEOUT })
    // When each new ticker row has been painted (the frame after it entered the page), in the page's own
    // time: the test's polling of a page busy drawing in software WebGL would see it later than a person.
    await wall.evaluate(() => {
      const painted: Record<string, number> = ((window as any).__tickerPainted = {})
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (!(n instanceof HTMLElement) || n.dataset.testid !== 'ticker-item') continue
            const id = n.dataset.caseId!
            requestAnimationFrame(() => setTimeout(() => (painted[id] ??= Date.now()), 0))
          }
        }
      }).observe(document.body, { childList: true, subtree: true })
    })

    // The phone: its location is the building's (browsers give WGS-84, as the district is stored).
    const phone = await signedInAs(session.browser, base, 'grid', PHONE, {
      geolocation: { longitude: lng!, latitude: lat!, accuracy: 8 },
      permissions: ['geolocation'],
      hasTouch: true,
      isMobile: true,
    })
    await phone.waitForURL((u) => u.pathname === '/m', { timeout: STEP_TIMEOUT })
    await phone.waitForSelector('[data-testid="m-report"]', { timeout: STEP_TIMEOUT })
    await phone.setInputFiles('[data-testid="m-album"]', { name: 'patrol.jpg', mimeType: 'image/jpeg', buffer: await photo() })
    await phone.waitForSelector('[data-testid="m-photo"][data-state="done"]', { timeout: STEP_TIMEOUT })
    await phone.click('[data-testid="m-category-fire_access"]')
    await phone.fill('[data-testid="m-text"]', title)
    await phone.waitForSelector('[data-testid="m-send"]:not([disabled])', { timeout: STEP_TIMEOUT })
    await phone.$eval('[data-testid="m-photos"]', (el) => el.scrollIntoView())
    await phone.screenshot({ path: screenshotPath('phone-report.png') })
    const [posted] = await Promise.all([
      phone.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST', { timeout: STEP_TIMEOUT }),
      phone.click('[data-testid="m-send"]'),
    ])
    // The browser and this process share the machine's clock.
    const postedAt = Date.now()
    expect(posted.status()).toBe(201)
    const created = await posted.json()
    expect(created).toMatchObject({ source: 'patrol', gridId, category: 'fire_access' })
    await phone.waitForSelector(`[data-testid="m-report-done"][data-case-id="${created.id}"]`, { timeout: STEP_TIMEOUT })

    // The wall, signed in with the kiosk key, lists it within the promised time (measured from the phone's answer).
    await wall.waitForSelector(`[data-testid="ticker-item"][data-case-id="${created.id}"]`, { timeout: STEP_TIMEOUT })
    expect(await wall.textContent(`[data-testid="ticker-item"][data-case-id="${created.id}"]`)).toContain(title)
    const paintedAt: number = await wall.evaluate((id) => (window as any).__tickerPainted[id], String(created.id))
    console.log(`[e2e] case ${created.id} painted on the wall ${paintedAt - postedAt} ms after the phone had its answer`)
    expect(paintedAt - postedAt).toBeLessThan(WALL_WITHIN_MS)

    // The street operator dispatches it to the grid from the workbench.
    const street = await signedInAs(session.browser, base, 'street', DESK)
    await street.waitForSelector('[data-testid="workbench"]', { timeout: STEP_TIMEOUT })
    await openFromWorkbench(street, created.id)
    await act(street, 'dispatch', async () => {
      await street.click('[data-testid="dispatch-level-grid"]')
      await street.selectOption('[data-testid="dispatch-to"]', gridId)
      await street.fill('[data-testid="action-note"]', '请网格员现场处置')
    }, 'dispatched')

    // Back on the phone: 我的网格 → start → settle at the building (小事不出楼栋).
    await phone.click('[data-testid="m-tab-grid"]')
    const myCase = `[data-testid="m-grid-case"][data-case-id="${created.id}"]`
    await phone.waitForSelector(`${myCase} [data-testid="m-act-start"]`, { timeout: STEP_TIMEOUT })
    await phone.click(`${myCase} [data-testid="m-act-start"]`)
    await phone.waitForSelector(`${myCase} [data-testid="m-act-resolve"]`, { timeout: STEP_TIMEOUT })
    await phone.click(`${myCase} [data-testid="m-act-resolve"]`)
    await phone.click(`${myCase} [data-testid="m-level-building"]`)
    await phone.fill(`${myCase} [data-testid="m-resolve-note"]`, '已清理通道')
    await phone.click(`${myCase} [data-testid="m-resolve-confirm"]`)
    await phone.waitForFunction(
      (id) => !document.querySelector(`[data-testid="m-grid-case"][data-case-id="${id}"] [data-testid="m-act-resolve"]`),
      created.id,
      { timeout: STEP_TIMEOUT },
    )
    await phone.screenshot({ path: screenshotPath('phone-grid.png') })

    // The resident's evaluation (回访), recorded by the street operator, and the close. The open case view
    // follows the worker's steps live.
    await street.waitForSelector('[data-testid="case-detail"][data-status="resolved"]', { timeout: STEP_TIMEOUT })
    await act(street, 'evaluate', async () => {
      await street.click('[data-testid="evaluate-stars"] label:nth-of-type(5)')
    }, 'evaluated')
    await act(street, 'close', async () => {}, 'closed')

    const timeline = await street.$$eval('[data-testid="timeline-entry"]', (els) =>
      els.map((e) => ({ type: e.getAttribute('data-type'), who: e.querySelector('[data-testid="timeline-actor"]')?.textContent ?? '' })),
    )
    expect(timeline.map((e) => e.type)).toEqual(['created', 'dispatched', 'started', 'resolved', 'evaluated', 'closed'])
    const actors = Object.fromEntries(timeline.map((e) => [e.type, e.who]))
    for (const t of ['created', 'started', 'resolved']) expect(actors[t], t).toContain('网格员')
    for (const t of ['dispatched', 'evaluated', 'closed']) expect(actors[t], t).toContain('街道网格中心')
    // The photo the worker took is in the history, served to the operator without any EXIF.
    const thumb = await street.getAttribute('[data-testid="case-timeline"] img', 'src')
    expect(thumb).toMatch(/\/api\/photos\/[0-9a-f]{64}/)
    await street.screenshot({ path: screenshotPath('case-view.png') })
    // The workbench itself, with a morning's calls waiting for dispatch; they arrive live.
    await street.click('[data-testid="case-overlay-close"]')
    await street.fill('[data-testid="queue-q"]', '')
    await street.press('[data-testid="queue-q"]', 'Enter')
    const calls = ['noise', 'parking', 'elevator', 'sanitation', 'street_lighting', 'drainage', 'greenery', 'road_damage']
    const { features: around } = await session.api(`/api/buildings?area=${created.streetId}&limit=400`)
    const posted8 = []
    for (const [i, category] of calls.entries()) {
      const [x, y] = ringCentre(around[(i * 47) % around.length].geometry)
      posted8.push(await session.api('/api/cases', { source: 'hotline_12345', category, title: `12345 来电 ${i + 1}`, location: { lng: x, lat: y } }))
    }
    for (const c of posted8) await street.waitForSelector(`[data-testid="queue-row-${c.id}"]`, { timeout: STEP_TIMEOUT })
    await street.screenshot({ path: screenshotPath('workbench.png') })

    const detail = await session.api(`/api/cases/${created.id}`)
    expect(detail).toMatchObject({ status: 'closed', resolvedLevel: 'building', satisfaction: 5 })
    expect(session.errors).toEqual([])
    await Promise.all([wall.close(), phone.close(), street.close()])
  }, STEP_TIMEOUT * 10)

  it("keeps a street operator out of another street's case, in the workbench and at its address", async () => {
    const streetId = await demoArea('street')
    const { features: streets } = await session.api('/api/areas?level=street')
    const other = streets.find((s: { id: string }) => s.id !== streetId)
    const { features } = await session.api(`/api/buildings?area=${other.id}&limit=20`)
    const [lng, lat] = ringCentre(features[0].geometry)
    const theirs = await session.api('/api/cases', {
      source: 'hotline_12345', category: 'noise', title: `e2e 外街道 ${Date.now()}`, location: { lng, lat },
    })
    expect(theirs.streetId).toBe(other.id)

    const street = await signedInAs(session.browser, session.server.base, 'street', DESK)
    await street.waitForSelector('[data-testid="workbench"]', { timeout: STEP_TIMEOUT })
    await street.fill('[data-testid="queue-q"]', String(theirs.id))
    await street.press('[data-testid="queue-q"]', 'Enter')
    await street.waitForFunction(() => document.querySelector('[data-testid="queue-total"]')?.textContent?.match(/\b0\b/), null, { timeout: STEP_TIMEOUT })
    expect(await street.$(`[data-testid="queue-row-${theirs.id}"]`)).toBeNull()

    await street.goto(`${session.server.base}/cases/${theirs.id}`)
    await street.waitForSelector('[data-testid="case-page"] [data-testid="case-error"]', { timeout: STEP_TIMEOUT })
    expect(await street.textContent('[data-testid="case-page"]')).toContain('不在您的辖区')
    expect(await street.textContent('[data-testid="case-page"]')).not.toContain(theirs.title)
    await street.close()
  }, STEP_TIMEOUT * 4)

  it('lets a department report in to a whistle before its deadline, and its report rate moves', async () => {
    const gridId = await demoArea('grid')
    const { features } = await session.api(`/api/buildings?area=${gridId}&limit=50`)
    const [lng, lat] = ringCentre(features[0].geometry)
    const c = await session.api('/api/cases', {
      source: 'hotline_12345', category: 'elevator', title: `e2e 电梯困人 ${Date.now()}`, location: { lng, lat },
    })
    await session.api(`/api/cases/${c.id}/transitions`, { action: 'dispatch', level: 'grid', to: gridId })
    await session.api(`/api/cases/${c.id}/transitions`, { action: 'escalate', department: 'housing', fromLevel: 'street', reportWithinHours: 2 })

    const housing = await signedInAs(session.browser, session.server.base, 'housing', DESK)
    await housing.waitForURL((u) => u.pathname === '/department', { timeout: STEP_TIMEOUT })
    const pending = `[data-testid="department-pending-${c.id}"]`
    await housing.waitForSelector(pending, { timeout: STEP_TIMEOUT })
    expect(await housing.textContent(`[data-testid="department-countdown-${c.id}"]`)).toMatch(/\d/)
    const counts = async () => ({
      escalated: Number(await housing.textContent('[data-testid="department-escalated"]')),
      reported: Number(await housing.textContent('[data-testid="department-reported"]')),
      rate: await housing.textContent('[data-testid="department-report-rate"]'),
    })
    const before = await counts()
    expect(before.escalated).toBeGreaterThan(0)
    await housing.click(`[data-testid="department-report-${c.id}"]`)
    await housing.waitForSelector(pending, { state: 'detached', timeout: STEP_TIMEOUT })
    await housing.waitForFunction((n) => Number(document.querySelector('[data-testid="department-reported"]')?.textContent) > n, before.reported, {
      timeout: STEP_TIMEOUT,
    })
    const after = await counts()
    expect(after.reported).toBe(before.reported + 1)
    expect(after.rate).not.toBe(before.rate)
    const detail = await session.api(`/api/cases/${c.id}`)
    expect(detail.escalation.reportedAt).not.toBeNull()
    expect(Date.parse(detail.escalation.reportedAt)).toBeLessThan(Date.parse(detail.escalation.reportBy))
    await housing.close()
  }, STEP_TIMEOUT * 4)
})
