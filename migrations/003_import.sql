-- What the importers (geodata/import) need beyond the demo schema.

-- Places from imported data that could host a service station (OSM community centres, social
-- facilities, town halls, libraries …): shown to planners as candidate sites, never as stations.
CREATE TABLE station_candidates (
  id       text PRIMARY KEY,
  kind     text NOT NULL,
  name     text,
  address  text,
  area_id  text REFERENCES areas (id),
  source   text NOT NULL,
  geom     geometry(Point, 4326) NOT NULL
);
CREATE INDEX station_candidates_geom_idx ON station_candidates USING gist (geom);
CREATE INDEX station_candidates_area_idx ON station_candidates (area_id);

-- Set when a building's floors, households and residents come from a register (楼栋台账) rather than an
-- estimate from its footprint: a later OSM import updates the outline but keeps the registered figures.
ALTER TABLE buildings ADD COLUMN registered boolean NOT NULL DEFAULT false;
