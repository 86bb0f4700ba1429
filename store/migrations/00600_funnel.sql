-- +goose Up
-- Funnel reviews: a trainer's (or sales ops') review of an opportunity export,
-- optionally linked to a workshop. The uploaded files are kept in parts so
-- that an upload never has to fit in one request and any instance can read
-- it back. BYTEA is PostgreSQL's binary type; SQLite gives the name NUMERIC
-- affinity, which stores bound byte slices as BLOBs unchanged.

CREATE TABLE funnel_reviews (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workshop_id TEXT REFERENCES workshops(id) ON DELETE SET NULL,
    title       TEXT NOT NULL,
    settings    TEXT NOT NULL, -- JSON: mapping, stages, target, date order
    result      TEXT,          -- JSON: the last analysis; NULL until analysed
    analyzed_at TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX funnel_reviews_owner ON funnel_reviews(owner_id);
CREATE INDEX funnel_reviews_workshop ON funnel_reviews(workshop_id);

-- At most one file per role ('opportunities' or 'history') and review.
CREATE TABLE funnel_files (
    id         TEXT PRIMARY KEY,
    review_id  TEXT NOT NULL REFERENCES funnel_reviews(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    size       BIGINT NOT NULL,           -- declared when the upload starts
    received   BIGINT NOT NULL DEFAULT 0,
    parts      INTEGER NOT NULL DEFAULT 0,
    complete   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (review_id, role)
);

CREATE TABLE funnel_file_parts (
    file_id TEXT NOT NULL REFERENCES funnel_files(id) ON DELETE CASCADE,
    n       INTEGER NOT NULL,
    data    BYTEA NOT NULL,
    PRIMARY KEY (file_id, n)
);

-- +goose Down
DROP TABLE funnel_file_parts;
DROP TABLE funnel_files;
DROP TABLE funnel_reviews;
