-- 方案: a planner's named what-if plans, saved per account (issue 12). `changes` holds the add / move /
-- remove of a POST /api/coverage/what-if body as it is, so a saved plan is answered by the same engine
-- op as the live planner; it is checked against that route's schema when written, not here.
CREATE TABLE plans (
  id          bigserial PRIMARY KEY,
  owner_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 60),
  scenario    text NOT NULL CHECK (scenario IN ('current', 'renovated', 'built', 'planned')),
  changes     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (owner_id, name)
);
