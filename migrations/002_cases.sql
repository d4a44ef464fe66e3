-- 群众诉求: cases and their append-only event log. The log is the truth; cases holds the current state
-- derived from it (kept in the same transaction as the event that changes it).

CREATE TABLE case_categories (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  -- "721": every category is handled mainly by service, management or law enforcement.
  class_721   text NOT NULL CHECK (class_721 IN ('service', 'management', 'enforcement')),
  deadline_h  integer NOT NULL CHECK (deadline_h > 0),
  description text
);

CREATE TABLE cases (
  id               bigserial PRIMARY KEY,
  source           text NOT NULL CHECK (source IN ('hotline_12345', 'wechat', 'app', 'patrol', 'visit', 'petition')),
  external_id      text,
  category         text NOT NULL REFERENCES case_categories (code),
  title            text NOT NULL,
  description      text,
  address          text,
  reporter_name    text,
  reporter_phone   text,
  priority         text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  status           text NOT NULL DEFAULT 'received',
  geom             geometry(Point, 4326) NOT NULL,
  building_id      text REFERENCES buildings (id),
  grid_id          text REFERENCES areas (id),
  community_id     text REFERENCES areas (id),
  street_id        text REFERENCES areas (id),
  outside_grid     boolean NOT NULL DEFAULT false,
  duplicate_of     bigint REFERENCES cases (id),
  dispatched_to    text,
  resolved_level   text,
  satisfaction     smallint CHECK (satisfaction BETWEEN 1 AND 5),
  created_at       timestamptz NOT NULL DEFAULT now(),
  deadline_at      timestamptz NOT NULL,
  resolved_at      timestamptz,
  closed_at        timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);
CREATE INDEX cases_geom_idx ON cases USING gist (geom);
CREATE INDEX cases_grid_idx ON cases (grid_id);
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_created_idx ON cases (created_at);

CREATE TABLE case_events (
  id       bigserial PRIMARY KEY,
  case_id  bigint NOT NULL REFERENCES cases (id),
  type     text NOT NULL,
  at       timestamptz NOT NULL DEFAULT now(),
  actor    text NOT NULL,
  payload  jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id);
