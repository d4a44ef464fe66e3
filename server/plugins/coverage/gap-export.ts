import type pg from 'pg'
import type { Gap } from '../../engine/index.ts'
import type { ExportColumn } from '../../lib/export/columns.ts'
import { EXPORT_PAGE, type ExportPage } from '../../lib/export/pages.ts'
import { footprintsWkb } from './queries.ts'

/** The gap export's attributes: the CSV's columns, typed. */
export const GAP_COLUMNS: readonly ExportColumn[] = [
  { name: 'building_id', type: 'TEXT' },
  { name: 'name', type: 'TEXT' },
  { name: 'grid_id', type: 'TEXT' },
  { name: 'residents', type: 'MEDIUMINT' },
  { name: 'households', type: 'MEDIUMINT' },
  { name: 'minutes_to_station', type: 'DOUBLE' },
  { name: 'nearest_station_id', type: 'TEXT' },
  { name: 'entrance_lng', type: 'DOUBLE' },
  { name: 'entrance_lat', type: 'DOUBLE' },
]

const round1 = (v: number) => Math.round(v * 10) / 10

/**
 * The gaps in the engine's order (most residents first), a page at a time with their footprints as WKB.
 * The list itself is the engine's answer and already in memory; only the footprints are read per page.
 */
export async function* gapPages(db: pg.Pool, gaps: readonly Gap[]): AsyncGenerator<ExportPage> {
  const columns = [...GAP_COLUMNS]
  if (gaps.length === 0) yield { rows: [], columns }
  for (let i = 0; i < gaps.length; i += EXPORT_PAGE) {
    const page = gaps.slice(i, i + EXPORT_PAGE)
    const shapes = await footprintsWkb(db, page.map((g) => g.id))
    yield {
      columns,
      rows: page.map((g) => {
        const shape = shapes.get(g.id)
        return {
          building_id: g.id,
          name: shape?.name ?? null,
          grid_id: g.areaId,
          residents: g.residents,
          households: g.households,
          minutes_to_station: g.minutes === null ? null : round1(g.minutes),
          nearest_station_id: g.stationId,
          entrance_lng: g.entrance[0],
          entrance_lat: g.entrance[1],
          ...(shape && { wkb: shape.wkb, xmin: shape.xmin, ymin: shape.ymin, xmax: shape.xmax, ymax: shape.ymax }),
        }
      }),
    }
  }
}
