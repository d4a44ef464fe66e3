-- The governance geography: area hierarchy, compounds, buildings, party organisation, people on the
-- ground, service stations, the walk network and land use. Geometry is stored in EPSG:4326 with GiST
-- indexes; metric work casts to geography or uses lengths stored in metres.

CREATE EXTENSION IF NOT EXISTS postgis;

-- district → street → community → grid in one table: every level is queried the same way.
CREATE TABLE areas (
  id         text PRIMARY KEY,
  code       text NOT NULL UNIQUE,
  name       text NOT NULL,
  level      text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
  parent_id  text REFERENCES areas (id),
  geom       geometry(MultiPolygon, 4326) NOT NULL,
  CHECK ((level = 'district') = (parent_id IS NULL))
);
CREATE INDEX areas_parent_idx ON areas (parent_id);
CREATE INDEX areas_level_idx ON areas (level);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);

CREATE TABLE property_companies (
  id     text PRIMARY KEY,
  name   text NOT NULL,
  phone  text
);

CREATE TABLE compounds (
  id                   text PRIMARY KEY,
  name                 text NOT NULL,
  community_id         text NOT NULL REFERENCES areas (id),
  grid_id              text NOT NULL REFERENCES areas (id),
  property_company_id  text REFERENCES property_companies (id),
  walled               boolean NOT NULL DEFAULT true,
  built_year           integer,
  geom                 geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX compounds_grid_idx ON compounds (grid_id);
CREATE INDEX compounds_geom_idx ON compounds USING gist (geom);

CREATE TABLE compound_gates (
  id           text PRIMARY KEY,
  compound_id  text NOT NULL REFERENCES compounds (id) ON DELETE CASCADE,
  name         text NOT NULL,
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX compound_gates_compound_idx ON compound_gates (compound_id);

CREATE TABLE buildings (
  id                       text PRIMARY KEY,
  name                     text NOT NULL,
  kind                     text NOT NULL CHECK (kind IN ('residential', 'mixed', 'public', 'commercial', 'school', 'industrial')),
  compound_id              text REFERENCES compounds (id),
  grid_id                  text NOT NULL REFERENCES areas (id),
  floors                   integer NOT NULL CHECK (floors > 0),
  households               integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  residents                integer NOT NULL DEFAULT 0 CHECK (residents >= 0),
  party_member_households  integer NOT NULL DEFAULT 0 CHECK (party_member_households >= 0),
  footprint                geometry(Polygon, 4326) NOT NULL,
  entrance                 geometry(Point, 4326) NOT NULL
);
CREATE INDEX buildings_grid_idx ON buildings (grid_id);
CREATE INDEX buildings_compound_idx ON buildings (compound_id);
CREATE INDEX buildings_footprint_idx ON buildings USING gist (footprint);

-- 组织进楼: district committee → street working committee → community committee → grid branch →
-- building group. area_id is the area the organisation covers; building groups also name the building.
CREATE TABLE party_orgs (
  id           text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('district_committee', 'street_working_committee', 'community_committee', 'grid_branch', 'building_group')),
  name         text NOT NULL,
  area_id      text NOT NULL REFERENCES areas (id),
  building_id  text REFERENCES buildings (id),
  parent_id    text REFERENCES party_orgs (id),
  members      integer NOT NULL DEFAULT 0,
  secretary    text
);
CREATE INDEX party_orgs_area_idx ON party_orgs (area_id);
CREATE INDEX party_orgs_building_idx ON party_orgs (building_id);

-- 党员中心户. householder and phone are personal data: masked wherever they leave the database.
CREATE TABLE party_households (
  id           text PRIMARY KEY,
  building_id  text NOT NULL REFERENCES buildings (id),
  org_id       text NOT NULL REFERENCES party_orgs (id),
  householder  text NOT NULL,
  phone        text
);
CREATE INDEX party_households_building_idx ON party_households (building_id);

-- Grid workers, police liaisons (政法干警进网格) and community workers. Personal data as above.
CREATE TABLE workers (
  id       text PRIMARY KEY,
  name     text NOT NULL,
  phone    text,
  role     text NOT NULL CHECK (role IN ('grid_worker', 'police_liaison', 'community_worker')),
  area_id  text NOT NULL REFERENCES areas (id)
);
CREATE INDEX workers_area_idx ON workers (area_id);

-- 党群服务阵地 ("1+7+N"): centres, stations and special points, with their pipeline status.
CREATE TABLE stations (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('district_center', 'street_center', 'community_center', 'compound_station', 'red_post', 'rider_station', 'deliberation_room')),
  status       text NOT NULL CHECK (status IN ('in_service', 'renovating', 'under_construction', 'planned')),
  area_id      text NOT NULL REFERENCES areas (id),
  compound_id  text REFERENCES compounds (id),
  floor_area   numeric(10, 1),
  hours        text,
  services     text[] NOT NULL DEFAULT '{}',
  address      text,
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX stations_area_idx ON stations (area_id);
CREATE INDEX stations_geom_idx ON stations USING gist (geom);

-- The walkable network, undirected; source/target are walk_nodes ids (pgRouting's convention).
CREATE TABLE walk_nodes (
  id    bigint PRIMARY KEY,
  geom  geometry(Point, 4326) NOT NULL
);
CREATE INDEX walk_nodes_geom_idx ON walk_nodes USING gist (geom);

CREATE TABLE walk_edges (
  id           bigint PRIMARY KEY,
  source       bigint NOT NULL REFERENCES walk_nodes (id),
  target       bigint NOT NULL REFERENCES walk_nodes (id),
  length_m     double precision NOT NULL CHECK (length_m >= 0),
  kind         text NOT NULL,
  name         text,
  compound_id  text REFERENCES compounds (id),
  geom         geometry(LineString, 4326) NOT NULL
);
CREATE INDEX walk_edges_source_idx ON walk_edges (source);
CREATE INDEX walk_edges_target_idx ON walk_edges (target);
CREATE INDEX walk_edges_geom_idx ON walk_edges USING gist (geom);

CREATE TABLE landuse (
  id    text PRIMARY KEY,
  kind  text NOT NULL,
  name  text,
  geom  geometry(Polygon, 4326) NOT NULL
);
CREATE INDEX landuse_geom_idx ON landuse USING gist (geom);

-- Bumped whenever geography is (re)loaded, so caches (tiles, walk graph) know to rebuild.
CREATE TABLE dataset_info (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  name        text NOT NULL,
  source      text NOT NULL,
  seed        integer,
  scale       real,
  revision    integer NOT NULL DEFAULT 1,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Every (ancestor, descendant) pair of the area tree, each area its own ancestor at depth 0: lets any
-- level be filtered with one join. Refreshed by the loader after geography changes.
CREATE MATERIALIZED VIEW area_closure AS
WITH RECURSIVE up AS (
  SELECT id AS descendant_id, id AS ancestor_id, parent_id, 0 AS depth FROM areas
  UNION ALL
  SELECT up.descendant_id, a.id, a.parent_id, up.depth + 1
  FROM up JOIN areas a ON a.id = up.parent_id
)
SELECT ancestor_id, descendant_id, depth FROM up;
CREATE UNIQUE INDEX area_closure_pk ON area_closure (ancestor_id, descendant_id);
CREATE INDEX area_closure_desc_idx ON area_closure (descendant_id);

-- Totals per area at every level. party_groups counts residential buildings with a building party
-- group, the numerator of "organisation coverage" (组织覆盖率).
CREATE MATERIALIZED VIEW area_totals AS
WITH b AS (
  SELECT b.grid_id, b.residents, b.households, b.party_member_households,
         b.kind IN ('residential', 'mixed') AS residential,
         EXISTS (SELECT 1 FROM party_orgs o WHERE o.building_id = b.id AND o.kind = 'building_group') AS has_group
  FROM buildings b
)
SELECT a.id AS area_id,
       coalesce(sum(b.residents), 0)::integer AS residents,
       coalesce(sum(b.households), 0)::integer AS households,
       count(b.grid_id)::integer AS buildings,
       count(b.grid_id) FILTER (WHERE b.residential)::integer AS residential_buildings,
       count(b.grid_id) FILTER (WHERE b.residential AND b.has_group)::integer AS party_groups,
       coalesce(sum(b.party_member_households), 0)::integer AS party_member_households,
       (SELECT count(*) FROM areas c WHERE c.parent_id = a.id)::integer AS child_count
FROM areas a
LEFT JOIN area_closure ac ON ac.ancestor_id = a.id
LEFT JOIN b ON b.grid_id = ac.descendant_id
GROUP BY a.id;
CREATE UNIQUE INDEX area_totals_pk ON area_totals (area_id);
