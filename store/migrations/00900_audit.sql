-- +goose Up
-- The audit log of trainer actions: who opened, locked, revealed, exported,
-- published or deleted what, and when. Rows are never changed. owner_id is
-- the trainer whose log it is (the workshop's owner); workshop_id has no
-- foreign key so that a deleted workshop's entries (its deletion included)
-- stay in the log.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL,
    workshop_id TEXT,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL, -- "activity.open", "reveal", "playbook.export", "workshop.delete", …
    target      TEXT NOT NULL, -- what it touched: an activity, a board, a format, a case id
    detail      TEXT NOT NULL, -- JSON: the operation or request, for the record
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX audit_log_workshop ON audit_log(workshop_id, created_at);
CREATE INDEX audit_log_owner ON audit_log(owner_id, created_at);

-- +goose Down
DROP TABLE audit_log;
