-- +goose Up
-- The case library's own half (the built-in cases live in the binary): each
-- trainer's cases, including the client cases a group wrote in a workshop
-- (案例萃取); the images and data files of those cases; and which cases are
-- attached to which activities of a workshop.

-- A case is stored as its canonical Markdown file (cases.Marshal), so export
-- and import are lossless and SQL never looks inside it.
CREATE TABLE cases (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,            -- 'own' (the trainer's library) or 'client' (a client's own case)
    client       TEXT NOT NULL DEFAULT '', -- the client company of a client case
    workshop_id  TEXT REFERENCES workshops(id) ON DELETE SET NULL, -- where a client case was written
    source_board TEXT,                     -- the case-draft board a client case came from
    based_on     TEXT NOT NULL DEFAULT '', -- the case this one was copied from
    appendix     INTEGER NOT NULL DEFAULT 0, -- 1: goes into the playbook's appendix
    markdown     TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX cases_owner ON cases(owner_id);
CREATE INDEX cases_workshop ON cases(workshop_id);
CREATE UNIQUE INDEX cases_source_board ON cases(source_board);

-- Images and data sets of a case. BYTEA is PostgreSQL's binary type; SQLite
-- gives the name NUMERIC affinity, which stores bound byte slices as BLOBs
-- unchanged (tested on both backends).
CREATE TABLE case_files (
    case_id      TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, name)
);

-- A case attached to an activity of a workshop. case_id is a built-in case id
-- or a cases.id (no foreign key: built-in cases are not rows); deleting a
-- stored case deletes its attachments in the same transaction.
CREATE TABLE case_attachments (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    activity_id TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (workshop_id, activity_id, case_id)
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

-- +goose Down
DROP TABLE case_attachments;
DROP TABLE case_files;
DROP TABLE cases;
