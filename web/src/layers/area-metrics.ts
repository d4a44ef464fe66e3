/**
 * The choropleth metrics an area map can be coloured by, and their 0..1 scaling among siblings.
 * Density is ranked (quantiles) because a few dense grids would otherwise wash the rest into one colour;
 * party coverage is already a share, so it keeps its absolute scale and grids compare across communities.
 */
import type { AreaCollection, AreaProps } from '../api/types.ts'

export type AreaMetric = 'density' | 'partyCoverage'

export const AREA_METRICS: { id: AreaMetric; name: string }[] = [
  { id: 'density', name: '人口密度' },
  { id: 'partyCoverage', name: '党组织覆盖率' },
]

export function metricValue(props: AreaProps, metric: AreaMetric): number {
  if (metric === 'partyCoverage') return props.partyCoverage ?? 0
  return props.areaKm2 > 0 ? props.residents / props.areaKm2 : 0
}

export function formatMetric(value: number, metric: AreaMetric): string {
  if (metric === 'partyCoverage') return `${Math.round(value * 100)}%`
  return `${Math.round(value).toLocaleString('zh-CN')} 人/km²`
}

const scales = new WeakMap<AreaCollection, Map<AreaMetric, Map<string, number>>>()

/** Position (0..1) of each child on the colour ramp, cached per collection and metric. */
export function metricScale(children: AreaCollection, metric: AreaMetric): Map<string, number> {
  let perMetric = scales.get(children)
  if (!perMetric) scales.set(children, (perMetric = new Map()))
  const hit = perMetric.get(metric)
  if (hit) return hit
  const values = children.features.map((f) => ({
    id: f.properties.id,
    v: metricValue(f.properties, metric),
  }))
  const scale = new Map<string, number>()
  if (metric === 'partyCoverage') {
    for (const { id, v } of values) scale.set(id, v)
  } else {
    const sorted = [...values].sort((a, b) => a.v - b.v)
    sorted.forEach(({ id }, i) => scale.set(id, sorted.length > 1 ? i / (sorted.length - 1) : 0.5))
  }
  perMetric.set(metric, scale)
  return scale
}
