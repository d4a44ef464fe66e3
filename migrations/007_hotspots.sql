-- 热点预警: space-time clusters of cases the detector (server/domain/hotspots/) judged unusual for the
-- place. An alert lives while runs keep finding it (each run updates it), and closes by itself when
-- they stop (closed_reason 'faded'). Area ids are the modal grid among its cases and that grid's
-- parents; like accounts' areas they are not foreign keys, so re-importing a district keeps its alerts.
CREATE TABLE hotspot_alerts (
  id               bigserial PRIMARY KEY,
  category         text NOT NULL,
  grid_id          text,
  community_id     text,
  street_id        text,
  district_id      text,
  compound_id      text,
  centre           geometry(Point, 4326) NOT NULL,
  radius_m         double precision NOT NULL CHECK (radius_m >= 0),
  observed         integer NOT NULL CHECK (observed > 0),
  expected         double precision NOT NULL CHECK (expected >= 0),
  p_value          double precision NOT NULL CHECK (p_value >= 0 AND p_value <= 1),
  window_hours     integer NOT NULL CHECK (window_hours > 0),
  -- The first and newest case of the cluster as last detected.
  since            timestamptz NOT NULL,
  newest_case_at   timestamptz NOT NULL,
  detected_at      timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  -- Consecutive runs that did not find it again.
  missed_runs      integer NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
  acknowledged_by  text,
  acknowledged_at  timestamptz,
  closed_at        timestamptz,
  closed_reason    text CHECK (closed_reason IN ('faded')),
  case_ids         bigint[] NOT NULL,
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((status = 'acknowledged') <= (acknowledged_at IS NOT NULL))
);
CREATE INDEX hotspot_alerts_live_idx ON hotspot_alerts (category) WHERE status <> 'closed';
CREATE INDEX hotspot_alerts_closed_idx ON hotspot_alerts (closed_at) WHERE status = 'closed';

-- Each run counts a category's cases over the 28 days before its window, for every cluster it judges.
CREATE INDEX cases_category_created_idx ON cases (category, created_at);

-- Acknowledging an alert is an audited action.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN (
  'login', 'login_failed', 'logout', 'password_change', 'unmask', 'account_create', 'account_update',
  'key_create', 'key_revoke', 'hotspot_acknowledge'));
