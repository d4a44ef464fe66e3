import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

/** Every relative module a file imports (static or dynamic), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1]!)
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)))
}

function offending(dirs: string[], forbidden: RegExp): string[] {
  return dirs.flatMap(sources).flatMap((f) => importsOf(f).filter((i) => forbidden.test(i)).map((i) => `${f} → ${i}`))
}

describe('module boundaries', () => {
  it('server code does not import scripts', () => {
    expect(offending(['server'], /^scripts\//)).toEqual([])
  })

  it('infra plugins import no domain', () => {
    expect(offending(['server/plugins/infra'], /^server\/(domain|plugins\/(?!infra\/))/)).toEqual([])
  })

  it("importers use the engine's public modules, not its private lib/", () => {
    expect(offending(['geodata/import', 'geodata/lib'], /^server\/engine\/lib\//)).toEqual([])
  })

  it('finds imports at all (the check itself works)', () => {
    expect(importsOf('server/plugins/infra/live.ts')).toContain('server/lib/event-sequencer.ts')
  })
})
