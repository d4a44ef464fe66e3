/**
 * Every maplibre UI string (control tooltips, aria labels, scale units) has a Chinese line: the keys
 * are read from the installed maplibre-gl's own declaration of its default locale, so a key a new
 * maplibre adds fails here instead of showing English on the wall.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { MAP_LOCALE_ZH } from '../../web/src/map/map-locale.ts'

const require = createRequire(import.meta.url)
const dts = readFileSync(require.resolve('maplibre-gl/dist/maplibre-gl.d.ts'), 'utf8')

function defaultLocaleKeys(): string[] {
  const start = dts.indexOf('declare const defaultLocale: {')
  expect(start, 'maplibre-gl.d.ts declares defaultLocale').toBeGreaterThan(-1)
  const body = dts.slice(start, dts.indexOf('};', start))
  return [...body.matchAll(/"([A-Za-z]+\.[A-Za-z]+)": string;/g)].map((m) => m[1]!)
}

describe('MAP_LOCALE_ZH', () => {
  it('covers every key of maplibre-gl’s default locale, each in Chinese', () => {
    const keys = defaultLocaleKeys()
    expect(keys.length).toBeGreaterThan(15)
    expect(keys).toContain('NavigationControl.ZoomIn')
    for (const k of keys) {
      expect(MAP_LOCALE_ZH[k], k).toBeDefined()
      expect(MAP_LOCALE_ZH[k], k).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(MAP_LOCALE_ZH['NavigationControl.ZoomIn']).toBe('放大')
    expect(MAP_LOCALE_ZH['NavigationControl.ZoomOut']).toBe('缩小')
  })
})
