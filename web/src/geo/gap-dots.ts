/**
 * Coverage gaps as points: each gap building's footprint centre, for dots on the map and for the
 * what-if preview of which gaps a new station's circle would reach. Pure, no deck.gl.
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { MultiPolygon, Polygon } from 'geojson'
import type { GapCollection, GapProps, IsochroneCollection } from '../api/types.ts'
import { geometryBbox } from './bbox.ts'

export interface GapDot {
  position: [number, number]
  properties: GapProps
}

const dotCache = new WeakMap<GapCollection, GapDot[]>()

function centre(geometry: Polygon | MultiPolygon): [number, number] | null {
  const ring = geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]?.[0]
  if (!ring || ring.length === 0) return null
  let x = 0
  let y = 0
  const n = ring.length > 1 ? ring.length - 1 : 1 // the closing vertex repeats the first
  for (let i = 0; i < n; i++) {
    x += ring[i]![0]!
    y += ring[i]![1]!
  }
  return [x / n, y / n]
}

/** One dot per gap building, in the collection's order (most residents first); cached per collection. */
export function gapDots(gaps: GapCollection): GapDot[] {
  let dots = dotCache.get(gaps)
  if (!dots) {
    dots = []
    for (const f of gaps.features) {
      const c = f.geometry ? centre(f.geometry) : null
      if (!c) {
        console.warn(`gap building ${f.properties?.id} has no usable footprint; left off the map`)
        continue
      }
      dots.push({ position: c, properties: f.properties })
    }
    dotCache.set(gaps, dots)
  }
  return dots
}

/**
 * Gaps whose centre lies inside the given isochrones (those of what-if stations): a preview of which
 * buildings they would reach. The server's numbers are exact; this only colours the map.
 */
export function gapsWithin(dots: GapDot[], isochrones: IsochroneCollection | null): ReadonlySet<string> {
  const out = new Set<string>()
  if (!isochrones?.features.length) return out
  const shapes = isochrones.features.filter((f) => f.geometry).map((f) => ({ f, b: geometryBbox(f.geometry) }))
  for (const d of dots) {
    const [x, y] = d.position
    for (const { f, b } of shapes) {
      if (x < b[0] || y < b[1] || x > b[2] || y > b[3]) continue
      if (booleanPointInPolygon(d.position, f)) {
        out.add(d.properties.id)
        break
      }
    }
  }
  return out
}
