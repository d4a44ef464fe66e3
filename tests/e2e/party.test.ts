/**
 * 组织进楼 in the drill-down, in headless Chromium: at a community the 党员中心户 markers are those the
 * API lists and the org tree carries its counts; a grid branch in the tree drills to its grid; at the
 * grid a marker's tooltip names the building and its group, and a click opens the building with the
 * cases near it; back at the community a case posted at that building is listed near its 中心户 and
 * opens the case view.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { clickAt, STEP_TIMEOUT, useBrowserSession } from './session.ts'
import { intakeBody } from '../fixtures/cases/api.ts'

const VIEWPORT = { width: 1600, height: 900 }

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM_PATH} not found: skipping the browser party-organisation test (apt-get install chromium)`)

describe.skipIf(!hasChromium)('explore: party organisation on the map in headless Chromium', () => {
  const session = useBrowserSession()
  const { api, errors } = session

  const explore = (p: Page, fn: string, arg?: unknown) => p.evaluate(([f, a]) => (window as any).__explore?.[f as string]?.(a), [fn, arg] as const)

  async function settled(p: Page, areaId: string) {
    await p.waitForFunction(
      (id) => (window as any).__explore?.idle() === true && (window as any).__explore.state().areaId === id,
      areaId,
      { timeout: STEP_TIMEOUT, polling: 250 },
    )
  }

  it('draws the 中心户, drills through the tree, and offers 中心户 for the open cases near them', async () => {
    const district = (await api('/api/party/orgs')).area.id as string
    const tree = await api(`/api/party/orgs?area=${district}`)
    const community = tree.nodes
      .filter((n: { kind: string }) => n.kind === 'community_committee')
      .sort((a: { households: number }, b: { households: number }) => b.households - a.households)[0]
    const branch = tree.nodes
      .filter((n: { parentId: string }) => n.parentId === community.id)
      .sort((a: { households: number }, b: { households: number }) => b.households - a.households)[0]
    const layer = await api(`/api/party/households?area=${community.areaId}`)
    const expectedIds = layer.features.map((f: { id: string }) => f.id).sort()

    const page = await session.openPage(`/explore/${community.areaId}`, VIEWPORT)
    await settled(page, community.areaId)
    await page.waitForFunction((n) => (window as any).__explore.state().householdBuildingIds.length === n, expectedIds.length, { timeout: STEP_TIMEOUT })
    expect(((await explore(page, 'state')) as { householdBuildingIds: string[] }).householdBuildingIds.sort()).toEqual(expectedIds)
    expect(await page.textContent('[data-testid="party-legend-count"]')).toContain(`${expectedIds.length} 栋`)
    const root = page.locator(`[data-testid="party-tree"] [data-org-id="${community.id}"]`).first()
    expect(await root.locator('[data-testid="party-tree-households"]').first().textContent()).toBe(String(community.households))

    await page.locator(`[data-testid="party-tree"] [data-org-id="${branch.id}"] [data-testid="party-tree-org"]`).first().click()
    await page.waitForURL(`**/explore/${branch.areaId}`, { timeout: STEP_TIMEOUT })
    await settled(page, branch.areaId)
    await page.waitForFunction((g) => (window as any).__explore.state().householdBuildingIds.length > 0 && (window as any).__explore.state().areaId === g, branch.areaId, {
      timeout: STEP_TIMEOUT,
    })
    const ids = ((await explore(page, 'state')) as { householdBuildingIds: string[] }).householdBuildingIds
    let hit: { id: string; at: { x: number; y: number } } | null = null
    for (const id of ids) {
      const at = (await explore(page, 'householdPoint', id)) as { x: number; y: number } | null
      if (at) {
        hit = { id, at }
        break
      }
    }
    expect(hit, 'a 中心户 marker the mouse can reach').not.toBeNull()
    const feature = layer.features.find((f: { id: string }) => f.id === hit!.id)
    await page.mouse.move(hit!.at.x, hit!.at.y)
    await page.waitForSelector('[data-testid="map-tooltip"]', { timeout: STEP_TIMEOUT })
    const tip = await page.textContent('[data-testid="map-tooltip"]')
    expect(tip).toContain(feature.properties.name)
    expect(tip).toContain(`党员中心户 ${feature.properties.households} 户`)

    // A case at that building is near its 中心户.
    const [lng, lat] = feature.geometry.coordinates
    const posted = await api('/api/cases', intakeBody({ lng, lat }, { priority: 'urgent', title: '中心户楼下积水' }))

    await clickAt(page, hit!.at)
    await page.waitForURL(`**/explore/${branch.areaId}/building/${hit!.id}`, { timeout: STEP_TIMEOUT })
    await page.waitForSelector(`[data-testid="building-near-case"][data-case-id="${posted.id}"]`, { timeout: STEP_TIMEOUT })

    await page.goto(`${session.server.base}/explore/${community.areaId}`)
    await settled(page, community.areaId)
    const near = await api(`/api/party/cases-near?area=${community.areaId}`)
    await page.waitForSelector('[data-testid="party-near-open"]', { timeout: STEP_TIMEOUT })
    expect((await page.textContent('[data-testid="party-near-open"]'))?.replace(/\s+/g, '')).toBe(`${near.open.near}/${near.open.total}`)
    const row = page.locator(`[data-testid="party-near-case"][data-case-id="${posted.id}"]`)
    await row.waitFor({ timeout: STEP_TIMEOUT })
    expect(await row.locator('xpath=..').locator(`[data-testid="party-near-helper"][data-building-id="${hit!.id}"]`).count()).toBe(1)
    await row.click()
    await page.waitForSelector(`[data-testid="case-overlay"] [data-testid="case-detail"][data-case-id="${posted.id}"]`, { timeout: STEP_TIMEOUT })
    expect(errors).toEqual([])
    await page.close()
  }, 480_000)
})
