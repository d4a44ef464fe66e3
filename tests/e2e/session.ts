/**
 * What every browser test file sets up the same way: the built web app served by the real server
 * (app-server.ts), headless Chromium (browser.ts), a JSON client for the server's API, and pages that
 * record uncaught errors and 5xx answers so that a test can check there were none.
 */
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startServer, type RunningServer } from './app-server.ts'
import { launchChromium } from './browser.ts'
import { ensureWebBuilt } from './web-build.ts'

/** Software WebGL is slow: a step (a page settling, a marker appearing) may take this long. */
export const STEP_TIMEOUT = 60_000

export interface PagePoint {
  x: number
  y: number
}

export interface Viewport {
  width: number
  height: number
}

export interface BrowserSession {
  readonly server: RunningServer
  readonly browser: Browser
  /** Uncaught page errors and HTTP 5xx answers seen by the pages opened with openPage. */
  readonly errors: string[]
  /** GET `path`, or POST `body` to it as JSON; the parsed answer, or an error naming the status. */
  api(path: string, body?: unknown): Promise<any>
  /**
   * A new page at `path` in a browser context of its own, signed in as the test administrator unless
   * `signedIn` is false (the sign-in page, a wall display opened with a kiosk key); `before` runs before
   * it loads (to listen for requests, say).
   */
  openPage(path: string, viewport: Viewport, before?: (page: Page) => void, signedIn?: boolean): Promise<Page>
}

export interface SessionOptions {
  /** Starts the server the pages talk to; @default the app on the run's shared test database. */
  start?: (webRoot: string) => Promise<RunningServer>
}

/** Registers the file's beforeAll / afterAll; use the session inside tests and later hooks. */
export function useBrowserSession(options: SessionOptions = {}): BrowserSession {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  const errors: string[] = []

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt((m) => console.log(`[e2e] ${m}`))
    server = await (options.start ?? startServer)(webRoot)
    browser = await launchChromium()
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const started = () => {
    if (!server || !browser) throw new Error('the browser session has not started (use it inside tests or later hooks)')
    return { server, browser }
  }

  return {
    get server() {
      return started().server
    },
    get browser() {
      return started().browser
    },
    errors,
    async api(path, body) {
      const method = body === undefined ? 'GET' : 'POST'
      const init = body === undefined ? undefined : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      const headers = { ...(init?.headers ?? {}), cookie: started().server.cookie }
      const res = await fetch(started().server.base + path, { ...init, headers })
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return (await res.json()) as any
    },
    async openPage(path, viewport, before, signedIn = true) {
      const { server: running, browser: chromium } = started()
      const context = await chromium.newContext({ viewport })
      if (signedIn) {
        const [name, ...value] = running.cookie.split('=')
        await context.addCookies([{ name: name!, value: value.join('='), url: running.base, httpOnly: true, sameSite: 'Lax' }])
      }
      const page = await context.newPage()
      // The context goes with its page.
      page.on('close', () => void context.close().catch(() => undefined))
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
      page.on('response', (r) => {
        if (r.status() >= 500) errors.push(`HTTP ${r.status()} ${r.url()}`)
      })
      before?.(page)
      await page.goto(started().server.base + path)
      return page
    },
  }
}

/** A real mouse click: move there first, so hover state is what a user's would be. */
export async function clickAt(page: Page, at: PagePoint): Promise<void> {
  await page.mouse.move(at.x, at.y)
  await page.mouse.click(at.x, at.y)
}

/** Average of a (multi)polygon's first outer ring: inside small convex shapes such as buildings and grids. */
export function ringCentre(geometry: { type: string; coordinates: any }): [number, number] {
  const ring: number[][] = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0][0]
  const pts = ring.slice(0, -1)
  return [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length]
}

/**
 * Where a test's screenshot goes: docs/screenshots/ when UPDATE_SCREENSHOTS=1 (to refresh the README's
 * pictures), otherwise a temporary folder, so that `npm test` leaves the work tree clean.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'hongse-screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, name)
}
