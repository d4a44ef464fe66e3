import type pg from 'pg'
import type { StationKind, StationStatus } from '../../domain/vocabulary/index.ts'

export interface StationRow {
  id: string
  name: string
  /** Held to the vocabulary by the table's CHECK constraints. */
  kind: StationKind
  status: StationStatus
  floor_area: number | null
  hours: string | null
  services: string[]
  address: string | null
  area_id: string
  compound_id: string | null
  geometry: string
}

export function listStations(db: Pick<pg.Pool, 'query'>, filter: { kind?: StationKind; status?: StationStatus; area?: string }) {
  return db.query<StationRow>(
    `SELECT s.id, s.name, s.kind, s.status, s.floor_area, s.hours, s.services, s.address, s.area_id,
            s.compound_id, ST_AsGeoJSON(s.geom, 7) AS geometry
     FROM stations s
     WHERE ($1::text IS NULL OR s.kind = $1) AND ($2::text IS NULL OR s.status = $2)
       AND ($3::text IS NULL OR ST_Intersects(s.geom, (SELECT geom FROM areas WHERE id = $3)))
     ORDER BY s.id`,
    [filter.kind ?? null, filter.status ?? null, filter.area ?? null],
  )
}
