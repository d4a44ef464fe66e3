/**
 * The open cases of the area being drilled into, as points a user can click to open the case view:
 * red when waiting for dispatch, amber while being handled, with a white ring when past the deadline.
 */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { CaseView } from '../api/case-types.ts'
import type { RGBA } from './palette.ts'

export const CASE_POINTS_LAYER = 'case-points'

const FILL: Record<string, RGBA> = {
  received: [255, 77, 79, 235],
  dispatched: [255, 170, 0, 235],
  handling: [255, 170, 0, 235],
}
const DONE: RGBA = [60, 207, 142, 220]

export function casePointLayers(state: { cases: readonly CaseView[]; hoveredId: number | null }) {
  return [
    state.cases.length > 0 &&
      new ScatterplotLayer<CaseView>({
        id: CASE_POINTS_LAYER,
        data: state.cases as CaseView[],
        getPosition: (c) => [c.location.lng, c.location.lat],
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        stroked: true,
        getRadius: (c) => (c.id === state.hoveredId ? 9 : 6),
        getFillColor: (c) => FILL[c.status] ?? DONE,
        getLineColor: (c): RGBA => (c.overdue ? [255, 255, 255, 255] : [10, 18, 38, 200]),
        getLineWidth: (c) => (c.overdue ? 2.5 : 1),
        pickable: true,
        updateTriggers: { getRadius: state.hoveredId },
      }),
  ]
}
