/**
 * Build the web app once for end-to-end tests, and only when dist/web is missing or older than the
 * sources, the same rule `npm start` uses.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const WEB_DIST = join(ROOT, 'dist/web')

function newest(path: string): number {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let m = 0
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)))
  return m
}

export async function ensureWebBuilt(log: (m: string) => void = () => {}): Promise<string> {
  const index = join(WEB_DIST, 'index.html')
  const sources = Math.max(newest(join(ROOT, 'web')), newest(join(ROOT, 'vite.config.ts')))
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return WEB_DIST
  log('building the web app (dist/web is missing or older than web/)…')
  const { build } = await import('vite')
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' })
  return WEB_DIST
}
