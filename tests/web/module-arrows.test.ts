/**
 * The web app's dependency arrows: views → composables → api, views → layers. Composables never reach
 * into layer builders, components or MapCanvas.vue, so they can be tested and reused without them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const COMPOSABLES = join(import.meta.dirname, '../../web/src/composables')

function importsOf(file: string): string[] {
  const text = readFileSync(join(COMPOSABLES, file), 'utf8')
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!)
}

describe('composables', () => {
  it('import neither layer builders, components, test hooks nor .vue files', () => {
    const files = readdirSync(COMPOSABLES).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(20)
    const offending = files.flatMap((f) =>
      importsOf(f)
        .filter((spec) => /^\.\.\/(layers|components|test-hooks)\/|\.vue$/.test(spec))
        .map((spec) => `${f} → ${spec}`),
    )
    expect(offending).toEqual([])
  })
})
