/**
 * 热点预警 on the wall (issue 11): a burst of reports of one kind in one grid raises an alert that the
 * wall, signed in with the kiosk key, lists and rings on the map, pushed live (the wall was open before
 * the burst); the time it took is printed. The kiosk key may not acknowledge: no 确认 button.
 */
import { describe, expect, it } from 'vitest'
import { DEMO_KIOSK_KEY } from '../../server/plugins/auth/bootstrap.ts'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { ringCentre, screenshotPath, STEP_TIMEOUT, useBrowserSession } from './session.ts'

const WALL = { width: 1920, height: 1080 }
/**
 * How long the test waits for the alert. The promise, within 30 s of the burst, is a speed target:
 * the detector's run is measured in bench:hotspots (3 s after new cases, then a run of tens of ms), and this
 * test prints the time it saw. It waits longer because a full test run shares one embedded database, a
 * session at a time, with another file's walls and servers on two cores: their snapshot reads queue
 * ahead of the detector's transaction. The detector's minute run is the upper bound that matters here.
 */
const ALERT_WAIT_MS = 90_000
/**
 * A category no other test file names (elderly_care was also the workbench test's). Other files still
 * post random categories (the fuzzer, the simulator test) into the same database, which raises the
 * district's count in the window and so the expectation: the burst is large enough to stand out anyway.
 */
const CATEGORY = 'rental_housing'
const BURST = 12

describe.skipIf(!hasChromium)(`hotspot alerts on the wall (${hasChromium ? CHROMIUM_PATH : 'needs /usr/bin/chromium'})`, () => {
  const session = useBrowserSession()

  it('a burst of cases in one grid raises an alert on the open wall, pushed live', async () => {
    const { accounts } = await session.api('/api/admin/accounts')
    const gridId = accounts.find((a: { username: string }) => a.username === 'grid')?.areaId as string
    expect(gridId).toBeTruthy()
    const { features } = await session.api(`/api/buildings?area=${gridId}&limit=50`)
    const building = features[Math.floor(features.length / 3)]
    const [lng, lat] = ringCentre(building.geometry)

    const wall = await session.openPage(`/screen?kiosk=${DEMO_KIOSK_KEY}`, WALL, undefined, false)
    await wall.waitForSelector('[data-testid="screen"][data-live="live"] [data-testid="hotspot-panel"]', { timeout: STEP_TIMEOUT })

    console.log('[e2e] the wall is live; posting the burst')
    const started = Date.now()
    for (let i = 0; i < BURST; i++) {
      const c = await session.api('/api/cases', {
        source: 'patrol',
        externalId: `e2e-hotspot-${started}-${i}`,
        category: CATEGORY,
        title: '群租房噪音扰民',
        location: { lng: lng! + ((i % 4) - 1.5) * 0.0002, lat: lat! + (Math.floor(i / 4) - 1) * 0.00015 },
        priority: 'normal',
      })
      expect(c.gridId).toBe(gridId)
    }

    const postedMs = Date.now() - started
    const item = `[data-testid="hotspot-item"][data-category="${CATEGORY}"][data-grid-id="${gridId}"][data-status="open"]`
    // Where the time went, when the wall is late: the burst's posting, and what the server holds then.
    const late = async (err: unknown) => {
      const held = (await session.api('/api/hotspots?limit=20')).items.map((a: any) => `${a.id} ${a.category} ${a.gridId} ${a.status} ${a.observed}/${a.expected}`)
      const shown = await wall.$$eval('[data-testid="hotspot-item"]', (els) => els.map((e) => (e as HTMLElement).dataset.category + ' ' + (e as HTMLElement).dataset.status))
      console.log(`[e2e] no alert on the wall: burst posted in ${postedMs} ms; the server holds [${held.join('; ')}]; the wall shows [${shown.join('; ')}]`)
      throw err
    }
    await wall.waitForSelector(item, { timeout: ALERT_WAIT_MS }).catch(late)
    const tookMs = Date.now() - started
    console.log(`[e2e] hotspot alert on the wall ${tookMs} ms after the burst began (posted in ${postedMs} ms)`)

    const text = await wall.$eval(item, (el) => el.textContent ?? '')
    expect(text).toContain('出租房屋管理')
    expect(text).toMatch(/\d+ 件 \/ 预期 (<0\.1|[\d.]+)/)
    // A kiosk key sees alerts but never acts on them.
    expect(await wall.$$(`${item} button`)).toHaveLength(0)
    expect(await wall.$eval('[data-testid="hotspot-panel"]', (el) => Number((el as HTMLElement).dataset.liveCount))).toBeGreaterThanOrEqual(1)

    // The alert the server holds is the one the wall shows, drawn where the cases are.
    const { items } = await session.api('/api/hotspots')
    const alert = items.find((a: { category: string; gridId: string; status: string }) => a.category === CATEGORY && a.gridId === gridId && a.status === 'open')
    expect(alert).toBeTruthy()
    expect(alert.observed).toBeGreaterThanOrEqual(4)
    expect(Math.abs(alert.centre[0] - lng!) * 91_000).toBeLessThan(100)
    expect(Math.abs(alert.centre[1] - lat!) * 111_000).toBeLessThan(100)
    await wall.screenshot({ path: screenshotPath('wall-hotspot.png') })
    expect(session.errors).toEqual([])
  }, STEP_TIMEOUT * 2 + ALERT_WAIT_MS)
})
