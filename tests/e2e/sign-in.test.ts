/**
 * Signing in, in a real browser: anonymous visitors are sent to the sign-in page; each demo account
 * (listed there while the demo is loaded) lands on its role's home view; the administrator lands on
 * the administration page; signing out returns to the sign-in page.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHROMIUM_PATH, hasChromium } from './browser.ts'
import { screenshotPath, STEP_TIMEOUT, useBrowserSession } from './session.ts'
import { TEST_ADMIN } from '../helpers/auth.ts'

const VIEWPORT = { width: 1440, height: 900 }

describe.skipIf(!hasChromium)(`sign-in and role homes in Chromium (${hasChromium ? CHROMIUM_PATH : 'needs /usr/bin/chromium'})`, () => {
  const session = useBrowserSession()
  const anonymousPage = (path: string) => session.openPage(path, VIEWPORT, undefined, false)
  const path = (page: Page) => new URL(page.url()).pathname

  it('sends an anonymous visitor to the sign-in page and back after signing in', async () => {
    const page = await anonymousPage('/planner')
    await page.waitForSelector('[data-testid="login"]', { timeout: STEP_TIMEOUT })
    expect(new URL(page.url()).searchParams.get('next')).toBe('/planner')
    await page.fill('[data-testid="login-username"]', 'planner')
    await page.fill('[data-testid="login-password"]', 'wrong-password')
    await page.click('[data-testid="login-submit"]')
    await page.waitForSelector('[data-testid="login-error"]', { timeout: STEP_TIMEOUT })
    expect(await page.textContent('[data-testid="login-error"]')).toContain('用户名或密码错误')
    await page.fill('[data-testid="login-username"]', TEST_ADMIN.username)
    await page.fill('[data-testid="login-password"]', TEST_ADMIN.password)
    await page.click('[data-testid="login-submit"]')
    await page.waitForURL((u) => u.pathname === '/planner', { timeout: STEP_TIMEOUT })
    expect(await page.textContent('[data-testid="user-role"]')).toBe('系统管理员')
    await page.close()
  }, STEP_TIMEOUT * 2)

  it('opens each demo role at its home view, and signs out', async () => {
    // Operators start at their queue (工作台), a department at its whistles (吹哨报到).
    const homes: Record<string, { path: string | RegExp; ready: string }> = {
      commander: { path: '/screen', ready: '[data-testid="screen-district"]' },
      street: { path: '/workbench', ready: '[data-testid="queue-tabs"]' },
      community: { path: '/workbench', ready: '[data-testid="queue-tabs"]' },
      grid: { path: '/workbench', ready: '[data-testid="queue-tabs"]' },
      housing: { path: '/department', ready: '[data-testid="department-kpis"]' },
      planner: { path: '/planner', ready: '[data-testid="what-if"]' },
    }
    const login = await anonymousPage('/login')
    await login.waitForSelector('[data-testid="demo-accounts"]', { timeout: STEP_TIMEOUT })
    const listed = await login.$$eval('[data-testid^="demo-"] code', (els) => els.map((e) => e.textContent))
    expect(listed.sort()).toEqual(Object.keys(homes).sort())
    await login.screenshot({ path: screenshotPath('login.png') })
    await login.close()

    for (const [username, home] of Object.entries(homes)) {
      const page = await anonymousPage('/login')
      await page.click(`[data-testid="demo-${username}"]`, { timeout: STEP_TIMEOUT })
      const at = (p: string) => (typeof home.path === 'string' ? p === home.path : home.path.test(p))
      await page.waitForURL((u) => at(u.pathname), { timeout: STEP_TIMEOUT })
      await page.waitForSelector(home.ready, { timeout: STEP_TIMEOUT })
      expect(at(path(page)), `${username} at ${path(page)}`).toBe(true)
      if (home.path !== '/screen') {
        await page.click('[data-testid="logout"]')
        await page.waitForSelector('[data-testid="login"]', { timeout: STEP_TIMEOUT })
      }
      await page.close()
    }
  }, STEP_TIMEOUT * 8)

  it('opens the administration page for the administrator, with accounts, keys and the audit log', async () => {
    const page = await session.openPage('/', VIEWPORT)
    await page.waitForURL((u) => u.pathname === '/admin', { timeout: STEP_TIMEOUT })
    await page.waitForSelector('[data-testid="accounts-panel"] td', { timeout: STEP_TIMEOUT })
    expect(await page.textContent('[data-testid="accounts-panel"]')).toContain('commander')
    await page.click('[data-testid="admin-tab-audit"]')
    await page.waitForSelector('[data-testid="audit-panel"] tr[data-action="login"]', { timeout: STEP_TIMEOUT })
    await page.close()
  }, STEP_TIMEOUT * 2)
})
