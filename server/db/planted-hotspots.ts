import type pg from 'pg'
import type { PlantOrigin } from '../domain/vocabulary/index.ts'
import type { PlantedHotspot } from '../simulator/model.ts'

export type { PlantOrigin }
type Db = pg.Pool | pg.PoolClient

/** Record planted hotspots (the ground truth for a hotspot detector); returns how many were written. */
export async function insertPlants(db: Db, plants: readonly PlantedHotspot[], origin: PlantOrigin): Promise<number> {
  if (plants.length === 0) return 0
  const { rowCount } = await db.query(
    `INSERT INTO planted_hotspots (origin, category, centre, radius_m, starts_at, ends_at, rate_per_hour, cases)
     SELECT $1, p.category, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326), p.radius_m, p.starts_at, p.ends_at, p.rate, p.cases
     FROM unnest($2::text[], $3::float8[], $4::float8[], $5::float8[], $6::timestamptz[], $7::timestamptz[], $8::float8[], $9::int[])
          AS p(category, lng, lat, radius_m, starts_at, ends_at, rate, cases)`,
    [origin, plants.map((p) => p.category), plants.map((p) => p.centre[0]), plants.map((p) => p.centre[1]), plants.map((p) => p.radiusM),
      plants.map((p) => p.startsAt), plants.map((p) => p.endsAt), plants.map((p) => p.ratePerHour), plants.map((p) => p.cases)],
  )
  return rowCount ?? 0
}

/** The plants recorded in [from, to) of their start, oldest first, in the PlantedHotspot shape. */
export async function listPlants(db: Db, range: { from: string; to: string }, origin?: PlantOrigin): Promise<(PlantedHotspot & { id: number; origin: PlantOrigin })[]> {
  const { rows } = await db.query(
    `SELECT id, origin, category, ST_X(centre) AS lng, ST_Y(centre) AS lat, radius_m, starts_at, ends_at, rate_per_hour, cases
     FROM planted_hotspots WHERE starts_at >= $1 AND starts_at < $2 AND ($3::text IS NULL OR origin = $3) ORDER BY starts_at, id`,
    [range.from, range.to, origin ?? null],
  )
  return rows.map((r) => ({
    id: Number(r.id), origin: r.origin, category: r.category, centre: [r.lng, r.lat], radiusM: r.radius_m,
    startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), ratePerHour: r.rate_per_hour, cases: r.cases,
  }))
}
