-- +goose Up
-- The live-workshop core: trainers and their sessions, workshops with their
-- groups and participants, and the boards every activity is edited on, each
-- with its ordered log of operations. Ids are ULIDs made in Go; JSON is kept as
-- TEXT and never queried by SQL; times are UTC.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY, -- SHA-256 of the cookie's token, hex
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE workshops (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL REFERENCES users(id),
    title          TEXT NOT NULL,
    client_company TEXT NOT NULL,
    industry       TEXT NOT NULL,
    starts_on      TEXT NOT NULL, -- YYYY-MM-DD
    ends_on        TEXT NOT NULL,
    language       TEXT NOT NULL,
    join_code      TEXT NOT NULL UNIQUE,
    curriculum     TEXT NOT NULL, -- the workshop's own copy, JSON
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX workshops_owner ON workshops(owner_id);

CREATE TABLE workshop_groups (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL
);
CREATE INDEX workshop_groups_workshop ON workshop_groups(workshop_id);

CREATE TABLE participants (
    id           TEXT PRIMARY KEY,
    workshop_id  TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    group_id     TEXT REFERENCES workshop_groups(id) ON DELETE SET NULL,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX participants_workshop ON participants(workshop_id);

-- One board per activity and scope: a group ('g:<group id>'), a participant
-- ('p:<participant id>') or the whole workshop ('w').
CREATE TABLE boards (
    id             TEXT PRIMARY KEY,
    workshop_id    TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    activity_id    TEXT NOT NULL,
    scope          TEXT NOT NULL,
    group_id       TEXT,
    participant_id TEXT,
    kind           TEXT NOT NULL,
    state          TEXT NOT NULL,
    seq            BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (workshop_id, activity_id, scope)
);

-- Every applied operation, in board order. (board_id, actor_id, op_id) makes
-- retries idempotent.
CREATE TABLE operations (
    board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    op_id      TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    op         TEXT NOT NULL,
    changes    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (board_id, seq),
    UNIQUE (board_id, actor_id, op_id)
);

-- +goose Down
DROP TABLE operations;
DROP TABLE boards;
DROP TABLE participants;
DROP TABLE workshop_groups;
DROP TABLE workshops;
DROP TABLE settings;
DROP TABLE sessions;
DROP TABLE users;
