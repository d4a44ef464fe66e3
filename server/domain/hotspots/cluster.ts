import { clustersDbscan } from '@turf/clusters-dbscan'
import { featureCollection, point } from '@turf/helpers'
import { centroid, metres, type LngLat } from './geo.ts'

export interface Cluster {
  /** Indices into the points given. */
  members: number[]
  centre: [number, number]
  /** The farthest member from the centre, in metres. */
  radiusM: number
}

/**
 * Spatial clusters among points by DBSCAN (turf's, on great-circle distance): core points have at
 * least `minPoints` points within `epsM`; border points join the cluster of a core point; the rest is
 * noise and belongs to no cluster.
 * @example clusterPoints([[118.3, 35.1], [118.3001, 35.1], [118.3002, 35.1]], { epsM: 150, minPoints: 3 })
 */
export function clusterPoints(points: readonly LngLat[], opts: { epsM: number; minPoints: number }): Cluster[] {
  if (!(opts.epsM > 0)) throw new Error(`clusterPoints: epsM must be positive (got ${opts.epsM})`)
  if (!(Number.isInteger(opts.minPoints) && opts.minPoints >= 1)) throw new Error(`clusterPoints: minPoints must be a positive integer (got ${opts.minPoints})`)
  if (points.length < opts.minPoints) return []
  const fc = featureCollection(points.map((p, i) => point([p[0], p[1]], { i })))
  const out = clustersDbscan(fc, opts.epsM, { units: 'meters', minPoints: opts.minPoints, mutate: true })
  const byCluster = new Map<number, number[]>()
  for (const f of out.features) {
    const c = f.properties?.cluster
    if (c === undefined || f.properties?.dbscan === 'noise') continue
    const list = byCluster.get(c) ?? []
    list.push(f.properties!.i as number)
    byCluster.set(c, list)
  }
  return [...byCluster.values()].map((members) => {
    const centre = centroid(members.map((i) => points[i]))
    return { members, centre, radiusM: Math.max(0, ...members.map((i) => metres(centre, points[i]))) }
  })
}
