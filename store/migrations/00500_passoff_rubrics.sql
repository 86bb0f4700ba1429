-- +goose Up
-- The pass-off rubric library: each trainer's own rubrics, editable and
-- copyable. The rubric itself is JSON kept as TEXT (validated in Go before it
-- is stored: weights add up to 100, an anchor for every level).

CREATE TABLE passoff_rubrics (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    rubric     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX passoff_rubrics_owner ON passoff_rubrics(owner_id);

-- +goose Down
DROP TABLE passoff_rubrics;
