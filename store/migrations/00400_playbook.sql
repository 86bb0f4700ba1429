-- +goose Up
-- The company playbook of a workshop: the version the trainer is building
-- (the draft, with where each part came from), every adoption from a group,
-- and the published versions, which are never changed once written.

CREATE TABLE company_playbooks (
    workshop_id TEXT PRIMARY KEY REFERENCES workshops(id) ON DELETE CASCADE,
    draft       TEXT NOT NULL, -- playbook JSON
    provenance  TEXT NOT NULL, -- JSON: document path → where it came from
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE playbook_adoptions (
    id           TEXT PRIMARY KEY,
    workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    path         TEXT NOT NULL,
    activity_id  TEXT NOT NULL, -- '' for a value set by hand
    group_id     TEXT NOT NULL, -- '' for a value set by hand
    group_name   TEXT NOT NULL,
    board_id     TEXT NOT NULL,
    board_seq    BIGINT NOT NULL,
    value        TEXT NOT NULL, -- JSON
    adopted_by   TEXT NOT NULL,
    adopted_at   TIMESTAMP NOT NULL
);
CREATE INDEX playbook_adoptions_workshop ON playbook_adoptions(workshop_id, id);

CREATE TABLE playbook_versions (
    workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    document     TEXT NOT NULL, -- canonical playbook JSON, as published
    diff         TEXT NOT NULL, -- JSON list of changes from the previous version
    provenance   TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    PRIMARY KEY (workshop_id, version)
);

-- +goose Down
DROP TABLE playbook_versions;
DROP TABLE playbook_adoptions;
DROP TABLE company_playbooks;
