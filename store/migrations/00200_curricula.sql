-- +goose Up
-- Trainers' own copies of the curriculum. The built-in curriculum ships in the
-- binary and is never stored or changed; a copy starts from it (or from
-- another copy) and its whole content — modules, questions, templates,
-- interpretations, toolkit, agenda — is JSON kept as TEXT. revision counts
-- saves, so two browser tabs cannot silently overwrite each other.
CREATE TABLE curricula (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    based_on   TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    content    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX curricula_owner ON curricula(owner_id);

-- +goose Down
DROP TABLE curricula;
