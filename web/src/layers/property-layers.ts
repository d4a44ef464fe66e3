/**
 * Compounds coloured by their property company's standing (红色物业 红黑榜): red for a company on the 红榜,
 * near-black with a light edge for the 黑榜, amber for the ranked ones between, grey for companies with
 * too few households or complaints to rank, and only an outline for self-managed (自管) compounds.
 * Red is the honour colour here, as on a Chinese 光荣榜. Pure: the same state gives equal layers.
 */
import { GeoJsonLayer } from '@deck.gl/layers'
import type { CompoundStanding, CompoundStandingCollection } from '../api/property.ts'
import { GOLD, type RGBA } from './palette.ts'

export const PROPERTY_COMPOUNDS_LAYER = 'property-compounds'

export type StandingClass = 'red' | 'black' | 'middle' | 'unranked' | 'self'

export const STANDING_CLASSES: { id: StandingClass; name: string }[] = [
  { id: 'red', name: '红榜' },
  { id: 'middle', name: '榜间' },
  { id: 'black', name: '黑榜' },
  { id: 'unranked', name: '样本不足' },
  { id: 'self', name: '自管小区' },
]

export const STANDING_FILL: Record<StandingClass, RGBA> = {
  red: [230, 42, 42, 210],
  middle: [214, 160, 70, 120],
  black: [12, 12, 16, 235],
  unranked: [120, 128, 145, 90],
  self: [0, 0, 0, 0],
}

export const STANDING_LINE: Record<StandingClass, RGBA> = {
  red: [255, 150, 130, 255],
  middle: [240, 200, 120, 200],
  black: [225, 225, 235, 255],
  unranked: [170, 176, 190, 180],
  self: [170, 176, 190, 160],
}

export function standingClass(p: Pick<CompoundStanding, 'companyId' | 'list' | 'rank'>): StandingClass {
  if (p.companyId === null) return 'self'
  if (p.list) return p.list
  return p.rank === null ? 'unranked' : 'middle'
}

export interface PropertyLayerState {
  compounds: CompoundStandingCollection | null
  hoveredId: string | null
  /** Compounds of this company are outlined in gold (its card is open). */
  selectedCompanyId?: string | null
}

export function propertyLayers(state: PropertyLayerState, options: { pickable?: boolean } = {}) {
  const { compounds, hoveredId, selectedCompanyId = null } = state
  if (!compounds) return []
  const { pickable = true } = options
  const picked = (p: CompoundStanding) => p.id === hoveredId || (selectedCompanyId !== null && p.companyId === selectedCompanyId)
  return [
    new GeoJsonLayer<CompoundStanding>({
      id: PROPERTY_COMPOUNDS_LAYER,
      data: compounds,
      pickable,
      filled: true,
      stroked: true,
      getFillColor: (f) => {
        const c = STANDING_FILL[standingClass(f.properties)]
        return f.properties.id === hoveredId ? [Math.min(255, c[0] + 40), Math.min(255, c[1] + 40), Math.min(255, c[2] + 40), Math.max(c[3], 160)] : c
      },
      getLineColor: (f) => (picked(f.properties) ? GOLD : STANDING_LINE[standingClass(f.properties)]),
      getLineWidth: (f) => (picked(f.properties) ? 3 : 1.5),
      lineWidthUnits: 'pixels',
      updateTriggers: { getFillColor: hoveredId, getLineColor: [hoveredId, selectedCompanyId], getLineWidth: [hoveredId, selectedCompanyId] },
    }),
  ]
}
