-- Hotspots planted by the demo history (server/simulator/history.ts) and by a simulator running in the
-- server (SIMULATE=1): where and when, the ground truth a hotspot detector's recall and false alarms are
-- measured against. One row is one PlantedHotspot (server/simulator/model.ts).
CREATE TABLE planted_hotspots (
  id             bigserial PRIMARY KEY,
  origin         text NOT NULL CHECK (origin IN ('history', 'simulator')),
  category       text NOT NULL,
  centre         geometry(Point, 4326) NOT NULL,
  radius_m       double precision NOT NULL CHECK (radius_m > 0),
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
  rate_per_hour  double precision NOT NULL CHECK (rate_per_hour > 0),
  -- Cases actually written for it (a history cut at its end keeps only those before it).
  cases          integer NOT NULL CHECK (cases >= 0)
);
CREATE INDEX planted_hotspots_starts_idx ON planted_hotspots (starts_at);
