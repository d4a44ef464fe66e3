/**
 * Headless Debian Chromium for end-to-end tests, driven by playwright-core (no bundled browser).
 * WebGL comes from SwiftShader (software): checked to give a WebGL2 context on a machine with no GPU.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const hasChromium = existsSync(CHROMIUM_PATH)

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  // Keep rendering going in a page that headless Chromium would otherwise treat as hidden.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}
