import type { Rng } from './rng.ts'
import type { ApiClient } from './api.ts'

type Ring = number[][]
interface Grid {
  id: string
  weight: number
  polygons: Ring[][]
  bbox: [number, number, number, number]
}

export interface Point {
  lng: number
  lat: number
}

/** Move a point by metres (small distances). */
export function offsetMetres(p: Point, east: number, north: number): Point {
  return { lng: p.lng + east / (111_320 * Math.cos((p.lat * Math.PI) / 180)), lat: p.lat + north / 111_320 }
}

function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

const inPolygon = (x: number, y: number, poly: Ring[]) => inRing(x, y, poly[0]) && !poly.slice(1).some((h) => inRing(x, y, h))

/**
 * Where reports come from: grids weighted by residents, mostly at a building (its footprint's centre,
 * a few metres off), sometimes anywhere in the grid, rarely just outside the district.
 * Everything is read once through the public API.
 */
export class Geography {
  private buildings = new Map<string, Point[]>()

  private constructor(
    private readonly api: ApiClient,
    private readonly grids: Grid[],
    private readonly district: [number, number, number, number],
  ) {}

  static async load(api: ApiClient): Promise<Geography> {
    const config = await api.get<{ district: { bbox: [number, number, number, number] } | null }>('/api/config')
    if (!config.district) throw new Error('the server has no district loaded; start it with demo data or import one')
    const fc = await api.get<{ features: { geometry: { coordinates: Ring[][] }; properties: { id: string; residents: number } }[] }>('/api/areas?level=grid')
    const grids = fc.features.map((f) => {
      const xs = f.geometry.coordinates.flatMap((p) => p[0].map((c) => c[0]))
      const ys = f.geometry.coordinates.flatMap((p) => p[0].map((c) => c[1]))
      return {
        id: f.properties.id,
        weight: f.properties.residents + 200,
        polygons: f.geometry.coordinates,
        bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as [number, number, number, number],
      }
    })
    if (grids.length === 0) throw new Error('the district has no grids')
    return new Geography(api, grids, config.district.bbox)
  }

  /** A place a resident would report from. */
  async reportPoint(rng: Rng): Promise<Point> {
    if (rng.chance(0.005)) {
      const [, minY, maxX] = this.district
      return { lng: maxX + rng.between(0.002, 0.01), lat: minY + rng.between(0, 0.01) }
    }
    const grid = rng.weighted(this.grids.map((g) => [g, g.weight] as const))
    if (rng.chance(0.8)) {
      const near = await this.buildingIn(grid, rng)
      if (near) return offsetMetres(near, rng.between(-3, 3), rng.between(-3, 3))
    }
    return this.pointIn(grid, rng)
  }

  private pointIn(grid: Grid, rng: Rng): Point {
    const [x0, y0, x1, y1] = grid.bbox
    for (let i = 0; i < 200; i++) {
      const x = rng.between(x0, x1)
      const y = rng.between(y0, y1)
      if (grid.polygons.some((p) => inPolygon(x, y, p))) return { lng: x, lat: y }
    }
    const ring = grid.polygons[0][0]
    return { lng: ring[0][0], lat: ring[0][1] }
  }

  private async buildingIn(grid: Grid, rng: Rng): Promise<Point | null> {
    let list = this.buildings.get(grid.id)
    if (!list) {
      const fc = await this.api.get<{ features: { geometry: { coordinates: Ring[] } }[] }>(`/api/buildings?area=${grid.id}&limit=500`)
      list = fc.features.map((f) => {
        const ring = f.geometry.coordinates[0].slice(0, -1)
        return { lng: ring.reduce((s, c) => s + c[0], 0) / ring.length, lat: ring.reduce((s, c) => s + c[1], 0) / ring.length }
      })
      this.buildings.set(grid.id, list)
    }
    return list.length ? rng.pick(list) : null
  }
}
