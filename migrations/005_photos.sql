-- Photos taken with cases (网格员随手拍, a department's report-in). Stored after the server has turned
-- them upright, resized them and written them out again as JPEG without any metadata, so no EXIF (the
-- phone's GPS position included) is ever kept. Content-addressed: the id is the SHA-256 of the stored
-- full JPEG, so the same photo uploaded twice is one row.
CREATE TABLE photos (
  id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
  full_jpeg   bytea NOT NULL,
  thumb_jpeg  bytea NOT NULL,
  width       integer NOT NULL CHECK (width > 0),
  height      integer NOT NULL CHECK (height > 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Who uploaded a photo (every uploader of the same bytes): they may see it before it is on a case.
CREATE TABLE photo_uploads (
  photo_id     text NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
  actor        text NOT NULL,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (photo_id, actor)
);

-- A photo is visible to whoever may see a case whose history lists it (payload.photos of its events).
CREATE INDEX case_events_photos_idx ON case_events USING gin ((payload -> 'photos'));
