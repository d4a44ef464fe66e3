import { hasChromium } from './browser.ts'
import { ensureWebBuilt } from './web-build.ts'

/**
 * Build the web app once, before any browser test file starts: built from each file's beforeAll, two
 * files running at once both found dist/web stale and built into it together, and one of them emptied
 * the folder under the other's page (the planner then loaded no app).
 */
export default async function setup() {
  if (hasChromium) await ensureWebBuilt((m) => console.log(`[e2e] ${m}`))
}
