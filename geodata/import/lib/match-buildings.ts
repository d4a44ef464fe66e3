import type pg from 'pg'

/**
 * Find the loaded building each staged register row means, in `table` with columns `bid` (a building id:
 * the database id, or an OSM id as 123 / w123 / r123), `geom` (a WGS-84 point), `address`,
 * `building_id` and `problem`: by id, else the outline containing the point, else the building named as
 * the address (OSM buildings are named by addr:street + housenumber). Rows with none of the three are
 * left alone; rows whose clue matches nothing get a problem saying which clue failed. `table` is a fixed
 * temporary-table name, never input.
 */
export async function matchBuildings(client: pg.PoolClient, table: string): Promise<void> {
  await client.query(`UPDATE ${table} r SET building_id = (SELECT b.id FROM buildings b WHERE b.id IN (r.bid, 'osm-w' || r.bid, 'osm-' || r.bid) ORDER BY b.id LIMIT 1)
    WHERE bid IS NOT NULL AND building_id IS NULL AND problem IS NULL`)
  await client.query(`UPDATE ${table} SET problem = 'building id ' || quote_literal(bid) || ' is no building in the database'
    WHERE bid IS NOT NULL AND building_id IS NULL AND problem IS NULL`)
  await client.query(`UPDATE ${table} r SET building_id = (SELECT b.id FROM buildings b WHERE b.footprint && r.geom AND ST_Contains(b.footprint, r.geom) ORDER BY b.id LIMIT 1)
    WHERE building_id IS NULL AND geom IS NOT NULL AND problem IS NULL`)
  await client.query(`UPDATE ${table} r SET building_id = (SELECT b.id FROM buildings b WHERE b.name = r.address ORDER BY b.id LIMIT 1)
    WHERE building_id IS NULL AND geom IS NULL AND address IS NOT NULL AND problem IS NULL`)
  await client.query(`UPDATE ${table} SET problem = CASE WHEN geom IS NOT NULL THEN 'its coordinates lie in no building outline'
      ELSE 'address ' || quote_literal(address) || ' matches no building name' END
    WHERE building_id IS NULL AND (geom IS NOT NULL OR address IS NOT NULL) AND problem IS NULL`)
}
