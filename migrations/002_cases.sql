-- 群众诉求: cases and their append-only event log. The log is the truth: every change is one
-- case_events row whose payload, folded in id order, gives the case (server/domain/cases/lifecycle.ts).
-- The cases table holds that current state for querying, written in the same statement as the event.
-- Category codes, 721 classes and deadlines live in server/domain/cases/taxonomy.ts; the class is
-- copied onto each case so that KPIs need no join.

CREATE TABLE cases (
  id                     bigserial PRIMARY KEY,
  source                 text NOT NULL CHECK (source IN ('hotline_12345', 'wechat', 'app', 'patrol', 'visit', 'petition', 'open311')),
  external_id            text,
  category               text NOT NULL,
  class_721              text NOT NULL CHECK (class_721 IN ('service', 'management', 'enforcement')),
  title                  text NOT NULL,
  description            text,
  address                text,
  -- Personal data: masked in every list, export and push.
  reporter_name          text,
  reporter_phone         text,
  priority               text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status                 text NOT NULL CHECK (status IN ('received', 'dispatched', 'handling', 'resolved', 'evaluated', 'closed')),
  geom                   geometry(Point, 4326) NOT NULL,
  -- The coordinates as reported, before conversion to WGS-84.
  reported_lng           double precision NOT NULL,
  reported_lat           double precision NOT NULL,
  reported_crs           text NOT NULL CHECK (reported_crs IN ('wgs84', 'gcj02', 'bd09')),
  building_id            text REFERENCES buildings (id),
  compound_id            text REFERENCES compounds (id),
  grid_id                text REFERENCES areas (id),
  community_id           text REFERENCES areas (id),
  street_id              text REFERENCES areas (id),
  district_id            text REFERENCES areas (id),
  possible_duplicate_of  bigint REFERENCES cases (id),
  dispatched_level       text CHECK (dispatched_level IN ('grid', 'community', 'street', 'department')),
  dispatched_to          text,
  resolved_level         text CHECK (resolved_level IN ('building', 'compound', 'community', 'street', 'district', 'department')),
  resolution             text,
  satisfaction           smallint CHECK (satisfaction BETWEEN 1 AND 5),
  evaluation_comment     text,
  -- The latest whistle (吹哨); every whistle is also a case_escalations row.
  escalation             jsonb,
  reopen_count           integer NOT NULL DEFAULT 0,
  created_at             timestamptz NOT NULL,
  deadline_at            timestamptz NOT NULL,
  dispatched_at          timestamptz,
  started_at             timestamptz,
  resolved_at            timestamptz,
  evaluated_at           timestamptz,
  closed_at              timestamptz,
  updated_at             timestamptz NOT NULL,
  version                integer NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX cases_geom_idx ON cases USING gist (geom);
CREATE INDEX cases_created_idx ON cases (created_at);
CREATE INDEX cases_status_idx ON cases (status);
-- Possible duplicates are looked for among open cases only: a small, hot index.
CREATE INDEX cases_open_geom_idx ON cases USING gist (geom) WHERE status IN ('received', 'dispatched', 'handling');
CREATE INDEX cases_grid_idx ON cases (grid_id);
CREATE INDEX cases_community_idx ON cases (community_id);
CREATE INDEX cases_street_idx ON cases (street_id);
CREATE INDEX cases_district_idx ON cases (district_id);

-- 吹哨报到: each whistle to a district department and its report, for report rate and time.
CREATE TABLE case_escalations (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  department    text NOT NULL,
  from_level    text NOT NULL CHECK (from_level IN ('community', 'street')),
  from_area_id  text,
  escalated_at  timestamptz NOT NULL,
  report_by     timestamptz NOT NULL,
  reported_at   timestamptz
);
CREATE INDEX case_escalations_case_idx ON case_escalations (case_id);
CREATE INDEX case_escalations_department_idx ON case_escalations (department, escalated_at);

-- Event ids are drawn under a transaction-level advisory lock that writers hold in shared mode until
-- they commit; a reader that takes it exclusively for a moment knows every id up to the highest it
-- then sees is settled (server/plugins/cases/log-queries.ts). So no reader is ever shown id n while an
-- id below n may still commit. `view` is the masked case as of the event, which is what gets pushed.
CREATE TABLE case_events (
  id       bigserial PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES cases (id),
  type     text NOT NULL,
  at       timestamptz NOT NULL,
  actor    text NOT NULL,
  payload  jsonb NOT NULL,
  view     jsonb NOT NULL
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP;
END $$;
CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

-- @socket.io/postgres-adapter stores messages too large for NOTIFY here.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id          bigserial UNIQUE,
  created_at  timestamptz DEFAULT now(),
  payload     bytea
);
