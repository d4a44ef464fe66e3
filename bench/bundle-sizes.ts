/**
 * What each page of the web app downloads: builds the app with a manifest into a temporary folder and,
 * for every view, adds up the gzip sizes of the JavaScript it loads before it can show — the entry and
 * the view's chunk with everything they import statically (lazily imported chunks, such as the case view
 * opened later, are listed apart). `npm run bench:bundle`.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

interface Chunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}

const out = mkdtempSync(join(tmpdir(), 'hl-bundle-'))
try {
  execFileSync('npx', ['vite', 'build', '--manifest', '--outDir', out, '--emptyOutDir'], { stdio: 'ignore' })
  const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>
  const gz = new Map<string, number>()
  const sizeOf = (file: string) => {
    let n = gz.get(file)
    if (n === undefined) gz.set(file, (n = gzipSync(readFileSync(join(out, file)), { level: 9 }).length))
    return n
  }
  /** The chunk's file and every file it imports statically, transitively. */
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen
    seen.add(key)
    for (const k of manifest[key]?.imports ?? []) closure(k, seen)
    return seen
  }
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!
  const entry = closure(entryKey)
  const kb = (n: number) => (n / 1024).toFixed(0).padStart(5)
  const files = (keys: Iterable<string>) => [...keys].filter((k) => manifest[k]!.file.endsWith('.js'))
  const total = (keys: Iterable<string>) => files(keys).reduce((s, k) => s + sizeOf(manifest[k]!.file), 0)
  console.log(`entry (every page): ${kb(total(entry))} KB gzip`)
  console.log('view                       first load KB gzip   of which the view itself')
  for (const key of Object.keys(manifest).filter((k) => /views\/\w+View\.vue$/.test(k)).sort()) {
    const keys = closure(key, new Set(entry))
    const own = sizeOf(manifest[key]!.file)
    console.log(`${key.replace(/^.*views\//, '').padEnd(26)} ${kb(total(keys))}                ${kb(own)}`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
