/**
 * A still image of a map as drawn: the basemap (maplibre's canvas), the deck.gl layers (their own canvas
 * above it) and the HTML markers (drawn as circles with their labels), composited on one 2D canvas. Both
 * WebGL canvases are read in the same task that drew them, so neither needs preserveDrawingBuffer (which
 * costs every frame) for the one frame a report wants.
 */
import type { Map as MaplibreMap } from 'maplibre-gl'
import type { MapMarker } from '../model/map-view.ts'

interface DrawableDeck {
  redraw: (reason?: string) => void
  getCanvas?: () => HTMLCanvasElement | null
  canvas?: HTMLCanvasElement | null
}

const MARKER_COLOURS = { new: '#e62a2a', moved: '#ffaa00' } as const

/** Waits until the map has loaded what it shows (tiles, style), then draws one frame and reads it; gives up after `timeoutMs`. */
export function mapImage(map: MaplibreMap, deck: DrawableDeck | null, markers: readonly MapMarker[], timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    // A basemap whose tiles never come (an offline tile server) must not leave the report waiting.
    const timer = setTimeout(() => {
      map.off('idle', draw)
      map.off('render', capture)
      reject(new Error('the map did not finish drawing'))
    }, timeoutMs)
    const capture = () => {
      clearTimeout(timer)
      try {
        const base = map.getCanvas()
        const out = document.createElement('canvas')
        out.width = base.width
        out.height = base.height
        const ctx = out.getContext('2d')
        if (!ctx) throw new Error('no 2D canvas')
        ctx.drawImage(base, 0, 0)
        if (deck) {
          deck.redraw('report image')
          const layerCanvas = deck.getCanvas?.() ?? deck.canvas ?? null
          if (layerCanvas) ctx.drawImage(layerCanvas, 0, 0, out.width, out.height)
        }
        drawMarkers(ctx, map, markers, out.width / base.clientWidth)
        resolve(out.toDataURL('image/jpeg', 0.88))
      } catch (err) {
        reject(err)
      }
    }
    const draw = () => {
      map.once('render', capture)
      map.triggerRepaint()
    }
    if (map.loaded() && map.areTilesLoaded()) draw()
    else map.once('idle', draw)
  })
}

function drawMarkers(ctx: CanvasRenderingContext2D, map: MaplibreMap, markers: readonly MapMarker[], ratio: number) {
  const r = 11 * ratio
  ctx.font = `bold ${12 * ratio}px "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif`
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  for (const m of markers) {
    const p = map.project(m.lngLat)
    const x = p.x * ratio
    const y = p.y * ratio
    ctx.beginPath()
    ctx.arc(x, y, r, 0, Math.PI * 2)
    ctx.fillStyle = MARKER_COLOURS[m.variant ?? 'new']
    ctx.fill()
    ctx.lineWidth = 2 * ratio
    ctx.strokeStyle = '#fff'
    ctx.stroke()
    if (m.label) {
      ctx.fillStyle = '#fff'
      ctx.fillText(m.label, x, y)
    }
  }
}
