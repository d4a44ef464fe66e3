/**
 * The workbench map: the listed cases as points, coloured by status or by lateness, the selected case
 * ringed in gold and cases someone else just changed ringed in white. Pure; the caller memoises data.
 */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { CaseView } from '../api/case-types.ts'
import { GOLD, type RGBA } from './palette.ts'

export type QueueColorBy = 'status' | 'overdue'

export interface QueueLayerState {
  cases: readonly CaseView[]
  selectedId: number | null
  changed: ReadonlySet<number>
  colorBy: QueueColorBy
}

/** Matches the status tones of the lists: new red, in hand amber/blue, settled green. */
export const QUEUE_STATUS_COLORS: Record<string, RGBA> = {
  received: [230, 42, 42, 255],
  dispatched: [255, 170, 0, 255],
  handling: [70, 160, 255, 255],
  resolved: [60, 207, 142, 255],
  evaluated: [60, 207, 142, 200],
  closed: [140, 150, 170, 200],
}
export const QUEUE_OVERDUE_COLORS = { late: [255, 77, 79, 255] as RGBA, onTime: [60, 207, 142, 255] as RGBA }
const WHITE: RGBA = [255, 255, 255, 255]
const OUTLINE: RGBA = [5, 9, 20, 220]

export function queueCaseColor(c: Pick<CaseView, 'status' | 'overdue'>, colorBy: QueueColorBy): RGBA {
  if (colorBy === 'overdue') return c.overdue ? QUEUE_OVERDUE_COLORS.late : QUEUE_OVERDUE_COLORS.onTime
  return QUEUE_STATUS_COLORS[c.status] ?? WHITE
}

const position = (c: CaseView): [number, number] => [c.location.lng, c.location.lat]

export function queueLayers(state: QueueLayerState) {
  const { cases, selectedId, changed, colorBy } = state
  const selected = selectedId === null ? undefined : cases.find((c) => c.id === selectedId)
  const marked = changed.size ? cases.filter((c) => changed.has(c.id)) : []
  return [
    marked.length > 0 &&
      new ScatterplotLayer<CaseView>({
        id: 'queue-changed',
        data: marked,
        getPosition: position,
        getRadius: 14,
        radiusUnits: 'pixels',
        filled: false,
        stroked: true,
        getLineColor: WHITE,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
    new ScatterplotLayer<CaseView>({
      id: 'queue-cases',
      data: cases as CaseView[],
      getPosition: position,
      getRadius: 7,
      radiusUnits: 'pixels',
      radiusMinPixels: 4,
      getFillColor: (c) => queueCaseColor(c, colorBy),
      stroked: true,
      getLineColor: OUTLINE,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
      pickable: true,
      updateTriggers: { getFillColor: colorBy },
    }),
    selected &&
      new ScatterplotLayer<CaseView>({
        id: 'queue-selected',
        data: [selected],
        getPosition: position,
        getRadius: 11,
        radiusUnits: 'pixels',
        filled: false,
        stroked: true,
        getLineColor: GOLD,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
      }),
  ]
}
