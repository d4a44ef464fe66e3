/**
 * 热点预警 on the map: a ring at each live alert's centre, as wide as its cluster (with the 50 m the
 * detector measures around it), in a colour nothing else on the wall uses, thick enough to be seen
 * across the room. Acknowledged alerts stay drawn, fainter; closed ones are not drawn. Pure.
 */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { HotspotAlert } from '../api/hotspots.ts'
import type { RGBA } from './palette.ts'

/** Cyan: apart from the heat's reds and golds and every station colour. */
export const HOTSPOT_COLOR: RGBA = [40, 230, 255, 255]
const PAD_M = 50

export interface HotspotLayerOptions {
  /** Pixel sizes multiplier (root font size / 16). @default 1 */
  scale?: number
}

type Ring = Pick<HotspotAlert, 'id' | 'centre' | 'radiusM' | 'status'>

const alpha = (c: RGBA, a: number): RGBA => [c[0], c[1], c[2], a]

export function hotspotLayers(alerts: readonly Ring[], options: HotspotLayerOptions = {}) {
  const scale = options.scale ?? 1
  const live = alerts.filter((a) => a.status !== 'closed')
  const strong = (a: Ring) => a.status === 'open'
  return [
    new ScatterplotLayer<Ring>({
      id: 'hotspot-rings',
      data: live,
      getPosition: (a) => a.centre,
      getRadius: (a) => a.radiusM + PAD_M,
      radiusUnits: 'meters',
      radiusMinPixels: 12 * scale,
      stroked: true,
      filled: true,
      getFillColor: (a) => alpha(HOTSPOT_COLOR, strong(a) ? 60 : 25),
      getLineColor: (a) => alpha(HOTSPOT_COLOR, strong(a) ? 255 : 140),
      lineWidthUnits: 'pixels',
      getLineWidth: 3 * scale,
      pickable: false,
      updateTriggers: { getFillColor: live.map((a) => a.status).join(), getLineColor: live.map((a) => a.status).join() },
    }),
    // A wider faint halo, so a ring of 100 m still catches the eye on a district-wide view.
    new ScatterplotLayer<Ring>({
      id: 'hotspot-halo',
      data: live.filter(strong),
      getPosition: (a) => a.centre,
      getRadius: (a) => (a.radiusM + PAD_M) * 2,
      radiusUnits: 'meters',
      radiusMinPixels: 24 * scale,
      stroked: true,
      filled: false,
      getLineColor: alpha(HOTSPOT_COLOR, 110),
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5 * scale,
      pickable: false,
    }),
  ]
}
