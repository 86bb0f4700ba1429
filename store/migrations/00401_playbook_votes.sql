-- +goose Up
-- Room votes on a disputed field of the company playbook: the vote is a poll
-- activity added to the workshop's curriculum (one poll board per group);
-- each option carries the groups and paths its value came from.

CREATE TABLE playbook_votes (
    id          TEXT PRIMARY KEY,
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    activity_id TEXT NOT NULL, -- the poll activity
    source_activity TEXT NOT NULL, -- the activity whose boards hold the values
    path        TEXT NOT NULL, -- the company version's field
    label       TEXT NOT NULL,
    options     TEXT NOT NULL, -- JSON
    decided     TEXT NOT NULL, -- the adopted option's id, '' while open
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP
);
CREATE INDEX playbook_votes_workshop ON playbook_votes(workshop_id, id);

-- +goose Down
DROP TABLE playbook_votes;
