/**
 * 方案对比 on the map: streets or communities coloured by the difference in covered residents between
 * two chosen columns (green: the second covers more; red: fewer).
 */
import { GeoJsonLayer } from '@deck.gl/layers'
import type { AreaCollection, AreaProps } from '../api/types.ts'
import { diffColor } from '../model/plan-compare.ts'
import { GOLD, type RGBA } from './palette.ts'

export interface PlanCompareLayerState {
  areas: AreaCollection | null
  /** Difference per area id (plan-compare.ts columnDifference). */
  diffs: ReadonlyMap<string, number>
  hoveredId: string | null
}

export function planCompareLayers({ areas, diffs, hoveredId }: PlanCompareLayerState) {
  if (!areas) return []
  let maxAbs = 0
  for (const f of areas.features) maxAbs = Math.max(maxAbs, Math.abs(diffs.get(f.properties.id) ?? 0))
  return [
    new GeoJsonLayer<AreaProps>({
      id: 'plan-compare-areas',
      data: areas,
      pickable: true,
      filled: true,
      stroked: true,
      getFillColor: (f) => diffColor(diffs.get(f.properties.id) ?? 0, maxAbs),
      getLineColor: (f) => (f.properties.id === hoveredId ? GOLD : ([150, 165, 210, 140] as RGBA)),
      getLineWidth: (f) => (f.properties.id === hoveredId ? 3 : 1),
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: [diffs, maxAbs], getLineColor: hoveredId, getLineWidth: hoveredId },
    }),
  ]
}
